package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"redactpack/internal/atomicfile"
	"redactpack/internal/fileerr"
	"redactpack/pipeline"
	"redactpack/redact"
	"redactpack/report"
)

// A ledger is what one run of a command says and finds: its lines on
// stderr, its --report and the values hidden per category.
type ledger struct {
	stderr io.Writer
	quiet  bool
	masker *redact.Masker

	report  report.Report
	hidden  map[redact.Category]int
	found   map[redact.Category]int // hidden or kept
	failed  int
	written int
}

func newLedger(e *env, c *common, cfg *pipeline.Config) *ledger {
	return &ledger{stderr: e.stderr, quiet: c.quiet, masker: cfg.Policy.Masker(),
		report: report.New("redactpack "+toolVersion(), cfg.Policy.Name),
		hidden: make(map[redact.Category]int), found: make(map[redact.Category]int)}
}

// notef and problemf print one line; control characters that a name or an
// error brought are escaped (escapeControls).
func (l *ledger) notef(format string, args ...any) {
	if !l.quiet {
		fmt.Fprintf(l.stderr, "redactpack: %s\n", escapeControls(fmt.Sprintf(format, args...)))
	}
}

func (l *ledger) problemf(format string, args ...any) {
	l.failed++
	fmt.Fprintf(l.stderr, "redactpack: error: %s\n", escapeControls(fmt.Sprintf(format, args...)))
}

// warnf prints a warning, unless quiet.
func (l *ledger) warnf(format string, args ...any) {
	l.notef("warning: "+format, args...)
}

// mask hides sensitive values in a name before it is shown.
func (l *ledger) mask(s string) string {
	return l.masker.Mask(s)
}

// collect finds the images among args (see pipeline.Collect), noting the
// files skipped unless ignore says not to, and reporting the problems.
func (l *ledger) collect(args, skip []string, ignore func(note string) bool) []pipeline.Input {
	return pipeline.Collect(args, skip, func(s string) {
		if ignore != nil && ignore(s) {
			return
		}
		l.report.Skipped = append(l.report.Skipped, l.mask(s))
		l.notef("%s", l.mask(s))
	}, func(s string) { l.problemf("%s", l.mask(s)) })
}

// fail reports an input that got no output: what could not be done to it
// ("redact") and why.
func (l *ledger) fail(verb, name string, err error) {
	name = l.mask(name)
	l.problemf("cannot %s %q: %v", verb, name, err)
	l.report.Failed = append(l.report.Failed, report.Failed{Input: name, Error: err.Error()})
}

// add reports one input's findings; input and output are masked here.
func (l *ledger) add(input, output string, out *pipeline.Output) {
	l.written++
	if output != "" {
		output = l.mask(output)
	}
	l.report.Images = append(l.report.Images, report.NewImage(l.mask(input), output, out.Width, out.Height, out.Findings))
	for c, n := range redact.CountHidden(out.Findings) {
		l.hidden[c] += n
	}
	for _, f := range out.Findings {
		l.found[f.Category]++
	}
	if out.Converted != "" {
		l.notef("%s: written as PNG (%s output is not supported)", l.mask(input), strings.ToUpper(out.Converted))
	}
}

// totalHidden is the number of values hidden, and the per-category
// counts as "email 2, phone 1".
func (l *ledger) totalHidden() (int, string) {
	var parts []string
	total := 0
	for _, c := range append(redact.Categories(), redact.Deny) {
		if n := l.hidden[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
			total += n
		}
	}
	return total, strings.Join(parts, ", ")
}

// writeJSON writes v as indented JSON to path, atomically, readable by the
// owner.
func writeJSON(path string, v any) error {
	data, err := jsonIndent(v)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(path, 0o600, data); err != nil {
		return fmt.Errorf("cannot write report: %w", fileerr.Reason(err))
	}
	return nil
}

// progressBar returns a pipeline.Config.Progress that draws a bar on
// stderr when it is a terminal and quiet is not set, and the function
// that clears it at the end. A batch of one image gets none.
func progressBar(stderr io.Writer, quiet bool) (progress func(done, total int), finish func()) {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	progress = func(done, total int) {
		if bar == nil && total > 1 {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription("redacting"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100_000_000),
			)
		}
		if bar != nil {
			bar.Set(done)
		}
	}
	return progress, func() {
		if bar != nil {
			bar.Finish()
		}
	}
}

// ocrError adds the install hint to a failure to start OCR.
func ocrError(err error) error {
	if _, ok := errors.AsType[*pipeline.EngineError](err); ok {
		return hinted{err, ocrHint(err)}
	}
	return err
}
