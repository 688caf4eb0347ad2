package redact

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

var goRegular = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(goregular.TTF) })

// goRegularFace returns Go Regular at px pixels per em, hinted; the caller
// closes it.
func goRegularFace(t testing.TB, px int) font.Face {
	t.Helper()
	fnt, err := goRegular()
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// textImage draws s in Go Regular at px pixels per em, dark on bg, on a
// page with a margin of px on every side, and returns it with the
// rectangle its text can occupy (ascent to descent, the whole advance).
func textImage(t testing.TB, s string, px int, bg, fg color.NRGBA, width int) (*image.NRGBA, image.Rectangle) {
	t.Helper()
	face := goRegularFace(t, px)
	defer face.Close()
	m := face.Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	adv := font.MeasureString(face, s).Ceil()
	if width < adv {
		t.Fatalf("%q needs %d px, page text width is %d", s, adv, width)
	}
	img := image.NewNRGBA(image.Rect(0, 0, width+2*px, asc+desc+2*px))
	draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(fg), Face: face, Dot: fixed.P(px, px+asc)}
	d.DrawString(s)
	return img, image.Rect(px, px, px+width, px+asc+desc)
}

// ncc is the normalized cross-correlation of the luminance of a and b in
// r; 0 when either is flat there.
func ncc(a, b *image.NRGBA, r image.Rectangle) float64 {
	var va, vb []float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			va = append(va, float64(lum(a.NRGBAAt(x, y))))
			vb = append(vb, float64(lum(b.NRGBAAt(x, y))))
		}
	}
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	ma, mb := mean(va), mean(vb)
	var sab, saa, sbb float64
	for i := range va {
		da, db := va[i]-ma, vb[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// sameOutside reports whether a and b are equal outside r.
func sameOutside(a, b *image.NRGBA, r image.Rectangle) bool {
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
			if !(image.Point{x, y}).In(r) && a.NRGBAAt(x, y) != b.NRGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}

func cloneNRGBA(img *image.NRGBA) *image.NRGBA {
	c := *img
	c.Pix = bytes.Clone(img.Pix)
	return &c
}

func TestObscureText(t *testing.T) {
	const (
		secret = "li.wei88@gmail.com 13775785309"
		other  = "XQ/ZJ#KW(VM)%&@Y 8642097531 gj"
	)
	for _, px := range []int{10, 20, 40, 60} {
		width := 20 * px
		for _, m := range []Method{Box, Blur, Pixelate} {
			t.Run(fmt.Sprintf("%s/%dpx", m, px), func(t *testing.T) {
				orig, r := textImage(t, secret, px, white, ink, width)
				alt, _ := textImage(t, other, px, white, ink, width)
				if bytes.Equal(orig.Pix, alt.Pix) {
					t.Fatal("the two texts render the same")
				}
				rule := Rule{Redact: true, Method: m}
				a, b := cloneNRGBA(orig), cloneNRGBA(alt)
				Obscure(a, r, rule)
				Obscure(b, r, rule)

				// Nothing of what was inside survives: a different
				// text gives the very same pixels.
				if !bytes.Equal(a.Pix, b.Pix) {
					t.Error("the output depends on the text hidden")
				}
				if !sameOutside(a, orig, r) {
					t.Error("pixels outside the rectangle changed")
				}
				for i := 3; i < len(a.Pix); i += 4 {
					if a.Pix[i] != 255 {
						t.Fatalf("alpha %d at byte %d", a.Pix[i], i)
					}
				}
				if m == Box && !solidIn(a, r, color.NRGBA{0, 0, 0, 255}) {
					t.Error("box not solid black on a white page")
				}
				if m != Box && solidIn(a, r, a.NRGBAAt(r.Min.X, r.Min.Y)) {
					t.Errorf("%s painted a flat rectangle", m)
				}
				// Last, as it may skip: blur's smudges run along the
				// middle of the box, where a line's ink is too. At small
				// sizes that layout alone (not the text: see above)
				// correlates above the bar.
				c := ncc(orig, a, r)
				t.Logf("ncc %.3f", c)
				if math.Abs(c) >= 0.2 {
					msg := fmt.Sprintf("correlation of %s with the hidden text's pixels %.3f at %d px", m, c, px)
					if m == Blur {
						t.Error(msg + " (the texture follows the line's middle band; the output does not depend on the text)")
					}
					t.Error(msg)
				}
			})
		}
	}
}

func TestObscureBoxColours(t *testing.T) {
	for _, tc := range []struct {
		name     string
		bg       color.NRGBA
		rule     Rule
		want     color.NRGBA
		notWhite bool
	}{
		{"auto on white", white, Rule{Method: Box}, color.NRGBA{0, 0, 0, 255}, false},
		{"auto on dark", night, Rule{Method: Box}, color.NRGBA{0x5a, 0x5e, 0x66, 255}, false},
		{"auto on mid grey", color.NRGBA{128, 128, 128, 255}, Rule{Method: Box}, color.NRGBA{0, 0, 0, 255}, false},
		{"set colour", white, Rule{Method: Box, Color: color.NRGBA{255, 0, 0, 255}}, color.NRGBA{255, 0, 0, 255}, false},
		// A colour with alpha below 255 (not from ParseColor) still
		// covers.
		{"half transparent colour", white, Rule{Method: Box, Color: color.NRGBA{0, 0, 255, 128}}, color.NRGBA{0, 0, 255, 255}, false},
		{"unknown method is a box", white, Rule{Method: "smudge"}, color.NRGBA{0, 0, 0, 255}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, r := textImage(t, "Li Wei 13775785309", 20, tc.bg, chalk, 300)
			orig := cloneNRGBA(img)
			Obscure(img, r, tc.rule)
			if !solidIn(img, r, tc.want) {
				t.Errorf("box is not %v: %v at its corner", tc.want, img.NRGBAAt(r.Min.X, r.Min.Y))
			}
			if !sameOutside(img, orig, r) {
				t.Error("pixels outside the rectangle changed")
			}
		})
	}
}

// TestObscureTransparent: on a transparent screenshot the obscured region
// becomes opaque, or a viewer would show the page behind through it.
func TestObscureTransparent(t *testing.T) {
	for _, m := range []Method{Box, Blur, Pixelate} {
		img := image.NewNRGBA(image.Rect(0, 0, 120, 40))
		r := image.Rect(10, 10, 110, 30)
		draw.Draw(img, image.Rect(20, 12, 100, 28), image.NewUniform(ink), image.Point{}, draw.Src)
		Obscure(img, r, Rule{Method: m})
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if a := img.NRGBAAt(x, y).A; a != 255 {
					t.Fatalf("%s: alpha %d at (%d,%d)", m, a, x, y)
				}
			}
		}
	}
}

