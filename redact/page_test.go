package redact

import (
	"fmt"
	"image"
	"strings"
	"testing"
	"unicode/utf8"
)

// A pen lays out words the way an OCR engine reports them: boxes on a line
// of height h, each ASCII character 0.55 h wide and each CJK one h wide,
// words a space (0.35 h) apart. Layout numbers are left at 0, so lines are
// found by position (clusterLines), as for an engine that gives none.
type pen struct {
	x, y, h int
}

func runeWidth(r rune, h int) int {
	if isWide(r) {
		return h
	}
	return h * 55 / 100
}

func textWidth(s string, h int) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r, h)
	}
	return w
}

// words places texts left to right from the pen, a space apart, and
// leaves the pen after the last one.
func (p *pen) words(texts ...string) []Word {
	var ws []Word
	for i, t := range texts {
		if i > 0 {
			p.x += p.h * 35 / 100
		}
		w := textWidth(t, p.h)
		ws = append(ws, Word{Text: t, Box: image.Rect(p.x, p.y, p.x+w, p.y+p.h), Conf: 90})
		p.x += w
	}
	return ws
}

// touching places texts with no gap at all, as OCR splits "li.wei88@" and
// "gmail.com".
func (p *pen) touching(texts ...string) []Word {
	var ws []Word
	for _, t := range texts {
		w := textWidth(t, p.h)
		ws = append(ws, Word{Text: t, Box: image.Rect(p.x, p.y, p.x+w, p.y+p.h), Conf: 90})
		p.x += w
	}
	return ws
}

// at returns a pen at (x, y) with line height h.
func at(x, y, h int) *pen { return &pen{x, y, h} }

func union(ws ...Word) image.Rectangle {
	var r image.Rectangle
	for _, w := range ws {
		r = r.Union(w.Box)
	}
	return r
}

func concat(wss ...[]Word) []Word {
	var out []Word
	for _, ws := range wss {
		out = append(out, ws...)
	}
	return out
}

// page runs the page-level detection of p over words.
func page(p *Policy, words []Word) []rawFinding {
	segs := buildSegments(words)
	return p.detectors().detectPage(segs, buildBlocks(segs))
}

func ofCategory(fs []rawFinding, c Category) []rawFinding {
	var out []rawFinding
	for _, f := range fs {
		if f.cat == c {
			out = append(out, f)
		}
	}
	return out
}

func dump(fs []rawFinding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t%s %.2f %q %v", f.cat, f.conf, f.value, f.boxes)
	}
	return b.String()
}

// covered reports whether r lies inside one of the boxes of fs.
func covered(r image.Rectangle, fs []rawFinding) bool {
	for _, f := range fs {
		for _, b := range f.boxes {
			if r.In(b) {
				return true
			}
		}
	}
	return false
}

// touched reports whether any box of fs overlaps r.
func touched(r image.Rectangle, fs []rawFinding) bool {
	for _, f := range fs {
		for _, b := range f.boxes {
			if b.Overlaps(r) {
				return true
			}
		}
	}
	return false
}

func TestPagePhoneSplitIntoWords(t *testing.T) {
	ws := at(40, 100, 20).words("+44", "20", "7946", "0348")
	fs := page(DefaultPolicy(), ws)
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %d:%s", len(fs), dump(fs))
	}
	want := []image.Rectangle{union(ws...)}
	if fs[0].cat != Phone || fs[0].value != "+44 20 7946 0348" || fmt.Sprint(fs[0].boxes) != fmt.Sprint(want) {
		t.Errorf("got%s\nwant phone \"+44 20 7946 0348\" %v", dump(fs), want)
	}
}

func TestPageEmailSplitIntoTouchingWords(t *testing.T) {
	t.Run("one line", func(t *testing.T) {
		ws := at(40, 100, 20).touching("li.wei88@", "gmail.com")
		fs := page(DefaultPolicy(), ws)
		if len(fs) != 1 || fs[0].cat != Email || fs[0].value != "li.wei88@gmail.com" ||
			fmt.Sprint(fs[0].boxes) != fmt.Sprint([]image.Rectangle{union(ws...)}) {
			t.Errorf("got%s\nwant one e-mail over %v", dump(fs), union(ws...))
		}
	})
	// The engine put the halves in different layout blocks: they are
	// two lines to buildSegments, joined again by mergeTouching.
	t.Run("two layout blocks", func(t *testing.T) {
		ws := at(40, 100, 20).touching("li.wei88@", "gmail.com")
		ws[0].Block, ws[0].Par, ws[0].Line = 1, 1, 1
		ws[1].Block, ws[1].Par, ws[1].Line = 2, 1, 1
		ws[1].Box = ws[1].Box.Add(image.Pt(2, 1)) // a hair apart, a pixel lower
		fs := page(DefaultPolicy(), ws)
		if len(fs) != 1 || fs[0].cat != Email || fs[0].value != "li.wei88@gmail.com" ||
			fmt.Sprint(fs[0].boxes) != fmt.Sprint([]image.Rectangle{union(ws...)}) {
			t.Errorf("got%s\nwant one e-mail over %v", dump(fs), union(ws...))
		}
	})
}

