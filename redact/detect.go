package redact

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A match is a detector's claim on the byte range [start, end) of a text.
type match struct {
	start, end int
	cat        Category
	conf       float64
}

// detectText runs every text detector over text and returns the matches,
// overlaps resolved (see resolve).
func detectText(text string, d *detectors) []match {
	var ms []match
	ms = append(ms, findEmails(text)...)
	ms = append(ms, findWallets(text)...)
	// Numbers are looked for in a copy where OCR's letters for digits
	// are folded back (same byte offsets).
	num := foldDigits(text)
	ms = append(ms, findCards(num)...)
	ms = append(ms, findIDs(num)...)
	ms = append(ms, findPhones(num, d.regions)...)
	ms = append(ms, findBalances(num)...)
	ms = append(ms, findAddresses(text)...)
	ms = append(ms, findTickets(text)...)
	ms = append(ms, findProtected(text)...)
	return resolve(ms)
}

// foldDigits returns s with the letters OCR reads for digits (O, Q, D for 0;
// l, I, | for 1; S for 5) replaced by the digit where the letter stands
// alone among digits: "Q.02150000", "2O24", "l38". Letters next to other
// letters are words and stay. The result has the same byte offsets as s.
func foldDigits(s string) string {
	b := []byte(s)
	letter := func(i int) bool {
		return i >= 0 && i < len(b) && (b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z')
	}
	numeric := func(i int) bool {
		if i < 0 || i >= len(b) {
			return false
		}
		if b[i] >= '0' && b[i] <= '9' {
			return true
		}
		// A decimal point or thousands comma with a digit beyond it.
		return (b[i] == '.' || b[i] == ',') && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9'
	}
	changed := false
	for i, c := range b {
		var d byte
		switch c {
		case 'O', 'Q', 'D', 'o':
			d = '0'
		case 'l', 'I', '|':
			d = '1'
		case 'S':
			d = '5'
		default:
			continue
		}
		if letter(i-1) || letter(i+1) || !(numeric(i-1) || numeric(i+1)) {
			continue
		}
		b[i] = d
		changed = true
	}
	if !changed {
		return s
	}
	return string(b)
}

// protect is the pseudo-category of text that must stay readable even if a
// loose pattern would take it: dates, times, percentages and values that
// are already masked (138****8000).
const protect Category = "protect"

// rank orders categories when matches overlap: strong shapes first, then
// what must be kept, then loose patterns.
func rank(c Category) int {
	switch c {
	case Seed:
		return 0
	case Email, Card:
		return 1
	case Wallet, TxID:
		return 2
	case IDNum, Account:
		// An IBAN holds runs a phone pattern would take part of.
		return 3
	case protect:
		return 4
	case Phone, Ticket:
		return 5
	case Address:
		return 6
	case Balance:
		return 7
	}
	return 8
}

// resolve drops every match that overlaps a stronger one (by rank, then
// length, then position), so one stretch of text gets one category.
func resolve(ms []match) []match {
	sort.SliceStable(ms, func(i, j int) bool {
		ri, rj := rank(ms[i].cat), rank(ms[j].cat)
		if ri != rj {
			return ri < rj
		}
		li, lj := ms[i].end-ms[i].start, ms[j].end-ms[j].start
		if li != lj {
			return li > lj
		}
		return ms[i].start < ms[j].start
	})
	var out []match
	for _, m := range ms {
		if m.end <= m.start {
			continue
		}
		ok := true
		for _, o := range out {
			if m.start < o.end && o.start < m.end {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// runeBefore and runeAfter return the runes around [start, end), or 0.
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isAlnum(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// digits returns the ASCII digits of s.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maskRunes are what apps put in place of hidden characters.
const maskRunes = "*•●·…＊∗⁎×"

func isMaskRune(r rune) bool { return strings.ContainsRune(maskRunes, r) }

// nearMask reports whether a mask character sits at, or right next to, the
// range [start, end): such values are shown masked already.
func nearMask(s string, start, end int) bool {
	lo, hi := max(0, start-3), min(len(s), end+3)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	return strings.ContainsAny(s[lo:hi], maskRunes)
}

// --- tickets and protected text ---------------------------------------------

var (
	reTicket = regexp.MustCompile(`(?i)#\s?\d{4,}|\b(?:KYC|ORD|ORDER|TKT|TICKET|CASE|REQ|SR|INC)[-_#]?\d{4,}\b|(?:工单|订单|单号|编号)[:：\s#]*\d{4,}`)
	// Dates, times and percentages; loose patterns (balances, phones)
	// must not take them.
	reProtect = regexp.MustCompile(`\b(?:19|20)\d{2}[-/.年] ?\d{1,2}[-/.月] ?\d{1,2}日?|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|[+\-]?\d+(?:[.,]\d+)? ?%|\b[vV]\d+(?:\.\d+)+\b|\b\d{1,2}\.\d{1,2}\.\d{1,3}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b`)
	// Already masked values: 138****8000, em***@163.com, +1 ••• ••• 0185.
	reMasked = regexp.MustCompile(`[\p{L}\p{N}+]*(?:[*•●·…＊∗⁎×]\s?){2,}[\p{L}\p{N}@.]*(?:\s?[*•●·…＊∗⁎×]+)*(?:\s?\d+)?`)
)

func findTickets(s string) []match {
	var ms []match
	for _, loc := range reTicket.FindAllStringIndex(s, -1) {
		ms = append(ms, match{loc[0], loc[1], Ticket, 0.8})
	}
	return ms
}

func findProtected(s string) []match {
	var ms []match
	for _, loc := range reProtect.FindAllStringIndex(s, -1) {
		ms = append(ms, match{loc[0], loc[1], protect, 1})
	}
	for _, loc := range reMasked.FindAllStringIndex(s, -1) {
		ms = append(ms, match{loc[0], loc[1], protect, 1})
	}
	return ms
}

// isSpace is unicode.IsSpace without the line break.
func isSpace(r rune) bool { return r != '\n' && unicode.IsSpace(r) }
