package redact

import (
	"image"
	"image/draw"
	"math"
	"sort"
)

// luma returns the Rec. 601 luminance of img, the same measure the corpus
// scorer and most OCR binarisers use.
func luma(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.NRGBA:
		for y := 0; y < b.Dy(); y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := g.Pix[y*g.Stride:]
			for x := 0; x < b.Dx(); x++ {
				p := row[x*4 : x*4+4 : x*4+4]
				// Composite over white: a transparent screenshot region
				// is shown on a light background by most viewers.
				r, gg, bb, a := int(p[0]), int(p[1]), int(p[2]), int(p[3])
				l := (299*r + 587*gg + 114*bb + 500) / 1000
				out[x] = uint8((l*a + 255*(255-a) + 127) / 255)
			}
		}
	case *image.RGBA:
		for y := 0; y < b.Dy(); y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := g.Pix[y*g.Stride:]
			for x := 0; x < b.Dx(); x++ {
				p := row[x*4 : x*4+4 : x*4+4]
				// Premultiplied: adding the white the alpha lets through.
				l := (299*int(p[0]) + 587*int(p[1]) + 114*int(p[2]) + 500) / 1000
				out[x] = uint8(min(255, l+255-int(p[3])))
			}
		}
	case *image.YCbCr:
		// Y is luma already (JPEG uses the same Rec. 601 weights).
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Y[src.YOffset(b.Min.X, b.Min.Y+y):])
		}
	default:
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				r, gg, bb, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				l := (299*r + 587*gg + 114*bb + 500) / 1000
				l = (l*a + 0xffff*(0xffff-a)) / 0xffff
				// Round to nearest, as the 8-bit paths do: one grey
				// level changes what Tesseract reads.
				g.Pix[y*g.Stride+x] = uint8((l + 128) / 257)
			}
		}
	}
	return g
}

// median returns the median grey level of g, sampling every 4th pixel.
func median(g *image.Gray) int {
	var hist [256]int
	n := 0
	for i := 0; i < len(g.Pix); i += 4 {
		hist[g.Pix[i]]++
		n++
	}
	acc := 0
	for v, c := range hist {
		acc += c
		if acc*2 >= n {
			return v
		}
	}
	return 255
}

// invert returns the negative of g.
func invert(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Rect)
	for i, v := range g.Pix {
		out.Pix[i] = 255 - v
	}
	return out
}

// resizeGray scales g to w×h: area averaging when shrinking, which keeps
// thin strokes that nearest or bilinear sampling would drop, and bilinear
// interpolation when enlarging.
func resizeGray(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w == sw && h == sh {
		draw.Draw(out, out.Rect, g, g.Rect.Min, draw.Src)
		return out
	}
	fx, fy := float64(sw)/float64(w), float64(sh)/float64(h)
	if fx >= 1 && fy >= 1 {
		// Box filter with fractional edges, separable: rows first. The
		// weights are the same for every row (and column), so they are
		// worked out once.
		xs := boxWeights(sw, w)
		ys := boxWeights(sh, h)
		tmp := make([]float32, w*sh)
		for y := 0; y < sh; y++ {
			row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):]
			out := tmp[y*w : (y+1)*w]
			for x, ws := range xs {
				var acc float32
				for _, t := range ws {
					acc += float32(row[t.i]) * t.w
				}
				out[x] = acc
			}
		}
		acc := make([]float32, w)
		for y, ws := range ys {
			clear(acc)
			for _, t := range ws {
				src := tmp[t.i*w : (t.i+1)*w]
				for x, v := range src {
					acc[x] += v * t.w
				}
			}
			dst := out.Pix[y*out.Stride : y*out.Stride+w]
			for x, v := range acc {
				dst[x] = uint8(v + 0.5)
			}
		}
		return out
	}
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)*fy - 0.5
		y0 := int(math.Floor(sy))
		wy := sy - float64(y0)
		y0c, y1c := clampInt(y0, 0, sh-1), clampInt(y0+1, 0, sh-1)
		r0 := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y0c):]
		r1 := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y1c):]
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)*fx - 0.5
			x0 := int(math.Floor(sx))
			wx := sx - float64(x0)
			x0c, x1c := clampInt(x0, 0, sw-1), clampInt(x0+1, 0, sw-1)
			top := float64(r0[x0c])*(1-wx) + float64(r0[x1c])*wx
			bot := float64(r1[x0c])*(1-wx) + float64(r1[x1c])*wx
			out.Pix[y*out.Stride+x] = uint8(math.Round(top*(1-wy) + bot*wy))
		}
	}
	return out
}

