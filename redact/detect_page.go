package redact

import (
	_ "embed"
	"image"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// The BIP39 word lists, as published in the bitcoin/bips repository.
var (
	//go:embed wordlists/english.txt
	bip39English string
	//go:embed wordlists/chinese_simplified.txt
	bip39Chinese string
)

// wordSets returns the BIP39 lists as sets, built once.
var wordSets = sync.OnceValues(func() (map[string]bool, map[rune]bool) {
	en := make(map[string]bool, 2048)
	for _, w := range strings.Fields(bip39English) {
		en[w] = true
	}
	zh := make(map[rune]bool, 2048)
	for _, w := range strings.Fields(bip39Chinese) {
		for _, r := range w {
			zh[r] = true
		}
	}
	return en, zh
})

// detectors holds what the detectors need from the policy.
type detectors struct {
	regions []string
	labels  []label
	deny    []string
	allow   []string
}

// A label is a field name whose value is sensitive, such as "Phone" or "姓名".
type label struct {
	text string
	cat  Category
	re   *regexp.Regexp // matches the label at the start of a segment
	mid  *regexp.Regexp // matches it anywhere, followed by a colon
	suf  *regexp.Regexp // matches it at the end of a segment (see qualified)
}

func newLabel(text string, cat Category) label {
	q := regexp.QuoteMeta(strings.TrimSpace(text))
	q = strings.ReplaceAll(q, `\ `, `\s?`)
	q = strings.ReplaceAll(q, " ", `\s?`)
	pat := `(?i)^` + q
	if r := []rune(text); !isWide(r[len(r)-1]) {
		pat += `\b`
	}
	mid := `(?i)` + q
	if r := []rune(text); !isWide(r[0]) {
		mid = `(?i)\b` + q
	}
	suf := `(?i)(?:^|\s)` + q + `\s?[:：*]?\s*$`
	if r := []rune(text); isWide(r[0]) {
		suf = `(?i)` + q + `(?:号码|号)?\s?[:：*]?\s*$`
	}
	// A note in brackets may stand between a label and its colon: "Tax
	// ID (PAN):", "Phone (mobile):", "手机（已验证）：".
	note := `(?:\s?[(（][^()（）]{1,16}[)）])?`
	return label{text: text, cat: cat, re: regexp.MustCompile(pat + `(?:` + note + `\s?[:：])?\s?`), mid: regexp.MustCompile(mid + note + `\s?[:：]\s?`),
		suf: regexp.MustCompile(suf)}
}

// qualified reports whether t is a caption made of label l with a word or
// two before it that say which one ("Work phone", "Secondary email",
// "Home address", "香港身份证", "紧急联系人电话"): forms name their fields
// freely, and a lexicon of every such caption would never be complete. The
// caption is the whole of t, so a sentence ending in a label is none.
// Words that make a field something else than the user's own value
// ("IP address", "Company name", "Contract address") are no qualifiers.
func qualified(l label, t string) bool {
	loc := l.suf.FindStringIndex(t)
	if loc == nil {
		return false
	}
	pre := strings.TrimSpace(t[:loc[0]])
	if pre == "" {
		return false
	}
	if isWide([]rune(l.text)[0]) {
		n := 0
		for _, r := range pre {
			if !unicode.Is(unicode.Han, r) {
				return false
			}
			n++
		}
		return n <= 6 && !strings.ContainsAny(pre, "的请") && !reVerbZH.MatchString(pre)
	}
	ws := strings.Fields(strings.ToLower(pre))
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '\'' {
				return false
			}
		}
		if notQualifier[w] {
			return false
		}
	}
	if l.cat == Name {
		// Most things have names; a person's is one of these.
		return slices.ContainsFunc(ws, func(w string) bool { return nameQualifier[w] })
	}
	return true
}

// notQualifier are words before a label that make it another thing's field
// or a sentence.
var notQualifier = map[string]bool{
	"ip": true, "mac": true, "contract": true, "token": true, "web": true, "server": true, "network": true,
	"company": true, "business": true, "merchant": true, "store": true, "shop": true, "bank": true, "branch": true,
	"the": true, "a": true, "an": true, "of": true, "for": true, "to": true, "and": true, "or": true,
	"is": true, "are": true, "was": true, "not": true, "no": true, "invalid": true, "wrong": true,
}

// reVerbZH finds a verb before a Chinese label: "填写收货地址" is a title
// over a form, "修改手机号" a menu item, not a field's caption.
var reVerbZH = regexp.MustCompile(`填写|修改|更换|更改|绑定|解绑|验证|添加|删除|设置|输入|编辑|新增|选择|确认|查看|管理|使用|保存`)

