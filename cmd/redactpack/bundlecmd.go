package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // --tz with a zone name works where the system has no zone database (Windows)

	"github.com/spf13/pflag"
)

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
