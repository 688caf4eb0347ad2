package mailfilter

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// buildMessage writes a message with go-message's writer, as a Go mail
// client would: mixed { alternative { text/plain (quoted-printable,
// UTF-8), related { text/html, inline PNG } }, JPEG attachment with a
// Chinese file name, PNG attached as application/octet-stream, PDF }.
func buildMessage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	var h mail.Header
	h.SetAddressList("From", []*mail.Address{{Name: "李伟", Address: "li.wei@example.com"}})
	h.SetAddressList("To", []*mail.Address{{Address: "support@exchange.example"}})
	h.SetSubject("余额 balance wrong")
	h.SetMessageID("built-1@example.com")
	h.SetContentType("multipart/mixed", nil)
	mw, err := message.CreateWriter(&buf, h.Header)
	if err != nil {
		t.Fatal(err)
	}
	part := func(w *message.Writer, contentType string, params map[string]string, set func(*message.Header)) *message.Writer {
		t.Helper()
		var ph message.Header
		ph.SetContentType(contentType, params)
		if set != nil {
			set(&ph)
		}
		pw, err := w.CreatePart(ph)
		if err != nil {
			t.Fatal(err)
		}
		return pw
	}
	write := func(w *message.Writer, b []byte) {
		t.Helper()
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	alt := part(mw, "multipart/alternative", nil, nil)
	plain := part(alt, "text/plain", map[string]string{"charset": "utf-8"}, func(h *message.Header) {
		h.Set("Content-Transfer-Encoding", "quoted-printable")
	})
	write(plain, []byte("Café: write to li.wei@example.com please.\r\n"))
	rel := part(alt, "multipart/related", nil, nil)
	html := part(rel, "text/html", map[string]string{"charset": "utf-8"}, nil)
	write(html, []byte(`<p>Write to li.wei@example.com</p><img src="cid:img1@example.com">`))
	inline := part(rel, "image/png", nil, func(h *message.Header) {
		h.Set("Content-Id", "<img1@example.com>")
		h.SetContentDisposition("inline", nil)
		h.Set("Content-Transfer-Encoding", "base64")
	})
	write(inline, smallPNG(t, 30, 20))
	if err := rel.Close(); err != nil {
		t.Fatal(err)
	}
	if err := alt.Close(); err != nil {
		t.Fatal(err)
	}
	attach := func(contentType, name string, data []byte) {
		t.Helper()
		var ah mail.AttachmentHeader
		ah.SetContentType(contentType, nil)
		ah.SetFilename(name)
		ah.Set("Content-Transfer-Encoding", "base64")
		w, err := mw.CreatePart(ah.Header)
		if err != nil {
			t.Fatal(err)
		}
		write(w, data)
	}
	attach("image/jpeg", "截图 1.jpg", smallJPEG(t, 40, 24))
	attach("application/octet-stream", "scan.PNG", smallPNG(t, 12, 34))
	attach("application/pdf", "invoice.pdf", fakePDF)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoMessageBuilt(t *testing.T) {
	in := buildMessage(t)
	r := &fakeRedactor{}
	b := &fakeBundle{}
	var warnings []string
	out, sum, err := filter(t, in, Options{
		RedactImage: r.Redact, Bundle: b.Bundle, FindSensitive: fakeFind, RedactBody: true,
		Warn: func(s string) { warnings = append(warnings, s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Image{
		{Name: "", ContentType: "image/png", ContentID: "img1@example.com"},
		{Name: "截图 1.jpg", ContentType: "image/jpeg"},
		{Name: "scan.PNG", ContentType: "image/png"}, // sniffed, declared octet-stream
	}
	if len(r.calls) != len(want) {
		t.Fatalf("%d images redacted, want %d", len(r.calls), len(want))
	}
	for i, w := range want {
		c := r.calls[i]
		if c.Name != w.Name || c.ContentType != w.ContentType || c.ContentID != w.ContentID {
			t.Errorf("image %d = %q %q %q, want %q %q %q", i, c.Name, c.ContentType, c.ContentID, w.Name, w.ContentType, w.ContentID)
		}
	}
	if n := checkFiltered(t, in, out, r, true, true); n != 3 {
		t.Errorf("%d images replaced", n)
	}
	if sum.Images != 3 || sum.Hidden["email"] != 3 || !sum.PDF || sum.BodyFindings != 1 {
		t.Errorf("summary %+v", sum)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "li***@example.com") || strings.Contains(warnings[0], "li.wei") {
		t.Errorf("warnings %q", warnings)
	}
	if b.subject != "余额 balance wrong" || b.body != "Café: write to li***@example.com please." {
		t.Errorf("bundle got %q %q", b.subject, b.body)
	}
	// The masked text keeps its charset and transfer encoding.
	for _, l := range leaves(t, out) {
		if l.mediaType == "text/plain" {
			if cs := l.header.Get("Content-Type"); !strings.Contains(cs, "utf-8") ||
				l.header.Get("Content-Transfer-Encoding") != "quoted-printable" {
				t.Errorf("text part is now %q, %q", cs, l.header.Get("Content-Transfer-Encoding"))
			}
		}
	}
	if bytes.Contains(out, []byte("li.wei@example.com please")) {
		t.Error("body not masked")
	}
}

// TestUntouchedBytes checks that what Filter does not change is written
// byte for byte: the header, the other parts, the preamble.
func TestUntouchedBytes(t *testing.T) {
	in, err := os.ReadFile("testdata/thunderbird.eml")
	if err != nil {
		t.Fatal(err)
	}
	r := &fakeRedactor{}
	b := &fakeBundle{}
	out, _, err := filter(t, in, Options{RedactImage: r.Redact, Bundle: b.Bundle})
	if err != nil {
		t.Fatal(err)
	}
	head := in[:bytes.Index(in, []byte("\r\n\r\n"))+4]
	if !bytes.HasPrefix(out, head) {
		t.Error("header block changed")
	}
	// Everything up to the first image's header and the text parts.
	upto := in[:bytes.Index(in, []byte("Content-Type: image/png"))]
	if !bytes.HasPrefix(out, upto) {
		t.Error("bytes before the first image changed")
	}
	// The image part keeps its header byte for byte.
	imgHead := "Content-Type: image/png; name=\"paste.png\"\r\nContent-Disposition: inline; filename=\"paste.png\"\r\n" +
		"Content-Id: <part1.Xq3dE2bT.Mn5Ck7Ls@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	if !bytes.Contains(out, []byte(imgHead)) {
		t.Error("image part header changed")
	}
	attHead := "Content-Type: image/png; name=\"=?UTF-8?B?5oiq5Zu+LnBuZw==?=\"\r\n" +
		"Content-Disposition: attachment; filename*=UTF-8''%E6%88%AA%E5%9B%BE.png\r\n"
	if !bytes.Contains(out, []byte(attHead)) {
		t.Error("attachment header changed")
	}
	// Without Bundle, a message without images is written unchanged.
	plain := []byte("From: a@example.com\nSubject: hi\n\nno images\n")
	out, _, err = filter(t, plain, Options{RedactImage: r.Redact})
	if err != nil || !bytes.Equal(out, plain) {
		t.Errorf("plain message changed: %q, %v", out, err)
	}
}

// TestRefused checks that malformed, encrypted and unsupported messages get
// a clear one-line error, nothing written and no redaction.
func TestRefused(t *testing.T) {
	png := "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
	mixed := func(parts ...string) string {
		return "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" +
			strings.Join(parts, "\r\n--b\r\n") + "\r\n--b--\r\n"
	}
	deep := "From: a@example.com\nContent-Type: multipart/mixed; boundary=b0\n\n"
	for i := 0; i < 40; i++ {
		deep += fmt.Sprintf("--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i+1)
	}
	deep += "--b40\n\nhi\n--b40--\n"
	for i := 39; i >= 0; i-- {
		deep += fmt.Sprintf("--b%d--\n", i)
	}
	tests := []struct {
		name, in string
		err      error
		text     string
	}{
		{"empty", "", ErrMalformed, "malformed message: empty input"},
		{"blank", " \r\n\r\n", ErrMalformed, "empty input"},
		{"not a message", "hello world\nthis is text\n", ErrMalformed, `malformed message: broken header line "hello world"`},
		// Raw bytes of the input are quoted, never echoed to a terminal.
		{"escape in a header line", "From: a@example.com\r\n\x1b[2J\x00wiped\r\n\r\nhi\r\n", ErrMalformed,
			`malformed message: broken header line "\x1b[2J\x00wiped"`},
		{"escape in a part's header", mixed("Content-Type: text/plain\r\n\x1b]0;title\x07\r\n\r\nhi"), ErrMalformed,
			`malformed message: part 1: broken header line "\x1b]0;title\a"`},
		{"escape in a file name", mixed("Content-Type: image/png; name=\"a\x1b[31m.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!"),
			ErrMalformed, `part 1 (image/png "a\x1b[31m.png"): cannot decode image`},
		// An error in an attached message names its part once.
		{"attached message", mixed("Content-Type: message/rfc822\r\n\r\nFrom: b@example.com\r\nContent-Type: multipart/mixed\r\n\r\nhi"),
			ErrMalformed, "malformed message: part 1: multipart boundary not found"},
		{"no header", "\r\nbody only\r\n", ErrMalformed, "no header fields"},
		{"no boundary", "From: a@example.com\nContent-Type: multipart/mixed\n\n--x\n\nhi\n--x--\n", ErrMalformed,
			"malformed message: multipart boundary not found"},
		{"boundary absent from body", "From: a@example.com\nContent-Type: multipart/mixed; boundary=zz\n\nhello\n", ErrMalformed,
			`multipart boundary "zz" not found`},
		{"no closing boundary", "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhi\n", ErrMalformed,
			"without closing boundary"},
		{"encoded multipart", "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n--b\n\nhi\n--b--\n",
			ErrMalformed, `multipart with Content-Transfer-Encoding "base64"`},
		{"unparsable multipart type", "From: a@example.com\nContent-Type: multipart/mixed boundary=b\n\n--b\n\nhi\n--b--\n",
			ErrMalformed, "cannot parse Content-Type"},
		{"two content types", "From: a@example.com\nContent-Type: text/plain\nContent-Type: image/png\n\nhi\n",
			ErrMalformed, "2 different Content-Type fields"},
		{"uuencode", mixed("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a.png\r\nend"),
			ErrMalformed, `part 1: unsupported Content-Transfer-Encoding "x-uuencode"`},
		{"undecodable image", mixed("Content-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!"),
			ErrMalformed, `part 1 (image/png "a.png"): cannot decode image`},
		{"partial", "From: a@example.com\nContent-Type: message/partial; id=x; number=1\n\nhi\n", ErrMalformed, "message/partial"},
		{"too deep", deep, ErrMalformed, "nested deeper than 32 levels"},
		{"non-base64 data URI", "From: a@example.com\nContent-Type: text/html\n\n<img src=\"data:image/svg+xml;utf8,<svg></svg>\">\n",
			nil, `message body (text/html): an image in a data: URI is not base64`},
		{"pgp", "From: a@example.com\nContent-Type: multipart/encrypted; boundary=b; protocol=\"application/pgp-encrypted\"\n\n--b\n\nx\n--b--\n",
			ErrEncrypted, "encrypted message: multipart/encrypted content cannot be inspected for images"},
		{"smime", mixed("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n\r\nxx"),
			ErrEncrypted, "encrypted message: part 1: S/MIME encrypted or opaque-signed content (application/pkcs7-mime)"},
		{"tnef", mixed("Content-Type: application/ms-tnef; name=winmail.dat\r\n\r\nxx"), ErrEncrypted, "winmail.dat"},
		{"signed image", "From: a@example.com\nContent-Type: multipart/signed; boundary=s; protocol=\"application/pgp-signature\"\n\n" +
			"--s\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n" + png + "\n--s\nContent-Type: application/pgp-signature\n\nsig\n--s--\n",
			ErrSigned, "signed message: cannot modify without breaking the signature: part 1 (image/png) is an image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &fakeRedactor{}
			b := &fakeBundle{}
			_, _, err := filter(t, []byte(tt.in), Options{RedactImage: r.Redact, Bundle: b.Bundle, FindSensitive: fakeFind})
			if err == nil {
				t.Fatal("no error")
			}
			if tt.err != nil && !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q, want %v with %q", err, tt.err, tt.text)
			}
			if strings.ContainsFunc(err.Error(), unicode.IsControl) {
				t.Errorf("error is not one line of text: %q", err)
			}
			if strings.Contains(err.Error(), "message: message") {
				t.Errorf("error repeats itself: %q", err)
			}
			if len(r.calls) != 0 && tt.name != "non-base64 data URI" {
				t.Errorf("%d images redacted", len(r.calls))
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	in := []byte("From: a@example.com\n\n" + strings.Repeat("x", 100))
	r := &fakeRedactor{}
	_, _, err := filter(t, in, Options{RedactImage: r.Redact, MaxSize: 50})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "larger than 50 bytes") {
		t.Errorf("error %v", err)
	}
}

// TestFailClosed checks that a failing redactor or bundle makes Filter
// fail without output.
func TestFailClosed(t *testing.T) {
	in, err := os.ReadFile("testdata/thunderbird.eml")
	if err != nil {
		t.Fatal(err)
	}
	ocrDown := errors.New("tesseract: exit status 1")
	r := &fakeRedactor{fail: ocrDown}
	_, _, err = filter(t, in, Options{RedactImage: r.Redact})
	if !errors.Is(err, ocrDown) || !strings.Contains(err.Error(), `part 1.2.2 (image/png "paste.png"): tesseract: exit status 1`) {
		t.Errorf("error %v", err)
	}

	r = &fakeRedactor{}
	_, _, err = filter(t, in, Options{RedactImage: r.Redact, Bundle: func(context.Context, Evidence) ([]byte, string, error) {
		return nil, "", errors.New("font missing")
	}})
	if err == nil || err.Error() != "cannot build the evidence bundle: font missing" {
		t.Errorf("error %v", err)
	}
	_, _, err = filter(t, in, Options{RedactImage: r.Redact, Bundle: func(context.Context, Evidence) ([]byte, string, error) {
		return []byte("<html>"), "x.pdf", nil
	}})
	if err == nil || !strings.Contains(err.Error(), "not a PDF") {
		t.Errorf("error %v", err)
	}
	empty := func(context.Context, Image) (Redacted, error) { return Redacted{}, nil }
	_, _, err = filter(t, in, Options{RedactImage: empty})
	if err == nil || !strings.Contains(err.Error(), "redaction returned no image") {
		t.Errorf("error %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	r = &fakeRedactor{}
	_, err = Filter(ctx, bytes.NewReader(in), &out, Options{RedactImage: r.Redact})
	if !errors.Is(err, context.Canceled) || out.Len() != 0 || len(r.calls) != 0 {
		t.Errorf("canceled: %v, %d bytes, %d calls", err, out.Len(), len(r.calls))
	}
}

func TestOptionsRequired(t *testing.T) {
	var out bytes.Buffer
	if _, err := Filter(context.Background(), strings.NewReader("From: a\n\nx"), &out, Options{}); err == nil {
		t.Error("no error without RedactImage")
	}
	r := &fakeRedactor{}
	if _, err := Filter(context.Background(), strings.NewReader("From: a\n\nx"), &out, Options{RedactImage: r.Redact, RedactBody: true}); err == nil {
		t.Error("no error for RedactBody without FindSensitive")
	}
	if out.Len() != 0 {
		t.Error("output written")
	}
}

// TestBundleOptional: without Bundle the images are replaced and nothing is
// added; without images Bundle is not called.
func TestBundleOptional(t *testing.T) {
	in, err := os.ReadFile("testdata/apple-mail.eml")
	if err != nil {
		t.Fatal(err)
	}
	r := &fakeRedactor{}
	out, sum, err := filter(t, in, Options{RedactImage: r.Redact})
	if err != nil {
		t.Fatal(err)
	}
	if sum.PDF || sum.Images != 1 {
		t.Errorf("summary %+v", sum)
	}
	checkFiltered(t, in, out, r, false, false)
	if !bytes.HasPrefix(out, in[:bytes.Index(in, []byte("\n\n"))]) {
		t.Error("header changed")
	}

	called := false
	bundle := func(context.Context, Evidence) ([]byte, string, error) {
		called = true
		return fakePDF, "e.pdf", nil
	}
	in = []byte("From: a@example.com\r\nSubject: x\r\n\r\nno images\r\n")
	out, sum, err = filter(t, in, Options{RedactImage: r.Redact, Bundle: bundle})
	if err != nil || called || sum.PDF || !bytes.Equal(out, in) {
		t.Errorf("bundle called %v, summary %+v, err %v", called, sum, err)
	}
	// A nil PDF attaches nothing.
	b := func(context.Context, Evidence) ([]byte, string, error) { return nil, "", nil }
	in, _ = os.ReadFile("testdata/forwarded.eml")
	out, sum, err = filter(t, in, Options{RedactImage: r.Redact, Bundle: b})
	if err != nil || sum.PDF {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkFiltered(t, in, out, r, false, false)
}

// TestWrap: a message that is not multipart/mixed is wrapped in one, its
// header fields staying on top in their order and its Content-* fields
// moving to the first part.
func TestWrap(t *testing.T) {
	in := "Received: from x\nFrom: a@example.com\nContent-Type: image/png; name=\"shot.png\"\nX-Custom: 1\n" +
		"Content-Transfer-Encoding: base64\nSubject: just an image\n\n" + string(base64Lines(smallPNG(t, 8, 8), "\n")) + "\n"
	r := &fakeRedactor{}
	b := &fakeBundle{name: "证据 2025.pdf"}
	out, sum, err := filter(t, []byte(in), Options{RedactImage: r.Redact, Bundle: b.Bundle})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.PDF || sum.Images != 1 {
		t.Errorf("summary %+v", sum)
	}
	wantTop := "Received: from x\nFrom: a@example.com\nX-Custom: 1\nSubject: just an image\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"redactpack-"
	if !strings.HasPrefix(string(out), wantTop) {
		t.Errorf("top header:\n%s", truncate(string(out), 300))
	}
	if bytes.Contains(out, []byte("\r")) {
		t.Error("CR in an LF message")
	}
	ls := leaves(t, out)
	if len(ls) != 2 || ls[0].mediaType != "image/png" || ls[0].filename != "shot.png" || !r.produced(ls[0].body) {
		t.Fatalf("parts %+v", ls)
	}
	if ls[1].filename != "证据 2025.pdf" || !bytes.Equal(ls[1].body, fakePDF) {
		t.Errorf("PDF part %q", ls[1].filename)
	}
	if b.body != "" || b.subject != "just an image" {
		t.Errorf("bundle got %q %q", b.subject, b.body)
	}
}

// TestBodyWarnings: without RedactBody the bodies are only checked; the
// Subject is checked too.
func TestBodyWarnings(t *testing.T) {
	in := []byte("From: a@example.com\nSubject: account bob@example.com\nContent-Type: text/plain\n\nmail me: bob@example.com, or ann@example.com\n")
	r := &fakeRedactor{}
	var warnings []string
	out, sum, err := filter(t, in, Options{RedactImage: r.Redact, FindSensitive: fakeFind, Warn: func(s string) { warnings = append(warnings, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, in) {
		t.Error("message changed")
	}
	want := []string{
		"sensitive value in the Subject: email bo***@example.com",
		"sensitive value in the text/plain body (message body): email an***@example.com",
	}
	if sum.BodyFindings != 2 || strings.Join(warnings, "|") != strings.Join(want, "|") {
		t.Errorf("findings %d, warnings %q", sum.BodyFindings, warnings)
	}
	out, _, err = filter(t, in, Options{RedactImage: r.Redact, FindSensitive: fakeFind, RedactBody: true})
	if err != nil {
		t.Fatal(err)
	}
	att := []byte("From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhi\n--b\n" +
		"Content-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nkey holder: eve@example.com\n--b--\n")
	warnings = nil
	outAtt, _, err := filter(t, att, Options{RedactImage: r.Redact, FindSensitive: fakeFind, RedactBody: true, Warn: func(s string) { warnings = append(warnings, s) }})
	if err != nil || !bytes.Equal(outAtt, att) {
		t.Errorf("attachment changed (%v)", err)
	}
	if len(warnings) != 1 || warnings[0] != `sensitive value in the attachment part 2 (text/plain "notes.txt"): email ev***@example.com` {
		t.Errorf("warnings %q", warnings)
	}
	if want := "Subject: account bob@example.com\n"; !bytes.Contains(out, []byte(want)) {
		t.Error("Subject changed")
	}
	if !bytes.HasSuffix(out, []byte("\n\nmail me: bo***@example.com, or an***@example.com\n")) {
		t.Errorf("body not masked: %q", out)
	}
}

// TestSignedWithoutImages: a signed message without images passes intact;
// masking its body would break the signature and is refused.
func TestSignedWithoutImages(t *testing.T) {
	in := []byte("From: a@example.com\nContent-Type: multipart/signed; boundary=s; protocol=\"application/pgp-signature\"\n\n" +
		"--s\nContent-Type: text/plain\n\nwrite to bob@example.com\n--s\nContent-Type: application/pgp-signature\n\nsig\n--s--\n")
	r := &fakeRedactor{}
	out, _, err := filter(t, in, Options{RedactImage: r.Redact, FindSensitive: fakeFind})
	if err != nil || !bytes.Equal(out, in) {
		t.Errorf("signed message changed (%v)", err)
	}
	_, _, err = filter(t, in, Options{RedactImage: r.Redact, FindSensitive: fakeFind, RedactBody: true})
	if !errors.Is(err, ErrSigned) || !strings.Contains(err.Error(), "cannot mask the body without breaking the signature") {
		t.Errorf("error %v", err)
	}
}

// TestRetype: when the redactor returns another format (GIF, WebP, BMP,
// TIFF become PNG), the part's Content-Type follows and its file names get
// the new extension, in whatever encoding they came; the other parameters
// and the Content-ID stay.
func TestRetype(t *testing.T) {
	img := image.NewPaletted(image.Rect(0, 0, 6, 4), []color.Color{color.Black, color.White})
	var g bytes.Buffer
	if err := gif.Encode(&g, img, nil); err != nil {
		t.Fatal(err)
	}
	body := string(base64Lines(g.Bytes(), "\n"))
	tests := []struct {
		name, header string
		wantType     string // media type after filtering
		wantName     string // Content-Type name, decoded
		wantFile     string // Content-Disposition filename, decoded
		wantParam    string // another parameter kept
	}{
		{"plain", "Content-Type: image/gif; name=\"anim.gif\"\n",
			"image/png", "anim.png", "", ""},
		{"both names and a Content-ID", "Content-Type: image/gif; x-unix-mode=0644; name=\"anim.gif\"\n" +
			"Content-Disposition: attachment; filename=\"anim.gif\"; size=42\nContent-ID: <anim@example.com>\n",
			"image/png", "anim.png", "anim.png", "0644"},
		{"RFC 2047 and 2231 names", "Content-Type: image/webp;\n name=\"=?UTF-8?B?5Yqo5Zu+LndlYnA=?=\"\n" +
			"Content-Disposition: inline;\n filename*=UTF-8''%E5%8A%A8%E5%9B%BE.webp\n",
			"image/png", "动图.png", "动图.png", ""},
		{"undeclared image", "Content-Type: application/octet-stream; name=\"scan.bmp\"\n",
			"application/octet-stream", "scan.png", "", ""},
		{"no extension", "Content-Type: image/gif; name=\"picture\"\n", "image/png", "picture.png", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte("From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n" + tt.header +
				"Content-Transfer-Encoding: base64\nContent-MD5: xxx\n\n" + body + "\n--b--\n")
			var given Image
			toPNG := func(ctx context.Context, img Image) (Redacted, error) {
				given = img
				return Redacted{Data: onePixelPNG, ContentType: "image/png"}, nil
			}
			b := &fakeBundle{}
			out, _, err := filter(t, in, Options{RedactImage: toPNG, Bundle: b.Bundle})
			if err != nil {
				t.Fatal(err)
			}
			ls := leaves(t, out)
			if len(ls) != 2 {
				t.Fatalf("%d parts", len(ls))
			}
			p := ls[0]
			_, ctParams, err := p.header.ContentType()
			if err != nil {
				t.Fatalf("Content-Type %q: %v", p.header.Get("Content-Type"), err)
			}
			name := ctParams["name"]
			if d, err := wordDecoder.DecodeHeader(name); err == nil {
				name = d
			}
			_, cdParams, _ := p.header.ContentDisposition()
			if p.mediaType != tt.wantType || name != tt.wantName || cdParams["filename"] != tt.wantFile {
				t.Errorf("type %s, name %q, filename %q; want %s, %q, %q\n%s", p.mediaType, name, cdParams["filename"],
					tt.wantType, tt.wantName, tt.wantFile, out)
			}
			if tt.wantParam != "" && ctParams["x-unix-mode"] != tt.wantParam {
				t.Errorf("x-unix-mode = %q, want %q", ctParams["x-unix-mode"], tt.wantParam)
			}
			if p.contentID != given.ContentID && "<"+given.ContentID+">" != p.contentID {
				t.Errorf("Content-ID %q, was %q", p.contentID, given.ContentID)
			}
			if !bytes.Equal(p.body, onePixelPNG) || p.header.Get("Content-Md5") != "" {
				t.Errorf("body or Content-MD5 not replaced")
			}
			// The bundle sees the image under its new name too.
			if want := cmp.Or(tt.wantFile, tt.wantName); len(b.images) != 1 || b.images[0].Name != want || b.images[0].ContentType != "image/png" {
				t.Errorf("bundle got %+v, want %q image/png", b.images, want)
			}
		})
	}
}

func TestMboxFromLineKept(t *testing.T) {
	in := []byte("From alice@example.com Mon Mar  3 10:15:00 2025\nFrom: alice@example.com\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n" +
		string(base64Lines(smallPNG(t, 4, 4), "\n")) + "\n")
	r := &fakeRedactor{}
	out, _, err := filter(t, in, Options{RedactImage: r.Redact})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("From alice@example.com Mon Mar  3 10:15:00 2025\nFrom: alice@example.com\n")) || len(r.calls) != 1 {
		t.Errorf("got %q", truncate(string(out), 200))
	}
}

// TestDigest: parts of a multipart/digest are messages by default.
func TestDigest(t *testing.T) {
	in := "From: a@example.com\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: b@example.com\nContent-Type: image/png\n" +
		"Content-Transfer-Encoding: base64\n\n" + string(base64Lines(smallPNG(t, 5, 5), "\n")) + "\n--d--\n"
	r := &fakeRedactor{}
	out, _, err := filter(t, []byte(in), Options{RedactImage: r.Redact})
	if err != nil || len(r.calls) != 1 {
		t.Fatalf("err %v, %d calls", err, len(r.calls))
	}
	if !bytes.Contains(out, base64Lines(r.outputs[0], "\n")) {
		t.Error("image not replaced")
	}
}

func TestPeerMessagesUnchangedWithoutImages(t *testing.T) {
	// Also read through io.Reader chunks to make sure nothing depends on
	// a single Read.
	files, _ := filepath.Glob("testdata/enmime/mail-*.raw")
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := &fakeRedactor{}
		var out bytes.Buffer
		_, err = Filter(context.Background(), io.MultiReader(bytes.NewReader(in[:len(in)/2]), bytes.NewReader(in[len(in)/2:])), &out, Options{RedactImage: r.Redact})
		if err == nil && len(r.calls) == 0 && !bytes.Equal(out.Bytes(), in) {
			t.Errorf("%s changed", f)
		}
	}
}

// TestFileNames checks how file names are decoded and recognised as image
// names, whatever encoding the client used.
func TestFileNames(t *testing.T) {
	tests := []struct{ header, want string }{
		{"Content-Disposition: attachment; filename=截图.png", "截图.png"},
		{"Content-Disposition: attachment; filename*=UTF-8''%E6%88%AA%E5%9B%BE.png", "截图.png"},
		{"Content-Disposition: attachment;\n filename*0*=UTF-8''%E6%88%AA;\n filename*1*=%E5%9B%BE.png", "截图.png"},
		{"Content-Disposition: attachment; filename*=gb2312''%BD%D8%CD%BC.png", "截图.png"},
		{"Content-Type: application/octet-stream; name=\"=?UTF-8?B?5oiq5Zu+LnBuZw==?=\"", "截图.png"},
		{"Content-Type: application/octet-stream; name=\"=?gb2312?B?vdjNvDEucG5n?=\"", "截图1.png"},
		{"Content-Type: application/octet-stream; name=\"=?iso-8859-1?Q?r=E9sum=E9.JPG?=\"", "résumé.JPG"},
		{"Content-Disposition: attachment; filename=\"a.png\"; filename=\"a.png\"", "a.png"},
		{"Content-Type: application/octet-stream; name=scan.heic; name=scan.heic", "scan.heic"},
	}
	for _, tt := range tests {
		raw := "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n" + tt.header + "\n\nnot really an image\n--b--\n"
		var calls []Image
		redact := func(ctx context.Context, img Image) (Redacted, error) {
			calls = append(calls, img)
			return Redacted{Data: onePixelPNG}, nil
		}
		_, _, err := filter(t, []byte(raw), Options{RedactImage: redact})
		if err != nil {
			t.Errorf("%s: %v", tt.header, err)
			continue
		}
		if len(calls) != 1 || calls[0].Name != tt.want {
			t.Errorf("%s: images %+v, want one named %q", tt.header, calls, tt.want)
		}
	}
}

func BenchmarkFilter(b *testing.B) {
	in, err := os.ReadFile("testdata/thunderbird.eml")
	if err != nil {
		b.Fatal(err)
	}
	redact := func(ctx context.Context, img Image) (Redacted, error) {
		return Redacted{Data: onePixelPNG}, nil
	}
	bundle := &fakeBundle{}
	opts := Options{RedactImage: redact, Bundle: bundle.Bundle, FindSensitive: fakeFind, RedactBody: true}
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Filter(context.Background(), bytes.NewReader(in), io.Discard, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMixedLineEnds: a CRLF header over a body with LF delimiters, as
// some tools produce; go-message follows the first delimiter's line end,
// and so must what Filter inserts.
func TestMixedLineEnds(t *testing.T) {
	in := "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\nContent-Type: text/plain\n\nhello\n--b\n" +
		"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\n" + string(base64Lines(smallPNG(t, 3, 3), "\n")) + "\n--b\n" +
		"Content-Type: image/png\n\n--b--\n"
	r := &fakeRedactor{}
	b := &fakeBundle{}
	_, _, err := filter(t, []byte(in), Options{RedactImage: r.Redact, Bundle: b.Bundle})
	if err == nil || !strings.Contains(err.Error(), "part 3 (image/png): cannot decode image") {
		t.Errorf("empty image part: %v", err)
	}
	in = strings.Replace(in, "--b\nContent-Type: image/png\n\n--b--\n", "--b--\n", 1)
	out, _, err := filter(t, []byte(in), Options{RedactImage: r.Redact, Bundle: b.Bundle})
	if err != nil {
		t.Fatal(err)
	}
	ls := leaves(t, out)
	if len(ls) != 3 || string(ls[0].body) != "hello" || !r.produced(ls[1].body) || !bytes.Equal(ls[2].body, fakePDF) {
		t.Errorf("parts %+v", ls)
	}
}

func TestPDFPartName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"", `filename="evidence.pdf"`},
		{"report", `filename="report.pdf"`},
		{"a\r\nBcc: x@example.com.pdf", `filename="aBcc: x@example.com.pdf"`},
		{`../"x".pdf`, `filename="..x.pdf"`},
		{"证据.pdf", `filename*=utf-8''%E8%AF%81%E6%8D%AE.pdf`},
	}
	for _, tt := range tests {
		part := string(pdfPart(fakePDF, tt.name, "\r\n"))
		head := part[:strings.Index(part, "\r\n\r\n")]
		if strings.Count(head, "\r\n") != 2 || strings.Contains(strings.ReplaceAll(head, "\r\n", ""), "\n") || !strings.Contains(head, tt.want) {
			t.Errorf("%q: header\n%s", tt.name, head)
		}
	}
}