func TestPageWalletWrapped(t *testing.T) {
	l1 := at(40, 100, 20).words(ethAddr[:22])
	l2 := at(40, 126, 20).words(ethAddr[22:])
	fs := page(DefaultPolicy(), concat(l1, l2))
	ws := ofCategory(fs, Wallet)
	if len(ws) == 0 || len(ws) != len(fs) {
		t.Fatalf("want only wallet findings, got%s", dump(fs))
	}
	// The block and the wrapped-address pass may both find it; Redact
	// merges duplicates. Each must cover both lines, one box a line.
	want := fmt.Sprint([]image.Rectangle{l1[0].Box, l2[0].Box})
	for _, f := range ws {
		if fmt.Sprint(f.boxes) != want || f.value != ethAddr[:22]+"\n"+ethAddr[22:] {
			t.Errorf("wallet %q %v, want boxes %s", f.value, f.boxes, want)
		}
	}
}

// TestPageTxIDWrapped: a 64-digit hash over three lines is one TxID, kept
// by the default policy, with a box a line.
func TestPageTxIDWrapped(t *testing.T) {
	l1 := at(40, 100, 20).words(txHash[:24])
	l2 := at(40, 126, 20).words(txHash[24:48])
	l3 := at(40, 152, 20).words(txHash[48:])
	fs := page(DefaultPolicy(), concat(l1, l2, l3))
	if len(fs) == 0 {
		t.Fatal("nothing found")
	}
	want := fmt.Sprint([]image.Rectangle{l1[0].Box, l2[0].Box, l3[0].Box})
	for _, f := range fs {
		if f.cat != TxID || fmt.Sprint(f.boxes) != want {
			t.Errorf("got %s %q %v, want txid over %s", f.cat, f.value, f.boxes, want)
		}
	}
}

// TestPageTxIDUnderLabel: the label "TxID" above a hash chains with it into
// one block, and must not become part of a wallet.
func TestPageTxIDUnderLabel(t *testing.T) {
	label := at(40, 100, 20).words("TxID")
	hash := at(40, 126, 20).words(txHash)
	fs := page(DefaultPolicy(), concat(label, hash))
	if touched(label[0].Box, fs) {
		t.Errorf("the label is inside a finding:%s", dump(fs))
	}
	if tx := ofCategory(fs, TxID); len(tx) == 0 || !covered(hash[0].Box, tx) {
		t.Errorf("hash not found as txid:%s", dump(fs))
	}
	if w := ofCategory(fs, Wallet); len(w) > 0 {
		t.Errorf("wallet found:%s", dump(w))
	}
}

func TestPageAddressWrappedCN(t *testing.T) {
	l1 := at(40, 100, 20).words("浙江省杭州市西湖区古墩路394号")
	l2 := at(40, 126, 20).words("1栋1101室")
	fs := ofCategory(page(DefaultPolicy(), concat(l1, l2)), Address)
	if len(fs) != 1 || fmt.Sprint(fs[0].boxes) != fmt.Sprint([]image.Rectangle{l1[0].Box, l2[0].Box}) {
		t.Errorf("want one address over both lines, got%s", dump(fs))
	}
}

