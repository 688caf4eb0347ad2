package redact

import (
	"image"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
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
	// OCR reads ß as B: "LindenstraBe".
	euStreet = `[A-ZÄÖÜ][a-zäöüß\-]+(?:straße|strasse|straBe|strabe|str\.|weg|platz|allee|gasse|ring|damm|ufer|laan|straat|gracht|plein|vej|gade|gatan|vägen|veien)\s\d{1,4}[a-z]?(?:,\s?\d{4,5}\s[\p{L}\-]+)?`
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
const cnAddress = `(?:(?:(?:` + cnProvince + `)(?:省|市|自治区|特别行政区)?)?` +
	`(?:[\p{Han}]{1,6}?(?:市|州|盟))?` +
	`(?:[\p{Han}]{1,6}?(?:区|县|旗|镇|乡))` +
	// Hong Kong and Macau name no district level: 香港九龙尖沙咀弥敦道100号.
	`|(?:香港|澳门|澳門)[\p{Han}]{0,8}?)` +
	`[\p{Han}\dA-Za-z]{0,14}?(?:路|街|道|大道|巷|弄|里|胡同|村|镇)(?:[一二三四五六七八九十\d]{1,2}段|[东西南北中]段)?\s?\d+(?:-\d+)?\s?号?` +
	`(?:[,，、\s]*[\p{Han}A-Za-z]{0,10}?\s?\d+\s?[A-Za-z]?\s?(?:栋|号楼|幢|座|单元|楼|层|室|号))*`

// reCNBuilding is a building's name and unit after a street number: it
// ends as such names do (大厦, 广场, 中心, a block letter, a room number).
var reCNBuilding = regexp.MustCompile(`^[\p{Han}A-Za-z0-9\-]{0,14}(?:大厦|广场|中心|大楼|花园|小区|公寓|大学|学院|医院|酒店|园|苑|城|期|座|栋|楼|室|层|府|阁|湾|[A-Za-z0-9])`)

// reCNAddrLabel is an address label at the start of a Chinese address
// match.
var reCNAddrLabel = regexp.MustCompile(`^[\p{Han}]{0,6}?(?:地址|住址|地点)\s?[:：]?\s?`)

const cnProvince = `北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门`

// findAddresses finds postal addresses line by line (a multi-line address is
// found as a street line plus a city or postcode line) and, for Chinese,
// across line breaks, which fall anywhere in the middle of one.
func findAddresses(s string) []match {
	var ms []match
	// Line by line: "\s" in the patterns would otherwise run a street
	// line's last word into the city line under it ("Street\nSouth
	// Yarra VIC 3141"), and the longer street match would then drop the
	// city line.
	lines(s, func(off int, line string) {
		for _, re := range []*regexp.Regexp{reStreet, reUSCity, reUKCity, reOther} {
			for _, loc := range re.FindAllStringIndex(line, -1) {
				if isAlnum(runeBefore(line, loc[0])) || isAlnum(runeAfter(line, loc[1])) {
					continue
				}
				ms = append(ms, match{off + loc[0], off + loc[1], Address, 0.8})
			}
		}
	})
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
		// A label joined to the address by squashLines ("账户地址\n北京市…")
		// is not part of it.
		if m := reCNAddrLabel.FindStringIndex(sq[loc[0]:loc[1]]); m != nil {
			loc[0] += m[1]
		}
		end := loc[1]
		// Building and room often start the next line.
		if m := reCNSuffix.FindStringIndex(sq[end:]); m != nil && m[1] > 0 {
			end += m[1]
		}
		// A building's name after the number, on the same line:
		// "…1266号恒隆广场", "…191号中石化大厦B座2001".
		if m := reCNBuilding.FindStringIndex(sq[end:]); m != nil && m[1] > 0 && !strings.Contains(s[idx[end-1]:idx[end+m[1]-1]+1], "\n") {
			end += m[1]
		}
		start := idx[loc[0]]
		// A district alone at the end of the line above ("采购部，华东区")
		// names a region, not where the address starts.
		if k := strings.IndexByte(s[start:idx[end-1]], '\n'); k >= 0 && !strings.ContainsAny(s[start:start+k], "省市") {
			start += k + 1
		}
		ms = append(ms, match{start, idx[end-1] + 1, Address, 0.85})
	}
	return ms
}

// lines calls f with each line of s and its byte offset, in order.
func lines(s string, f func(off int, line string)) {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '\n')
		if k < 0 {
			f(off, s[off:])
			return
		}
		f(off, s[off:off+k])
		off += k + 1
	}
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

