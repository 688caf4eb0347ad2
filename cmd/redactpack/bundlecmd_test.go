package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

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
