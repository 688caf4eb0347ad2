package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // --tz with a zone name works where the system has no zone database (Windows)
	"unicode"

	"github.com/spf13/pflag"

	"redactpack/bundle"
	"redactpack/internal/atomicfile"
	"redactpack/ocr"
	"redactpack/redact"
	"redactpack/report"
)

const bundleHelp = `Usage:
    redactpack bundle [flags] -o OUT.pdf FILE|DIR...

Redacts screenshots with the same engine and policy as "redact", then builds
one PDF for a support ticket: a cover with the problem statement and a
checklist of what support usually asks for, a timeline, one page per
screenshot and an appendix saying what was hidden and how. No unredacted
image is ever embedded; with --redacted the inputs are OCR'd and redacted
again all the same, and anything still readable is hidden and reported.

The statement comes from --statement FILE (plain text, or Markdown with the
four parts "redactpack init" writes); --problem, --checked, --suspect and
--ask set or replace single parts. --timeline FILE adds your own events, one
a line ("2026-11-24 10:30 tried to log in, no SMS code"). Without these
flags, a statement.txt, statement.md or timeline.txt given among the files,
or at the top of a folder, is used. Each screenshot adds an event at its
capture time (EXIF, PNG chunks, screenshot-tool file names, else the file's
modification time; with --redacted, the time the redact run recorded for
the original), shown in --tz with the UTC offset written out.

Your own words (the statement, the title, your timeline) are what you tell
support and stay as you wrote them, but card numbers, seed phrases and
passwords after a label ("password: ...", "密码：...") are masked; stderr says
what else they show. File names and captions are masked like the images.
The checklist (--category, default: the one of the "init" template the
statement came from, else other) looks for its items in your words, the
file names and what OCR read in the screenshots outside the hidden values,
and says where it found each.

The labels are in --lang (en or zh; default: zh when the statement is
mostly Chinese). OCR languages are --ocr-lang.

The PDF is written whole or not at all, readable by you only (mode 0600),
and the same inputs give the same bytes: its date is SOURCE_DATE_EPOCH when
set, else the latest event. Redacted images wait in a private temporary
folder while the PDF is built and are removed afterwards.

If some inputs fail, each is reported, the PDF is still written with the
others and the exit status is 1; if all fail, no PDF is written. Missing
checklist items are warnings.

Examples:
    redactpack bundle -o evidence.pdf --ticket SR-1001 --category login \
        --statement statement.md --timeline timeline.txt ~/Desktop/Screenshot*.png
    redactpack bundle -o evidence.pdf --category transfer \
        --problem "My withdrawal has been pending for 3 days" --ask "Please check it" shots/
    redactpack redact -o out shots/ && redactpack bundle --redacted -o evidence.pdf out/
`

// bundleFlags are the flags of bundle that drop mode shares.
type bundleFlags struct {
	ticket, category, lang, title  string
	statementFile, timelineFile    string
	problem, checked, suspect, ask string
	tz, maxSize                    string
	redacted                       bool
}

func (f *bundleFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.ticket, "ticket", "", "support ticket `ID`, shown on every page")
	fs.StringVar(&f.category, "category", "", "kind of problem: `login`, kyc, transfer or other (chooses the checklist; default: the statement template's, else other)")
	fs.StringVar(&f.lang, "lang", "", "language of the labels: `en` or zh (default: the statement's)")
	fs.StringVar(&f.title, "title", "", "document `TITLE` (default: the statement's, else from the category)")
	fs.StringVar(&f.statementFile, "statement", "", "problem statement `FILE`, text or Markdown (- for standard input)")
	fs.StringVar(&f.problem, "problem", "", "what happened (`TEXT`)")
	fs.StringVar(&f.checked, "checked", "", "what you already checked (`TEXT`)")
	fs.StringVar(&f.suspect, "suspect", "", "what you suspect (`TEXT`)")
	fs.StringVar(&f.ask, "ask", "", "what you ask support to do (`TEXT`)")
	fs.StringVar(&f.timelineFile, "timeline", "", "your events, one a line, from `FILE`")
	fs.StringVar(&f.tz, "tz", "local", "time `ZONE` of the timeline: local, UTC, Asia/Shanghai, +08:00")
	fs.StringVar(&f.maxSize, "max-size", "20MB", "largest PDF, as `SIZE` (20MB, 5M, 800K, bytes)")
	fs.BoolVar(&f.redacted, "redacted", false, "inputs are outputs of redact (they are checked and redacted again)")
}

