package pipeline

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"redactpack/bundle"
	"redactpack/internal/atomicfile"
	"redactpack/internal/fileerr"
	"redactpack/redact"
)

// A Bundle redacts screenshots into a folder and writes the evidence PDF
// from there, so that no more than one decoded image per worker, and one
// for the PDF, is in memory at a time.
type Bundle struct {
	Config  *Config
	Options bundle.Options // the PDF's; Options.Location also reads capture times
	// Dir is where the redacted images go, at their Input.Rel (see
	// [OutputPath]). With Private, Dir is a temporary folder: images are
	// named by their index, so that two inputs called shot.png in
	// different folders cannot collide and nothing of a name reaches
	// disk.
	Dir     string
	Private bool
	// Redacted says the inputs are outputs of an earlier run: they are
	// redacted again all the same, and what that run's manifest recorded
	// of the originals (capture time, values hidden) is taken over.
	Redacted bool
	// Done, when set, is called with each input's outcome, in input
	// order; path is where its redacted image went.
	Done func(in Input, path string, out *Output, err error)
	// Selection, when set, gives each input as analysed already and the
	// selection to paint (a review page's: see [Analyzed.Finish]); the
	// input is not read again. A nil Analyzed fails that input.
	Selection func(in Input) (a *Analyzed, hide func(redact.Finding) bool, drawn []image.Rectangle)
	// Decide, when set, chooses what to paint on each input after it is
	// analysed: decisions a person made earlier (a review's), applied
	// again. It is given the shot's name, masked, as Input.Rel names it.
	Decide func(name string) (hide func(redact.Finding) bool, drawn []image.Rectangle)
	// Shots are the PDF's screenshots, after Write.
	Shots []bundle.Shot

	names  map[string]string // Input.Path → Input.Rel, as given
	masker *redact.Masker
}

// ErrNoShots is returned by [Bundle.Write] when no input could be
// redacted: no PDF is written.
var ErrNoShots = errors.New("no screenshot could be redacted")

// Write redacts inputs into b.Dir (see [Run]) and writes the PDF to pdf,
// atomically. Inputs that fail are left out (Done is told); when none is
// left, it returns ErrNoShots. The shots are named by Input.Rel, masked.
func (b *Bundle) Write(ctx context.Context, inputs []Input, pdf string) (bundle.Summary, error) {
	absPDF, _ := filepath.Abs(pdf)
	for _, in := range inputs {
		if abs, _ := filepath.Abs(in.Path); abs == absPDF {
			return bundle.Summary{}, conflictf("output %q is one of the inputs", pdf)
		}
	}
	names := make(map[string]string, len(inputs))
	b.names, b.masker = names, b.Config.Policy.Masker()
	work := make([]Input, len(inputs))
	paths := make([]string, len(inputs))
	for i, in := range inputs {
		names[in.Path] = in.Rel
		work[i], paths[i] = in, in.Path
		if b.Private {
			work[i].Rel = fmt.Sprintf("%06d%s", i+1, strings.ToLower(filepath.Ext(in.Rel)))
		}
	}
	if !b.Private {
		if err := CheckOutputs(work, b.Dir); err != nil {
			return bundle.Summary{}, err
		}
	}
	var prior PriorRuns
	if b.Redacted {
		prior = LoadPriorRuns(paths)
	}
	err := Run(ctx, b.Config, work, b.redactShot, func(in Input, res *shot, err error) {
		if b.Done != nil {
			var path string
			var out *Output
			if res != nil {
				path, out = res.path, res.out
			}
			b.Done(in, path, out, err)
		}
		if err != nil {
			return
		}
		s := NewShot(b.mask(names[in.Path]), res.out, OpenFile(res.path, b.Config.MaxPixels))
		s.Prepared = res.prepared
		if b.Redacted {
			b.fromPrior(&s, prior[in.Path], res.out)
		}
		b.Shots = append(b.Shots, s)
	})
	if err != nil {
		return bundle.Summary{}, err
	}
	if len(b.Shots) == 0 {
		return bundle.Summary{}, ErrNoShots
	}
	var sum bundle.Summary
	err = atomicfile.Write(pdf, 0o600, func(w io.Writer) error {
		var err error
		sum, err = bundle.Write(w, b.Options, b.Shots)
		return err
	})
	if err != nil {
		return sum, fmt.Errorf("cannot write %q: %w", pdf, fileerr.Reason(err))
	}
	return sum, nil
}