// A tap is one source pixel's weight in an output pixel.
type tap struct {
	i int
	w float32
}

// boxWeights returns, for each of n output pixels spanning src source
// pixels, the source pixels it covers and their weights (summing to 1).
func boxWeights(src, n int) [][]tap {
	f := float64(src) / float64(n)
	out := make([][]tap, n)
	for o := range out {
		a, b := float64(o)*f, float64(o+1)*f
		for i := int(a); i < src && float64(i) < b; i++ {
			lo, hi := max(a, float64(i)), min(b, float64(i+1))
			out[o] = append(out[o], tap{i, float32((hi - lo) / f)})
		}
	}
	return out
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// textHeight estimates the height in pixels of the body text of g: the
// median height of glyph-sized connected components of "ink", where ink is
// any pixel far from the most common grey of its tile. It returns 0 when it
// finds too few glyphs to say.
func textHeight(g *image.Gray) int {
	// Large screenshots are measured at half size: glyphs stay far above
	// the smallest the measure counts, and it costs a quarter.
	if g.Rect.Dx()*g.Rect.Dy() > 2_000_000 {
		return 2 * textHeight(resizeGray(g, g.Rect.Dx()/2, g.Rect.Dy()/2))
	}
	const tile = 48
	w, h := g.Rect.Dx(), g.Rect.Dy()
	ink := make([]bool, w*h)
	for ty := 0; ty < h; ty += tile {
		for tx := 0; tx < w; tx += tile {
			var hist [64]int
			x1, y1 := min(tx+tile, w), min(ty+tile, h)
			for y := ty; y < y1; y++ {
				row := g.Pix[y*g.Stride:]
				for x := tx; x < x1; x++ {
					hist[row[x]>>2]++
				}
			}
			best := 0
			for i, c := range hist {
				if c > hist[best] {
					best = i
				}
			}
			bg := best<<2 + 2
			for y := ty; y < y1; y++ {
				row := g.Pix[y*g.Stride:]
				for x := tx; x < x1; x++ {
					d := int(row[x]) - bg
					ink[y*w+x] = d > 60 || d < -60
				}
			}
		}
	}
	heights := componentHeights(ink, w, h)
	if len(heights) < 8 {
		return 0
	}
	sort.Ints(heights)
	// The upper-middle of the distribution: capitals, digits and CJK
	// glyphs are full height, while punctuation and lower case are not.
	return heights[len(heights)*2/3]
}

// componentHeights returns the heights of the glyph-shaped connected
// components of ink.
func componentHeights(ink []bool, w, h int) []int {
	var hs []int
	for _, r := range components(ink, w, h) {
		bw, bh := r.Dx(), r.Dy()
		if bh >= 5 && bh <= 200 && bw >= 2 && bw <= 2*bh {
			hs = append(hs, bh)
		}
	}
	return hs
}

// components labels the 8-connected components of ink (a w×h mask) and
// returns their bounding boxes.
func components(ink []bool, w, h int) []image.Rectangle {
	label := make([]int32, w*h)
	parent := []int32{0}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra < rb {
				parent[rb] = ra
			} else {
				parent[ra] = rb
			}
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if !ink[i] {
				continue
			}
			var l int32
			for _, n := range [4][2]int{{-1, 0}, {-1, -1}, {0, -1}, {1, -1}} {
				nx, ny := x+n[0], y+n[1]
				if nx < 0 || ny < 0 || nx >= w {
					continue
				}
				if nl := label[ny*w+nx]; nl != 0 {
					if l == 0 {
						l = nl
					} else if nl != l {
						union(l, nl)
					}
				}
			}
			if l == 0 {
				l = int32(len(parent))
				parent = append(parent, l)
			}
			label[i] = l
		}
	}
	idx := make(map[int32]int)
	var boxes []image.Rectangle
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			l := label[y*w+x]
			if l == 0 {
				continue
			}
			r := find(l)
			px := image.Rect(x, y, x+1, y+1)
			if k, ok := idx[r]; ok {
				boxes[k] = boxes[k].Union(px)
				continue
			}
			idx[r] = len(boxes)
			boxes = append(boxes, px)
		}
	}
	return boxes
}