func TestPageLabels(t *testing.T) {
	p := DefaultPolicy()
	t.Run("same segment", func(t *testing.T) {
		ws := at(40, 100, 20).words("UID", "956242693")
		fs := page(p, ws)
		acc := ofCategory(fs, Account)
		if len(acc) != 1 || acc[0].value != "956242693" || fmt.Sprint(acc[0].boxes) != fmt.Sprint([]image.Rectangle{ws[1].Box}) {
			t.Errorf("want account 956242693 over %v, got%s", ws[1].Box, dump(fs))
		}
		if touched(ws[0].Box, fs) {
			t.Errorf("the label is hidden:%s", dump(fs))
		}
	})
	t.Run("with colon", func(t *testing.T) {
		ws := at(40, 100, 20).words("UID:", "956242693")
		fs := ofCategory(page(p, ws), Account)
		if len(fs) != 1 || !covered(ws[1].Box, fs) || touched(ws[0].Box, fs) {
			t.Errorf("want account over %v only, got%s", ws[1].Box, dump(fs))
		}
	})
	t.Run("next segment of the row", func(t *testing.T) {
		for _, value := range [][]string{
			{"+44", "20", "7946", "0778"}, // a phone by its shape too
			{"7946", "0778"},              // only the label says so
		} {
			label := at(40, 100, 20).words("Phone", "number")
			val := at(400, 100, 20).words(value...)
			fs := page(p, concat(label, val))
			ph := ofCategory(fs, Phone)
			if !covered(union(val...), ph) {
				t.Errorf("%q: value %v not covered by a phone finding:%s", value, union(val...), dump(fs))
			}
			if touched(union(label...), fs) {
				t.Errorf("%q: the label is hidden:%s", value, dump(fs))
			}
		}
	})
	t.Run("below", func(t *testing.T) {
		label := at(40, 100, 20).words("Name")
		val := at(40, 130, 20).words("Li", "Wei")
		fs := page(p, concat(label, val))
		nm := ofCategory(fs, Name)
		if len(nm) != 1 || nm[0].value != "Li Wei" || !covered(union(val...), nm) {
			t.Errorf("want name \"Li Wei\", got%s", dump(fs))
		}
		if touched(label[0].Box, fs) {
			t.Errorf("the label is hidden:%s", dump(fs))
		}
	})
	t.Run("below, CJK", func(t *testing.T) {
		label := at(40, 100, 20).words("手机号")
		val := at(40, 130, 20).words("137", "7578", "5309")
		fs := page(p, concat(label, val))
		if !covered(union(val...), ofCategory(fs, Phone)) || touched(label[0].Box, fs) {
			t.Errorf("want the number under 手机号 as a phone, got%s", dump(fs))
		}
	})
	// "Account 1" is the name a wallet app gives an account, not an ID.
	t.Run("Account 1", func(t *testing.T) {
		fs := page(p, at(40, 100, 20).words("Account", "1"))
		if len(fs) != 0 {
			t.Errorf("want nothing, got%s", dump(fs))
		}
	})
	t.Run("label without value", func(t *testing.T) {
		ws := concat(at(40, 100, 20).words("UID"), at(400, 100, 20).words("Copy"))
		if fs := page(p, ws); len(fs) != 0 {
			t.Errorf("want nothing, got%s", dump(fs))
		}
	})
	t.Run("masked value", func(t *testing.T) {
		ws := concat(at(40, 100, 20).words("Phone"), at(400, 100, 20).words("138****8000"))
		if fs := page(p, ws); len(fs) != 0 {
			t.Errorf("want nothing, got%s", dump(fs))
		}
	})
}

// seedList is twelve BIP39 words.
var seedList = strings.Fields("abandon ability able about above absent absorb abstract absurd abuse access accident")

