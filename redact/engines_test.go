package redact

import (
	"context"
	"fmt"
	"image"
	"os/exec"
	"redactpack/ocr"
	"reflect"
	"strings"
	"testing"

	"redactpack/internal/testimage"
)

// bothEngines returns the libtesseract engine and the one running the
// tesseract program. It skips the test when the program is not on PATH;
// api is nil in a build without cgo, where only the program can be tested.
func bothEngines(t *testing.T, langs string) (api, prog Engine) {
	t.Helper()
	if testing.Short() {
		t.Skip("OCR in -short mode")
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("no tesseract program on PATH")
	}
	ex, err := ocr.NewExec("", langs)
	if err != nil {
		t.Fatal(err)
	}
	tess, err := ocr.NewTesseract(langs)
	if err != nil {
		t.Log("testing the exec engine alone:", err)
		return nil, ex
	}
	t.Cleanup(func() { tess.Close() })
	return tess, ex
}

// enginePages are small screens for comparing the engines: one clear line,
// a light form with values of several kinds, the same in dark mode.
func enginePages() map[string]testimage.Page {
	form := func(th testimage.Theme) testimage.Page {
		return testimage.Page{Width: 520, Height: 150, Theme: th, Lines: []testimage.Line{
			testimage.Field(16, 12, 20, "Email: ", "email", testimage.SampleEmail, testimage.Regular),
			testimage.Field(16, 48, 20, "Phone: ", "phone", testimage.SamplePhone, testimage.Regular),
			testimage.Field(16, 84, 18, "Ticket ", "ticket", testimage.SampleTicket, testimage.Regular),
			testimage.Field(16, 116, 18, "Balance ", "balance", testimage.SampleBalance, testimage.Bold),
		}}
	}
	return map[string]testimage.Page{
		"line": {Width: 420, Height: 48, Theme: testimage.Light, Lines: []testimage.Line{
			{X: 12, Y: 12, Size: 20, Runs: []testimage.Run{{Text: "Withdrawal of 250 USDT completed", Key: "line"}}},
		}},
		"light": form(testimage.Light),
		"dark":  form(testimage.Dark),
	}
}

// TestEnginesAgree: the two engines read the same words in the same
// places, and a Redactor finds the same values with either: those the
// page holds.
func TestEnginesAgree(t *testing.T) {
	api, prog := bothEngines(t, "eng")
	ctx := context.Background()
	for name, page := range enginePages() {
		t.Run(name, func(t *testing.T) {
			shot, err := testimage.Render(page)
			if err != nil {
				t.Fatal(err)
			}
			g := luma(shot.Image)
			if name == "dark" {
				g = invert(g) // as the Redactor gives it to the engine
			}
			p, err := prog.Words(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			if name == "line" {
				if got, want := strings.Join(wordTexts(p), " "), "Withdrawal of 250 USDT completed"; got != want {
					t.Errorf("read %q, want %q", got, want)
				}
			}
			rp, err := NewRedactor(DefaultPolicy(), prog).Redact(ctx, shot.Image)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d words; findings %q", len(p), findingSummary(rp))
			// Agreeing on nothing would prove nothing.
			want := []string{"email redacted=true boxes=1", "phone redacted=true boxes=1",
				"ticket redacted=false boxes=1", "balance redacted=true boxes=1"}
			if name == "line" {
				want = nil
			}
			if got := findingSummary(rp); !reflect.DeepEqual(got, want) {
				t.Errorf("exec found %q, want %q", got, want)
			}
			if api == nil {
				return
			}

			a, err := api.Words(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			if ta, tp := wordTexts(a), wordTexts(p); !reflect.DeepEqual(ta, tp) {
				t.Fatalf("api read  %q\nexec read %q", ta, tp)
			}
			const tol = 2 // pixels
			for i := range a {
				if d := rectDist(a[i].Box, p[i].Box); d > tol {
					t.Errorf("%q: api box %v, exec box %v", a[i].Text, a[i].Box, p[i].Box)
				}
				if a[i].Block != p[i].Block || a[i].Par != p[i].Par || a[i].Line != p[i].Line {
					t.Errorf("%q: api in %d.%d.%d, exec in %d.%d.%d", a[i].Text,
						a[i].Block, a[i].Par, a[i].Line, p[i].Block, p[i].Par, p[i].Line)
				}
			}
			ra, err := NewRedactor(DefaultPolicy(), api).Redact(ctx, shot.Image)
			if err != nil {
				t.Fatal(err)
			}
			if fa, fp := findingSummary(ra), findingSummary(rp); !reflect.DeepEqual(fa, fp) {
				t.Errorf("api found  %q\nexec found %q", fa, fp)
			}
			for i := range min(len(ra.Findings), len(rp.Findings)) {
				ba, bp := ra.Findings[i].Boxes, rp.Findings[i].Boxes
				for j := range min(len(ba), len(bp)) {
					if d := rectDist(ba[j], bp[j]); d > tol {
						t.Errorf("%s: api hid %v, exec %v", ra.Findings[i].Category, ba[j], bp[j])
					}
				}
			}
		})
	}
}

func wordTexts(ws []Word) []string {
	var s []string
	for _, w := range ws {
		s = append(s, w.Text)
	}
	return s
}

// findingSummary lists the findings' categories, actions and box counts,
// in order.
func findingSummary(r *Result) []string {
	var s []string
	for _, f := range r.Findings {
		s = append(s, fmt.Sprintf("%s redacted=%v boxes=%d", f.Category, f.Redacted, len(f.Boxes)))
	}
	return s
}

// rectDist is the largest distance between corresponding edges of a and b.
func rectDist(a, b image.Rectangle) int {
	d := 0
	for _, v := range []int{a.Min.X - b.Min.X, a.Min.Y - b.Min.Y, a.Max.X - b.Max.X, a.Max.Y - b.Max.Y} {
		d = max(d, v, -v)
	}
	return d
}
