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

// --- e-mail ---------------------------------------------------------------

var (
	// The domain's dots may come back from OCR as commas ("gmail,com"),
	// but a comma followed by a space ends the address ("a@b.com, c@d.com").
	reEmail = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*\s?[@＠]\s?[a-z0-9][a-z0-9\-]*(?:(?:\s?\.\s?|,)[a-z0-9\-]+)*(?:\s?\.\s?|,)[a-z]{2,10}`)
	// Chinese OCR drops "." and "@" from addresses at well-known
	// providers ("name@icloudcom", "namegmail.com"); their domains anchor
	// a second, looser search.
	reMailDomain = regexp.MustCompile(`(?i)[@＠]?\s?(?:gmail|googlemail|outlook|hotmail|live|icloud|yahoo|qq|163|126|yeah|foxmail|sina|sohu|aliyun|protonmail|proton|gmx|yandex|aol|msn)\s?[.,]?\s?(?:com|cn|net|me|org)(?:\s?[.,]?\s?cn)?\b`)
	reLocal      = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*$`)
	// lower case: "Thanks. " ends a sentence. A local part wrapped at its
	// dot, underscore or hyphen ("ana." / "souza@hotmail.co.uk") ends its
	// line.
	reLocalHead  = regexp.MustCompile(`\b[a-z0-9][a-z0-9._%+\-]*(?:\. |[._\-]\n)$`)
	reEmailNoDot = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*[@＠][a-z0-9\-]{2,}(?:com|net|org|cn|io)\b`)
)

func findEmails(s string) []match {
	var ms []match
	for _, loc := range reEmail.FindAllStringIndex(s, -1) {
		at := strings.IndexAny(s[loc[0]:loc[1]], "@＠")
		if isMaskRune(runeBefore(s, loc[0]+at)) || nearMask(s, loc[0], loc[0]+at) {
			continue
		}
		// OCR may put a space after a dot of the local part
		// ("chen. jie.work10@mail.com"), and a narrow bubble wraps it
		// there: the part before it is the address too.
		if m := reLocalHead.FindStringIndex(s[:loc[0]]); m != nil {
			loc[0] = m[0]
		}
		ms = append(ms, match{loc[0], loc[1], Email, 0.95})
	}
	// Chinese OCR drops the dot before the top-level domain of any
	// provider: "sarah.m.kim@mailcom".
	for _, loc := range reEmailNoDot.FindAllStringIndex(s, -1) {
		if isAlnum(runeAfter(s, loc[1])) || nearMask(s, loc[0], loc[1]) {
			continue
		}
		ms = append(ms, match{loc[0], loc[1], Email, 0.8})
	}
	for _, loc := range reMailDomain.FindAllStringIndex(s, -1) {
		start := loc[0]
		local := reLocal.FindStringIndex(strings.TrimRight(s[:start], " "))
		if local == nil || nearMask(s, start, start) {
			continue
		}
		if local[1]-local[0] < 2 {
			continue
		}
		ms = append(ms, match{local[0], loc[1], Email, 0.8})
	}
	return ms
}

// --- wallets and transaction hashes ------------------------------------------

// A piece is a run of address-like characters, possibly continued on the
// next line or after one space, as long addresses are wrapped in narrow
// columns and OCR breaks them into words.
type piece struct{ start, end int }

// isAddrRune accepts what OCR makes of the characters of an address:
// letters, digits, and the odd symbol it reads for a "0" or "l".
func isAddrRune(r rune) bool {
	if isAlnum(r) {
		return true
	}
	switch r {
	case '®', '©', '|', '¢', '£', '§', '@':
		return true
	}
	// Accented Latin letters: OCR's reading of a plain one (é for 6).
	return r >= 0xc0 && r < 0x250 && unicode.IsLetter(r)
}

// addrRuns splits s into maximal runs of address runes.
func addrRuns(s string) []piece {
	var ps []piece
	start := -1
	for i, r := range s {
		if isAddrRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			ps = append(ps, piece{start, i})
			start = -1
		}
	}
	if start >= 0 {
		ps = append(ps, piece{start, len(s)})
	}
	return ps
}

// hexFold maps OCR confusions onto hex digits.
func hexFold(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
		return r, true
	}
	switch r {
	case 'O', 'o', 'Q', 'D', '®', 'ø', 'Ø', '@':
		return '0', false
	case 'l', 'I', 'i', '|', 'L', 'j':
		return '1', false
	case 'S', 's', '§':
		return '5', false
	case 'Z', 'z':
		return '2', false
	case 'G':
		return '6', false
	case 'g', 'q':
		return '9', false
	case 'T':
		return '7', false
	}
	return '?', false
}

// hexLike reports how many runes of s are not hex digits even after folding
// OCR confusions, and the count of runes.
func hexLike(s string) (bad, n int) {
	for _, r := range s {
		n++
		if f, _ := hexFold(r); f == '?' {
			bad++
		}
	}
	return bad, n
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// classifyAddr says what a candidate string is: a wallet, a transaction
// hash, or neither.
func classifyAddr(c string) (Category, float64) {
	n := runeCount(c)
	lc := strings.ToLower(c)
	// 0x… : 40 hex digits are an account, 64 a transaction hash.
	if ethPrefix(lc) {
		bad, m := hexLike(c[2:])
		if bad <= 3 {
			switch {
			case m >= 38 && m <= 42:
				return Wallet, 0.9
			case m >= 62 && m <= 66:
				return TxID, 0.9
			}
		}
		return "", 0
	}
	// bech32 ("bc1…", "tb1…", "ltc1…") and its OCR readings: "bcl", "bel",
	// "bcI", "boi".
	if n >= 14 && bech32Prefix(lc) {
		// P2WPKH addresses are 42 characters, P2WSH and Taproot 62
		// (one more for ltc1); allow an OCR slip of one or two.
		if n >= 40 && n <= 44 || n >= 60 && n <= 64 {
			return Wallet, 0.9
		}
		return "", 0
	}
	if bad, m := hexLike(c); bad == 0 && m >= 62 && m <= 66 {
		return TxID, 0.85
	}
	// Base58check (BTC 1…/3…, TRON T…, LTC L/M…, DOGE D…, XRP r…), which
	// mixes cases and digits, unlike words and hex hashes.
	var up, lo, dg int
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			up++
		case r >= 'a' && r <= 'z':
			lo++
		case r >= '0' && r <= '9':
			dg++
		}
	}
	// Base58 has no 0, O, I or l; allow one for an OCR slip.
	notB58 := strings.Count(c[1:], "0") + strings.Count(c[1:], "O") + strings.Count(c[1:], "I") + strings.Count(c[1:], "l")
	if n >= 25 && n <= 35 {
		first := c[0]
		okStart := strings.IndexByte("13lITLMDr", first) >= 0
		if okStart && up >= 3 && lo >= 3 && dg >= 1 && notB58 <= 1 {
			return Wallet, 0.8
		}
	}
	// Solana and other base58 keys: 32 to 44 characters with no prefix;
	// only strings this random count.
	if n >= 32 && n <= 44 && up >= 5 && lo >= 5 && dg >= 2 && notB58 == 0 && up+lo+dg == n {
		return Wallet, 0.75
	}
	return "", 0
}

func bech32Prefix(lc string) bool {
	if strings.HasPrefix(lc, "tb1") {
		return true
	}
	// Litecoin's "ltc1", with OCR's l/1/i/| swaps at either end
	// ("1tcl", "itc1").
	if len(lc) > 4 && strings.IndexByte("l1i|", lc[0]) >= 0 && lc[1:3] == "tc" && strings.IndexByte("1li|", lc[3]) >= 0 {
		return true
	}
	return len(lc) > 3 && lc[0] == 'b' && strings.IndexByte("ceo", lc[1]) >= 0 && strings.IndexByte("1li|", lc[2]) >= 0
}

// findWallets finds crypto addresses (Wallet) and transaction hashes (TxID,
// which the default policy keeps). OCR breaks long monospace strings into
// several words and narrow columns wrap them over lines, so candidates are
// chains of runs separated by spaces or a line break; the longest chain that
// classifies wins. A chain that starts like an address but cannot be read
// to the end is still taken as a wallet, with less confidence: a leaked
// address is worse than a hidden fragment.
func findWallets(s string) []match {
	runs := addrRuns(s)
	var ms []match
	for i := 0; i < len(runs); {
		best, bestEnd := Category(""), i
		var conf float64
		for j := i; j < len(runs) && j < i+8; j++ {
			if j > i && (!chainSep(s[runs[j-1].end:runs[j].start]) || !pieceOK(s[runs[j].start:runs[j].end])) {
				break
			}
			cand := joinRuns(s, runs[i:j+1])
			if runeCount(cand) > 70 {
				break
			}
			c, cf := classifyAddr(cand)
			// A chain of base58 needs a long, random-looking first
			// part: a wrapped address, not a label such as "TxID".
			if c == Wallet && j > i && !addrPrefix(cand) && (!allRandomish(s, runs[i:j+1]) || runs[i].end-runs[i].start < 8) {
				c = ""
			}
			// The surest reading wins, then the longest: a base58
			// address followed by a hash's first piece is not a
			// longer, Solana-shaped key.
			if c != "" && (best == "" || cf >= conf) {
				best, bestEnd, conf = c, j, cf
			}
		}
		if best == "" {
			// An address whose end OCR lost: hide what there is.
			if end, ok := partialAddr(s, runs, i); ok {
				ms = append(ms, match{runs[i].start, runs[end].end, Wallet, 0.6})
				i = end + 1
				continue
			}
			i++
			continue
		}
		ms = append(ms, match{runs[i].start, runs[bestEnd].end, best, conf})
		i = bestEnd + 1
	}
	return ms
}

// chainSep reports whether sep may separate two parts of one address: a
// line break or a few spaces, which is how OCR splits monospace text.
func chainSep(sep string) bool {
	return len(sep) > 0 && len(sep) <= 3 && strings.Trim(sep, " \n") == "" && strings.Count(sep, "\n") <= 1
}

// addrPrefix reports whether c starts the way 0x and bech32 addresses do.
func addrPrefix(c string) bool {
	lc := strings.ToLower(c)
	return ethPrefix(lc) || bech32Prefix(lc)
}

// ethPrefix reports whether lc (lower case) starts with "0x" or an OCR
// reading of it: the zero of monospace fonts, slashed or dotted, comes back
// as o, @, g, 9, q, d, 6 or 8.
func ethPrefix(lc string) bool {
	return len(lc) > 2 && lc[1] == 'x' && strings.IndexByte("0o@g9qd68", lc[0]) >= 0
}

// randomish reports whether p looks like a slice of an encoded address
// rather than a word: it has a digit, or capitals after its first letter.
func randomish(p string) bool {
	up := 0
	for i, r := range p {
		if isDigit(r) {
			return true
		}
		if i > 0 && r >= 'A' && r <= 'Z' {
			up++
		}
	}
	return up >= 2
}

// pieceOK reports whether p can continue an address: random-looking, or
// all lower case like the tail of a bech32 address, but not a word such as
// "Copy" on a button beside it.
func pieceOK(p string) bool {
	return randomish(p) || strings.ToLower(p) == p
}

func allRandomish(s string, rs []piece) bool {
	for _, r := range rs {
		if !randomish(s[r.start:r.end]) {
			return false
		}
	}
	return true
}

// partialAddr reports whether the chain starting at runs[i] begins like an
// address, 0x or bc1 and at least a dozen more characters, without being a
// complete one; it returns the last run of the chain. An ellipsis after the
// chain marks a deliberately shortened display (0x36ab8a…acf006), which is
// left alone.
func partialAddr(s string, runs []piece, i int) (int, bool) {
	first := s[runs[i].start:runs[i].end]
	if !addrPrefix(first) && !(len(first) <= 3 && i+1 < len(runs) && addrPrefix(first+s[runs[i+1].start:runs[i+1].end])) {
		return 0, false
	}
	end := i
	n := runeCount(first)
	for j := i + 1; j < len(runs) && j < i+6 && chainSep(s[runs[j-1].end:runs[j].start]); j++ {
		p := s[runs[j].start:runs[j].end]
		if !pieceOK(p) || !randomish(p) && runeCount(p) < 4 {
			break
		}
		end, n = j, n+runeCount(p)
	}
	if n < 14 || n > 44 {
		return 0, false
	}
	after := s[runs[end].end:]
	if strings.HasPrefix(after, "…") || strings.HasPrefix(after, "..") || strings.HasPrefix(after, "·") {
		return 0, false
	}
	if addrPrefix(first) && first[1] == 'x' {
		cand := joinRuns(s, runs[i:end+1])
		if bad, _ := hexLike(cand[2:]); bad > 3 {
			return 0, false
		}
	}
	return end, true
}

func joinRuns(s string, rs []piece) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(s[r.start:r.end])
	}
	return b.String()
}

// --- cards -----------------------------------------------------------------

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

// --- identity numbers -------------------------------------------------------

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
