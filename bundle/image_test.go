package bundle

import (
	"bytes"
	"image"
	"image/color"
	stddraw "image/draw"
	"math/rand/v2"
	"testing"
)

// tallPage draws a long scrolling screenshot: lines of "text" (runs of dark
// glyph-like blobs of random widths, some lines a single short word) between
// gaps of varying height, on a light background with a scroll bar at the
// right edge. It returns the image and the rows each text line occupies.
func tallPage(w, h int, seed uint64) (*image.RGBA, [][2]int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{246, 247, 249, 255}
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = bg.R, bg.G, bg.B, 255
	}
	// Scroll bar: 8 px at the right edge, from top to bottom.
	for y := range h {
		for x := w - 12; x < w-4; x++ {
			img.SetRGBA(x, y, color.RGBA{160, 160, 160, 255})
		}
	}
	var lines [][2]int
	y := 40
	for {
		lh := 28 + rng.IntN(20) // glyph height
		if y+lh > h-40 {
			break
		}
		x := 48
		end := w - 60
		if rng.IntN(6) == 0 {
			end = x + 40 + rng.IntN(40) // a single short word, e.g. "OK"
		}
		for x < end {
			gw := 10 + rng.IntN(14)
			// A glyph: strokes that cover part of the cell at every row.
			for gy := y; gy < y+lh; gy++ {
				for gx := x; gx < min(x+gw, end); gx++ {
					if (gx+gy)%5 < 2 || gx-x < 3 {
						img.SetRGBA(gx, gy, color.RGBA{30, 30, 40, 255})
					}
				}
			}
			x += gw + 3
			if rng.IntN(5) == 0 {
				x += 14 // a space between words
			}
		}
		lines = append(lines, [2]int{y, y + lh})
		gap := 14 + rng.IntN(16)
		if rng.IntN(7) == 0 {
			gap = 60 + rng.IntN(80) // between cards or paragraphs
		}
		y += lh + gap
	}
	return img, lines
}

func TestCutsAvoidText(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w, h    int
		maxRows int
	}{
		{"phone scroll", 1170, 20000, 2574},
		{"narrow", 600, 9000, 1300},
		{"short pages", 1170, 6000, 700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, lines := tallPage(tc.w, tc.h, uint64(tc.h))
			cs := cuts(blankRows(img), tc.maxRows)
			if want := tc.h / tc.maxRows; len(cs) < want {
				t.Fatalf("%d cuts, want at least %d", len(cs), want)
			}
			prev := 0
			for _, c := range cs {
				if c-prev > tc.maxRows || c <= prev {
					t.Errorf("piece [%d, %d) is %d rows, limit %d", prev, c, c-prev, tc.maxRows)
				}
				if c-prev < tc.maxRows/2 {
					t.Errorf("piece [%d, %d) is only %d rows: pages would be half empty", prev, c, c-prev)
				}
				for _, l := range lines {
					if c >= l[0] && c < l[1] {
						t.Errorf("cut at row %d passes through the text line at rows [%d, %d)", c, l[0], l[1])
					}
				}
				prev = c
			}
			if tc.h-prev > tc.maxRows {
				t.Errorf("last piece is %d rows, limit %d", tc.h-prev, tc.maxRows)
			}
		})
	}
}

func TestCutsWithoutWhitespace(t *testing.T) {
	// A photo-like image with no blank rows is cut at the limit.
	blank := make([]bool, 1000)
	got := cuts(blank, 300)
	want := []int{300, 600, 900}
	if len(got) != len(want) {
		t.Fatalf("cuts = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("cuts = %v, want %v", got, want)
		}
	}
	if cuts(blank, 1000) != nil || cuts(blank, 5000) != nil {
		t.Error("an image that fits was cut")
	}
}

func TestBlankRows(t *testing.T) {
	img, lines := tallPage(800, 600, 7)
	blank := blankRows(img)
	for _, l := range lines {
		for y := l[0]; y < l[1]; y++ {
			if blank[y] {
				t.Fatalf("row %d inside the text line [%d, %d) counted as blank", y, l[0], l[1])
			}
		}
	}
	if !blank[5] {
		t.Error("the top margin (background and scroll bar only) is not blank")
	}
}

