package redact

import (
	"context"
	"image"
	"image/draw"
	"slices"
	"sort"
)

// rescue reads the text the first OCR pass missed. Tesseract's binariser
// loses light text on coloured backgrounds (chat bubbles, buttons, a card
// number on a gradient) even with a local threshold. Such text still shows
// as ink in the polarity-free flattened image (see flatten); the lines of
// ink that no word covers are cut out, stacked into one small image and
// read in a single extra call, which costs a fraction of a second pass over
// the page. words and the result are in og's coordinates; th is the text
// height there. An engine that reads pages only is not asked (see
// readPieces), and nothing is rescued.
func rescue(ctx context.Context, e Engine, og *image.Gray, words []Word, th int) ([]Word, error) {
	if _, ok := e.(BlockReader); !ok {
		return nil, nil
	}
	if th <= 0 {
		th = targetTextHeight
	}
	k := max(9, th*3/4) | 1
	f := flatten(og, k)
	w, h := f.Rect.Dx(), f.Rect.Dy()
	ink := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			ink[y*w+x] = f.Pix[y*f.Stride+x] < 150
		}
	}
	all := make([]bool, len(ink))
	copy(all, ink)
	for _, wd := range words {
		if !plausible(wd) {
			// A garbled reading ("Se" across a whole e-mail address)
			// does not count as read.
			continue
		}
		r := wd.Box.Inset(-th / 3).Intersect(f.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				ink[y*w+x] = false
			}
		}
	}
	var glyphs []image.Rectangle
	for _, c := range components(ink, w, h) {
		if c.Dy()*5 >= th*2 && c.Dy() <= th*5/2 && c.Dx() <= 3*c.Dy() {
			glyphs = append(glyphs, c)
		}
	}
	regions := lineRegions(glyphs, th)
	if len(regions) == 0 {
		return nil, nil
	}
	// A line is often half read: OCR took a few characters of it as a
	// garbled word. Widen each region over all the ink of its line.
	for i, r := range regions {
		regions[i] = widenOverInk(all, w, r, th)
	}
	regions = dropCovered(regions)
	got, err := readStacked(ctx, e, f, regions, th/2)
	if err != nil {
		return nil, err
	}
	return append(got, unread(regions, got)...), nil
}

// unreadText stands for a line of ink the engine returned nothing for.
const unreadText = "???"

// unread returns a placeholder word, unreadText with no confidence, for
// each region none of got lies in: Tesseract drops some lines whole (a
// bold "陈杰" beside its "姓名" label reads as nothing at any scale). The
// reread pass tries such a line again; if it stays unread, a label before
// it still hides it (fail closed, see [detectors.labelled]).
func unread(regions []image.Rectangle, got []Word) []Word {
	var out []Word
	for i, r := range regions {
		if !slices.ContainsFunc(got, func(w Word) bool { return w.Box.Overlaps(r) }) {
			out = append(out, Word{Text: unreadText, Box: r, Block: 10000 * (i + 1), Par: 1, Line: 1})
		}
	}
	return out
}

// readStacked reads regions of src in one engine call (see readPieces),
// with the words in src's coordinates.
func readStacked(ctx context.Context, e Engine, src *image.Gray, regions []image.Rectangle, pad int) ([]Word, error) {
	pieces := make([]*image.Gray, len(regions))
	for i, r := range regions {
		pieces[i] = src.SubImage(r).(*image.Gray)
	}
	words, _, err := readPieces(ctx, e, pieces, pad)
	return words, err
}

// readPieces reads several small images in one engine call: they are
// stacked, padded with white, one under another, and read as one block of
// lines. Each word comes back in the coordinates of its piece, whose index
// is in which; the words of each piece get block numbers of their own, so
// lines of different pieces never merge.
//
// An engine that reads pages only (not a [BlockReader]) is not asked:
// readPieces returns nothing.
func readPieces(ctx context.Context, e Engine, pieces []*image.Gray, pad int) (words []Word, which []int, err error) {
	b, ok := e.(BlockReader)
	if !ok {
		return nil, nil, nil
	}
	width, height := 0, pad
	for _, p := range pieces {
		width = max(width, p.Rect.Dx()+2*pad)
		height += p.Rect.Dy() + pad
	}
	comp := image.NewGray(image.Rect(0, 0, width, height))
	for i := range comp.Pix {
		comp.Pix[i] = 255
	}
	offsets := make([]image.Point, len(pieces))
	y := pad
	for i, p := range pieces {
		offsets[i] = image.Pt(pad-p.Rect.Min.X, y-p.Rect.Min.Y)
		draw.Draw(comp, image.Rect(pad, y, pad+p.Rect.Dx(), y+p.Rect.Dy()), p, p.Rect.Min, draw.Src)
		y += p.Rect.Dy() + pad
	}
	if debugRescue != nil {
		rs := make([]image.Rectangle, len(pieces))
		for i, p := range pieces {
			rs[i] = p.Rect
		}
		debugRescue(comp, rs)
	}
	got, err := b.BlockWords(ctx, comp)
	if err != nil {
		return nil, nil, err
	}
	for _, wd := range got {
		// Back to the piece whose slot holds it.
		for i, p := range pieces {
			slot := p.Rect.Add(offsets[i])
			if cy := wd.Box.Min.Y + wd.Box.Dy()/2; cy >= slot.Min.Y && cy < slot.Max.Y {
				wd.Box = wd.Box.Sub(offsets[i]).Intersect(p.Rect)
				wd.Block += 10000 * (i + 1)
				words = append(words, wd)
				which = append(which, i)
				break
			}
		}
	}
	return words, which, nil
}

