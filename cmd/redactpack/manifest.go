package main

import (
	"encoding/json"
	"runtime/debug"
)

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

func (rr *redactRun) summary(images, upToDate int) *jsonSummary {
	l := rr.log
	s := &jsonSummary{Output: l.mask(rr.outDir), Images: images, Redacted: l.written, UpToDate: upToDate,
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
