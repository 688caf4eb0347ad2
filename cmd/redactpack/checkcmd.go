package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"redactpack/ocr"
	"redactpack/redact"
	"redactpack/report"
)

const checkHelp = `Usage:
    redactpack check [flags] FILE|DIR...

Reads images as redact would, OCR and detectors, and reports every input in
which the policy still finds something to hide, with masked values:

    redactpack: check: a.png: email li.***@gmail.com, phone +4***48

Nothing is written, except the --report JSON. The exit status is 0 when no
input shows sensitive text, 1 when one does or cannot be read. Use it on
redact's outputs before sending them, or on screenshots you were sent.

PDF files are checked too: their text (with pdftotext) and their embedded
images (with pdfimages), both from poppler-utils.

Examples:
    redactpack check redacted/
    redactpack check evidence.pdf
    redactpack check -q shot.png && echo clean
`

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	var c common
	c.register(fs)
	if done, err := parseFlags(fs, args, e, checkHelp); done {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("check needs at least one FILE or DIR")
	}
	pol, polSrc, err := c.setup()
	if err != nil {
		return err
	}
	b := &batch{env: e, common: &c, policy: pol, policySrc: polSrc,
		newEngine: func() (ocr.Engine, error) { return newEngine(&c) }}
	return b.check(ctx, fs.Args())
}

// checked is what check found in one input: masked values, as
// "category masked".
type checked struct {
	found  []string
	report *report.Image // for an image
}

// A checkUnit is one thing to check: an image, or a PDF's text.
type checkUnit struct {
	name    string // as shown
	file    string // the file it is part of (a PDF's text and images are one)
	pdfText bool   // in.path is a PDF whose text is checked
}

func (b *batch) check(ctx context.Context, args []string) error {
	b.hidden = make(map[redact.Category]int)
	b.report = report.New("redactpack "+toolVersion(), b.policy.Name)

	// PDFs given as files or found in folders, in the order given.
	var rest []string
	pdfs := make(map[string]bool)
	var pdfOrder []string
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && !st.IsDir() && isPDFName(a) {
			if !pdfs[a] {
				pdfs[a] = true
				pdfOrder = append(pdfOrder, a)
			}
			continue
		}
		rest = append(rest, a)
	}
	for _, p := range findPDFs(rest) {
		if !pdfs[p] {
			pdfs[p] = true
			pdfOrder = append(pdfOrder, p)
		}
	}
	var images []input
	if len(rest) > 0 {
		images = collectInputs(rest, nil, func(s string) {
			for p := range pdfs {
				if strings.Contains(s, strconv.Quote(p)) {
					return
				}
			}
			b.report.Skipped = append(b.report.Skipped, b.maskName(s))
			b.notef("%s", b.maskName(s))
		}, func(s string) { b.problemf("%s", b.maskName(s)) })
	}

	units := make(map[string]checkUnit)
	var work []input
	for _, in := range images {
		units[in.path] = checkUnit{name: in.path, file: in.path}
		work = append(work, in)
	}
	if len(pdfOrder) > 0 {
		if err := needPDFTools(); err != nil {
			return hinted{fmt.Errorf("cannot check PDFs: %w", err), popplerHint}
		}
		tmp, err := os.MkdirTemp("", "redactpack-check-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary folder: %w", err)
		}
		defer os.RemoveAll(tmp)
		for i, p := range pdfOrder {
			units[p] = checkUnit{name: p, file: p, pdfText: true}
			work = append(work, input{path: p, rel: p})
			imgs, err := extractPDFImages(ctx, p, filepath.Join(tmp, strconv.Itoa(i)))
			if err != nil {
				b.problemf("cannot read the images of %q: %v", b.maskName(p), err)
				continue
			}
			for _, img := range imgs {
				units[img.path] = checkUnit{name: p + ", " + img.rel, file: p}
				work = append(work, img)
			}
		}
	}
	if len(work) == 0 {
		if b.failed > 0 {
			return errFailed
		}
		return usageErrorf("no images or PDFs found in %s", strings.Join(args, " "))
	}

	// The end line counts files as given or found, not units: a PDF's
	// text and images are one file.
	checkedFiles, dirtyFiles := make(map[string]bool), make(map[string]bool)
	var err error
	hasImage := false
	for _, in := range work {
		if !units[in.path].pdfText {
			hasImage = true
		}
	}
	do := func(ctx context.Context, r *redact.Redactor, in input) (*checked, error) {
		if units[in.path].pdfText {
			return b.checkPDFText(ctx, in.path)
		}
		return b.checkImage(ctx, r, in.path)
	}
	reportOne := func(in input, res *checked, err error) {
		name := b.maskName(units[in.path].name)
		if err != nil {
			b.problemf("cannot check %q: %v", name, err)
			b.report.Failed = append(b.report.Failed, report.Failed{Input: name, Error: err.Error()})
			return
		}
		checkedFiles[units[in.path].file] = true
		if res.report != nil {
			res.report.Input = name
			b.report.Images = append(b.report.Images, *res.report)
		}
		if len(res.found) > 0 {
			dirtyFiles[units[in.path].file] = true
			fmt.Fprintf(b.stderr, "redactpack: check: %s: %s\n", escapeControls(name), strings.Join(res.found, ", "))
		}
	}
	// The OCR engines start only when there is an image: PDFs of text
	// alone need no Tesseract.
	if hasImage {
		err = runBatch(ctx, work, b.jobs, redactorOpts{policy: b.policy}, b.newEngine, b.progressWriter(), do, reportOne)
	} else {
		for _, in := range work {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			res, err := do(ctx, nil, in)
			reportOne(in, res, err)
		}
	}
	if err != nil {
		return err
	}
	if b.common.report != "" {
		if err := writeJSON(b.common.report, b.report); err != nil {
			return err
		}
	}
	if !b.quiet {
		switch {
		case len(dirtyFiles) > 0:
			fmt.Fprintf(b.stderr, "redactpack: check: sensitive text still readable in %d of %s\n", len(dirtyFiles), plural(len(checkedFiles), "file"))
		case len(checkedFiles) > 0:
			fmt.Fprintf(b.stderr, "redactpack: check: nothing sensitive readable in %s\n", plural(len(checkedFiles), "file"))
		}
	}
	switch {
	case b.failed > 0:
		return errFailed
	case len(dirtyFiles) > 0:
		return errFound
	}
	return nil
}