// plausible reports whether a word's text could fill its box: confident, or
// with a width in proportion to its number of characters.
func plausible(w Word) bool {
	if w.Conf >= 60 {
		return true
	}
	n := 0.0
	for _, r := range w.Text {
		if isWide(r) {
			n += 1.8
		} else {
			n++
		}
	}
	h := float64(w.Box.Dy())
	return float64(w.Box.Dx()) <= n*h*1.2+h/2
}

// widenOverInk extends r left and right over columns holding ink within
// r's rows, across gaps of up to th.
func widenOverInk(ink []bool, w int, r image.Rectangle, th int) image.Rectangle {
	h := len(ink) / w
	colInk := func(x int) bool {
		for y := max(0, r.Min.Y); y < min(h, r.Max.Y); y++ {
			if ink[y*w+x] {
				return true
			}
		}
		return false
	}
	for x, gap := r.Min.X-1, 0; x >= 0 && gap <= th; x-- {
		if colInk(x) {
			r.Min.X, gap = x, 0
		} else {
			gap++
		}
	}
	for x, gap := r.Max.X, 0; x < w && gap <= th; x++ {
		if colInk(x) {
			r.Max.X, gap = x+1, 0
		} else {
			gap++
		}
	}
	return r
}

// dropCovered merges regions that widening made (nearly) the same: the
// pieces of one garbled line each widen to the whole line, which would
// otherwise be read once per piece. Of two regions with four fifths of the
// smaller inside the other, their union is kept.
func dropCovered(regions []image.Rectangle) []image.Rectangle {
	out := regions[:0:0]
	for _, r := range regions {
		merged := false
		for i, o := range out {
			in := r.Intersect(o)
			if 5*in.Dx()*in.Dy() >= 4*min(r.Dx()*r.Dy(), o.Dx()*o.Dy()) {
				out[i] = o.Union(r)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, r)
		}
	}
	return out
}

// debugRescue, when set by a test, sees the composite image.
var debugRescue func(*image.Gray, []image.Rectangle)

// lineRegions groups glyph boxes into text lines: glyphs that overlap
// vertically and lie within a text height of each other. Regions of fewer
// than three glyphs (an icon, a stray mark) are dropped, but for two
// Chinese characters.
func lineRegions(glyphs []image.Rectangle, th int) []image.Rectangle {
	sort.Slice(glyphs, func(i, j int) bool { return glyphs[i].Min.X < glyphs[j].Min.X })
	type region struct {
		r image.Rectangle
		n int
		// square counts the glyphs as wide and tall as a Chinese
		// character: two of them are a name or a label ("陈杰",
		// "姓名"), one component each.
		square int
	}
	isSquare := func(g image.Rectangle) int {
		if 10*g.Dx() >= 7*th && 10*g.Dy() >= 7*th {
			return 1
		}
		return 0
	}
	var rs []*region
	for _, g := range glyphs {
		var best *region
		for _, r := range rs {
			ov := overlap1(g.Min.Y, g.Max.Y, r.r.Min.Y, r.r.Max.Y)
			if ov*2 >= min(g.Dy(), r.r.Dy()) && g.Min.X-r.r.Max.X <= th {
				best = r
				break
			}
		}
		if best == nil {
			rs = append(rs, &region{g, 1, isSquare(g)})
			continue
		}
		best.r = best.r.Union(g)
		best.n++
		best.square += isSquare(g)
	}
	var out []image.Rectangle
	for _, r := range rs {
		if r.n >= 3 && r.r.Dx() >= th || r.square >= 2 {
			out = append(out, r.r.Inset(-2))
		}
	}
	// Regions of one line split at a wide gap (the groups of a card
	// number) or found twice are merged, so the line is read as one.
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(out) && !merged; i++ {
			for j := i + 1; j < len(out); j++ {
				a, b := out[i], out[j]
				ov := overlap1(a.Min.Y, a.Max.Y, b.Min.Y, b.Max.Y)
				gap := max(b.Min.X-a.Max.X, a.Min.X-b.Max.X)
				if ov*2 >= min(a.Dy(), b.Dy()) && gap <= 2*th {
					out[i] = a.Union(b)
					out = append(out[:j], out[j+1:]...)
					merged = true
					break
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Min.Y != out[j].Min.Y {
			return out[i].Min.Y < out[j].Min.Y
		}
		return out[i].Min.X < out[j].Min.X
	})
	return out
}
