package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"redactpack/internal/atomicfile"
	"redactpack/mailfilter"
	"redactpack/redact"
)

const mailHelp = `Usage:
    redactpack mail [flags] [-o OUT.eml] [IN.eml|-]

Filters an e-mail message on its way out: every image attachment and inline
image is replaced by its redacted version (same format, same Content-ID, so
HTML bodies still show it), the evidence bundle PDF is attached, and every
other header field and part is written back unchanged. Sensitive values in
the subject and text bodies are listed on stderr (masked); --redact-body
masks them in the text/plain and text/html parts too.

The message is read from IN.eml, or from standard input when IN is "-" or
missing, and written to OUT.eml, or to standard output. If anything fails (a
malformed or encrypted message, a signed one whose images would have to
change, an image that cannot be read or redacted) nothing at all is written
and the exit status is 1, so that a sendmail wrapper does not send it.

The evidence PDF is attached once the bundle package is available in this
build; until then the message goes out without it. --no-bundle skips it
explicitly.

Images are redacted one at a time with one OCR engine, so -j has no effect;
Tesseract is started only for a message that has images.

Examples:
    redactpack mail -o ready.eml draft.eml
    redactpack mail --redact-body < draft.eml > ready.eml
    redactpack mail - < draft.eml | /usr/sbin/sendmail -t -i
    (scripts/redactpack-sendmail wraps sendmail this way, for mutt or git send-email)
`

// A mailer redacts the images of one message with one OCR engine, started
// at the first image so that a message without images needs no Tesseract.
type mailer struct {
	*env
	common    *common
	policy    *redact.Policy
	newEngine newEngineFunc

	redactor *redact.Redactor
	engine   redact.Engine
	images   []imageReport      // in message order
	findings [][]redact.Finding // findings[i] belong to the i-th redacted image
}

func runMail(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("mail", pflag.ContinueOnError)
	var c common
	c.register(fs)
	var out, statementFile string
	var redactBody, noBundle bool
	fs.StringVarP(&out, "output", "o", "", "write the filtered message to `OUT.eml` (default: standard output)")
	fs.StringVar(&statementFile, "statement", "", "problem statement `FILE` for the evidence PDF (default: the message's text body)")
	fs.BoolVar(&redactBody, "redact-body", false, "mask sensitive values in the text/plain and text/html bodies")
	fs.BoolVar(&noBundle, "no-bundle", false, "do not attach the evidence PDF")
	if done, err := parseFlags(fs, args, e, mailHelp); done {
		return err
	}
	if fs.NArg() > 1 {
		return usageErrorf("mail filters one message; got %d arguments", fs.NArg())
	}
	in := "-"
	if fs.NArg() == 1 {
		in = fs.Arg(0)
	}
	if in == "-" {
		if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return usageErrorf("mail reads the message from IN.eml or standard input; give a file or pipe one in")
		}
	}
	if out != "" && out != "-" && in != "-" && sameFile(in, out) {
		return usageErrorf("output %q is the input itself; choose another -o file", out)
	}
	pol, polSrc, err := c.loadPolicy()
	if err != nil {
		return err
	}
	var statement string
	if statementFile != "" {
		data, err := os.ReadFile(statementFile)
		if err != nil {
			return fmt.Errorf("cannot read statement %q: %w", statementFile, pathErr(err))
		}
		statement = string(data)
	}

	name := "standard input"
	var src io.Reader = e.stdin
	if in != "-" {
		name = fmt.Sprintf("%q", in)
		f, err := os.Open(in)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", name, pathErr(err))
		}
		defer f.Close()
		src = f
	}

	m := &mailer{env: e, common: &c, policy: pol,
		newEngine: func() (redact.Engine, error) { return newEngine(&c) }}
	defer m.close()
	opts := mailfilter.Options{
		RedactImage: m.redactImage,
		FindSensitive: func(text string) ([]string, string) {
			masked, found := pol.MaskText(text)
			return found, masked
		},
		RedactBody: redactBody,
	}
	var warned bool
	if !c.quiet {
		opts.Warn = func(msg string) {
			warned = true
			fmt.Fprintf(e.stderr, "redactpack: warning: %s\n", msg)
		}
	}
	if !noBundle {
		opts.Bundle = func(ctx context.Context, subject, body string, images []mailfilter.Image) ([]byte, string, error) {
			return bundleForMail(ctx, &mailBundle{
				Subject: subject, Body: body, Statement: statement,
				Images: images, Findings: m.findings,
				Policy: pol, PolicySource: polSrc,
			})
		}
	}

	var buf bytes.Buffer
	sum, err := mailfilter.Filter(ctx, src, &buf, opts)
	if err != nil {
		return mailError(name, err)
	}
	if c.report != "" {
		if err := m.writeReport(); err != nil {
			return err
		}
	}
	if out == "" || out == "-" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("cannot write the message: %w", err)
		}
	} else if err := atomicfile.WriteBytes(out, 0o600, buf.Bytes()); err != nil {
		return fmt.Errorf("cannot write %q: %w", out, pathErr(err))
	}
	if warned && !redactBody {
		fmt.Fprintf(e.stderr, "redactpack: hint: the text is sent as written; --redact-body masks these values\n")
	}
	if !c.quiet {
		fmt.Fprintf(e.stderr, "redactpack: %s\n", mailSummary(sum, noBundle))
	}
	return nil
}

