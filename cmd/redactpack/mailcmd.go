package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"redactpack/internal/atomicfile"
	"redactpack/mailfilter"
	"redactpack/ocr"
	"redactpack/redact"
	"redactpack/report"
)

const mailHelp = `Usage:
    redactpack mail [flags] [-o OUT.eml] [IN.eml|-]

Filters an e-mail message on its way out: every image attachment and inline
image is replaced by its redacted version (same format, same Content-ID, so
HTML bodies still show it; GIF, WebP, BMP and TIFF become PNG and their file
names end in .png), the evidence PDF is attached, and every other header
field and part is written back unchanged. The PDF's title is the subject,
its statement the text body (or --statement), its date the message's Date
(else SOURCE_DATE_EPOCH, else now), and its timeline says when the message
was sent. Sensitive values in the subject and text bodies are listed on
stderr (masked); --redact-body masks them in the text/plain and text/html
parts too.

PDFs attached to the message cannot be redacted, so they are checked as
"redactpack check" checks them: their text and their embedded images. If
one shows something the policy hides, or cannot be read (encrypted,
malformed, poppler-utils missing), the message is refused; --allow-pdf
sends such PDFs as they are, with a warning.

The message is read from IN.eml, or from standard input when IN is "-" or
missing, and written to OUT.eml, or to standard output. If anything fails (a
malformed or encrypted message, a signed one whose images would have to
change, an image that cannot be read or redacted, a PDF as above) nothing at
all is written and the exit status is 1, so that a sendmail wrapper does
not send it.

Images are redacted -j at a time, one OCR engine each; Tesseract is started
only for a message that has images (or PDFs with images).

Examples:
    redactpack mail -o ready.eml draft.eml
    redactpack mail --redact-body < draft.eml > ready.eml
    redactpack mail - < draft.eml | /usr/sbin/sendmail -t -i
    (scripts/redactpack-sendmail wraps sendmail this way, for mutt or git send-email)
`

// mailUsageHint is the hint under a usage error of mail.
const mailUsageHint = `run "redactpack mail --help" for usage`

// A mailer redacts the images of one message and checks its PDFs, with
// up to -j OCR engines at once.
type mailer struct {
	common *common
	policy *redact.Policy
	pool   *enginePool

	mu      sync.Mutex
	records map[int]mailRecord // by mailfilter.Image.Index
}

// mailRecord is what was found in one image of the message.
type mailRecord struct {
	report   report.Image
	findings []redact.Finding
}

func runMail(ctx context.Context, e *env, args []string) error {
	err := mailMain(ctx, e, args)
	if errors.Is(err, errUsage) {
		return hinted{err, mailUsageHint}
	}
	return err
}

