package redact

import (
	"regexp"
	"strings"
)

var (
	reCNID = regexp.MustCompile(`\d{17}[\dXx]`)
	// Passport numbers: one or two letters and seven or eight digits, of
	// which OCR may read a few as look-alike letters (5→S, 0→O, 1→I).
	rePassport = regexp.MustCompile(`[A-Z]{1,2}[0-9OSIBZ]{7,8}`)
	reSSN      = regexp.MustCompile(`\d{3}-\d{2}-\d{4}`)
	// Taiwan national IDs (A123456789), UK National Insurance numbers
	// (QQ 12 34 56 C), Indian Aadhaar numbers (1234 5678 9012).
	reTWID   = regexp.MustCompile(`\b[A-Z][12]\d{8}\b`)
	reUKNINO = regexp.MustCompile(`\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`)
	// Hong Kong identity cards (A123456(7)), Singapore NRIC and FIN
	// (S1234567D), Indian PAN (ABCDE1234F), Swiss company and VAT
	// numbers (CHE-123.456.789 MWST).
	reHKID    = regexp.MustCompile(`\b[A-Z]{1,2}\d{6} ?\(\s?[0-9A]\s?\)`)
	reNRIC    = regexp.MustCompile(`\b[STFGM]\d{7}[A-Z]\b`)
	rePAN     = regexp.MustCompile(`\b[A-Z]{5}\d{4}[A-Z]\b`)
	reCHEID   = regexp.MustCompile(`\bCHE-?\d{3}\.?\d{3}\.?\d{3}(?: ?(?:MWST|TVA|IVA|VAT|HR))?\b`)
	reAadhaar = regexp.MustCompile(`\b[2-9]\d{3} \d{4} \d{4}\b`)
	// IBANs, printed in groups of four: GB29 NWBK 6016 1331 9268 19.
	reIBAN = regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`)
)

// ibanCountries are the codes of the countries whose banks use IBANs.
const ibanCountries = "AD AE AL AT AZ BA BE BG BH BR BY CH CR CY CZ DE DK DO EE EG ES FI FO FR GB GE GI GL GR GT HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV MC MD ME MK MR MT MU NL NO PK PL PS PT QA RO RS SA SC SE SI SK SM ST SV TL TN TR UA VA VG XK"

// ibanOK checks an IBAN's ISO 7064 mod-97 check digits.
func ibanOK(v string) bool {
	v = strings.ReplaceAll(v, " ", "")
	if len(v) < 15 || len(v) > 34 {
		return false
	}
	v = v[4:] + v[:4]
	rem := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			rem = (rem*100 + int(r-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// cnIDCheck reports whether an 18-character resident ID carries a valid
// ISO 7064 MOD 11-2 check character.
func cnIDCheck(id string) bool {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(id[i]-'0') * weights[i]
	}
	want := "10X98765432"[sum%11]
	got := id[17]
	if got == 'x' {
		got = 'X'
	}
	return got == want
}

func findIDs(s string) []match {
	var ms []match
	for _, loc := range reCNID.FindAllStringIndex(s, -1) {
		if isAddrRune(runeBefore(s, loc[0])) || isAddrRune(runeAfter(s, loc[1])) {
			continue
		}
		id := s[loc[0]:loc[1]]
		conf := 0.7
		if cnIDCheck(id) {
			conf = 0.95
		}
		// The birth date inside (YYYYMMDD at 6..14) must look like one.
		y, m := id[6:10], id[10:12]
		if (y[:2] == "19" || y[:2] == "20") && m >= "01" && m <= "12" {
			ms = append(ms, match{loc[0], loc[1], IDNum, conf})
		}
	}
	for _, loc := range rePassport.FindAllStringIndex(s, -1) {
		b, a := runeBefore(s, loc[0]), runeAfter(s, loc[1])
		if isAddrRune(b) || isAddrRune(a) || b == '#' || b == '-' || a == '-' {
			continue
		}
		if v := s[loc[0]:loc[1]]; len(digits(v)) < len(v)-3 || !isDigit(rune(v[len(v)-1])) {
			continue
		}
		ms = append(ms, match{loc[0], loc[1], IDNum, 0.7})
	}
	for _, re := range []*regexp.Regexp{reTWID, reUKNINO, reAadhaar, reHKID, reNRIC, rePAN, reCHEID} {
		for _, loc := range re.FindAllStringIndex(s, -1) {
			b, a := runeBefore(s, loc[0]), runeAfter(s, loc[1])
			if b == '#' || b == '-' || a == '-' || b == ' ' && isDigit(runeBefore(s, loc[0]-1)) || a == ' ' && isDigit(runeAfter(s, loc[1]+1)) {
				continue
			}
			ms = append(ms, match{loc[0], loc[1], IDNum, 0.7})
		}
	}
	for _, loc := range reIBAN.FindAllStringIndex(s, -1) {
		v := s[loc[0]:loc[1]]
		switch {
		case ibanOK(v):
			ms = append(ms, match{loc[0], loc[1], Account, 0.9})
		case strings.Count(v, " ") >= 3 && strings.Contains(ibanCountries, v[:2]):
			// Printed in groups of four after an IBAN country's code:
			// an IBAN whatever OCR made of a digit or two.
			ms = append(ms, match{loc[0], loc[1], Account, 0.6})
		}
	}
	for _, loc := range reSSN.FindAllStringIndex(s, -1) {
		b, a := runeBefore(s, loc[0]), runeAfter(s, loc[1])
		if isAddrRune(b) || isAddrRune(a) || b == '-' || a == '-' {
			continue
		}
		ms = append(ms, match{loc[0], loc[1], IDNum, 0.7})
	}
	return ms
}
