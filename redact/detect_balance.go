package redact

import (
	"image"
	"regexp"
	"strings"
)

const (
	// An amount: grouped thousands (comma, dot, space, no-break or thin
	// space) with an optional decimal part, or plain digits with one. A
	// semicolon before two digits is a decimal comma OCR misread; with a
	// currency required after or before, "3729;96 €" is money.
	// Indian grouping (lakh, crore: 12,34,567.89) comes first, or its
	// tail alone would be taken.
	amount = indian + `|\d{1,3}(?:[,.'’\x{00a0}\x{202f} ]\d{3})+(?:[.,]\d{1,8}|;\d{2})?|\d+(?:[.,]\d{1,8}|;\d{2})?`
	indian = `\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,8})?`
	// The bare form without a currency: English grouping only, and it
	// needs a decimal part or a thousands group to look like money.
	bareAmount = indian + `|\d{1,3}(?:,\d{3})+(?:\.\d{1,8})?|\d+\.\d{2,8}`
	sp         = `[ \x{00a0}\x{202f}]?`    // a space, never a line break
	approx     = `(?:[≈~=≃%&]` + sp + `)?` // "%" and "&" are how OCR often reads "≈"
	sign       = `[+\-−–]?` + sp
	// Currency symbols, including OCR's readings of "$" (S, §) and "¥" (Y);
	// see balanceOK for the extra check those need.
	// OCR reads "₩" as "W" or "¥#", and a small "¥" as "#".
	curSym = `(?:(?:` + dollars + `|S)[$S]|CHF|RM|Rp|Rs\.?|zł|人民币|港币|美元|欧元|¥#|[$€£¥￥₿₹₽₩₺₫₱฿₴₦₪§SYW#])`
	// The countries' letters before "$": US$, HK$, CA$, A$.
	dollars = `US|HK|NT|CA|AU|NZ|MX|C|A|R`
	// Codes and tickers written after an amount.
	codes = `mBTC|μBTC|uBTC|BTC|ETH|USDT|USDC|BNB|SOL|XRP|ADA|DOGE|TRX|LTC|DOT|MATIC|POL|AVAX|SHIB|DAI|BUSD|FDUSD|TON|LINK|ARB|OP|USD|EUR|GBP|CNY|RMB|JPY|HKD|CAD|AUD|NZD|CHF|SGD|INR|KRW|MYR|IDR|THB|PHP|VND|TWD|BRL|MXN|ZAR|SEK|NOK|DKK|PLN|CZK|TRY|AED|SAR|RUB|UAH`
	// Chinese amounts count in 万 (ten thousand) and 亿 too: "1.2万元".
	curCode = `(?:` + codes + `|sats?|kr|Ft|lei)\b|[$€£¥￥₽₹₺₫₱฿₩₴₦₪]|zł|Kč|руб\.?|[万亿]?(?:元|美元|人民币|港币|欧元|英镑)|円`
)

var (
	// "$12k", "$1.2M": dashboards shorten big sums.
	reBalSym    = regexp.MustCompile(approx + sign + curSym + sp + `(?:` + amount + `)(?:[kKMB]\b|` + sp + `(?:` + curCode + `))?`)
	reBalSuffix = regexp.MustCompile(approx + sign + `(?:` + amount + `)` + sp + `(?:` + curCode + `)`)
	reBalBare   = regexp.MustCompile(approx + sign + `(?:` + bareAmount + `)`)
	// A receipt's amount with a space OCR put after the decimal point
	// ("RM 65. 20"): only after a currency.
	reBalSpaced = regexp.MustCompile(sign + curSym + sp + `\d{1,3}(?:,\d{3})*\. \d{2}\b`)
	// A code before the amount: "USDT 1,234.56", "CNY 88.00".
	reBalCode = regexp.MustCompile(approx + sign + `\b(?:` + codes + `)` + sp + sign + `(?:` + amount + `)`)
	// A decimal amount and a ticker OCR misread ("0.60347 BIC"): any
	// short capitalised code after an amount with decimals.
	reBalTicker = regexp.MustCompile(approx + sign + `(?:` + bareAmount + `)` + sp + `[A-Z][A-Z0-9]{1,5}\b`)
	reCurCode   = regexp.MustCompile(`^(?:` + curCode + `)`)
	reCents     = regexp.MustCompile(`^\d[\d,]*\.\d{2}`)
)

// findBalances finds amounts of money or crypto: with a currency symbol or
// code, or bare numbers with decimals or thousands separators, which is how
// asset lists show holdings beside a ticker in another column.
func findBalances(s string) []match {
	var ms []match
	for _, re := range []struct {
		re   *regexp.Regexp
		conf float64
	}{{reBalSym, 0.9}, {reBalSuffix, 0.9}, {reBalCode, 0.85}, {reBalSpaced, 0.8}, {reBalTicker, 0.75}, {reBalBare, 0.6}} {
		for _, loc := range re.re.FindAllStringIndex(s, -1) {
			start, end := trimBalance(s, loc[0], loc[1])
			if start >= end || !balanceOK(s, start, end) {
				continue
			}
			ms = append(ms, match{start, end, Balance, re.conf})
		}
	}
	return ms
}

