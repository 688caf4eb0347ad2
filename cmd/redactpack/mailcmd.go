package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"redactpack/internal/atomicfile"
	"redactpack/internal/fileerr"
	"redactpack/internal/poppler"
	"redactpack/mailfilter"
	"redactpack/pipeline"
	"redactpack/redact"
)

// mailUsageHint is the hint under a usage error of mail.
const mailUsageHint = `run "redactpack mail --help" for usage`

func runMail(ctx context.Context, e *env, args []string) error {
	err := mailMain(ctx, e, args)
	if errors.Is(err, errUsage) {
		return hinted{err, mailUsageHint}
	}
	return err
}

// mailFlags are mail's own flags.
type mailFlags struct {
	out, statementFile             string
	redactBody, noBundle, allowPDF bool
}

func (f *mailFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.out, "output", "o", "", "write the filtered message to `OUT.eml` (default: standard output)")
	fs.StringVar(&f.statementFile, "statement", "", "problem statement `FILE` for the evidence PDF (default: the message's text body)")
	fs.BoolVar(&f.redactBody, "redact-body", false, "mask sensitive values in the text/plain and text/html bodies")
	fs.BoolVar(&f.noBundle, "no-bundle", false, "do not attach the evidence PDF")
	fs.BoolVar(&f.allowPDF, "allow-pdf", false, "send attached PDFs that show sensitive values or cannot be read, with a warning")
}

func mailMain(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("mail", pflag.ContinueOnError)
	var c common
	c.register(fs)
	var f mailFlags
	f.register(fs)
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
	if in == "-" && isTerminal(e.stdin) {
		return usageErrorf("mail reads the message from IN.eml or standard input; give a file or pipe one in")
	}
	if f.out != "" && f.out != "-" && in != "-" && sameFile(in, f.out) {
		return usageErrorf("output %q is the input itself; choose another -o file", f.out)
	}
	cfg, polSrc, err := c.setup(e)
	if err != nil {
		return err
	}
	m := pipeline.NewMail(cfg)
	defer m.Close()
	opts, err := mailOptions(m, cfg, &c, &f, e, polSrc)
	if err != nil {
		return err
	}
	name := "standard input"
	var src io.Reader = e.stdin
	if in != "-" {
		name = fmt.Sprintf("%q", in)
		file, err := os.Open(in)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", name, fileerr.Reason(err))
		}
		defer file.Close()
		src = file
	}
	var buf bytes.Buffer
	sum, err := mailfilter.Filter(ctx, src, &buf, opts)
	if err != nil {
		return mailError(name, err)
	}
	if c.report != "" {
		if err := writeJSON(c.report, m.Report("redactpack "+toolVersion(), sum.Images)); err != nil {
			return err
		}
	}
	if f.out == "" || f.out == "-" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("cannot write the message: %w", err)
		}
	} else if err := atomicfile.WriteBytes(f.out, 0o600, buf.Bytes()); err != nil {
		return fmt.Errorf("cannot write %q: %w", f.out, fileerr.Reason(err))
	}
	if sum.BodyFindings > 0 && !f.redactBody && !c.quiet {
		fmt.Fprintf(e.stderr, "redactpack: hint: the text is sent as written; --redact-body masks these values\n")
	}
	if !c.quiet {
		fmt.Fprintf(e.stderr, "redactpack: %s\n", mailSummary(sum, f.noBundle))
	}
	return nil
}

// mailOptions are the filter's: m's callbacks, and the evidence PDF's
// statement (--statement, else the body) and date.
func mailOptions(m *pipeline.Mail, cfg *pipeline.Config, c *common, f *mailFlags, e *env, polSrc []byte) (mailfilter.Options, error) {
	pol := cfg.Policy
	opts := mailfilter.Options{
		RedactImage: m.RedactImage,
		CheckPDF:    m.CheckPDF,
		AllowPDF:    f.allowPDF,
		Jobs:        c.jobs,
		FindSensitive: func(text string) ([]string, string) {
			masked, found := pol.MaskText(text)
			return found, masked
		},
		RedactBody: f.redactBody,
	}
	if !c.quiet {
		opts.Warn = func(msg string) { fmt.Fprintf(e.stderr, "redactpack: warning: %s\n", msg) }
	}
	created, err := sourceDateEpoch(time.Local)
	if err != nil {
		return opts, err
	}
	var statement string
	if f.statementFile != "" {
		data, err := os.ReadFile(f.statementFile)
		if err != nil {
			return opts, fmt.Errorf("cannot read statement %q: %w", f.statementFile, fileerr.Reason(err))
		}
		statement = string(data)
	}
	if f.noBundle {
		return opts, nil
	}
	opts.Bundle = func(ctx context.Context, ev mailfilter.Evidence) ([]byte, string, error) {
		return pipeline.BuildMailBundle(ctx, &pipeline.MailBundle{
			Evidence: ev, Statement: statement, Outputs: m.Outputs(len(ev.Images)),
			Created: created, Policy: pol, PolicySource: polSrc, Version: toolVersion(),
		})
	}
	return opts, nil
}

// mailError turns a filter error into one line and a hint; the message was
// not written.
func mailError(name string, err error) error {
	err = fmt.Errorf("cannot filter %s: %w", name, err)
	var ocr *pipeline.EngineError
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
	case errors.Is(err, poppler.ErrMissing):
		return hinted{err, poppler.Hint + ", or send the PDF unchecked with --allow-pdf"}
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
