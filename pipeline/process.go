package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"redactpack/bundle"
	"redactpack/internal/fileerr"
	"redactpack/ocr"
	"redactpack/redact"
	"redactpack/report"
)

// An Output is one image redacted by [Process].
type Output struct {
	// Image is the redacted image, and Data the same encoded as Format
	// ("png" or "jpeg"), freshly, with no metadata.
	Image  image.Image
	Data   []byte
	Format string
	// Width and Height are the image's size in pixels, as the input's.
	Width, Height int
	// Converted is the input's format when it could not be kept (GIF,
	// BMP, TIFF and WebP become PNG), else "".
	Converted string
	// Findings are what was found, hidden and kept, in reading order
	// (see [report.Sorted]).
	Findings []redact.Finding
	// Text is what OCR read outside the hidden values, a line of words
	// per line; no word a hidden value touches is in it.
	Text string
	// Captured is when the screenshot was taken, read from the input
	// (see [bundle.CaptureTime]), in the Config's Location;
	// CaptureSource says from what. Floating marks a time read without
	// a zone of its own (a file name's, EXIF without an offset).
	Captured      time.Time
	CaptureSource string
	Floating      bool
}

// Process redacts one image, data, named name (its file name, for the
// capture time; mod is the file's modification time, or zero): decode,
// analyse, apply the policy, verify unless cfg says not to (r's
// SkipVerify), encode. r is the worker's redactor (see [Run] and
// [Pool]). Nothing is returned but an error unless every step succeeded.
// It is [Analyze] and then [Analyzed.Finish] of the policy's selection.
func Process(ctx context.Context, r *redact.Redactor, name string, data []byte, mod time.Time, cfg *Config) (*Output, error) {
	a, err := Analyze(ctx, r, name, data, mod, cfg)
	if err != nil {
		return nil, err
	}
	return a.Finish(ctx, r, nil, nil)
}

// An Analyzed is an image read and analysed, nothing painted yet: what a
// review page shows, and a person changes the selection of, before
// [Analyzed.Finish] makes the output.
type Analyzed struct {
	*redact.Analysis
	Width, Height int
	Format        string // the input's ("png", "jpeg", "gif", …)
	// Captured, CaptureSource and Floating are as in [Output].
	Captured      time.Time
	CaptureSource string
	Floating      bool
}

// Analyze decodes and analyses one image (see [Process] for the
// arguments): the first half of Process.
func Analyze(ctx context.Context, r *redact.Redactor, name string, data []byte, mod time.Time, cfg *Config) (*Analyzed, error) {
	in, err := redact.Decode(data, cfg.maxPixels())
	if err != nil {
		return nil, err
	}
	a, err := r.Analyze(ctx, in.Image)
	if err != nil {
		return nil, err
	}
	b := in.Image.Bounds()
	an := &Analyzed{Analysis: a, Width: b.Dx(), Height: b.Dy(), Format: in.Format}
	an.Captured, an.CaptureSource, an.Floating = captureTime(filepath.Base(name), data, mod, cfg.location())
	return an, nil
}

// Finish makes the output of a: the findings hide reports true for are
// painted (nil: the policy's selection; see [redact.Analysis.Apply]),
// and drawn, boxes a person drew, are hidden too; then the result is
// verified, unless r.SkipVerify (a drawn box is verified like any other
// hidden region), and encoded. r is the worker's redactor, not
// necessarily the one that analysed a. a is not changed.
func (a *Analyzed) Finish(ctx context.Context, r *redact.Redactor, hide func(redact.Finding) bool, drawn []image.Rectangle) (*Output, error) {
	an := a.withDrawn(drawn)
	res := an.Apply(hide)
	if !r.SkipVerify {
		if err := r.Verify(ctx, an, res); err != nil {
			return nil, err
		}
	}
	o := &Output{Image: res.Image, Format: redact.OutputFormat(a.Format), Findings: report.Sorted(res.Findings),
		Width: a.Width, Height: a.Height, Captured: a.Captured, CaptureSource: a.CaptureSource, Floating: a.Floating}
	var buf bytes.Buffer
	if err := redact.Encode(&buf, res.Image, o.Format); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	o.Data = buf.Bytes()
	if o.Format != a.Format && a.Format != "png" {
		o.Converted = a.Format
	}
	o.Text = keptText(res.Words(), o.Findings)
	return o, nil
}

// ProcessFile is the work of [Run] that reads each input from its Path
// and processes it (see [Process]).
func ProcessFile(cfg *Config) func(context.Context, *redact.Redactor, Input) (*Output, error) {
	return func(ctx context.Context, r *redact.Redactor, in Input) (*Output, error) {
		data, mod, err := ReadFile(in.Path)
		if err != nil {
			return nil, err
		}
		return Process(ctx, r, in.Path, data, mod, cfg)
	}
}