// nameQualifier are the words that make a "name" caption a person's name.
var nameQualifier = map[string]bool{
	"legal": true, "full": true, "first": true, "last": true, "middle": true, "given": true, "family": true,
	"real": true, "preferred": true, "holder": true, "holder's": true, "cardholder": true, "beneficiary": true,
	"recipient": true, "recipient's": true, "sender": true, "sender's": true, "payee": true, "payer": true,
	"contact": true, "customer": true, "emergency": true, "your": true, "owner": true, "owner's": true,
}

// rawFinding is a detection before policy: category, confidence, the value
// as OCR read it, and one box per line it covers.
type rawFinding struct {
	cat   Category
	conf  float64
	value string
	boxes []image.Rectangle
	// unreadable marks text OCR could not read where a label says a
	// value of cat stands: hidden all the same (fail closed).
	unreadable bool
}

// detectPage finds everything in a page of segments and blocks.
func (d *detectors) detectPage(segs []*segment, blocks []*block) []rawFinding {
	var out []rawFinding
	for _, bl := range blocks {
		for _, m := range detectText(bl.text, d) {
			if m.cat == protect {
				continue
			}
			out = append(out, rawFinding{m.cat, m.conf, bl.text[m.start:m.end], bl.boxes(m.start, m.end), false})
		}
	}
	cols := d.tableColumns(segs)
	out = append(out, d.labelled(segs, blocks, cols)...)
	out = append(out, d.columnValues(cols)...)
	out = append(out, findNames(segs, blocks)...)
	out = append(out, namesInLines(segs)...)
	out = append(out, wrappedAddrs(segs)...)
	out = append(out, wrappedPhones(segs, d.regions)...)
	out = append(out, addressesByContext(segs, blocks)...)
	out = append(out, findAddressBlocks(segs, blocks)...)
	out = append(out, streetBlocks(segs, out)...)
	out = append(out, amountColumn(segs, out)...)
	out = dropPartialInHash(out)
	out = dropUnreadableRead(out)
	out = dropMarketAmounts(out, segs, cols)
	out = amountTails(out, segs)
	out = append(out, findSeeds(segs)...)
	out = append(out, d.denied(segs)...)
	return dropRepeats(out)
}

// dropRepeats drops findings of the same category and boxes as one before
// them: a name found after its label and again by its shape.
func dropRepeats(fs []rawFinding) []rawFinding {
	out := fs[:0:0]
	for _, f := range fs {
		if !slices.ContainsFunc(out, func(o rawFinding) bool { return o.cat == f.cat && slices.Equal(o.boxes, f.boxes) }) {
			out = append(out, f)
		}
	}
	return out
}