// registerCommonOCR registers the common flags with --lang renamed
// --ocr-lang: in bundle and drop mode --lang is the language of the
// document, as in init, and a Tesseract language list given there by habit
// ("eng") must not silently turn off Chinese OCR.
func registerCommonOCR(fs *pflag.FlagSet, c *common) {
	all := pflag.NewFlagSet("common", pflag.ContinueOnError)
	c.register(all)
	all.VisitAll(func(f *pflag.Flag) {
		if f.Name == "lang" {
			fs.StringVar(&c.lang, "ocr-lang", f.DefValue, "Tesseract `LANGUAGES` for OCR")
			return
		}
		fs.AddFlag(f)
	})
}

func runBundle(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("bundle", pflag.ContinueOnError)
	var c common
	registerCommonOCR(fs, &c)
	var bf bundleFlags
	bf.register(fs)
	var out string
	fs.StringVarP(&out, "output", "o", "", "write the PDF to `OUT.pdf`")
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
	pol, polSrc, err := c.setup()
	if err != nil {
		return err
	}
	b := &batch{env: e, common: &c, policy: pol, policySrc: polSrc,
		newEngine: func() (ocr.Engine, error) { return newEngine(&c) }}
	side := findSideFiles(fs.Args(), bf.statementFile == "" && bf.statement() == (bundle.Statement{}), bf.timelineFile == "")
	bd, err := newBundler(b, &bf, side)
	if err != nil {
		return err
	}
	imgDir, err := os.MkdirTemp("", "redactpack-bundle-")
	if err != nil {
		return fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(imgDir)
	bd.imgDir, bd.private = imgDir, true

	sum, err := bd.run(ctx, side.args, out)
	if err != nil {
		return err
	}
	if c.report != "" {
		if err := bd.writeReport(c.report, out, sum); err != nil {
			return err
		}
	}
	if b.failed > 0 {
		return errFailed
	}
	return nil
}

// statement returns the parts given as flags.
func (f *bundleFlags) statement() bundle.Statement {
	return bundle.Statement{Problem: f.problem, Checked: f.checked, Suspect: f.suspect, Ask: f.ask}
}

// A bundler redacts screenshots into a folder and builds the PDF from
// there, so that no more than one decoded image per worker, and one for the
// PDF, is in memory at a time.
type bundler struct {
	*batch
	opts     bundle.Options
	redacted bool   // --redacted: the inputs come from redact
	imgDir   string // where the redacted images go
	private  bool   // imgDir is temporary: files are named by index and not reported
	// reportDir, when set, is the folder of the report: its paths are
	// relative to it (drop mode's report.json, in the evidence folder,
	// which may be sent along), while messages name inputs as given.
	reportDir string
	note      func(string)

	side  sideFiles         // statement and timeline found among the inputs
	names map[string]string // input path → its relative name, as given
	prior priorRuns         // --redacted: what the redact runs that made the inputs recorded
	shots []bundle.Shot
}

// shotResult is what a worker learnt about one screenshot.
type shotResult struct {
	red      *redacted
	captured time.Time
	source   string
	prior    map[string]int // --redacted: values hidden by the run that made the input
	prepared *bundle.Prepared
	text     string // the words read outside hidden values, for the checklist
}

// newBundler reads the statement and the timeline and sets up the bundle's
// options.
func newBundler(b *batch, f *bundleFlags, side sideFiles) (*bundler, error) {
	loc, err := parseZone(f.tz)
	if err != nil {
		return nil, usageErrorf("--tz %s: %v", f.tz, err)
	}
	maxSize, err := parseSize(f.maxSize)
	if err != nil {
		return nil, usageErrorf("--max-size %s: %v", f.maxSize, err)
	}
	category := strings.ToLower(strings.TrimSpace(f.category))
	switch category {
	case "", bundle.CategoryLogin, bundle.CategoryKYC, bundle.CategoryTransfer, bundle.CategoryOther:
	default:
		return nil, usageErrorf("--category %s: want login, kyc, transfer or other", f.category)
	}
	lang := strings.ToLower(strings.TrimSpace(f.lang))
	switch lang {
	case "", "en", "zh":
	default:
		if strings.Contains(lang, "eng") || strings.Contains(lang, "chi") || strings.Contains(lang, "+") {
			return nil, usageErrorf("--lang %s: here --lang is the language of the labels, en or zh; OCR languages go in --ocr-lang", f.lang)
		}
		return nil, usageErrorf("--lang %s: want en or zh", f.lang)
	}
	created, err := sourceDateEpoch(loc)
	if err != nil {
		return nil, err
	}

	var st bundle.Statement
	statementFile := f.statementFile
	if statementFile == "" {
		statementFile = side.statement
	}
	if statementFile != "" {
		data, err := readArg(statementFile, b.stdin)
		if err != nil {
			return nil, fmt.Errorf("cannot read statement %q: %w", statementFile, pathErr(err))
		}
		if st, err = bundle.ParseStatement(strings.NewReader(string(data))); err != nil {
			return nil, fmt.Errorf("statement %q: %w", statementFile, err)
		}
		if st.IsZero() && st.Title == "" {
			b.notef("warning: statement %q is empty (an untouched template?)", statementFile)
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
	if statementFile == "" && st.Problem == "" && st.Checked == "" && st.Suspect == "" && st.Ask == "" && !b.quiet {
		// Support reads the screenshots with no word of what went wrong.
		fmt.Fprintf(b.stderr, "redactpack: warning: no problem statement: the PDF has the screenshots and the timeline only\n"+
			"redactpack: hint: write one with \"redactpack init > statement.md\", fill it in and give --statement statement.md "+
			"(or drop it along with the screenshots)\n")
	}
	var events []bundle.Event
	timelineFile := f.timelineFile
	if timelineFile == "" {
		timelineFile = side.timeline
	}
	if timelineFile != "" {
		data, err := readArg(timelineFile, b.stdin)
		if err != nil {
			return nil, fmt.Errorf("cannot read timeline %q: %w", timelineFile, pathErr(err))
		}
		if events, err = bundle.ParseTimeline(strings.NewReader(string(data)), loc); err != nil {
			return nil, hinted{fmt.Errorf("timeline %q: %w", timelineFile, err),
				`write one event a line: "2026-11-24 10:30 tried to log in, no SMS code"`}
		}
	}
	if lang == "" {
		lang = statementLang(st, f.title)
	}
	if category == "" {
		// A statement written from "redactpack init --category C" says C
		// in its title.
		category = st.Category
	}

	bd := &bundler{batch: b, redacted: f.redacted, side: side}
	bd.note = func(msg string) {
		if !b.quiet {
			fmt.Fprintf(b.stderr, "redactpack: warning: %s\n", msg)
		}
	}
	bd.opts = bundle.Options{
		Title:     f.title,
		Ticket:    f.ticket,
		Category:  category,
		Lang:      lang,
		Statement: st,
		Events:    events,
		Created:   created,
		Location:  loc,
		MaxSize:   maxSize,
		Version:   toolVersion(),
		Policy:    string(b.policySrc),
		MaskText:  func(s string) string { m, _ := b.policy.MaskText(s); return m },
		MaskOwn:   ownTextMasker(b.policy),
		Warn:      bd.note,
	}
	var timeline []string
	for _, ev := range events {
		timeline = append(timeline, ev.Text)
	}
	statement := strings.Join([]string{f.title, st.Title, st.Problem, st.Checked, st.Suspect, st.Ask}, "\n")
	if msg := ownTextNote(b.policy, bd.opts.MaskOwn, statement, strings.Join(timeline, "\n")); msg != "" {
		bd.note(msg)
	}
	return bd, nil
}

// ownTextMasker masks the user's own words (the title, the statement, the
// timeline): seed phrases and card numbers, whatever the policy says of
// them elsewhere, and passwords; the rest is theirs to tell support and
// stays as written (see bundle.Options.MaskOwn).
func ownTextMasker(p *redact.Policy) func(string) string {
	secrets := *p
	secrets.Rules = make(map[redact.Category]redact.Rule)
	for _, c := range []redact.Category{redact.Seed, redact.Card} {
		r := p.Rules[c]
		r.Redact = true
		secrets.Rules[c] = r
	}
	return func(s string) string {
		m, _ := secrets.MaskText(bundle.MaskPasswords(s))
		return m
	}
}

// ownTextNote says what the user's statement and timeline show that the
// policy would hide in a screenshot and that is left as written, so that
// the user decides whether to send it, and that secrets in them are
// masked; "" when there is nothing to say.
func ownTextNote(p *redact.Policy, own func(string) string, statement, timeline string) string {
	var shows, showIn, maskedIn []string
	seen := map[string]bool{}
	for _, part := range []struct{ name, text string }{{"statement", statement}, {"timeline", timeline}} {
		_, found := p.MaskText(part.text)
		in := false
		for _, f := range found {
			c, _, _ := strings.Cut(f, " ")
			if noun, ok := ownTextNouns[c]; ok {
				in = true
				if !seen[c] {
					seen[c] = true
					shows = append(shows, noun)
				}
			}
		}
		if in {
			showIn = append(showIn, part.name)
		}
		if own(part.text) != part.text {
			maskedIn = append(maskedIn, part.name)
		}
	}
	var msgs []string
	if len(shows) > 0 {
		verb := "show"
		if len(showIn) == 1 {
			verb = "shows"
		}
		msgs = append(msgs, fmt.Sprintf("your %s %s %s, left as written: support uses them to find your account "+
			"and what happened; edit what you would rather not send", strings.Join(showIn, " and "), verb, andList(shows)))
	}
	if len(maskedIn) > 0 {
		msgs = append(msgs, fmt.Sprintf("card numbers, seed phrases and passwords in your %s are masked in the PDF", strings.Join(maskedIn, " and ")))
	}
	return strings.Join(msgs, "; ")
}

// ownTextNouns names what a category's value is, for ownTextNote; card
// and seed are masked, so they are not listed.
var ownTextNouns = map[string]string{
	"email": "an e-mail address", "phone": "a phone number", "address": "a postal address",
	"balance": "an amount", "wallet": "a wallet address", "idnum": "an ID number",
	"name": "a name", "account": "an account ID", "txid": "a TxID", "ticket": "a ticket number",
	"deny": "a term of the deny list",
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// run redacts the inputs into bd.imgDir and writes the PDF to out. Inputs
// that fail are reported and left out; when none is left, no PDF is written.
func (bd *bundler) run(ctx context.Context, args []string, out string) (bundle.Summary, error) {
	inputs, err := bd.collect(args, []string{bd.imgDir})
	if err != nil {
		return bundle.Summary{}, err
	}
	return bd.build(ctx, inputs, out)
}

// collect finds the images among the arguments, not entering the folders
// in skip.
func (bd *bundler) collect(args []string, skip []string) ([]input, error) {
	for i, s := range skip {
		skip[i], _ = filepath.Abs(s)
	}
	bd.hidden = make(map[redact.Category]int)
	bd.report = report.New("redactpack "+toolVersion(), bd.policy.Name)
	inputs := collectInputs(args, skip, func(s string) {
		if bd.side.pickedNote(s) {
			return
		}
		bd.report.Skipped = append(bd.report.Skipped, bd.maskName(s))
		bd.notef("%s", bd.maskName(s))
	}, func(s string) { bd.problemf("%s", bd.maskName(s)) })
	if len(inputs) == 0 {
		if bd.failed > 0 {
			return nil, errFailed
		}
		return nil, usageErrorf("no images found in %s", strings.Join(args, " "))
	}
	return inputs, nil
}

// build redacts the inputs into bd.imgDir and writes the PDF to out.
func (bd *bundler) build(ctx context.Context, inputs []input, out string) (bundle.Summary, error) {
	absOut, _ := filepath.Abs(out)
	for _, in := range inputs {
		if abs, _ := filepath.Abs(in.path); abs == absOut {
			return bundle.Summary{}, usageErrorf("output %q is one of the inputs", out)
		}
	}
	bd.names = make(map[string]string, len(inputs))
	work := make([]input, len(inputs))
	for i, in := range inputs {
		bd.names[in.path] = in.rel
		work[i] = in
		if bd.private {
			// Private names: two inputs called shot.png in different
			// folders cannot collide, and nothing of a name reaches disk.
			work[i].rel = fmt.Sprintf("%06d%s", i+1, strings.ToLower(filepath.Ext(in.rel)))
		}
	}
	if !bd.private {
		if err := bd.checkOutputs(work, bd.imgDir); err != nil {
			return bundle.Summary{}, err
		}
	}
	if bd.redacted {
		bd.prior = loadPriorRuns(inputs)
	}
	err := runBatch(ctx, work, bd.jobs, redactorOpts{bd.policy, !bd.noVerify}, recordingWords(bd.newEngine), bd.progressWriter(), bd.redactShot, bd.addShot)
	if err != nil {
		return bundle.Summary{}, err
	}
	if len(bd.shots) == 0 {
		fmt.Fprintf(bd.stderr, "redactpack: error: no PDF written: no screenshot could be redacted\n")
		return bundle.Summary{}, errFailed
	}
	var sum bundle.Summary
	err = atomicfile.Write(out, 0o600, func(w io.Writer) error {
		var err error
		sum, err = bundle.Write(w, bd.opts, bd.shots)
		return err
	})
	if err != nil {
		err = fmt.Errorf("cannot write %q: %w", out, pathErr(err))
		if errors.Is(err, bundle.ErrTooLarge) {
			return sum, hinted{err, "raise --max-size, or bundle fewer or smaller screenshots"}
		}
		return sum, err
	}
	if !bd.quiet {
		fmt.Fprintf(bd.stderr, "redactpack: %s\n", bd.summaryLine(out, sum))
	}
	return sum, nil
}

// redactShot is the worker's part: read the input once, find its capture
// time, redact it into imgDir.
func (bd *bundler) redactShot(ctx context.Context, r *redact.Redactor, in input) (*shotResult, error) {
	data, err := os.ReadFile(in.path)
	if err != nil {
		return nil, pathErr(err)
	}
	var mod time.Time
	if st, err := os.Stat(in.path); err == nil {
		mod = st.ModTime()
	}
	res := &shotResult{}
	if bd.redacted {
		// A redacted file's own time is when it was redacted.
		mod = time.Time{}
		if p, ok := bd.prior.lookup(in.path); ok {
			res.prior = p.Hidden
			if !p.Captured.IsZero() {
				res.captured, res.source = priorCapture(p, bd.opts.Location), p.Source
			}
		}
	}
	if res.captured.IsZero() {
		res.captured, res.source = bundle.CaptureTime(filepath.Base(in.path), data, mod, bd.opts.Location)
	}
	// The page is laid out and encoded here, in the worker, from the
	// image in memory: bundle.Write would otherwise decode every output
	// again and encode it, one after another, after the last one.
	prepare := func(img image.Image) (err error) {
		if res.prepared, err = bundle.Prepare(img); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		return nil
	}
	ctx, words := withPageWords(ctx)
	if res.red, err = bd.redactData(ctx, r, in, data, bd.imgDir, prepare); err != nil {
		return nil, err
	}
	res.text = keptText(words, res.red.width, res.red.height, res.red.found)
	return res, nil
}

// addShot records one outcome, in input order, and queues the screenshot
// for the PDF.
func (bd *bundler) addShot(in input, res *shotResult, err error) {
	if err != nil {
		bd.record(in, nil, err)
		if bd.reportDir != "" {
			f := &bd.report.Failed[len(bd.report.Failed)-1]
			f.Input = bd.maskName(relTo(bd.reportDir, in.path))
		}
		return
	}
	rec := *res.red
	if bd.private {
		rec.out = ""
	}
	bd.record(in, &rec, nil)
	if bd.reportDir != "" {
		ir := &bd.report.Images[len(bd.report.Images)-1]
		ir.Input, ir.Output = bd.maskName(relTo(bd.reportDir, in.path)), bd.maskName(relTo(bd.reportDir, rec.out))
	}
	name := bd.maskName(bd.names[in.path])
	hidden, kept := shotCounts(res.red.found)
	for c, n := range res.prior {
		hidden[c] += n
	}
	var still []string
	for _, f := range res.red.found {
		if f.Redacted {
			still = append(still, string(f.Category)+" "+f.Masked)
		}
	}
	if bd.redacted && len(still) > 0 {
		bd.note(fmt.Sprintf("%s: still readable although given as --redacted: %s; hidden now", name, strings.Join(still, ", ")))
	}
	bd.shots = append(bd.shots, bundle.Shot{
		Name:          name,
		Open:          openRedacted(res.red.out, bd.maxPixels),
		Prepared:      res.prepared,
		Captured:      res.captured,
		CaptureSource: res.source,
		Hidden:        hidden,
		Kept:          kept,
		Text:          res.text,
	})
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

// openRedacted is a Shot's Open: the redacted image is decoded from disk
// each time it is needed, not kept.
func openRedacted(path string, maxPixels int64) func() (image.Image, error) {
	return func() (image.Image, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, pathErr(err)
		}
		in, err := redact.Decode(data, maxPixels)
		if err != nil {
			return nil, err
		}
		return in.Image, nil
	}
}

// summaryLine is printed after the PDF was written.
func (bd *bundler) summaryLine(out string, sum bundle.Summary) string {
	s := fmt.Sprintf("wrote %s: %d page(s), %s, %d screenshot(s)", bd.maskName(out), sum.Pages, humanSize(sum.Size), len(sum.Shots))
	total := 0
	for _, sh := range bd.shots {
		for _, n := range sh.Hidden {
			total += n
		}
	}
	s += fmt.Sprintf(", %d value(s) hidden", total)
	if bd.failed > 0 {
		s += fmt.Sprintf("; %d input(s) failed and are not in it", bd.failed)
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

// bundleReport is the --report JSON of bundle and drop mode: the redact
// report and what was written.
type bundleReport struct {
	report.Report
	PDF     string   `json:"pdf"`
	Pages   int      `json:"pages"`
	Size    int64    `json:"size"`
	Missing []string `json:"missing,omitempty"` // checklist items missing, by ID
}

func (bd *bundler) writeReport(path, pdf string, sum bundle.Summary) error {
	r := bundleReport{Report: bd.report, PDF: bd.maskName(pdf), Pages: sum.Pages, Size: sum.Size}
	for _, it := range sum.Missing {
		r.Missing = append(r.Missing, it.ID)
	}
	return writeJSON(path, r)
}

// sideFiles are the statement and timeline found among the inputs.
type sideFiles struct {
	statement, timeline string
	args                []string // the arguments without them
	picked              []string // the files taken, to silence "not an image" notes
}

// findSideFiles picks statement.txt or statement.md (when wantStatement)
// and timeline.txt (when wantTimeline) from the arguments, or from the top
// of a folder argument: what a user drops together with the screenshots.
func findSideFiles(args []string, wantStatement, wantTimeline bool) sideFiles {
	var s sideFiles
	kind := func(name string) string {
		switch strings.ToLower(filepath.Base(name)) {
		case "statement.txt", "statement.md":
			if wantStatement {
				return "statement"
			}
		case "timeline.txt":
			if wantTimeline {
				return "timeline"
			}
		}
		return ""
	}
	take := func(path string) bool {
		switch kind(path) {
		case "statement":
			if s.statement == "" {
				s.statement = path
			}
		case "timeline":
			if s.timeline == "" {
				s.timeline = path
			}
		default:
			return false
		}
		s.picked = append(s.picked, path)
		return true
	}
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			if err == nil && take(a) {
				continue
			}
			s.args = append(s.args, a)
			continue
		}
		s.args = append(s.args, a)
		entries, err := os.ReadDir(a)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				take(filepath.Join(a, e.Name()))
			}
		}
	}
	return s
}

// pickedNote reports whether a collectInputs note is about a side file.
func (s sideFiles) pickedNote(note string) bool {
	for _, p := range s.picked {
		if strings.Contains(note, strconv.Quote(p)) {
			return true
		}
	}
	return false
}

// statementLang guesses the labels' language from the statement: Chinese
// when it has more Han characters than Latin words (runs of Latin letters
// and digits with a letter, so that a TxID is one word).
func statementLang(st bundle.Statement, title string) string {
	han, words := 0, 0
	inWord, hasLetter := false, false
	for _, r := range strings.Join([]string{title, st.Title, st.Problem, st.Checked, st.Suspect, st.Ask}, "\n") + "\n" {
		if unicode.Is(unicode.Han, r) {
			han++
		}
		letter := r < 0x250 && unicode.IsLetter(r)
		if letter || r < 0x80 && unicode.IsDigit(r) {
			inWord, hasLetter = true, hasLetter || letter
			continue
		}
		if inWord && hasLetter {
			words++
		}
		inWord, hasLetter = false, false
	}
	if han > words {
		return "zh"
	}
	return "en"
}

// parseZone reads --tz: "local", "UTC", an IANA name, or an offset such as
// "+08:00", "+0800", "UTC+8" or "GMT-5".
func parseZone(s string) (*time.Location, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "local":
		return time.Local, nil
	case "utc", "z", "gmt":
		return time.UTC, nil
	}
	off := t
	for _, p := range []string{"UTC", "GMT", "utc", "gmt"} {
		off = strings.TrimPrefix(off, p)
	}
	if off != "" && (off[0] == '+' || off[0] == '-') {
		sign := 1
		if off[0] == '-' {
			sign = -1
		}
		hm := strings.ReplaceAll(off[1:], ":", "")
		var h, m int
		var err error
		switch len(hm) {
		case 1, 2:
			h, err = strconv.Atoi(hm)
		case 3, 4:
			h, err = strconv.Atoi(hm[:len(hm)-2])
			if err == nil {
				m, err = strconv.Atoi(hm[len(hm)-2:])
			}
		default:
			err = errors.New("bad offset")
		}
		if err != nil || h > 14 || m > 59 {
			return nil, fmt.Errorf("not a UTC offset (want +08:00, -0530 or UTC+8)")
		}
		name := fmt.Sprintf("UTC%s%d", off[:1], h)
		if m != 0 {
			name += fmt.Sprintf(":%02d", m)
		}
		return time.FixedZone(name, sign*(h*3600+m*60)), nil
	}
	loc, err := time.LoadLocation(t)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone (want local, UTC, a name such as Asia/Shanghai, or +08:00)")
	}
	return loc, nil
}

// parseSize reads --max-size: a number of bytes, optionally with K, M or G
// (binary multiples, so that 20MB is the default of 20 << 20), with or
// without a trailing B or iB.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, "B")
	t = strings.TrimSuffix(t, "I")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		}
		if mult != 1 {
			t = strings.TrimSpace(t[:n-1])
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*mult > 1<<40 {
		return 0, errors.New("want a size such as 20MB, 5M, 800K or a number of bytes")
	}
	return int64(v * mult), nil
}

// humanSize shows a byte count as the summary prints it.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sourceDateEpoch is the document date from SOURCE_DATE_EPOCH
// (reproducible-builds.org), or zero, which lets bundle use the latest event.
func sourceDateEpoch(loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(os.Getenv("SOURCE_DATE_EPOCH"))
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usageErrorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)
	}
	return time.Unix(n, 0).In(loc), nil
}

// readArg reads a file, or standard input for "-".
func readArg(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

// writeJSON writes v as indented JSON, atomically, readable by the owner.
func writeJSON(path string, v any) error {
	data, err := jsonIndent(v)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(path, 0o600, data); err != nil {
		return fmt.Errorf("cannot write report: %w", pathErr(err))
	}
	return nil
}