// trimBalance drops the spaces a pattern may have taken at either end.
func trimBalance(s string, start, end int) (int, int) {
	for start < end && s[start] == ' ' {
		start++
	}
	for end > start && s[end-1] == ' ' {
		end--
	}
	return start, end
}

// balanceOK rejects what looks like money but is not: part of a longer token
// (a hash, a version), a percentage, a date or time, a masked value, and the
// OCR stand-ins S, Y and # unless the amount has cents.
func balanceOK(s string, start, end int) bool {
	v := s[start:end]
	b, a := runeBefore(s, start), runeAfter(s, end)
	// OCR glues a leading "≈" to the word before ("of=$12.50"). A
	// currency sign glued to a word is another matter: "…b82344£7" is a
	// hash with a misread "f".
	if strings.ContainsRune("≈~=≃%&", runeAfter(s, start)) {
		b = ' '
	}
	// After a colon only as a label's value ("Total (RM) :112.46"), not
	// as the minutes of a time.
	if b == ':' && isDigit(runeBefore(s, start-1)) {
		return false
	}
	if isAlnum(b) || b == '.' || b == '/' || b == '_' || b == '#' || isMaskRune(b) {
		return false
	}
	if isAlnum(a) && !reCurCode.MatchString(v[len(v)-1:]) {
		// "12.5x" or a hex run: not an amount, unless the match
		// already ended in a code.
		return false
	}
	if a == '%' || a == ':' || isMaskRune(a) || a == '/' {
		return false
	}
	if (a == '.' || a == ',' || a == '-') && isDigit(runeAfter(s, end+1)) {
		return false
	}
	d := strings.TrimLeft(v, "≈~=≃%&+-−– ")
	if reCodeFirst.MatchString(d) {
		// "SGD 1,200", "SOL 12": a code, not OCR's "S" for "$".
		return len(digits(v)) > 0
	}
	if m := reDollarAsS.FindStringIndex(d); m != nil {
		// "CAS22277.98": OCR's S for the "$" of a dollar prefix; an
		// amount only with its cents, and not inside a word.
		return !isAlnum(b) && reCents.MatchString(strings.TrimLeft(d[m[1]:], " "))
	}
	if (strings.HasPrefix(d, "S") || strings.HasPrefix(d, "Y") || strings.HasPrefix(d, "§") || strings.HasPrefix(d, "#")) && !strings.HasPrefix(d[1:], "$") {
		rest := strings.TrimLeft(d[1:], " ")
		if !reCents.MatchString(rest) {
			return false
		}
		// "S" after a letter is part of a word ("IDS 12.50").
		if isAlnum(b) {
			return false
		}
	}
	// "W" for "₩": won have no cents, so the thousands must be grouped.
	if strings.HasPrefix(d, "W") && !reGrouped.MatchString(strings.TrimLeft(d[1:], " ")) {
		return false
	}
	return len(digits(v)) > 0
}

