package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"redactpack/bundle"
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
		got, err := parseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "MB", "lots", "-5M", "0", "20XB", "2T"} {
		if got, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", bad, got)
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
		loc, err := parseZone(tt.in)
		if err != nil {
			t.Errorf("parseZone(%q): %v", tt.in, err)
			continue
		}
		if _, off := ref.In(loc).Zone(); off != tt.offset {
			t.Errorf("parseZone(%q): offset %d, want %d", tt.in, off, tt.offset)
		}
	}
	if loc, _ := parseZone("local"); loc != time.Local {
		t.Error(`parseZone("local") is not time.Local`)
	}
	for _, bad := range []string{"Mars/Olympus", "+25:00", "UTC+8:75", "+123456"} {
		if _, err := parseZone(bad); err == nil {
			t.Errorf("parseZone(%q): no error", bad)
		}
	}
}

func TestStatementLang(t *testing.T) {
	tests := []struct {
		st   bundle.Statement
		want string
	}{
		{bundle.Statement{Problem: "I cannot log in since 10:30."}, "en"},
		{bundle.Statement{Problem: "从上午十点半起收不到短信验证码。"}, "zh"},
		{bundle.Statement{Problem: "提现一直没有到账，TxID 68513c1d98433d0dedf061ab2be6b82344f713ea8b87493839f7822bac292511"}, "zh"},
		{bundle.Statement{Problem: "My account 李伟 cannot withdraw to my bank card since Monday."}, "en"},
		{bundle.Statement{}, "en"},
	}
	for _, tt := range tests {
		if got := statementLang(tt.st, ""); got != tt.want {
			t.Errorf("statementLang(%q) = %s, want %s", tt.st.Problem, got, tt.want)
		}
	}
}

func TestFindSideFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.png", "Statement.MD", "timeline.txt", "shots/b.png", "shots/statement.txt", "shots/timeline.txt", "shots/deep/timeline.txt"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, nil, 0o644)
	}
	at := func(s string) string { return filepath.Join(dir, s) }

	s := findSideFiles([]string{at("a.png"), at("Statement.MD"), at("shots")}, true, true)
	want := sideFiles{
		statement: at("Statement.MD"),
		timeline:  at("shots/timeline.txt"),
		args:      []string{at("a.png"), at("shots")},
		picked:    []string{at("Statement.MD"), at("shots/statement.txt"), at("shots/timeline.txt")},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
	if !s.pickedNote(`skipping "` + at("shots/statement.txt") + `": not an image`) {
		t.Error("the note about a picked statement is not recognised")
	}

	// With --statement and --timeline given, nothing is picked, and the
	// files are arguments like any other.
	s = findSideFiles([]string{at("a.png"), at("timeline.txt")}, false, false)
	if s.statement != "" || s.timeline != "" || len(s.args) != 2 {
		t.Errorf("with flags: %+v", s)
	}
}

func TestIsDrop(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	os.WriteFile(shot, nil, 0o644)
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{shot}, true},
		{[]string{dir}, true},
		{[]string{"--no-open", shot}, true},
		{[]string{"--ticket", "SR-1", shot}, true},
		{[]string{filepath.Join(dir, "missing.png")}, false},
		{[]string{"--frobnicate"}, false},
		{[]string{"--ticket", "SR-1"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := isDrop(tt.args); got != tt.want {
			t.Errorf("isDrop(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestEvidenceDirName(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 24, 10, 30, 5, 0, time.Local)
	first := evidenceDirName(dir, now)
	if filepath.Base(first) != "evidence-20261124-103005" {
		t.Fatalf("got %s", first)
	}
	os.Mkdir(first, 0o700)
	if second := evidenceDirName(dir, now); filepath.Base(second) != "evidence-20261124-103005-2" {
		t.Errorf("second drop in the same second: %s", second)
	}
	for _, name := range []string{filepath.Base(first), "evidence-20261124-103005-2"} {
		if !evidenceDirRE.MatchString(name) {
			t.Errorf("%s is not recognised as an evidence folder", name)
		}
	}
}