func TestPageSeed(t *testing.T) {
	p := DefaultPolicy()
	t.Run("12 words on 2 lines", func(t *testing.T) {
		l1 := at(40, 100, 20).words(seedList[:6]...)
		l2 := at(40, 130, 20).words(seedList[6:]...)
		fs := ofCategory(page(p, concat(l1, l2)), Seed)
		if !covered(union(l1...), fs) || !covered(union(l2...), fs) {
			t.Errorf("want both lines as seed, got%s", dump(fs))
		}
	})
	t.Run("numbered grid of 3 columns", func(t *testing.T) {
		grid := strings.Fields("quiz idea lemon tribe orbit cactus wisdom flame saddle vivid jungle harbor")
		var ws []Word
		for i, w := range grid {
			ws = append(ws, at(40+(i%3)*300, 100+(i/3)*40, 20).words(fmt.Sprintf("%d.", i+1), w)...)
		}
		fs := ofCategory(page(p, ws), Seed)
		for i := 0; i < len(ws); i += 2 {
			if !covered(union(ws[i:i+2]...), fs) {
				t.Errorf("%s %s not hidden as seed:%s", ws[i].Text, ws[i+1].Text, dump(fs))
			}
		}
	})
	t.Run("Chinese, spaced", func(t *testing.T) {
		zh := strings.Fields("的 一 是 在 不 了 有 和 人 这 中 大")
		var ws []Word
		for i, r := range zh {
			x := 40 + (i%6)*40
			ws = append(ws, Word{Text: r, Box: image.Rect(x, 100+(i/6)*30, x+20, 120+(i/6)*30), Conf: 90})
		}
		if fs := ofCategory(page(p, ws), Seed); !covered(union(ws[:6]...), fs) || !covered(union(ws[6:]...), fs) {
			t.Errorf("want both lines as seed, got%s", dump(fs))
		}
	})
	t.Run("7 words", func(t *testing.T) {
		l1 := at(40, 100, 20).words(seedList[:4]...)
		l2 := at(40, 130, 20).words(seedList[4:7]...)
		if fs := ofCategory(page(p, concat(l1, l2)), Seed); len(fs) != 0 {
			t.Errorf("want no seed, got%s", dump(fs))
		}
	})
	t.Run("8 words, no heading", func(t *testing.T) {
		l1 := at(40, 100, 20).words(seedList[:5]...)
		l2 := at(40, 130, 20).words(seedList[5:8]...)
		fs := ofCategory(page(p, concat(l1, l2)), Seed)
		if !covered(union(l1...), fs) || !covered(union(l2...), fs) {
			t.Errorf("want both lines as seed, got%s", dump(fs))
		}
	})
	// Electrum's "Your wallet generation seed is:" box: eleven words on
	// one line and the twelfth wrapped, with an icon's scraps read as
	// text beside them (on the same row and in the margin below). The
	// words carry no BIP39 checksum.
	t.Run("Electrum box with scraps beside it", func(t *testing.T) {
		words := strings.Fields("okay tent wet hotel void snap walk extra nose mad letter security")
		head := at(90, 50, 14).words("Your", "wallet", "generation", "seed", "is:")
		icon := at(100, 78, 14).words("IE")
		l1 := at(160, 78, 14).words(words[:11]...)
		dot := at(112, 96, 14).words(".")
		l2 := at(160, 96, 14).words(words[11])
		fs := ofCategory(page(p, concat(head, icon, l1, dot, l2)), Seed)
		if !covered(union(l1...), fs) || !covered(union(l2...), fs) {
			t.Errorf("want both lines as seed, got%s", dump(fs))
		}
		if touched(union(head...), fs) {
			t.Errorf("the heading is hidden:%s", dump(fs))
		}
	})
	t.Run("two words under a confirm-seed heading", func(t *testing.T) {
		head := at(80, 40, 14).words("Confirm", "Seed")
		prose := at(90, 70, 14).words("Please", "retype", "your", "seed", "here.")
		typed := at(100, 130, 14).words("okay", "tent")
		fs := ofCategory(page(p, concat(head, prose, typed)), Seed)
		if !covered(union(typed...), fs) {
			t.Errorf("want the typed words as seed, got%s", dump(fs))
		}
		if touched(union(prose...), fs) || touched(union(head...), fs) {
			t.Errorf("the heading or the prose is hidden:%s", dump(fs))
		}
	})
	t.Run("glued words beside an icon read as a character", func(t *testing.T) {
		head := at(80, 40, 14).words("Confirm", "Seed")
		typed := at(100, 130, 14).words("人>", "“okaytent")
		fs := ofCategory(page(p, concat(head, typed)), Seed)
		if !covered(union(typed[1:]...), fs) {
			t.Errorf("want the typed words as seed, got%s", dump(fs))
		}
	})
	t.Run("one wordlist word under a seed heading", func(t *testing.T) {
		head := at(80, 40, 14).words("Recovery", "phrase")
		button := at(100, 130, 14).words("Back")
		if fs := ofCategory(page(p, concat(head, button)), Seed); len(fs) != 0 {
			t.Errorf("want no seed, got%s", dump(fs))
		}
	})
	t.Run("12 words far apart", func(t *testing.T) {
		l1 := at(40, 100, 20).words(seedList[:6]...)
		l2 := at(40, 400, 20).words(seedList[6:]...)
		if fs := ofCategory(page(p, concat(l1, l2)), Seed); len(fs) != 0 {
			t.Errorf("want no seed, got%s", dump(fs))
		}
	})
	t.Run("English prose", func(t *testing.T) {
		var ws []Word
		for i, line := range []string{
			"Hello, I submitted a withdrawal request yesterday",
			"but it is still shown as pending in the app.",
			"Could you tell me when it will be processed?",
			"Thank you for your patience and kind support.",
		} {
			ws = append(ws, at(40, 100+i*30, 20).words(strings.Fields(line)...)...)
		}
		if fs := ofCategory(page(p, ws), Seed); len(fs) != 0 {
			t.Errorf("want no seed, got%s", dump(fs))
		}
	})
	t.Run("Chinese prose", func(t *testing.T) {
		var ws []Word
		for i, r := range []rune("我的提现申请已经提交了三天但是还没有到账请帮我看一下") {
			ws = append(ws, Word{Text: string(r), Box: image.Rect(40+i*20, 100, 60+i*20, 120), Conf: 90})
		}
		if fs := ofCategory(page(p, ws), Seed); len(fs) != 0 {
			t.Errorf("want no seed, got%s", dump(fs))
		}
	})
}

// TestPageSeedProseOfBIP39Words: BIP39 has 2048 common English words, and
// support messages are made of them too: each of these lines is at least
// three quarters BIP39 words (seedWords' threshold), 14 in all.
func TestPageSeedProseOfBIP39Words(t *testing.T) {
	var ws []Word
	for i, line := range []string{
		"Hello support team, please help.",
		"I need help with my account access.",
		"Please check my account balance and transfer history.",
	} {
		ws = append(ws, at(40, 100+i*30, 20).words(strings.Fields(line)...)...)
	}
	if fs := ofCategory(page(DefaultPolicy(), ws), Seed); len(fs) != 0 {
		t.Error("three lines of an ordinary support message, mostly BIP39 words, are hidden as a seed phrase (over-redaction): " + dump(fs))
	}
}