// Lines of a postal address block that carry no street type: the postcode
// and city line, the country line, a flat or floor line. Each country
// writes them differently; what they share is their place in the block,
// under a street line and over the country.
var (
	rePostalLine = regexp.MustCompile(`^(?:` +
		// 10115 Berlin, 69003 Lyon, 8001 Zürich, 1011 AB Amsterdam, 00-950 Warszawa,
		// 01304-001 São Paulo
		`(?:[A-Z]{1,2}-)?(?:\d{5}-\d{3}|\d{4,5}|\d{2}-\d{3})(?:\s?[A-Z]{2})?\s+\p{Lu}[\p{L}.'\- ]{1,30}(?:,\s?\p{L}[\p{L} ]{1,20})?` +
		// Singapore 018956, Paris 75001, Boston MA 02115, Bengaluru,
		// Karnataka 560001, Mumbai - 400001
		`|\p{Lu}[\p{L}.'\- ]{1,30},?\s(?:[A-Z]{2,3}\s)?\d{4,6}(?:-\d{4})?` +
		`|\p{Lu}[\p{L}.'\- ]{1,30},\s?\p{Lu}[\p{L}.'\- ]{1,30}\s?[-–]?\s?\d{5,6}` +
		`|\p{Lu}[\p{L}.' ]{1,30}\s[-–]\s\d{6}` +
		// Places without postcodes end with their region or country:
		// Hung Hom, Kowloon; Dubai, UAE
		`|\p{Lu}[\p{L}.'\- ]{1,30},\s?(?:Kowloon|New Territories|N\.T\.|Hong Kong Island|` + countries + `)` +
		// London SW1A 1AA, SW1A 1AA
		`|(?:\p{Lu}[\p{L}.'\- ]{1,30},?\s)?` + ukPostcode +
		`|` + caCity + `|` + auCity +
		// 邮编 200120, Postcode 2000, 〒100-0001
		`|(?i:邮编|邮政编码|postcode|post code|postal code|zip|zip code)\s?[:：]?\s?[A-Z0-9]{3,8}(?:[ -][A-Z0-9]{3,4})?` +
		`|〒\s?\d{3}-\d{4}(?:\s.*)?` +
		`)$`)
	reUnitLine    = regexp.MustCompile(`(?i)^(?:appt|apt|apartment|flat|unit|suite|ste|floor|fl|room|rm|building|bldg|block|blk|level|lvl|tower|po box|p\.o\. box|c/o)\.?\s?#?\s?\w.{0,40}$|^#\s?\d{1,3}-\d{1,5}[A-Z]?\b.{0,30}$|^\d{1,2}/F\b.{0,40}$|^[\p{Han}A-Za-z]{0,12}\s?\d+\s?[A-Za-z]?\s?(?:栋|号楼|幢|座|单元|楼|层|室)`)
	reCountryLine = regexp.MustCompile(`(?i)^(?:` + countries + `)$`)
	// A street line: a house number and a word, in either order, as
	// short as a line of an address is.
	reStreetish = regexp.MustCompile(`^(?:\p{Han}{2,}(?:路|街|道|大道|巷|弄|里|胡同)(?:[一二三四五六七八九十\d]{1,2}段)?\s?\d+\s?号.*|\d{1,5}[A-Za-z]?(?:[-/]\d{1,4})?,?\s+\p{L}[\p{L}.'\- ]{2,40}|\p{L}[\p{L}.'\- ]{2,40}\s\d{1,5}[A-Za-z]?(?:[-/]\d{1,4})?)(?:,\s?.{1,30})?$`)
)

var (
	// Street words of countries whose streets are named before the
	// number, or whose house number comes first with a marker: "NO.89
	// JALAN PERMAS 9/5", "Calle Mayor 5", "ul. Marszałkowska 84".
	reStreetWord = regexp.MustCompile(`(?i)^(?:(?:no|lot|unit|level|blk|block|bldg)\.?\s?\d[\dA-Z\-/]*,?\s+\p{L}.*|.*\b(?:jalan|jln|jl|lorong|persiaran|calle|avenida|av|rua|via|viale|corso|piazza|ul|ulica|carrer|strada|soi|thanon)\b\.?\s.*\d.*)$`)
	// A line naming a street in a language whose street word comes
	// first, without a number: "Jalan Desa Tebrau", "Calle de Alcalá".
	reStreetNamed = regexp.MustCompile(`(?i)^(?:jalan|jln|lorong|persiaran|lebuh|lebuhraya|taman|calle|avenida|rua|ulica|thanon|soi)\.?\s\p{L}[\p{L}.'\- ]{2,40}$`)
	// A floor or unit named anywhere on a line with its number: "S117,
	// Second Floor", "Level 6, Bangunan TH", "Unit 3-2".
	reUnitAnywhere = regexp.MustCompile(`(?i)\b(?:floor|level|lot|unit|suite|block|blk|tingkat|aras|blok|wisma|menara)\b.*\d|\d.*\b(?:floor|level|lot|unit|suite|block|tingkat|aras|blok)\b|\d\s?(?:楼|层|室|栋)`)
	// A district or town line: words, no digits.
	reLocality = regexp.MustCompile(`^\p{L}[\p{L}.'’\- ,]{2,40}$`)
)

