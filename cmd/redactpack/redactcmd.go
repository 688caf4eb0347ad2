package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"redactpack/internal/fileerr"
	"redactpack/internal/interrupt"
	"redactpack/pipeline"
)

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
	cfg, _, err := c.setup(e)
	if err != nil {
		return err
	}
	rr := &redactRun{cfg: cfg, log: newLedger(e, &c, cfg), outDir: outDir, force: force, reportPath: c.report}
	sum, err := rr.run(ctx, fs.Args())
	if err != nil {
		return err
	}
	if jsonOut {
		data, _ := jsonIndent(sum)
		if _, err := e.stdout.Write(data); err != nil {
			return err
		}
	}
	if rr.log.failed > 0 {
		return errFailed
	}
	return nil
}

// A redactRun is one run of redact into an output folder.
type redactRun struct {
	cfg        *pipeline.Config
	log        *ledger
	outDir     string
	force      bool   // redo up-to-date outputs
	reportPath string // --report
	// writeOutput writes an output image; nil means atomicfile.WriteBytes.
	// Tests fail it as a full disk does.
	writeOutput func(path string, perm os.FileMode, data []byte) error
}

// run redacts every input into the output folder and returns the --json
// summary.
func (rr *redactRun) run(ctx context.Context, args []string) (*jsonSummary, error) {
	absOut, err := filepath.Abs(rr.outDir)
	if err != nil {
		return nil, err
	}
	inputs := rr.log.collect(args, []string{absOut}, nil)
	if len(inputs) == 0 {
		if rr.log.failed > 0 {
			return nil, errFailed
		}
		return nil, usageErrorf("no images found in %s", strings.Join(args, " "))
	}
	warned := false
	f := &pipeline.Folder{Config: rr.cfg, Dir: rr.outDir, Tool: buildID(), Force: rr.force, WriteFile: rr.writeOutput,
		Done: func(in pipeline.Input, path string, out *pipeline.Output, err error) {
			if err != nil {
				rr.log.fail("redact", in.Path, err)
				return
			}
			rr.log.add(in.Path, path, out)
		},
		SaveError: func(err error) {
			if !warned {
				warned = true
				fmt.Fprintf(rr.log.stderr, "redactpack: warning: cannot save %s: %s; the next run will redo these images\n",
					pipeline.ManifestName, escapeControls(fileerr.Reason(err).Error()))
			}
		}}
	var finish func()
	rr.cfg.Progress, finish = progressBar(rr.log.stderr, rr.log.quiet)
	rr.cfg.Abandon = interrupt.Now(ctx)
	err = f.Redact(ctx, inputs)
	finish()
	for _, in := range f.UpToDate {
		rr.log.report.UpToDate = append(rr.log.report.UpToDate, rr.log.mask(in.Path))
	}
	if err != nil {
		return nil, rr.stopped(err, f, len(inputs))
	}
	if rr.reportPath != "" {
		if err := writeJSON(rr.reportPath, rr.log.report); err != nil {
			return nil, err
		}
	}
	total, parts := rr.log.totalHidden()
	line := fmt.Sprintf("redacted %d image(s) into %s: %d value(s) hidden", rr.log.written, rr.outDir, total)
	if parts != "" {
		line += " (" + parts + ")"
	}
	if rr.log.failed > 0 {
		line += fmt.Sprintf("; %d failed", rr.log.failed)
	}
	if n := len(f.UpToDate); n > 0 {
		line += fmt.Sprintf("; %d up to date", n)
	}
	rr.log.notef("%s", line)
	return rr.summary(len(inputs), len(f.UpToDate)), nil
}

// stopped turns the error that ended a batch early into what the user is
// told: how many images are done and kept in the manifest, and how to go
// on.
func (rr *redactRun) stopped(err error, f *pipeline.Folder, total int) error {
	if _, ok := errors.AsType[*pipeline.ConflictError](err); ok {
		return usageErrorf("%v", err)
	}
	n := len(f.UpToDate) + rr.log.written
	done := fmt.Sprintf("%d of %d image(s) done", n, total)
	switch {
	case f.Unsaved():
		done += fmt.Sprintf(" in %s, but not recorded", rr.outDir)
	case n > 0:
		done += ", saved in " + rr.outDir
	}
	switch {
	case errors.Is(err, context.Canceled):
		return interrupted{done + "; run again to resume"}
	case pipeline.StopsBatch(err):
		return hinted{fmt.Errorf("stopped: %w", fileerr.Reason(err)), done + "; make room on the disk and run again to resume"}
	}
	return ocrError(err)
}
