package bundle

import (
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func testFonts(t *testing.T) *fonts {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	f, err := newFonts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRuns(t *testing.T) {
	f := testFonts(t)
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"plain ASCII", "go:plain ASCII"},
		{"登录失败", "droid:登录失败"},
		{"SMS 验证码 not sent", "go:SMS |droid:验证码 |go:not sent"},
		{"全角（括号）and ，", "droid:全角（括号）|go:and |droid:，"},
		{"Ünïcödé — «ok» ×", "go:Ünïcödé — «ok» ×"},
		{"ひらがな カタカナ", "droid:ひらがな カタカナ"},
		// DroidSansFallbackFull has no Hangul: boxes, but still extractable.
		{"한국어", "go:한국어"},
	} {
		var parts []string
		for _, r := range f.runs(tc.in, false) {
			parts = append(parts, r.fam+":"+r.text)
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("runs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if f.cjk == nil {
		t.Error("CJK font not loaded although CJK text was set")
	}
}

func TestCJKFontLoadedOnlyWhenNeeded(t *testing.T) {
	f := testFonts(t)
	f.runs("Only Latin text, digits 0123 and punctuation — “quotes”.", false)
	if f.cjk != nil {
		t.Error("CJK font loaded for Latin text")
	}
}

func TestClean(t *testing.T) {
	if got, want := clean("a\tb\x00c😀d\u200be\nf"), "a bc\uFFFDde\nf"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
}

func TestWrap(t *testing.T) {
	f := testFonts(t)
	st := style{size: 10}
	const w = 60.0
	in := "支持 English words 和中文混排，包括很长的TxID 9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716051f2e3d4c5b6a798877 以及标点。" +
		"Then a normal English sentence that is long enough to wrap at least once or twice."
	lines := f.wrap(in, w, st)
	if len(lines) < 5 {
		t.Fatalf("%d lines, want at least 5: %q", len(lines), lines)
	}
	for i, l := range lines {
		lw := f.width(l, st)
		r := []rune(l)
		hang := 0.0
		if len(r) > 0 && strings.ContainsRune(noStart, r[len(r)-1]) {
			hang = f.width(string(r[len(r)-1]), st)
		}
		if lw > w+hang+0.01 {
			t.Errorf("line %d %q is %.1f mm wide, limit %.1f", i, l, lw, w)
		}
		if len(r) > 0 && strings.ContainsRune("，。、；：！？）", r[0]) {
			t.Errorf("line %d %q starts with closing punctuation", i, l)
		}
		if l != strings.TrimSpace(l) {
			t.Errorf("line %d %q has spaces at an end", i, l)
		}
	}
	squeeze := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	if got := squeeze(strings.Join(lines, "")); got != squeeze(in) {
		t.Errorf("wrapping lost text:\n got %q\nwant %q", got, squeeze(in))
	}
	// English words are not broken; only the over-long TxID is.
	for _, word := range strings.Fields("English words normal sentence enough least twice.") {
		found := false
		for _, l := range lines {
			found = found || strings.Contains(l, word)
		}
		if !found {
			t.Errorf("word %q was broken across lines: %q", word, lines)
		}
	}
	// Hard line breaks are kept, and an empty line stays a line.
	if got := f.wrap("a\n\nb", w, st); len(got) != 3 || got[1] != "" {
		t.Errorf("wrap(\"a\\n\\nb\") = %q", got)
	}
}

func TestFit(t *testing.T) {
	f := testFonts(t)
	st := style{size: 10}
	long := strings.Repeat("screenshot-", 20) + ".png"
	got := f.fit(long, 50, st)
	if !strings.HasSuffix(got, "…") || f.width(got, st) > 50 {
		t.Errorf("fit = %q (%.1f mm)", got, f.width(got, st))
	}
	if got := f.fit("short.png", 50, st); got != "short.png" {
		t.Errorf("fit shortened a name that fits: %q", got)
	}
}