// redactImage is mailfilter's RedactImage: decode, redact, encode afresh in
// the same format (PNG and JPEG; others become PNG).
func (m *mailer) redactImage(ctx context.Context, img mailfilter.Image) (mailfilter.Redacted, error) {
	if m.redactor == nil {
		engines, err := startEngines(ctx, 1, m.newEngine)
		if err != nil {
			return mailfilter.Redacted{}, errOCR{err}
		}
		m.engine = engines[0]
		m.redactor = redact.NewRedactor(m.policy, m.engine)
		m.redactor.Verify = !m.common.noVerify
	}
	in, err := redact.Decode(img.Data, m.common.maxPixels)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	res, err := m.redactor.Redact(ctx, in.Image)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	format := redact.OutputFormat(in.Format)
	var buf bytes.Buffer
	if err := redact.Encode(&buf, res.Image, format); err != nil {
		return mailfilter.Redacted{}, fmt.Errorf("encode: %w", err)
	}
	found := sortedFindings(res.Findings)
	m.findings = append(m.findings, found)
	hidden := make(map[string]int)
	for c, n := range res.Hidden() {
		hidden[string(c)] = n
	}
	name, _ := m.policy.MaskText(img.Name)
	bd := res.Image.Bounds()
	ir := imageReport{Input: name, Width: bd.Dx(), Height: bd.Dy(), Findings: []findingReport{}}
	for _, f := range found {
		ir.Findings = append(ir.Findings, reportFinding(f))
	}
	m.images = append(m.images, ir)
	return mailfilter.Redacted{Data: buf.Bytes(), ContentType: "image/" + format, Hidden: hidden}, nil
}

func (m *mailer) close() {
	if m.engine != nil {
		m.engine.Close()
	}
}

func (m *mailer) writeReport() error {
	r := report{Tool: "redactpack " + toolVersion(), Policy: m.policy.Name, Images: m.images}
	if r.Images == nil {
		r.Images = []imageReport{}
	}
	data, _ := json.MarshalIndent(r, "", "  ")
	if err := atomicfile.WriteBytes(m.common.report, 0o600, append(data, '\n')); err != nil {
		return fmt.Errorf("cannot write report: %w", pathErr(err))
	}
	return nil
}

// errOCR marks a failure to start Tesseract, which deserves its own hint.
type errOCR struct{ err error }

func (e errOCR) Error() string { return "cannot start OCR: " + e.err.Error() }
func (e errOCR) Unwrap() error { return e.err }

// mailError turns a filter error into one line and a hint; the message was
// not written.
func mailError(name string, err error) error {
	err = fmt.Errorf("cannot filter %s: %w", name, err)
	var ocr errOCR
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &ocr):
		return hinted{err, ocrHint(err)}
	case errors.Is(err, mailfilter.ErrSigned):
		return hinted{err, "redacting would break the signature: send it unsigned, or attach screenshots redacted with \"redactpack redact\" before signing"}
	case errors.Is(err, mailfilter.ErrEncrypted):
		return hinted{err, "encrypted content cannot be checked for images: filter the message before it is encrypted"}
	case errors.Is(err, redact.ErrFormat):
		return hinted{err, "convert that image to PNG or JPEG, or remove it, and try again; nothing was written"}
	case errors.Is(err, mailfilter.ErrMalformed):
		return hinted{err, "nothing was written, so nothing will be sent; save the message again from the mail client (as .eml) and retry"}
	}
	return hinted{err, "nothing was written, so nothing will be sent"}
}

// mailSummary is the line printed after a message was filtered.
func mailSummary(s mailfilter.Summary, noBundle bool) string {
	total := 0
	var parts []string
	cats := make([]string, 0, len(s.Hidden))
	for c := range s.Hidden {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		total += s.Hidden[c]
		parts = append(parts, fmt.Sprintf("%s %d", c, s.Hidden[c]))
	}
	line := fmt.Sprintf("mail: %d image(s) redacted, %d value(s) hidden", s.Images, total)
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	switch {
	case s.PDF:
		line += "; evidence PDF attached"
	case noBundle:
		line += "; no evidence PDF (--no-bundle)"
	case s.Images > 0:
		line += "; no evidence PDF (not available in this build)"
	}
	return line
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// mailBundle is what the evidence PDF of a message is built from.
type mailBundle struct {
	Subject      string             // the message's Subject, decoded
	Body         string             // its plain-text body (masked with --redact-body)
	Statement    string             // the --statement file; "" means use Body
	Images       []mailfilter.Image // the redacted images, in message order
	Findings     [][]redact.Finding // Findings[i] are what was found in Images[i]
	Policy       *redact.Policy     // the policy applied
	PolicySource []byte             // its YAML, for the appendix
}

// bundleForMail builds the evidence PDF that mail attaches, and its file
// name (mailbundle.go). --no-bundle skips the call altogether.
func bundleForMail(ctx context.Context, b *mailBundle) (pdf []byte, name string, err error) {
	return buildMailBundle(ctx, b)
}
