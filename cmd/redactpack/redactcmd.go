package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"redactpack/internal/atomicfile"
	"redactpack/ocr"
	"redactpack/redact"
	"redactpack/report"
)

const redactHelp = `Usage:
    redactpack redact [flags] -o OUTDIR FILE|DIR...

Redacts screenshots: OCR reads each image, detectors find e-mails, phone
numbers, postal and wallet addresses, balances, ID and card numbers and seed
phrases, and the policy decides what is hidden and how. Each output goes to
OUTDIR/<same relative path and name>: a file given by name to OUTDIR/NAME,
one folder's DIR/a/b.png to OUTDIR/a/b.png, and when several folders are
given, each under its own name (DIR/a/b.png to OUTDIR/DIR/a/b.png). Same
format and pixel size (JPEG
re-encoded at quality 92; GIF, BMP, TIFF and WebP become PNG), freshly
encoded with no metadata, readable by you only (mode 0600). Inputs are never
modified. An image that cannot be read or OCR'd gets an error and no output.

Runs are incremental: OUTDIR/.redactpack-manifest.json remembers each
input's size, time and hash with the policy, OCR settings and version, and
an input whose output is current is skipped ("up to date"). The manifest is
saved every 20 images, at the end, on Ctrl-C or SIGTERM and when the output
disk is full (which stops the run), so a run stopped by any of these or by
a crash resumes where it was; --force redoes everything. --json prints a
summary for scripts on standard output.

Examples:
    redactpack redact -o redacted ~/Desktop/Screenshot*.png
    redactpack redact -o out --report out/report.json screenshots/
    redactpack redact -o out --keep balance --policy strict shots/
    redactpack redact -q --json -o ~/redacted ~/Pictures/Screenshots
`

func runRedact(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("redact", pflag.ContinueOnError)
	var c common
	c.register(fs)
	var outDir string
	fs.StringVarP(&outDir, "output", "o", "", "write redacted images under `OUTDIR`")
	var force, jsonOut bool
	fs.BoolVar(&force, "force", false, "redo every image, even those whose output is up to date")
	fs.BoolVar(&jsonOut, "json", false, "print the summary as JSON on standard output")
	if done, err := parseFlags(fs, args, e, redactHelp); done {
		return err
	}
	if outDir == "" {
		return usageErrorf("redact needs an output folder: -o OUTDIR")
	}
	if fs.NArg() == 0 {
		return usageErrorf("redact needs at least one FILE or DIR")
	}
	pol, polSrc, err := c.setup()
	if err != nil {
		return err
	}
	b := &batch{env: e, common: &c, policy: pol, policySrc: polSrc, newEngine: func() (ocr.Engine, error) { return newEngine(&c) }}
	b.force, b.jsonSummary = force, jsonOut
	return b.redactTo(ctx, outDir, fs.Args())
}

// batch is one run of the redact pipeline over files.
type batch struct {
	*env
	*common
	policy      *redact.Policy
	policySrc   []byte // the policy's text, as loaded (with the --redact/--keep line)
	newEngine   newEngineFunc
	force       bool // redo up-to-date outputs (manifest.go)
	jsonSummary bool // print the summary as JSON on stdout
	// writeOutput writes an output image; nil means atomicfile.WriteBytes.
	// Tests fail it as a full disk does.
	writeOutput func(path string, perm os.FileMode, data []byte) error

	report  report.Report
	failed  int
	hidden  map[redact.Category]int
	written int
}

// notef and problemf print one line; control characters that a name or an
// error brought are escaped (escapeControls).
func (b *batch) notef(format string, args ...any) {
	if !b.quiet {
		fmt.Fprintf(b.stderr, "redactpack: %s\n", escapeControls(fmt.Sprintf(format, args...)))
	}
}

func (b *batch) problemf(format string, args ...any) {
	b.failed++
	fmt.Fprintf(b.stderr, "redactpack: error: %s\n", escapeControls(fmt.Sprintf(format, args...)))
}

