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

// bestPhone returns the longest run of groups that is a valid number, or
// else the longest that is shaped like one.
func bestPhone(s string, base int, groups [][]int, regions []string) (match, bool) {
	var shaped match
	found := false
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
				if m.conf >= 0.85 {
					return m, true
				}
				if !found {
					shaped, found = m, true
				}
			}
		}
	}
	return shaped, found
}

func phoneAt(s string, start, end int, regions []string) (match, bool) {
	v := s[start:end]
	d := digits(v)
	if len(d) < 7 || len(d) > 15 {
		return match{}, false
	}
	b, a := runeBefore(s, start), runeAfter(s, end)
	if isAddrRune(a) || isMaskRune(a) || a == '%' || a == ':' || (a == '.' || a == ',') && isDigit(runeAfter(s, end+1)) {
		return match{}, false
	}
	intl := strings.HasPrefix(v, "+") || strings.HasPrefix(v, "＋")
	if intl {
		// The "+" and a country code say what it is; the metadata only
		// says how sure: fictional, reserved and newly allocated ranges
		// are still someone's number on a screen.
		if valid(v, "") {
			return match{start, end, Phone, 0.95}, true
		}
		return match{start, end, Phone, 0.75}, knownCountry(v)
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
	r := nationalRegion(v, d, regions)
	if r != "" && valid(v, r) {
		return match{start, end, Phone, 0.85}, true
	}
	// Invalid by the metadata, or of another country: the shape decides,
	// unless the text before it says it is a receipt's or an order's
	// number, or it is part of a date.
	if reNumberLabel.MatchString(s[:start]) || b == '/' || a == '/' {
		return match{}, false
	}
	if r != "" {
		return match{start, end, Phone, 0.7}, true
	}
	// A trunk prefix and grouping are how most countries write a number
	// for use at home: "0491 570 135", "06 12 34 56 78", "030 1234567".
	if reTrunkForm.MatchString(v) && len(d) >= 9 && len(d) <= 12 {
		return match{start, end, Phone, 0.65}, true
	}
	return match{}, false
}

// reNumberLabel ends a text that introduces a receipt's, an order's or a
// document's number, which national phone shapes must not take.
var reNumberLabel = regexp.MustCompile(`(?i)(?:\bno\.?|number|#|\bid|单号|编号|号码)\s*[:：]?\s*$`)

// reTrunkForm is a national number: a leading 0, then groups of digits
// apart by spaces or dashes.
var reTrunkForm = regexp.MustCompile(`^0\d{1,4}(?:[ \-]\d{2,4}){1,4}$`)

// knownCountry reports whether v, in international form, starts with a
// country calling code in use and has a national number of a plausible
// length.
func knownCountry(v string) bool {
	n, err := phonenumbers.Parse(v, "")
	if err != nil {
		return false
	}
	if phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())) == "ZZ" {
		return false
	}
	l := len(digits(phonenumbers.GetNationalSignificantNumber(n)))
	return l >= 6 && l <= 13
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

// rePhoneWords are words that, on the line a number starts or the one
// before it, say it is a phone number: prose in a chat bubble or an e-mail
// ("reach me on", "call", "WhatsApp") as well as labels.
var rePhoneWords = regexp.MustCompile(`(?i)\b(?:phone|mobile|cell|tel|call|ring|text|sms|whats\s?app|signal|telegram|reach|contact|number|hotline)\b|电话|手机|致电|联系|拨打|号码`)

// wrappedPhones finds phone numbers a line break cut in two, as prose in
// a chat bubble, a notification or an e-mail wraps them: "reach me on +65
// 8447" / "0034 or …". A line's last digit groups and the first ones of the
// line under it (in its column; the two may differ in height, digits
// beside CJK) are read as one candidate; it counts where it is shaped like
// a phone and either starts with "+" or the words before it speak of a
// phone. Neither part need be a number by itself.
func wrappedPhones(segs []*segment, regions []string) []rawFinding {
	var out []rawFinding
	for i, s := range segs {
		t := below(segs, i)
		if t == nil || !isDigit(runeBefore(s.text, len(s.text))) || !isDigit(runeAfter(t.text, 0)) {
			continue
		}
		bl := &block{segs: []*segment{s, t}, text: s.text + "\n" + t.text, start: []int{0, len(s.text) + 1}}
		brk := len(s.text)
		joined := foldDigits(s.text + " " + t.text)
		var lineAbove string
		if u := above(segs, i); u != nil {
			lineAbove = u.text
		}
		for _, m := range findPhones(joined, regions) {
			if m.start >= brk || m.end <= brk+1 {
				continue // not across the break
			}
			v := joined[m.start:m.end]
			if !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "＋") && !rePhoneWords.MatchString(lineAbove+" "+joined[:m.start]) {
				continue
			}
			out = append(out, rawFinding{Phone, m.conf, bl.text[m.start:m.end], bl.boxes(m.start, m.end), false})
		}
	}
	return out
}
