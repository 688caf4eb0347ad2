package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	"github.com/rogpeppe/go-internal/testscript"

	"redactpack/internal/testimage"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite the scripts' cmp files with the actual output")

// TestMain maps the redactpack command of the scripts to this test binary
// running main, so the scripts exercise exactly what users run, and
// redactpack-fake to the same with a stand-in for Tesseract (the fast
// scripts of TestFakeScripts).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"redactpack":      main,
		"redactpack-fake": fakeMain,
	})
}

// TestScripts runs testdata/script/*.txtar. They need Tesseract with the
// eng and chi_sim models (make deps installs them), through the build's
// default engine (the tesseract program without cgo): without them the
// test fails rather than skips, so that CI cannot pass without running it.
func TestScripts(t *testing.T) {
	eng, err := (&common{ocrEngine: defaultOCREngine, lang: "eng+chi_sim"}).engines()()
	if err != nil {
		t.Fatalf("the CLI tests need Tesseract with English and Simplified Chinese data (run make deps): %v", err)
	}
	eng.Close()
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("testdata", "script"),
		UpdateScripts: *updateScripts,
		Setup: func(e *testscript.Env) error {
			// Set here rather than by main's re-exec, which would start
			// a second process per command.
			e.Setenv("OMP_THREAD_LIMIT", "1")
			e.Setenv("REPO", repoRoot())
			return nil
		},
		Cmds:      scriptCmds(),
		Condition: scriptCondition,
	})
}

// scriptCmds are the commands the scripts have besides testscript's own.
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"genimage":    cmdGenimage,
		"pixdiff":     cmdPixdiff,
		"sameimage":   cmdSameimage,
		"hashes":      cmdHashes,
		"listdir":     cmdListdir,
		"truncate":    cmdTruncate,
		"embed":       cmdEmbed,
		"exits":       cmdExits,
		"mailparts":   cmdMailparts,
		"mailextract": cmdMailextract,
		"mkimage":     cmdMkimage,
	}
}

func repoRoot() string {
	wd, _ := os.Getwd()
	return filepath.Clean(filepath.Join(wd, "..", ".."))
}

// layouts are the pages genimage draws: small, so that OCR stays quick.
var layouts = map[string]func(testimage.Theme) testimage.Page{
	// contact has one value of each kind a redaction must hide or keep.
	"contact": func(t testimage.Theme) testimage.Page {
		return testimage.Page{Width: 600, Height: 176, Theme: t, Lines: []testimage.Line{
			testimage.Field(16, 12, 20, "Email: ", "email", testimage.SampleEmail, testimage.Regular),
			testimage.Field(16, 48, 20, "Phone: ", "phone", testimage.SamplePhone, testimage.Regular),
			testimage.Field(16, 84, 18, "Ticket ", "ticket", testimage.SampleTicket, testimage.Regular),
			{X: 16, Y: 116, Size: 16, Runs: []testimage.Run{{Text: "TxID", Role: testimage.Label}}},
			{X: 16, Y: 140, Size: 14, Runs: []testimage.Run{{Text: testimage.SampleTxID, Key: "txid", Font: testimage.Mono}}},
		}}
	},
	// plain has nothing to hide.
	"plain": func(t testimage.Theme) testimage.Page {
		return testimage.Page{Width: 420, Height: 80, Theme: t, Lines: []testimage.Line{
			testimage.Field(16, 12, 20, "Status: ", "status", "Completed", testimage.Regular),
			testimage.Field(16, 44, 20, "Date: ", "date", testimage.SampleDate, testimage.Regular),
		}}
	},
}

