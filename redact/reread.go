package redact

import (
	"context"
	"image"
	"math"
	"sort"
)

// Lines OCR read with little confidence are most often small or light
// text it half saw: grey text on white, Chinese at 12 px, a line the rescue
// pass cut from the flattened image. reread reads each such line again
// from the page itself, contrast stretched and enlarged, all of them
// stacked in one engine call, and keeps the new reading of a line where it
// is surer than the old one. Lines read well cost nothing.

const (
	// weakConf is the mean confidence under which a line is read again.
	weakConf = 60
	// rereadScale enlarges the lines read again: text at the page's
	// normalised height is still too small for Tesseract's Chinese model.
	rereadScale = 1.6
)

// A textLine is the words of one line of the engine's layout.
type textLine struct {
	words []int // indexes into the page's words
	box   image.Rectangle
	conf  float64 // mean confidence, weighted by characters
}

// weakLines returns the lines of words whose mean confidence is under
// weakConf and whose height is that of text (th is the text height).
func weakLines(words []Word, th int) []textLine {
	type key struct{ b, p, l int }
	byKey := make(map[key]*textLine)
	var order []key
	for i, w := range words {
		k := key{w.Block, w.Par, w.Line}
		if k == (key{}) {
			continue
		}
		tl := byKey[k]
		if tl == nil {
			tl = &textLine{}
			byKey[k] = tl
			order = append(order, k)
		}
		tl.words = append(tl.words, i)
		tl.box = tl.box.Union(w.Box)
	}
	var out []textLine
	for _, k := range order {
		tl := byKey[k]
		ws := make([]Word, len(tl.words))
		n := 0
		for j, i := range tl.words {
			ws[j] = words[i]
			n += runeCount(words[i].Text)
		}
		if n < 2 {
			continue
		}
		tl.conf = meanConf(ws)
		if tl.conf < weakConf && tl.box.Dy()*2 >= th && tl.box.Dy() <= 3*th && !holdsAddress(words, tl.words) {
			out = append(out, *tl)
		}
	}
	return out
}

// holdsAddress reports whether a line holds a run that could be a crypto
// address or a hash: OCR is never sure of random strings, and their
// detectors are built for its slips; a new reading would only move them.
func holdsAddress(words []Word, line []int) bool {
	for _, i := range line {
		if t := words[i].Text; len(t) >= 12 && addrPart(t) {
			return true
		}
	}
	return false
}

// reread reads the weak lines of words again from og (see the comment
// above) and returns words with each line replaced by its new reading
// where that is surer. words and the result are in og's coordinates.
func reread(ctx context.Context, e Engine, og *image.Gray, words []Word, th int) ([]Word, error) {
	if th <= 0 {
		th = targetTextHeight
	}
	weak := weakLines(words, th)
	if len(weak) == 0 {
		return words, nil
	}
	pieces := make([]*image.Gray, len(weak))
	regions := make([]image.Rectangle, len(weak))
	for i, tl := range weak {
		r := tl.box.Inset(-th / 3).Intersect(og.Rect)
		regions[i] = r
		pieces[i] = stretch(og.SubImage(r).(*image.Gray), rereadScale)
	}
	got, which, err := readPieces(ctx, e, pieces, th)
	if err != nil {
		return nil, err
	}
	// The new words of each line, back in og's coordinates.
	fresh := make([][]Word, len(weak))
	for k, w := range got {
		i := which[k]
		b := w.Box
		w.Box = image.Rect(
			regions[i].Min.X+int(math.Floor(float64(b.Min.X)/rereadScale)),
			regions[i].Min.Y+int(math.Floor(float64(b.Min.Y)/rereadScale)),
			regions[i].Min.X+int(math.Ceil(float64(b.Max.X)/rereadScale)),
			regions[i].Min.Y+int(math.Ceil(float64(b.Max.Y)/rereadScale)),
		).Intersect(regions[i])
		w.Block += 1000000
		fresh[i] = append(fresh[i], w)
	}
	drop := make(map[int]bool)
	var add []Word
	for i, tl := range weak {
		if len(fresh[i]) == 0 || meanConf(fresh[i]) < tl.conf+10 {
			continue
		}
		for _, k := range tl.words {
			drop[k] = true
		}
		// The new words' boxes come from a resized crop: their line
		// keeps at least the old reading's extent, so that what it
		// covered stays covered.
		ws := fresh[i]
		// A word read the same both times keeps the page's box, which
		// is exact; the crop's is scaled back.
		for k := range ws {
			for _, o := range tl.words {
				if old := words[o]; old.Text == ws[k].Text && old.Box.Overlaps(ws[k].Box) {
					ws[k].Box = old.Box
				}
			}
		}
		sort.Slice(ws, func(a, b int) bool { return ws[a].Box.Min.X < ws[b].Box.Min.X })
		ws[0].Box.Min.X = min(ws[0].Box.Min.X, tl.box.Min.X)
		ws[len(ws)-1].Box.Max.X = max(ws[len(ws)-1].Box.Max.X, tl.box.Max.X)
		for k := range ws {
			ws[k].Box.Min.Y = min(ws[k].Box.Min.Y, tl.box.Min.Y)
			ws[k].Box.Max.Y = max(ws[k].Box.Max.Y, tl.box.Max.Y)
		}
		add = append(add, ws...)
	}
	if len(add) == 0 {
		return words, nil
	}
	out := make([]Word, 0, len(words)-len(drop)+len(add))
	for i, w := range words {
		if !drop[i] {
			out = append(out, w)
		}
	}
	return append(out, add...), nil
}

// meanConf is the words' mean confidence, weighted by characters.
func meanConf(ws []Word) float64 {
	n, sum := 0, 0.0
	for _, w := range ws {
		c := runeCount(w.Text)
		n += c
		sum += float64(c) * w.Conf
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// stretch returns g enlarged by f, its grey levels stretched so that the
// darkest and lightest few percent become black and white, and inverted if
// it is light text on a dark ground: dark text on white, as Tesseract
// reads best.
func stretch(g *image.Gray, f float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := resizeGray(g, max(1, int(math.Round(float64(w)*f))), max(1, int(math.Round(float64(h)*f))))
	vals := make([]int, 0, len(out.Pix))
	for _, v := range out.Pix {
		vals = append(vals, int(v))
	}
	sort.Ints(vals)
	lo, hi := vals[len(vals)*2/100], vals[len(vals)*98/100]
	med := vals[len(vals)/2]
	if hi-lo < 16 {
		return out
	}
	dark := med < (lo+hi)/2
	for i, v := range out.Pix {
		x := (int(v) - lo) * 255 / (hi - lo)
		x = clampInt(x, 0, 255)
		if dark {
			x = 255 - x
		}
		out.Pix[i] = uint8(x)
	}
	return out
}
