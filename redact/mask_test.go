package redact

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct {
		cat         Category
		value, want string
	}{
		{Email, "li.wei88@gmail.com", "li****@gmail.com"},
		{Email, "3327620878@qq.com", "33****@qq.com"},
		{Email, "a@b.co", "***@b.co"},
		{Email, "ab@x.com", "***@x.com"},
		{Email, "name@icloudcom", "****@icloudcom"},
		{Email, "namegmail.com", "na****"}, // OCR lost the "@"
		{Phone, "+86 150 3060 0274", "+86****0274"},
		{Phone, "13775785309", "137****5309"},
		{Phone, "(212) 555-0177", "****77"},
		{Phone, "7946 0778", "****78"},
		{Card, "4111 1111 1111 1111", "411****1111"},
		{Card, "3782 822463 10005", "378****0005"},
		{Wallet, ethAddr, "0x47****CC94"},
		{TxID, txHash, "6851****2511"},
		{Seed, "abandon ability able about", "***"},
		{Balance, "≈ $34,549.10", "≈ $**,***.**"},
		{Balance, "6 739,19 €", "* ***,** €"},
		{Ticket, "#12345678", "#1****78"}, // masked like the rest: the strict policy hides tickets
		{Name, "Li Wei", "L****i"},
		{Name, " Li Wei \n", "L****i"},
		{Name, "王小明", "***"},
		{Name, "Al", "***"},
		{IDNum, "110101199003074514", "1****4"},
		{Address, "北京市朝阳区建国路88号", "北****号"},
		{Account, "956242693", "9****3"},
		{Deny, "cryptofan", "c****n"},
	} {
		if got := Mask(tc.cat, tc.value); got != tc.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tc.cat, tc.value, got, tc.want)
		}
	}
}

// TestMaskProperty: a masked form never holds the whole value (of 8
// characters or more) and always has a star, for every category that can
// be hidden, over values of random characters.
func TestMaskProperty(t *testing.T) {
	// No "*" in values: a value that is a star already is not what
	// this checks.
	alphabet := []rune("abcXYZ0123456789 .@+-_,#$€¥≈号室王李")
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		n := 8 + rng.IntN(40)
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return strings.TrimSpace(string(r))
	}
	cats := append(Categories(), Deny)
	for _, c := range cats {
		t.Run(string(c), func(t *testing.T) {
			switch c {
			}
			for i := 0; i < 3000; i++ {
				v := gen()
				if utf8.RuneCountInString(v) < 8 {
					continue
				}
				if c == Email && strings.IndexAny(v, "@＠") == 0 {
					// No local part: the "value" is a domain, kept
					// on purpose.
					continue
				}
				if c == Balance && digits(v) == "" {
					continue // see "balance without digits" below
				}
				m := Mask(c, v)
				if strings.Contains(m, v) || !strings.Contains(m, "*") {
					t.Fatalf("Mask(%s, %q) = %q", c, v, m)
				}
			}
		})
	}
	// Balance masks digits only: a value after a user's balance label
	// need not have any.
	if m := Mask(Balance, "one thousand dollars"); !strings.Contains(m, "*") {
		t.Run("balance without digits", func(t *testing.T) {
			t.Error("Mask(Balance, v) for a value without digits (from a balance label) is v itself: " + m)
		})
	}
}

func TestMaskText(t *testing.T) {
	p := DefaultPolicy()
	in := "Call +86 150 3060 0274 or mail li.wei88@gmail.com about ticket #12345678 of 2024-05-18; send 0.5 BTC to " + ethAddr + "."
	out, found := p.MaskText(in)
	want := "Call +86****0274 or mail li****@gmail.com about ticket #12345678 of 2024-05-18; send *.* BTC to 0x47****CC94."
	if out != want {
		t.Errorf("MaskText\n got %q\nwant %q", out, want)
	}
	wantFound := []string{"phone +86****0274", "email li****@gmail.com", "balance *.* BTC", "wallet 0x47****CC94"}
	if !slices.Equal(found, wantFound) {
		t.Errorf("found %q, want %q", found, wantFound)
	}
	// A kept category is left alone; the same text under strict is not.
	strict := mustPreset(t, "strict")
	out, _ = strict.MaskText("TxID " + txHash)
	if out != "TxID 6851****2511" {
		t.Errorf("strict MaskText = %q", out)
	}
	if out, found := p.MaskText("nothing to see, 2024-05-18 10:42"); out != "nothing to see, 2024-05-18 10:42" || len(found) != 0 {
		t.Errorf("MaskText changed plain text: %q %q", out, found)
	}
	// Below the policy's threshold: left as is.
	q := DefaultPolicy()
	q.MinConfidence = 0.99
	if out, _ := q.MaskText("li.wei88@gmail.com"); out != "li.wei88@gmail.com" {
		t.Errorf("MaskText ignored the threshold: %q", out)
	}
}