func TestPageDeny(t *testing.T) {
	p := DefaultPolicy()
	p.Deny = []string{"Li Wei", "cryptofan"}
	lines := [][]Word{
		at(40, 100, 20).words("Dear", "LI", "WEI,"),
		at(40, 160, 20).words("liwei", "replied"),
		at(40, 220, 20).words("by", "Li", "Wei"),
		at(40, 280, 20).words("@CryptoFan88"),
		at(40, 340, 20).words("Li", "Ming"), // not the term
	}
	fs := page(p, concat(lines...))
	deny := ofCategory(fs, Deny)
	if len(deny) != 4 {
		t.Errorf("want 4 deny findings, got%s", dump(deny))
	}
	mustCover := []image.Rectangle{
		lines[0][1].Box, lines[1][0].Box, union(lines[2][1:]...),
	}
	for _, r := range mustCover {
		if !covered(r, deny) {
			t.Errorf("%v not hidden:%s", r, dump(deny))
		}
	}
	// Part of a word: at least the term's share of it.
	for _, w := range []Word{lines[0][2], lines[3][0]} {
		if !touched(w.Box, deny) {
			t.Errorf("%q not hidden:%s", w.Text, dump(deny))
		}
	}
	if touched(union(lines[4]...), deny) || touched(lines[0][0].Box, deny) {
		t.Errorf("more than the term hidden:%s", dump(deny))
	}
}

// TestBlockBoxesPartialWord: a value that is part of a word (a CJK label
// and a number read as one word) gets a box cut in proportion, inside the
// word and covering the value's share.
func TestBlockBoxesPartialWord(t *testing.T) {
	ws := at(40, 100, 20).words("手机13775785309")
	segs := buildSegments(ws)
	bl := buildBlocks(segs)
	if len(bl) != 1 {
		t.Fatalf("want one block, got %d", len(bl))
	}
	start := strings.Index(bl[0].text, "1")
	bs := bl[0].boxes(start, len(bl[0].text))
	if len(bs) != 1 {
		t.Fatalf("want one box, got %v", bs)
	}
	w := ws[0].Box
	digitsStart := w.Min.X + 2*20 // two CJK characters, h wide each
	if !bs[0].In(w) || bs[0].Min.X > digitsStart || bs[0].Max.X != w.Max.X || bs[0].Min.X < w.Min.X+20 {
		t.Errorf("box %v for the digits of %v (digits start near x=%d)", bs[0], w, digitsStart)
	}
}

// TestSegmentsColumns: a wide gap splits a row into segments that share a
// row number; a narrow one does not.
func TestSegmentsColumns(t *testing.T) {
	ws := concat(
		at(40, 100, 20).words("Phone", "number"),
		at(400, 102, 20).words("+44", "20", "7946", "0778"),
		at(40, 140, 20).words("Email"),
	)
	segs := buildSegments(ws)
	var got []string
	for _, s := range segs {
		got = append(got, fmt.Sprintf("%d:%s", s.row, s.text))
	}
	want := []string{"0:Phone number", "0:+44 20 7946 0778", "1:Email"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("segments %q, want %q", got, want)
	}
	for _, s := range segs {
		for i, sp := range s.spans {
			if s.text[sp[0]:sp[1]] != s.words[i].Text {
				t.Errorf("span %v of %q is %q, want %q", sp, s.text, s.text[sp[0]:sp[1]], s.words[i].Text)
			}
		}
	}
}

// TestSegmentsCJKNoSpaces: Tesseract gives each Chinese character as a word;
// the line text joins them without spaces, and keeps the space between
// CJK and Latin words.
func TestSegmentsCJKNoSpaces(t *testing.T) {
	var ws []Word
	x := 40
	for _, r := range "账户ID" {
		w := runeWidth(r, 20)
		if !isWide(r) {
			w = textWidth("ID", 20)
		}
		ws = append(ws, Word{Text: string(r), Box: image.Rect(x, 100, x+w, 120), Conf: 90})
		x += w + 2
		if !isWide(r) {
			break
		}
	}
	ws[len(ws)-1].Text = "ID"
	ws = append(ws, at(x+7, 100, 20).words("956242693")...)
	segs := buildSegments(ws)
	if len(segs) != 1 || segs[0].text != "账户ID 956242693" {
		var got []string
		for _, s := range segs {
			got = append(got, s.text)
		}
		t.Fatalf("segments %q, want [\"账户ID 956242693\"]", got)
	}
	if !utf8.ValidString(segs[0].text) {
		t.Error("invalid UTF-8")
	}
	fs := ofCategory(page(DefaultPolicy(), ws), Account)
	if len(fs) != 1 || fs[0].value != "956242693" {
		t.Errorf("want account 956242693 after 账户ID, got%s", dump(fs))
	}
}

