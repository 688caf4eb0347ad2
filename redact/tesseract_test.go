//go:build cgo

package redact

import (
	"context"
	"image"
	"image/draw"
	"redactpack/ocr"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// drawRuns draws lines of runs in Go Regular at px pixels per em on a white
// w×h page, each line's runs one after another from x = 16, and returns the
// bounds of every run's ink.
func drawRuns(t *testing.T, w, h, px int, lines [][]string) (*image.NRGBA, [][]image.Rectangle) {
	t.Helper()
	face := goRegularFace(t, px)
	defer face.Close()
	m := face.Metrics()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.NewUniform(white), image.Point{}, draw.Src)
	var boxes [][]image.Rectangle
	for i, runs := range lines {
		top := 12 + i*2*px
		d := font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: face, Dot: fixed.P(16, top+m.Ascent.Ceil())}
		var bs []image.Rectangle
		for _, r := range runs {
			b, _ := d.BoundString(r)
			d.DrawString(r)
			bs = append(bs, image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()))
		}
		boxes = append(boxes, bs)
	}
	return img, boxes
}

// TestTesseractSmall runs the real engine over a small drawn screen: the
// e-mail and phone number are hidden, the date and the labels are not.
func TestTesseractSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR in -short mode")
	}
	e, err := ocr.NewTesseract("eng")
	if err != nil {
		t.Skip("no Tesseract: ", err)
	}
	defer e.Close()
	img, boxes := drawRuns(t, 420, 110, 18, [][]string{
		{"Email: ", "li.wei88@gmail.com"},
		{"Phone: ", "+44 20 7946 0348"},
		{"Date: ", "2024-05-18"},
	})
	res, err := NewRedactor(DefaultPolicy(), e).Redact(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []Category{Email, Phone} {
		f := findingOf(res, c)
		if f == nil || !f.Redacted || len(f.Boxes) != 1 {
			t.Errorf("%s: %+v in %+v", c, f, res.Findings)
			continue
		}
		if v := boxes[i][1]; !v.In(f.Boxes[0]) {
			t.Errorf("%s: box %v does not cover %v", c, f.Boxes[0], v)
		}
	}
	for _, r := range []image.Rectangle{boxes[0][0], boxes[1][0]} {
		if !sameIn(res.Image, img, r) {
			t.Errorf("label at %v changed", r)
		}
	}
	date := boxes[2][0].Union(boxes[2][1])
	if !sameIn(res.Image, img, date) {
		for _, f := range res.Findings {
			for _, b := range f.Boxes {
				if b.Overlaps(date) && f.Category == Phone {
					t.Errorf("the date line under \"Phone:\" was hidden as a phone (%+v): see TestPageLabelValueIsDate", f)
				}
			}
		}
		t.Errorf("date line at %v changed: %+v", date, res.Findings)
	}
}
