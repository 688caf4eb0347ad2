package redact

import (
	"regexp"
	"strings"
)

const (
	// Street types of US and UK addresses.
	streetType = `(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Highway|Hwy|Terrace|Ter|Circle|Cir|Square|Sq|Close|Crescent|Cres|Gardens|Gdns|Grove|Hill|Row|Mews|Walk|Park|Rise|Green|Parade|Broadway|High St|Trail|Trl|Plaza|Alley)`
	// A flat or unit before the street number ("Flat 3,", "Apt 4B").
	unitPrefix = `(?:(?:Flat|Apartment|Apt|Unit|Suite|Ste|Room|Rm|Floor|Fl)\.?\s?#?\s?[0-9A-Z][0-9A-Za-z\-]*,?\s)?`
	unitSuffix = `(?:,?\s(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Room|Rm|#)\.?\s?#?\s?[0-9A-Za-z\-]+)?`
	// "Seattle, WA 98144", "New York, NY 10059".
	usCity = `[A-Z][a-zA-Z.\-]+(?:\s[A-Z][a-zA-Z.\-]+){0,3},?\s(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s\d{5}(?:-\d{4})?`
	// UK postcodes: "NW1 6XE", "SE1 9SG", "M4 1HN".
	ukPostcode = `[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}`
	// "Toronto, ON M5V 2T6" (Canada), "Sydney NSW 2000" (Australia).
	caCity = `[A-Z][a-zA-Z.\-]+(?:\s[A-Z][a-zA-Z.\-]+){0,2},?\s(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s[A-Z]\d[A-Z]\s?\d[A-Z]\d`
	auCity = `[A-Z][a-zA-Z\-]+(?:\s[A-Z][a-zA-Z\-]+){0,2},?\s(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s\d{4}`
	// German, Austrian, Swiss and French street lines and postcode lines:
	// "Hauptstraße 5", "Rue de Rivoli 12" is rarer than "12 rue de Rivoli".
	euStreet = `[A-ZÄÖÜ][a-zäöüß\-]+(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer)\s\d{1,4}[a-z]?(?:,\s?\d{4,5}\s[\p{L}\-]+)?`
	frStreet = `\d{1,4}(?:\s?bis)?,?\s(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai)\s[\p{L}' \-]{2,40}(?:,\s?\d{5}\s[\p{L}\-]+)?`
	euPostal = `\b\d{4,5}\s[A-ZÄÖÜ][a-zäöüéèàß\-]+(?:\s[A-Z][a-zäöüéèàß\-]+)?\b`
)

var (
	reStreet = regexp.MustCompile(unitPrefix + `\d{1,6}[A-Za-z]?\s(?:[A-Z][a-zA-Z'\-]*\.?\s){0,4}` + streetType + `\b\.?` + unitSuffix +
		`(?:,\s?` + usCity + `)?(?:,?\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s` + ukPostcode + `\b)?`)
	reUSCity   = regexp.MustCompile(usCity + `\b`)
	reUKCity   = regexp.MustCompile(`[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2},?\s` + ukPostcode + `\b`)
	reOther    = regexp.MustCompile(caCity + `|` + auCity + `|` + euStreet + `|(?i:` + frStreet + `)`)
	reEUPostal = regexp.MustCompile(euPostal)
	reCNAddr   = regexp.MustCompile(cnAddress)
	reCNSuffix = regexp.MustCompile(`^[,，、\s]*[\p{Han}A-Za-z]{0,10}?\s?\d+\s?[A-Za-z]?\s?(?:栋|号楼|幢|座|单元|楼|层|室|号)(?:\s?\d+\s?[A-Za-z]?\s?(?:栋|号楼|幢|座|单元|楼|层|室|号))*`)
)

// Chinese addresses run from province or city down to the building and
// room: 浙江省杭州市西湖区古墩路394号1栋1101室.
const cnAddress = `(?:(?:` + cnProvince + `)(?:省|市|自治区|特别行政区)?)?` +
	`(?:[\p{Han}]{1,6}?(?:市|州|盟))?` +
	`(?:[\p{Han}]{1,6}?(?:区|县|旗|镇|乡))` +
	`[\p{Han}\dA-Za-z]{0,14}?(?:路|街|道|大道|巷|弄|里|胡同|村|镇)\s?\d+(?:-\d+)?\s?号?` +
	`(?:[,，、\s]*[\p{Han}A-Za-z]{0,10}?\s?\d+\s?[A-Za-z]?\s?(?:栋|号楼|幢|座|单元|楼|层|室|号))*`

const cnProvince = `北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门`

// findAddresses finds postal addresses line by line (a multi-line address is
// found as a street line plus a city or postcode line) and, for Chinese,
// across line breaks, which fall anywhere in the middle of one.
func findAddresses(s string) []match {
	var ms []match
	for _, re := range []*regexp.Regexp{reStreet, reUSCity, reUKCity, reOther} {
		for _, loc := range re.FindAllStringIndex(s, -1) {
			if isAlnum(runeBefore(s, loc[0])) || isAlnum(runeAfter(s, loc[1])) {
				continue
			}
			ms = append(ms, match{loc[0], loc[1], Address, 0.8})
		}
	}
	// A European postcode line counts only right under a street line.
	for _, loc := range reEUPostal.FindAllStringIndex(s, -1) {
		if prev := strings.LastIndexByte(s[:loc[0]], '\n'); prev >= 0 {
			line := s[strings.LastIndexByte(s[:prev], '\n')+1 : prev]
			if reStreet.MatchString(line) || reOther.MatchString(line) {
				ms = append(ms, match{loc[0], loc[1], Address, 0.7})
			}
		}
	}
	sq, idx := squashLines(s)
	for _, loc := range reCNAddr.FindAllStringIndex(sq, -1) {
		end := loc[1]
		// Building and room often start the next line.
		if m := reCNSuffix.FindStringIndex(sq[end:]); m != nil && m[1] > 0 {
			end += m[1]
		}
		ms = append(ms, match{idx[loc[0]], idx[end-1] + 1, Address, 0.85})
	}
	return ms
}

// squashLines removes the line breaks of s that fall between two CJK or
// digit characters, where a wrapped Chinese line continues without a space;
// idx maps each byte of the result to its offset in s.
func squashLines(s string) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			pr, nr := runeBefore(s, i), runeAfter(s, i+1)
			if (isWide(pr) || isDigit(pr)) && (isWide(nr) || isDigit(nr)) {
				continue
			}
		}
		b.WriteByte(s[i])
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	return b.String(), idx
}