var (
	reGrouped = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+`)
	// "SS" is no dollar prefix: S$ read as SS is left to the S-for-$
	// rule of balanceOK.
	reDollarAsS = regexp.MustCompile(`^(?:` + dollars + `)S`)
	reCodeFirst = regexp.MustCompile(`^(?:` + codes + `)` + sp + `[+\-−–]?` + sp + `\d`)
)

// Amounts that are not the user's: market prices and exchange rates, and
// an exchange's limits. They are what support needs to read a screenshot
// ("1 BTC ≈ 2,251.65 USD", "Minimum deposit 10 XRP"), and hiding them
// hides nothing private.
var (
	// A rate: one unit of an asset in another.
	reRate = regexp.MustCompile(`\b1` + sp + `[A-Z][A-Za-z0-9]{1,5}` + sp + `[=≈~≃＝]` + sp + `[$€£¥￥]?` + sp + `[\d,.'’]+` + sp + `[A-Z]{0,5}`)
	// A ticker quote: an asset, its price and the day's change.
	reQuote = regexp.MustCompile(`\b[A-Z][A-Z0-9]{1,5}(?:/[A-Z]{2,5})?` + sp + `[$€£¥￥]?` + sp + `[\d,.'’]+` + sp + `[+\-−–—]` + sp + `\d+(?:[.,]\d+)?` + sp + `%`)
	// Labels of amounts that are not the user's, before the amount on its
	// line or its row.
	rePriceLabel = regexp.MustCompile(`(?i)(?:\b(?:market|current|last|mark|index|spot|unit|average|avg\.?|reference|limit)\s+price|\bprice\b|\bexchange\s+rate\b|\brate\b|\bmin(?:imum|\.)?\s+(?:deposit|withdrawal|amount|order|trade)|\bmax(?:imum|\.)?\s+(?:deposit|withdrawal|amount|order)|\bminimum\b|价格|最新价|现价|单价|汇率|参考价|标记价格|(?:最小|最低)(?:充值|提币|提现|转账)(?:数量|金额|额度)?|单笔限额|起充)\s*[:：]?\s*$`)
)

// dropMarketAmounts drops balance findings that are prices, rates or
// limits: inside a rate or a ticker quote, or after a price or minimum
// label on their line or row, or in a table's price column.
func dropMarketAmounts(fs []rawFinding, segs []*segment, cols []column) []rawFinding {
	out := fs[:0:0]
	for _, f := range fs {
		if f.cat == Balance && len(f.boxes) == 1 && (marketAmount(f.boxes[0], segs) || inMarketColumn(f.boxes[0], cols)) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func marketAmount(b image.Rectangle, segs []*segment) bool {
	for i, s := range segs {
		if !s.box.Overlaps(b) || 2*overlap1(s.box.Min.Y, s.box.Max.Y, b.Min.Y, b.Max.Y) < s.height() {
			continue
		}
		for wi, w := range s.words {
			if !w.Box.Overlaps(b) {
				continue
			}
			start := s.spans[wi][0]
			for _, re := range []*regexp.Regexp{reRate, reQuote} {
				for _, loc := range re.FindAllStringIndex(s.text, -1) {
					if loc[0] <= start && start < loc[1] {
						return true
					}
				}
			}
			// A label before the amount in its segment, or the
			// segment before it on its row.
			before := strings.TrimSpace(s.text[:start])
			if before == "" && i > 0 && segs[i-1].row == s.row {
				before = strings.TrimSpace(segs[i-1].text)
			}
			if before != "" && rePriceLabel.MatchString(before) {
				return true
			}
			break
		}
	}
	return false
}

// reCentsCell is a number with cents standing alone, the decimal point
// read as a comma or not: a receipt's line total.
var reCentsCell = regexp.MustCompile(`^[+\-−]?\d{1,3}(?:,\d{3})*[.,]\d{2}$`)

// amountColumn finds the amounts of a receipt's or an invoice's right-hand
// column that no pattern took (a decimal comma OCR misread, "13,16" beside
// a garbled "SubTeta i"): a number with cents whose right edge lines up
// with two amounts found within a few lines of it is one of them.
func amountColumn(segs []*segment, prior []rawFinding) []rawFinding {
	var found []image.Rectangle
	for _, f := range prior {
		if f.cat == Balance && len(f.boxes) == 1 {
			found = append(found, f.boxes[0])
		}
	}
	if len(found) < 2 {
		return nil
	}
	var out []rawFinding
	for _, s := range segs {
		t := strings.TrimSpace(s.text)
		if !reCentsCell.MatchString(t) {
			continue
		}
		h := s.height()
		n := 0
		for _, b := range found {
			if b.Overlaps(s.box) {
				n = -1 // found already
				break
			}
			if abs(b.Max.X-s.box.Max.X) <= h && abs(b.Min.Y-s.box.Min.Y) <= 8*h {
				n++
			}
		}
		if n >= 2 {
			out = append(out, rawFinding{Balance, 0.6, s.text, singleBlock(s).boxes(0, len(s.text)), false})
		}
	}
	return out
}

// amountTails extends amounts over the low-confidence reading right after
// them on their line: a headline total's smaller, greyer fiat value
// ("1.40359933 BTC ≈ ¥677,096.32" read "1.40359933 BTC -yeross3:") is
// more of the user's money, not a label. The tail must hold a digit or a
// currency sign, and stand within a character or two of the amount.
func amountTails(fs []rawFinding, segs []*segment) []rawFinding {
	for fi, f := range fs {
		if f.cat != Balance || len(f.boxes) != 1 {
			continue
		}
		b := f.boxes[0]
		for _, s := range segs {
			if !s.box.Overlaps(b) {
				continue
			}
			h := s.height()
			end, tail := b.Max.X, image.Rectangle{}
			var text strings.Builder
			for _, w := range s.words {
				if w.Box.Min.X < b.Max.X {
					continue
				}
				if w.Conf >= 40 || w.Box.Min.X-end > 3*h/2 {
					break
				}
				tail = tail.Union(w.Box)
				end = w.Box.Max.X
				text.WriteString(w.Text)
			}
			t := text.String()
			if !tail.Empty() && strings.ContainsAny(t, "0123456789$€£¥￥≈~") && !strings.ContainsAny(t, "%％") {
				// The value stays the amount read: reports mask it, not
				// OCR's junk.
				fs[fi].boxes = []image.Rectangle{b.Union(tail)}
			}
			break
		}
	}
	return fs
}
