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

	"redactpack/internal/interrupt"
	"redactpack/internal/poppler"
	"redactpack/pipeline"
	"redactpack/redact"
	"redactpack/report"
)

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
	cfg, _, err := c.setup(e)
	if err != nil {
		return err
	}
	// check reads what is there: nothing is painted, so nothing to verify.
	cfg.Verify = false
	ck := &checker{cfg: cfg, log: newLedger(e, &c, cfg), units: make(map[string]checkUnit),
		checked: make(map[string]bool), dirty: make(map[string]bool)}
	tmp, err := os.MkdirTemp("", "redactpack-check-")
	if err != nil {
		return fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	work, err := ck.list(ctx, fs.Args(), tmp)
	if err != nil {
		return err
	}
	if err := ck.run(ctx, work); err != nil {
		return err
	}
	if c.report != "" {
		if err := writeJSON(c.report, ck.log.report); err != nil {
			return err
		}
	}
	switch {
	case len(ck.dirty) > 0:
		ck.log.notef("check: sensitive text still readable in %d of %s", len(ck.dirty), plural(len(ck.checked), "file"))
	case len(ck.checked) > 0:
		ck.log.notef("check: nothing sensitive readable in %s", plural(len(ck.checked), "file"))
	}
	switch {
	case ck.log.failed > 0:
		return errFailed
	case len(ck.dirty) > 0:
		return errFound
	}
	return nil
}

// A checker is one run of check.
type checker struct {
	cfg   *pipeline.Config
	log   *ledger
	units map[string]checkUnit // by the path of what is read
	// The end line counts files as given or found, not units: a PDF's
	// text and images are one file.
	checked, dirty map[string]bool
}

// checked is what check found in one unit: masked values, as "category
// masked".
type checked struct {
	found  []string
	report *report.Image // for an image
}

// A checkUnit is one thing to check: an image, or a PDF's text.
type checkUnit struct {
	name    string // as shown
	file    string // the file it is part of (a PDF's text and images are one)
	pdfText bool   // the path is a PDF whose text is checked
}

// list finds the images and PDFs among args and returns the units to
// check: the images, and each PDF's text and images, extracted under tmp.
func (ck *checker) list(ctx context.Context, args []string, tmp string) ([]pipeline.Input, error) {
	var rest, pdfs []string
	seen := make(map[string]bool)
	addPDF := func(p string) {
		if !seen[p] {
			seen[p] = true
			pdfs = append(pdfs, p)
		}
	}
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && !st.IsDir() && isPDFName(a) {
			addPDF(a)
			continue
		}
		rest = append(rest, a)
	}
	for _, p := range findPDFs(rest) {
		addPDF(p)
	}
	var work []pipeline.Input
	if len(rest) > 0 {
		for _, in := range ck.log.collect(rest, nil, func(s string) bool {
			for _, p := range pdfs {
				if strings.Contains(s, strconv.Quote(p)) {
					return true
				}
			}
			return false
		}) {
			ck.units[in.Path] = checkUnit{name: in.Path, file: in.Path}
			work = append(work, in)
		}
	}
	if len(pdfs) > 0 {
		if err := poppler.Need(); err != nil {
			return nil, hinted{fmt.Errorf("cannot check PDFs: %w", err), poppler.Hint}
		}
	}
	for i, p := range pdfs {
		ck.units[p] = checkUnit{name: p, file: p, pdfText: true}
		work = append(work, pipeline.Input{Path: p, Rel: p})
		imgs, err := poppler.Images(ctx, p, filepath.Join(tmp, strconv.Itoa(i)))
		if err != nil {
			ck.log.problemf("cannot read the images of %q: %v", ck.log.mask(p), err)
			continue
		}
		for _, img := range imgs {
			ck.units[img.Path] = checkUnit{name: p + ", " + img.Name, file: p}
			work = append(work, pipeline.Input{Path: img.Path, Rel: img.Name})
		}
	}
	if len(work) == 0 {
		if ck.log.failed > 0 {
			return nil, errFailed
		}
		return nil, usageErrorf("no images or PDFs found in %s", strings.Join(args, " "))
	}
	return work, nil
}

// run checks every unit. The OCR engines start only when there is an
// image: PDFs of text alone need no Tesseract.
func (ck *checker) run(ctx context.Context, work []pipeline.Input) error {
	hasImage := false
	for _, in := range work {
		if !ck.units[in.Path].pdfText {
			hasImage = true
		}
	}
	if !hasImage {
		for _, in := range work {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			res, err := ck.checkOne(ctx, nil, in)
			ck.done(in, res, err)
		}
		return nil
	}
	var finish func()
	ck.cfg.Progress, finish = progressBar(ck.log.stderr, ck.log.quiet)
	ck.cfg.Abandon = interrupt.Now(ctx)
	defer finish()
	return ocrError(pipeline.Run(ctx, ck.cfg, work, ck.checkOne, ck.done))
}

// checkOne lists what the policy would hide in one unit.
func (ck *checker) checkOne(ctx context.Context, r *redact.Redactor, in pipeline.Input) (*checked, error) {
	c := &checked{}
	if ck.units[in.Path].pdfText {
		text, err := poppler.Text(ctx, in.Path)
		if err != nil {
			return nil, err
		}
		_, found := ck.cfg.Policy.MaskText(text)
		for _, f := range found {
			c.found = append(c.found, "text "+f)
		}
		return c, nil
	}
	data, _, err := pipeline.ReadFile(in.Path)
	if err != nil {
		return nil, err
	}
	found, size, err := pipeline.Check(ctx, r, data, ck.cfg)
	if err != nil {
		return nil, err
	}
	ri := report.NewImage("", "", size.X, size.Y, found)
	c.report = &ri
	for _, f := range found {
		if f.Redacted {
			c.found = append(c.found, string(f.Category)+" "+f.Masked)
		}
	}
	return c, nil
}

// done reports one unit's outcome, in order.
func (ck *checker) done(in pipeline.Input, res *checked, err error) {
	u := ck.units[in.Path]
	if err != nil {
		ck.log.fail("check", u.name, err)
		return
	}
	name := ck.log.mask(u.name)
	ck.checked[u.file] = true
	if res.report != nil {
		res.report.Input = name
		ck.log.report.Images = append(ck.log.report.Images, *res.report)
	}
	if len(res.found) > 0 {
		ck.dirty[u.file] = true
		fmt.Fprintf(ck.log.stderr, "redactpack: check: %s: %s\n", escapeControls(name), strings.Join(res.found, ", "))
	}
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
