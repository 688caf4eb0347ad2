package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"redactpack/ocr"
	"redactpack/redact"
)

// A fakePage is a flat synthetic screenshot and the words a fake engine
// reads on it. Flat images are read at scale 1 (no text to measure), so
// the boxes are in the image's pixels.
type fakePage struct {
	name  string
	w, h  int
	shade uint8
	words []ocr.Word
}

// line lays words out left to right on row y, 16 px high, 10 px a rune.
func line(y int, words ...string) []ocr.Word {
	var out []ocr.Word
	x := 10
	for _, w := range words {
		n := len([]rune(w))
		out = append(out, ocr.Word{Text: w, Box: image.Rect(x, y, x+10*n, y+16), Conf: 95, Block: 1, Par: 1, Line: y})
		x += 10*n + 8
	}
	return out
}

// writePages writes the pages into a new folder.
func writePages(t *testing.T, pages []fakePage) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range pages {
		img := image.NewGray(image.Rect(0, 0, p.w, p.h))
		for i := range img.Pix {
			img.Pix[i] = p.shade
		}
		img.Set(p.w-1, p.h-1, color.Gray{p.shade - 1})
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeBundler returns a bundler with jobs workers whose engines read the
// pages' words (told apart by image size), and its standard error.
func fakeBundler(t *testing.T, jobs int, f bundleFlags, pages []fakePage) (*bundler, *bytes.Buffer) {
	t.Helper()
	bySize := map[image.Point][]ocr.Word{}
	for _, p := range pages {
		bySize[image.Pt(p.w, p.h)] = p.words
	}
	var stderr bytes.Buffer
	e := &env{stdout: &bytes.Buffer{}, stderr: &stderr, engines: func() (ocr.Engine, error) {
		return ocr.EngineFunc(func(ctx context.Context, img *image.Gray) ([]ocr.Word, error) {
			return bySize[img.Rect.Size()], ctx.Err()
		}), nil
	}}
	c := &common{policy: "default", jobs: jobs, lang: "eng", maxPixels: redact.DefaultMaxPixels, ocrEngine: "exec", noVerify: true}
	if f.tz == "" {
		f.tz = "UTC"
	}
	if f.maxSize == "" {
		f.maxSize = "20MB"
	}
	bd, err := newBundler(e, c, &f, nil)
	if err != nil {
		t.Fatal(err)
	}
	bd.job.Dir, bd.job.Private = t.TempDir(), true
	return bd, &stderr
}

// The same inputs give the same PDF, byte for byte, with one worker or
// several: screenshots of one phone have the same width, and fpdf used
// to write same-width images in map order.
func TestBundleReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1764000000")
	var pages []fakePage
	for i := range 5 {
		pages = append(pages, fakePage{name: string(rune('a'+i)) + ".png", w: 120, h: 200 + i, shade: uint8(200 + 10*i)})
	}
	dir := writePages(t, pages)
	var first []byte
	for run, jobs := range []int{1, 2, 1, 2, 3, 2} {
		bd, _ := fakeBundler(t, jobs, bundleFlags{}, pages)
		out := filepath.Join(t.TempDir(), "out.pdf")
		if _, err := bd.run(context.Background(), []string{dir}, out); err != nil {
			t.Fatal(err)
		}
		pdf, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			first = pdf
		} else if !bytes.Equal(pdf, first) {
			t.Fatalf("run %d with -j %d gave a different PDF", run+1, jobs)
		}
	}
}

