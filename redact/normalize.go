package redact

import "image"

// flatten turns text of any polarity on any background into dark text on
// white: for each pixel, how far it stands below the local "closing" (the
// background with dark strokes removed) or above the local "opening" (with
// light strokes removed), the larger of the two. Light text on coloured
// chat bubbles and buttons, which a global threshold loses, comes out like
// any other text. k is the filter width: wider than the thickest stroke.
func flatten(g *image.Gray, k int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	src := make([]uint8, w*h)
	for y := 0; y < h; y++ {
		copy(src[y*w:(y+1)*w], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	tmp := make([]uint8, w*h)
	closing := make([]uint8, w*h)
	opening := make([]uint8, w*h)
	filter2D(src, tmp, closing, w, h, k, true)
	filter2D(closing, tmp, closing, w, h, k, false)
	filter2D(src, tmp, opening, w, h, k, false)
	filter2D(opening, tmp, opening, w, h, k, true)
	// Each map also marks, wrongly, the background between strokes of the
	// other polarity (a closing fills the gaps between light letters).
	// Text is sparse, so in each tile the polarity whose map marks fewer
	// pixels is the right one; neighbouring tiles vote too, to smooth
	// the seams at bubble edges.
	tile := 2 * k
	tw, th := (w+tile-1)/tile, (h+tile-1)/tile
	dark := make([]int, tw*th)  // pixels marked as dark ink per tile
	light := make([]int, tw*th) // pixels marked as light ink per tile
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			t := (y/tile)*tw + x/tile
			if int(closing[i])-int(src[i]) > 30 {
				dark[t]++
			}
			if int(src[i])-int(opening[i]) > 30 {
				light[t]++
			}
		}
	}
	lightText := make([]bool, tw*th)
	for ty := 0; ty < th; ty++ {
		for tx := 0; tx < tw; tx++ {
			d, l := 0, 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := tx+dx, ty+dy
					if x < 0 || y < 0 || x >= tw || y >= th {
						continue
					}
					wgt := 1
					if dx == 0 && dy == 0 {
						wgt = 4
					}
					d += wgt * dark[y*tw+x]
					l += wgt * light[y*tw+x]
				}
			}
			lightText[ty*tw+tx] = l < d
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			var d int
			if lightText[(y/tile)*tw+x/tile] {
				d = int(src[i]) - int(opening[i])
			} else {
				d = int(closing[i]) - int(src[i])
			}
			// Stretch, so that faint grey text comes out dark too.
			out.Pix[y*out.Stride+x] = uint8(255 - min(255, max(0, 3*d)))
		}
	}
	return out
}

// filter2D applies a k×k max (dilate) or min filter, separably. tmp must
// be as long as src; src and dst may be the same slice. A min filter is
// the max filter of the negative.
func filter2D(src, tmp, dst []uint8, w, h, k int, dilate bool) {
	if dilate {
		dilate2D(src, tmp, dst, w, h, k)
		return
	}
	for i, v := range src {
		tmp[i] = 255 - v
	}
	neg := make([]uint8, len(src))
	copy(neg, tmp)
	dilate2D(neg, tmp, dst, w, h, k)
	for i, v := range dst {
		dst[i] = 255 - v
	}
}

// dilate2D is a k×k max filter by the van Herk/Gil-Werman algorithm: three
// comparisons per pixel and pass whatever the width. The vertical pass
// works on whole rows at a time, which keeps memory access sequential.
func dilate2D(src, tmp, dst []uint8, w, h, k int) {
	r := k / 2
	// Horizontal: src → tmp.
	m := w + 2*r
	m += (k - m%k) % k
	p := make([]uint8, m)
	g := make([]uint8, m)
	hh := make([]uint8, m)
	for y := 0; y < h; y++ {
		clear(p)
		copy(p[r:], src[y*w:(y+1)*w])
		for b := 0; b < m; b += k {
			g[b] = p[b]
			for i := b + 1; i < b+k; i++ {
				g[i] = max(g[i-1], p[i])
			}
			hh[b+k-1] = p[b+k-1]
			for i := b + k - 2; i >= b; i-- {
				hh[i] = max(hh[i+1], p[i])
			}
		}
		out := tmp[y*w : (y+1)*w]
		for i := range out {
			out[i] = max(hh[i], g[i+2*r])
		}
	}
	// Vertical: tmp → dst, a row vector at a time.
	mh := h + 2*r
	mh += (k - mh%k) % k
	gv := make([]uint8, mh*w)
	hv := make([]uint8, mh*w)
	load := func(buf []uint8, i int) { // padded row i of tmp into buf
		if i < r || i >= r+h {
			clear(buf)
			return
		}
		copy(buf, tmp[(i-r)*w:(i-r+1)*w])
	}
	for b := 0; b < mh; b += k {
		load(gv[b*w:(b+1)*w], b)
		for i := b + 1; i < b+k; i++ {
			cur, prev := gv[i*w:(i+1)*w], gv[(i-1)*w:i*w]
			load(cur, i)
			for x, v := range prev {
				cur[x] = max(v, cur[x])
			}
		}
		last := b + k - 1
		load(hv[last*w:(last+1)*w], last)
		for i := last - 1; i >= b; i-- {
			cur, next := hv[i*w:(i+1)*w], hv[(i+1)*w:(i+2)*w]
			load(cur, i)
			for x, v := range next {
				cur[x] = max(v, cur[x])
			}
		}
	}
	for y := 0; y < h; y++ {
		a, c := hv[y*w:(y+1)*w], gv[(y+2*r)*w:(y+2*r+1)*w]
		out := dst[y*w : (y+1)*w]
		for x, v := range a {
			out[x] = max(v, c[x])
		}
	}
}