// TestPageLabelValueIsDate: when a label's own value is not one (masked,
// "Not set"), the line below is tried next; a date or time there is kept
// everywhere else and must not be hidden as the label's value.
func TestPageLabelValueIsDate(t *testing.T) {
	for _, tc := range []struct{ label, value string }{
		{"Phone", "Not set"},
		{"UID", "95****93"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			label := at(40, 100, 20).words(tc.label)
			val := at(400, 100, 20).words(tc.value)
			date := at(40, 130, 20).words("Joined", "2024-05-18", "10:42")
			fs := page(DefaultPolicy(), concat(label, val, date))
			if touched(union(date...), fs) {
				t.Errorf("the date line under a %q label whose value is %q is hidden as its value:%s", tc.label, tc.value, dump(fs))
			}
		})
	}
}

// A layoutCase is a page of text lines, each at (x, y) with height 18, and
// which of them a category's findings must hide and must leave alone.
type layoutCase struct {
	name  string
	lines []layoutLine
	hide  []int
	keep  []int
}

type layoutLine struct {
	x, y int
	text string
}

// runLayoutCases runs the page detectors of the default policy over each
// case and checks cat's findings against it.
func runLayoutCases(t *testing.T, cat Category, cases []layoutCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ws [][]Word
			for _, l := range tc.lines {
				ws = append(ws, at(l.x, l.y, 18).words(strings.Fields(l.text)...))
			}
			fs := ofCategory(page(DefaultPolicy(), concat(ws...)), cat)
			for _, i := range tc.hide {
				if !covered(union(ws[i]...), fs) {
					t.Errorf("%q not hidden:%s", tc.lines[i].text, dump(fs))
				}
			}
			for _, i := range tc.keep {
				if touched(union(ws[i]...), fs) {
					t.Errorf("%q hidden:%s", tc.lines[i].text, dump(fs))
				}
			}
		})
	}
}

// TestPageLabelOverHiddenValue: on an output whose phone is hidden, the
// "Phone" label is followed by the next field, a ticket number: that is
// not the phone.
func TestPageLabelOverHiddenValue(t *testing.T) {
	runLayoutCases(t, Phone, []layoutCase{
		{"ticket under a phone label", []layoutLine{{16, 50, "Phone"}, {16, 87, "Ticket #12345678"}}, nil, []int{1}},
		{"order number under a phone label", []layoutLine{{16, 50, "Mobile number"}, {16, 87, "Order ORD-20240518"}}, nil, []int{1}},
		{"phone under its label", []layoutLine{{16, 50, "Phone"}, {16, 87, "0491 570 135"}}, []int{1}, nil},
	})
}

// TestPageUnreadableValue: where a sensitive label stands and OCR could
// not read what follows it, the unread text is hidden all the same (fail
// closed); text read well that is not a value of the label's kind stays.
func TestPageUnreadableValue(t *testing.T) {
	label := at(40, 100, 20).words("Email")
	garbage := at(40, 130, 20).words("mike", "odommeiaic")
	for i := range garbage {
		garbage[i].Conf = 20
	}
	fs := page(DefaultPolicy(), concat(label, garbage))
	em := ofCategory(fs, Email)
	if !covered(union(garbage...), em) || !em[0].unreadable {
		t.Errorf("unread text after an e-mail label not hidden as unreadable:%s", dump(fs))
	}
	readable := at(40, 130, 20).words("Verified", "today")
	if fs := ofCategory(page(DefaultPolicy(), concat(label, readable)), Email); len(fs) != 0 {
		t.Errorf("text read well hidden as an e-mail:%s", dump(fs))
	}
}

// TestPageWrappedPhone: a phone number that prose wraps onto the next line
// of a bubble or a notification is found across the break, with a box on
// each line; numbers that a line break separates in a table or a sentence
// about money are not joined into one.
func TestPageWrappedPhone(t *testing.T) {
	for _, tc := range []struct {
		name        string
		first, next string
		digits      string // "" for none
	}{
		{"international, cut after a group", "Sure, you can reach me on +65 8447", "0034 or by e-mail any time", "6584470034"},
		{"international, cut after the country code", "Email sarah@example.com, phone +852", "6533 9526 (after 6pm)", "85265339526"},
		{"national, after words about a phone", "Please call me back on 01632", "960132 after six", "01632960132"},
		{"Chinese mobile after 手机", "邮箱 daniel@example.com，手机 138", "7129 4591", "13871294591"},
		{"table of quantities", "Qty 2 Price 1200", "3456 items shipped", ""},
		{"amounts in a sentence", "We refunded 2 payments of 1200", "3456 and 7890 yesterday", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := at(54, 100, 18).words(strings.Fields(tc.first)...)
			b := at(54, 125, 18).words(strings.Fields(tc.next)...)
			fs := ofCategory(page(DefaultPolicy(), concat(a, b)), Phone)
			if tc.digits == "" {
				if len(fs) != 0 {
					t.Errorf("numbers joined into a phone:%s", dump(fs))
				}
				return
			}
			if len(fs) != 1 || digits(fs[0].value) != tc.digits || len(fs[0].boxes) != 2 ||
				!fs[0].boxes[0].Overlaps(union(a...)) || !fs[0].boxes[1].Overlaps(union(b...)) {
				t.Errorf("want phone %s with a box on each line, got%s", tc.digits, dump(fs))
			}
		})
	}
}

