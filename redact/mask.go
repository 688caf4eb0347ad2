package redact

import (
	"strings"
	"unicode"
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
// It also returns the masked forms found, as "category masked".
func (p *Policy) MaskText(s string) (string, []string) {
	d := p.detectors()
	ms := detectText(s, d)
	var b strings.Builder
	var found []string
	last := 0
	for _, m := range ms {
		if m.cat == protect || !p.Rules[m.cat].Redact || m.conf < p.MinConfidence {
			continue
		}
		v := s[m.start:m.end]
		mv := Mask(m.cat, v)
		found = append(found, string(m.cat)+" "+mv)
		b.WriteString(s[last:m.start])
		b.WriteString(mv)
		last = m.end
	}
	b.WriteString(s[last:])
	return b.String(), found
}
