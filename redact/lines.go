package redact

import (
	"image"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A segment is a run of words on one visual line that belong together: a
// screen row split at wide gaps, so that a label column and a value column
// become two segments of the same row.
type segment struct {
	words []Word
	text  string
	// spans[i] is the byte range of words[i] in text.
	spans [][2]int
	box   image.Rectangle
	row   int // index of the visual row
}

// A block is one or more segments stacked as the lines of a paragraph, such
// as a wrapped address or a wallet address broken over two lines. Its text
// joins the segments' texts with "\n".
type block struct {
	segs  []*segment
	text  string
	start []int // byte offset of each segment in text
}

// height of the segment's line.
func (s *segment) height() int { return s.box.Dy() }

// isWide reports whether r is a CJK or full-width rune, written without
// spaces between neighbours.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// buildSegments groups words into visual rows and splits rows at gaps wider
// than a few character heights. Geometry, not the engine's own line numbers,
// decides: engines join columns that are far apart and split values (an
// e-mail address in two words) that belong together.
func buildSegments(words []Word) []*segment {
	ws := make([]Word, 0, len(words))
	for _, w := range words {
		if w.Box.Empty() || strings.TrimSpace(w.Text) == "" {
			continue
		}
		ws = append(ws, w)
	}
	sort.SliceStable(ws, func(i, j int) bool {
		ci := ws[i].Box.Min.Y + ws[i].Box.Max.Y
		cj := ws[j].Box.Min.Y + ws[j].Box.Max.Y
		if ci != cj {
			return ci < cj
		}
		return ws[i].Box.Min.X < ws[j].Box.Min.X
	})
	type row struct {
		words  []Word
		y0, y1 int
	}
	var rows []*row
	for _, w := range ws {
		var best *row
		bestOv := 0.0
		for i := len(rows) - 1; i >= 0 && i >= len(rows)-4; i-- {
			r := rows[i]
			ov := overlap1(w.Box.Min.Y, w.Box.Max.Y, r.y0, r.y1)
			m := min(w.Box.Dy(), r.y1-r.y0)
			if m <= 0 {
				continue
			}
			f := float64(ov) / float64(m)
			if f > 0.5 && f > bestOv {
				best, bestOv = r, f
			}
		}
		if best == nil {
			rows = append(rows, &row{words: []Word{w}, y0: w.Box.Min.Y, y1: w.Box.Max.Y})
			continue
		}
		best.words = append(best.words, w)
		// Keep the band to the row's typical extent so that a tall
		// glyph does not pull in the next line.
		if len(best.words) <= 2 {
			best.y0, best.y1 = min(best.y0, w.Box.Min.Y), max(best.y1, w.Box.Max.Y)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].y0+rows[i].y1 < rows[j].y0+rows[j].y1 })

	var segs []*segment
	for ri, r := range rows {
		sort.SliceStable(r.words, func(i, j int) bool { return r.words[i].Box.Min.X < r.words[j].Box.Min.X })
		h := rowHeight(r.words)
		var cur []Word
		flush := func() {
			if len(cur) > 0 {
				segs = append(segs, newSegment(cur, ri))
				cur = nil
			}
		}
		for _, w := range r.words {
			if len(cur) > 0 {
				gap := w.Box.Min.X - cur[len(cur)-1].Box.Max.X
				if float64(gap) > 1.6*float64(h) {
					flush()
				}
			}
			cur = append(cur, w)
		}
		flush()
	}
	return segs
}

// rowHeight is the median word height of a row.
func rowHeight(ws []Word) int {
	hs := make([]int, len(ws))
	for i, w := range ws {
		hs[i] = w.Box.Dy()
	}
	sort.Ints(hs)
	return max(1, hs[len(hs)/2])
}

func overlap1(a0, a1, b0, b1 int) int {
	return max(0, min(a1, b1)-max(a0, b0))
}

