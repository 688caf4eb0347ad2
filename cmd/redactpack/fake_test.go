package main

// The fast CLI scripts: testdata/fake/*.txtar run the same commands as
// testdata/script, through the same run dispatch, with a stand-in for
// Tesseract that knows what genimage and mkimage draw. They test the
// command line's behaviour (exit statuses, messages, outputs, reports,
// manifests, bundles) in seconds, not minutes, and without Tesseract; the
// scripts of TestScripts keep the truth end to end.

import (
	"context"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/rogpeppe/go-internal/testscript"

	"redactpack/internal/testimage"
	"redactpack/ocr"
)

// TestFakeScripts runs testdata/fake/*.txtar. Their redactpack-fake is
// the CLI with the OCR engine of truthOCR: no Tesseract needed, and none
// used (TESSDATA_PREFIX points nowhere, so a real engine started by
// mistake fails).
func TestFakeScripts(t *testing.T) {
	dir := filepath.Join("testdata", "fake")
	lintFakeScripts(t, dir)
	testscript.Run(t, testscript.Params{
		Dir:           dir,
		UpdateScripts: *updateScripts,
		Setup: func(e *testscript.Env) error {
			e.Setenv("OMP_THREAD_LIMIT", "1")
			e.Setenv("REPO", repoRoot())
			e.Setenv("TESSDATA_PREFIX", filepath.Join(e.WorkDir, ".no-tessdata"))
			return nil
		},
		Cmds:      scriptCmds(),
		Condition: scriptCondition,
	})
}

// realCLI matches a script line that runs the real redactpack, which
// needs Tesseract: the fake scripts must run redactpack-fake.
var realCLI = regexp.MustCompile(`(?m)^\s*(?:!\s+)?(?:\[[^\]]*\]\s+)*(?:exec\s+|exits\s+\d+\s+)?redactpack(?:\s|$)`)

// lintFakeScripts fails on a fake script that runs the real CLI.
func lintFakeScripts(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no scripts in %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		script, _, _ := strings.Cut(string(data), "\n-- ")
		if m := realCLI.FindString(script); m != "" {
			t.Errorf("%s: %q runs the real redactpack (Tesseract); use redactpack-fake", f, strings.TrimSpace(m))
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// fakeMain is main with the OCR engines of truthOCR: the redactpack-fake
// command of the scripts. It exits with the status main would.
func fakeMain() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	ctx, stop := interruptible()
	err := runFake(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, truthOCR)
	stop()
	code := exitCode(err, os.Stderr)
	pauseOnExit()
	os.Exit(code)
}

// runFake is run with engines in place of the OCR engines the flags ask
// for.
func runFake(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, engines func() (ocr.Engine, error)) error {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, engines: engines}, args)
}

// truthOCR makes the scripts' stand-in for Tesseract. It knows every page
// genimage and mkimage draw (truthPages), and the text and box of each
// word on them, and reads an image the way a good engine would read one
// of them: a page scaled to any size (the redactor scales text to about
// 20 pixels, and a bundle may shrink screenshots) gives the words of the
// page of the same shape whose pixels it still shows, each word only if
// the pixels of its box correlate with the page's, in either polarity (so
// dark mode, JPEG, and the redactor's inverting are read, and nothing
// under a box is). Anything else (the blank page every engine reads
// first, the enlarged crops of the verification pass) reads as nothing.
// It reads pages only, not stacked lines (it is no ocr.BlockReader), so
// the redactor's rescue and re-read passes are skipped.
func truthOCR() (ocr.Engine, error) {
	return ocr.EngineFunc(readTruth), nil
}

// A truthWord is a word of a page and the box of its ink.
type truthWord struct {
	text string
	ink  image.Rectangle
}

// A truthPage is a page the fake engine can read, drawn when first
// needed (the tall page is 23 million pixels).
type truthPage struct {
	page  testimage.Page
	once  sync.Once
	gray  *image.Gray
	words []truthWord
	err   error
}

// truthPages are the pages the fake engine knows: the layouts of genimage
// in both themes, testimage's samples and mkimage's tall page (mkimage's
// other kinds are the contact layout stored otherwise).
var truthPages = sync.OnceValue(func() []*truthPage {
	var pages []*truthPage
	names := make([]string, 0, len(layouts))
	for name := range layouts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, th := range []testimage.Theme{testimage.Light, testimage.Dark} {
			pages = append(pages, &truthPage{page: layouts[name](th)})
		}
	}
	for _, s := range testimage.Samples() {
		pages = append(pages, &truthPage{page: s.Page})
	}
	return append(pages, &truthPage{page: tallPage()})
})

