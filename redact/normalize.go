package redact

import (
	"encoding/binary"
	"image"
)

// flatten turns text of any polarity on any background into dark text on
// white: for each pixel, how far it stands below the local "closing" (the
// background with dark strokes removed) or above the local "opening" (with
// light strokes removed), the larger of the two. Light text on coloured
// chat bubbles and buttons, which a global threshold loses, comes out like
// any other text. k is the filter width: wider than the thickest stroke.
func flatten(g *image.Gray, k int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	src := g.Pix[: w*h : w*h] // read only
	if g.Stride != w {
		src = make([]uint8, w*h)
		for y := 0; y < h; y++ {
			copy(src[y*w:(y+1)*w], g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w])
		}
	}
	m := newMorph(w, h, k)
	closing := make([]uint8, w*h)
	opening := make([]uint8, w*h)
	m.filter(src, closing, true)
	m.filter(closing, closing, false)
	m.filter(src, opening, false)
	m.filter(opening, opening, true)
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
		row := y * w
		trow := (y / tile) * tw
		for x0, t := 0, trow; x0 < w; x0, t = x0+tile, t+1 {
			x1 := min(w, x0+tile)
			s, c, o := src[row+x0:row+x1], closing[row+x0:row+x1], opening[row+x0:row+x1]
			c, o = c[:len(s)], o[:len(s)]
			nd, nl := 0, 0
			for i, v := range s {
				if int(c[i])-int(v) > 30 {
					nd++
				}
				if int(v)-int(o[i]) > 30 {
					nl++
				}
			}
			dark[t] += nd
			light[t] += nl
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
		row := y * w
		trow := (y / tile) * tw
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x0, t := 0, trow; x0 < w; x0, t = x0+tile, t+1 {
			x1 := min(w, x0+tile)
			s, d := src[row+x0:row+x1], dst[x0:x1]
			d = d[:len(s)]
			// Stretch, so that faint grey text comes out dark too.
			if lightText[t] {
				o := opening[row+x0 : row+x1]
				o = o[:len(s)]
				for i, v := range s {
					d[i] = 255 - uint8(min(255, max(0, 3*(int(v)-int(o[i])))))
				}
			} else {
				c := closing[row+x0 : row+x1]
				c = c[:len(s)]
				for i, v := range s {
					d[i] = 255 - uint8(min(255, max(0, 3*(int(c[i])-int(v)))))
				}
			}
		}
	}
	return out
}

// morph filters w×h images with a k×k max (dilation) or min (erosion)
// filter, separably, by the van Herk/Gil-Werman algorithm: three
// comparisons per pixel and pass whatever k. Its buffers are reused from
// one filter to the next. Pixels outside the image count as absent.
type morph struct {
	w, h, k, r int
	tmp        []uint8 // the horizontal pass's output
	p, g, hh   []uint8 // one padded row and its running maxima, both ways
	gv, hv     []uint8 // the same for a strip of padded columns, a row at a time
}

func newMorph(w, h, k int) *morph {
	r := k / 2
	m := w + 2*r
	m += (k - m%k) % k
	mh := h + 2*r
	mh += (k - mh%k) % k
	return &morph{
		w: w, h: h, k: k, r: r,
		tmp: make([]uint8, w*h),
		p:   make([]uint8, m), g: make([]uint8, m), hh: make([]uint8, m),
		gv: make([]uint8, mh*stripWidth), hv: make([]uint8, mh*stripWidth),
	}
}

// filter writes to dst the max (dilate) or min filter of src; they may be
// the same slice.
func (m *morph) filter(src, dst []uint8, dilate bool) {
	w, h, k, r := m.w, m.h, m.k, m.r
	// The padding value is the one that never wins.
	var pad uint8
	comb := maxRow
	if !dilate {
		pad = 255
		comb = minRow
	}
	// Horizontal: src → tmp.
	p, g, hh := m.p, m.g, m.hh
	for y := 0; y < h; y++ {
		for i := range p[:r] {
			p[i] = pad
		}
		copy(p[r:], src[y*w:(y+1)*w])
		for i := r + w; i < len(p); i++ {
			p[i] = pad
		}
		for b := 0; b < len(p); b += k {
			pb, gb, hb := p[b:b+k], g[b:b+k], hh[b:b+k]
			gb, hb = gb[:len(pb)], hb[:len(pb)]
			v := pb[0]
			if dilate {
				for i, x := range pb {
					v = max(v, x)
					gb[i] = v
				}
				v = pb[len(pb)-1]
				for i := len(pb) - 1; i >= 0; i-- {
					v = max(v, pb[i])
					hb[i] = v
				}
			} else {
				for i, x := range pb {
					v = min(v, x)
					gb[i] = v
				}
				v = pb[len(pb)-1]
				for i := len(pb) - 1; i >= 0; i-- {
					v = min(v, pb[i])
					hb[i] = v
				}
			}
		}
		comb(m.tmp[y*w:(y+1)*w], hh[:w], g[2*r:2*r+w])
	}
	// Vertical: tmp → dst, a row vector at a time, in strips of columns
	// so that the running maxima of a strip stay small.
	mh := len(m.gv) / stripWidth
	gv, hv := m.gv, m.hv
	for x0 := 0; x0 < w; x0 += stripWidth {
		sw := min(stripWidth, w-x0)
		load := func(buf []uint8, i int) { // padded row i of the strip into buf
			if i < r || i >= r+h {
				for j := range buf {
					buf[j] = pad
				}
				return
			}
			copy(buf, m.tmp[(i-r)*w+x0:(i-r)*w+x0+sw])
		}
		row := func(buf []uint8, i int) []uint8 { return buf[i*stripWidth : i*stripWidth+sw] }
		for b := 0; b < mh; b += k {
			load(row(gv, b), b)
			for i := b + 1; i < b+k; i++ {
				cur := row(gv, i)
				load(cur, i)
				comb(cur, row(gv, i-1), cur)
			}
			last := b + k - 1
			load(row(hv, last), last)
			for i := last - 1; i >= b; i-- {
				cur := row(hv, i)
				load(cur, i)
				comb(cur, row(hv, i+1), cur)
			}
		}
		for y := 0; y < h; y++ {
			comb(dst[y*w+x0:y*w+x0+sw], row(hv, y), row(gv, y+2*r))
		}
	}
}

// stripWidth is the width of the column strips of morph's vertical pass.
const stripWidth = 512

// maxRow and minRow set dst[i] to the max or min of a[i] and b[i], eight
// bytes at a time (a SIMD-within-a-register compare of unsigned bytes).
// dst may be a or b.
func maxRow(dst, a, b []uint8) {
	n := len(dst)
	a, b = a[:n], b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		x, y := binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(dst[i:], y^((x^y)&geMask(x, y)))
	}
	for ; i < n; i++ {
		dst[i] = max(a[i], b[i])
	}
}

func minRow(dst, a, b []uint8) {
	n := len(dst)
	a, b = a[:n], b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		x, y := binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(dst[i:], x^((x^y)&geMask(x, y)))
	}
	for ; i < n; i++ {
		dst[i] = min(a[i], b[i])
	}
}

// geMask returns 0xff in each byte where x's byte is at least y's, 0
// elsewhere. t's top bit per byte compares the low seven bits (the |hi
// keeps each byte's subtraction from borrowing from the next); where the
// top bits differ, they decide.
func geMask(x, y uint64) uint64 {
	const hi = 0x8080808080808080
	t := (x | hi) - (y &^ hi)
	ge := ((x &^ y) | (^(x ^ y) & t)) & hi
	return (ge >> 7) * 0xff
}
