package bundle

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Item is one entry of the checklist: a material support usually asks for,
// and whether the bundle has it.
type Item struct {
	ID      string // stable key: contact, failing, time, notice, doctype, txid, address, amount, explorer, shot, ask
	Label   string // English label, e.g. "Transaction ID (TxID)"
	Present bool
	Where   string // English, e.g. "statement, screenshot 2"; why it is missing when it is
}

// Checklist says which of the materials support usually asks for in a
// category are present in the statement, the user's events and the
// screenshots (hidden and kept values found by OCR count):
//
//   - login: the registered e-mail or phone (masked), a screenshot of the
//     failing step, the time it happened;
//   - kyc: the rejection notice, the document type;
//   - transfer: the TxID, the from and to addresses, the amount, the time, a
//     block-explorer screenshot;
//   - other: a screenshot, the time, what support should do.
//
// The checks are heuristics on text and counts; [Write] shows the result on
// the cover page in the bundle's language.
func Checklist(category string, st Statement, events []Event, shots []Shot) []Item {
	l := labelSets["en"]
	var items []Item
	for _, c := range checks(category, st, events, shots) {
		items = append(items, Item{ID: c.id, Label: l.items[c.id], Present: c.present, Where: c.where(l)})
	}
	return items
}

// A ref says where a checklist item was found.
type ref struct {
	kind   string // "statement", "timeline", "shot", "shots"
	n      int    // the shot's number (1-based), or the number of shots
	hidden bool   // found only as a hidden value
}

type check struct {
	id      string
	present bool
	refs    []ref
	onlyOne bool
}

func (c check) where(l *labels) string {
	var parts []string
	refs := c.refs
	for len(refs) > 0 {
		r := refs[0]
		var s string
		switch r.kind {
		case "statement":
			s = l.whereStatement
		case "timeline":
			s = l.whereTimeline
		case "shots":
			s = fmt.Sprintf(l.whereShots, r.n)
		case "shot":
			// Screenshots in a row with the same flag go in one entry:
			// "screenshots 1–3, 5 (hidden)".
			var nums []int
			for len(refs) > 1 && refs[1].kind == "shot" && refs[1].hidden == r.hidden {
				nums = append(nums, refs[0].n)
				refs = refs[1:]
			}
			nums = append(nums, refs[0].n)
			if len(nums) == 1 {
				s = fmt.Sprintf(l.whereShot, nums[0])
			} else {
				s = fmt.Sprintf(l.whereShotList, numberRanges(nums, l.listSep))
			}
		}
		if r.hidden {
			s += l.whereHidden
		}
		parts = append(parts, s)
		refs = refs[1:]
	}
	if c.onlyOne {
		parts = append(parts, l.whereOnlyOne)
	}
	sep := ", "
	if l.lang != "en" {
		sep = "，"
	}
	return strings.Join(parts, sep)
}

// numberRanges writes ascending numbers with runs of three or more as
// ranges: 1, 2, 3, 5 -> "1–3, 5".
func numberRanges(nums []int, sep string) string {
	var out []string
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			out = append(out, fmt.Sprintf("%d–%d", nums[i], nums[j]))
		case j > i:
			out = append(out, strconv.Itoa(nums[i]), strconv.Itoa(nums[j]))
		default:
			out = append(out, strconv.Itoa(nums[i]))
		}
		i = j + 1
	}
	return strings.Join(out, sep)
}

var (
	reEmail   = regexp.MustCompile(`[\p{L}\p{N}._%+*\-…]+@[\p{L}\p{N}*\-]+(?:\.[\p{L}\p{N}*\-]+)+`)
	rePhone   = regexp.MustCompile(`\+\d[\d\s\-().]{6,}\d|(?:^|[^\d*])1[3-9]\d[\d*]{8}(?:[^\d*]|$)|[\d*][\d*\s\-]{5,}[\d*]`)
	reTxID    = regexp.MustCompile(`(?:^|[^0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?:[^0-9A-Za-z]|$)`)
	reWallet  = regexp.MustCompile(`\b(?:(?i:bc1)[a-zA-HJ-NP-Z0-9]{6,87}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[0-9a-fA-F]{40}|T[a-km-zA-HJ-NP-Z1-9]{33})\b|\b(?:(?i:bc1)[a-zA-Z0-9]+|0x[0-9a-fA-F]{2,}|T[A-Za-z0-9]{2,}|[13][A-Za-z0-9]{3,})(?:…|\.\.\.|\*{2,})[A-Za-z0-9]{3,}\b`)
	reAmount  = regexp.MustCompile(`(?i)[$€£¥￥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:BTC|ETH|USDT|USDC|USD|EUR|GBP|CNY|RMB|BNB|TRX|SOL|XRP|DOGE|LTC|DAI|ADA|MATIC|sats?|元|美元|人民币)(?:\b|$|[^A-Za-z])`)
	reWhen    = regexp.MustCompile(`(?i)\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\b\d{1,2}:\d{2}\b|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\b(?:yesterday|today|this morning|last night)\b|昨天|今天|今早|昨晚|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}\b`)
	reNotice  = regexp.MustCompile(`(?i)reject|declin|denied|refus|not approved|unsuccessful|failed|驳回|拒绝|未通过|不通过|审核失败|认证失败`)
	reDocType = regexp.MustCompile(`(?i)passport|id card|identity card|national id|driver'?s? licen[cs]e|driving licen[cs]e|residence (?:permit|card)|\bvisa\b|护照|身份证|驾驶证|驾照|居住证|通行证|台胞证|回乡证`)
	reExplore = regexp.MustCompile(`(?i)explorer|etherscan|bscscan|tronscan|polygonscan|arbiscan|solscan|blockchair|mempool|blockchain\.com|blockstream|oklink|tokenview|btc\.com|区块浏览器`)
)

