package mailfilter

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPeerMessages runs Filter over real-world messages (testdata/enmime,
// from the project's peer material): each is either filtered into a
// well-formed message that keeps every non-image part, or refused cleanly.
func TestPeerMessages(t *testing.T) {
	tests := []struct {
		file    string
		images  int
		err     error  // nil: must be filtered
		errText string // in the error
	}{
		{"low-quality-bad-final-boundary.raw", 0, ErrMalformed, `without closing boundary "--Enmime-Test-100--"`},
		{"low-quality-incorrect-charset.raw", 0, nil, ""},
		{"low-quality-malformed-base64-attach.raw", 0, nil, ""},
		{"low-quality-missing-content-type.raw", 0, nil, ""},
		{"mail-attachment-only-inline-quoted-printable.raw", 0, nil, ""},
		{"mail-attachment.raw", 0, nil, ""},
		{"mail-html-only-inline.raw", 1, nil, ""},
		{"mail-inlinemultipart.raw", 0, nil, ""}, // with test.pdf
		{"mail-mime-alternative.raw", 0, nil, ""},
		{"mail-mime-bad-8bit-filename.raw", 0, nil, ""},
		{"mail-mime-mixed-related.raw", 0, nil, ""},
		{"mail-mime-signed.raw", 0, nil, ""}, // signed, but no image in it
		{"mail-multipart-wo-boundary.raw", 0, ErrMalformed, "multipart boundary not found"},
		{"mail-non-mime-html.raw", 0, nil, ""},
		{"mail-qp-utf8-header.raw", 0, nil, ""},
		{"parts-badboundary.raw", 0, ErrMalformed, "without closing boundary"},
		{"parts-chardet-success-big-5.raw", 0, nil, ""},
		{"parts-multimixed-no-closing-boundary.raw", 0, ErrMalformed, "without closing boundary"},
	}
	files, _ := filepath.Glob("testdata/enmime/*.raw")
	if len(files) != len(tests) {
		t.Errorf("%d files in testdata/enmime, %d in the table", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".raw"), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata/enmime", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, withBundle := range []bool{false, true} {
				r := &fakeRedactor{}
				b := &fakeBundle{}
				c := &fakeCheckPDF{}
				opts := Options{RedactImage: r.Redact, FindSensitive: fakeFind, RedactBody: true, CheckPDF: c.Check, Jobs: 2}
				if withBundle {
					opts.Bundle = b.Bundle
				}
				out, sum, err := filter(t, in, opts)
				if tt.err != nil {
					if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.errText) {
						t.Fatalf("error = %v, want %v with %q", err, tt.err, tt.errText)
					}
					if strings.ContainsAny(err.Error(), "\r\n") {
						t.Errorf("error is not one line: %q", err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Filter: %v", err)
				}
				if sum.Images != tt.images || len(r.calls) != tt.images {
					t.Errorf("Images = %d, redactor calls = %d, want %d", sum.Images, len(r.calls), tt.images)
				}
				if wantPDFs := strings.Count(string(in), "Content-Type: application/pdf"); sum.PDFs != wantPDFs || len(c.names) != wantPDFs {
					t.Errorf("%d PDFs checked, want %d", sum.PDFs, wantPDFs)
				}
				wantPDF := withBundle && tt.images > 0
				if sum.PDF != wantPDF {
					t.Errorf("PDF = %v, want %v", sum.PDF, wantPDF)
				}
				if tt.images == 0 && !bytes.Equal(out, in) {
					t.Errorf("message without images changed")
				}
				checkFiltered(t, in, out, r, wantPDF, true)
			}
		})
	}
}
