package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