// dropPartialInHash drops partial-address findings that lie on a
// transaction hash found whole (its first line read alone looks like the
// start of an address).
func dropPartialInHash(fs []rawFinding) []rawFinding {
	out := fs[:0:0]
	for _, f := range fs {
		if f.cat == Wallet && f.conf < 0.8 && overlapsCat(f, fs, TxID) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// dropUnreadableRead drops the fail-closed findings of ink OCR could not
// read (see rawFinding.unreadable) that another finding read after all: a
// label's low-confidence line ("— bc1q… Copy") whose address the shape
// detectors found. The reading hides the value; the guess would also hide
// the button beside it.
func dropUnreadableRead(fs []rawFinding) []rawFinding {
	out := fs[:0:0]
	for _, f := range fs {
		if f.unreadable && len(f.boxes) == 1 && slices.ContainsFunc(fs, func(o rawFinding) bool {
			return !o.unreadable && slices.ContainsFunc(o.boxes, func(b image.Rectangle) bool {
				in := b.Intersect(f.boxes[0])
				return 10*in.Dx()*in.Dy() >= 3*f.boxes[0].Dx()*f.boxes[0].Dy()
			})
		}) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func overlapsCat(f rawFinding, fs []rawFinding, c Category) bool {
	for _, o := range fs {
		if o.cat != c {
			continue
		}
		for _, a := range f.boxes {
			for _, b := range o.boxes {
				if a.Overlaps(b) {
					return true
				}
			}
		}
	}
	return false
}

// valueOK says whether text after a label of category c looks like a value
// of that kind rather than more labels or prose.
func valueOK(c Category, v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || nearMask(v, 0, len(v)) {
		return false
	}
	// A date or time is the next field ("Joined 2024-05-18"), and a
	// ticket or order number another field's value ("Ticket #12345678"
	// under a hidden phone), not the value: judge what is left without
	// them.
	v = strings.TrimSpace(reProtect.ReplaceAllString(v, " "))
	v = strings.TrimSpace(reTicket.ReplaceAllString(v, " "))
	if v == "" {
		return false
	}
	nd, nl, nh := 0, 0, 0
	for _, r := range v {
		switch {
		case isDigit(r):
			nd++
		case unicode.Is(unicode.Han, r):
			nh++
		case unicode.IsLetter(r):
			nl++
		}
	}
	switch c {
	case Name:
		return nd == 0 && (nh >= 2 && nh <= 8 || nl >= 3) && len([]rune(v)) <= 40
	case Account:
		return nd >= 4 || nd+nl >= 8 && nd >= 2
	case Phone:
		return nd >= 7
	case Email:
		return strings.ContainsAny(v, "@＠") || reMailDomain.MatchString(v)
	case Address:
		// Addresses carry numbers: a house, a postcode, a room; a long
		// run of letters and digits is a crypto address instead.
		return nd >= 1 && nh+nl+nd >= 6 && !reLongRun.MatchString(v)
	case IDNum:
		// Six digits or more, or a code of capitals and digits (an
		// Indian PAN, ABCDE1234F, has four).
		return nd >= 6 || nd >= 3 && reIDCode.MatchString(v)
	case Card:
		return nd >= 6
	case Wallet:
		// A memo or destination tag is a number; a note ("rent") is
		// not one.
		return nd >= 4 && nl+nh <= nd
	case Balance:
		// An amount: digits with at most a currency or a code around
		// them, not a count of items or a sentence.
		// A percentage is a rate.
		return nd >= 1 && reLabelledAmount.MatchString(v) && !strings.ContainsAny(v, "%％")
	case Seed:
		return nd+nl >= 20
	}
	return nd+nl+nh >= 4
}

// labelled finds values that follow a sensitive label: in the same segment
// ("UID 956242693", "Phone: …"), in the nearest segment to its right on the
// same row (a two-column form), on the next line of its block, or just
// below it (a form with labels above fields). The first of those that looks
// like a value of the label's kind is taken. The headers of tables are
// left to columnValues: under them stands a column of values, not one.
func (d *detectors) labelled(segs []*segment, blocks []*block, cols []column) []rawFinding {
	if len(d.labels) == 0 {
		return nil
	}
	next := nextInBlock(blocks)
	var out []rawFinding
	for i, s := range segs {
		if slices.ContainsFunc(cols, func(c column) bool { return c.head == s }) {
			continue
		}
		for _, l := range d.labels {
			loc := l.re.FindStringIndex(s.text)
			if loc == nil && qualified(l, s.text) {
				loc = []int{0, len(s.text)}
			}
			if loc == nil {
				if f, ok := midLabel(l, s, next); ok {
					out = append(out, f...)
					break
				}
				continue
			}
			type cand struct {
				seg   *segment
				start int
			}
			var cands []cand
			if strings.TrimSpace(s.text[loc[1]:]) != "" {
				cands = append(cands, cand{s, loc[1]})
			}
			// The value to the right on the same row, at any distance:
			// settings and KYC summaries put labels at the left edge and
			// values at the right one.
			if i+1 < len(segs) && segs[i+1].row == s.row {
				cands = append(cands, cand{segs[i+1], 0})
			}
			if n := next[s]; n != nil {
				cands = append(cands, cand{n, 0})
			}
			if b := below(segs, i); b != nil {
				cands = append(cands, cand{b, 0})
			}
			for _, c := range cands {
				v := c.seg.text[c.start:]
				end := len(c.seg.text)
				if loc := reButton.FindStringIndex(v); loc != nil && loc[0] > 0 {
					// A button beside the value, not part of it.
					v, end = v[:loc[0]], c.start+loc[0]
				}
				if k := noteAfter(l.cat, v); k > 0 {
					// A remark after the value, not part of it.
					v, end = v[:k], c.start+k
				}
				if c.seg == s && reCaptionRest.MatchString(v) {
					// The rest of a form's caption ("Address line 2
					// (optional)"), not a value.
					continue
				}
				if d.isLabel(strings.Trim(v, " ,.;:：，")) {
					// Another field's name (a form's next row, a list
					// of labels), not this one's value.
					continue
				}
				// Ink OCR could not read where the label says a value
				// stands is hidden all the same (fail closed).
				unread := false
				if l.cat == Name {
					// A name is the name-shaped words at the start, not
					// what follows it ("Emily Carter (verified)").
					lead := len(v) - len(strings.TrimLeft(v, " "))
					switch n := nameAt(v[lead:], true); {
					case n == 0 && failClosed(l.cat, c.seg, c.start):
						unread = true
					case n == 0 || d.isLabel(v[lead:lead+n]):
						continue
					default:
						end = c.start + lead + n
						v = c.seg.text[c.start:end]
					}
				} else if l.cat == Balance && c.seg == s && !valueOK(l.cat, v) && leadingAmount(v) > 0 {
					// A status line goes on after the amount
					// ("Balance: 0. BTC (0.00 USD) 1 BTC~2,249.00
					// USD"): the amount is what the label starts.
					end = c.start + leadingAmount(v)
					v = c.seg.text[c.start:end]
				} else if l.cat == Balance && valueOK(l.cat, v) {
					// The amount, not the currency in brackets and the
					// colon of the label before it ("Total (RM) :112.46").
					loc := reAmountCore.FindStringIndex(v)
					end = c.start + loc[1]
					c.start += loc[0]
					v = c.seg.text[c.start:end]
				} else if !valueOK(l.cat, v) {
					if !failClosed(l.cat, c.seg, c.start) {
						continue
					}
					unread = true
				}
				if unread {
					out = append(out, rawFinding{l.cat, 0.6, v, singleBlock(c.seg).boxes(c.start, end), true})
					break
				}
				out = append(out, rawFinding{cat: l.cat, conf: 0.75, value: v, boxes: singleBlock(c.seg).boxes(c.start, end)})
				// An address goes on over the next lines of its block.
				if l.cat == Address {
					for n, k := next[c.seg], 0; n != nil && k < 2 && addressContinues(n.text); n, k = next[n], k+1 {
						out = append(out, rawFinding{Address, 0.7, n.text, singleBlock(n).boxes(0, len(n.text)), false})
					}
				}
				break
			}
			break
		}
	}
	return out
}

// noteAfter returns where a remark after a value of category c starts in
// v ("555-555-5555 (Might trigger…)", "S1234567D (verified)", "+44 20 7946
// 0958 Mobile"), or 0. Names, addresses and amounts are left whole: their
// words are the value.
func noteAfter(c Category, v string) int {
	switch c {
	case Phone, IDNum, Card, Account, Wallet, Email:
	default:
		return 0
	}
	k := len(v)
	if loc := reNoteOpen.FindStringIndex(v); loc != nil {
		k = loc[0]
	}
	if c == Phone {
		for _, loc := range rePhoneWord.FindAllStringIndex(v[:k], -1) {
			if w := strings.ToLower(strings.TrimSpace(v[loc[0]:loc[1]])); w != "ext" && w != "extension" {
				k = loc[0]
				break
			}
		}
	}
	// What follows with a number of its own is another value ("Tel: …
	// Fax: 07-8266888"): hidden with this one.
	if k == len(v) || strings.TrimSpace(v[:k]) == "" || len(digits(v[k:])) >= 6 {
		return 0
	}
	return k
}

var (
	// reNoteOpen is a bracket opening a remark in words.
	reNoteOpen = regexp.MustCompile(`\s[(（]\s?\p{L}{2}`)
	// rePhoneWord is a word after a phone number, but for "x12".
	rePhoneWord = regexp.MustCompile(`(?i)\s(?:[a-wyz]\p{L}*|x\p{L}+|\p{Han})`)
)

// reIDCode is an identity number made of capitals and digits, grouped or
// not.
var reIDCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 -]{5,18}[A-Z0-9]$`)

// reButton is a button at the end of a value's line: copy, edit. Words
// that end street names and values too ("Lake View", "Exchange") are not
// taken for buttons: cutting them off would leave them readable.
var reButton = regexp.MustCompile(`(?i)\s+[”"'|]?\s?(?:copy|copied|edit|复制|已复制|拷贝|编辑|修改|更改|查看|分享)\s*[>›]?$`)

// reCaptionRest is what follows a label in a form field's caption: the
// line of a multi-line field, whether it is optional.
var reCaptionRest = regexp.MustCompile(`(?i)^\s*(?:(?:line\s?)?\d\s*)?(?:[(（]?\s?(?:optional|required|if any|if applicable|选填|可选|必填|非必填)\s?[)）]?)?\s*[*:：]?\s*$`)

// garbled reports whether the words of s from byte start on are a reading
// OCR was not sure of: a mean confidence under 45 over three characters or
// more.
func garbled(s *segment, start int) bool {
	var ws []Word
	for i, w := range s.words {
		if s.spans[i][0] >= start {
			ws = append(ws, w)
		}
	}
	n := 0
	for _, w := range ws {
		n += runeCount(w.Text)
	}
	return n >= 3 && meanConf(ws) < 45
}

// failClosed reports whether the text of s from byte start on is ink OCR
// could not read (see garbled) that may be a value of category c (see
// unreadableOK): after c's label, it is hidden all the same.
func failClosed(c Category, s *segment, start int) bool {
	return garbled(s, start) && unreadableOK(c, s, start)
}

// unreadableOK reports whether the ink OCR could not read in s from byte
// start on is long enough to be a value of category c: a crypto address is
// twenty characters or more, a shortened one ("bc1q7…2gzh") is shown on
// purpose and is no secret.
func unreadableOK(c Category, s *segment, start int) bool {
	if c != Wallet {
		return true
	}
	b := singleBlock(s).boxes(start, len(s.text))
	return len(b) > 0 && b[0].Dx() >= 10*s.height()
}

// isLabel reports whether t is a field name itself: in a row of labels
// (a two-column form), the text beside a label is the next field's label,
// and the values are under them.
func (d *detectors) isLabel(t string) bool {
	t = strings.TrimSpace(t)
	for _, l := range d.labels {
		if loc := l.re.FindStringIndex(t); loc != nil && strings.TrimSpace(t[loc[1]:]) == "" || qualified(l, t) {
			return true
		}
	}
	return false
}

// midLabel finds a label with a colon inside running text ("…，账单地址：上海"):
// the value runs to the end of the sentence or line. A short value at the
// end of a line is the start of an address wrapped onto the next one.
func midLabel(l label, s *segment, next map[*segment]*segment) ([]rawFinding, bool) {
	loc := l.mid.FindStringIndex(s.text)
	if loc == nil {
		return nil, false
	}
	start := loc[1]
	end := len(s.text)
	if k := strings.IndexAny(s.text[start:], "。；;"); k >= 0 {
		end = start + k
	}
	if k := noteAfter(l.cat, s.text[start:end]); k > 0 {
		end = start + k
	}
	v := s.text[start:end]
	if strings.TrimSpace(v) == "" {
		return nil, false
	}
	wrapped := l.cat == Address && end == len(s.text) && runeCount(v) <= 16 && next[s] != nil
	if !valueOK(l.cat, v) && !wrapped {
		return nil, false
	}
	return []rawFinding{{l.cat, 0.75, v, singleBlock(s).boxes(start, end), false}}, true
}

// singleBlock wraps one segment as a block, to map its byte ranges to boxes.
func singleBlock(s *segment) *block {
	return &block{segs: []*segment{s}, text: s.text, start: []int{0}}
}

// below returns the segment right under segs[i]: in its column (see
// aligned) and less than about a line below it.
func below(segs []*segment, i int) *segment { return stacked(segs, i, 1) }

// above returns the segment right over segs[i], as below does downwards.
func above(segs []*segment, i int) *segment { return stacked(segs, i, -1) }

// stacked returns the segment next to segs[i] in direction dir (1 down,
// -1 up) in the same column, or nil.
func stacked(segs []*segment, i, dir int) *segment {
	s := segs[i]
	h := s.height()
	for k := i + dir; k >= 0 && k < len(segs); k += dir {
		t := segs[k]
		if t.row == s.row {
			continue
		}
		gap := t.box.Min.Y - s.box.Max.Y
		if dir < 0 {
			gap = s.box.Min.Y - t.box.Max.Y
		}
		if gap > 3*h/2 {
			return nil
		}
		if gap >= -h/4 && aligned(s, t) {
			return t
		}
	}
	return nil
}

// aligned reports whether t sits in s's column: their left edges, right
// edges or centres within a couple of character heights (values in
// settings pages are often right-aligned, captions centred).
func aligned(s, t *segment) bool {
	d := 2 * min(s.height(), t.height())
	return abs(t.box.Min.X-s.box.Min.X) <= d || abs(t.box.Max.X-s.box.Max.X) <= d ||
		abs(t.box.Min.X+t.box.Max.X-s.box.Min.X-s.box.Max.X) <= d
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

var reLongRun = regexp.MustCompile(`[0-9A-Za-z]{20}`)

// reAmountCore is the amount inside a labelled value: a sign or currency
// sign glued to it, the digits, a code after them.
var reAmountCore = regexp.MustCompile(`[+\-−]?[$€£¥￥₩]?\d(?:[\d.,'’ ]*\d)?(?:\.?\s?[A-Z][A-Z0-9]{1,3}[a-z]?\b)?`)

// leadingAmount returns the length in bytes of the amount v starts with
// (after spaces), or 0.
func leadingAmount(v string) int {
	loc := reAmountCore.FindStringIndex(v)
	if loc == nil || strings.TrimSpace(v[:loc[0]]) != "" {
		return 0
	}
	return loc[1]
}

// reLabelledAmount is the value of a total or balance label: a number
// ("49. 40" as OCR splits it too) with at most a short currency or code
// before and after it.
var reLabelledAmount = regexp.MustCompile(`^[^\d\s]{0,5}\s?[+\-−]?\s?[^\d\s]{0,3}\s?\d[\d.,'’ ]{0,18}\s?[^\d\s]{0,6}$`)

var reAddrCont = regexp.MustCompile(`\d|[A-Z]{1,2}\d|栋|室|号|单元|楼`)

// addressContinues says whether a line under an address looks like more of
// it (a city, postcode, building or room) rather than the next field.
func addressContinues(t string) bool {
	return len(t) < 60 && reAddrCont.MatchString(t) && !strings.ContainsAny(t, ":：")
}

var reSeedToken = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)

// seedFold undoes OCR's digits for letters inside a word ("Z00" for
// "zoo"), lower-cased.
var seedFold = strings.NewReplacer("0", "o", "1", "l", "5", "s")

// seedWord reports whether OCR's token t is a wordlist word, allowing for
// digits read for letters and for a grid's "1." read as a leading "l"
// ("lcitizen").
func seedWord(t string, en map[string]bool) bool {
	t = seedFold.Replace(strings.ToLower(t))
	if len(t) >= 3 && en[t] {
		return true
	}
	return len(t) >= 4 && (t[0] == 'l' || t[0] == 'i') && en[t[1:]]
}

// reSeedContext matches what introduces a recovery phrase on a screen.
var reSeedContext = regexp.MustCompile(`(?i)\bseed\b|recovery|mnemonic|secret\s+phrase|backup\s+phrase|passphrase|助记词|恢复短语|备份短语|种子`)

// findSeeds finds recovery phrases: runs of segments made mostly of
// wordlist words (BIP39's English or Chinese list; Electrum's seeds use
// the same words without BIP39's checksum), wrapped over lines or laid out
// as a numbered grid. Eight words or more are a phrase wherever they are;
// two or more are one under a seed, recovery or mnemonic heading (a
// "confirm your seed" screen shows a few words at a time). The run, not a
// line, decides; the checksum is not asked for.
func findSeeds(segs []*segment) []rawFinding {
	en, zh := wordSets()
	order := make([]*segment, len(segs))
	copy(order, segs)
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].row != order[j].row {
			return order[i].row < order[j].row
		}
		return order[i].box.Min.X < order[j].box.Min.X
	})
	type run struct {
		segs   []*segment
		words  int
		box    image.Rectangle
		closed bool
	}
	var runs []*run
	var context []*segment
	for _, s := range order {
		n := seedWords(s, en, zh)
		// A heading that names the phrase ("Confirm Seed": both words
		// are in the list) introduces it; it is not part of it.
		if reSeedContext.MatchString(s.text) {
			context = append(context, s)
			n = 0
		}
		if n == 0 {
			// Other text under a run, in its column, ends it; text
			// beside it (an icon, a button in the margin) does not,
			// and neither does one word OCR garbled inside a grid.
			garbled := len(reSeedToken.FindAllString(s.text, -1)) <= 1 && runeCount(s.text) <= 12
			for _, r := range runs {
				last := r.segs[len(r.segs)-1]
				if !r.closed && !garbled && s.row != last.row && overlap1(r.box.Min.X, r.box.Max.X, s.box.Min.X, s.box.Max.X) > 0 {
					r.closed = true
				}
			}
			continue
		}
		var to *run
		for _, r := range runs {
			if r.closed {
				continue
			}
			last := r.segs[len(r.segs)-1]
			h := max(last.height(), s.height())
			switch {
			case s.row == last.row:
				to = r
			case s.box.Min.Y-last.box.Max.Y <= 2*h && overlap1(r.box.Min.X, r.box.Max.X, s.box.Min.X, s.box.Max.X) > 0:
				to = r
			case s.box.Min.Y-last.box.Max.Y > 2*h:
				r.closed = true
			}
		}
		if to == nil {
			to = &run{}
			runs = append(runs, to)
		}
		to.segs = append(to.segs, s)
		to.words += n
		to.box = to.box.Union(s.box)
	}
	var out []rawFinding
	for _, r := range runs {
		conf := 0.0
		switch {
		case r.words >= 12:
			conf = 0.9
		case r.words >= 8:
			conf = 0.8
		case r.words >= 2 && seedHeading(context, r.box, r.segs[0].height()):
			conf = 0.7
		}
		if conf == 0 {
			continue
		}
		// The run's whole extent too: a word of a grid OCR garbled
		// sits inside it.
		var text []string
		for _, s := range r.segs {
			out = append(out, rawFinding{Seed, conf, s.text, []image.Rectangle{s.box}, false})
			text = append(text, s.text)
		}
		if len(r.segs) > 1 && !holdsOther(r.box, r.segs, order, en, zh) {
			out = append(out, rawFinding{Seed, conf, strings.Join(text, " "), []image.Rectangle{r.box}, false})
		}
	}
	return out
}

// holdsOther reports whether box, the extent of a run of seed segments,
// also holds other readable text (a time under a chat bubble): then only
// the run's own segments are hidden, not its whole extent.
func holdsOther(box image.Rectangle, run, segs []*segment, en map[string]bool, zh map[rune]bool) bool {
	for _, s := range segs {
		c := image.Pt((s.box.Min.X+s.box.Max.X)/2, (s.box.Min.Y+s.box.Max.Y)/2)
		if !c.In(box) || slices.Contains(run, s) || seedWords(s, en, zh) > 0 {
			continue
		}
		if len(reSeedToken.FindAllString(s.text, -1)) > 1 || strings.ContainsAny(s.text, ":：") {
			return true
		}
	}
	return false
}

// seedHeading reports whether one of the context segments stands above box
// (within about eight lines of height h): a "Confirm your seed" heading or
// a "Your recovery phrase is:" line.
func seedHeading(context []*segment, box image.Rectangle, h int) bool {
	for _, c := range context {
		if c.box.Max.Y <= box.Min.Y+h/2 && box.Min.Y-c.box.Max.Y <= 8*h {
			return true
		}
	}
	return false
}

// seedWords returns how many BIP39 words segment s holds if it is made
// mostly of them (three in four, allowing for OCR slips), or 0.
func seedWords(s *segment, en map[string]bool, zh map[rune]bool) int {
	total, hits := 0, 0
	for _, t := range reSeedToken.FindAllString(s.text, -1) {
		// Every word counts against: BIP39 has no words shorter than
		// three letters, while prose is full of "I", "my", "to".
		total++
		t = strings.ToLower(t)
		if seedWord(t, en) {
			hits++
		} else if gluedWords(t, en) {
			// OCR glued two words ("willembody").
			total++
			hits += 2
		}
	}
	// Chinese phrases are shown as single characters spaced apart;
	// Chinese prose is written solid and must not count.
	zhTotal, zhHits := 0, 0
	for i, w := range s.words {
		r := []rune(w.Text)
		if len(r) != 1 || !unicode.Is(unicode.Han, r[0]) {
			continue
		}
		spaced := true
		if i > 0 && w.Box.Min.X-s.words[i-1].Box.Max.X < w.Box.Dy()/3 {
			spaced = false
		}
		if i+1 < len(s.words) && s.words[i+1].Box.Min.X-w.Box.Max.X < w.Box.Dy()/3 {
			spaced = false
		}
		zhTotal++
		if spaced && zh[r[0]] {
			zhHits++
		}
	}
	// A phrase is in one language. A character OCR made of an icon
	// beside English words is noise; Latin letters beside Chinese
	// characters (a page's "OO 图") still count against them.
	if zhHits > hits {
		total, hits = zhTotal+total, zhHits
	}
	if hits == 0 || hits*4 < total*3 {
		return 0
	}
	return hits
}

// gluedWords reports whether t is two BIP39 words run together.
func gluedWords(t string, en map[string]bool) bool {
	for i := 3; i+3 <= len(t); i++ {
		if en[t[:i]] && en[t[i:]] {
			return true
		}
	}
	return false
}

// denied finds the policy's deny-list terms wherever OCR read them,
// ignoring case and spacing.
func (d *detectors) denied(segs []*segment) []rawFinding {
	var out []rawFinding
	for _, s := range segs {
		norm, idx := foldSpaces(s.text)
		for _, term := range d.deny {
			t, _ := foldSpaces(term)
			if t == "" {
				continue
			}
			for from := 0; ; {
				i := strings.Index(norm[from:], t)
				if i < 0 {
					break
				}
				a, b := idx[from+i], idx[from+i+len(t)-1]+1
				bl := &block{segs: []*segment{s}, text: s.text, start: []int{0}}
				out = append(out, rawFinding{Deny, 1, s.text[a:b], bl.boxes(a, b), false})
				from += i + len(t)
			}
		}
	}
	return out
}

// foldSpaces lower-cases s and drops its spaces; idx maps bytes back.
func foldSpaces(s string) (string, []int) {
	var b strings.Builder
	var idx []int
	for i, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		r = unicode.ToLower(r)
		n := b.Len()
		b.WriteRune(r)
		for k := n; k < b.Len(); k++ {
			idx = append(idx, i+k-n)
		}
	}
	return b.String(), idx
}