// shot is what a worker made of one screenshot.
type shot struct {
	path     string  // of the redacted image
	out      *Output // without its image and data
	prepared *bundle.Prepared
}

// redactShot is the worker's part: read the input once, redact it into
// Dir, and lay out its page of the PDF from the image in memory
// (bundle.Write would otherwise decode every output again and encode it,
// one after another, after the last one).
func (b *Bundle) redactShot(ctx context.Context, r *redact.Redactor, in Input) (*shot, error) {
	out, err := b.redact(ctx, r, in)
	if err != nil {
		return nil, err
	}
	res := &shot{out: out, path: OutputPath(b.Dir, in)}
	if res.prepared, err = bundle.Prepare(out.Image); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if err := atomicfile.WriteBytes(res.path, 0o600, out.Data); err != nil {
		return nil, fmt.Errorf("cannot write output: %w", fileerr.Reason(err))
	}
	out.Image, out.Data = nil, nil
	return res, nil
}

// redact makes in's output: from its Selection, else from the file.
func (b *Bundle) redact(ctx context.Context, r *redact.Redactor, in Input) (*Output, error) {
	if b.Selection != nil {
		a, hide, drawn := b.Selection(in)
		if a == nil {
			return nil, errors.New("not analysed")
		}
		return a.Finish(ctx, r, hide, drawn)
	}
	data, mod, err := ReadFile(in.Path)
	if err != nil {
		return nil, err
	}
	if b.Redacted {
		// A redacted file's own time is when it was redacted.
		mod = time.Time{}
	}
	if b.Decide == nil {
		return Process(ctx, r, in.Path, data, mod, b.Config)
	}
	a, err := Analyze(ctx, r, in.Path, data, mod, b.Config)
	if err != nil {
		return nil, err
	}
	hide, drawn := b.Decide(b.mask(b.names[in.Path]))
	return a.Finish(ctx, r, hide, drawn)
}

func (b *Bundle) mask(s string) string {
	return b.masker.Mask(s)
}

// fromPrior completes the shot of an input given as redacted with what
// the run that made it recorded (p, zero when nothing): the capture time
// of the original, the values hidden then. What is still readable in it
// is hidden now, and Options.Warn is told.
func (b *Bundle) fromPrior(s *bundle.Shot, p Entry, out *Output) {
	for c, n := range p.Hidden {
		s.Hidden[c] += n
	}
	if !p.Captured.IsZero() {
		s.Captured, s.CaptureSource = p.Capture(b.Options.Location), p.Source
	}
	var still []string
	for _, f := range out.Findings {
		if f.Redacted {
			still = append(still, string(f.Category)+" "+f.Masked)
		}
	}
	if len(still) > 0 && b.Options.Warn != nil {
		b.Options.Warn(fmt.Sprintf("%s: still readable although given as --redacted: %s; hidden now", s.Name, strings.Join(still, ", ")))
	}
}

// A ConflictError is an output that would replace an input, or that two
// inputs would write: the run is refused before anything is done.
type ConflictError struct{ msg string }

func (e *ConflictError) Error() string { return e.msg }

func conflictf(format string, args ...any) error {
	return &ConflictError{fmt.Sprintf(format, args...)}
}

// CheckOutputs refuses a run into outDir in which an output would replace
// an input, or two inputs would write the same output.
func CheckOutputs(inputs []Input, outDir string) error {
	ins := make(map[string]bool)
	for _, in := range inputs {
		abs, _ := filepath.Abs(in.Path)
		ins[abs] = true
	}
	outs := make(map[string]string)
	for _, in := range inputs {
		path := OutputPath(outDir, in)
		out, _ := filepath.Abs(path)
		if ins[out] {
			return conflictf("output %q would overwrite an input; choose another -o folder", path)
		}
		if st, err := os.Stat(out); err == nil {
			if ist, err := os.Stat(in.Path); err == nil && os.SameFile(st, ist) {
				return conflictf("output %q is the input itself; choose another -o folder", path)
			}
		}
		if prev, ok := outs[out]; ok {
			return conflictf("inputs %q and %q would both be written to %q; redact them into separate folders", prev, in.Path, path)
		}
		outs[out] = in.Path
	}
	return nil
}
