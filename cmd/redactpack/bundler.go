package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"redactpack/bundle"
	"redactpack/internal/fileerr"
	"redactpack/internal/interrupt"
	"redactpack/pipeline"
	"redactpack/report"
	"redactpack/review"
)

func runBundle(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("bundle", pflag.ContinueOnError)
	var c common
	registerCommonOCR(fs, &c)
	var bf bundleFlags
	bf.register(fs)
	var out, decisions string
	fs.StringVarP(&out, "output", "o", "", "write the PDF to `OUT.pdf`")
	fs.StringVar(&decisions, "decisions", "", "apply what a review decided (its review.json `FILE`): boxes kept, hidden and drawn, the statement")
	var reviewFirst bool
	var rf reviewFlags
	fs.BoolVar(&reviewFirst, "review", false, "check every finding on a local page before the PDF is built; review.json goes beside it")
	rf.register(fs)
	if done, err := parseFlags(fs, args, e, bundleHelp); done {
		return err
	}
	if out == "" {
		return usageErrorf("bundle needs an output file: -o OUT.pdf")
	}
	if fs.NArg() == 0 {
		return usageErrorf("bundle needs at least one FILE or DIR")
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return usageErrorf("-o %s is a folder; give the PDF's file name", out)
	}
	bd, err := newBundler(e, &c, &bf, fs.Args())
	if err != nil {
		return err
	}
	if decisions != "" {
		if err := bd.decide(decisions, &bf); err != nil {
			return err
		}
	}
	imgDir, err := os.MkdirTemp("", "redactpack-bundle-")
	if err != nil {
		return fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(imgDir)
	bd.job.Dir, bd.job.Private = imgDir, true

	var sum bundle.Summary
	if reviewFirst {
		inputs, err := bd.collect(bd.side.args, []string{imgDir})
		if err != nil {
			return err
		}
		_, err = bd.review(ctx, e, &rf, inputs, func(ctx context.Context, _ *review.Session, inputs []pipeline.Input) (review.Built, error) {
			sum, err = bd.build(ctx, inputs, out)
			return review.Built{Dir: filepath.Dir(out), PDF: out}, err
		})
	} else {
		sum, err = bd.run(ctx, bd.side.args, out)
	}
	if err != nil {
		return err
	}
	if c.report != "" {
		if err := writeJSON(c.report, bd.report(bd.log.mask(out), &sum)); err != nil {
			return err
		}
	}
	if bd.log.failed > 0 {
		return errFailed
	}
	return nil
}

// decide applies a review's decisions: to each screenshot after it is
// analysed, and the statement, category and ticket where no flag or file
// gives them.
func (bd *bundler) decide(path string, f *bundleFlags) error {
	d, err := review.LoadDecisions(path)
	if err != nil {
		return fmt.Errorf("cannot read decisions %q: %w", path, fileerr.Reason(err))
	}
	bd.job.Decide = d.For
	st, category, ticket := d.StatementParts()
	o := &bd.job.Options
	if f.statementFile == "" && bd.side.statement == "" && f.statement() == (bundle.Statement{}) {
		o.Statement = st
	}
	if f.category == "" && category != "" {
		o.Category = category
	}
	if f.ticket == "" {
		o.Ticket = ticket
	}
	return nil
}

// statement returns the parts given as flags.
func (f *bundleFlags) statement() bundle.Statement {
	return bundle.Statement{Problem: f.problem, Checked: f.checked, Suspect: f.suspect, Ask: f.ask}
}

// A bundler is one run of bundle or drop mode: the pipeline's Bundle,
// and what the user is told and the report says of it.
type bundler struct {
	cfg *pipeline.Config
	log *ledger
	job pipeline.Bundle // the redaction and the PDF
	// reportDir, when set, is the folder of the report: its paths are
	// relative to it (drop mode's report.json, in the evidence folder,
	// which may be sent along), while messages name inputs as given.
	reportDir string
	side      sideFiles // statement and timeline found among the inputs
}

// newBundler sets up bundle and drop mode from their flags: the pipeline,
// the statement and timeline (from the flags, else from side files among
// args) and the bundle's options.
func newBundler(e *env, c *common, f *bundleFlags, args []string) (*bundler, error) {
	cfg, polSrc, err := c.setup(e)
	if err != nil {
		return nil, err
	}
	side := findSideFiles(args, f.statementFile == "" && f.statement() == (bundle.Statement{}), f.timelineFile == "")
	bd := &bundler{cfg: cfg, log: newLedger(e, c, cfg), side: side}
	opts, err := f.options(bd.log, e.stdin, side)
	if err != nil {
		return nil, err
	}
	cfg.Location = opts.Location
	opts.Version = toolVersion()
	opts.Policy = string(polSrc)
	opts.MaskText = bd.log.mask
	opts.MaskOwn = pipeline.OwnTextMasker(cfg.Policy)
	opts.Warn = func(msg string) { bd.log.warnf("%s", msg) }
	bd.job = pipeline.Bundle{Config: cfg, Options: opts, Redacted: f.redacted, Done: bd.done}
	var timeline []string
	for _, ev := range opts.Events {
		timeline = append(timeline, ev.Text)
	}
	st := opts.Statement
	statement := strings.Join([]string{f.title, st.Title, st.Problem, st.Checked, st.Suspect, st.Ask}, "\n")
	if msg := pipeline.OwnTextNote(cfg.Policy, opts.MaskOwn, statement, strings.Join(timeline, "\n")); msg != "" {
		bd.log.warnf("%s", msg)
	}
	return bd, nil
}

// options checks the bundle's flags and reads the statement and the
// timeline they name (else the side files).
func (f *bundleFlags) options(log *ledger, stdin io.Reader, side sideFiles) (bundle.Options, error) {
	var o bundle.Options
	loc, err := bundle.ParseZone(f.tz)
	if err != nil {
		return o, usageErrorf("--tz %s: %v", f.tz, err)
	}
	if o.MaxSize, err = bundle.ParseSize(f.maxSize); err != nil {
		return o, usageErrorf("--max-size %s: %v", f.maxSize, err)
	}
	category := strings.ToLower(strings.TrimSpace(f.category))
	switch category {
	case "", bundle.CategoryLogin, bundle.CategoryKYC, bundle.CategoryTransfer, bundle.CategoryOther:
	default:
		return o, usageErrorf("--category %s: want login, kyc, transfer or other", f.category)
	}
	lang := strings.ToLower(strings.TrimSpace(f.lang))
	switch lang {
	case "", "en", "zh":
	default:
		if strings.Contains(lang, "eng") || strings.Contains(lang, "chi") || strings.Contains(lang, "+") {
			return o, usageErrorf("--lang %s: here --lang is the language of the labels, en or zh; OCR languages go in --ocr-lang", f.lang)
		}
		return o, usageErrorf("--lang %s: want en or zh", f.lang)
	}
	if o.Created, err = sourceDateEpoch(loc); err != nil {
		return o, err
	}
	if o.Statement, err = f.readStatement(log, stdin, side); err != nil {
		return o, err
	}
	if o.Events, err = f.readTimeline(stdin, side, loc); err != nil {
		return o, err
	}
	if lang == "" {
		lang = bundle.StatementLang(o.Statement, f.title)
	}
	if category == "" {
		// A statement written from "redactpack init --category C" says C
		// in its title.
		category = o.Statement.Category
	}
	o.Title, o.Ticket, o.Category, o.Lang, o.Location = f.title, f.ticket, category, lang, loc
	return o, nil
}

// readStatement reads --statement (else the side file) and puts the parts
// given as flags in it.
func (f *bundleFlags) readStatement(log *ledger, stdin io.Reader, side sideFiles) (bundle.Statement, error) {
	var st bundle.Statement
	file := f.statementFile
	if file == "" {
		file = side.statement
	}
	if file != "" {
		data, err := readArg(file, stdin)
		if err != nil {
			return st, fmt.Errorf("cannot read statement %q: %w", file, fileerr.Reason(err))
		}
		if st, err = bundle.ParseStatement(strings.NewReader(string(data))); err != nil {
			return st, fmt.Errorf("statement %q: %w", file, err)
		}
		if st.IsZero() && st.Title == "" {
			log.notef("warning: statement %q is empty (an untouched template?)", file)
		}
	}
	for _, p := range []struct {
		dst  *string
		flag string
	}{
		{&st.Problem, f.problem}, {&st.Checked, f.checked}, {&st.Suspect, f.suspect}, {&st.Ask, f.ask},
	} {
		if p.flag != "" {
			*p.dst = p.flag
		}
	}
	if file == "" && st.Problem == "" && st.Checked == "" && st.Suspect == "" && st.Ask == "" && !log.quiet {
		// Support reads the screenshots with no word of what went wrong.
		fmt.Fprintf(log.stderr, "redactpack: warning: no problem statement: the PDF has the screenshots and the timeline only\n"+
			"redactpack: hint: write one with \"redactpack init > statement.md\", fill it in and give --statement statement.md "+
			"(or drop it along with the screenshots)\n")
	}
	return st, nil
}

// readTimeline reads --timeline (else the side file).
func (f *bundleFlags) readTimeline(stdin io.Reader, side sideFiles, loc *time.Location) ([]bundle.Event, error) {
	file := f.timelineFile
	if file == "" {
		file = side.timeline
	}
	if file == "" {
		return nil, nil
	}
	data, err := readArg(file, stdin)
	if err != nil {
		return nil, fmt.Errorf("cannot read timeline %q: %w", file, fileerr.Reason(err))
	}
	events, err := bundle.ParseTimeline(strings.NewReader(string(data)), loc)
	if err != nil {
		return nil, hinted{fmt.Errorf("timeline %q: %w", file, err),
			`write one event a line: "2026-11-24 10:30 tried to log in, no SMS code"`}
	}
	return events, nil
}

// run redacts the images among args into bd.job.Dir and writes the PDF to
// out.
func (bd *bundler) run(ctx context.Context, args []string, out string) (bundle.Summary, error) {
	inputs, err := bd.collect(args, []string{bd.job.Dir})
	if err != nil {
		return bundle.Summary{}, err
	}
	return bd.build(ctx, inputs, out)
}

// collect finds the images among the arguments, not entering the folders
// in skip.
func (bd *bundler) collect(args []string, skip []string) ([]pipeline.Input, error) {
	for i, s := range skip {
		skip[i], _ = filepath.Abs(s)
	}
	inputs := bd.log.collect(args, skip, bd.side.pickedNote)
	if len(inputs) == 0 {
		if bd.log.failed > 0 {
			return nil, errFailed
		}
		return nil, usageErrorf("no images found in %s", strings.Join(args, " "))
	}
	return inputs, nil
}

// build redacts the inputs into bd.job.Dir and writes the PDF to out.
// Inputs that fail are reported and left out; when none is left, no PDF
// is written.
func (bd *bundler) build(ctx context.Context, inputs []pipeline.Input, out string) (bundle.Summary, error) {
	var finish func()
	bd.cfg.Progress, finish = progressBar(bd.log.stderr, bd.log.quiet)
	bd.cfg.Abandon = interrupt.Now(ctx)
	sum, err := bd.job.Write(ctx, inputs, out)
	finish()
	var conflict *pipeline.ConflictError
	switch {
	case errors.As(err, &conflict):
		return sum, usageErrorf("%v", err)
	case errors.Is(err, pipeline.ErrNoShots):
		fmt.Fprintf(bd.log.stderr, "redactpack: error: no PDF written: %v\n", err)
		return sum, errFailed
	case errors.Is(err, bundle.ErrTooLarge):
		return sum, hinted{err, "raise --max-size, or bundle fewer or smaller screenshots"}
	case err != nil:
		return sum, ocrError(err)
	}
	bd.log.notef("%s", bd.summaryLine(out, sum))
	return sum, nil
}

// done reports one outcome, in input order.
func (bd *bundler) done(in pipeline.Input, path string, out *pipeline.Output, err error) {
	input := in.Path
	if bd.reportDir != "" {
		input = relTo(bd.reportDir, in.Path)
	}
	if err != nil {
		bd.log.fail("redact", in.Path, err)
		bd.log.report.Failed[len(bd.log.report.Failed)-1].Input = bd.log.mask(input)
		return
	}
	output := ""
	switch {
	case bd.reportDir != "":
		output = relTo(bd.reportDir, path)
	case !bd.job.Private:
		output = path
	}
	bd.log.add(in.Path, output, out)
	bd.log.report.Images[len(bd.log.report.Images)-1].Input = bd.log.mask(input)
}

// relTo is path relative to dir, slash-separated, as a report written in
// dir names it; path itself when there is no relative path (another
// Windows drive).
func relTo(dir, path string) string {
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(path)
	rel, err3 := filepath.Rel(ad, ap)
	if err1 != nil || err2 != nil || err3 != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

// summaryLine is printed after the PDF was written.
func (bd *bundler) summaryLine(out string, sum bundle.Summary) string {
	s := fmt.Sprintf("wrote %s: %d page(s), %s, %d screenshot(s)", bd.log.mask(out), sum.Pages, bundle.HumanSize(sum.Size), len(sum.Shots))
	total := 0
	for _, sh := range bd.job.Shots {
		for _, n := range sh.Hidden {
			total += n
		}
	}
	s += fmt.Sprintf(", %d value(s) hidden", total)
	if bd.log.failed > 0 {
		s += fmt.Sprintf("; %d input(s) failed and are not in it", bd.log.failed)
	}
	s += fmt.Sprintf("; checklist %d of %d present", len(sum.Checklist)-len(sum.Missing), len(sum.Checklist))
	if len(sum.Missing) > 0 {
		var m []string
		for _, it := range sum.Missing {
			m = append(m, strings.ToLower(it.Label[:1])+it.Label[1:])
		}
		s += ", missing: " + strings.Join(m, "; ")
	}
	return s
}

// report is the report of the run; sum is nil when no PDF was written.
func (bd *bundler) report(pdf string, sum *bundle.Summary) report.Bundle {
	r := report.Bundle{Report: bd.log.report}
	if sum != nil {
		r.PDF, r.Pages, r.Size = pdf, sum.Pages, sum.Size
		for _, it := range sum.Missing {
			r.Missing = append(r.Missing, it.ID)
		}
	}
	return r
}