// wrappedAddrs finds addresses and hashes wrapped onto the next lines where
// the line breaks do not chain into one block, because the first line also
// holds other things (a network badge, a "Copy" button, an avatar) that
// make it taller or wider than the continuation. For each run of
// address-like words that does not classify by itself, the lines just below
// it (up to two, for 64-character hashes) are tried as the rest.
func wrappedAddrs(segs []*segment) []rawFinding {
	var out []rawFinding
	for i, s := range segs {
		for k := 0; k < len(s.words); k++ {
			if t := s.words[k].Text; !addrPrefix(t) && !base58Start(t) {
				continue
			}
			m := k + 1
			for m < len(s.words) && allAddrRunes(s.words[m].Text) {
				m++
			}
			whole := newSegment(s.words[k:m])
			if ms := findWallets(whole.text); len(ms) > 0 && ms[0].start == 0 && ms[0].conf >= 0.8 {
				k = m - 1
				continue
			}
			conts := continuation(segs, i, whole)
			// The head may end in a button ("Copy") that is not part of
			// the address: try it shorter too.
			for mm := m; mm > k && len(conts) > 0; mm-- {
				head := newSegment(s.words[k:mm])
				bl := &block{segs: []*segment{head}, text: head.text, start: []int{0}}
				for _, t := range conts {
					bl.start = append(bl.start, len(bl.text)+1)
					bl.text += "\n" + t.text
					bl.segs = append(bl.segs, t)
				}
				found := false
				for _, m := range findWallets(bl.text) {
					if m.start < len(head.text) && m.end > len(head.text) && m.conf >= 0.8 {
						out = append(out, rawFinding{m.cat, m.conf, bl.text[m.start:m.end], bl.boxes(m.start, m.end), false})
						found = true
					}
				}
				if found {
					break
				}
			}
			k = m - 1
		}
	}
	return out
}

