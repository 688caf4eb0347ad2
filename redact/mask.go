package redact

import (
	"image"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask returns a form of value that is safe to show in a report or log:
// enough to recognise which value it was, never enough to recover it.
func Mask(c Category, value string) string {
	v := strings.TrimSpace(value)
	r := []rune(v)
	switch c {
	case Email:
		at := strings.IndexAny(v, "@＠")
		if at < 0 {
			return keepEnds(r, 2, 0)
		}
		local := []rune(v[:at])
		return keepEnds(local, min(2, len(local)/3), 0) + v[at:]
	case Phone, Card:
		d := []rune(strings.Map(func(r rune) rune {
			if isDigit(r) || r == '+' {
				return r
			}
			return -1
		}, v))
		if len(d) >= 11 {
			return keepEnds(d, 3, 4)
		}
		return keepEnds(d, 0, 2)
	case Wallet, TxID:
		return keepEnds(r, 4, 4)
	case Seed:
		return "***"
	case Balance:
		if !strings.ContainsFunc(v, unicode.IsDigit) {
			return keepEnds(r, 0, 0)
		}
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '*'
			}
			return r
		}, v)
	case Ticket:
		return keepEnds(r, 2, 2)
	}
	return keepEnds(r, 1, 1)
}

// keepEnds keeps head runes at the front and tail at the back, stars in
// between; short values are starred out entirely.
func keepEnds(r []rune, head, tail int) string {
	if len(r) <= head+tail+2 || len(r) < 6 {
		head, tail = 0, 0
	}
	stars := max(3, min(len(r)-head-tail, 4))
	return string(r[:head]) + strings.Repeat("*", stars) + string(r[len(r)-tail:])
}

// MaskText returns s with every value the policy would hide replaced by its
// masked form, for free text such as file names, captions and mail bodies.
// It also returns the masked forms found, as "category masked". The text
// goes through the same detectors as a screenshot, laid out as a page (see
// textMatches): names after labels and salutations, seed phrases over
// several lines and deny-list terms are found as on screen. It builds the
// policy's detectors each time; a caller masking many strings uses a
// [Masker].
func (p *Policy) MaskText(s string) (string, []string) {
	return p.maskText(p.detectors(), s)
}

// A Masker is [Policy.MaskText] of one policy with its detectors built
// once: building them (a few expressions per label) takes longer than
// masking a file name. Later changes to the policy do not reach it. A
// Masker is safe for concurrent use.
type Masker struct {
	p   *Policy
	det *detectors
}

// Masker returns a Masker of a copy of p.
func (p *Policy) Masker() *Masker {
	c := p.clone()
	return &Masker{p: c, det: c.detectors()}
}

// MaskText is [Policy.MaskText].
func (m *Masker) MaskText(s string) (string, []string) { return m.p.maskText(m.det, s) }

// Mask is MaskText's masked text alone.
func (m *Masker) Mask(s string) string {
	masked, _ := m.MaskText(s)
	return masked
}

func (p *Policy) maskText(det *detectors, s string) (string, []string) {
	var take []match
	for _, m := range det.textMatches(s) {
		if m.cat == protect || m.conf < p.MinConfidence && m.cat != Seed {
			continue
		}
		if rule := p.Rules[m.cat]; rule.Redact || m.cat == Deny {
			take = append(take, m)
		}
	}
	// The surest finding of a stretch of text names it: an e-mail found
	// by its shape, not the rest of the line after an "Email" label. What
	// a surer one leaves of a match is masked on its own, so that no mask
	// keeps part of another value (an e-mail's mask keeps its domain).
	sort.SliceStable(take, func(i, j int) bool {
		if take[i].conf != take[j].conf {
			return take[i].conf > take[j].conf
		}
		return take[i].end-take[i].start > take[j].end-take[j].start
	})
	covered := make([]bool, len(s))
	var parts []match
	for _, m := range take {
		for i := m.start; i < m.end; {
			if covered[i] {
				i++
				continue
			}
			j := i
			for j < m.end && !covered[j] {
				covered[j] = true
				j++
			}
			// Only the value's own characters: the spaces at the ends
			// of a left-over part are not.
			lo, hi := i, j
			for lo < hi && s[lo] == ' ' {
				lo++
			}
			for hi > lo && s[hi-1] == ' ' {
				hi--
			}
			if lo < hi {
				parts = append(parts, match{lo, hi, m.cat, m.conf})
			}
			i = j
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].start < parts[j].start })
	var b strings.Builder
	var found []string
	last := 0
	for _, m := range parts {
		mv := Mask(m.cat, s[m.start:m.end])
		found = append(found, string(m.cat)+" "+mv)
		b.WriteString(s[last:m.start])
		b.WriteString(mv)
		last = m.end
	}
	b.WriteString(s[last:])
	return b.String(), found
}

// Free text is laid out as a page for the page detectors: each line a row
// of words, each character a cell of textCell pixels (wide ones 1.8 times
// that, as subBox counts them), so that a finding's boxes map back to the
// characters they cover.
const textCell = 10

// textMatches runs the page detectors over s and returns their findings as
// byte ranges of s, one per line a finding covers, in the detectors' order
// (MaskText orders them by confidence).
func (d *detectors) textMatches(s string) []match {
	type cell struct{ mid, start, end int }
	var words []Word
	var rows [][]cell
	off := 0
	for li, line := range strings.Split(s, "\n") {
		y := li * 3 * textCell
		var cells []cell
		x, wordStart, wordX := 0, -1, 0
		flush := func(end int) {
			if wordStart >= 0 {
				words = append(words, Word{Text: line[wordStart:end], Conf: 95, Block: 1, Par: 1, Line: li + 1,
					Box: image.Rect(wordX, y, x, y+2*textCell)})
				wordStart = -1
			}
		}
		for i, r := range line {
			w := textCell
			if isWide(r) {
				w = textCell * 18 / 10
			}
			if unicode.IsSpace(r) {
				flush(i)
			} else if wordStart < 0 {
				wordStart, wordX = i, x
			}
			cells = append(cells, cell{x + w/2, off + i, off + i + utf8.RuneLen(r)})
			x += w
		}
		flush(len(line))
		rows = append(rows, cells)
		off += len(line) + 1
	}
	segs := buildSegments(words)
	var ms []match
	for _, f := range d.detectPage(segs, buildBlocks(segs)) {
		for _, b := range f.boxes {
			li := (b.Min.Y + b.Max.Y) / 2 / (3 * textCell)
			if li < 0 || li >= len(rows) {
				continue
			}
			start, end := -1, -1
			for _, c := range rows[li] {
				if c.mid >= b.Min.X && c.mid < b.Max.X {
					if start < 0 {
						start = c.start
					}
					end = c.end
				}
			}
			if start >= 0 {
				ms = append(ms, match{start, end, f.cat, f.conf})
			}
		}
	}
	return ms
}