// genimage [-dark] FILE LAYOUT draws a layout (or sample:NAME, one of
// testimage.Samples) as PNG or JPEG by FILE's extension, and sets
// BOX_<key> to "x,y,w,h" for each keyed run.
func cmdGenimage(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! genimage")
	}
	theme := testimage.Light
	if len(args) > 0 && args[0] == "-dark" {
		theme, args = testimage.Dark, args[1:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: genimage [-dark] FILE LAYOUT")
	}
	var page testimage.Page
	if name, ok := strings.CutPrefix(args[1], "sample:"); ok {
		for _, s := range testimage.Samples() {
			if s.Name == name {
				page = s.Page
			}
		}
		if page.Width == 0 {
			ts.Fatalf("no sample %q", name)
		}
	} else if l, ok := layouts[args[1]]; ok {
		page = l(theme)
	} else {
		ts.Fatalf("no layout %q", args[1])
	}
	shot, err := testimage.Render(page)
	ts.Check(err)
	var buf bytes.Buffer
	switch strings.ToLower(filepath.Ext(args[0])) {
	case ".png":
		err = png.Encode(&buf, shot.Image)
	case ".jpg", ".jpeg":
		err = jpeg.Encode(&buf, shot.Image, &jpeg.Options{Quality: 95})
	default:
		ts.Fatalf("genimage: %s: use .png or .jpg", args[0])
	}
	ts.Check(err)
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o777))
	ts.Check(os.WriteFile(path, buf.Bytes(), 0o644))
	for _, sp := range shot.Spans {
		b := sp.Box
		ts.Setenv("BOX_"+sp.Key, fmt.Sprintf("%d,%d,%d,%d", b.Min.X, b.Min.Y, b.Dx(), b.Dy()))
	}
}

// pixdiff IN OUT x,y,w,h (or x y w h) succeeds when the region was
// obscured in OUT, as the corpus scorer judges a redaction: at least 90% of
// its ink pixels (those more than 40 levels from the region's background)
// changed by more than 40, or lie within 40 of the tone that dominates the
// output region when that tone is far from the background (dark text under
// a black box). ! pixdiff succeeds when the region was
// kept: mean change at most 3 levels and at most 5% of pixels changed by
// more than 40 (the scorer's rule for kept text, which JPEG re-encoding at
// quality 90 or more stays within).
func cmdPixdiff(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 && len(args) != 6 {
		ts.Fatalf("usage: pixdiff IN OUT x,y,w,h")
	}
	r := parseRect(ts, args[2:])
	a, b := decodeFile(ts, args[0]), decodeFile(ts, args[1])
	if a.Bounds() != b.Bounds() {
		ts.Fatalf("%s is %v, %s is %v", args[0], a.Bounds(), args[1], b.Bounds())
	}
	if !r.In(a.Bounds()) || r.Empty() {
		ts.Fatalf("region %v is not inside the image %v", r, a.Bounds())
	}
	st := diffStats(a, b, r)
	ts.Logf("pixdiff %v: %d ink pixels, %.0f%% obscured; mean change %.1f, %.1f%% of pixels changed by >40",
		r, st.ink, 100*st.inkChanged, st.mean, 100*st.changedFrac)
	changed := st.ink > 0 && st.inkChanged >= 0.9
	kept := st.mean <= 3 && st.changedFrac <= 0.05
	switch {
	case !neg && !changed:
		ts.Fatalf("region %v was not obscured: %.0f%% of %d ink pixels changed", r, 100*st.inkChanged, st.ink)
	case neg && !kept:
		ts.Fatalf("region %v was damaged: mean change %.1f, %.1f%% of pixels changed", r, st.mean, 100*st.changedFrac)
	}
}

type regionDiff struct {
	ink         int
	inkChanged  float64
	mean        float64
	changedFrac float64
}

func diffStats(a, b image.Image, r image.Rectangle) regionDiff {
	luma := func(img image.Image, x, y int) float64 {
		c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
		return 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	}
	var ls []float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ls = append(ls, luma(a, x, y))
		}
	}
	median := func(v []float64) float64 {
		v = append([]float64(nil), v...)
		sort.Float64s(v)
		return v[len(v)/2]
	}
	bg := median(ls)
	var outs []float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			outs = append(outs, luma(b, x, y))
		}
	}
	tone := median(outs)
	toned := abs(tone-bg) > 40
	var st regionDiff
	var sum float64
	changed, inkChanged, i := 0, 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			d := abs(outs[i] - ls[i])
			sum += d
			if d > 40 {
				changed++
			}
			if abs(ls[i]-bg) > 40 {
				st.ink++
				if d > 40 || toned && abs(outs[i]-tone) <= 40 {
					inkChanged++
				}
			}
			i++
		}
	}
	n := float64(len(ls))
	st.mean, st.changedFrac = sum/n, float64(changed)/n
	if st.ink > 0 {
		st.inkChanged = float64(inkChanged) / float64(st.ink)
	}
	return st
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func parseRect(ts *testscript.TestScript, args []string) image.Rectangle {
	if len(args) == 1 {
		args = strings.Split(args[0], ",")
	}
	if len(args) != 4 {
		ts.Fatalf("region %q: want x,y,w,h", strings.Join(args, " "))
	}
	var v [4]int
	for i, s := range args {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			ts.Fatalf("region %q: %v", strings.Join(args, ","), err)
		}
		v[i] = n
	}
	return image.Rect(v[0], v[1], v[0]+v[2], v[1]+v[3])
}

