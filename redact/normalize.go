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

// filter2D applies a k×k max (dilate) or min filter, separably.
func filter2D(src, tmp, dst []uint8, w, h, k int, dilate bool) {
	r := k / 2
	line := make([]uint8, max(w, h))
	res := make([]uint8, max(w, h))
	for y := 0; y < h; y++ {
		copy(line[:w], src[y*w:(y+1)*w])
		minmax1D(line[:w], res[:w], r, dilate)
		copy(tmp[y*w:(y+1)*w], res[:w])
	}
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			line[y] = tmp[y*w+x]
		}
		minmax1D(line[:h], res[:h], r, dilate)
		for y := 0; y < h; y++ {
			dst[y*w+x] = res[y]
		}
	}
}

// minmax1D is the van Herk/Gil-Werman running max (or min) over a window of
// radius r, clipped at the ends: three comparisons per element whatever the
// width.
func minmax1D(in, out []uint8, r int, dilate bool) {
	n := len(in)
	k := 2*r + 1
	pick := func(a, b uint8) uint8 {
		if (a > b) == dilate {
			return a
		}
		return b
	}
	var pad uint8 = 255
	if dilate {
		pad = 0
	}
	// Padded input: r on each side, rounded up to whole blocks.
	m := n + 2*r
	m += (k - m%k) % k
	p := make([]uint8, m)
	for i := range p {
		p[i] = pad
	}
	copy(p[r:], in)
	g := make([]uint8, m)  // prefix extreme within each block
	hh := make([]uint8, m) // suffix extreme within each block
	for b := 0; b < m; b += k {
		g[b] = p[b]
		for i := b + 1; i < b+k; i++ {
			g[i] = pick(g[i-1], p[i])
		}
		hh[b+k-1] = p[b+k-1]
		for i := b + k - 2; i >= b; i-- {
			hh[i] = pick(hh[i+1], p[i])
		}
	}
	for i := 0; i < n; i++ {
		// Window over p[i .. i+2r].
		out[i] = pick(hh[i], g[i+2*r])
	}
}
