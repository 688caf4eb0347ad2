package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"redactpack/internal/fileerr"
	"redactpack/pipeline"
)

// saveEvery is how many finished images may be lost to a crash: the
// manifest is saved after every saveEvery outputs, as well as at the end.
const saveEvery = 20

// A tracker keeps the manifest of one redact run (see pipeline.Manifest).
type tracker struct {
	log      *ledger
	outDir   string
	m        *pipeline.Manifest
	warned   bool // that the manifest cannot be saved
	upToDate []pipeline.Input
}

func newTracker(log *ledger, outDir, key string) *tracker {
	return &tracker{log: log, outDir: outDir, m: pipeline.LoadManifest(outDir, buildID(), key)}
}

// split returns the inputs to redo: those whose outputs are not current,
// or all of them with force. The others are reported up to date.
func (t *tracker) split(inputs []pipeline.Input, force bool) []pipeline.Input {
	var todo []pipeline.Input
	for _, in := range inputs {
		if !force && t.m.Current(in, pipeline.OutputPath(t.outDir, in)) {
			t.upToDate = append(t.upToDate, in)
			t.log.report.UpToDate = append(t.log.report.UpToDate, t.log.mask(in.Path))
			continue
		}
		todo = append(todo, in)
	}
	return todo
}

// done records one output, in input order, and saves the manifest every
// saveEvery outputs so that a crash or Ctrl-C loses little.
func (t *tracker) done(in pipeline.Input, e pipeline.Entry) {
	t.m.Put(in, e)
	if t.m.Pending() >= saveEvery {
		t.save()
	}
}

// failed forgets an input whose output failed.
func (t *tracker) failed(in pipeline.Input) { t.m.Delete(in) }

// save writes the manifest. Failing to is a warning: the outputs are
// fine, the next run just redoes them.
func (t *tracker) save() {
	if err := t.m.Save(); err != nil && !t.warned {
		t.warned = true
		fmt.Fprintf(t.log.stderr, "redactpack: warning: cannot save %s: %s; the next run will redo these images\n",
			pipeline.ManifestName, escapeControls(fileerr.Reason(err).Error()))
	}
}

// jsonSummary is what redact --json prints on standard output at the end.
type jsonSummary struct {
	Output   string         `json:"output"`
	Images   int            `json:"images"`     // image inputs found
	Redacted int            `json:"redacted"`   // written by this run
	UpToDate int            `json:"up_to_date"` // skipped: output current
	Failed   int            `json:"failed"`
	Skipped  int            `json:"skipped"`  // files that are not images
	Findings map[string]int `json:"findings"` // per category, this run, hidden or kept
	Hidden   map[string]int `json:"hidden"`   // per category, this run
}

func (t *tracker) summary(images int) *jsonSummary {
	l := t.log
	s := &jsonSummary{Output: l.mask(t.outDir), Images: images, Redacted: l.written, UpToDate: len(t.upToDate),
		Failed: l.failed, Skipped: len(l.report.Skipped), Findings: map[string]int{}, Hidden: map[string]int{}}
	for c, n := range l.found {
		s.Findings[string(c)] = n
	}
	for c, n := range l.hidden {
		s.Hidden[string(c)] = n
	}
	return s
}

// buildID is the version and, when the binary was built from a checkout,
// the commit: a change of code gives new outputs even between releases.
func buildID() string {
	id := toolVersion()
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "-dirty"
				}
			}
		}
		if rev != "" {
			id += " " + rev + dirty
		}
	}
	return id
}

func jsonIndent(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