// checkImage reads an image and lists what the policy would hide in it.
func (b *batch) checkImage(ctx context.Context, r *redact.Redactor, path string) (*checked, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, pathErr(err)
	}
	img, err := redact.Decode(data, b.maxPixels)
	if err != nil {
		return nil, err
	}
	// What the policy would hide is the analysis: nothing is painted.
	a, err := r.Analyze(ctx, img.Image)
	if err != nil {
		return nil, err
	}
	bd := img.Image.Bounds()
	ri := report.NewImage("", "", bd.Dx(), bd.Dy(), a.Findings)
	c := &checked{report: &ri}
	for _, f := range report.Sorted(a.Findings) {
		if f.Redacted {
			c.found = append(c.found, string(f.Category)+" "+f.Masked)
		}
	}
	return c, nil
}

// checkPDFText extracts a PDF's text with pdftotext and masks it.
func (b *batch) checkPDFText(ctx context.Context, path string) (*checked, error) {
	text, err := pdfText(ctx, path)
	if err != nil {
		return nil, err
	}
	_, found := b.policy.MaskText(text)
	c := &checked{}
	for _, f := range found {
		c.found = append(c.found, "text "+f)
	}
	return c, nil
}

// plural is "1 file" or "n files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isPDFName(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".pdf")
}

// findPDFs lists the PDFs under the folder arguments, skipping hidden
// files and folders as collectInputs does.
func findPDFs(args []string) []string {
	var out []string
	for _, root := range args {
		st, err := os.Stat(root)
		if err != nil || !st.IsDir() {
			continue
		}
		var found []string
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && isPDFName(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		sort.Strings(found)
		out = append(out, found...)
	}
	return out
}
