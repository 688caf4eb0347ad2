// Package report defines the JSON reports redactpack writes with --report
// and builds them from redaction findings. Reports carry masked values
// only: a finding's value appears as [redact.Finding.Masked], never as
// read.
package report

import (
	"image"
	"slices"

	"redactpack/redact"
)

// A Report is the JSON of one run of redact, check or mail. Input and
// output names are as the caller gives them; mask what they may show first
// ([redact.Policy.MaskText]).
type Report struct {
	Tool    string   `json:"tool"`
	Policy  string   `json:"policy"`
	Images  []Image  `json:"images"`
	Failed  []Failed `json:"failed,omitempty"`
	Skipped []string `json:"skipped,omitempty"`
	// UpToDate lists inputs not redone because their outputs are current.
	UpToDate []string `json:"up_to_date,omitempty"`
}

// New returns an empty report of tool and the policy named policy. Its
// Images is empty, not nil, so that it reads as [] in JSON.
func New(tool, policy string) Report {
	return Report{Tool: tool, Policy: policy, Images: []Image{}}
}

// A Bundle is the report of a run that wrote an evidence PDF (bundle,
// drop mode): the images' report and what was written; PDF is "" when no
// PDF could be written.
type Bundle struct {
	Report
	PDF     string   `json:"pdf"`
	Pages   int      `json:"pages"`
	Size    int64    `json:"size"`
	Missing []string `json:"missing,omitempty"` // checklist items missing, by ID
}

// An Image is what was found in one input, and where its output went.
type Image struct {
	Input    string    `json:"input"`
	Output   string    `json:"output,omitempty"`
	Width    int       `json:"width"`
	Height   int       `json:"height"`
	Findings []Finding `json:"findings"`
}

// A Finding is one value found, masked.
type Finding struct {
	Category   string   `json:"category"`
	Action     string   `json:"action"` // "redact" or "keep"
	Confidence float64  `json:"confidence"`
	Masked     string   `json:"masked"`
	Boxes      [][4]int `json:"boxes"` // x, y, width, height
}

// Failed is an input that got no output, and why.
type Failed struct {
	Input string `json:"input"`
	Error string `json:"error"`
}

// NewImage reports the findings fs of an input of the given size, in
// reading order (see [Sorted]; fs itself is not reordered).
func NewImage(input, output string, width, height int, fs []redact.Finding) Image {
	im := Image{Input: input, Output: output, Width: width, Height: height, Findings: []Finding{}}
	for _, f := range Sorted(fs) {
		im.Findings = append(im.Findings, NewFinding(f))
	}
	return im
}

// NewFinding reports f with its masked value, confidence to two places and
// boxes as x, y, width, height.
func NewFinding(f redact.Finding) Finding {
	action := "keep"
	if f.Redacted {
		action = "redact"
	}
	fr := Finding{Category: string(f.Category), Action: action, Confidence: float64(int(f.Confidence*100+0.5)) / 100, Masked: f.Masked, Boxes: [][4]int{}}
	for _, r := range f.Boxes {
		fr.Boxes = append(fr.Boxes, [4]int{r.Min.X, r.Min.Y, r.Dx(), r.Dy()})
	}
	return fr
}

// Sorted returns a copy of fs in reading order: by the top, then the left,
// of each finding's first box.
func Sorted(fs []redact.Finding) []redact.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b redact.Finding) int {
		pa, pb := firstBox(a).Min, firstBox(b).Min
		if pa.Y != pb.Y {
			return pa.Y - pb.Y
		}
		return pa.X - pb.X
	})
	return out
}

func firstBox(f redact.Finding) image.Rectangle {
	if len(f.Boxes) == 0 {
		return image.Rectangle{}
	}
	return f.Boxes[0]
}

// Hidden counts the hidden findings of fs per category name, the form
// manifests and bundle shots keep ([redact.CountHidden]).
func Hidden(fs []redact.Finding) map[string]int {
	m := make(map[string]int)
	for c, n := range redact.CountHidden(fs) {
		m[string(c)] = n
	}
	return m
}