const countries = `Deutschland|Germany|France|United Kingdom|UK|U\.K\.|Great Britain|England|Scotland|Wales|` +
	`United States|United States of America|USA|U\.S\.A\.|Canada|Australia|New Zealand|Switzerland|Schweiz|Suisse|` +
	`Svizzera|Österreich|Austria|Italia|Italy|España|Spain|Portugal|Nederland|Netherlands|The Netherlands|` +
	`Belgium|België|Belgique|Luxembourg|Ireland|Éire|Denmark|Danmark|Sweden|Sverige|Norway|Norge|Finland|Suomi|` +
	`Iceland|Poland|Polska|Czech Republic|Czechia|Česko|Slovakia|Hungary|Magyarország|Romania|Greece|Türkiye|Turkey|` +
	`Israel|United Arab Emirates|UAE|Saudi Arabia|India|Pakistan|Singapore|Malaysia|Indonesia|Thailand|Vietnam|` +
	`Viet Nam|Philippines|Japan|South Korea|Korea|Republic of Korea|Taiwan|Hong Kong|Hong Kong SAR|Macau|China|` +
	`P\.R\. China|PR China|People's Republic of China|Brazil|Brasil|Mexico|México|Argentina|Chile|Colombia|Peru|` +
	`Perú|South Africa|Nigeria|Kenya|Egypt|Morocco|Ukraine|Russia|中国|中华人民共和国|中國|日本|香港|澳门|台湾|新加坡|` +
	`美国|英国|德国|法国|加拿大|澳大利亚|대한민국`

// findAddressBlocks finds postal addresses as blocks of lines: a postcode
// line with one or two street lines above it (house number and a word, in
// either order, whatever the street type is called), and the unit and
// country lines around them. Every line of the block is hidden; a country
// line alone, or a postcode line with no street above it, is not an
// address.
func findAddressBlocks(segs []*segment, blocks []*block) []rawFinding {
	next := nextInBlock(blocks)
	prev := make(map[*segment]*segment, len(next))
	for a, b := range next {
		prev[b] = a
	}
	index := make(map[*segment]int, len(segs))
	for i, s := range segs {
		index[s] = i
	}
	// The nearer of the line chained to s in its block and the one
	// stacked in its column: a block's chain can skip a line that another
	// one took.
	up := func(s *segment) *segment {
		p, a := prev[s], above(segs, index[s])
		if p == nil || a != nil && a.box.Max.Y > p.box.Max.Y {
			return a
		}
		return p
	}
	down := func(s *segment) *segment {
		n, b := next[s], below(segs, index[s])
		if n == nil || b != nil && b.box.Min.Y < n.box.Min.Y {
			return b
		}
		return n
	}
	var out []rawFinding
	for _, s := range segs {
		t := trimJunk(s.text)
		if !rePostalLine.MatchString(t) || reProtect.MatchString(t) {
			continue
		}
		lines := []*segment{s}
		street := false
		for u, k := up(s), 0; u != nil && k < 5; u, k = up(u), k+1 {
			kind := addressLineKind(trimJunk(u.text), street)
			if kind == notAddress {
				// A building's name between the street and the
				// floor or unit over it ("S117, Second Floor," /
				// "Aeon Tebrau City," / "1, Jalan Desa Tebrau"):
				// part of the block when such a line is next.
				v := up(u)
				if !street || v == nil || !reLocality.MatchString(trimJunk(u.text)) || !unitLine(trimJunk(v.text)) {
					break
				}
				lines = append(lines, u, v)
				u, k = v, k+1
				continue
			}
			street = street || kind == streetLine
			lines = append(lines, u)
		}
		if !street {
			continue
		}
		for d, k := down(s), 0; d != nil && k < 2; d, k = down(d), k+1 {
			dt := trimJunk(d.text)
			// Under the postcode: the country, a unit, or a state
			// written in capitals as receipts do ("SELANGOR DARUL
			// EHSAN"); a field's label in ordinary case is not.
			state := reLocality.MatchString(dt) && strings.ToUpper(dt) == dt && len(strings.Fields(dt)) <= 3
			if !reCountryLine.MatchString(dt) && !reUnitLine.MatchString(dt) && !state {
				break
			}
			lines = append(lines, d)
		}
		lines = append(lines, sandwiched(segs, lines)...)
		lines = append(lines, rowMates(segs, lines)...)
		for _, l := range lines {
			out = append(out, rawFinding{Address, 0.75, l.text, singleBlock(l).boxes(0, len(l.text)), false})
		}
	}
	return out
}