// maskName hides sensitive values in a file name before it is shown.
func (b *batch) maskName(p string) string {
	m, _ := b.policy.MaskText(p)
	return m
}

// progressWriter is stderr when it is a terminal and not quiet, else nil.
func (b *batch) progressWriter() io.Writer {
	if b.quiet {
		return nil
	}
	if f, ok := b.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f
	}
	return nil
}

// redacted is one image's outcome.
type redacted struct {
	out    string
	width  int
	height int
	found  []redact.Finding
	format string
	entry  *manifestEntry // for the output folder's manifest (manifest.go)
}

// redactTo redacts every input into outDir.
func (b *batch) redactTo(ctx context.Context, outDir string, args []string) error {
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return err
	}
	b.hidden = make(map[redact.Category]int)
	b.report = report.New("redactpack "+toolVersion(), b.policy.Name)
	inputs := collectInputs(args, []string{absOut}, func(s string) {
		b.report.Skipped = append(b.report.Skipped, b.maskName(s))
		b.notef("%s", b.maskName(s))
	}, func(s string) { b.problemf("%s", b.maskName(s)) })
	if err := b.checkOutputs(inputs, outDir); err != nil {
		return err
	}
	if len(inputs) == 0 {
		if b.failed > 0 {
			return errFailed
		}
		return usageErrorf("no images found in %s", strings.Join(args, " "))
	}
	tr, todo := b.track(outDir, inputs)
	for _, in := range tr.upToDate {
		b.report.UpToDate = append(b.report.UpToDate, b.maskName(in.path))
	}
	if len(todo) > 0 {
		err = runBatch(ctx, todo, b.jobs, redactorOpts{b.policy, !b.noVerify}, b.newEngine, b.progressWriter(),
			func(ctx context.Context, r *redact.Redactor, in input) (*redacted, error) {
				return b.redactTracked(ctx, r, in, outDir)
			},
			func(in input, res *redacted, err error) {
				b.record(in, res, err)
				tr.done(in, res, err)
			})
	}
	tr.save()
	if err != nil {
		return b.stopped(err, tr, len(inputs), outDir)
	}
	if c := b.common.report; c != "" {
		data, _ := json.MarshalIndent(b.report, "", "  ")
		if err := atomicfile.WriteBytes(c, 0o600, append(data, '\n')); err != nil {
			return fmt.Errorf("cannot write report: %w", err)
		}
	}
	line := b.summary(outDir)
	if n := len(tr.upToDate); n > 0 {
		line += fmt.Sprintf("; %d up to date", n)
	}
	b.notef("%s", line)
	if b.jsonSummary {
		data, _ := jsonIndent(tr.summary(len(inputs)))
		if _, err := b.stdout.Write(data); err != nil {
			return err
		}
	}
	if b.failed > 0 {
		return errFailed
	}
	return nil
}

// stopped turns the error that ended a batch early into what the user is
// told: how many images are done and kept in the manifest, and how to go
// on.
func (b *batch) stopped(err error, tr *tracker, total int, outDir string) error {
	n := len(tr.upToDate) + b.written
	done := fmt.Sprintf("%d of %d image(s) done", n, total)
	switch {
	case tr.unsaved():
		done += fmt.Sprintf(" in %s, but not recorded", outDir)
	case n > 0:
		done += ", saved in " + outDir
	}
	switch {
	case errors.Is(err, context.Canceled):
		return interrupted{done + "; run again to resume"}
	case stopsBatch(err):
		return hinted{fmt.Errorf("stopped: %w", pathErr(err)), done + "; make room on the disk and run again to resume"}
	}
	return err
}