func TestEncodeLadder(t *testing.T) {
	// A photo-like image: JPEG wins, and each step is smaller.
	rng := rand.New(rand.NewPCG(1, 2))
	photo := image.NewRGBA(image.Rect(0, 0, 600, 800))
	for i := range photo.Pix {
		photo.Pix[i] = uint8(128 + rng.IntN(40) + i/4%600/10)
	}
	var prev int
	for lvl := range ladder {
		e, err := encode(photo, 1, lvl, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e.format != "JPEG" {
			t.Errorf("step %d: %s, want JPEG", lvl, e.format)
		}
		if lvl > 0 && len(e.data) >= prev {
			t.Errorf("step %d: %d bytes, not less than step %d's %d", lvl, len(e.data), lvl-1, prev)
		}
		if want := int(600*ladder[lvl].scale + 0.5); e.width != want {
			t.Errorf("step %d: width %d, want %d", lvl, e.width, want)
		}
		if len(e.sha256) != 64 {
			t.Errorf("step %d: sha256 %q", lvl, e.sha256)
		}
		prev = len(e.data)
	}
	// A flat image compresses better as PNG; at a scaled step the smaller of
	// PNG and JPEG is kept.
	flat, _ := tallPage(600, 1200, 3)
	e0, err := encode(flat, 1, 0, false, nil)
	if err != nil || e0.format != "PNG" {
		t.Fatalf("flat image: %s, %v; want PNG", e0.format, err)
	}
	withPNG, err1 := encode(flat, 1, 4, true, nil)
	jpegOnly, err2 := encode(flat, 1, 4, false, nil)
	if err1 != nil || err2 != nil || len(withPNG.data) > len(jpegOnly.data) || jpegOnly.format != "JPEG" {
		t.Errorf("flat image at step 4: %s %d bytes, JPEG only %s %d bytes", withPNG.format, len(withPNG.data), jpegOnly.format, len(jpegOnly.data))
	}
}

func TestDownscale(t *testing.T) {
	// A 2×2 checkerboard of black and white averages to mid grey at half
	// size; a uniform colour stays the same at any scale.
	src := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			v := uint8(0)
			if (x+y)%2 == 0 {
				v = 255
			}
			src.SetRGBA(x, y, color.RGBA{v, v, v, 255})
		}
	}
	half := downscale(src, 20, 15)
	for i := 0; i < len(half.Pix); i += 4 {
		if d := absDiff(int(half.Pix[i]), 128); d > 1 {
			t.Fatalf("pixel %d = %d, want 128±1", i/4, half.Pix[i])
		}
	}
	flat := image.NewRGBA(image.Rect(0, 0, 33, 17))
	for i := range flat.Pix {
		flat.Pix[i] = []uint8{200, 100, 50, 255}[i%4]
	}
	small := downscale(flat, 25, 13)
	if small.Rect.Dx() != 25 || small.Rect.Dy() != 13 {
		t.Fatalf("size %v", small.Rect)
	}
	for i := 0; i < len(small.Pix); i += 4 {
		if small.Pix[i] != 200 || small.Pix[i+1] != 100 || small.Pix[i+2] != 50 || small.Pix[i+3] != 255 {
			t.Fatalf("pixel %d = %v, want {200 100 50 255}", i/4, small.Pix[i:i+4])
		}
	}
}

// flatten gives the same pixels by its shortcuts (an opaque RGBA or NRGBA)
// as by laying the image on white, and a translucent image does go on
// white.
func TestFlatten(t *testing.T) {
	r := image.Rect(2, 3, 30, 20)
	n := image.NewNRGBA(r)
	for i := range n.Pix {
		n.Pix[i] = uint8(i * 13)
		if i%4 == 3 {
			n.Pix[i] = 255
		}
	}
	onWhite := func(img image.Image) *image.RGBA {
		b := img.Bounds()
		dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		stddraw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, stddraw.Src)
		stddraw.Draw(dst, dst.Rect, img, b.Min, stddraw.Over)
		return dst
	}
	for _, img := range []image.Image{n, n.SubImage(image.Rect(5, 6, 20, 19))} {
		if got, want := flatten(img), onWhite(img); !bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
			t.Errorf("opaque %v: flatten differs from drawing on white", img.Bounds())
		}
	}
	n.Pix[3] = 0 // one transparent pixel: on white
	got := flatten(n)
	if c := got.RGBAAt(0, 0); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("transparent pixel = %v, want white", c)
	}
	if !bytes.Equal(got.Pix[4:], onWhite(n).Pix[4:]) {
		t.Error("translucent image: flatten differs from drawing on white")
	}
}

// A tall screenshot whose last part would be a few rows (a tab bar) shows
// them on the page before, a little smaller, rather than on a page of
// their own; every page still fits.
func TestLayoutNoSliverPage(t *testing.T) {
	const w = 1170
	_, boxH := boxSize(false)
	rows := int(boxH / min((pageW-2*margin)/w, boxH/(tallAspect*w), maxMagnify))
	for _, tc := range []struct {
		name  string
		h     int
		pages int
	}{
		{"a sliver after one page", rows + rows/10, 1},
		{"a sliver after two pages", 2*rows + rows/12, 2},
		{"a real last page", rows + rows/2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, _ := tallPage(w, tc.h, uint64(tc.h))
			p, err := layout(img)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.segs) != tc.pages {
				t.Fatalf("%d pages %v, want %d", len(p.segs), p.segs, tc.pages)
			}
			if p.segs[0][0] != 0 || p.segs[len(p.segs)-1][1] != tc.h {
				t.Errorf("pages %v do not cover rows [0, %d)", p.segs, tc.h)
			}
			for i, seg := range p.segs {
				if i > 0 && seg[0] != p.segs[i-1][1] {
					t.Errorf("pages %v leave a gap", p.segs)
				}
				if shown := float64(seg[1]-seg[0]) * p.pageScale(seg); shown > boxH+1e-9 {
					t.Errorf("page %d shows %.1f mm, more than the %.1f mm there is", i+1, shown, boxH)
				}
				if s := p.pageScale(seg) / p.mmPerPx; s < 1/(1+sliverShare)-1e-9 {
					t.Errorf("page %d shrunk to %.2f", i+1, s)
				}
			}
		})
	}
}