// streetBlocks finds the addresses that have no postcode line, as
// receipts from many countries print them: a line that starts with a house
// number or its marker and names a street by its word ("18,JALAN PERMAS
// 10/7", "No. 5, Calle Mayor"), then the district and town lines under it,
// up to the shop's phone or tax number. Lines that prior findings hide
// already are left to them.
func streetBlocks(segs []*segment, prior []rawFinding) []rawFinding {
	found := make(map[*segment]bool)
	for _, s := range segs {
		if slices.ContainsFunc(prior, func(f rawFinding) bool {
			return f.cat == Address && slices.ContainsFunc(f.boxes, s.box.Overlaps)
		}) {
			found[s] = true
		}
	}
	var out []rawFinding
	for i, s := range segs {
		t := trimJunk(s.text)
		if !addressLineOK(t) || runeCount(t) > 50 {
			continue
		}
		// A Chinese address's street line ends with its number (…路20号),
		// and the building, room and postcode lines follow, however OCR
		// misreads their 栋 and 室 and 邮编; elsewhere the lines under
		// the street name its district and town.
		cn := reCNStreetLine.MatchString(t)
		if !cn && (found[s] || !reStreetFirst.MatchString(t) || !reStreetWord.MatchString(t)) {
			continue
		}
		lines := []*segment{s}
		for d, k := below(segs, i), 0; d != nil && k < 3 && !(cn && k == 2); k++ {
			dt := trimJunk(d.text)
			if !addressLineOK(dt) {
				break
			}
			if cn {
				if !reCNUnitOrPost.MatchString(dt) {
					break
				}
			} else if !localityish(dt) && !rePostalLine.MatchString(dt) {
				break
			}
			lines = append(lines, d)
			if cn && reCNPostcode.MatchString(dt) {
				break
			}
			d = below(segs, slices.Index(segs, d))
		}
		if len(lines) < 2 {
			// A street line alone is a sentence's as often as an
			// address's; the lines under it make it a block.
			continue
		}
		lines = append(lines, rowMates(segs, lines)...)
		for _, l := range lines {
			if found[l] {
				continue
			}
			found[l] = true
			out = append(out, rawFinding{Address, 0.7, l.text, singleBlock(l).boxes(0, len(l.text)), false})
		}
	}
	return out
}

var (
	// reCNStreetLine is a line that ends with a street and its number.
	reCNStreetLine = regexp.MustCompile(`\p{Han}{2,}(?:路|街|道|大道|巷|弄|里|胡同)(?:[一二三四五六七八九十\d]{1,2}段)?\s?\d+(?:-\d+)?\s?号$`)
	// reCNUnitOrPost is a building and room line ("保利中心10栋1605室",
	// read "保利中心10 标1605 宣" too) or a postcode line ("邮编 100020").
	reCNUnitOrPost = regexp.MustCompile(`^\p{Han}{2,12}\s?\d{1,4}\s?\p{Han}?\s?\d{2,5}\s?\p{Han}?$|^\PN{0,4}\s?\d{6}$`)
	// reCNPostcode is a postcode line: the last line of the block.
	reCNPostcode = regexp.MustCompile(`\d{6}$`)
)

// reStreetFirst is the start of a street line that gives the house first:
// its number or a marker and a number.
var reStreetFirst = regexp.MustCompile(`(?i)^(?:(?:no|lot|unit|blk|block)\.?\s?)?\d{1,5}[A-Z]?(?:[-/]\d{1,4}[A-Z]?)?\s?[,.]?\s?\pL`)