// record reports one input's outcome and adds it to the report and the
// counts. An output path of "" is left out of the report.
func (b *batch) record(in input, res *redacted, err error) {
	name := b.maskName(in.path)
	if err != nil {
		b.problemf("cannot redact %q: %v", name, err)
		b.report.Failed = append(b.report.Failed, report.Failed{Input: name, Error: err.Error()})
		return
	}
	b.written++
	out := ""
	if res.out != "" {
		out = b.maskName(res.out)
	}
	ir := report.NewImage(name, out, res.width, res.height, res.found)
	for c, n := range redact.CountHidden(res.found) {
		b.hidden[c] += n
	}
	b.report.Images = append(b.report.Images, ir)
	if res.format != "" {
		b.notef("%s: written as PNG (%s output is not supported)", name, strings.ToUpper(res.format))
	}
}

// summary is the one line printed at the end of a batch.
func (b *batch) summary(outDir string) string {
	var parts []string
	total := 0
	for _, c := range redact.Categories() {
		if n := b.hidden[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
			total += n
		}
	}
	if n := b.hidden[redact.Deny]; n > 0 {
		parts = append(parts, fmt.Sprintf("deny %d", n))
		total += n
	}
	s := fmt.Sprintf("redacted %d image(s) into %s: %d value(s) hidden", b.written, outDir, total)
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	if b.failed > 0 {
		s += fmt.Sprintf("; %d failed", b.failed)
	}
	return s
}

// outputPath is where in's redacted image goes.
func outputPath(outDir string, in input) string {
	rel := filepath.FromSlash(in.rel)
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".png", ".jpg", ".jpeg":
	default:
		rel = strings.TrimSuffix(rel, filepath.Ext(rel)) + ".png"
	}
	return filepath.Join(outDir, rel)
}

// checkOutputs refuses a run in which an output would replace an input, or
// two inputs would write the same output.
func (b *batch) checkOutputs(inputs []input, outDir string) error {
	ins := make(map[string]bool)
	for _, in := range inputs {
		abs, _ := filepath.Abs(in.path)
		ins[abs] = true
	}
	outs := make(map[string]string)
	for _, in := range inputs {
		out, _ := filepath.Abs(outputPath(outDir, in))
		if ins[out] {
			return usageErrorf("output %q would overwrite an input; choose another -o folder", outputPath(outDir, in))
		}
		if st, err := os.Stat(out); err == nil {
			if ist, err := os.Stat(in.path); err == nil && os.SameFile(st, ist) {
				return usageErrorf("output %q is the input itself; choose another -o folder", outputPath(outDir, in))
			}
		}
		if prev, ok := outs[out]; ok {
			return usageErrorf("inputs %q and %q would both be written to %q; redact them into separate folders", prev, in.path, outputPath(outDir, in))
		}
		outs[out] = in.path
	}
	return nil
}

// redactData redacts one image already read and writes its output.
// Nothing is written unless every step succeeded. then, if not nil, is
// given the redacted image, still in memory, before the output is written;
// its error fails the image.
func (b *batch) redactData(ctx context.Context, r *redact.Redactor, in input, data []byte, outDir string, then func(image.Image) error) (*redacted, error) {
	img, err := redact.Decode(data, b.maxPixels)
	if err != nil {
		return nil, err
	}
	res, err := r.Redact(ctx, img.Image)
	if err != nil {
		return nil, err
	}
	format := redact.OutputFormat(img.Format)
	var buf bytes.Buffer
	if err := redact.Encode(&buf, res.Image, format); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	out := outputPath(outDir, in)
	if then != nil {
		if err := then(res.Image); err != nil {
			return nil, err
		}
	}
	write := b.writeOutput
	if write == nil {
		write = atomicfile.WriteBytes
	}
	if err := write(out, 0o600, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("cannot write output: %w", pathErr(err))
	}
	bd := res.Image.Bounds()
	rd := &redacted{out: out, width: bd.Dx(), height: bd.Dy(), found: report.Sorted(res.Findings)}
	if format != img.Format && img.Format != "png" {
		rd.format = img.Format
	}
	return rd, nil
}