func TestObscureClipped(t *testing.T) {
	for _, m := range []Method{Box, Blur, Pixelate} {
		img, _ := textImage(t, "13775785309", 20, white, ink, 200)
		orig := cloneNRGBA(img)
		// Beyond the image: nothing happens, nothing panics.
		Obscure(img, image.Rect(-50, -50, -10, -10), Rule{Method: m})
		Obscure(img, image.Rect(10, 10, 10, 30), Rule{Method: m})
		if !bytes.Equal(img.Pix, orig.Pix) {
			t.Errorf("%s: an empty or outside rectangle changed the image", m)
		}
		// Across the edge: only the part inside changes.
		r := image.Rect(-20, -20, 60, 30)
		Obscure(img, r, Rule{Method: m})
		if !sameOutside(img, orig, r) {
			t.Errorf("%s: pixels outside the clipped rectangle changed", m)
		}
		if m == Box && !solidIn(img, r.Intersect(img.Rect), color.NRGBA{0, 0, 0, 255}) {
			t.Errorf("box not solid over the clipped rectangle")
		}
	}
}

// TestObscureSubImage: Obscure works in the image's own coordinates when
// they do not start at (0, 0).
func TestObscureSubImage(t *testing.T) {
	img, r := textImage(t, "13775785309", 20, white, ink, 200)
	sub := img.SubImage(img.Rect.Inset(5)).(*image.NRGBA)
	Obscure(sub, r, Rule{Method: Box})
	if !solidIn(img, r, color.NRGBA{0, 0, 0, 255}) {
		t.Error("sub-image box not where asked")
	}
}

func TestObscureDeterministic(t *testing.T) {
	for _, m := range []Method{Blur, Pixelate} {
		a, r := textImage(t, "13775785309", 20, white, ink, 200)
		b := cloneNRGBA(a)
		Obscure(a, r, Rule{Method: m})
		Obscure(b, r, Rule{Method: m})
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Errorf("%s gives different pixels for the same input", m)
		}
	}
}

// TestObscureBetweenBoxes: a line hidden after the lines above and below
// it gets the box colour of the page it is on, not of the boxes around
// it: grey on a white receipt would leave its black print readable.
func TestObscureBetweenBoxes(t *testing.T) {
	orig := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for i := range orig.Pix {
		orig.Pix[i] = 255
	}
	img := &image.NRGBA{Pix: append([]uint8(nil), orig.Pix...), Stride: orig.Stride, Rect: orig.Rect}
	top, mid, bottom := image.Rect(20, 10, 280, 32), image.Rect(20, 32, 280, 54), image.Rect(20, 54, 280, 76)
	r := NewRedactor(DefaultPolicy(), nil)
	r.obscure(img, orig, []Finding{
		{Category: Address, Redacted: true, Boxes: []image.Rectangle{top, bottom}},
		{Category: Address, Redacted: true, Boxes: []image.Rectangle{mid}},
	})
	for _, b := range []image.Rectangle{top, mid, bottom} {
		if c := img.NRGBAAt(b.Min.X+5, b.Min.Y+5); c.R != 0 || c.G != 0 || c.B != 0 {
			t.Errorf("box %v painted %v, want black on a white page", b, c)
		}
	}
}
