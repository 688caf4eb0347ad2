package redact

import (
	"bytes"
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveFilter is the k×k max or min filter by definition, over the pixels
// of the window inside the image.
func naiveFilter(src []uint8, w, h, k int, dilate bool) []uint8 {
	r := k / 2
	out := make([]uint8, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := src[y*w+x]
			for yy := max(0, y-r); yy <= min(h-1, y+r); yy++ {
				for xx := max(0, x-r); xx <= min(w-1, x+r); xx++ {
					if dilate {
						v = max(v, src[yy*w+xx])
					} else {
						v = min(v, src[yy*w+xx])
					}
				}
			}
			out[y*w+x] = v
		}
	}
	return out
}

func TestMorphFilterMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, c := range []struct{ w, h, k int }{
		{1, 1, 3}, {7, 5, 3}, {8, 8, 9}, {17, 3, 5}, {33, 21, 9}, {64, 40, 15}, {5, 30, 11},
		{1100, 12, 7}, // three strips of columns, the last one narrow
	} {
		src := make([]uint8, c.w*c.h)
		for i := range src {
			// Few distinct values, so ties are common, and the extremes.
			src[i] = []uint8{0, 1, 127, 128, 129, 200, 254, 255}[rng.IntN(8)]
		}
		for _, dilate := range []bool{true, false} {
			m := newMorph(c.w, c.h, c.k)
			got := make([]uint8, len(src))
			m.filter(src, got, dilate)
			want := naiveFilter(src, c.w, c.h, c.k, dilate)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%dx%d k=%d dilate=%v: pixel (%d,%d) = %d, want %d",
						c.w, c.h, c.k, dilate, i%c.w, i/c.w, got[i], want[i])
				}
			}
			// In place, as flatten uses it.
			m.filter(got, got, !dilate)
			want = naiveFilter(want, c.w, c.h, c.k, !dilate)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%dx%d k=%d in place: pixel %d = %d, want %d", c.w, c.h, c.k, i, got[i], want[i])
				}
			}
		}
	}
}

func TestGeMask(t *testing.T) {
	vals := []uint8{0, 1, 2, 63, 64, 126, 127, 128, 129, 191, 192, 254, 255}
	for _, a := range vals {
		for _, b := range vals {
			// Every lane position, with different neighbours, so a borrow
			// leaking across lanes would show.
			for lane := 0; lane < 8; lane++ {
				x := uint64(0x00ff7f8001fe3c80)
				y := uint64(0xff0080017ffe3c7f)
				x = x&^(0xff<<(8*lane)) | uint64(a)<<(8*lane)
				y = y&^(0xff<<(8*lane)) | uint64(b)<<(8*lane)
				got := uint8(geMask(x, y) >> (8 * lane))
				want := uint8(0)
				if a >= b {
					want = 0xff
				}
				if got != want {
					t.Fatalf("geMask lane %d: %d >= %d gave %#x", lane, a, b, got)
				}
			}
		}
	}
}

// Dark text on white and light text on a dark or coloured background all
// come out of flatten as dark strokes on white.
func TestFlattenPolarity(t *testing.T) {
	for _, c := range []struct {
		name   string
		bg, fg uint8
	}{
		{"dark on light", 250, 30},
		{"light on dark", 20, 230},
		{"white on mid grey", 120, 250},
		{"faint grey on white", 255, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 120, 60))
			for i := range g.Pix {
				g.Pix[i] = c.bg
			}
			// Letter-like strokes: 2 px wide, 20 px tall, 4 px apart (the
			// polarity vote relies on gaps narrower than the filter).
			for _, x0 := range []int{38, 44, 50, 56, 62} {
				for y := 20; y < 40; y++ {
					g.Pix[y*g.Stride+x0] = c.fg
					g.Pix[y*g.Stride+x0+1] = c.fg
				}
			}
			f := flatten(g, 9)
			if v := f.GrayAt(50, 30).Y; v > 100 {
				t.Errorf("stroke pixel = %d, want dark (<= 100)", v)
			}
			for _, p := range []image.Point{{5, 5}, {47, 30}, {100, 50}} {
				if v := f.GrayAt(p.X, p.Y).Y; v < 200 {
					t.Errorf("background pixel %v = %d, want light (>= 200)", p, v)
				}
			}
		})
	}
}

