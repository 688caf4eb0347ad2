package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"redactpack/bundle"
	"redactpack/internal/atomicfile"
	"redactpack/redact"
	"redactpack/report"
)

// manifestName is the file in which redact remembers, in its output
// folder, which inputs it has redacted, so that the next run over the same
// tree redoes only what changed. It starts with a dot, so a later run that
// takes the folder as input (bundle --redacted OUT) does not see it as an
// image.
const manifestName = ".redactpack-manifest.json"

// saveEvery is how many finished images may be lost to a crash: the
// manifest is saved after every saveEvery outputs, as well as at the end.
const saveEvery = 20

// A manifest records the outputs of the runs into one folder. An entry is
// current when its input has the same size and modification time (or, if
// only the time changed, the same content), its output is still the file
// that was written, and the tool and settings are those of this run. Tool
// and Config apply to every entry: a run with another policy, OCR
// languages or version starts afresh.
type manifest struct {
	Version int                      `json:"version"`
	Tool    string                   `json:"tool"`
	Config  string                   `json:"config"` // hash of the policy text and the OCR settings
	Files   map[string]manifestEntry `json:"files"`  // by the input's path relative to the output folder
}

type manifestEntry struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	SHA256  string    `json:"sha256"` // of the input, first 16 bytes in hex

	Output     string    `json:"output"` // relative to the folder, slash-separated
	OutSize    int64     `json:"out_size"`
	OutModTime time.Time `json:"out_mtime"`

	// What bundle --redacted needs and can no longer learn from the
	// output, which has no metadata and a new modification time.
	Captured time.Time `json:"captured,omitzero"`
	Source   string    `json:"capture_source,omitempty"`
	// Floating marks a capture time read without a zone of its own (a
	// file name's, EXIF without an offset): Captured holds its wall
	// clock in UTC, which bundle --redacted reads in --tz, as bundle
	// reads the original (see priorCapture).
	Floating bool           `json:"capture_floating,omitempty"`
	Hidden   map[string]int `json:"hidden,omitempty"`
}

const manifestVersion = 1

// A tracker keeps the manifest of one redact run.
type tracker struct {
	b       *batch
	outDir  string
	m       manifest
	pending int  // entries added since the last save
	warned  bool // that the manifest cannot be saved

	upToDate []input
	found    map[redact.Category]int // all findings of this run, hidden or kept
}

// track loads outDir's manifest and splits the inputs into those whose
// outputs are current and those to redo (all of them with --force).
func (b *batch) track(outDir string, inputs []input) (*tracker, []input) {
	t := &tracker{b: b, outDir: outDir, found: make(map[redact.Category]int)}
	t.m = manifest{Version: manifestVersion, Tool: buildID(), Config: b.configHash(), Files: map[string]manifestEntry{}}
	if data, err := os.ReadFile(filepath.Join(outDir, manifestName)); err == nil {
		var old manifest
		if json.Unmarshal(data, &old) == nil && old.Version == t.m.Version && old.Tool == t.m.Tool && old.Config == t.m.Config && old.Files != nil {
			t.m.Files = old.Files
		}
	}
	var todo []input
	for _, in := range inputs {
		if !b.force && t.current(in) {
			t.upToDate = append(t.upToDate, in)
			continue
		}
		todo = append(todo, in)
	}
	return t, todo
}

// current reports whether in's output is up to date.
func (t *tracker) current(in input) bool {
	e, ok := t.m.Files[in.rel]
	if !ok {
		return false
	}
	out := outputPath(t.outDir, in)
	if filepath.ToSlash(mustRel(t.outDir, out)) != e.Output {
		return false
	}
	ost, err := os.Stat(out)
	if err != nil || ost.Size() != e.OutSize || !ost.ModTime().Equal(e.OutModTime) {
		return false
	}
	ist, err := os.Stat(in.path)
	if err != nil || ist.Size() != e.Size {
		return false
	}
	if ist.ModTime().Equal(e.ModTime) {
		return true
	}
	// Touched, perhaps copied: the content decides.
	data, err := os.ReadFile(in.path)
	if err != nil || shortHash(data) != e.SHA256 {
		return false
	}
	e.ModTime = ist.ModTime()
	t.m.Files[in.rel] = e
	t.pending++
	return true
}

// entry describes an output just written from data; it is filled in by the
// worker, which has the input's bytes at hand.
func (b *batch) entry(in input, data []byte, mod time.Time, res *redacted, outDir string) *manifestEntry {
	e := &manifestEntry{Size: int64(len(data)), ModTime: mod, SHA256: shortHash(data), Output: filepath.ToSlash(mustRel(outDir, res.out))}
	if st, err := os.Stat(res.out); err == nil {
		e.OutSize, e.OutModTime = st.Size(), st.ModTime()
	}
	name := filepath.Base(in.path)
	e.Captured, e.Source = bundle.CaptureTime(name, data, mod, time.UTC)
	// A reading that moves with the zone it is read in had none.
	if t, _ := bundle.CaptureTime(name, data, mod, probeZone); !t.Equal(e.Captured) {
		e.Floating = true
	}
	e.Hidden = report.Hidden(res.found)
	return e
}

// probeZone is any zone but UTC: a capture time read in both that differs
// was read without a zone of its own.
var probeZone = time.FixedZone("probe", 5*3600+1800)