// localityish reports whether t reads as a district, town or state line
// of an address, allowing for what OCR makes of a receipt's print ("MEDAN
// NIAGA DAMA! SG BES|"): a few words, nearly all letters, no more than a
// postcode's digits.
func localityish(t string) bool {
	if runeCount(t) > 40 || len(strings.Fields(t)) > 6 {
		return false
	}
	nl, nd, other := 0, 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			nl++
		case isDigit(r):
			nd++
		case r != ' ' && r != ',' && r != '.' && r != '-' && r != '\'':
			other++
		}
	}
	return nl >= 4 && nd <= 6 && other <= 2 && 5*(nd+other) <= 2*nl
}

// sandwiched returns the segments between the first and last of lines
// that are not among them: a line whose box OCR drew so tall that it shares
// a row with the line above it, and so is skipped walking up the block.
func sandwiched(segs, lines []*segment) []*segment {
	top, bottom := math.MaxInt, math.MinInt
	var span image.Rectangle
	in := make(map[*segment]bool, len(lines))
	for _, l := range lines {
		c := (l.box.Min.Y + l.box.Max.Y) / 2
		top, bottom = min(top, c), max(bottom, c)
		span = span.Union(l.box)
		in[l] = true
	}
	var out []*segment
	for _, s := range segs {
		c := (s.box.Min.Y + s.box.Max.Y) / 2
		if in[s] || c <= top || c >= bottom || overlap1(s.box.Min.X, s.box.Max.X, span.Min.X, span.Max.X) <= 0 {
			continue
		}
		if addressLineOK(trimJunk(s.text)) {
			out = append(out, s)
		}
	}
	return out
}

// rowMates returns the segments beside lines on their rows that continue
// them: a receipt prints "Jalan Kenari 5,   Bandar Puchong Jaya" as one
// line of its address, which OCR splits at the wide space.
func rowMates(segs, lines []*segment) []*segment {
	in := make(map[*segment]bool, len(lines))
	for _, l := range lines {
		in[l] = true
	}
	var out []*segment
	for _, s := range segs {
		if in[s] {
			continue
		}
		t := trimJunk(s.text)
		if !addressLineOK(t) || !(reLocality.MatchString(t) || rePostalLine.MatchString(t) || addressLineKind(t, true) != notAddress) {
			continue
		}
		for _, l := range lines {
			h := max(l.height(), s.height())
			gap := max(s.box.Min.X-l.box.Max.X, l.box.Min.X-s.box.Max.X)
			if l.row == s.row && gap <= 3*h {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// unitLine reports whether t names a floor or unit with its number. OCR
// reads a unit's leading S as "$" ("$117, Second Floor"): not an amount
// where it has no cents.
func unitLine(t string) bool {
	if !reUnitAnywhere.MatchString(t) {
		return false
	}
	if strings.HasPrefix(t, "$") && !reHasCents.MatchString(t) {
		t = "S" + t[1:]
	}
	return addressLineOK(t)
}

var reHasCents = regexp.MustCompile(`\d[.,]\d{2}\b`)

// Kinds of line above a postcode line.
const (
	notAddress = iota
	streetLine
	otherLine // a unit or district line: part of the block if a street line is too
)

// addressLineKind says what line t above a postcode line is; street says
// whether a street line was already found below it.
func addressLineKind(t string, street bool) int {
	switch {
	case !addressLineOK(t):
		return notAddress
	case reStreetish.MatchString(t) || reStreetWord.MatchString(t) || reStreetNamed.MatchString(t) || reStreet.MatchString(t) || reOther.MatchString(t):
		return streetLine
	case reUnitLine.MatchString(t):
		// "Unit G-13, Ground Floor, No.1" places the address as a
		// street line does.
		if strings.ContainsAny(t, "0123456789") && len(strings.Fields(t)) >= 2 {
			return streetLine
		}
		return otherLine
	case !street && reLocality.MatchString(t):
		// A district between the street and the postcode ("BANDAR
		// BARU PERMAS JAYA"); above the street line it would be the
		// business's name instead.
		return otherLine
	}
	return notAddress
}

// addressLineOK rules out lines that hold another field: a label with a
// colon, an e-mail, a date, an amount.
func addressLineOK(t string) bool {
	return len(t) <= 70 && !strings.ContainsAny(t, ":：@＠$€£¥") && !reProtect.MatchString(t)
}

// trimJunk trims spaces and the marks OCR reads at the edge of a line
// from a field's border or an icon ("“ 金茂大厦 5 栋", "| 10115 Berlin"),
// and the comma or full stop that ends a line of an address written as
// one sentence ("81620 Pengerang, Johor.").
func trimJunk(t string) string {
	return strings.TrimRight(strings.TrimLeft(strings.Trim(t, " “”\"'‘’|·•_—"), "{}[]<>, "), " .,;，。；")
}