func mailMain(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("mail", pflag.ContinueOnError)
	var c common
	c.register(fs)
	var out, statementFile string
	var redactBody, noBundle, allowPDF bool
	fs.StringVarP(&out, "output", "o", "", "write the filtered message to `OUT.eml` (default: standard output)")
	fs.StringVar(&statementFile, "statement", "", "problem statement `FILE` for the evidence PDF (default: the message's text body)")
	fs.BoolVar(&redactBody, "redact-body", false, "mask sensitive values in the text/plain and text/html bodies")
	fs.BoolVar(&noBundle, "no-bundle", false, "do not attach the evidence PDF")
	fs.BoolVar(&allowPDF, "allow-pdf", false, "send attached PDFs that show sensitive values or cannot be read, with a warning")
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
	pol, polSrc, err := c.setup()
	if err != nil {
		return err
	}
	created, err := sourceDateEpoch(time.Local)
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

	m := &mailer{common: &c, policy: pol, records: map[int]mailRecord{},
		pool: newEnginePool(c.jobs, pol, !c.noVerify, func() (ocr.Engine, error) { return newEngine(&c) })}
	defer m.pool.close()
	opts := mailfilter.Options{
		RedactImage: m.redactImage,
		CheckPDF:    m.checkPDF,
		AllowPDF:    allowPDF,
		Jobs:        c.jobs,
		FindSensitive: func(text string) ([]string, string) {
			masked, found := pol.MaskText(text)
			return found, masked
		},
		RedactBody: redactBody,
	}
	if !c.quiet {
		opts.Warn = func(msg string) { fmt.Fprintf(e.stderr, "redactpack: warning: %s\n", msg) }
	}
	if !noBundle {
		opts.Bundle = func(ctx context.Context, ev mailfilter.Evidence) ([]byte, string, error) {
			return buildMailBundle(ctx, &mailBundle{
				Evidence: ev, Statement: statement, Findings: m.findings(len(ev.Images)),
				Created: created, Policy: pol, PolicySource: polSrc,
			})
		}
	}

	var buf bytes.Buffer
	sum, err := mailfilter.Filter(ctx, src, &buf, opts)
	if err != nil {
		return mailError(name, err)
	}
	if c.report != "" {
		if err := m.writeReport(sum.Images); err != nil {
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
	if sum.BodyFindings > 0 && !redactBody && !c.quiet {
		fmt.Fprintf(e.stderr, "redactpack: hint: the text is sent as written; --redact-body masks these values\n")
	}
	if !c.quiet {
		fmt.Fprintf(e.stderr, "redactpack: %s\n", mailSummary(sum, noBundle))
	}
	return nil
}

// redactImage is mailfilter's RedactImage: decode, redact, encode afresh in
// the same format (PNG and JPEG; others become PNG). Calls run at once, up
// to -j.
func (m *mailer) redactImage(ctx context.Context, img mailfilter.Image) (mailfilter.Redacted, error) {
	in, err := redact.Decode(img.Data, m.common.maxPixels)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	w, err := m.pool.get(ctx)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	res, err := w.redactor.Redact(ctx, in.Image)
	m.pool.put(w)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	format := redact.OutputFormat(in.Format)
	var buf bytes.Buffer
	if err := redact.Encode(&buf, res.Image, format); err != nil {
		return mailfilter.Redacted{}, fmt.Errorf("encode: %w", err)
	}
	found := report.Sorted(res.Findings)
	name, _ := m.policy.MaskText(img.Name)
	bd := res.Image.Bounds()
	ir := report.NewImage(name, "", bd.Dx(), bd.Dy(), found)
	m.mu.Lock()
	m.records[img.Index] = mailRecord{report: ir, findings: found}
	m.mu.Unlock()
	return mailfilter.Redacted{Data: buf.Bytes(), ContentType: "image/" + format, Hidden: report.Hidden(found)}, nil
}

// checkPDF is mailfilter's CheckPDF: the PDF's text and embedded images
// are read as check reads them, and what the policy would hide is
// described, masked ("an e-mail (li.***@gmail.com) in its text").
func (m *mailer) checkPDF(ctx context.Context, _ string, pdf []byte) ([]string, error) {
	if err := needPDFTools(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redactpack-mail-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "attachment.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		return nil, pathErr(err)
	}
	text, err := pdfText(ctx, path)
	if err != nil {
		return nil, err
	}
	var found []string
	seen := make(map[string]bool)
	add := func(catMasked, where string) {
		s := describeFinding(catMasked) + " " + where
		if !seen[s] {
			seen[s] = true
			found = append(found, s)
		}
	}
	_, inText := m.policy.MaskText(text)
	for _, f := range inText {
		add(f, "in its text")
	}
	images, err := extractPDFImages(ctx, path, filepath.Join(dir, "images"))
	if err != nil {
		return nil, err
	}
	if len(images) == 0 {
		return found, nil
	}
	w, err := m.pool.get(ctx)
	if err != nil {
		return nil, err
	}
	defer m.pool.put(w)
	for _, img := range images {
		data, err := os.ReadFile(img.path)
		if err != nil {
			return nil, pathErr(err)
		}
		in, err := redact.Decode(data, m.common.maxPixels)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", img.rel, err)
		}
		a, err := w.checker.Analyze(ctx, in.Image)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", img.rel, err)
		}
		for _, f := range report.Sorted(a.Findings) {
			if f.Redacted {
				add(string(f.Category)+" "+f.Masked, "in "+img.rel)
			}
		}
	}
	return found, nil
}

