package mailfilter

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// fixtures are the messages in testdata made by mkfixtures.py in the formats
// of common mail clients, and what Filter must do with each.
var fixtures = []struct {
	file     string
	err      error    // nil: filtered
	errText  string   // in the error
	names    []string // decoded file names of the images, in order
	cids     []string // their Content-IDs
	subject  string   // given to Bundle
	body     string   // in the body given to Bundle
	findings int      // distinct sensitive values (fakeFind)
}{
	{
		file:     "thunderbird.eml",
		names:    []string{"paste.png", "截图.png"},
		cids:     []string{"part1.Xq3dE2bT.Mn5Ck7Ls@example.com", ""},
		subject:  "提现失败 - withdrawal failed",
		body:     "你好，提现失败了。\nReach me at li***@example.com.",
		findings: 1,
	},
	{
		file:     "apple-mail.eml",
		names:    []string{"IMG_0042.jpeg"},
		cids:     []string{"8D1F0A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B"},
		subject:  "Konto gesperrt",
		body:     "Mein Konto ist gesperrt, siehe Bild. Grüße\nan***@example.com",
		findings: 1,
	},
	{
		file:     "outlook.eml",
		names:    []string{"image001.png", "截图1.png"},
		cids:     []string{"image001.png@01D98A2B.1C2D3E40", ""},
		subject:  "Réclamation dépôt",
		body:     "mon dépôt n'est pas arrivé. Écrivez à zh***@example.com.",
		findings: 1,
	},
	{
		file:     "python-email.eml",
		names:    []string{"screen1.png", "余额截图.png"},
		cids:     []string{"screen1@example.com", ""},
		subject:  "截图: 余额不对",
		body:     "余额不对，请看截图。\nwa***@example.com",
		findings: 1,
	},
	{
		file:     "forwarded.eml",
		names:    []string{"transfer.png"},
		cids:     []string{""},
		subject:  "Fwd: failed transfer",
		body:     "See the forwarded customer mail below.",
		findings: 0,
	},
	{
		file:    "disguised.eml",
		names:   []string{"", "photo.jpg", ""},
		cids:    []string{"", "", ""},
		subject: "disguised images",
		body:    "Three images that do not say so.",
	},
	{
		file:    "data-uri.eml",
		names:   []string{"inline-1.png"},
		cids:    []string{""},
		subject: "pasted",
		body:    "Pasted:",
	},
	{file: "signed-image.eml", err: ErrSigned, errText: "signed message: cannot modify without breaking the signature: part 1.2 (image/png \"s.png\") is an image"},
	{file: "pgp-encrypted.eml", err: ErrEncrypted, errText: "encrypted message: multipart/encrypted content cannot be inspected for images"},
}

func TestFixtures(t *testing.T) {
	for _, tt := range fixtures {
		t.Run(strings.TrimSuffix(tt.file, ".eml"), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			r := &fakeRedactor{}
			b := &fakeBundle{}
			var warnings []string
			opts := Options{
				RedactImage:   r.Redact,
				Bundle:        b.Bundle,
				FindSensitive: fakeFind,
				RedactBody:    true,
				Warn:          func(s string) { warnings = append(warnings, s) },
			}
			out, sum, err := filter(t, in, opts)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error = %v, want %q", err, tt.errText)
				}
				if len(r.calls) != 0 {
					t.Errorf("%d images redacted before refusing", len(r.calls))
				}
				return
			}
			if err != nil {
				t.Fatalf("Filter: %v", err)
			}
			var names, cids []string
			for _, c := range r.calls {
				names = append(names, c.Name)
				cids = append(cids, c.ContentID)
			}
			if !slices.Equal(names, tt.names) || !slices.Equal(cids, tt.cids) {
				t.Errorf("images %q %q, want %q %q", names, cids, tt.names, tt.cids)
			}
			if sum.Images != len(tt.names) || !sum.PDF || sum.Hidden["email"] != len(tt.names) {
				t.Errorf("summary %+v", sum)
			}
			if sum.BodyFindings != tt.findings || len(warnings) != tt.findings {
				t.Errorf("BodyFindings = %d, warnings %q, want %d", sum.BodyFindings, warnings, tt.findings)
			}
			if b.subject != tt.subject || !strings.Contains(b.body, tt.body) {
				t.Errorf("bundle got subject %q body %q, want %q and %q", b.subject, b.body, tt.subject, tt.body)
			}
			if len(b.images) != len(tt.names) {
				t.Errorf("bundle got %d images", len(b.images))
			}
			for i, img := range b.images {
				if !r.produced(img.Data) || img.Name != tt.names[i] {
					t.Errorf("bundle image %d (%q) is not the redacted one", i, img.Name)
				}
			}
			if n := checkFiltered(t, in, out, r, true, true); n != len(tt.names) {
				t.Errorf("%d images replaced in the output, want %d", n, len(tt.names))
			}
			if crlf := bytes.Contains(in, []byte("\r\n")); crlf != bytes.Contains(out, []byte("\r\n")) ||
				crlf && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Errorf("line ends of the output do not follow the input's (CRLF: %v)", crlf)
			}
		})
	}
}

// goldenRedactor returns the same tiny PNG for every image, so that golden
// outputs do not depend on Go's image encoders.
func goldenRedactor(ctx context.Context, img Image) (Redacted, error) {
	return Redacted{Data: onePixelPNG, ContentType: "image/png", Hidden: map[string]int{"email": 1}}, nil
}

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" +
	"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")

// TestGolden compares the filtered fixtures with testdata/*.golden (go test
// -update rewrites them) and checks that filtering is deterministic.
func TestGolden(t *testing.T) {
	for _, tt := range fixtures {
		if tt.err != nil {
			continue
		}
		name := strings.TrimSuffix(tt.file, ".eml")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			b := &fakeBundle{}
			opts := Options{RedactImage: goldenRedactor, Bundle: b.Bundle, FindSensitive: fakeFind, RedactBody: true}
			out, _, err := filter(t, in, opts)
			if err != nil {
				t.Fatal(err)
			}
			again, _, err := filter(t, in, opts)
			if err != nil || !bytes.Equal(out, again) {
				t.Errorf("second run differs (%v)", err)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (go test -update to rewrite it):\n%s", golden, firstDiff(out, want))
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\n")
	w := strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got " + truncate(gl, 200) + "\nwant " + truncate(wl, 200)
		}
	}
	return ""
}
