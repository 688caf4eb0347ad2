package mailfilter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPythonReadsOutput parses the filtered fixtures with Python's email
// package, a second MIME implementation: it must find the same parts as
// go-message, no defects, the redacted images and the PDF.
func TestPythonReadsOutput(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	for _, tt := range fixtures {
		if tt.err != nil {
			continue
		}
		t.Run(strings.TrimSuffix(tt.file, ".eml"), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			r := &fakeRedactor{}
			b := &fakeBundle{name: "证据.pdf"}
			out, _, err := filter(t, in, Options{RedactImage: r.Redact, Bundle: b.Bundle, FindSensitive: fakeFind, RedactBody: true})
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(python, filepath.Join("testdata", "parse.py"))
			cmd.Stdin = bytes.NewReader(out)
			cmd.Stderr = os.Stderr
			js, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Parts []struct {
					Type, Filename, CID, SHA256 string
					Defects                     []string
				}
				Defects []string
			}
			if err := json.Unmarshal(js, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Defects) > 0 {
				t.Errorf("message defects %v", got.Defects)
			}
			goLeaves := leaves(t, out)
			if len(got.Parts) != len(goLeaves) {
				t.Fatalf("python sees %d parts, go-message %d", len(got.Parts), len(goLeaves))
			}
			images := 0
			for i, p := range got.Parts {
				if len(p.Defects) > 0 {
					t.Errorf("part %d: defects %v", i, p.Defects)
				}
				for _, o := range r.outputs {
					sum := sha256.Sum256(o)
					if hex.EncodeToString(sum[:]) == p.SHA256 {
						images++
					}
				}
			}
			if want := len(tt.names); tt.file != "data-uri.eml" && images != want {
				t.Errorf("python finds %d redacted images, want %d", images, want)
			}
			last := got.Parts[len(got.Parts)-1]
			sum := sha256.Sum256(fakePDF)
			if last.Type != "application/pdf" || last.Filename != "证据.pdf" || last.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("last part %+v, want the PDF", last)
			}
		})
	}
}