// The checklist finds its items in the words the screenshots show, says
// which screenshot, and the words of a hidden value never reach the text.
func TestBundleChecklistFromScreenshots(t *testing.T) {
	const email = "li.wei88@example.com"
	pages := []fakePage{
		{name: "1.png", w: 300, h: 100, shade: 240, words: line(10, "Identity", "verification")},
		{name: "2.png", w: 301, h: 100, shade: 240, words: append(line(10, "Verification", "failed"), line(40, "Reason:", "blurry", "photo")...)},
		{name: "3.png", w: 302, h: 100, shade: 240, words: append(line(10, "Document", "type", "Passport"), line(40, "Email", email)...)},
	}
	dir := writePages(t, pages)
	bd, stderr := fakeBundler(t, 2, bundleFlags{category: "kyc"}, pages)
	sum, err := bd.run(context.Background(), []string{dir}, filepath.Join(t.TempDir(), "out.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	where := map[string]string{}
	for _, it := range sum.Checklist {
		if !it.Present {
			t.Errorf("%s missing", it.ID)
		}
		where[it.ID] = it.Where
	}
	if where["notice"] != "screenshot 2" || where["doctype"] != "screenshot 3" {
		t.Errorf("where: %v, want notice in screenshot 2 and doctype in screenshot 3", where)
	}
	if strings.Contains(stderr.String(), "missing") {
		t.Errorf("stderr: %s", stderr)
	}
	shot := bd.job.Shots[2]
	if shot.Hidden["email"] != 1 {
		t.Fatalf("the e-mail was not hidden: %v", shot.Hidden)
	}
	if shot.Text != "Document type Passport\nEmail" {
		t.Errorf("text %q, want the words outside the hidden e-mail", shot.Text)
	}
}

// The user's own words are theirs: the PDF has them as written but for
// card numbers, seed phrases and passwords, and stderr says what they
// show; file names stay masked by the policy.
func TestBundleOwnWords(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	const (
		card   = "4111 1111 1111 1111"
		wallet = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
		email  = "li.wei88@example.com"
	)
	pages := []fakePage{{name: "shot " + email + ".png", w: 200, h: 120, shade: 240}}
	dir := writePages(t, pages)
	tl := filepath.Join(t.TempDir(), "timeline.txt")
	if err := os.WriteFile(tl, []byte("2026-11-24 10:30 sent it; SMS to +86 138 0013 8000, pwd hunter2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bd, stderr := fakeBundler(t, 1, bundleFlags{
		category:     "transfer",
		problem:      "Name: Li Wei, card " + card + ". I withdrew 0.5 BTC to " + wallet + "; password: hunter2",
		timelineFile: tl,
	}, pages)
	out := filepath.Join(t.TempDir(), "out.pdf")
	if _, err := bd.run(context.Background(), []string{dir}, out); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(txt)), " ")
	for _, want := range []string{"Name: Li Wei", "I withdrew 0.5 BTC to " + wallet, "+86 138 0013 8000", "411****1111", "password: ********", "pwd ********"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, never := range []string{card, "hunter2", email, "li.wei88"} {
		if strings.Contains(text, never) {
			t.Errorf("PDF text has %q", never)
		}
	}
	note := stderr.String()
	for _, want := range []string{
		"your statement and timeline show ", "an amount", "a wallet address", "a phone number", "left as written",
		"card numbers, seed phrases and passwords in your statement and timeline are masked in the PDF",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("stderr lacks %q:\n%s", want, note)
		}
	}
	if strings.Contains(note, "hunter2") || strings.Contains(note, card) {
		t.Errorf("stderr shows a secret:\n%s", note)
	}
}

// Without a statement, stderr says so once, with how to write one.
func TestBundleNoStatement(t *testing.T) {
	pages := []fakePage{{name: "a.png", w: 100, h: 100, shade: 240}}
	for _, tc := range []struct {
		f    bundleFlags
		want int
	}{
		{bundleFlags{}, 1},
		{bundleFlags{problem: "It fails"}, 0},
	} {
		_, stderr := fakeBundler(t, 1, tc.f, pages)
		warned := strings.Count(stderr.String(), "redactpack: warning: no problem statement")
		hinted := strings.Count(stderr.String(), `redactpack: hint: write one with "redactpack init > statement.md"`)
		if warned != tc.want || hinted != tc.want {
			t.Errorf("%+v: warned %d, hinted %d times, want %d:\n%s", tc.f, warned, hinted, tc.want, stderr)
		}
	}
}
