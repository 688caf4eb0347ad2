//go:build cgo

package redact

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"redactpack/ocr"
	"strings"
	"testing"
	"time"

	"github.com/disintegration/imaging"
	"golang.org/x/image/font"
)

// The values the attack tries to read back: an e-mail and a 16-digit card
// number, on one line as a screen shows them.
var attackValues = []string{"li.wei88@gmail.com", "4539 1488 0343 6467"}

// attackVariants are what an attacker does to a crop before OCR: stretch
// its contrast, invert it, enlarge it four times (bilinear and nearest
// neighbour), and sharpen the bilinear enlargement (unsharp mask).
func attackVariants(g *image.Gray) []struct {
	name string
	img  *image.Gray
} {
	stretched := stretchGray(g)
	bilinear := stretchGray(upscale(g, imaging.Linear))
	return []struct {
		name string
		img  *image.Gray
	}{
		{"stretched", stretched},
		{"inverted", invert(stretched)},
		{"4x bilinear", bilinear},
		{"4x nearest", stretchGray(upscale(g, imaging.NearestNeighbor))},
		{"4x sharpened", stretchGray(unsharp(bilinear, 4, 1.5))},
	}
}

// unsharp is an unsharp mask: g plus amount times its difference from a
// box blur of the given radius.
func unsharp(g *image.Gray, radius int, amount float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Separable box blur over a summed row, then a summed column.
	tmp := make([]int, w*h)
	for y := range h {
		row := g.Pix[y*g.Stride:]
		for x := range w {
			s, n := 0, 0
			for k := max(0, x-radius); k <= min(w-1, x+radius); k++ {
				s += int(row[k])
				n++
			}
			tmp[y*w+x] = s / n
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			s, n := 0, 0
			for k := max(0, y-radius); k <= min(h-1, y+radius); k++ {
				s += tmp[k*w+x]
				n++
			}
			v := float64(g.Pix[y*g.Stride+x])
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, v+amount*(v-float64(s/n)))))
		}
	}
	return out
}

func upscale(g *image.Gray, f imaging.ResampleFilter) *image.Gray {
	return luma(imaging.Resize(g, 4*g.Rect.Dx(), 4*g.Rect.Dy(), f))
}

// stretchGray maps the darkest pixel to 0 and the lightest to 255; a flat
// image stays as it is.
func stretchGray(g *image.Gray) *image.Gray {
	lo, hi := 255, 0
	for _, v := range g.Pix {
		lo, hi = min(lo, int(v)), max(hi, int(v))
	}
	out := image.NewGray(g.Rect)
	copy(out.Pix, g.Pix)
	if hi <= lo {
		return out
	}
	for i, v := range g.Pix {
		out.Pix[i] = uint8((int(v) - lo) * 255 / (hi - lo))
	}
	return out
}

// alnum is s lower-cased with everything but letters and digits dropped.
func alnum(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// longestRun is the length of the longest run of value's characters
// (alnum, case-insensitive) that appears in read.
func longestRun(value, read string) int {
	v, r := alnum(value), alnum(read)
	best := 0
	for i := range v {
		for j := i + best + 1; j <= len(v); j++ {
			if !strings.Contains(r, v[i:j]) {
				break
			}
			best = j - i
		}
	}
	return best
}

// attack reads crop as an attacker would, through every variant, and
// returns what each variant read.
func attack(t *testing.T, eng Engine, crop *image.NRGBA) map[string]string {
	t.Helper()
	read := make(map[string]string)
	for _, v := range attackVariants(luma(crop)) {
		words, err := eng.Words(context.Background(), v.img)
		if err != nil {
			t.Fatal(err)
		}
		var ws []string
		for _, w := range words {
			ws = append(ws, w.Text)
		}
		read[v.name] = strings.Join(ws, " ")
	}
	return read
}

// advance is the width of s drawn in Go Regular at px pixels per em.
func advance(t *testing.T, s string, px int) int {
	t.Helper()
	face := goRegularFace(t, px)
	defer face.Close()
	return font.MeasureString(face, s).Ceil()
}

// TestAttackObscured shows that what [Obscure] leaves cannot be read
// back. An e-mail and a card number are drawn at 10 to 60 px on light and
// dark backgrounds and hidden by each method; the hidden region, with a
// margin, is cut out, stretched, enlarged four times, sharpened and
// inverted, and each of those is read by Tesseract: no run of 4 letters
// or digits of either value may come back. The same attack on the crop
// before redaction is the control: from 20 px up it must read both
// values, which shows that the attack would find them if they were there.
func TestAttackObscured(t *testing.T) {
	// Two engines, one per core, shared by the parallel subtests.
	engines := make(chan *ocr.Tesseract, 2)
	for range cap(engines) {
		eng, err := ocr.NewTesseract("eng")
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		engines <- eng
	}
	read := func(t *testing.T, crop *image.NRGBA) map[string]string {
		eng := <-engines
		defer func() { engines <- eng }()
		return attack(t, eng, crop)
	}
	start := time.Now()
	line := strings.Join(attackValues, "   ")
	t.Run("group", func(t *testing.T) {
		for _, px := range []int{10, 20, 40, 60} {
			for _, theme := range []struct {
				name   string
				bg, fg color.NRGBA
			}{{"light", white, ink}, {"dark", night, chalk}} {
				orig, r := textImage(t, line, px, theme.bg, theme.fg, advance(t, line, px))
				box := r.Inset(-3) // the default policy's padding
				crop := box.Inset(-(px/2 + 4)).Intersect(orig.Rect)

				t.Run(fmt.Sprintf("%dpx/%s/control", px, theme.name), func(t *testing.T) {
					t.Parallel()
					got := read(t, orig.SubImage(crop).(*image.NRGBA))
					for _, v := range attackValues {
						best, by := 0, ""
						for name, s := range got {
							if n := longestRun(v, s); n > best {
								best, by = n, name
							}
						}
						t.Logf("%q: %d of %d characters in a run (%s)", v, best, len(alnum(v)), by)
						// Read in full but for a slip or two: OCR of
						// the unredacted crop finds the value.
						if px >= 20 && best < len(alnum(v))-2 {
							t.Errorf("the attack does not read %q from the unredacted crop: %q", v, got)
						}
					}
				})
				for _, m := range []Method{Box, Blur, Pixelate} {
					t.Run(fmt.Sprintf("%dpx/%s/%s", px, theme.name, m), func(t *testing.T) {
						t.Parallel()
						img := cloneNRGBA(orig)
						Obscure(img, box, Rule{Redact: true, Method: m})
						for name, s := range read(t, img.SubImage(crop).(*image.NRGBA)) {
							for _, v := range attackValues {
								if n := longestRun(v, s); n >= 4 {
									t.Errorf("%s: %d characters of %q read back: %q", name, n, v, s)
								}
							}
						}
					})
				}
			}
		}
	})
	t.Logf("%v", time.Since(start))
}
