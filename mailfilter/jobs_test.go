package mailfilter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// mixedMessage builds a multipart/mixed message from parts (header block,
// blank line and body each).
func mixedMessage(header string, parts ...string) []byte {
	return []byte("From: a@example.com\r\n" + header + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" +
		strings.Join(parts, "\r\n--b\r\n") + "\r\n--b--\r\n")
}

func imagePart(t *testing.T, name string, w int) string {
	return "Content-Type: image/png; name=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		string(base64Lines(smallPNG(t, w, 4), "\r\n"))
}

// TestDate: the bundle is given the message's Date, or a zero time when
// the field is missing or cannot be parsed, for the caller to replace.
func TestDate(t *testing.T) {
	tests := []struct {
		header string
		want   time.Time
	}{
		{"Date: Sat, 14 Mar 2026 10:02:00 +0800\r\n", time.Date(2026, 3, 14, 2, 2, 0, 0, time.UTC)},
		{"Date: 14 Mar 2026 10:02 GMT\r\n", time.Date(2026, 3, 14, 10, 2, 0, 0, time.UTC)},
		{"", time.Time{}},
		{"Date: yesterday, around noon\r\n", time.Time{}},
	}
	for _, tt := range tests {
		b := &fakeBundle{}
		r := &fakeRedactor{}
		_, _, err := filter(t, mixedMessage(tt.header, "\r\nhello", imagePart(t, "a.png", 4)), Options{RedactImage: r.Redact, Bundle: b.Bundle})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if !b.date.Equal(tt.want) {
			t.Errorf("%q: Date %v, want %v", tt.header, b.date, tt.want)
		}
	}
}

// TestJobs: with Jobs > 1 the images are redacted at the same time, and
// put back in message order whatever finishes first.
func TestJobs(t *testing.T) {
	const n = 3
	var parts []string
	for i := range n {
		parts = append(parts, imagePart(t, fmt.Sprintf("shot%d.png", i), 4+i))
	}
	in := mixedMessage("", parts...)

	var mu sync.Mutex
	running, most := 0, 0
	all := make(chan struct{})
	redact := func(ctx context.Context, img Image) (Redacted, error) {
		mu.Lock()
		running++
		most = max(most, running)
		if running == n {
			close(all)
		}
		mu.Unlock()
		defer func() { mu.Lock(); running--; mu.Unlock() }()
		select {
		case <-all: // every call is in flight at once
		case <-time.After(5 * time.Second):
			return Redacted{}, errors.New("the calls were not made at the same time")
		}
		// The last image finishes first.
		time.Sleep(time.Duration(n-img.Index) * 20 * time.Millisecond)
		return Redacted{Data: smallPNG(t, 4+img.Index, 4), Hidden: map[string]int{"email": img.Index + 1}}, nil
	}
	b := &fakeBundle{}
	out, sum, err := filter(t, in, Options{RedactImage: redact, Bundle: b.Bundle, Jobs: n})
	if err != nil {
		t.Fatal(err)
	}
	if most != n {
		t.Errorf("%d calls at most at once, want %d", most, n)
	}
	if sum.Images != n || sum.Hidden["email"] != 1+2+3 {
		t.Errorf("summary %+v", sum)
	}
	ls := leaves(t, out)
	for i := range n {
		want := smallPNG(t, 4+i, 4)
		if !bytes.Equal(ls[i].body, want) || ls[i].filename != fmt.Sprintf("shot%d.png", i) {
			t.Errorf("part %d is not image %d's redaction", i+1, i)
		}
		if b.images[i].Index != i || !bytes.Equal(b.images[i].Data, want) {
			t.Errorf("bundle image %d is image %d", i, b.images[i].Index)
		}
	}

	// The error is the first image's in message order, not whichever
	// failed first.
	var started sync.WaitGroup
	started.Add(n)
	fail := func(ctx context.Context, img Image) (Redacted, error) {
		started.Done()
		started.Wait()
		if img.Index == 0 {
			time.Sleep(50 * time.Millisecond)
		}
		return Redacted{}, fmt.Errorf("no luck with %d", img.Index)
	}
	_, _, err = filter(t, in, Options{RedactImage: fail, Jobs: n})
	if err == nil || err.Error() != `part 1 (image/png "shot0.png"): no luck with 0` {
		t.Errorf("error %v", err)
	}
}

// fakeCheckPDF finds the e-mail addresses fakeFind finds in a PDF's bytes,
// and cannot read a PDF that says "/Encrypt".
type fakeCheckPDF struct {
	mu    sync.Mutex
	names []string
}

func (c *fakeCheckPDF) Check(ctx context.Context, name string, pdf []byte) ([]string, error) {
	c.mu.Lock()
	c.names = append(c.names, name)
	c.mu.Unlock()
	if bytes.Contains(pdf, []byte("/Encrypt")) {
		return nil, errors.New("pdftotext: Incorrect password")
	}
	found, _ := fakeFind(string(pdf))
	for i, f := range found {
		found[i] = "an e-mail (" + strings.TrimPrefix(f, "email ") + ") in its text"
	}
	return found, nil
}

