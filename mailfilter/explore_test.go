package mailfilter

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExplore(t *testing.T) {
	files, _ := filepath.Glob("testdata/enmime/*.raw")
	for _, f := range files {
		in, _ := os.ReadFile(f)
		r := &fakeRedactor{}
		b := &fakeBundle{}
		out, sum, err := filter(t, in, Options{RedactImage: r.Redact, Bundle: b.Bundle, FindSensitive: fakeFind})
		t.Logf("%s: err=%v sum=%+v outlen=%d calls=%d", filepath.Base(f), err, sum, len(out), len(r.calls))
		if err == nil {
			if _, perr := parseLeaves(out); perr != nil {
				t.Logf("   reparse: %v", perr)
			}
		}
	}
}

func TestDump(t *testing.T) {
	in, _ := os.ReadFile(os.Getenv("DUMP"))
	r := &fakeRedactor{}
	b := &fakeBundle{}
	out, _, err := filter(t, in, Options{RedactImage: r.Redact, Bundle: b.Bundle, FindSensitive: fakeFind})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/out.eml", out, 0o644)
	t.Logf("subject=%q body=%q", b.subject, b.body)
}
