package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"redactpack/internal/interrupt"
	"redactpack/pipeline"
	"redactpack/redact"
	"redactpack/review"
)

func runReview(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("review", pflag.ContinueOnError)
	var c common
	registerCommonOCR(fs, &c)
	var bf bundleFlags
	bf.register(fs)
	var noOpen bool
	var idle time.Duration
	fs.BoolVar(&noOpen, "no-open", false, "print the page's address instead of opening the browser")
	fs.DurationVar(&idle, "idle", 30*time.Minute, "stop the page after `DURATION` without a request")
	if done, err := parseFlags(fs, args, e, reviewHelp); done {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("review needs at least one FILE or DIR")
	}
	bd, err := newBundler(e, &c, &bf, fs.Args())
	if err != nil {
		return err
	}
	if len(bd.side.args) == 0 {
		return usageErrorf("no images given, only %s", strings.Join(bd.side.picked, " "))
	}
	first, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return err
	}
	parent := filepath.Dir(first)
	inputs, err := bd.collect(bd.side.args, append([]string{evidenceDirName(parent, time.Now())}, earlierEvidence(bd.side.args)...))
	if err != nil {
		return err
	}
	shots, err := bd.analyze(ctx, inputs)
	if err != nil {
		return err
	}
	o := bd.job.Options
	sess := review.NewSession(shots, o.Statement, o.Category, o.Ticket)
	srv := &review.Server{Session: sess, Lang: o.Lang, Idle: idle,
		Build: func(context.Context) (review.Built, error) { return bd.buildReviewed(ctx, sess, shots, parent) }}
	ln, err := srv.Listen()
	if err != nil {
		return fmt.Errorf("cannot start the review page: %w", err)
	}
	// The address is always printed: an opener may find no browser, and
	// its token is good for this run only.
	fmt.Fprintf(e.stderr, "redactpack: review: the page is at %s (Ctrl-C stops it)\n", srv.URL())
	if !noOpen {
		if err := openPath(srv.URL()); err != nil {
			fmt.Fprintf(e.stderr, "redactpack: warning: cannot open a browser: %v; open the address above\n", err)
		}
	}
	built, err := srv.Serve(ctx, ln)
	if built == nil {
		if err == nil || errors.Is(err, context.Canceled) {
			return interrupted{"the review ended before the bundle was built; nothing was written"}
		}
		return fmt.Errorf("review: %w; nothing was written", err)
	}
	fmt.Fprintln(e.stdout, displayDir(built.Dir))
	if bd.log.failed > 0 {
		return errFailed
	}
	return nil
}

// analyze reads and analyses the inputs, for the review; those that fail
// are reported and left out.
func (bd *bundler) analyze(ctx context.Context, inputs []pipeline.Input) ([]*review.Shot, error) {
	var finish func()
	bd.cfg.Progress, finish = progressBar(bd.log.stderr, bd.log.quiet)
	bd.cfg.Abandon = interrupt.Now(ctx)
	var shots []*review.Shot
	err := pipeline.Run(ctx, bd.cfg, inputs, func(ctx context.Context, r *redact.Redactor, in pipeline.Input) (*pipeline.Analyzed, error) {
		data, mod, err := pipeline.ReadFile(in.Path)
		if err != nil {
			return nil, err
		}
		return pipeline.Analyze(ctx, r, in.Path, data, mod, bd.cfg)
	}, func(in pipeline.Input, a *pipeline.Analyzed, err error) {
		if err != nil {
			bd.log.fail("read", in.Path, err)
			return
		}
		shots = append(shots, &review.Shot{Input: in, Name: bd.log.mask(in.Rel), Analyzed: a})
	})
	finish()
	if err != nil {
		return nil, ocrError(err)
	}
	if len(shots) == 0 {
		return nil, errFailed
	}
	return shots, nil
}

// buildReviewed writes the bundle of the session's selection into a new
// evidence folder in parent, as drop mode does, and review.json beside it.
func (bd *bundler) buildReviewed(ctx context.Context, sess *review.Session, shots []*review.Shot, parent string) (review.Built, error) {
	st, category, ticket := sess.Statement()
	bd.job.Options.Statement, bd.job.Options.Category, bd.job.Options.Ticket = st, category, ticket
	bd.job.Selection = sess.Selection
	inputs := make([]pipeline.Input, len(shots))
	for i, sh := range shots {
		inputs[i] = sh.Input
	}
	outDir, err := mkEvidenceDir(parent, evidenceDirName(parent, time.Now()))
	if err != nil {
		return review.Built{}, err
	}
	if err := bd.drop(ctx, inputs, outDir); err != nil && !errors.Is(err, errFailed) {
		return review.Built{}, err
	}
	if err := sess.Decisions(bd.job.Options.MaskOwn).Save(filepath.Join(outDir, review.DecisionsName)); err != nil {
		return review.Built{}, fmt.Errorf("cannot write %s: %w", review.DecisionsName, err)
	}
	return review.Built{Dir: outDir, PDF: filepath.Join(outDir, "evidence.pdf"), Failed: bd.log.failed}, nil
}
