package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"redactpack/internal/testimage"
	"redactpack/review"
)

// chromium finds the browser the browser test drives: make deps installs
// Debian's chromium. Without it the test is skipped, except in CI, where
// a skip would hide that the page was never opened.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: the review page's browser test cannot run (make deps installs it)")
	}
	t.Skip("chromium is not installed (make deps installs it): the review page's browser test is skipped")
	return ""
}

// TestReviewBrowser drives the review page in headless chromium, with
// real Tesseract, as a user would: it keeps the phone number by clicking
// its box, drags a box over a part OCR found nothing in, types the
// statement, and builds. Then it checks the bundle: the PDF's pages and
// statement, the drawn region filled in the image sent, the kept phone
// still readable by OCR and the e-mail not, and review.json. It saves
// screenshots of the page (light and dark screenshots, English and
// Chinese page) in $REDACTPACK_SCREENSHOTS, else a temporary folder.
func TestReviewBrowser(t *testing.T) {
	chrome := chromium(t)
	for _, pdfTool := range []string{"pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(pdfTool); err != nil {
			t.Fatalf("%s is missing (make deps installs poppler-utils)", pdfTool)
		}
	}
	shotsDir := os.Getenv("REDACTPACK_SCREENSHOTS")
	if shotsDir == "" {
		shotsDir = t.TempDir()
	}
	for _, tc := range []struct {
		name  string
		lang  string
		theme testimage.Theme
	}{
		{"en-light", "en", testimage.Light},
		{"zh-dark", "zh", testimage.Dark},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reviewInBrowser(t, chrome, tc.lang, tc.theme, shotsDir)
		})
	}
	t.Logf("page screenshots in %s", shotsDir)
}

func reviewInBrowser(t *testing.T, chrome, lang string, theme testimage.Theme, shotsDir string) {
	dir := t.TempDir()
	in := filepath.Join(dir, "shots")
	os.Mkdir(in, 0o700)
	page, err := testimage.Render(layouts["contact"](theme))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	png.Encode(&buf, page.Image)
	os.WriteFile(filepath.Join(in, "contact.png"), buf.Bytes(), 0o600)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- runEnv(ctx, &env{stdout: stdout, stderr: stderr},
			[]string{"review", "--no-open", "--lang", lang, "--category", "transfer", "--ticket", "SR-42", "-j", "1", in})
	}()
	url := waitForURL(t, stderr)

	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.WindowSize(1280, 800))...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	shoot := func(name string) {
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		os.WriteFile(filepath.Join(shotsDir, name), png, 0o644)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#overlay .box`))); err != nil {
		t.Fatalf("open the page: %v\n%s", err, stderr)
	}
	shoot("review-" + lang + "-open.png")
	st := pageState(t, url)
	phone := findingIndex(t, st, "phone")

	// Keep the phone: click its box.
	sel := fmt.Sprintf(`#overlay .box[data-shot="0"][data-finding="%d"]`, phone)
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click the phone's box: %v", err)
	}
	waitFor(t, "the phone kept", func() bool { return !pageState(t, url).Shots[0].Findings[phone].Hidden })

	// Hide, by dragging, a region right of the ticket number, where
	// nothing was found: in image pixels, then in the page's.
	want := image.Rect(440, 80, 590, 110)
	type box struct{ X, Y, W float64 }
	rect, err := chromedp.Run(bctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector('#preview').getBoundingClientRect();
		return {X: r.x, Y: r.y, W: r.width}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	k := rect.W / float64(st.Shots[0].Width)
	x0, y0 := rect.X+float64(want.Min.X)*k, rect.Y+float64(want.Min.Y)*k
	x1, y1 := rect.X+float64(want.Max.X)*k, rect.Y+float64(want.Max.Y)*k
	if err := chromedp.Do(bctx, chromedp.DragAndDropXY(x0, y0, x1, y1, 6)); err != nil {
		t.Fatalf("drag a box: %v", err)
	}
	waitFor(t, "the drawn box", func() bool { return len(pageState(t, url).Shots[0].Drawn) == 1 })

	// Write the statement.
	problem := "My withdrawal of 0.5 BTC to my own wallet has been pending since Monday"
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#statement-problem`), problem),
		chromedp.SendKeys(chromedp.CSS(`#statement-ask`), "Please tell me when it will arrive")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the statement saved", func() bool { return pageState(t, url).Statement.Ask != "" })
	shoot("review-" + lang + "-edited.png")
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`#build`)), chromedp.WaitVisible(chromedp.CSS(`#built`))); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	shoot("review-" + lang + "-built.png")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("review: %v\n%s", err, stderr)
		}
	case <-ctx.Done():
		t.Fatal("the server did not stop after the build")
	}
	outDir := strings.TrimSpace(stdout.String())
	t.Cleanup(func() { os.RemoveAll(outDir) })
	checkReviewedBundle(t, outDir, problem, want, st.Shots[0].Findings[phone].Boxes[0])
}

