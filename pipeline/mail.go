package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"redactpack/bundle"
	"redactpack/mailfilter"
	"redactpack/redact"
	"redactpack/report"
)

// MailBundleName is the file name of the evidence PDF attached to a
// message.
const MailBundleName = "evidence.pdf"

// A MailBundle is what the evidence PDF of a message is built from.
type MailBundle struct {
	mailfilter.Evidence                // subject, body, Date and redacted images of the message
	Statement           string         // the --statement file; "" means use Body
	Outputs             []*Output      // Outputs[i] is Images[i] redacted
	Created             time.Time      // SOURCE_DATE_EPOCH, or zero: the date when the message has no Date
	Policy              *redact.Policy // the policy applied
	PolicySource        []byte         // its YAML, for the appendix
	Version             string         // of the tool, for the PDF's creator
}

// sentEvent is the timeline's line for the message's Date, by PDF language.
var sentEvent = map[string]struct{ text, source string }{
	"en": {"message sent", "Date header"},
	"zh": {"邮件发送", "邮件 Date 头"},
}

// BuildMailBundle builds the evidence PDF of a message, and its file name,
// from its subject (the title), its statement (the --statement file, else
// the text body) and its redacted images. The images are in memory
// already, as the message is; each is decoded only while the PDF is
// written. They have lost their metadata, so capture times come from file
// names alone, and the message's Date is what dates the bundle: it is the
// cover's date and the timeline's "message sent". A message without a
// usable Date is dated SOURCE_DATE_EPOCH, else now, never the bundle's
// fixed date for documents without any time.
func BuildMailBundle(ctx context.Context, b *MailBundle) ([]byte, string, error) {
	text := b.Statement
	if text == "" {
		text = b.Body
	}
	st, err := bundle.ParseStatement(strings.NewReader(text))
	if err != nil {
		return nil, "", fmt.Errorf("statement: %w", err)
	}
	loc := time.Local
	lang := bundle.StatementLang(st, b.Subject)
	created := b.Created
	var events []bundle.Event
	switch {
	case !b.Date.IsZero():
		created = b.Date
		ev := sentEvent[lang]
		events = append(events, bundle.Event{Time: b.Date, Text: ev.text, Source: ev.source})
	case created.IsZero():
		created = time.Now()
	}
	mask := b.Policy.Masker().Mask
	shots := make([]bundle.Shot, len(b.Images))
	for i, img := range b.Images {
		name := img.Name
		if name == "" {
			name = fmt.Sprintf("image-%d", i+1)
		}
		out := &Output{}
		if i < len(b.Outputs) && b.Outputs[i] != nil {
			out = b.Outputs[i]
		}
		shots[i] = NewShot(mask(name), out, OpenData(img.Data))
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	_, err = bundle.Write(&buf, bundle.Options{
		Title:     b.Subject,
		Lang:      lang,
		Statement: st,
		Events:    events,
		Created:   created,
		Location:  loc,
		Version:   b.Version,
		Policy:    string(b.PolicySource),
		MaskText:  mask,
		// The subject and body are the sender's own words, as a
		// statement is: secrets masked, the rest as written.
		MaskOwn: OwnTextMasker(b.Policy),
	}, shots)
	if err != nil {
		return nil, "", fmt.Errorf("evidence PDF: %w", err)
	}
	return buf.Bytes(), MailBundleName, nil
}

// A Mail redacts the images of one message and checks its PDFs, for
// [mailfilter.Filter], with up to Config.Jobs OCR engines at once (see
// [Pool]), and keeps what it found for the evidence PDF and the report.
// Close it when the message is done.
type Mail struct {
	cfg  *Config
	pool *Pool

	mu      sync.Mutex
	outputs map[int]*Output // by mailfilter.Image.Index, without their images
	names   map[int]string  // masked
	masker  *redact.Masker
}

// NewMail returns a Mail that redacts as cfg says.
func NewMail(cfg *Config) *Mail {
	return &Mail{cfg: cfg, pool: NewPool(cfg), outputs: map[int]*Output{}, names: map[int]string{}, masker: cfg.Policy.Masker()}
}

// Close closes the OCR engines.
func (m *Mail) Close() { m.pool.Close() }

// RedactImage is mailfilter's RedactImage (see [Process]): it may be
// called at once for several images.
func (m *Mail) RedactImage(ctx context.Context, img mailfilter.Image) (mailfilter.Redacted, error) {
	w, err := m.pool.Get(ctx)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	out, err := Process(ctx, w.Redactor, img.Name, img.Data, time.Time{}, m.cfg)
	m.pool.Put(w)
	if err != nil {
		return mailfilter.Redacted{}, err
	}
	data := out.Data
	out.Image, out.Data = nil, nil
	name := m.masker.Mask(img.Name)
	m.mu.Lock()
	m.outputs[img.Index], m.names[img.Index] = out, name
	m.mu.Unlock()
	return mailfilter.Redacted{Data: data, ContentType: "image/" + out.Format, Hidden: report.Hidden(out.Findings)}, nil
}

// CheckPDF is mailfilter's CheckPDF (see [Pool.CheckPDF]).
func (m *Mail) CheckPDF(ctx context.Context, _ string, pdf []byte) ([]string, error) {
	return m.pool.CheckPDF(ctx, pdf)
}

// Outputs returns the outputs of the first n images of the message, in
// message order (nil for one not redacted), for the evidence PDF
// ([MailBundle]).
func (m *Mail) Outputs(n int) []*Output {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]*Output, n)
	for i := range out {
		out[i] = m.outputs[i]
	}
	return out
}

// Report is the report of the first n images of the message, by tool.
func (m *Mail) Report(tool string, n int) report.Report {
	r := report.New(tool, m.cfg.Policy.Name)
	for i, out := range m.Outputs(n) {
		if out != nil {
			r.Images = append(r.Images, report.NewImage(m.names[i], "", out.Width, out.Height, out.Findings))
		}
	}
	return r
}