// newSegment joins words into text. A space goes between words unless both
// sides are CJK (Chinese is written without spaces, and Tesseract reports
// each character as a word) or the gap is too narrow to be a space, which
// is how an e-mail address split into two words comes back together.
func newSegment(ws []Word, row int) *segment {
	s := &segment{words: ws, row: row, spans: make([][2]int, len(ws))}
	var b strings.Builder
	h := rowHeight(ws)
	for i, w := range ws {
		if i > 0 {
			prev := ws[i-1]
			gap := w.Box.Min.X - prev.Box.Max.X
			pr, _ := utf8.DecodeLastRuneInString(prev.Text)
			nr, _ := utf8.DecodeRuneInString(w.Text)
			switch {
			case isWide(pr) && isWide(nr):
			case float64(gap) < 0.12*float64(h):
			default:
				b.WriteByte(' ')
			}
		}
		s.spans[i][0] = b.Len()
		b.WriteString(w.Text)
		s.spans[i][1] = b.Len()
		s.box = s.box.Union(w.Box)
	}
	s.text = b.String()
	return s
}

// buildBlocks chains segments into blocks: a segment continues the block
// above it when it starts within about a line height below it, overlaps it
// horizontally and has text of a similar size.
func buildBlocks(segs []*segment) []*block {
	next := make([]int, len(segs))
	hasPrev := make([]bool, len(segs))
	for i := range next {
		next[i] = -1
	}
	for i, a := range segs {
		best, bestGap := -1, 0
		for j, b := range segs {
			if j == i || hasPrev[j] || b.row <= a.row {
				continue
			}
			gap := b.box.Min.Y - a.box.Max.Y
			ha, hb := a.height(), b.height()
			if gap < -ha/3 || float64(gap) > 1.0*float64(max(ha, hb)) {
				continue
			}
			if hb*3 > ha*5 || ha*3 > hb*5 {
				continue
			}
			if overlap1(a.box.Min.X, a.box.Max.X, b.box.Min.X, b.box.Max.X) <= 0 {
				continue
			}
			if best < 0 || gap < bestGap {
				best, bestGap = j, gap
			}
		}
		if best >= 0 {
			next[i] = best
			hasPrev[best] = true
		}
	}
	var blocks []*block
	for i := range segs {
		if hasPrev[i] {
			continue
		}
		bl := &block{}
		var b strings.Builder
		for j := i; j >= 0; j = next[j] {
			if len(bl.segs) > 0 {
				b.WriteByte('\n')
			}
			bl.start = append(bl.start, b.Len())
			b.WriteString(segs[j].text)
			bl.segs = append(bl.segs, segs[j])
		}
		bl.text = b.String()
		blocks = append(blocks, bl)
	}
	return blocks
}

// boxes returns, for the byte range [start, end) of the block text, one
// rectangle per line it touches. A word only partly inside the range gets a
// box cut in proportion to its characters (CJK ones counting double).
func (bl *block) boxes(start, end int) []image.Rectangle {
	var out []image.Rectangle
	for si, s := range bl.segs {
		off := bl.start[si]
		a, b := start-off, end-off
		if b <= 0 || a >= len(s.text) {
			continue
		}
		a, b = max(a, 0), min(b, len(s.text))
		var r image.Rectangle
		for wi, sp := range s.spans {
			lo, hi := max(a, sp[0]), min(b, sp[1])
			if lo >= hi {
				continue
			}
			wb := s.words[wi].Box
			if lo > sp[0] || hi < sp[1] {
				wb = subBox(s.words[wi], lo-sp[0], hi-sp[0])
			}
			r = r.Union(wb)
		}
		if !r.Empty() {
			// The whole line's height: a value's own glyphs may be
			// shorter than the line's (digits beside CJK), and tops
			// and tails must not survive.
			r.Min.Y, r.Max.Y = min(r.Min.Y, s.box.Min.Y), max(r.Max.Y, s.box.Max.Y)
			out = append(out, r)
		}
	}
	return out
}

// subBox estimates the box of bytes [a, b) of word w's text.
func subBox(w Word, a, b int) image.Rectangle {
	total, before, inside := 0.0, 0.0, 0.0
	for i, r := range w.Text {
		cw := 1.0
		if isWide(r) {
			cw = 1.8
		}
		total += cw
		switch {
		case i < a:
			before += cw
		case i < b:
			inside += cw
		}
	}
	if total == 0 {
		return w.Box
	}
	fw := float64(w.Box.Dx())
	x0 := w.Box.Min.X + int(fw*before/total)
	x1 := w.Box.Min.X + int(fw*(before+inside)/total+0.999)
	// Half a character of slack on each side: the split is an estimate.
	slack := int(fw / total / 2)
	return image.Rect(max(w.Box.Min.X, x0-slack), w.Box.Min.Y, min(w.Box.Max.X, x1+slack), w.Box.Max.Y)
}
