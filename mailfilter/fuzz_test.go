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
		checkProperty(t, in)
	})
}

// FuzzFilterPart fuzzes one part of a well-formed message (its header
// fields and body), to reach deeper than random bytes do.
func FuzzFilterPart(f *testing.F) {
	png := string(base64Lines(onePixelPNG, "\r\n"))
	f.Add("image/png; name=a.png", "base64", "inline", "<a@b>", png)
	f.Add("application/octet-stream", "base64", "attachment; filename*=UTF-8''%E6%88%AA.png", "", png)
	f.Add("text/html; charset=utf-8", "quoted-printable", "", "", "<img src=3D\"data:image/png;base64,"+png+"\">")
	f.Add("message/rfc822", "7bit", "", "", "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"+png)
	f.Add("text/plain; charset=gb2312", "base64", "", "", "x+uw0b/uzcu1vSB6aGFuZy5zYW5AZXhhbXBsZS5jb20=")
	f.Add("multipart/related; boundary=in", "", "", "", "--in\r\nContent-Type: image/gif\r\n\r\nGIF89a\r\n--in--")
	f.Fuzz(func(t *testing.T, ctype, cte, disp, cid, body string) {
		var b strings.Builder
		b.WriteString("From: a@example.com\r\nSubject: fuzz\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n")
		b.WriteString("--outer\r\nContent-Type: text/plain\r\n\r\nhello bob@example.com\r\n--outer\r\n")
		for _, kv := range [][2]string{{"Content-Type", ctype}, {"Content-Transfer-Encoding", cte}, {"Content-Disposition", disp}, {"Content-ID", cid}} {
			if kv[1] != "" {
				b.WriteString(kv[0] + ": " + kv[1] + "\r\n")
			}
		}
		b.WriteString("\r\n" + body + "\r\n--outer--\r\n")
		checkProperty(t, []byte(b.String()))
	})
}

// redactedMark is what the fuzz targets' redactor returns: an image that
// no seed contains.
var redactedMark = append([]byte("GIF89a"), "redacted by the fuzz redactor"...)

// checkProperty runs Filter over in and checks that it either fails and
// writes nothing, or writes a message that go-message parses and in which
// every image (by type, file name, content or data: URI) is one the
// redactor produced.
func checkProperty(t *testing.T, in []byte) {
	t.Helper()
	redact := func(ctx context.Context, img Image) (Redacted, error) {
		return Redacted{Data: redactedMark, ContentType: "image/png"}, nil
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
		if bytes.Equal(l.body, redactedMark) {
			continue
		}
		if sniffImage(l.body) != "" || strings.HasPrefix(l.mediaType, "image/") || isImageName(l.filename) {
			t.Fatalf("part %s (%s %q) is an image that was not redacted", l.path, l.mediaType, l.filename)
		}
		if l.mediaType == "text/html" {
			for _, m := range dataURIRE.FindAllSubmatch(l.body, -1) {
				if data, err := decodeTransfer(m[3], "base64"); err != nil || !bytes.Equal(data, redactedMark) {
					t.Fatalf("part %s: data: URI image not redacted", l.path)
				}
			}
		}
	}
}
