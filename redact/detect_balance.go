package redact

import (
	"regexp"
	"strings"
)

const (
	// An amount: grouped thousands (comma, dot, space, no-break or thin
	// space) with an optional decimal part, or plain digits with one. A
	// semicolon before two digits is a decimal comma OCR misread; with a
	// currency required after or before, "3729;96 €" is money.
	amount = `\d{1,3}(?:[,.'’\x{00a0}\x{202f} ]\d{3})+(?:[.,]\d{1,8}|;\d{2})?|\d+(?:[.,]\d{1,8}|;\d{2})?`
	// The bare form without a currency: English grouping only, and it
	// needs a decimal part or a thousands group to look like money.
	bareAmount = `\d{1,3}(?:,\d{3})+(?:\.\d{1,8})?|\d+\.\d{2,8}`
	sp         = `[ \x{00a0}\x{202f}]?`   // a space, never a line break
	approx     = `(?:[≈~=≃%]` + sp + `)?` // "%" is how OCR often reads "≈"
	sign       = `[+\-−–]?` + sp
	// Currency symbols, including OCR's readings of "$" (S, §) and "¥" (Y);
	// see balanceOK for the extra check those need.
	curSym = `(?:US\$|HK\$|NT\$|C\$|A\$|S\$|R\$|CHF|[$€£¥￥₿₹₽₩₺₫₱฿§SY])`
	// Codes and tickers written after an amount.
	curCode = `(?:BTC|ETH|USDT|USDC|BNB|SOL|XRP|ADA|DOGE|TRX|LTC|DOT|MATIC|POL|AVAX|SHIB|DAI|BUSD|FDUSD|TON|LINK|ARB|OP|USD|EUR|GBP|CNY|RMB|JPY|HKD|CAD|AUD|CHF|SGD|INR|KRW|sats?)\b|[$€£¥￥]|元|美元|人民币|港币|欧元|英镑`
)

var (
	reBalSym    = regexp.MustCompile(approx + sign + curSym + sp + `(?:` + amount + `)(?:` + sp + `(?:` + curCode + `))?`)
	reBalSuffix = regexp.MustCompile(approx + sign + `(?:` + amount + `)` + sp + `(?:` + curCode + `)`)
	reBalBare   = regexp.MustCompile(approx + sign + `(?:` + bareAmount + `)`)
	// A code before the amount: "USDT 1,234.56", "CNY 88.00".
	reBalCode = regexp.MustCompile(approx + sign + `\b(?:BTC|ETH|USDT|USDC|BNB|SOL|XRP|TRX|USD|EUR|GBP|CNY|RMB|JPY|HKD|CAD|AUD|CHF|SGD)` + sp + sign + `(?:` + amount + `)`)
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
	}{{reBalSym, 0.9}, {reBalSuffix, 0.9}, {reBalCode, 0.85}, {reBalTicker, 0.75}, {reBalBare, 0.6}} {
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
// OCR stand-ins S and Y unless the amount has cents.
func balanceOK(s string, start, end int) bool {
	v := s[start:end]
	b, a := runeBefore(s, start), runeAfter(s, end)
	// OCR glues a leading "≈" to the word before ("of=$12.50"). A
	// currency sign glued to a word is another matter: "…b82344£7" is a
	// hash with a misread "f".
	if strings.ContainsRune("≈~=≃%", runeAfter(s, start)) {
		b = ' '
	}
	if isAlnum(b) || b == '.' || b == ':' || b == '/' || b == '_' || b == '#' || isMaskRune(b) {
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
	d := strings.TrimLeft(v, "≈~=≃+-−– ")
	if strings.HasPrefix(d, "S") || strings.HasPrefix(d, "Y") || strings.HasPrefix(d, "§") {
		rest := strings.TrimLeft(d[1:], " ")
		if !reCents.MatchString(rest) {
			return false
		}
		// "S" after a letter is part of a word ("IDS 12.50").
		if isAlnum(b) {
			return false
		}
	}
	return len(digits(v)) > 0
}