// TestPageStatusLineBalance: a wallet's status line starts with the
// balance after its label and goes on with the rate; the amount is hidden,
// the label and the rate are not.
func TestPageStatusLineBalance(t *testing.T) {
	ws := at(4, 400, 16).words("Balance:", "0.", "BTC", "(0.00", "USD)", "1", "BTC~2,249.00", "USD")
	fs := ofCategory(page(DefaultPolicy(), ws), Balance)
	if !covered(union(ws[1:3]...), fs) {
		t.Errorf("\"0. BTC\" not hidden:%s", dump(fs))
	}
	for _, w := range []Word{ws[0], ws[6]} {
		if touched(w.Box, fs) {
			t.Errorf("%q hidden:%s", w.Text, dump(fs))
		}
	}
}

// TestPageAddressAfterItsLabelMisread: under a tab bar naming addresses,
// an address OCR misread on the line of its own label is hidden from
// after the label; the label stays.
func TestPageAddressAfterItsLabelMisread(t *testing.T) {
	tabs := at(10, 35, 16).words("History", "Send", "|", "Receive", "Addresses", "Coins")
	label := at(12, 73, 16).words("Receiving", "address")
	p := at(0, 73, 16)
	p.x = union(label...).Max.X + 6
	addr := p.words("|12UFbWCJ8bqX6nJDXNkzYsJiJqvHgRUMQu")
	fs := ofCategory(page(DefaultPolicy(), concat(tabs, label, addr)), Wallet)
	if a := addr[0]; !covered(subBox(a, 1, len(a.Text)), fs) {
		t.Errorf("address not hidden:%s", dump(fs))
	}
	if touched(union(label...), fs) {
		t.Errorf("label hidden:%s", dump(fs))
	}
}

// TestPageValueBeforeButton: a Copy or 复制 button after a value is not
// part of it, and a word that ends a value ("Lake View") is no button.
func TestPageValueBeforeButton(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cat         Category
		label       string
		value, rest []string
	}{
		{"memo with Copy", Wallet, "Memo", []string{"104982736"}, []string{"Copy"}},
		{"address ending in View", Address, "Address", []string{"12", "Lake", "View"}, nil},
		{"account with 复制", Account, "UID", []string{"956242693"}, []string{"复制"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := at(20, 100, 18)
			label := p.words(tc.label)
			p.x += 120
			value := p.words(tc.value...)
			p.x += 8
			rest := p.words(tc.rest...)
			fs := ofCategory(page(DefaultPolicy(), concat(label, value, rest)), tc.cat)
			if !covered(union(value...), fs) {
				t.Errorf("value not hidden:%s", dump(fs))
			}
			if len(rest) > 0 && touched(union(rest...), fs) {
				t.Errorf("button hidden:%s", dump(fs))
			}
		})
	}
}

// TestPageQualifiedLabel: a caption that is a label with a word or two
// before it ("Work phone", "香港身份证") labels the value under it; a word
// that makes it another thing's field ("Company name", "IP address") or a
// verb that makes it a title ("填写收货地址") does not.
func TestPageQualifiedLabel(t *testing.T) {
	for _, tc := range []struct {
		caption []string
		value   []string
		cat     Category
		hidden  bool
	}{
		{[]string{"香港身份证"}, []string{"$303472(2)"}, IDNum, true},
		{[]string{"Secondary", "phone"}, []string{"6305", "1108", "ext", "2"}, Phone, true},
		{[]string{"Home", "address"}, []string{"Flat", "3,", "12", "Kings", "Road"}, Address, true},
		{[]string{"Legal", "name"}, []string{"Emily", "Carter"}, Name, true},
		{[]string{"紧急联系人电话"}, []string{"6305", "1108", "8"}, Phone, true},
		{[]string{"Company", "name"}, []string{"Acme", "Trading"}, Name, false},
		{[]string{"IP", "address"}, []string{"10.24.1.8", "London"}, Address, false},
		{[]string{"填写收货地址"}, []string{"1", "购物车", "2", "收货信息"}, Address, false},
		{[]string{"Please", "check", "the", "address"}, []string{"Step", "2", "of", "3"}, Address, false},
	} {
		t.Run(strings.Join(tc.caption, " "), func(t *testing.T) {
			caption := at(20, 100, 18).words(tc.caption...)
			value := at(20, 130, 18).words(tc.value...)
			fs := ofCategory(page(DefaultPolicy(), concat(caption, value)), tc.cat)
			if got := covered(union(value...), fs); got != tc.hidden {
				t.Errorf("value %q under %q hidden = %v, want %v:%s", tc.value, tc.caption, got, tc.hidden, dump(fs))
			}
			if touched(union(caption...), fs) {
				t.Errorf("caption hidden:%s", dump(fs))
			}
		})
	}
}