// priorCapture is the capture time e recorded, in loc: a floating one is
// its wall clock in loc.
func priorCapture(e manifestEntry, loc *time.Location) time.Time {
	t := e.Captured
	if e.Floating {
		t = t.UTC()
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return t.In(loc)
}

// redactTracked reads and redacts one input (see redactData) and fills in
// its manifest entry.
func (b *batch) redactTracked(ctx context.Context, r *redact.Redactor, in input, outDir string) (*redacted, error) {
	data, err := os.ReadFile(in.path)
	if err != nil {
		return nil, pathErr(err)
	}
	var mod time.Time
	if st, err := os.Stat(in.path); err == nil {
		mod = st.ModTime()
	}
	res, err := b.redactData(ctx, r, in, data, outDir, nil)
	if err != nil {
		return nil, err
	}
	res.entry = b.entry(in, data, mod, res, outDir)
	return res, nil
}

// done records one outcome, in input order, and saves the manifest every
// saveEvery outputs so that a crash or Ctrl-C loses little.
func (t *tracker) done(in input, res *redacted, err error) {
	if err != nil {
		delete(t.m.Files, in.rel)
		return
	}
	for _, f := range res.found {
		t.found[f.Category]++
	}
	if res.entry != nil {
		t.m.Files[in.rel] = *res.entry
		t.pending++
	}
	if t.pending >= saveEvery {
		t.save()
	}
}

// save writes the manifest atomically. Failing to is a warning: the outputs
// are fine, the next run just redoes them.
func (t *tracker) save() {
	if t.pending == 0 {
		return
	}
	data, err := json.MarshalIndent(t.m, "", " ")
	if err == nil {
		err = atomicfile.WriteBytes(filepath.Join(t.outDir, manifestName), 0o600, append(data, '\n'))
	}
	if err != nil {
		// pending stays: the next save tries again, and unsaved tells.
		if !t.warned {
			t.warned = true
			fmt.Fprintf(t.b.stderr, "redactpack: warning: cannot save %s: %s; the next run will redo these images\n", manifestName, escapeControls(pathErr(err).Error()))
		}
		return
	}
	t.pending = 0
}

// unsaved reports whether the manifest on disk lacks entries of this run.
func (t *tracker) unsaved() bool { return t.pending > 0 }

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

func (t *tracker) summary(images int) jsonSummary {
	s := jsonSummary{Output: t.b.maskName(t.outDir), Images: images, Redacted: t.b.written, UpToDate: len(t.upToDate),
		Failed: t.b.failed, Skipped: len(t.b.report.Skipped), Findings: map[string]int{}, Hidden: map[string]int{}}
	for c, n := range t.found {
		s.Findings[string(c)] = n
	}
	for c, n := range t.b.hidden {
		s.Hidden[string(c)] = n
	}
	return s
}

// configHash identifies what, besides the input, decides an output: the
// policy text (with --redact/--keep), the OCR languages and engine, the size
// limit, and whether outputs were verified (an unverified output is not
// current for a run that verifies).
func (b *batch) configHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00lang=%s\x00maxpixels=%d\x00engine=%s\x00verify=%t", b.policySrc, b.lang, b.maxPixels, b.ocrEngine, !b.noVerify)
	return hex.EncodeToString(h.Sum(nil)[:16])
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

func shortHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

func mustRel(base, path string) string {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return filepath.Base(path)
	}
	return rel
}

func jsonIndent(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// priorRuns is what the manifests beside bundle --redacted's inputs say
// about them, by input path.
type priorRuns map[string]manifestEntry

// loadPriorRuns finds, for each input, the manifest of the redact run that
// wrote it, in its folder or one above, and keeps its entry when the file
// is still the one written.
func loadPriorRuns(inputs []input) priorRuns {
	p := make(priorRuns)
	type loaded struct {
		dir     string
		byOut   map[string]manifestEntry
		present bool
	}
	cache := make(map[string]*loaded)
	find := func(dir string) *loaded {
		var visited []string
		for {
			if l, ok := cache[dir]; ok {
				for _, v := range visited {
					cache[v] = l
				}
				return l
			}
			visited = append(visited, dir)
			if data, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
				var m manifest
				l := &loaded{dir: dir, byOut: map[string]manifestEntry{}}
				if json.Unmarshal(data, &m) == nil {
					l.present = true
					for _, e := range m.Files {
						l.byOut[e.Output] = e
					}
				}
				for _, v := range visited {
					cache[v] = l
				}
				return l
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				l := &loaded{}
				for _, v := range visited {
					cache[v] = l
				}
				return l
			}
			dir = parent
		}
	}
	for _, in := range inputs {
		abs, err := filepath.Abs(in.path)
		if err != nil {
			continue
		}
		l := find(filepath.Dir(abs))
		if !l.present {
			continue
		}
		e, ok := l.byOut[filepath.ToSlash(mustRel(l.dir, abs))]
		if !ok {
			continue
		}
		if st, err := os.Stat(abs); err != nil || st.Size() != e.OutSize || !st.ModTime().Equal(e.OutModTime) {
			continue
		}
		p[in.path] = e
	}
	return p
}

// lookup returns what the redact run recorded about an input.
func (p priorRuns) lookup(path string) (manifestEntry, bool) {
	e, ok := p[path]
	return e, ok && !strings.HasPrefix(e.Output, "..")
}
