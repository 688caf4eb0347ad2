package redact

import (
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// rePhone finds phone-shaped candidates: an optional "+" (which OCR may read
// as "-" or "t"), then digit groups separated by spaces, dots, dashes or
// parentheses. phonenumbers decides whether a candidate is a number.
var (
	rePhone      = regexp.MustCompile(`(?:[+＋]\s?)?(?:\(\s?\d{1,4}\s?\)|\d{1,5})(?:[ \-.\x{00a0}]{0,2}(?:\(\s?\d{1,4}\s?\)|\d{1,5})){0,6}`)
	rePhoneGroup = regexp.MustCompile(`\(\s?\d{1,4}\s?\)|\d{1,5}`)
)

// findPhones finds phone numbers in international form anywhere, and in
// national form for the given regions (such as "CN", "US", "GB") when the
// number is written the way that country writes it.
func findPhones(s string, regions []string) []match {
	var ms []match
	for _, loc := range rePhone.FindAllStringIndex(s, -1) {
		// A candidate may run into numbers before or after the phone on
		// its line (a date, a count): try it whole, then without leading
		// and trailing groups, longest first.
		groups := rePhoneGroup.FindAllStringIndex(s[loc[0]:loc[1]], -1)
		if m, ok := bestPhone(s, loc[0], groups, regions); ok {
			ms = append(ms, m)
		}
	}
	return ms
}

func bestPhone(s string, base int, groups [][]int, regions []string) (match, bool) {
	for n := len(groups); n > 0; n-- {
		for i := 0; i+n <= len(groups); i++ {
			start := base + groups[i][0]
			if i == 0 && (s[base] == '+' || strings.HasPrefix(s[base:], "＋")) {
				start = base
			}
			b := runeBefore(s, start)
			if isAddrRune(b) || b == '#' || b == '.' || b == ',' || isMaskRune(b) {
				continue
			}
			if m, ok := phoneAt(s, start, base+groups[i+n-1][1], regions); ok {
				return m, true
			}
		}
	}
	return match{}, false
}

func phoneAt(s string, start, end int, regions []string) (match, bool) {
	v := s[start:end]
	d := digits(v)
	if len(d) < 7 || len(d) > 15 {
		return match{}, false
	}
	b, a := runeBefore(s, start), runeAfter(s, end)
	if isAddrRune(a) || isMaskRune(a) || a == '%' || (a == '.' || a == ',') && isDigit(runeAfter(s, end+1)) {
		return match{}, false
	}
	intl := strings.HasPrefix(v, "+") || strings.HasPrefix(v, "＋")
	if intl {
		return match{start, end, Phone, 0.95}, valid(v, "")
	}
	// OCR often reads a thin "+" as "-", "t" or "~": retry as
	// international when the digits then parse.
	if b == '-' || b == 't' || b == '~' {
		if start == 1 || isSpace(runeBefore(s, start-1)) || runeBefore(s, start-1) == '\n' {
			if valid("+"+v, "") {
				return match{start - 1, end, Phone, 0.8}, true
			}
		}
	}
	if r := nationalRegion(v, d, regions); r != "" && valid(v, r) {
		return match{start, end, Phone, 0.85}, true
	}
	return match{}, false
}

func valid(v, region string) bool {
	n, err := phonenumbers.Parse(v, region)
	return err == nil && phonenumbers.IsValidNumber(n)
}

var (
	reUSForm = regexp.MustCompile(`^(?:1[ \-.])?(?:\(\d{3}\)\s?|\d{3}[ \-.])\d{3}[ \-.]\d{4}$`)
	reGBForm = regexp.MustCompile(`^0\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4}$`)
	reCNForm = regexp.MustCompile(`^(?:1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}|0\d{2,3}[ \-]\d{7,8})$`)
)

// nationalRegion returns the first of regions whose national format v
// follows, or "". The format matters: without it, every 10-digit order
// number would parse as some country's landline.
func nationalRegion(v, d string, regions []string) string {
	for _, r := range regions {
		switch strings.ToUpper(r) {
		case "US", "CA":
			if reUSForm.MatchString(v) {
				return r
			}
		case "GB":
			if reGBForm.MatchString(v) && strings.ContainsAny(v, " -") {
				return r
			}
		case "CN":
			if reCNForm.MatchString(v) {
				return r
			}
		default:
			// Other regions: a grouped number starting with the
			// national prefix.
			if strings.HasPrefix(d, "0") && strings.ContainsAny(v, " -") {
				return r
			}
		}
	}
	return ""
}