// TestPolarize: text comes out dark on light wherever it stands: a white
// page in a dark frame is left as it is while the frame is inverted, a
// black banner on a light page is inverted, and a mid-grey bubble in a dark
// app follows the app (inverted) rather than being cut along tile edges.
func TestPolarize(t *testing.T) {
	fill := func(g *image.Gray, r image.Rectangle, v uint8) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = v
			}
		}
	}
	const th = 20 // tiles of 40 px; regions of 4×4 tiles at least
	for _, tc := range []struct {
		name    string
		bg      uint8
		regions []image.Rectangle
		fg      uint8
		// probes and the value each must have after polarize.
		probes map[image.Point]uint8
	}{
		{"white page in a dark frame", 40, []image.Rectangle{image.Rect(200, 40, 600, 560)}, 255,
			map[image.Point]uint8{{400, 300}: 255, {100, 300}: 215, {700, 100}: 215}},
		{"black banner on a light page", 250, []image.Rectangle{image.Rect(0, 0, 800, 200)}, 10,
			map[image.Point]uint8{{400, 100}: 245, {400, 400}: 250}},
		{"mid-grey bubble in a dark app", 30, []image.Rectangle{image.Rect(100, 100, 500, 300)}, 120,
			map[image.Point]uint8{{300, 200}: 135, {50, 50}: 225}},
		{"light page, nothing to invert", 240, nil, 0,
			map[image.Point]uint8{{10, 10}: 240, {400, 300}: 240}},
		{"small white badge in a dark app", 30, []image.Rectangle{image.Rect(100, 100, 140, 140)}, 255,
			map[image.Point]uint8{{120, 120}: 0, {400, 300}: 225}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 800, 600))
			fill(g, g.Rect, tc.bg)
			for _, r := range tc.regions {
				fill(g, r, tc.fg)
			}
			orig := append([]uint8(nil), g.Pix...)
			out := polarize(g, th)
			for p, want := range tc.probes {
				if got := out.GrayAt(p.X, p.Y).Y; got != want {
					t.Errorf("pixel %v = %d, want %d", p, got, want)
				}
			}
			if string(orig) != string(g.Pix) {
				t.Error("polarize modified its input")
			}
		})
	}
}

// bilinearRef is resizeGray's enlargement written out pixel by pixel, as
// it was before its taps were precomputed: OCR reads every grey level, so
// the fast form must give the same bytes.
func bilinearRef(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	fx, fy := float64(sw)/float64(w), float64(sh)/float64(h)
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)*fy - 0.5
		y0 := int(math.Floor(sy))
		wy := sy - float64(y0)
		y0c, y1c := clampInt(y0, 0, sh-1), clampInt(y0+1, 0, sh-1)
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)*fx - 0.5
			x0 := int(math.Floor(sx))
			wx := sx - float64(x0)
			x0c, x1c := clampInt(x0, 0, sw-1), clampInt(x0+1, 0, sw-1)
			p := func(x, y int) float64 { return float64(g.GrayAt(g.Rect.Min.X+x, g.Rect.Min.Y+y).Y) }
			top := p(x0c, y0c)*(1-wx) + p(x1c, y0c)*wx
			bot := p(x0c, y1c)*(1-wx) + p(x1c, y1c)*wx
			out.Pix[y*out.Stride+x] = uint8(math.Round(top*(1-wy) + bot*wy))
		}
	}
	return out
}

func TestResizeGrayEnlarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := image.NewGray(image.Rect(0, 0, 97, 41))
	for i := range src.Pix {
		src.Pix[i] = uint8(rng.IntN(256))
	}
	// A sub-image too, whose origin is not (0, 0).
	sub := src.SubImage(image.Rect(13, 7, 80, 33)).(*image.Gray)
	for _, g := range []*image.Gray{src, sub} {
		for _, f := range [][2]float64{{1.6, 1.6}, {2.5, 2.5}, {3, 3}, {1.13, 2.07}, {1, 1.5}} {
			w, h := int(float64(g.Rect.Dx())*f[0]), int(float64(g.Rect.Dy())*f[1])
			if got, want := resizeGray(g, w, h), bilinearRef(g, w, h); !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%v to %d×%d: the fast enlargement differs from the pixel-by-pixel one", g.Rect, w, h)
			}
		}
	}
}

func BenchmarkResizeGrayEnlarge(b *testing.B) {
	g := image.NewGray(image.Rect(0, 0, 1280, 720))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	for b.Loop() {
		resizeGray(g, 2560, 1440)
	}
}