func decodeFile(ts *testscript.TestScript, name string) image.Image {
	data, err := os.ReadFile(ts.MkAbs(name))
	ts.Check(err)
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		ts.Fatalf("%s: %v", name, err)
	}
	return img
}

// sameimage A B succeeds when A and B are images in the same format with
// the same pixel size.
func cmdSameimage(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sameimage A B")
	}
	var desc [2]string
	for i, name := range args {
		data, err := os.ReadFile(ts.MkAbs(name))
		ts.Check(err)
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			ts.Fatalf("%s: %v", name, err)
		}
		desc[i] = fmt.Sprintf("%s %dx%d", format, cfg.Width, cfg.Height)
	}
	fmt.Fprintf(ts.Stdout(), "%s\n%s\n", desc[0], desc[1])
	if (desc[0] == desc[1]) == neg {
		ts.Fatalf("%s is %s, %s is %s", args[0], desc[0], args[1], desc[1])
	}
}

// hashes OUT PATH... writes the SHA-256 and mode of every file under the
// paths to OUT, for a cmp before and after a command.
func cmdHashes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: hashes OUT PATH...")
	}
	var lines []string
	for _, p := range args[1:] {
		root := ts.MkAbs(p)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(ts.MkAbs("."), path)
			lines = append(lines, fmt.Sprintf("%x %v %s", sha256.Sum256(data), info.Mode(), filepath.ToSlash(rel)))
			return nil
		})
		ts.Check(err)
	}
	sort.Strings(lines)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
}

// listdir DIR prints the files under DIR, hidden ones (such as temporary
// files) included, one per line with their permissions, in path order.
func cmdListdir(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: listdir DIR")
	}
	root := ts.MkAbs(args[0])
	// WalkDir goes in lexical order of the paths.
	ts.Check(filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(ts.Stdout(), "%v %s\n", info.Mode().Perm(), filepath.ToSlash(rel))
		return nil
	}))
}

// truncate FILE N keeps FILE's first N bytes, or half of it with N=half.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE N|half")
	}
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	n := len(data) / 2
	if args[1] != "half" {
		n, err = strconv.Atoi(args[1])
		ts.Check(err)
	}
	ts.Check(os.WriteFile(path, data[:min(n, len(data))], 0o644))
}

// embed TEMPLATE OUT FILE... writes TEMPLATE to OUT with each
// {{base64 FILE}} replaced by FILE's content in base64, in lines of 76
// characters, and its line ends turned into CRLF, as mail clients write.
func cmdEmbed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: embed TEMPLATE OUT FILE...")
	}
	s := strings.ReplaceAll(ts.ReadFile(args[0]), "\r\n", "\n")
	for _, f := range args[2:] {
		data, err := os.ReadFile(ts.MkAbs(f))
		ts.Check(err)
		enc := base64.StdEncoding.EncodeToString(data)
		var b strings.Builder
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\n")
			enc = enc[76:]
		}
		b.WriteString(enc)
		key := "{{base64 " + f + "}}"
		if !strings.Contains(s, key) {
			ts.Fatalf("%s has no %s", args[0], key)
		}
		s = strings.ReplaceAll(s, key, b.String())
	}
	s = strings.ReplaceAll(s, "\n", "\r\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(s), 0o644))
}

// exitsEnv are the script's variables that exits passes on: testscript
// does not tell a command all of them.
var exitsEnv = []string{"HOME", "TMPDIR", "WORK", "PATH", "OMP_THREAD_LIMIT", "REPO",
	"SENDMAIL", "REDACTPACK", "REDACTPACK_FLAGS"}

