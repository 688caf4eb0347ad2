package bundle

import (
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"20MB", 20 << 20},
		{"20mb", 20 << 20},
		{"5M", 5 << 20},
		{"5MiB", 5 << 20},
		{"800K", 800 << 10},
		{"1.5MB", 3 << 19},
		{"1G", 1 << 30},
		{"123456", 123456},
		{"100B", 100},
		{" 2 MB ", 2 << 20},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "MB", "lots", "-5M", "0", "20XB", "2T"} {
		if got, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", bad, got)
		}
	}
}

func TestParseZone(t *testing.T) {
	tests := []struct {
		in     string
		offset int // seconds east of UTC, at the reference time
	}{
		{"UTC", 0},
		{"+08:00", 8 * 3600},
		{"+0800", 8 * 3600},
		{"UTC+8", 8 * 3600},
		{"GMT-5", -5 * 3600},
		{"-05:30", -(5*3600 + 1800)},
		{"Asia/Shanghai", 8 * 3600},
		{"Europe/London", 0}, // in January
	}
	ref := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		loc, err := ParseZone(tt.in)
		if err != nil {
			t.Errorf("ParseZone(%q): %v", tt.in, err)
			continue
		}
		if _, off := ref.In(loc).Zone(); off != tt.offset {
			t.Errorf("ParseZone(%q): offset %d, want %d", tt.in, off, tt.offset)
		}
	}
	if loc, _ := ParseZone("local"); loc != time.Local {
		t.Error(`ParseZone("local") is not time.Local`)
	}
	for _, bad := range []string{"Mars/Olympus", "+25:00", "UTC+8:75", "+123456"} {
		if _, err := ParseZone(bad); err == nil {
			t.Errorf("ParseZone(%q): no error", bad)
		}
	}
}

func TestStatementLang(t *testing.T) {
	tests := []struct {
		st   Statement
		want string
	}{
		{Statement{Problem: "I cannot log in since 10:30."}, "en"},
		{Statement{Problem: "从上午十点半起收不到短信验证码。"}, "zh"},
		{Statement{Problem: "提现一直没有到账，TxID 68513c1d98433d0dedf061ab2be6b82344f713ea8b87493839f7822bac292511"}, "zh"},
		{Statement{Problem: "My account 李伟 cannot withdraw to my bank card since Monday."}, "en"},
		{Statement{}, "en"},
	}
	for _, tt := range tests {
		if got := StatementLang(tt.st, ""); got != tt.want {
			t.Errorf("StatementLang(%q) = %s, want %s", tt.st.Problem, got, tt.want)
		}
	}
}