// categoryNouns name what a finding is, in what mail says about a PDF.
var categoryNouns = map[redact.Category]string{
	"email": "an e-mail", "phone": "a phone number", "address": "a postal address",
	"balance": "a balance", "wallet": "a wallet address", "idnum": "an ID number",
	"card": "a card number", "seed": "a seed phrase", "name": "a name",
	"account": "an account ID", "txid": "a transaction hash", "ticket": "a ticket number",
}

// describeFinding turns "email li.***@gmail.com" into "an e-mail
// (li.***@gmail.com)".
func describeFinding(catMasked string) string {
	cat, masked, _ := strings.Cut(catMasked, " ")
	noun, ok := categoryNouns[redact.Category(cat)]
	if !ok {
		noun = cat
	}
	return noun + " (" + masked + ")"
}

// findings returns what was found in each of the n redacted images, in
// message order, for the bundle.
func (m *mailer) findings(n int) [][]redact.Finding {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([][]redact.Finding, n)
	for i := range out {
		out[i] = m.records[i].findings
	}
	return out
}

func (m *mailer) writeReport(images int) error {
	r := report.New("redactpack "+toolVersion(), m.policy.Name)
	for i := range images {
		r.Images = append(r.Images, m.records[i].report)
	}
	data, _ := json.MarshalIndent(r, "", "  ")
	if err := atomicfile.WriteBytes(m.common.report, 0o600, append(data, '\n')); err != nil {
		return fmt.Errorf("cannot write report: %w", pathErr(err))
	}
	return nil
}

// An enginePool lends OCR engines to the calls mailfilter makes at once,
// up to -j. Engines start when a call needs one and none is free, one
// after another (see ocr.Start), so that a message without images
// starts no Tesseract, and one with a single image starts one.
type enginePool struct {
	newEngine newEngineFunc
	policy    *redact.Policy
	verify    bool
	max       int

	mu      sync.Mutex // held while an engine starts
	started []*ocrWorker
	free    chan *ocrWorker
}

// An ocrWorker is one engine with the redactor for images and the checker
// for PDFs, which, like check, does not verify.
type ocrWorker struct {
	engine            ocr.Engine
	redactor, checker *redact.Redactor
}

func newEnginePool(n int, pol *redact.Policy, verify bool, newEngine newEngineFunc) *enginePool {
	return &enginePool{newEngine: newEngine, policy: pol, verify: verify, max: n, free: make(chan *ocrWorker, n)}
}

func (p *enginePool) get(ctx context.Context) (*ocrWorker, error) {
	select {
	case w := <-p.free:
		return w, nil
	default:
	}
	p.mu.Lock()
	if len(p.started) < p.max {
		defer p.mu.Unlock()
		engines, err := ocr.Start(ctx, 1, p.newEngine)
		if err != nil {
			return nil, errOCR{err}
		}
		w := &ocrWorker{engine: engines[0],
			redactor: redact.NewRedactor(p.policy, engines[0]),
			checker:  redact.NewRedactor(p.policy, engines[0])}
		w.redactor.SkipVerify = !p.verify
		w.checker.SkipVerify = true
		p.started = append(p.started, w)
		return w, nil
	}
	p.mu.Unlock()
	select {
	case w := <-p.free:
		return w, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *enginePool) put(w *ocrWorker) { p.free <- w }

func (p *enginePool) close() {
	for _, w := range p.started {
		w.engine.Close()
	}
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
	case errors.Is(err, errNoPDFTool):
		return hinted{err, popplerHint + ", or send the PDF unchecked with --allow-pdf"}
	case errors.Is(err, mailfilter.ErrSensitive):
		return hinted{err, "attach a copy without them (or screenshots redacted with \"redactpack redact\"), or send the PDF as it is with --allow-pdf"}
	case errors.Is(err, mailfilter.ErrUnchecked):
		return hinted{err, "a PDF that cannot be read cannot be checked: attach an unencrypted copy, or send it unchecked with --allow-pdf"}
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
	if s.PDFs > 0 {
		line += fmt.Sprintf("; %d PDF attachment(s) checked", s.PDFs)
	}
	switch {
	case s.PDF:
		line += "; evidence PDF attached"
	case noBundle && s.Images > 0:
		line += "; no evidence PDF (--no-bundle)"
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
