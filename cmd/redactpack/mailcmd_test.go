package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/png"
	"io"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/emersion/go-message"

	"redactpack/internal/testimage"
	"redactpack/mailfilter"
	"redactpack/pipeline"
	"redactpack/redact"
)

// runCLI runs redactpack in process, in dir, and returns its exit status
// and what it printed.
func runCLI(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	code = exitCode(err, &errOut)
	return code, out.String(), errOut.String()
}

// shotPNG draws a layout of main_test.go as PNG.
func shotPNG(t *testing.T, layout string) []byte {
	t.Helper()
	shot, err := testimage.Render(layouts[layout](testimage.Light))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, shot.Image); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testPDF makes a one-page PDF with text and, if shot is not nil, the
// screenshot embedded as an image; a user password encrypts it.
func testPDF(t *testing.T, text string, shot []byte, password string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	if password != "" {
		pdf.SetProtection(fpdf.CnProtectPrint, password, "owner-"+password)
	}
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(20, 20, text)
	if shot != nil {
		pdf.RegisterImageOptionsReader("shot", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(shot))
		pdf.ImageOptions("shot", 20, 40, 150, 0, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testMessage is a multipart/mixed draft with a text body and the given
// attachments, CRLF as clients write.
func testMessage(date string, attachments ...string) []byte {
	var b strings.Builder
	b.WriteString("From: Alex Morgan <alex@example.net>\r\nTo: support@exchange.example\r\n")
	b.WriteString("Subject: Withdrawal not received\r\n")
	if date != "" {
		b.WriteString("Date: " + date + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
	b.WriteString("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy withdrawal has not arrived.\r\n")
	for _, a := range attachments {
		b.WriteString("--b1\r\n" + a + "\r\n")
	}
	b.WriteString("--b1--\r\n")
	return []byte(b.String())
}

// attachment is a base64 part with a file name.
func attachment(ctype, name string, data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var lines []string
	for len(enc) > 76 {
		lines = append(lines, enc[:76])
		enc = enc[76:]
	}
	lines = append(lines, enc)
	return fmt.Sprintf("Content-Type: %s; name=%q\r\nContent-Disposition: attachment; filename=%q\r\n"+
		"Content-Transfer-Encoding: base64\r\n\r\n%s", ctype, name, name, strings.Join(lines, "\r\n"))
}

// TestMailPDFAttachments: mail checks attached PDFs as check does, text and
// embedded images, and refuses a message whose PDF shows something or
// cannot be read, writing nothing, unless --allow-pdf.
func TestMailPDFAttachments(t *testing.T) {
	email, phone := testimage.SampleEmail, testimage.SamplePhone
	mEmail, mPhone := redact.Mask("email", email), redact.Mask("phone", phone)
	contact := shotPNG(t, "contact")
	dirty := testPDF(t, "Statement for "+email+", phone "+phone, contact, "")
	tests := []struct {
		name   string
		pdf    []byte
		code   int
		stderr []string // lines or parts of lines, in order
	}{
		{"text and image", dirty, 1, []string{
			`redactpack: error: cannot filter "msg.eml": attachment "bank statement.pdf" shows an e-mail (` + mEmail +
				`) in its text, a phone number (` + mPhone + `) in its text, an e-mail (` + mEmail + `) in page 1 image 1 and 1 more`,
			`redactpack: hint: attach a copy without them (or screenshots redacted with "redactpack redact"), or send the PDF as it is with --allow-pdf`,
		}},
		{"only the screenshot", testPDF(t, "Statement", contact, ""), 1, []string{
			`attachment "bank statement.pdf" shows an e-mail (` + mEmail + `) in page 1 image 1 and a phone number (` + mPhone + `) in page 1 image 1`,
		}},
		{"nothing to hide", testPDF(t, "Statement of 2026-03-14, ticket #12345678", shotPNG(t, "plain"), ""), 0, []string{
			`redactpack: mail: 0 image(s) redacted, 0 value(s) hidden; 1 PDF attachment(s) checked`,
		}},
		{"encrypted", testPDF(t, "Statement", nil, "secret"), 1, []string{
			`redactpack: error: cannot filter "msg.eml": cannot check attachment "bank statement.pdf": pdftotext: Command Line Error: Incorrect password`,
			`redactpack: hint: a PDF that cannot be read cannot be checked: attach an unencrypted copy, or send it unchecked with --allow-pdf`,
		}},
		{"malformed", []byte("%PDF-1.4\n1 0 obj <</Type/Catalog>>\ngarbage\n"), 1, []string{
			`redactpack: error: cannot filter "msg.eml": cannot check attachment "bank statement.pdf": pdftotext: Syntax Error: `,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			msg := testMessage("Sat, 14 Mar 2026 10:02:00 +0000", attachment("application/pdf", "bank statement.pdf", tt.pdf))
			if err := os.WriteFile(filepath.Join(dir, "msg.eml"), msg, 0o600); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCLI(t, dir, "mail", "-o", "out.eml", "msg.eml")
			if code != tt.code || stdout != "" {
				t.Fatalf("exit %d, want %d; stdout %q; stderr:\n%s", code, tt.code, stdout, stderr)
			}
			checkLines(t, stderr, tt.stderr)
			for _, leak := range []string{email, phone, "7946"} {
				if strings.Contains(stderr, leak) {
					t.Errorf("stderr shows %q", leak)
				}
			}
			_, err := os.Stat(filepath.Join(dir, "out.eml"))
			if tt.code != 0 {
				if !errors.Is(err, os.ErrNotExist) {
					t.Errorf("out.eml written for a refused message (%v)", err)
				}
				// Accepted by the user: sent as it is, with a warning.
				code, _, stderr = runCLI(t, dir, "mail", "--allow-pdf", "-o", "out.eml", "msg.eml")
				if code != 0 {
					t.Fatalf("--allow-pdf: exit %d:\n%s", code, stderr)
				}
				if !strings.Contains(stderr, "redactpack: warning: ") || !strings.Contains(stderr, `"bank statement.pdf"`) ||
					!strings.Contains(stderr, "; sent as it is\n") {
					t.Errorf("--allow-pdf: no warning:\n%s", stderr)
				}
			}
			out, err := os.ReadFile(filepath.Join(dir, "out.eml"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, msg) {
				t.Errorf("a message without images changed")
			}
		})
	}

	// Without poppler-utils nothing can be checked.
	dir := t.TempDir()
	msg := testMessage("", attachment("application/octet-stream", "scan.pdf", dirty))
	if err := os.WriteFile(filepath.Join(dir, "msg.eml"), msg, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	code, _, stderr := runCLI(t, dir, "mail", "-o", "out.eml", "msg.eml")
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	checkLines(t, stderr, []string{
		`redactpack: error: cannot filter "msg.eml": cannot check attachment "scan.pdf": pdftotext not found`,
		`redactpack: hint: install poppler-utils (apt-get install poppler-utils, dnf install poppler-utils, brew install poppler), or send the PDF unchecked with --allow-pdf`,
	})
	if _, err := os.Stat(filepath.Join(dir, "out.eml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("out.eml written (%v)", err)
	}
}

// checkLines checks that each of want starts a line of got, in order.
func checkLines(t *testing.T, got string, want []string) {
	t.Helper()
	lines := strings.Split(got, "\n")
	i := 0
	for _, w := range want {
		for i < len(lines) && !strings.HasPrefix(lines[i], w) && !strings.Contains(lines[i], w) {
			i++
		}
		if i == len(lines) {
			t.Errorf("stderr has no line with %q after the previous ones:\n%s", w, got)
			return
		}
		i++
	}
}

// pdfToText is the text of a PDF, with pdftotext.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestMailBundleDate: the bundle of a message whose images carry no time
// is dated by the message's Date, which is also a timeline event (in the
// bundle's language); without a Date it is dated SOURCE_DATE_EPOCH, or now,
// never 1980.
func TestMailBundleDate(t *testing.T) {
	pol, src, err := redact.LoadPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	shot := shotPNG(t, "plain")
	sent := time.Date(2026, 3, 14, 10, 2, 0, 0, time.UTC)
	epoch := time.Unix(1767225600, 0) // 2026-01-01 00:00 UTC
	day := func(t time.Time) string { return t.In(time.Local).Format("2006-01-02") }
	tests := []struct {
		name, subject string
		date, created time.Time
		want          []string // in the PDF's text
		noEvents      bool
	}{
		{"Date", "Withdrawal not received", sent, epoch, []string{day(sent), "message sent", "Date header"}, false},
		{"Date, in Chinese", "提现未到账", sent, time.Time{}, []string{day(sent), "邮件发送"}, false},
		{"no Date, SOURCE_DATE_EPOCH", "Withdrawal not received", time.Time{}, epoch, []string{day(epoch), "No dated events"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, name, err := pipeline.BuildMailBundle(context.Background(), &pipeline.MailBundle{
				Evidence: mailfilter.Evidence{Subject: tt.subject, Body: "It has not arrived.", Date: tt.date,
					Images: []mailfilter.Image{{Name: "shot.png", ContentType: "image/png", Data: shot}}},
				Created: tt.created, Policy: pol, PolicySource: src,
			})
			if err != nil || name != "evidence.pdf" {
				t.Fatalf("%q, %v", name, err)
			}
			text := pdfToText(t, pdf)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF does not say %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "1980") {
				t.Errorf("the PDF is dated 1980:\n%s", text)
			}
			if !tt.noEvents && (strings.Contains(text, "No dated events") || strings.Contains(text, "没有带日期的事件")) {
				t.Errorf("the timeline is empty:\n%s", text)
			}
		})
	}

	// No Date and no SOURCE_DATE_EPOCH: today.
	before := day(time.Now())
	pdf, _, err := pipeline.BuildMailBundle(context.Background(), &pipeline.MailBundle{
		Evidence: mailfilter.Evidence{Subject: "x", Images: []mailfilter.Image{{Name: "shot.png", Data: shot}}},
		Policy:   pol, PolicySource: src,
	})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf)
	if after := day(time.Now()); !strings.Contains(text, before) && !strings.Contains(text, after) {
		t.Errorf("the PDF is not dated today (%s):\n%s", before, text)
	}
}

// TestMailDateEndToEnd: mail dates the bundle it attaches by the Date
// header, and a malformed Date falls back to SOURCE_DATE_EPOCH.
func TestMailDateEndToEnd(t *testing.T) {
	shot := shotPNG(t, "plain")
	for _, tt := range []struct{ date, want string }{
		{"Sat, 14 Mar 2026 10:02:00 +0000", day(time.Date(2026, 3, 14, 10, 2, 0, 0, time.UTC))},
		{"the day before yesterday", day(time.Unix(1767225600, 0))},
	} {
		dir := t.TempDir()
		msg := testMessage(tt.date, attachment("image/png", "shot.png", shot))
		if err := os.WriteFile(filepath.Join(dir, "msg.eml"), msg, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
		code, _, stderr := runCLI(t, dir, "mail", "-q", "-o", "out.eml", "msg.eml")
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		var pdf []byte
		for _, l := range messageLeaves(t, filepath.Join(dir, "out.eml")) {
			if l.mediaType == "application/pdf" {
				pdf = l.body
			}
		}
		text := pdfToText(t, pdf)
		if !strings.Contains(text, tt.want) || strings.Contains(text, "1980") {
			t.Errorf("Date %q: the PDF is not dated %s:\n%s", tt.date, tt.want, text)
		}
	}
}

func day(t time.Time) string { return t.In(time.Local).Format("2006-01-02") }

// A mailLeaf is a non-multipart part of a message, read with go-message.
type mailLeaf struct {
	mediaType, name string
	body            []byte
}

func messageLeaves(t *testing.T, file string) []mailLeaf {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := readMailLeaves(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return ls
}

func readMailLeaves(data []byte) ([]mailLeaf, error) {
	tolerable := func(err error) bool {
		return err == nil || message.IsUnknownCharset(err) || message.IsUnknownEncoding(err)
	}
	e, err := message.Read(bytes.NewReader(data))
	if !tolerable(err) {
		return nil, err
	}
	var out []mailLeaf
	var walk func(e *message.Entity) error
	walk = func(e *message.Entity) error {
		if mr := e.MultipartReader(); mr != nil {
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					return nil
				}
				if !tolerable(err) {
					return err
				}
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		mt, params, _ := e.Header.ContentType()
		_, dparams, _ := e.Header.ContentDisposition()
		l := mailLeaf{mediaType: mt, name: params["name"]}
		if dparams["filename"] != "" {
			l.name = dparams["filename"]
		}
		l.body, _ = io.ReadAll(e.Body) // a broken encoding reads as far as it goes, in both
		out = append(out, l)
		return nil
	}
	return out, walk(e)
}

// TestMailJobs: -j redacts a message's images in parallel, each engine on
// its own image, and the message comes out the same as with -j 1.
func TestMailJobs(t *testing.T) {
	dir := t.TempDir()
	msg := testMessage("Sat, 14 Mar 2026 10:02:00 +0000",
		attachment("image/png", "a.png", shotPNG(t, "contact")),
		attachment("image/png", "b.png", shotPNG(t, "plain")))
	if err := os.WriteFile(filepath.Join(dir, "msg.eml"), msg, 0o600); err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for _, j := range []string{"1", "2"} {
		code, _, stderr := runCLI(t, dir, "mail", "-j", j, "-o", "out"+j+".eml", "msg.eml")
		if code != 0 || !strings.Contains(stderr, "redactpack: mail: 2 image(s) redacted") {
			t.Fatalf("-j %s: exit %d:\n%s", j, code, stderr)
		}
		out, err := os.ReadFile(filepath.Join(dir, "out"+j+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("-j 2 gives another message than -j 1")
	}
}

// TestMailPeerMessages runs mail over the real-world messages of
// ../shared/peer/mime (or mailfilter's copy of them): each is filtered into
// a well-formed message that keeps every non-image part, or refused with
// one error line and its hint, writing nothing.
func TestMailPeerMessages(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoRoot(), "..", "shared", "peer", "mime", "*.raw"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(repoRoot(), "mailfilter", "testdata", "enmime", "*.raw"))
	}
	if len(files) < 18 {
		t.Fatalf("%d peer messages", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".raw"), func(t *testing.T) {
			dir := t.TempDir()
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "in.eml"), in, 0o600); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCLI(t, dir, "mail", "-o", "out.eml", "in.eml")
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if strings.ContainsFunc(stderr, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
				t.Errorf("stderr has control characters: %q", stderr)
			}
			if code != 0 {
				lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
				if code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], `redactpack: error: cannot filter "in.eml": `) ||
					!strings.HasPrefix(lines[1], "redactpack: hint: ") {
					t.Errorf("refused with exit %d and\n%s", code, stderr)
				}
				if _, err := os.Stat(filepath.Join(dir, "out.eml")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("refused, but out.eml written (%v)", err)
				}
				t.Logf("refused: %s", lines[0])
				return
			}
			before, err := readMailLeaves(in)
			if err != nil {
				t.Fatalf("input: %v", err)
			}
			after := messageLeaves(t, filepath.Join(dir, "out.eml"))
			images := 0
			for i, b := range before {
				if i >= len(after) {
					t.Fatalf("part %d of %d lost", i+1, len(before))
				}
				a := after[i]
				if _, _, err := image.DecodeConfig(bytes.NewReader(b.body)); err == nil || strings.HasPrefix(b.mediaType, "image/") {
					images++
					ci, _, err1 := image.DecodeConfig(bytes.NewReader(b.body))
					co, _, err2 := image.DecodeConfig(bytes.NewReader(a.body))
					// Same size; the colour model may change (outputs are
					// opaque).
					if err1 != nil || err2 != nil || ci.Width != co.Width || ci.Height != co.Height {
						t.Errorf("part %d: image %v became %v (%v, %v)", i+1, ci, co, err1, err2)
					}
					continue
				}
				if a.mediaType != b.mediaType || a.name != b.name || !bytes.Equal(a.body, b.body) {
					t.Errorf("part %d (%s %q) changed into %s %q", i+1, b.mediaType, b.name, a.mediaType, a.name)
				}
			}
			extra := after[len(before):]
			switch {
			case images == 0 && !bytes.Equal(mustRead(t, filepath.Join(dir, "out.eml")), in):
				t.Error("a message without images changed")
			case images > 0 && (len(extra) != 1 || extra[0].mediaType != "application/pdf" || !bytes.HasPrefix(extra[0].body, []byte("%PDF-"))):
				t.Errorf("parts added: %+v, want the evidence PDF", extra)
			}
		})
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMailConvertedImage: a GIF comes out as a PNG, and says so: type,
// file names and the extension, with its Content-ID kept.
func TestMailConvertedImage(t *testing.T) {
	shot, err := testimage.Render(layouts["plain"](testimage.Light))
	if err != nil {
		t.Fatal(err)
	}
	var g bytes.Buffer
	if err := gif.Encode(&g, shot.Image, nil); err != nil {
		t.Fatal(err)
	}
	part := strings.Replace(attachment("image/gif", "状态.gif", g.Bytes()), "\r\n\r\n", "\r\nContent-ID: <s1@example.com>\r\n\r\n", 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "msg.eml"), testMessage("", part), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, dir, "mail", "--no-bundle", "-o", "out.eml", "msg.eml")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	out, err := message.Read(bytes.NewReader(mustRead(t, filepath.Join(dir, "out.eml"))))
	if err != nil {
		t.Fatal(err)
	}
	mr := out.MultipartReader()
	mr.NextPart()
	p, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	mt, params, _ := p.Header.ContentType()
	_, dparams, _ := p.Header.ContentDisposition()
	name, _ := new(mime.WordDecoder).DecodeHeader(params["name"])
	body, _ := io.ReadAll(p.Body)
	_, format, err := image.DecodeConfig(bytes.NewReader(body))
	if mt != "image/png" || name != "状态.png" || dparams["filename"] != "状态.png" || format != "png" || err != nil {
		t.Errorf("type %s, name %q, filename %q, content %s (%v)", mt, name, dparams["filename"], format, err)
	}
	if cid := p.Header.Get("Content-Id"); cid != "<s1@example.com>" {
		t.Errorf("Content-ID %q", cid)
	}
}

// TestMailErrorsQuoteInput: mail's errors are one line naming the input
// and the reason, with what they quote from it escaped.
func TestMailErrorsQuoteInput(t *testing.T) {
	dir := t.TempDir()
	msg := "From: a@example.com\r\n\x1b[2J\x00gone\r\nSubject: x\r\n\r\nhi\r\n"
	if err := os.WriteFile(filepath.Join(dir, "msg.eml"), []byte(msg), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"mail", "-o", "out.eml", "msg.eml"},
			`redactpack: error: cannot filter "msg.eml": malformed message: broken header line "\x1b[2J\x00gone"` + "\n"},
		{[]string{"mail", "-o", "out.eml", "no\x1b[31mne.eml"},
			`redactpack: error: cannot read "no\x1b[31mne.eml": no such file or directory` + "\n"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, dir, tt.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != 1 || first+"\n" != tt.want {
			t.Errorf("exit %d, stderr\n%q, want first line\n%q", code, stderr, tt.want)
		}
		if strings.ContainsFunc(stderr, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			t.Errorf("stderr has control characters: %q", stderr)
		}
	}
}

// TestMailBundleOwnWords: the message's body is the sender's own words, as
// a statement is: its card number is masked in the PDF, the amount and
// the address it gives support stay as written.
func TestMailBundleOwnWords(t *testing.T) {
	pol, src, err := redact.LoadPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	body := "I withdrew 0.5 BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq; my card 4111 1111 1111 1111 was charged."
	pdf, _, err := pipeline.BuildMailBundle(context.Background(), &pipeline.MailBundle{
		Evidence: mailfilter.Evidence{Subject: "Withdrawal not received", Body: body,
			Images: []mailfilter.Image{{Name: "shot.png", ContentType: "image/png", Data: shotPNG(t, "plain")}}},
		Policy: pol, PolicySource: src,
	})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf)
	if strings.Contains(strings.ReplaceAll(text, " ", ""), "4111111111111111") {
		t.Errorf("the card number is in the PDF:\n%s", text)
	}
	for _, w := range []string{"0.5 BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), w) {
			t.Errorf("the PDF does not say %q as written:\n%s", w, text)
		}
	}
}
