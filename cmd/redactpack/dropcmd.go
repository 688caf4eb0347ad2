package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"redactpack/internal/atomicfile"
	"redactpack/internal/fileerr"
	"redactpack/pipeline"
)

// isDrop reports whether args are drop mode's: the first argument is an
// existing file or folder, or it is a flag and some later argument is.
func isDrop(args []string) bool {
	if len(args) == 0 {
		return false
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if !strings.HasPrefix(args[0], "-") {
		return exists(args[0])
	}
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") && exists(a) {
			return true
		}
	}
	return false
}

func runDrop(ctx context.Context, e *env, args []string) (err error) {
	flags := pflag.NewFlagSet("redactpack", pflag.ContinueOnError)
	var c common
	registerCommonOCR(flags, &c)
	var bf bundleFlags
	bf.register(flags)
	var rf reviewFlags
	rf.register(flags)
	var reviewFirst bool
	flags.BoolVar(&reviewFirst, "review", false, "check every finding on a local page before the bundle is built (see \"redactpack review --help\")")
	if done, err := parseFlags(flags, args, e, dropHelp); done {
		return err
	}
	noOpen := rf.noOpen
	if flags.NArg() == 0 {
		return usageErrorf("no files given")
	}

	desktop := startedByDesktop(e)
	var log bytes.Buffer
	if desktop {
		// Everything said on stderr is masked already; keep a copy for
		// the folder, since a file manager shows no terminal.
		de := *e
		de.stderr = io.MultiWriter(e.stderr, &log)
		e = &de
	}
	bd, err := newBundler(e, &c, &bf, flags.Args())
	if err != nil {
		return err
	}
	if reviewFirst {
		return bd.reviewDrop(ctx, e, &rf, flags.Arg(0))
	}
	if len(bd.side.args) == 0 {
		return usageErrorf("no images given, only %s", strings.Join(bd.side.picked, " "))
	}

	first, err := filepath.Abs(flags.Arg(0))
	if err != nil {
		return err
	}
	parent := filepath.Dir(first)
	outDir := evidenceDirName(parent, time.Now())
	skip := []string{outDir}
	skip = append(skip, earlierEvidence(bd.side.args)...)
	inputs, err := bd.collect(bd.side.args, skip)
	if err != nil {
		return err
	}
	if outDir, err = mkEvidenceDir(parent, outDir); err != nil {
		return err
	}
	rel := outDir
	if desktop {
		defer func() {
			if err != nil {
				exitCode(err, &log)
			}
			atomicfile.WriteBytes(filepath.Join(outDir, "redactpack.log"), 0o600, log.Bytes())
			if !noOpen {
				if oerr := openPath(outDir); oerr != nil {
					fmt.Fprintf(e.stderr, "redactpack: warning: cannot open %s: %v\n", rel, oerr)
				}
			}
		}()
	}

	err = bd.drop(ctx, inputs, outDir)
	fmt.Fprintln(e.stdout, rel)
	return err
}

// drop redacts the inputs into outDir and writes the PDF and report.json
// there.
func (bd *bundler) drop(ctx context.Context, inputs []pipeline.Input, outDir string) error {
	bd.job.Dir, bd.reportDir = outDir, outDir
	pdf := filepath.Join(outDir, "evidence.pdf")
	sum, buildErr := bd.build(ctx, inputs, pdf)
	if buildErr != nil && !errors.Is(buildErr, errFailed) {
		return buildErr
	}
	written := buildErr == nil
	r := bd.report("", nil)
	if written {
		r = bd.report("evidence.pdf", &sum)
	}
	if err := writeJSON(filepath.Join(outDir, "report.json"), r); err != nil {
		return err
	}
	where := "beside it"
	if !written {
		where = "into " + outDir
	}
	bd.log.notef("wrote %d redacted image(s) and report.json %s; the originals were not changed", len(bd.log.report.Images), where)
	if buildErr != nil || bd.log.failed > 0 {
		return errFailed
	}
	return nil
}

// mkEvidenceDir makes the evidence folder dir in parent, or another new
// one if an earlier drop made dir meanwhile, and returns it as displayDir
// shows it.
func mkEvidenceDir(parent, dir string) (string, error) {
	err := os.Mkdir(dir, 0o700)
	if errors.Is(err, fs.ErrExist) {
		dir = evidenceDirName(parent, time.Now())
		err = os.Mkdir(dir, 0o700)
	}
	if err != nil {
		return "", hinted{fmt.Errorf("cannot make the output folder %q: %w", dir, fileerr.Reason(err)),
			"copy the screenshots to a folder you can write to, such as your Desktop, and drop them again"}
	}
	return displayDir(dir), nil
}

var evidenceDirRE = regexp.MustCompile(`^evidence-\d{8}-\d{6}(-\d+)?$`)

// evidenceDirName is a new evidence-YYYYMMDD-HHMMSS folder name in parent,
// with a -2, -3, … suffix if one from the same second exists.
func evidenceDirName(parent string, now time.Time) string {
	base := filepath.Join(parent, "evidence-"+now.Format("20060102-150405"))
	p := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = fmt.Sprintf("%s-%d", base, i)
	}
}

// earlierEvidence lists evidence folders from earlier drops at the top of
// the dropped folders: their images are redacted copies, not new inputs.
func earlierEvidence(args []string) []string {
	var out []string
	for _, a := range args {
		entries, err := os.ReadDir(a)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() && evidenceDirRE.MatchString(e.Name()) {
				out = append(out, filepath.Join(a, e.Name()))
			}
		}
	}
	return out
}

// displayDir shows dir relative to the working folder when it is inside
// it, else in full.
func displayDir(dir string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return dir
}

// startedByDesktop reports whether redactpack was started by a file
// manager rather than from a shell: on Windows, when the console window is
// its own; elsewhere, when neither standard input nor output is a
// terminal.
func startedByDesktop(e *env) bool {
	if runtime.GOOS == "windows" {
		return ownConsole()
	}
	return !isTerminal(e.stdin) && !isTerminal(e.stdout)
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// openPath shows path in the desktop's file manager or viewer:
// $REDACTPACK_OPEN if set, else open (macOS), start (Windows) or xdg-open
// (elsewhere, when there is a display). It waits a few seconds for the
// opener, which normally hands over and exits, and leaves it running after.
func openPath(path string) error {
	var cmd *exec.Cmd
	switch o := os.Getenv("REDACTPACK_OPEN"); {
	case o != "":
		cmd = exec.Command(o, path)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", path)
	case runtime.GOOS == "windows":
		cmd = exec.Command("cmd", "/c", "start", "", path)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return nil
		}
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		return nil
	}
}
