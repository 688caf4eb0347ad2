package bundle

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
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
// screenshots: their names, the values found in them (hidden or kept) and
// the words OCR read in them ([Shot].Text), in English or Chinese:
//
//   - login: the registered e-mail or phone (masked), a screenshot of the
//     failing step, the time it happened;
//   - kyc: the rejection notice ("Verification failed", "Reason: …",
//     "未通过", "原因"), the document type ("Passport", "证件类型 身份证");
//   - transfer: the TxID, the from and to addresses, the amount, the time, a
//     block-explorer screenshot;
//   - other: a screenshot, the time, what support should do.
//
// The checks are heuristics on text and counts; [Write] shows the result on
// the cover page in the bundle's language.
func Checklist(category string, st Statement, events []Event, shots []Shot) []Item {
	return ChecklistIn("en", category, st, events, shots)
}

// ChecklistIn is [Checklist] with its labels and places in lang ("en" or
// "zh"; another is taken for "en"), as the cover page shows them.
func ChecklistIn(lang, category string, st Statement, events []Event, shots []Shot) []Item {
	l, ok := labelSets[lang]
	if !ok {
		l = labelSets["en"]
	}
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
	reEmail  = regexp.MustCompile(`[\p{L}\p{N}._%+*\-…]+@[\p{L}\p{N}*\-]+(?:\.[\p{L}\p{N}*\-]+)+`)
	rePhone  = regexp.MustCompile(`\+\d[\d\s\-().]{6,}\d|(?:^|[^\d*])1[3-9]\d[\d*]{8}(?:[^\d*]|$)|[\d*][\d*\s\-]{5,}[\d*]`)
	reTxID   = regexp.MustCompile(`(?:^|[^0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?:[^0-9A-Za-z]|$)`)
	reWallet = regexp.MustCompile(`\b(?:(?i:bc1)[a-zA-HJ-NP-Z0-9]{6,87}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[0-9a-fA-F]{40}|T[a-km-zA-HJ-NP-Z1-9]{33})\b|\b(?:(?i:bc1)[a-zA-Z0-9]+|0x[0-9a-fA-F]{2,}|T[A-Za-z0-9]{2,}|[13][A-Za-z0-9]{3,})(?:…|\.\.\.|\*{2,})[A-Za-z0-9]{3,}\b`)
	reAmount = regexp.MustCompile(`(?i)[$€£¥￥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:BTC|ETH|USDT|USDC|USD|EUR|GBP|CNY|RMB|BNB|TRX|SOL|XRP|DOGE|LTC|DAI|ADA|MATIC|sats?|元|美元|人民币)(?:\b|$|[^A-Za-z])`)
	// A date or a time of day in the forms apps and people write them.
	reWhen = regexp.MustCompile(`(?i)\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b|\b\d{1,2}[:：]\d{2}\b|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\b(?:yesterday|today|this morning|last night)\b|昨天|今天|今早|昨晚|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b`)
	// A TxID's label: on a screenshot it stands beside the value (which
	// may be shortened, 9f2c…8877, or hidden), so the label is enough
	// there; in the statement a value must follow it.
	txidLabel    = `(?i:\btx\s*id\b|\btxn?\s*hash\b|\btransaction\s*(?:id|hash)\b|\bhash\b|交易哈希|交易\s*ID|哈希值|哈希)`
	reTxIDLabel  = regexp.MustCompile(txidLabel)
	reTxIDQuoted = regexp.MustCompile(txidLabel + `\s*(?:[:：=]|is|为|是)?\s*(?:0x)?[0-9a-fA-F]{4,}(?:…|\.{2,3}|\*{2,})[0-9a-fA-F]{4,}`)
	// A rejection notice: the words of the verdict, which people and
	// screens both use. A screen's "Reason" heading counts too; in the
	// statement only as a quoted label ("Reason: …"), since "the reason"
	// is also how people say what they suspect.
	reNotice       = regexp.MustCompile(`(?i)reject|declin|denied|refus|not approved|unsuccessful|\bfail(?:ed|ure)?\b|驳回|拒绝|未通过|不通过|失败|被拒|reason\s*[:：]|原因\s*[:：]`)
	reNoticeScreen = regexp.MustCompile(`(?i)\breasons?\b|原因`)
	reDocType      = regexp.MustCompile(`(?i)passport|\bid\s*card\b|identity card|national id|identity document|driver'?s? licen[cs]e|driving licen[cs]e|residence (?:permit|card)|document type|\bid type\b|\bvisa\b|证件类型|证件种类|护照|身份证|驾驶证|驾照|居住证|通行证|台胞证|回乡证`)
	// Block explorers by name; a file may be called just "explorer.png",
	// but an exchange's record often has a "View on explorer" link, so on
	// screen the word alone is not enough.
	reExplorer     = regexp.MustCompile(`(?i)explorer|` + explorerNames)
	reExplorerText = regexp.MustCompile(`(?i)block\s*explorer|` + explorerNames)
	explorerNames  = `etherscan|bscscan|tronscan|polygonscan|arbiscan|solscan|blockchair|mempool|blockchain\.com|blockstream|oklink|tokenview|btc\.com|区块浏览器`
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

func hasContact(text string) bool { return reEmail.MatchString(text) || hasPhone(text) }

// joinHan removes the spaces between Chinese characters that OCR puts in
// ("证件 类型"), so that words match as written.
func joinHan(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if c == ' ' && i > 0 && i+1 < len(r) && unicode.Is(unicode.Han, r[i-1]) {
			j := i + 1
			for j < len(r) && r[j] == ' ' {
				j++
			}
			if j < len(r) && unicode.Is(unicode.Han, r[j]) {
				continue
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

func checks(category string, st Statement, events []Event, shots []Shot) []check {
	cat, err := checkCategory(category)
	if err != nil {
		cat = CategoryOther
	}
	text := joinHan(strings.Join([]string{st.Title, st.Problem, st.Checked, st.Suspect, st.Ask}, "\n"))
	var userText []string
	for _, e := range events {
		if e.Source == SourceUser || e.Source == "" {
			userText = append(userText, e.Text)
		}
	}
	timelineText := joinHan(strings.Join(userText, "\n"))
	// What each screenshot shows: its (masked) name and the words OCR read
	// outside what was hidden.
	screens := make([]string, len(shots))
	for i, s := range shots {
		screens[i] = joinHan(s.Name + "\n" + s.Text)
	}

	// found lists where an item is: the statement and the timeline when
	// inText matches them, and the screenshots for which inShot says so
	// (and whether only as a hidden value).
	found := func(id string, inText func(string) bool, inShot func(i int, s Shot) (ok, hidden bool)) check {
		c := check{id: id}
		if inText != nil && inText(text) {
			c.refs = append(c.refs, ref{kind: "statement"})
		}
		if inText != nil && inText(timelineText) {
			c.refs = append(c.refs, ref{kind: "timeline"})
		}
		for i, s := range shots {
			if inShot == nil {
				break
			}
			if ok, hidden := inShot(i, s); ok {
				c.refs = append(c.refs, ref{kind: "shot", n: i + 1, hidden: hidden})
			}
		}
		c.present = len(c.refs) > 0
		return c
	}
	// onScreen matches a screenshot's name and text.
	onScreen := func(re ...*regexp.Regexp) func(int, Shot) (bool, bool) {
		return func(i int, _ Shot) (bool, bool) {
			return slices.ContainsFunc(re, func(re *regexp.Regexp) bool { return re.MatchString(screens[i]) }), false
		}
	}
	// shown finds values of some categories in a screenshot: kept (and
	// readable), hidden, or else read in its name or text by inText.
	shown := func(inText func(string) bool, cats ...string) func(int, Shot) (bool, bool) {
		return func(i int, s Shot) (bool, bool) {
			kept, hidden := 0, 0
			for _, c := range cats {
				kept, hidden = kept+len(s.Kept[c]), hidden+s.Hidden[c]
			}
			switch {
			case kept > 0:
				return true, false
			case hidden > 0:
				return true, true
			}
			return inText != nil && inText(screens[i]), false
		}
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
		c := check{id: "time"}
		if reWhen.MatchString(text) {
			c.refs = append(c.refs, ref{kind: "statement"})
		}
		if len(userText) > 0 {
			c.refs = append(c.refs, ref{kind: "timeline"}) // every event has a time
		}
		shot := false
		for i, s := range shots {
			if reWhen.MatchString(s.Text) {
				c.refs, shot = append(c.refs, ref{kind: "shot", n: i + 1}), true
			}
		}
		// Else a capture time the screenshot carries (not the file's time,
		// which copying changes): one is enough to show where.
		for i, s := range shots {
			if !shot && !s.Captured.IsZero() && s.CaptureSource != SourceFileTime && s.CaptureSource != "" {
				c.refs, shot = append(c.refs, ref{kind: "shot", n: i + 1}), true
			}
		}
		c.present = len(c.refs) > 0
		return c
	}

	switch cat {
	case CategoryLogin:
		contact := found("contact", hasContact, shown(hasContact, "email", "phone"))
		return []check{contact, anyShot("failing"), when()}

	case CategoryKYC:
		notice := found("notice", reNotice.MatchString, onScreen(reNotice, reNoticeScreen))
		doc := found("doctype", reDocType.MatchString, onScreen(reDocType))
		return []check{notice, doc}

	case CategoryTransfer:
		hasTxID := func(s string) bool { return reTxID.MatchString(s) || reTxIDQuoted.MatchString(s) }
		txid := found("txid", hasTxID, shown(reTxIDLabel.MatchString, "txid"))
		// Addresses: count distinct ones in the text plus those in screenshots.
		seen := map[string]bool{}
		for _, a := range reWallet.FindAllString(text+"\n"+timelineText, -1) {
			seen[a] = true
		}
		n := len(seen)
		for _, s := range shots {
			n += s.Hidden["wallet"] + len(s.Kept["wallet"])
		}
		addr := found("address", reWallet.MatchString, shown(nil, "wallet"))
		addr.present = n >= 2
		addr.onlyOne = n == 1
		amount := found("amount", reAmount.MatchString, shown(reAmount.MatchString, "balance"))
		// An explorer's page: by name, or a whole TxID kept readable (an
		// app's own record shortens it).
		explorer := found("explorer", nil, func(i int, s Shot) (bool, bool) {
			return len(s.Kept["txid"]) > 0 || reExplorer.MatchString(s.Name) || reExplorerText.MatchString(screens[i]), false
		})
		return []check{txid, addr, amount, when(), explorer}
	}
	ask := check{id: "ask", present: strings.TrimSpace(st.Ask) != ""}
	if ask.present {
		ask.refs = []ref{{kind: "statement"}}
	}
	return []check{anyShot("shot"), when(), ask}
}