// continuation returns up to two segments stacked right under head, each
// overlapping the one above horizontally and less than a line below it.
func continuation(segs []*segment, i int, head *segment) []*segment {
	var out []*segment
	above := head
	row := segs[i].row
	for _, t := range segs[i+1:] {
		if len(out) == 2 {
			break
		}
		h := above.height()
		gap := t.box.Min.Y - above.box.Max.Y
		if t.row == row || gap < -h/3 {
			continue
		}
		if gap > 3*h/2 {
			break
		}
		if overlap1(above.box.Min.X, above.box.Max.X, t.box.Min.X, t.box.Max.X) <= 0 {
			continue
		}
		out = append(out, t)
		above, row = t, t.row
	}
	return out
}

// base58Start reports whether t could be the first line of a wrapped
// base58 address: it starts like one and looks random.
func base58Start(t string) bool {
	return len(t) >= 12 && strings.IndexByte("13TLM", t[0]) >= 0 && randomish(t[1:]) && allAddrRunes(t)
}

func allAddrRunes(t string) bool {
	for _, r := range t {
		if !isAddrRune(r) {
			return false
		}
	}
	return t != ""
}

// reWalletContext matches what names a crypto address on a screen: a
// wallet, an address field, a network in parentheses.
var reWalletContext = regexp.MustCompile(`(?i)wallet|address|\baddr\b|deposit|withdraw|receiv|recipient|destination|钱包|地址|收款|充值|提币|\((?:BTC|ETH|USDT|ERC-?20|TRC-?20|BEP-?20|SOL|TRX|LTC|BSC)\)`)