// TestPageLabelNoteBeforeColon: a note in brackets between a label and its
// colon ("Tax ID (PAN):") still labels the value after the colon, and an
// identity code of capitals with four digits is a value for it.
func TestPageLabelNoteBeforeColon(t *testing.T) {
	for _, tc := range []struct {
		label, value []string
		cat          Category
	}{
		{[]string{"Employee", "Tax", "ID", "(PAN):"}, []string{"GHKLMS5678N"}, IDNum},
		{[]string{"Phone", "(mobile):"}, []string{"6305", "1108", "99"}, Phone},
		{[]string{"证件号码（护照）："}, []string{"EA1234567"}, IDNum},
	} {
		t.Run(strings.Join(tc.label, " "), func(t *testing.T) {
			p := at(20, 100, 18)
			label := p.words(tc.label...)
			p.x += 10
			value := p.words(tc.value...)
			fs := ofCategory(page(DefaultPolicy(), concat(label, value)), tc.cat)
			if !covered(union(value...), fs) {
				t.Errorf("%q not hidden:%s", tc.value, dump(fs))
			}
			if touched(union(label...), fs) {
				t.Errorf("label hidden:%s", dump(fs))
			}
		})
	}
}

// TestNoteAfter: a remark after a labelled value is cut off; a value that
// goes on, an extension, or another number after it is not.
func TestNoteAfter(t *testing.T) {
	for _, tc := range []struct {
		cat  Category
		v    string
		want string
	}{
		{Phone, "555-555-5555 (Might trigger lazy credit card regex)", "555-555-5555"},
		{Phone, "+44 20 7946 0958 Mobile", "+44 20 7946 0958"},
		{Phone, "+44 20 7946 0958 ext 12", "+44 20 7946 0958 ext 12"},
		{Phone, "+44 20 7946 0958 x12", "+44 20 7946 0958 x12"},
		{Phone, "07-8263254 Fax: 07-8266888", "07-8263254 Fax: 07-8266888"},
		{Phone, "138 0013 8000（已验证）", "138 0013 8000（已验证）"},
		{Phone, "138 0013 8000 （已验证）", "138 0013 8000"},
		{IDNum, "S1234567D (verified)", "S1234567D"},
		{IDNum, "H016291(6)", "H016291(6)"},
		{Address, "12 Lake View (home)", "12 Lake View (home)"},
	} {
		got := tc.v
		if k := noteAfter(tc.cat, tc.v); k > 0 {
			got = tc.v[:k]
		}
		if got != tc.want {
			t.Errorf("noteAfter(%s, %q): value %q, want %q", tc.cat, tc.v, got, tc.want)
		}
	}
}

// TestPageIDAfterLabel: identity numbers of many countries after their
// label are hidden whatever their check digits say (OCR misreads one, test
// data uses invalid ones), and so is an IBAN printed in groups of four.
func TestPageIDAfterLabel(t *testing.T) {
	for _, tc := range []struct {
		label, value []string
		cat          Category
	}{
		{[]string{"Aadhaar"}, []string{"1234", "5678", "9012"}, IDNum},
		{[]string{"CPF"}, []string{"123.456.789-09"}, IDNum},
		{[]string{"DNI:"}, []string{"12345678Z"}, IDNum},
		{[]string{"PESEL"}, []string{"44051401358"}, IDNum},
		{[]string{"Social", "insurance", "number"}, []string{"046", "454", "287"}, IDNum},
		{[]string{"IBAN"}, []string{"DE89", "3704", "0044", "0532", "0130", "01"}, Account},
	} {
		t.Run(strings.Join(tc.label, " "), func(t *testing.T) {
			p := at(20, 100, 18)
			label := p.words(tc.label...)
			p.x += 40
			value := p.words(tc.value...)
			fs := page(DefaultPolicy(), concat(label, value))
			if !covered(union(value...), ofCategory(fs, tc.cat)) {
				t.Errorf("%q not hidden as %s:%s", tc.value, tc.cat, dump(fs))
			}
			if touched(union(label...), fs) {
				t.Errorf("label hidden:%s", dump(fs))
			}
		})
	}
}

// TestPageRemarkAfterMidLabel: a label inside a line ("- Phone Number:
// …") takes the value to its right, not the remark after it.
func TestPageRemarkAfterMidLabel(t *testing.T) {
	p := at(20, 100, 18)
	lead := p.words("-", "Phone", "Number:")
	p.x += 6
	phone := p.words("555-555-5555")
	p.x += 6
	remark := p.words("(Not", "a", "Credit", "Card)")
	fs := ofCategory(page(DefaultPolicy(), concat(lead, phone, remark)), Phone)
	if !covered(union(phone...), fs) {
		t.Errorf("phone not hidden:%s", dump(fs))
	}
	if touched(union(remark...), fs) || touched(union(lead...), fs) {
		t.Errorf("label or remark hidden:%s", dump(fs))
	}
}
