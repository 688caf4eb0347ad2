package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"redactpack/internal/fileerr"
	"redactpack/internal/interrupt"
	"redactpack/pipeline"
	"redactpack/redact"
	"redactpack/review"
)

// reviewFlags are the flags of the review page, in review, drop mode and
// bundle.
type reviewFlags struct {
	noOpen bool
	idle   time.Duration
}

func (f *reviewFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.noOpen, "no-open", false, "do not open the review page in the browser (its address is printed), nor drop mode's output folder")
	fs.DurationVar(&f.idle, "idle", 30*time.Minute, "stop the review page after `DURATION` without a request")
}

func runReview(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("review", pflag.ContinueOnError)
	var c common
	registerCommonOCR(fs, &c)
	var bf bundleFlags
	bf.register(fs)
	var rf reviewFlags
	rf.register(fs)
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
	return bd.reviewDrop(ctx, e, &rf, fs.Arg(0))
}

// reviewDrop is drop mode with the review page before the build: the
// bundle goes to a new evidence folder beside first, whose path is
// printed on standard output.
func (bd *bundler) reviewDrop(ctx context.Context, e *env, rf *reviewFlags, first string) error {
	if len(bd.side.args) == 0 {
		return usageErrorf("no images given, only %s", strings.Join(bd.side.picked, " "))
	}
	abs, err := filepath.Abs(first)
	if err != nil {
		return err
	}
	parent := filepath.Dir(abs)
	inputs, err := bd.collect(bd.side.args, append([]string{evidenceDirName(parent, time.Now())}, earlierEvidence(bd.side.args)...))
	if err != nil {
		return err
	}
	built, err := bd.review(ctx, e, rf, inputs, func(ctx context.Context, sess *review.Session, inputs []pipeline.Input) (review.Built, error) {
		outDir, err := mkEvidenceDir(parent, evidenceDirName(parent, time.Now()))
		if err != nil {
			return review.Built{}, err
		}
		if err := bd.drop(ctx, inputs, outDir); err != nil && !errors.Is(err, errFailed) {
			return review.Built{}, err
		}
		return review.Built{Dir: outDir, PDF: filepath.Join(outDir, "evidence.pdf")}, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, built.Dir)
	if bd.log.failed > 0 {
		return errFailed
	}
	return nil
}

// review analyses the inputs, serves the review page and, when the person
// builds, has build write the bundle of what they approved (the
// selection, the statement) and writes review.json beside the PDF. It
// returns what was built, or an error when the page stopped without a
// build: nothing was written then.
func (bd *bundler) review(ctx context.Context, e *env, rf *reviewFlags, inputs []pipeline.Input,
	build func(context.Context, *review.Session, []pipeline.Input) (review.Built, error)) (*review.Built, error) {
	shots, err := bd.analyze(ctx, inputs)
	if err != nil {
		return nil, err
	}
	o := bd.job.Options
	sess := review.NewSession(shots, o.Statement, o.Category, o.Ticket)
	srv := &review.Server{Session: sess, Lang: o.Lang, Idle: rf.idle, Build: func(context.Context) (review.Built, error) {
		st, category, ticket := sess.Statement()
		bd.job.Options.Statement, bd.job.Options.Category, bd.job.Options.Ticket = st, category, ticket
		bd.job.Selection = sess.Selection
		analysed := make([]pipeline.Input, len(shots))
		for i, sh := range shots {
			analysed[i] = sh.Input
		}
		// The build runs in the command's context, not the request's: a
		// closed tab must not leave half a bundle.
		b, err := build(ctx, sess, analysed)
		if err != nil {
			return b, err
		}
		if err := sess.Decisions(o.MaskOwn).Save(filepath.Join(filepath.Dir(b.PDF), review.DecisionsName)); err != nil {
			return b, fmt.Errorf("cannot write %s: %w", review.DecisionsName, fileerr.Reason(err))
		}
		b.Failed = bd.log.failed
		return b, nil
	}}
	ln, err := srv.Listen()
	if err != nil {
		return nil, fmt.Errorf("cannot start the review page: %w", err)
	}
	// The address is always printed: an opener may find no browser, and
	// its token is good for this run only.
	fmt.Fprintf(e.stderr, "redactpack: review: the page is at %s (Ctrl-C stops it)\n", srv.URL())
	if !rf.noOpen {
		if err := openPath(srv.URL()); err != nil {
			fmt.Fprintf(e.stderr, "redactpack: warning: cannot open a browser: %v; open the address above\n", err)
		}
	}
	built, err := srv.Serve(ctx, ln)
	if built == nil {
		if err == nil || errors.Is(err, context.Canceled) {
			return nil, interrupted{"the review ended before the bundle was built; nothing was written"}
		}
		return nil, fmt.Errorf("review: %w; nothing was written", err)
	}
	return built, nil
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