// checkReviewedBundle checks what the review built in outDir.
func checkReviewedBundle(t *testing.T, outDir, problem string, drawn image.Rectangle, phoneBox [4]int) {
	pdf := filepath.Join(outDir, "evidence.pdf")
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo says no page count:\n%s", info)
	}
	if n, _ := strconv.Atoi(string(m[1])); n < 3 {
		t.Errorf("the PDF has %d pages, want at least the cover, the screenshot and the appendix", n)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), "pending since Monday") || !strings.Contains(string(text), "SR-42") {
		t.Errorf("the PDF lacks the statement or the ticket:\n%s", text)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "contact.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fill := color.GrayModel.Convert(img.At(drawn.Min.X+drawn.Dx()/2, drawn.Min.Y+drawn.Dy()/2))
	for y := drawn.Min.Y + 2; y < drawn.Max.Y-2; y += 4 {
		for x := drawn.Min.X + 2; x < drawn.Max.X-2; x += 4 {
			if c := color.GrayModel.Convert(img.At(x, y)); c != fill {
				t.Fatalf("the drawn region is not filled: %v at %d,%d, %v in its middle", c, x, y, fill)
			}
		}
	}
	// What OCR reads in the image sent: the kept phone, and no e-mail.
	var cout, cerr bytes.Buffer
	err = runEnv(context.Background(), &env{stdout: &cout, stderr: &cerr}, []string{"check", "-j", "1", filepath.Join(outDir, "contact.png")})
	if got := cerr.String(); err == nil || !strings.Contains(got, "phone") || strings.Contains(got, "email") {
		t.Errorf("check of the image sent: %v\n%s\nwant the kept phone readable and no e-mail", err, got)
	}
	var d review.Decisions
	raw, err := os.ReadFile(filepath.Join(outDir, review.DecisionsName))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(raw, &d)
	if len(d.Shots) != 1 || len(d.Shots[0].Drawn) != 1 || len(d.Shots[0].Findings) != 1 {
		t.Fatalf("review.json %s: want one drawn box and one finding switched", raw)
	}
	if f := d.Shots[0].Findings[0]; f.Category != "phone" || f.Hidden || f.Box != phoneBox {
		t.Errorf("review.json switched %+v, want the phone kept at %v", f, phoneBox)
	}
	if got := d.Shots[0].Drawn[0]; absDiff(got[0], drawn.Min.X) > 3 || absDiff(got[1], drawn.Min.Y) > 3 ||
		absDiff(got[2], drawn.Dx()) > 6 || absDiff(got[3], drawn.Dy()) > 6 {
		t.Errorf("review.json drawn box %v, want about %v", got, drawn)
	}
	if !strings.Contains(d.Statement.Problem, "pending since Monday") {
		t.Errorf("review.json statement %+v", d.Statement)
	}
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// waitForURL waits for the review command to print its page's address.
func waitForURL(t *testing.T, stderr *syncBuffer) string {
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\?t=[0-9a-f]+`)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if m := re.FindString(stderr.String()); m != "" {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("no address printed:\n%s", stderr)
		}
	}
}

// pageState reads the page's state through the API, as the page does.
func pageState(t *testing.T, url string) review.State {
	base, token, _ := strings.Cut(url, "/?t=")
	resp, err := http.Get(base + "/api/state?t=" + token)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st review.State
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func findingIndex(t *testing.T, st review.State, category string) int {
	for i, f := range st.Shots[0].Findings {
		if f.Category == category {
			return i
		}
	}
	t.Fatalf("no %s among %+v", category, st.Shots[0].Findings)
	return -1
}

func waitFor(t *testing.T, what string, ok func() bool) {
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
