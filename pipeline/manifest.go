package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"redactpack/internal/atomicfile"
	"redactpack/report"
)

// ManifestName is the file in which a run into an output folder
// remembers which inputs it redacted, so that the next run over the same
// tree redoes only what changed. It starts with a dot, so that a later run
// that takes the folder as input (bundle --redacted OUT) does not see it
// as an image.
const ManifestName = ".redactpack-manifest.json"

// A Manifest records the outputs of the runs into one folder. An entry is
// current when its input has the same size and modification time (or, if
// only the time changed, the same content), its output is still the file
// that was written, and the tool and [Config.Key] are those of this run:
// a run with another policy, OCR settings or version starts afresh.
type Manifest struct {
	Version int              `json:"version"`
	Tool    string           `json:"tool"`
	Config  string           `json:"config"` // Config.Key
	Files   map[string]Entry `json:"files"`  // by Input.Rel

	dir     string
	pending int // entries changed since the last save
}

// An Entry is what a manifest knows of one input and its output.
type Entry struct {
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
	// clock in UTC, which [Entry.Capture] reads in the zone asked for.
	Floating bool           `json:"capture_floating,omitempty"`
	Hidden   map[string]int `json:"hidden,omitempty"`
}

const manifestVersion = 1

// LoadManifest reads dir's manifest, keeping its entries when it was
// written by tool with the same config key; otherwise it starts empty.
func LoadManifest(dir, tool, key string) *Manifest {
	m := &Manifest{Version: manifestVersion, Tool: tool, Config: key, Files: map[string]Entry{}, dir: dir}
	if data, err := os.ReadFile(filepath.Join(dir, ManifestName)); err == nil {
		var old Manifest
		if json.Unmarshal(data, &old) == nil && old.Version == m.Version && old.Tool == tool && old.Config == key && old.Files != nil {
			m.Files = old.Files
		}
	}
	return m
}

// Current reports whether in's output, at out, is up to date.
func (m *Manifest) Current(in Input, out string) bool {
	e, ok := m.Files[in.Rel]
	if !ok {
		return false
	}
	if filepath.ToSlash(relOrBase(m.dir, out)) != e.Output {
		return false
	}
	ost, err := os.Stat(out)
	if err != nil || ost.Size() != e.OutSize || !ost.ModTime().Equal(e.OutModTime) {
		return false
	}
	ist, err := os.Stat(in.Path)
	if err != nil || ist.Size() != e.Size {
		return false
	}
	if ist.ModTime().Equal(e.ModTime) {
		return true
	}
	// Touched, perhaps copied: the content decides.
	data, err := os.ReadFile(in.Path)
	if err != nil || shortHash(data) != e.SHA256 {
		return false
	}
	e.ModTime = ist.ModTime()
	m.Files[in.Rel] = e
	m.pending++
	return true
}

// NewEntry describes out, written to the file at path in the manifest's
// folder dir, from an input whose content is data, modified at mod.
func NewEntry(dir string, data []byte, mod time.Time, out *Output, path string) Entry {
	e := Entry{Size: int64(len(data)), ModTime: mod, SHA256: shortHash(data), Output: filepath.ToSlash(relOrBase(dir, path)),
		Source: out.CaptureSource, Floating: out.Floating, Hidden: report.Hidden(out.Findings)}
	if st, err := os.Stat(path); err == nil {
		e.OutSize, e.OutModTime = st.Size(), st.ModTime()
	}
	e.Captured = out.Captured.UTC()
	if out.Floating {
		e.Captured = wallClock(out.Captured, time.UTC)
	}
	return e
}

// Put records in's entry; Delete forgets it (its output failed).
func (m *Manifest) Put(in Input, e Entry) {
	m.Files[in.Rel] = e
	m.pending++
}

func (m *Manifest) Delete(in Input) {
	if _, ok := m.Files[in.Rel]; ok {
		delete(m.Files, in.Rel)
		m.pending++
	}
}

// Pending is how many changes the manifest on disk lacks.
func (m *Manifest) Pending() int { return m.pending }

// Save writes the manifest atomically if it has changed. On an error the
// changes stay pending, for the next Save.
func (m *Manifest) Save() error {
	if m.pending == 0 {
		return nil
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err == nil {
		err = atomicfile.WriteBytes(filepath.Join(m.dir, ManifestName), 0o600, append(data, '\n'))
	}
	if err != nil {
		return err
	}
	m.pending = 0
	return nil
}

// Capture is the capture time e recorded, in loc: a floating one is its
// wall clock in loc.
func (e Entry) Capture(loc *time.Location) time.Time {
	if e.Floating {
		return wallClock(e.Captured.UTC(), loc)
	}
	return e.Captured.In(loc)
}

// PriorRuns is what the manifests beside redacted images say about them,
// by the images' paths: what bundle --redacted needs of the originals.
type PriorRuns map[string]Entry

// LoadPriorRuns finds, for each path, the manifest of the run that wrote
// it, in its folder or one above, and keeps its entry when the file is
// still the one written.
func LoadPriorRuns(paths []string) PriorRuns {
	p := make(PriorRuns)
	type loaded struct {
		dir   string
		byOut map[string]Entry
	}
	cache := make(map[string]*loaded)
	// find returns the manifest that governs dir, or nil, remembering it
	// for every folder on the way up.
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
			var l *loaded
			if data, err := os.ReadFile(filepath.Join(dir, ManifestName)); err == nil {
				var m Manifest
				if json.Unmarshal(data, &m) == nil {
					l = &loaded{dir: dir, byOut: map[string]Entry{}}
					for _, e := range m.Files {
						l.byOut[e.Output] = e
					}
				}
			} else if parent := filepath.Dir(dir); parent != dir {
				dir = parent
				continue
			}
			for _, v := range visited {
				cache[v] = l
			}
			return l
		}
	}
	for _, path := range paths {
		abs, err := filepath.Abs(path)
		if err != nil {
			continue
		}
		l := find(filepath.Dir(abs))
		if l == nil {
			continue
		}
		e, ok := l.byOut[filepath.ToSlash(relOrBase(l.dir, abs))]
		if !ok || strings.HasPrefix(e.Output, "..") {
			continue
		}
		if st, err := os.Stat(abs); err != nil || st.Size() != e.OutSize || !st.ModTime().Equal(e.OutModTime) {
			continue
		}
		p[path] = e
	}
	return p
}

func shortHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// relOrBase is path relative to base, or its base name when it has none
// (another Windows drive).
func relOrBase(base, path string) string {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return filepath.Base(path)
	}
	return rel
}
