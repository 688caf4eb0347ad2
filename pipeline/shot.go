package pipeline

import (
	"image"
	"os"

	"redactpack/bundle"
	"redactpack/internal/fileerr"
	"redactpack/redact"
	"redactpack/report"
)

// NewShot is the page of the evidence bundle for out: name is what it is
// called there (mask it first: [redact.Policy.MaskText]), open returns the
// redacted image when the PDF is written ([OpenFile], [OpenData]). The
// shot says when the screenshot was taken, how many values of each
// category are hidden, the kept values the checklist looks for, and the
// text read outside the hidden values.
func NewShot(name string, out *Output, open func() (image.Image, error)) bundle.Shot {
	var kept map[string][]string
	for _, f := range out.Findings {
		if !f.Redacted && f.Text != "" {
			if kept == nil {
				kept = make(map[string][]string)
			}
			kept[string(f.Category)] = append(kept[string(f.Category)], f.Text)
		}
	}
	return bundle.Shot{
		Name:          name,
		Open:          open,
		Captured:      out.Captured,
		CaptureSource: out.CaptureSource,
		Hidden:        report.Hidden(out.Findings),
		Kept:          kept,
		Text:          out.Text,
	}
}

// OpenFile is a Shot's Open for an output written to path: it is decoded
// from disk each time it is needed, not kept in memory.
func OpenFile(path string, maxPixels int64) func() (image.Image, error) {
	return func() (image.Image, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fileerr.Reason(err)
		}
		return decode(data, maxPixels)
	}
}

// OpenData is a Shot's Open for an output held in memory, encoded.
func OpenData(data []byte) func() (image.Image, error) {
	return func() (image.Image, error) { return decode(data, 0) }
}

func decode(data []byte, maxPixels int64) (image.Image, error) {
	in, err := redact.Decode(data, maxPixels)
	if err != nil {
		return nil, err
	}
	return in.Image, nil
}
