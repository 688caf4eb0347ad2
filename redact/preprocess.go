package redact

import (
	"image"
	"image/draw"
	"math"
	"slices"
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

// polarize returns g with its dark-background regions inverted, so that
// all its text is dark on light, as Tesseract is trained to read it. One
// decision per image is not enough: a PDF viewer or a mail client shows a
// white page in a dark frame, a light page has a black banner, a dark app
// a white dialog; inverting the whole of such an image because most of it
// is dark makes the white page unreadable.
//
// The image's median decides, as before, for all but its clearly opposite
// regions: runs of tiles (of about two text heights) whose median is near
// white in a dark image or near black in a light one, at least four by
// four text heights. Mid-grey surfaces (chat bubbles, cards, buttons)
// follow the image, so that no tile edge cuts a line of text in two. g is
// not modified; it is returned itself when nothing is to be inverted.
func polarize(g *image.Gray, th int) *image.Gray {
	base := median(g) < 110
	t := max(8, 2*th)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	cols, rows := (w+t-1)/t, (h+t-1)/t
	opp := make([]bool, cols*rows)
	var hist [256]int
	for ty := 0; ty < rows; ty++ {
		for tx := 0; tx < cols; tx++ {
			hist = [256]int{}
			n := 0
			for y := ty * t; y < min(h, (ty+1)*t); y++ {
				row := g.Pix[y*g.Stride : y*g.Stride+w]
				for x := tx * t; x < min(w, (tx+1)*t); x++ {
					hist[row[x]]++
					n++
				}
			}
			acc := 0
			for v, c := range hist {
				acc += c
				if 2*acc >= n {
					opp[ty*cols+tx] = base && v >= 170 || !base && v <= 70
					break
				}
			}
		}
	}
	// Runs too small to be a region take the polarity around them: first
	// small opposite runs, then small holes in the opposite regions (a
	// tile over a bold heading in a black banner).
	const minTiles = 4
	for _, v := range []bool{true, false} {
		for _, c := range tileRuns(opp, cols, rows, v) {
			if len(c) < minTiles*minTiles {
				for _, i := range c {
					opp[i] = !v
				}
			}
		}
	}
	if !slices.Contains(opp, true) {
		if base {
			return invert(g)
		}
		return g
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := 0; x < w; x++ {
			if opp[(y/t)*cols+x/t] != base {
				dst[x] = 255 - src[x]
			} else {
				dst[x] = src[x]
			}
		}
	}
	out.Rect = g.Rect
	return out
}

// tileRuns returns the 4-connected runs of tiles whose value is v, each as
// the tiles' indices.
func tileRuns(grid []bool, cols, rows int, v bool) [][]int {
	seen := make([]bool, len(grid))
	var runs [][]int
	for i := range grid {
		if grid[i] != v || seen[i] {
			continue
		}
		run := []int{i}
		seen[i] = true
		for k := 0; k < len(run); k++ {
			j := run[k]
			x, y := j%cols, j/cols
			for _, n := range [][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if n[0] < 0 || n[1] < 0 || n[0] >= cols || n[1] >= rows {
					continue
				}
				if m := n[1]*cols + n[0]; grid[m] == v && !seen[m] {
					seen[m] = true
					run = append(run, m)
				}
			}
		}
		runs = append(runs, run)
	}
	return runs
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
	// Bilinear: each output column's two source columns and weight are
	// the same on every row, so they are worked out once.
	xs := make([]lerpTap, w)
	for x := range xs {
		xs[x] = newLerpTap(x, fx, sw)
	}
	for y := 0; y < h; y++ {
		ty := newLerpTap(y, fy, sh)
		r0 := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+ty.i0):]
		r1 := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+ty.i1):]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, t := range xs {
			top := float64(r0[t.i0])*(1-t.w) + float64(r0[t.i1])*t.w
			bot := float64(r1[t.i0])*(1-t.w) + float64(r1[t.i1])*t.w
			// The value is in [0, 255]: adding a half and truncating
			// rounds to nearest, halves up, as math.Round does, at a
			// fraction of its cost (TestResizeGrayEnlarge).
			dst[x] = uint8(top*(1-ty.w) + bot*ty.w + 0.5)
		}
	}
	return out
}

// A lerpTap is where output pixel o of a bilinear resize samples its
// source: between pixels i0 and i1, w of the way to i1.
type lerpTap struct {
	i0, i1 int
	w      float64
}

// newLerpTap returns the tap of output pixel o, with f source pixels per
// output pixel and n source pixels, centres aligned.
func newLerpTap(o int, f float64, n int) lerpTap {
	s := (float64(o)+0.5)*f - 0.5
	i := int(math.Floor(s))
	return lerpTap{clampInt(i, 0, n-1), clampInt(i+1, 0, n-1), s - float64(i)}
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