func (p *truthPage) load() error {
	p.once.Do(func() {
		shot, err := testimage.Render(p.page)
		if err != nil {
			p.err = err
			return
		}
		p.gray = grayOf(shot.Image)
		p.words, p.err = pageWords(p.page)
	})
	return p.err
}

// pageWords returns the words of p, where testimage draws them: p is
// drawn again with each word a keyed run of its own. (Kerning across the
// cut, which this drops, moves a word by a pixel at most.)
func pageWords(p testimage.Page) ([]truthWord, error) {
	split := p
	split.Lines = nil
	n := 0
	for _, l := range p.Lines {
		l2 := l
		l2.Runs = nil
		for _, r := range l.Runs {
			for _, piece := range splitWords(r.Text) {
				r2 := r
				r2.Text, r2.Key = piece, ""
				if strings.TrimSpace(piece) != "" {
					n++
					r2.Key = "w" + strconv.Itoa(n)
				}
				l2.Runs = append(l2.Runs, r2)
			}
		}
		split.Lines = append(split.Lines, l2)
	}
	shot, err := testimage.Render(split)
	if err != nil {
		return nil, err
	}
	var words []truthWord
	for _, sp := range shot.Spans {
		if !sp.Ink.Empty() {
			words = append(words, truthWord{text: sp.Text, ink: sp.Ink})
		}
	}
	return words, nil
}

// splitWords cuts s into words and the spaces between them, in order.
func splitWords(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		if i > start && unicode.IsSpace(r) != space {
			out = append(out, s[start:i])
			start = i
		}
		space = unicode.IsSpace(r)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func grayOf(img *image.RGBA) *image.Gray {
	b := img.Rect
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			i := img.PixOffset(b.Min.X+x, b.Min.Y+y)
			r, gr, bl := int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2])
			g.Pix[y*g.Stride+x] = uint8((299*r + 587*gr + 114*bl + 500) / 1000)
		}
	}
	return g
}

// readTruth is the fake engine's Words: see truthOCR.
func readTruth(ctx context.Context, g *image.Gray) ([]ocr.Word, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var best []ocr.Word
	for _, p := range truthPages() {
		fx := float64(g.Rect.Dx()) / float64(p.page.Width)
		fy := float64(g.Rect.Dy()) / float64(p.page.Height)
		if math.Abs(fx-fy) > 0.01*fx || fx < 0.1 || fx > 10 {
			continue
		}
		if err := p.load(); err != nil {
			return nil, err
		}
		var got []ocr.Word
		for _, w := range p.words {
			if math.Abs(nccScaled(p.gray, w.ink, g, fx, fy)) < 0.8 {
				continue
			}
			box := image.Rect(int(float64(w.ink.Min.X)*fx), int(float64(w.ink.Min.Y)*fy),
				int(math.Ceil(float64(w.ink.Max.X)*fx)), int(math.Ceil(float64(w.ink.Max.Y)*fy)))
			got = append(got, ocr.Word{Text: w.text, Box: box.Add(g.Rect.Min).Intersect(g.Rect), Conf: 95})
		}
		if len(got) > len(best) {
			best = got
		}
	}
	return best, nil
}

// nccScaled is the normalized cross-correlation of ref in r with g, a
// copy of ref scaled by fx, fy, sampled at the nearest pixel; 0 where
// either is flat.
func nccScaled(ref *image.Gray, r image.Rectangle, g *image.Gray, fx, fy float64) float64 {
	var n, sa, sb, saa, sbb, sab float64
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		gy := g.Rect.Min.Y + min(h-1, int((float64(y)+0.5)*fy))
		for x := r.Min.X; x < r.Max.X; x++ {
			gx := g.Rect.Min.X + min(w-1, int((float64(x)+0.5)*fx))
			va, vb := float64(ref.Pix[ref.PixOffset(x, y)]), float64(g.Pix[g.PixOffset(gx, gy)])
			n++
			sa += va
			sb += vb
			saa += va * va
			sbb += vb * vb
			sab += va * vb
		}
	}
	if n == 0 {
		return 0
	}
	cov := sab - sa*sb/n
	va, vb := saa-sa*sa/n, sbb-sb*sb/n
	if va <= 1e-9 || vb <= 1e-9 {
		return 0
	}
	return cov / math.Sqrt(va*vb)
}
