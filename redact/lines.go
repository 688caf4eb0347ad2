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
	// band is the vertical extent of the line's text, leaving out words
	// much taller or shorter than the rest (an icon read as a letter).
	band [2]int
	row  int // index of the visual row
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

// buildSegments groups words into segments: the engine's text lines (or,
// when the engine gives no layout, words clustered by position), split at
// gaps wider than a few character heights, so that a label column and a
// value column become two segments. Segments then get row numbers by
// position, which is how a value is tied to the label beside it.
func buildSegments(words []Word) []*segment {
	type key struct{ b, p, l int }
	var order []key
	groups := make(map[key][]Word)
	for _, w := range words {
		if w.Box.Empty() || strings.TrimSpace(w.Text) == "" {
			continue
		}
		k := key{w.Block, w.Par, w.Line}
		if k == (key{}) {
			continue
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], w)
	}
	var lines [][]Word
	for _, k := range order {
		lines = append(lines, groups[k])
	}
	lines = append(lines, clusterLines(words)...)

	var segs []*segment
	for _, ws := range lines {
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].Box.Min.X < ws[j].Box.Min.X })
		h := rowHeight(ws)
		var cur []Word
		flush := func() {
			if len(cur) > 0 {
				segs = append(segs, newSegment(cur))
				cur = nil
			}
		}
		for _, w := range ws {
			if len(cur) > 0 {
				prev := cur[len(cur)-1]
				gap := w.Box.Min.X - prev.Box.Max.X
				// Parts of one long address keep together across a gap
				// the engine left where it misread a few characters.
				addr := addrPart(prev.Text) && addrPart(w.Text) && float64(gap) < 6*float64(h)
				if float64(gap) > 1.6*float64(h) && !addr {
					flush()
				}
			}
			cur = append(cur, w)
		}
		flush()
	}
	assignRows(segs)
	return mergeTouching(segs)
}

// addrPart reports whether t could be a piece of a crypto address.
func addrPart(t string) bool {
	return len(t) >= 4 && allAddrRunes(t) && pieceOK(t) && (randomish(t) || addrPrefix(t))
}

// clusterLines groups the words that carry no layout numbers into lines by
// vertical overlap.
func clusterLines(words []Word) [][]Word {
	var ws []Word
	for _, w := range words {
		if !w.Box.Empty() && strings.TrimSpace(w.Text) != "" && w.Block == 0 && w.Par == 0 && w.Line == 0 {
			ws = append(ws, w)
		}
	}
	sort.SliceStable(ws, func(i, j int) bool {
		return ws[i].Box.Min.Y+ws[i].Box.Max.Y < ws[j].Box.Min.Y+ws[j].Box.Max.Y
	})
	var lines [][]Word
	var bands [][2]int
	for _, w := range ws {
		c := (w.Box.Min.Y + w.Box.Max.Y) / 2
		placed := false
		for i := len(lines) - 1; i >= 0 && i >= len(lines)-3; i-- {
			if c >= bands[i][0] && c < bands[i][1] {
				lines[i] = append(lines[i], w)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, []Word{w})
			bands = append(bands, [2]int{w.Box.Min.Y, w.Box.Max.Y})
		}
	}
	return lines
}

// assignRows numbers segments by visual row, top to bottom: a segment is
// on the row of the one before it when they overlap vertically by at least
// half the smaller height (form labels and their values are often a few
// pixels apart in height and baseline).
func assignRows(segs []*segment) {
	sort.SliceStable(segs, func(i, j int) bool {
		ci, cj := segs[i].box.Min.Y+segs[i].box.Max.Y, segs[j].box.Min.Y+segs[j].box.Max.Y
		if ci != cj {
			return ci < cj
		}
		return segs[i].box.Min.X < segs[j].box.Min.X
	})
	row := -1
	var band image.Rectangle
	for _, s := range segs {
		h := min(band.Dy(), s.height())
		if row < 0 || overlap1(band.Min.Y, band.Max.Y, s.box.Min.Y, s.box.Max.Y)*2 < h {
			row++
			band = s.box
		}
		s.row = row
	}
	// Within a row, left to right.
	sort.SliceStable(segs, func(i, j int) bool {
		if segs[i].row != segs[j].row {
			return segs[i].row < segs[j].row
		}
		return segs[i].box.Min.X < segs[j].box.Min.X
	})
}

// mergeTouching joins neighbouring segments of a row that nearly touch:
// the engine sometimes puts the two halves of one value (an e-mail address
// broken at "@") in different layout blocks.
func mergeTouching(segs []*segment) []*segment {
	var out []*segment
	for _, s := range segs {
		if n := len(out); n > 0 {
			p := out[n-1]
			h := min(p.height(), s.height())
			gap := s.box.Min.X - p.box.Max.X
			if p.row == s.row && gap >= -h/4 && float64(gap) < 0.35*float64(h) && overlap1(p.box.Min.Y, p.box.Max.Y, s.box.Min.Y, s.box.Max.Y)*2 > h {
				ws := append(append([]Word{}, p.words...), s.words...)
				m := newSegment(ws)
				m.row = p.row
				out[n-1] = m
				continue
			}
		}
		out = append(out, s)
	}
	return out
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
func newSegment(ws []Word) *segment {
	s := &segment{words: ws, spans: make([][2]int, len(ws))}
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
	s.band = [2]int{s.box.Max.Y, s.box.Min.Y}
	for _, w := range ws {
		if 5*w.Box.Dy() >= 3*h && 2*w.Box.Dy() <= 3*h {
			s.band[0], s.band[1] = min(s.band[0], w.Box.Min.Y), max(s.band[1], w.Box.Max.Y)
		}
	}
	if s.band[0] >= s.band[1] {
		s.band = [2]int{s.box.Min.Y, s.box.Max.Y}
	}
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
			r.Min.Y, r.Max.Y = min(r.Min.Y, s.band[0]), max(r.Max.Y, s.band[1])
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