// TestCheckPDF: PDFs attached to a message, however declared, are checked
// with CheckPDF; one that shows something or cannot be read refuses the
// message, unless AllowPDF sends it with a warning.
func TestCheckPDF(t *testing.T) {
	clean := string(fakePDF)
	dirty := strings.Replace(clean, "%%EOF", "(write to li.wei@example.com or wang@example.com )\n%%EOF", 1)
	locked := strings.Replace(clean, "trailer<<", "trailer<</Encrypt 9 0 R", 1)
	pdf := func(header, content string) string {
		return header + "Content-Transfer-Encoding: base64\r\n\r\n" + string(base64Lines([]byte(content), "\r\n"))
	}
	tests := []struct {
		name  string
		parts []string
		err   error
		text  string // the error, or the warning with AllowPDF
		pdfs  int    // PDFs checked
	}{
		{"clean", []string{"\r\nhi", pdf("Content-Type: application/pdf; name=\"a.pdf\"\r\n", clean)}, nil, "", 1},
		{"declared", []string{"\r\nhi", pdf("Content-Type: application/pdf; name=\"bank statement.pdf\"\r\n", dirty)},
			ErrSensitive, `attachment "bank statement.pdf" shows an e-mail (li***@example.com) in its text and an e-mail (wa***@example.com) in its text`, 1},
		{"named", []string{"\r\nhi", pdf("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"s.PDF\"\r\n", dirty)},
			ErrSensitive, `attachment "s.PDF" shows an e-mail (li***@example.com)`, 1},
		{"by content, no name", []string{"\r\nhi", pdf("Content-Type: application/octet-stream\r\n", dirty)},
			ErrSensitive, `attachment part 2 (application/octet-stream) shows an e-mail`, 1},
		{"in a forwarded message", []string{"\r\nhi", "Content-Type: message/rfc822\r\n\r\n" +
			"From: b@example.com\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nfwd\r\n--inner\r\n" +
			pdf("Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"fwd.pdf\"\r\n", dirty) + "\r\n--inner--"},
			ErrSensitive, `attachment "fwd.pdf" shows`, 1},
		{"encrypted", []string{"\r\nhi", pdf("Content-Type: application/pdf; name=\"locked.pdf\"\r\n", locked)},
			ErrUnchecked, `cannot check attachment "locked.pdf": pdftotext: Incorrect password`, 1},
		{"a text body that mentions %PDF-", []string{"\r\nthe file starts with %PDF-1.7, see below"}, nil, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mixedMessage("", tt.parts...)
			c := &fakeCheckPDF{}
			r := &fakeRedactor{}
			out, sum, err := filter(t, in, Options{RedactImage: r.Redact, CheckPDF: c.Check})
			switch {
			case tt.err == nil && err != nil:
				t.Fatalf("error %v", err)
			case tt.err != nil && (!errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.text)):
				t.Fatalf("error %v, want %v with %q", err, tt.err, tt.text)
			case tt.err == nil && (sum.PDFs != tt.pdfs || !bytes.Equal(out, in)):
				t.Errorf("%d PDFs checked, want %d; output changed: %v", sum.PDFs, tt.pdfs, !bytes.Equal(out, in))
			}
			if len(c.names) != tt.pdfs {
				t.Errorf("CheckPDF called for %q", c.names)
			}
			if tt.err == nil {
				return
			}
			// Accepted: the message goes out as it came, with a warning.
			var warnings []string
			out, sum, err = filter(t, in, Options{RedactImage: r.Redact, CheckPDF: c.Check, AllowPDF: true,
				Warn: func(s string) { warnings = append(warnings, s) }})
			if err != nil || !bytes.Equal(out, in) || sum.PDFs != 1 {
				t.Fatalf("AllowPDF: error %v, output changed %v, %d PDFs", err, !bytes.Equal(out, in), sum.PDFs)
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0], strings.TrimPrefix(tt.text, "cannot check attachment ")) ||
				!strings.HasSuffix(warnings[0], "; sent as it is") {
				t.Errorf("warnings %q", warnings)
			}
		})
	}

	// Without CheckPDF, PDFs are not looked at.
	in := mixedMessage("", "\r\nhi", pdf("Content-Type: application/pdf\r\n", dirty))
	out, sum, err := filter(t, in, Options{RedactImage: (&fakeRedactor{}).Redact})
	if err != nil || sum.PDFs != 0 || !bytes.Equal(out, in) {
		t.Errorf("without CheckPDF: %v, %d PDFs", err, sum.PDFs)
	}
}

// TestErrorsQuoteInput: what an error repeats from the redactor or a PDF
// reader is one line with control characters escaped.
func TestErrorsQuoteInput(t *testing.T) {
	in := mixedMessage("", "\r\nhi", imagePart(t, "a.png", 4))
	bad := func(ctx context.Context, img Image) (Redacted, error) {
		return Redacted{}, errors.New("cannot decode\n\x1b[31mred\x00")
	}
	_, _, err := filter(t, in, Options{RedactImage: bad})
	if err == nil || err.Error() != `part 2 (image/png "a.png"): cannot decode \x1b[31mred\x00` {
		t.Errorf("error %q", err)
	}
}
