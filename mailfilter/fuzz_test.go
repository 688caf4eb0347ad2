package mailfilter

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFilter checks, for any input, that Filter either fails and writes
// nothing, or writes a message that go-message parses and in which every
// image (by type, file name, content or data: URI) is one the redactor
// produced.
func FuzzFilter(f *testing.F) {
	for _, pattern := range []string{"testdata/enmime/*.raw", "testdata/*.eml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		calls := 0
		redact := func(ctx context.Context, img Image) (Redacted, error) {
			calls++
			return Redacted{Data: onePixelPNG, ContentType: "image/png"}, nil
		}
		b := &fakeBundle{}
		opts := Options{RedactImage: redact, Bundle: b.Bundle, FindSensitive: fakeFind, RedactBody: true}
		var out bytes.Buffer
		_, err := Filter(context.Background(), bytes.NewReader(in), &out, opts)
		if err != nil {
			if out.Len() != 0 {
				t.Fatalf("Filter failed (%v) but wrote %d bytes", err, out.Len())
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		_, msg := cutMboxFrom(out.Bytes()) // kept as it came
		ls, err := parseLeaves(msg)
		if err != nil {
			t.Fatalf("output does not parse: %v\n%q", err, truncate(out.String(), 2000))
		}
		for _, l := range ls {
			if bytes.Equal(l.body, onePixelPNG) {
				continue
			}
			if sniffImage(l.body) != "" || strings.HasPrefix(l.mediaType, "image/") || isImageName(l.filename) {
				t.Fatalf("part %s (%s %q) is an image that was not redacted", l.path, l.mediaType, l.filename)
			}
			if l.mediaType == "text/html" {
				for _, m := range dataURIRE.FindAllSubmatch(l.body, -1) {
					if data, err := decodeTransfer(m[3], "base64"); err != nil || !bytes.Equal(data, onePixelPNG) {
						t.Fatalf("part %s: data: URI image not redacted", l.path)
					}
				}
			}
		}
	})
}