// reWalletLead is a wallet label at the start of a line and the field's
// edge OCR reads after it.
var reWalletLead = regexp.MustCompile(`(?i)^\s*(?:(?:receiving|receive|deposit|withdrawal|wallet|recipient|destination|your)\s+)?address\s*[:：]?\s*[|\[(]?\s*`)

// nextInBlock maps each segment to the one after it in its block.
func nextInBlock(blocks []*block) map[*segment]*segment {
	next := make(map[*segment]*segment)
	for _, bl := range blocks {
		for i := 1; i < len(bl.segs); i++ {
			next[bl.segs[i-1]] = bl.segs[i]
		}
	}
	return next
}

// addressesByContext hides the line under a wallet or address label when
// it looks like an address OCR could not read: long, mostly letters and
// digits, with several digits. Very small monospace text comes back as
// such garbage ("qem25j nmSxwcaw43u299t28nh"), which no pattern matches.
func addressesByContext(segs []*segment, blocks []*block) []rawFinding {
	next := nextInBlock(blocks)
	var out []rawFinding
	for i, s := range segs {
		if !reWalletContext.MatchString(s.text) || len(s.text) > 60 {
			continue
		}
		t := next[s]
		if t == nil {
			t = below(segs, i)
		}
		if t == nil {
			continue
		}
		// The line may carry its own label ("Receiving address
		// |12uFb…"): the address is what follows it.
		start := 0
		if loc := reWalletLead.FindStringIndex(t.text); loc != nil {
			start = loc[1]
		}
		if !garbledAddress(t.text[start:]) {
			continue
		}
		out = append(out, rawFinding{Wallet, 0.7, t.text[start:], singleBlock(t).boxes(start, len(t.text)), false})
	}
	return out
}

// garbledAddress reports whether t could be a crypto address misread:
// twenty or more letters and digits, nearly nothing else, at least three
// digits, no CJK, and not a date, a masked value or a hash shortened with
// an ellipsis.
func garbledAddress(t string) bool {
	if reProtect.MatchString(t) || reMasked.MatchString(t) || strings.Contains(t, "…") || strings.Contains(t, "..") {
		return false
	}
	alnum, other, dg := 0, 0, 0
	for _, r := range t {
		switch {
		case r == ' ':
		case isDigit(r):
			dg++
			alnum++
		case isAlnum(r):
			alnum++
		case isWide(r):
			return false
		default:
			other++
		}
	}
	return alnum >= 20 && dg >= 3 && other*10 <= alnum
}
