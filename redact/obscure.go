package redact

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// Obscure hides rectangle r of img in place, by rule's method.
//
// No method keeps any function of the pixels inside r: published attacks
// recover text from pixelation (Depix, Unredacter) and from blur (hidden
// Markov models over mosaic and blur, PETS 2016), so [Blur] and [Pixelate]
// here are looks painted from the ring of background just outside r and a
// pseudo-random texture seeded by r's position. [Box] fills r with a solid
// colour; with the automatic colour it is black on light backgrounds and
// grey on dark ones.
func Obscure(img *image.NRGBA, r image.Rectangle, rule Rule) {
	obscureOver(img, img, r, rule)
}

// obscureOver hides r of img as Obscure does, with the background taken
// from bgImg, the image before any box was painted: the ring of a line
// between two hidden ones lies on their boxes in img, and would make a
// light page's box the grey of a dark one, which leaves black text
// readable through it.
func obscureOver(img, bgImg *image.NRGBA, r image.Rectangle, rule Rule) {
	r = r.Intersect(img.Rect)
	if r.Empty() {
		return
	}
	bg := ringColor(bgImg, r)
	switch rule.Method {
	case Blur:
		paintBlur(img, r, bg)
	case Pixelate:
		paintMosaic(img, r, bg)
	default:
		c := rule.Color
		if c.A == 0 {
			c = autoBoxColor(bg)
		}
		c.A = 255
		fillNRGBA(img, r, c)
	}
}

// autoBoxColor is black on light backgrounds and a mid grey on dark ones,
// where black would look like an empty space rather than a redaction.
func autoBoxColor(bg color.NRGBA) color.NRGBA {
	if lum(bg) < 100 {
		return color.NRGBA{0x5a, 0x5e, 0x66, 255}
	}
	return color.NRGBA{0, 0, 0, 255}
}

func lum(c color.NRGBA) int {
	return (299*int(c.R) + 587*int(c.G) + 114*int(c.B) + 500) / 1000
}

func fillNRGBA(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):]
		for x := 0; x < r.Dx(); x++ {
			copy(row[x*4:x*4+4], []uint8{c.R, c.G, c.B, c.A})
		}
	}
}

// ringColor is the per-channel median of the 2-pixel ring around r: the
// local background, as far as anything outside r can tell.
func ringColor(img *image.NRGBA, r image.Rectangle) color.NRGBA {
	var rs, gs, bs []int
	add := func(x, y int) {
		if !(image.Point{x, y}).In(img.Rect) || (image.Point{x, y}).In(r) {
			return
		}
		p := img.Pix[img.PixOffset(x, y):]
		rs, gs, bs = append(rs, int(p[0])), append(gs, int(p[1])), append(bs, int(p[2]))
	}
	o := r.Inset(-2)
	for x := o.Min.X; x < o.Max.X; x++ {
		for y := o.Min.Y; y < r.Min.Y; y++ {
			add(x, y)
		}
		for y := r.Max.Y; y < o.Max.Y; y++ {
			add(x, y)
		}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := o.Min.X; x < r.Min.X; x++ {
			add(x, y)
		}
		for x := r.Max.X; x < o.Max.X; x++ {
			add(x, y)
		}
	}
	if len(rs) == 0 {
		return color.NRGBA{255, 255, 255, 255}
	}
	med := func(v []int) uint8 { sort.Ints(v); return uint8(v[len(v)/2]) }
	return color.NRGBA{med(rs), med(gs), med(bs), 255}
}

// rng is a small deterministic generator (splitmix64), seeded from the
// rectangle's position so the same input gives the same output.
type rng uint64

func (s *rng) next() float64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

func seedFor(r image.Rectangle) rng {
	return rng(uint64(r.Min.X)<<48 ^ uint64(r.Min.Y)<<32 ^ uint64(r.Dx())<<16 ^ uint64(r.Dy()))
}

// contrast returns a tone that stands off bg the way text would: darker on
// light backgrounds, lighter on dark ones. It depends on bg alone.
func contrast(bg color.NRGBA, amount float64) color.NRGBA {
	mix := func(v uint8, t float64) uint8 { return uint8(float64(v) + (t-float64(v))*amount) }
	t := 0.0
	if lum(bg) < 128 {
		t = 255
	}
	return color.NRGBA{mix(bg.R, t), mix(bg.G, t), mix(bg.B, t), 255}
}

// paintBlur paints soft word-like smudges over the background colour, the
// look of blurred text without its substance.
func paintBlur(img *image.NRGBA, r image.Rectangle, bg color.NRGBA) {
	fg := contrast(bg, 0.35)
	s := seedFor(r)
	h := float64(r.Dy())
	if h < 24 {
		// Too small for smudges to look like anything but the line
		// they replace: a faint mottle instead.
		fg = contrast(bg, 0.12)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				setMix(img, x, y, bg, fg, s.next())
			}
		}
		return
	}
	// Word shapes: a row of ellipses along the middle of the box.
	type blob struct{ cx, cy, rx, ry, a float64 }
	var blobs []blob
	for x := float64(r.Min.X) + h*0.4; x < float64(r.Max.X)-h*0.3; {
		w := h * (0.8 + 1.6*s.next())
		blobs = append(blobs, blob{x + w/2, float64(r.Min.Y) + h/2, w / 2, h * (0.22 + 0.08*s.next()), 0.55 + 0.35*s.next()})
		x += w + h*(0.25+0.2*s.next())
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			a := 0.0
			for _, b := range blobs {
				dx, dy := (float64(x)+0.5-b.cx)/b.rx, (float64(y)+0.5-b.cy)/b.ry
				d := dx*dx + dy*dy
				if d < 4 {
					a = math.Max(a, b.a*math.Exp(-1.6*d))
				}
			}
			setMix(img, x, y, bg, fg, a)
		}
	}
}

// paintMosaic paints square tiles of random tones between the background
// and a contrasting tone: the look of pixelation with nothing behind it.
func paintMosaic(img *image.NRGBA, r image.Rectangle, bg color.NRGBA) {
	fg := contrast(bg, 0.5)
	s := seedFor(r)
	tile := max(4, r.Dy()/3)
	for ty := r.Min.Y; ty < r.Max.Y; ty += tile {
		for tx := r.Min.X; tx < r.Max.X; tx += tile {
			a := s.next() * 0.8
			for y := ty; y < min(ty+tile, r.Max.Y); y++ {
				for x := tx; x < min(tx+tile, r.Max.X); x++ {
					setMix(img, x, y, bg, fg, a)
				}
			}
		}
	}
}

func setMix(img *image.NRGBA, x, y int, bg, fg color.NRGBA, a float64) {
	p := img.Pix[img.PixOffset(x, y):]
	p[0] = uint8(float64(bg.R)*(1-a) + float64(fg.R)*a + 0.5)
	p[1] = uint8(float64(bg.G)*(1-a) + float64(fg.G)*a + 0.5)
	p[2] = uint8(float64(bg.B)*(1-a) + float64(fg.B)*a + 0.5)
	p[3] = 255
}