// ReadFile reads an input and its modification time. Its error is the
// reason alone, without the path, which the caller names as it shows it.
func ReadFile(path string) ([]byte, time.Time, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, time.Time{}, fileerr.Reason(err)
	}
	var mod time.Time
	if st, err := os.Stat(path); err == nil {
		mod = st.ModTime()
	}
	return data, mod, nil
}

// captureTime reads when a screenshot was taken (see
// [bundle.CaptureTime]) in loc, and whether the reading was without a zone
// of its own: one that moves with the zone it is read in had none.
func captureTime(name string, data []byte, mod time.Time, loc *time.Location) (t time.Time, source string, floating bool) {
	utc, source := bundle.CaptureTime(name, data, mod, time.UTC)
	if utc.IsZero() {
		return utc, source, false
	}
	other, _ := bundle.CaptureTime(name, data, mod, probeZone)
	if floating = !other.Equal(utc); floating {
		return wallClock(utc, loc), source, true
	}
	return utc.In(loc), source, false
}

// wallClock is t's wall clock (read in t's own zone) in loc.
func wallClock(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// probeZone is a zone other than UTC, for captureTime: a time read in
// both that differs was read without a zone of its own.
var probeZone = time.FixedZone("probe", 5*3600+1800)

// keptText is the text of the words that no hidden finding touches, a
// line of words per line. A word that overlaps a hidden box by a single
// pixel is left out: the text never holds any part of a hidden value.
func keptText(words []ocr.Word, found []redact.Finding) string {
	var hidden []image.Rectangle
	for _, f := range found {
		if f.Redacted {
			hidden = append(hidden, f.Boxes...)
		}
	}
	var b strings.Builder
	var prev *ocr.Word
	for i := range words {
		wd := &words[i]
		text := strings.TrimSpace(wd.Text)
		if text == "" {
			continue
		}
		box := wd.Box.Inset(-1)
		if slices.ContainsFunc(hidden, func(r image.Rectangle) bool { return r.Overlaps(box) }) {
			continue
		}
		if prev != nil {
			sameLine := wd.Block == prev.Block && wd.Par == prev.Par && wd.Line == prev.Line &&
				wd.Box.Min.Y < prev.Box.Max.Y && wd.Box.Min.X >= prev.Box.Min.X
			if sameLine {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(text)
		prev = wd
	}
	return b.String()
}

// Check reads an image as Process does and returns what the policy finds
// in it, hidden and kept, in reading order, and its size. Nothing is
// painted or verified: it is what check reports of a file, redacted or
// not.
func Check(ctx context.Context, r *redact.Redactor, data []byte, cfg *Config) ([]redact.Finding, image.Point, error) {
	in, err := redact.Decode(data, cfg.maxPixels())
	if err != nil {
		return nil, image.Point{}, err
	}
	a, err := r.Analyze(ctx, in.Image)
	if err != nil {
		return nil, image.Point{}, err
	}
	return report.Sorted(a.Findings), in.Image.Bounds().Size(), nil
}

// Preview is a's image with a selection painted, as Finish would paint
// it, unverified: what a review page shows while the person decides.
func (a *Analyzed) Preview(hide func(redact.Finding) bool, drawn []image.Rectangle) *redact.Result {
	return a.withDrawn(drawn).Apply(hide)
}

// Shot is the bundle page that Finish of this selection would give, for
// the checklist, without painting: the counts of hidden values, the kept
// values and the text outside the hidden boxes. Open is nil.
func (a *Analyzed) Shot(name string, hide func(redact.Finding) bool, drawn []image.Rectangle) bundle.Shot {
	an := a.withDrawn(drawn)
	o := &Output{Captured: a.Captured, CaptureSource: a.CaptureSource, Findings: an.Select(hide)}
	o.Text = keptText(an.Words(), o.Findings)
	return NewShot(name, o, nil)
}

// withDrawn is a's analysis with the drawn boxes as hidden findings of
// the deny category (always hidden, as the person wants).
func (a *Analyzed) withDrawn(drawn []image.Rectangle) *redact.Analysis {
	if len(drawn) == 0 {
		return a.Analysis
	}
	c := *a.Analysis
	c.Findings = slices.Clone(a.Findings)
	for _, d := range drawn {
		c.Findings = append(c.Findings, redact.Finding{Category: redact.Deny, Boxes: []image.Rectangle{d}, Redacted: true, Masked: "(drawn)", Confidence: 1})
	}
	return &c
}
