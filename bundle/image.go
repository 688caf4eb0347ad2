package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"image/png"
)

// flatten returns img as an opaque *image.RGBA, with transparent parts laid
// on white. It returns img itself when it already is one.
func flatten(img image.Image) *image.RGBA {
	b := img.Bounds()
	if rgba, ok := img.(*image.RGBA); ok && rgba.Opaque() && b.Min == (image.Point{}) {
		return rgba
	}
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if n, ok := img.(*image.NRGBA); ok && n.Opaque() {
		// Where every pixel is opaque, straight and premultiplied alpha
		// are the same bytes (a redacted screenshot, in memory).
		for y := range b.Dy() {
			copy(dst.Pix[y*dst.Stride:][:4*b.Dx()], n.Pix[n.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return dst
	}
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, stddraw.Src)
	stddraw.Draw(dst, dst.Bounds(), img, b.Min, stddraw.Over)
	return dst
}

// blankRows reports for each row whether it is "whitespace": uniform in
// colour, as the gaps between lines of text and between cards are. The
// outer 2% on each side are ignored (scroll bars, borders), and a row may
// have a couple of stray pixels (JPEG noise) but not the strokes of even a
// short word.
func blankRows(img *image.RGBA) []bool {
	const tol = 28
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := make([]bool, h)
	x0, x1 := w*2/100, w-w*2/100
	n := x1 - x0
	if n <= 0 {
		return out
	}
	allowed := 2 + n/1000
	for y := range h {
		row := img.Pix[y*img.Stride+4*x0 : y*img.Stride+4*x1]
		var sr, sg, sb int
		for i := 0; i < len(row); i += 4 {
			sr += int(row[i])
			sg += int(row[i+1])
			sb += int(row[i+2])
		}
		mr, mg, mb := sr/n, sg/n, sb/n
		off := 0
		for i := 0; i < len(row) && off <= allowed; i += 4 {
			if absDiff(int(row[i]), mr) > tol || absDiff(int(row[i+1]), mg) > tol || absDiff(int(row[i+2]), mb) > tol {
				off++
			}
		}
		out[y] = off <= allowed
	}
	return out
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// cuts splits rows [0, len(blank)) into pieces of at most maxRows rows,
// cutting in whitespace: for each piece it looks at the last 40% of the
// allowed height and cuts in the middle of the lowest blank band of at least
// minBand rows there (else the longest blank band, else anywhere blank, and
// only when a piece has no blank row at all, at maxRows). It returns the
// start row of each piece after the first.
func cuts(blank []bool, maxRows int) []int {
	h := len(blank)
	if maxRows < 1 || h <= maxRows {
		return nil
	}
	minBand := max(3, maxRows/200)
	var out []int
	for y0 := 0; h-y0 > maxRows; {
		lo, hi := y0+maxRows*6/10, y0+maxRows // the cut row c: lo <= c <= hi
		best, bestLen, lowest := -1, 0, -1
		for y := lo; y <= hi; {
			if !blank[y] {
				y++
				continue
			}
			// A blank band [a, b), which may extend past the window.
			a, b := y, y
			for b < h && blank[b] {
				b++
			}
			for a > y0 && blank[a-1] {
				a--
			}
			mid := min(max((a+b)/2, lo), hi)
			if b-a >= minBand {
				lowest = mid
			}
			if b-a > bestLen {
				best, bestLen = mid, b-a
			}
			y = b + 1
		}
		c := hi
		switch {
		case lowest >= 0:
			c = lowest
		case best >= 0:
			c = best
		}
		c = max(c, y0+1)
		out = append(out, c)
		y0 = c
	}
	return out
}

// encoded is one screenshot as embedded in the PDF.
type encoded struct {
	data          []byte
	format        string // "JPEG" or "PNG"
	width, height int    // pixels embedded
	level         int    // step of the quality ladder
	sha256        string
}

// A step of the quality ladder tried, in order, to fit the size budget.
type step struct {
	quality int     // JPEG quality
	scale   float64 // of the embedding's full resolution
}

var ladder = []step{
	{92, 1}, {85, 1}, {75, 1}, {60, 1},
	{70, 0.75}, {60, 0.75}, {60, 0.6}, {55, 0.5},
}

// encode re-encodes img at ladder step lvl. base is the scale that brings
// img to the embedding's full resolution (1 or less). At the first step a
// PNG is tried as well and kept when smaller, which it is for flat images;
// with tryPNG, it is tried at the downscaled steps too. scaled caches
// downscaled copies of img between calls (nil: no cache).
func encode(img *image.RGBA, base float64, lvl int, tryPNG bool, scaled map[float64]*image.RGBA) (encoded, error) {
	st := ladder[lvl]
	src := img
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if s := base * st.scale; s < 0.999 {
		w, h = max(1, int(float64(w)*s+0.5)), max(1, int(float64(h)*s+0.5))
		if src = scaled[s]; src == nil {
			src = downscale(img, w, h)
			if scaled != nil {
				scaled[s] = src
			}
		}
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, src, &jpeg.Options{Quality: st.quality}); err != nil {
		return encoded{}, fmt.Errorf("encoding JPEG: %w", err)
	}
	e := encoded{data: jb.Bytes(), format: "JPEG", width: w, height: h, level: lvl}
	if (lvl == 0 || tryPNG && st.scale < 1) && w*h <= 8_000_000 {
		// Deflate's fastest level: twice as fast as the default, for
		// files a few per cent larger.
		var pb bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&pb, src); err == nil && pb.Len() < jb.Len() {
			e.data, e.format = pb.Bytes(), "PNG"
		}
	}
	sum := sha256.Sum256(e.data)
	e.sha256 = hex.EncodeToString(sum[:])
	return e, nil
}

// downscale shrinks img to w×h by area averaging: each new pixel is the
// mean of the source pixels it covers, weighted by how much of each it
// covers. That keeps small text readable without ringing, and it works a
// row at a time, so memory stays at two rows of floats (x/image/draw's
// kernel scalers allocate a float buffer of width × source height).
func downscale(img *image.RGBA, w, h int) *image.RGBA {
	sw, sh := img.Rect.Dx(), img.Rect.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	type tap struct {
		x int
		w float32
	}
	// Horizontal taps of each destination column.
	kx := float64(sw) / float64(w)
	taps := make([][]tap, w)
	for x := range w {
		a, b := float64(x)*kx, float64(x+1)*kx
		for sx := int(a); sx < sw && float64(sx) < b; sx++ {
			cover := min(b, float64(sx+1)) - max(a, float64(sx))
			if cover > 0 {
				taps[x] = append(taps[x], tap{sx, float32(cover / kx)})
			}
		}
	}
	row := make([]float32, 4*w) // one source row, resampled horizontally
	acc := make([]float32, 4*w)
	ky := float64(sh) / float64(h)
	for y := range h {
		clear(acc)
		a, b := float64(y)*ky, float64(y+1)*ky
		for sy := int(a); sy < sh && float64(sy) < b; sy++ {
			wy := float32((min(b, float64(sy+1)) - max(a, float64(sy))) / ky)
			if wy <= 0 {
				continue
			}
			p := img.Pix[sy*img.Stride:]
			for x, ts := range taps {
				var r, g, bl float32
				for _, t := range ts {
					q := p[4*t.x:]
					r += t.w * float32(q[0])
					g += t.w * float32(q[1])
					bl += t.w * float32(q[2])
				}
				row[4*x], row[4*x+1], row[4*x+2] = r, g, bl
			}
			for i := 0; i < len(acc); i += 4 {
				acc[i] += wy * row[i]
				acc[i+1] += wy * row[i+1]
				acc[i+2] += wy * row[i+2]
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for i := 0; i < len(acc); i += 4 {
			out[i] = uint8(min(255, acc[i]+0.5))
			out[i+1] = uint8(min(255, acc[i+1]+0.5))
			out[i+2] = uint8(min(255, acc[i+2]+0.5))
			out[i+3] = 255
		}
	}
	return dst
}