// FuzzMaskText: no e-mail address or phone number the detectors find in a
// text is left in MaskText's output.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{
		"Call +86 150 3060 0274 or mail li.wei88@gmail.com",
		"li.wei88@gmail.com, alex@outlook.com",
		"(212) 555-0177 / +44 20 7946 0348 / 13775785309",
		"邮箱：3327620878@qq.com 手机13775785309",
		"em***@163.com 138****8000",
		"name@icloudcom namegmail.com",
		"2024-05-18 10:42 +1 415 555 0151",
	} {
		f.Add(s)
	}
	p := DefaultPolicy()
	d := p.detectors()
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := p.MaskText(s)
		for _, m := range detectText(s, d) {
			if m.cat != Email && m.cat != Phone || m.conf < p.MinConfidence {
				continue
			}
			if v := s[m.start:m.end]; strings.Contains(out, v) {
				t.Fatalf("MaskText(%q) = %q still holds %s %q", s, out, m.cat, v)
			}
		}
	})
}

// TestMaskTextPageDetectors: free text goes through the page detectors too:
// a name after its label, a seed phrase over two lines, a Chinese deny-list
// term, and no mask keeps part of the value after it.
func TestMaskTextPageDetectors(t *testing.T) {
	p := DefaultPolicy()
	p.Deny = []string{"张敏"}
	for _, tc := range []struct {
		in      string
		gone    []string // must not survive
		stays   []string // must survive
		finding string   // a category that must be reported
	}{
		{"Name: Li Wei, card 4111 1111 1111 1111", []string{"Li Wei", "4111 1111"}, []string{"Name:"}, "name"},
		{"My seed:\nabandon ability able about above absent\nabsorb abstract absurd abuse access accident", []string{"abandon", "accident", "absurd"}, []string{"My seed:"}, "seed"},
		{"我是张敏，账户有问题", []string{"张敏"}, []string{"账户有问题"}, "deny"},
		{"邮箱：3327620878@qq.com 手机13775785309", []string{"3327620878", "13775785309", "775785"}, []string{"邮箱："}, "phone"},
	} {
		out, found := p.MaskText(tc.in)
		for _, g := range tc.gone {
			if strings.Contains(out, g) {
				t.Errorf("MaskText(%q) = %q still holds %q", tc.in, out, g)
			}
		}
		for _, k := range tc.stays {
			if !strings.Contains(out, k) {
				t.Errorf("MaskText(%q) = %q lost %q", tc.in, out, k)
			}
		}
		if !slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, tc.finding+" ") }) {
			t.Errorf("MaskText(%q) found %q, want a %s", tc.in, found, tc.finding)
		}
	}
}

// A Masker masks as MaskText does, and keeps the policy it was made from.
func TestMasker(t *testing.T) {
	p := DefaultPolicy()
	m := p.Masker()
	for _, s := range []string{
		"Screenshot_20261124-103215.png",
		"li.wei88@gmail.com shot.png",
		"Call me on +44 20 7946 0348 about ticket #56455721",
		"Name: Li Wei, card 4111 1111 1111 1111",
	} {
		want, wantFound := p.MaskText(s)
		got, found := m.MaskText(s)
		if got != want || strings.Join(found, "|") != strings.Join(wantFound, "|") {
			t.Errorf("Masker(%q) = %q %v, MaskText %q %v", s, got, found, want, wantFound)
		}
	}
	if err := p.Set(Phone, false); err != nil {
		t.Fatal(err)
	}
	if got := m.Mask("+44 20 7946 0348"); got == "+44 20 7946 0348" {
		t.Error("a change to the policy after Masker reached it")
	}
}
