package pipeline

import (
	"context"
	"fmt"
	"os"

	"redactpack/internal/atomicfile"
	"redactpack/internal/fileerr"
	"redactpack/redact"
)

// A Folder redacts images into a folder incrementally: its [Manifest]
// remembers what was done, an input whose output is current is skipped,
// and a run stopped by Ctrl-C, a full disk or a crash resumes where it
// was. It is redact's job, and a worker's that redacts every attachment a
// desk receives.
type Folder struct {
	Config *Config
	Dir    string
	// Tool identifies the build (version and commit): another build
	// redoes everything.
	Tool string
	// Force redoes every input, current or not.
	Force bool
	// Done, when set, is called with each redone input's outcome, in
	// input order; path is where its output went.
	Done func(in Input, path string, out *Output, err error)
	// SaveError, when set, is told when the manifest cannot be saved:
	// the outputs are fine, the next run redoes them.
	SaveError func(error)
	// WriteFile writes an output; nil means an atomic write. Tests fail it
	// as a full disk does.
	WriteFile func(path string, perm os.FileMode, data []byte) error

	// UpToDate lists, after Redact, the inputs skipped as current.
	UpToDate []Input

	man *Manifest
}

// saveEvery is how many finished images may be lost to a crash: the
// manifest is saved after every saveEvery outputs, as well as at the end.
const saveEvery = 20

// Redact redacts the inputs that are not up to date into the folder (see
// [Run] for how the batch runs and stops). The manifest is saved every
// few outputs and at the end, however the run ended. A run in which an
// output would replace an input is refused with a [*ConflictError].
func (f *Folder) Redact(ctx context.Context, inputs []Input) error {
	if err := CheckOutputs(inputs, f.Dir); err != nil {
		return err
	}
	f.man = LoadManifest(f.Dir, f.Tool, f.Config.Key())
	var todo []Input
	for _, in := range inputs {
		if !f.Force && f.man.Current(in, OutputPath(f.Dir, in)) {
			f.UpToDate = append(f.UpToDate, in)
			continue
		}
		todo = append(todo, in)
	}
	var err error
	if len(todo) > 0 {
		err = Run(ctx, f.Config, todo, f.redactOne, func(in Input, res *written, err error) {
			if f.Done != nil {
				if err != nil {
					f.Done(in, "", nil, err)
				} else {
					f.Done(in, res.path, res.out, nil)
				}
			}
			if err != nil {
				f.man.Delete(in)
				return
			}
			f.man.Put(in, res.entry)
			if f.man.Pending() >= saveEvery {
				f.save()
			}
		})
	}
	f.save()
	return err
}

// Unsaved reports whether the manifest on disk lacks outputs of the run.
func (f *Folder) Unsaved() bool { return f.man != nil && f.man.Pending() > 0 }

func (f *Folder) save() {
	if err := f.man.Save(); err != nil && f.SaveError != nil {
		f.SaveError(err)
	}
}

// written is what a worker did with one input.
type written struct {
	path  string  // where the output went
	out   *Output // without its image and data
	entry Entry
}

// redactOne is the worker's part: read, process and write one input.
// Nothing is written unless every step succeeded.
func (f *Folder) redactOne(ctx context.Context, r *redact.Redactor, in Input) (*written, error) {
	data, mod, err := ReadFile(in.Path)
	if err != nil {
		return nil, err
	}
	out, err := Process(ctx, r, in.Path, data, mod, f.Config)
	if err != nil {
		return nil, err
	}
	path := OutputPath(f.Dir, in)
	write := f.WriteFile
	if write == nil {
		write = atomicfile.WriteBytes
	}
	if err := write(path, 0o600, out.Data); err != nil {
		return nil, fmt.Errorf("cannot write output: %w", fileerr.Reason(err))
	}
	out.Image, out.Data = nil, nil
	return &written{path: path, out: out, entry: NewEntry(f.Dir, data, mod, out, path)}, nil
}