// exits N CMD ARGS... runs CMD and succeeds only if it exits with status
// N; its stdout and stderr are then checked as usual. testscript's exec
// tells failure from success but not 1 from 2, which the CLI documents.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N CMD ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	path, err := exec.LookPath(args[1])
	if err != nil {
		ts.Fatalf("%v", err)
	}
	cmd := exec.Command(path, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = os.Environ()
	for _, k := range exitsEnv {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	ts.Stdout().Write(stdout.Bytes())
	ts.Stderr().Write(stderr.Bytes())
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// A leaf is one non-multipart part of a message.
type leaf struct {
	path, mediaType, name, cid string
	body                       []byte
}

func readLeaves(ts *testscript.TestScript, name string) []leaf {
	f, err := os.Open(ts.MkAbs(name))
	ts.Check(err)
	defer f.Close()
	e, err := message.Read(f)
	if err != nil {
		ts.Fatalf("%s: %v", name, err)
	}
	var out []leaf
	var walk func(e *message.Entity, path string)
	walk = func(e *message.Entity, path string) {
		if mr := e.MultipartReader(); mr != nil {
			for i := 1; ; i++ {
				p, err := mr.NextPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					ts.Fatalf("%s: part %s.%d: %v", name, path, i, err)
				}
				walk(p, fmt.Sprintf("%s.%d", path, i))
			}
		}
		mt, params, _ := e.Header.ContentType()
		_, dparams, _ := e.Header.ContentDisposition()
		l := leaf{path: path, mediaType: mt, name: params["name"], cid: strings.Trim(e.Header.Get("Content-Id"), "<>")}
		if dparams["filename"] != "" {
			l.name = dparams["filename"]
		}
		l.body, err = io.ReadAll(e.Body)
		if err != nil {
			ts.Fatalf("%s: part %s: %v", name, path, err)
		}
		out = append(out, l)
	}
	walk(e, "1")
	return out
}

// mailparts IN OUT compares a message with its filtered version, part by
// part, printing one line per part of OUT: "same" for a part whose type,
// names and decoded content are unchanged; "redacted WxH" for an image
// part with the same type, names and pixel size but other pixels; "added"
// for parts after the last of IN. Anything else fails.
func cmdMailparts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mailparts IN OUT")
	}
	in, out := readLeaves(ts, args[0]), readLeaves(ts, args[1])
	if len(out) < len(in) {
		ts.Fatalf("%s has %d parts, %s has %d", args[1], len(out), args[0], len(in))
	}
	for i, o := range out {
		desc := fmt.Sprintf("%s %s", o.path, o.mediaType)
		if o.name != "" {
			desc += " " + o.name
		}
		if o.cid != "" {
			desc += " <" + o.cid + ">"
		}
		if i >= len(in) {
			fmt.Fprintf(ts.Stdout(), "%s: added\n", desc)
			continue
		}
		p := in[i]
		if p.mediaType != o.mediaType || p.name != o.name || p.cid != o.cid {
			ts.Fatalf("part %d was %s %q <%s>, is %s %q <%s>", i, p.mediaType, p.name, p.cid, o.mediaType, o.name, o.cid)
		}
		if !strings.HasPrefix(p.mediaType, "image/") {
			if !bytes.Equal(p.body, o.body) {
				ts.Fatalf("%s changed:\n%s\n---\n%s", desc, p.body, o.body)
			}
			fmt.Fprintf(ts.Stdout(), "%s: same\n", desc)
			continue
		}
		a, _, err := image.Decode(bytes.NewReader(p.body))
		ts.Check(err)
		b, _, err := image.Decode(bytes.NewReader(o.body))
		if err != nil {
			ts.Fatalf("%s: redacted image does not decode: %v", desc, err)
		}
		if a.Bounds() != b.Bounds() {
			ts.Fatalf("%s: size %v became %v", desc, a.Bounds(), b.Bounds())
		}
		if bytes.Equal(p.body, o.body) {
			ts.Fatalf("%s: image unchanged", desc)
		}
		fmt.Fprintf(ts.Stdout(), "%s: redacted %dx%d\n", desc, b.Bounds().Dx(), b.Bounds().Dy())
	}
}

// mailextract MSG NAME FILE writes the decoded content of MSG's part
// with file name NAME to FILE.
func cmdMailextract(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: mailextract MSG NAME FILE")
	}
	for _, l := range readLeaves(ts, args[0]) {
		if l.name == args[1] {
			ts.Check(os.WriteFile(ts.MkAbs(args[2]), l.body, 0o644))
			return
		}
	}
	ts.Fatalf("%s has no part named %q", args[0], args[1])
}