// phoneLike tells phone numbers among rePhone's loose matches: an
// international number, a bare Chinese mobile, or a masked number such as
// 138****8000 or ***-***-1234 (dates and amounts have no stars).
func phoneLike(s string) bool {
	digits, stars := 0, strings.Count(s, "*")
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case strings.HasPrefix(s, "+"):
		return digits >= 7
	case stars == 0:
		return digits == 11 && len(s) == 11 && s[0] == '1' && s[1] >= '3'
	}
	return stars >= 3 && digits >= 2 && digits+stars >= 7
}

func hasPhone(text string) bool {
	for _, m := range rePhone.FindAllString(text, -1) {
		m = strings.Trim(m, " \t\n-()")
		m = strings.TrimLeftFunc(m, func(r rune) bool { return r != '+' && r != '*' && (r < '0' || r > '9') })
		m = strings.TrimRightFunc(m, func(r rune) bool { return r != '*' && (r < '0' || r > '9') })
		if len(m) >= 7 && phoneLike(m) {
			return true
		}
	}
	return false
}

func checks(category string, st Statement, events []Event, shots []Shot) []check {
	cat, err := checkCategory(category)
	if err != nil {
		cat = CategoryOther
	}
	text := strings.Join([]string{st.Problem, st.Checked, st.Suspect, st.Ask}, "\n")
	stmt := ref{kind: "statement"}

	// shotRefs lists the screenshots for which has is true.
	shotRefs := func(has func(s Shot) (bool, bool)) []ref {
		var refs []ref
		for i, s := range shots {
			if ok, hidden := has(s); ok {
				refs = append(refs, ref{kind: "shot", n: i + 1, hidden: hidden})
			}
		}
		return refs
	}
	found := func(id string, inText bool, refs []ref) check {
		if inText {
			refs = append([]ref{stmt}, refs...)
		}
		return check{id: id, present: len(refs) > 0, refs: refs}
	}
	anyShot := func(id string) check {
		if len(shots) == 0 {
			return check{id: id}
		}
		if len(shots) == 1 {
			return check{id: id, present: true, refs: []ref{{kind: "shot", n: 1}}}
		}
		return check{id: id, present: true, refs: []ref{{kind: "shots", n: len(shots)}}}
	}
	when := func() check {
		c := found("time", reWhen.MatchString(text), nil)
		if len(events) > 0 {
			hasUser := false
			for _, e := range events {
				hasUser = hasUser || e.Source == SourceUser || e.Source == ""
			}
			if hasUser {
				c.refs = append(c.refs, ref{kind: "timeline"})
			}
		}
		for i, s := range shots {
			if !s.Captured.IsZero() && s.CaptureSource != SourceFileTime && s.CaptureSource != "" {
				c.refs = append(c.refs, ref{kind: "shot", n: i + 1})
				break // one is enough to show where
			}
		}
		c.present = len(c.refs) > 0
		return c
	}

	switch cat {
	case CategoryLogin:
		contact := found("contact", reEmail.MatchString(text) || hasPhone(text), shotRefs(func(s Shot) (bool, bool) {
			return s.Hidden["email"]+s.Hidden["phone"] > 0 || len(s.Kept["email"])+len(s.Kept["phone"]) > 0,
				len(s.Kept["email"])+len(s.Kept["phone"]) == 0
		}))
		return []check{contact, anyShot("failing"), when()}

	case CategoryKYC:
		notice := found("notice", reNotice.MatchString(text), shotRefs(func(s Shot) (bool, bool) {
			return reNotice.MatchString(s.Name), false
		}))
		doc := found("doctype", reDocType.MatchString(text), shotRefs(func(s Shot) (bool, bool) {
			return reDocType.MatchString(s.Name), false
		}))
		return []check{notice, doc}

	case CategoryTransfer:
		txid := found("txid", reTxID.MatchString(text), shotRefs(func(s Shot) (bool, bool) {
			return len(s.Kept["txid"]) > 0 || s.Hidden["txid"] > 0, len(s.Kept["txid"]) == 0
		}))
		// Addresses: count distinct ones in the text plus those in screenshots.
		seen := map[string]bool{}
		for _, a := range reWallet.FindAllString(text, -1) {
			seen[a] = true
		}
		n := len(seen)
		inText := n > 0
		addr := found("address", inText, shotRefs(func(s Shot) (bool, bool) {
			k := len(s.Kept["wallet"])
			n += s.Hidden["wallet"] + k
			return s.Hidden["wallet"]+k > 0, k == 0
		}))
		addr.present = n >= 2
		addr.onlyOne = n == 1
		amount := found("amount", reAmount.MatchString(text), shotRefs(func(s Shot) (bool, bool) {
			k := len(s.Kept["balance"])
			return s.Hidden["balance"]+k > 0, k == 0
		}))
		explorer := found("explorer", false, shotRefs(func(s Shot) (bool, bool) {
			return len(s.Kept["txid"]) > 0 || reExplore.MatchString(s.Name), false
		}))
		return []check{txid, addr, amount, when(), explorer}
	}
	ask := found("ask", strings.TrimSpace(st.Ask) != "", nil)
	return []check{anyShot("shot"), when(), ask}
}
