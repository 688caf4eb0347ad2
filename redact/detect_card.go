package redact

import (
	"regexp"
)

var (
	reCard = regexp.MustCompile(`\d(?:[ \-\n]?\d){12,18}`)
	// What names a card just before its number.
	reCardContext = regexp.MustCompile(`(?i)(?:card|visa|mastercard|amex|unionpay|maestro|卡|银联)[^\d\n]{0,12}$`)
	// Digits in groups, as a card is printed, read with a slip.
	reCardGroups = regexp.MustCompile(`^\d{4}(?:[ \-\n]\d{3,4}){2,4}$`)
	reCardGroup  = regexp.MustCompile(`^\d{4}([ \-])\d{4}([ \-])\d{4}([ \-])\d{4}$`)
)

func luhn(d string) bool {
	sum, dbl := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if dbl {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		dbl = !dbl
	}
	return sum%10 == 0
}

// reCardAmex is the 4-6-5 grouping of 15-digit cards; reCardLong the
// 4-4-4-4-3 of 19-digit ones.
var (
	reCardLoose = regexp.MustCompile(`^\d{4,12}(?:[ \-]\d{4,12})+$`)
	reCardAmex  = regexp.MustCompile(`^\d{4}[ \-]\d{6}[ \-]\d{5}$`)
	reCardLong  = regexp.MustCompile(`^\d{4}([ \-]\d{4}){3}[ \-]\d{3}$`)
)

func findCards(s string) []match {
	var ms []match
	for _, loc := range reCard.FindAllStringIndex(s, -1) {
		b := runeBefore(s, loc[0])
		if isAddrRune(b) || b == '+' || b == '＋' {
			continue
		}
		// The pattern is greedy and may run into a number after the card
		// ("4111 1111 1111 1111 10:42"): try it whole, then shorter.
		for end := loc[1]; end > loc[0]; end-- {
			if !isDigit(rune(s[end-1])) || isAddrRune(runeAfter(s, end)) {
				continue
			}
			if m, ok := cardAt(s, loc[0], end); ok {
				ms = append(ms, m)
				break
			}
		}
	}
	return ms
}

func cardAt(s string, start, end int) (match, bool) {
	v := s[start:end]
	d := digits(v)
	if len(d) < 13 {
		return match{}, false
	}
	switch {
	case reCardGroup.MatchString(v):
		// Four groups of four is how cards are printed; an OCR slip
		// in one digit must not let the number through.
		return match{start, end, Card, 0.9}, true
	case luhn(d) && (reCardAmex.MatchString(v) || reCardLong.MatchString(v)):
		return match{start, end, Card, 0.85}, true
	case luhn(d) && len(d) >= 15 && len(d) <= 16 && len(d) == len(v):
		return match{start, end, Card, 0.7}, true
	case luhn(d) && len(d) == 16 && reCardLoose.MatchString(v):
		// Four groups of four where OCR lost a space ("53147085 1431").
		return match{start, end, Card, 0.7}, true
	case reCardGroups.MatchString(v) && reCardContext.MatchString(s[:start]):
		// Printed in groups after the word card, a digit lost or
		// misread: the shape and the context say what it is.
		return match{start, end, Card, 0.7}, true
	}
	return match{}, false
}
