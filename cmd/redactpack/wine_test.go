//go:build linux

package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// findWine returns the Wine loader for 64-bit programs: wine64 or wine on
// PATH, or where Debian's wine64 package puts it.
func findWine() string {
	for _, name := range []string{"wine64", "wine"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		return "/usr/lib/wine/wine64"
	}
	return ""
}

// winPath is path as a Wine program sees it: Wine maps / to drive Z:.
func winPath(path string) string { return `Z:` + strings.ReplaceAll(path, "/", `\`) }

// TestWindowsBuild runs the Windows release under Wine, with no Tesseract
// installed: --version, --help, and one screenshot dropped on it, as from a
// command prompt and as by Explorer (in a console of its own, which
// testdata/dropper stands in for). The drop must give the install hint,
// write nothing, and keep its window open for Enter only when the window
// is its own.
func TestWindowsBuild(t *testing.T) {
	wine := findWine()
	if wine == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Wine is not installed, and CI must run the Windows build: scripts/deps.sh installs wine64")
		}
		t.Skip("Wine is not installed (apt-get install wine64, or make deps): the Windows build is not run")
	}
	if testing.Short() {
		t.Skip("starts a Wine prefix")
	}
	dir := t.TempDir()
	exe, dropper := filepath.Join(dir, "redactpack.exe"), filepath.Join(dir, "dropper.exe")
	windows := []string{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"}
	goBuild(t, exe, ".", windows...)
	goBuild(t, dropper, "./testdata/dropper", windows...)

	prefix := filepath.Join(dir, "wine")
	env := append(os.Environ(), "WINEPREFIX="+prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
	t.Cleanup(func() {
		server := filepath.Join(filepath.Dir(wine), "wineserver")
		if _, err := os.Stat(server); err != nil {
			server = "wineserver"
		}
		kill := exec.Command(server, "-k")
		kill.Env = env
		kill.Run()
	})
	// Wine's programs, and wineserver, keep the streams they inherit open
	// after the program exits: files, not pipes, so Wait need not wait
	// for them.
	type result struct {
		code           int
		stdout, stderr string
	}
	start := func(stdin io.Reader, args ...string) (*exec.Cmd, func() string, func() string) {
		t.Helper()
		cmd := exec.Command(wine, args...)
		cmd.Env, cmd.Dir, cmd.Stdin = env, dir, stdin
		outF, err := os.CreateTemp(dir, "stdout")
		if err != nil {
			t.Fatal(err)
		}
		errF, err := os.CreateTemp(dir, "stderr")
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout, cmd.Stderr = outF, errF
		cmd.WaitDelay = 5 * time.Second
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		read := func(f *os.File) func() string {
			return func() string { data, _ := os.ReadFile(f.Name()); return string(data) }
		}
		return cmd, read(outF), read(errF)
	}
	runWine := func(args ...string) result {
		t.Helper()
		cmd, stdout, stderr := start(nil, args...)
		err := cmd.Wait()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("wine %s: %v", strings.Join(args, " "), err)
		}
		return result{cmd.ProcessState.ExitCode(), stdout(), stderr()}
	}

	// The prefix, made once; then the shim that Wine before 9 needs.
	if r := runWine("wineboot", "--init"); r.code != 0 {
		t.Fatalf("wineboot: status %d\n%s", r.code, r.stderr)
	}
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(filepath.Join(sys32, "bcryptprimitives.dll")); err != nil {
		if err := os.WriteFile(filepath.Join(sys32, "bcryptprimitives.dll"), processPrngShim(), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if r := runWine(exe, "--version"); r.code != 0 || !strings.HasPrefix(r.stdout, "redactpack ") {
		t.Fatalf("--version: status %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runWine(exe, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "redactpack redact [flags] -o OUTDIR") {
		t.Fatalf("--help: status %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	shots := filepath.Join(dir, "shots")
	writePNG(t, filepath.Join(shots, "shot.png"), 200)
	installHint := `redactpack: hint: install Tesseract (https://github.com/UB-Mannheim/tesseract/wiki) with Chinese (Simplified) under "Additional language data"`
	const pause = "Press Enter to close this window."
	checkDrop := func(t *testing.T, r result) {
		t.Helper()
		if r.code != exitFailed {
			t.Errorf("status %d, want %d", r.code, exitFailed)
		}
		if !strings.Contains(r.stderr, "redactpack: error: cannot start OCR: tesseract program not found") || !strings.Contains(r.stderr, installHint) {
			t.Errorf("no error and install hint:\n%s", r.stderr)
		}
		// Nothing is written but, when started from the desktop, the
		// log that says why.
		filepath.WalkDir(shots, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() != "shot.png" && d.Name() != "redactpack.log" {
				t.Errorf("written: %s", path)
			}
			return nil
		})
	}

	t.Run("from a command prompt", func(t *testing.T) {
		r := runWine("cmd", "/c", winPath(exe), winPath(filepath.Join(shots, "shot.png")))
		checkDrop(t, r)
		if strings.Contains(r.stderr, pause) {
			t.Errorf("waits for Enter in a command prompt's window:\n%s", r.stderr)
		}
	})

	t.Run("dropped in Explorer", func(t *testing.T) {
		stdin, enter := io.Pipe()
		cmd, stdout, stderr := start(stdin, dropper, winPath(exe), winPath(filepath.Join(shots, "shot.png")))
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		deadline := time.After(60 * time.Second)
	waiting:
		for !strings.Contains(stderr(), pause) {
			select {
			case err := <-exited:
				t.Fatalf("exited (%v) without waiting for Enter:\n%s", err, stderr())
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("no %q after 60 s:\n%s", pause, stderr())
			case <-time.After(50 * time.Millisecond):
				continue waiting
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("exited (%v) before Enter was pressed", err)
		case <-time.After(time.Second):
		}
		enter.Write([]byte("\r\n"))
		enter.Close()
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatal("still open 30 s after Enter")
		}
		checkDrop(t, result{cmd.ProcessState.ExitCode(), stdout(), stderr()})
	})
}

// processPrngShim is a DLL named bcryptprimitives.dll whose one export,
// ProcessPrng, forwards to advapi32's SystemFunction036 (RtlGenRandom):
// Go programs since Go 1.24 draw their random numbers from ProcessPrng,
// which Wine has only since 9.0, and Debian 12's Wine is 8.0. Both take a
// buffer and its length and return true; Go reads only the low byte of
// the result. Made by hand: no Windows compiler is needed.
func processPrngShim() []byte {
	const (
		fileAlign = 0x200
		sectAlign = 0x1000
		rva       = 0x1000 // of the one section, holding the export table
	)
	le := binary.LittleEndian
	name, target, dll := "ProcessPrng", "advapi32.SystemFunction036", "bcryptprimitives.dll"
	// The export directory (40 bytes), the address, name and ordinal
	// tables (one entry each), then the strings. An address inside the
	// export table is a forwarder: the text of the DLL.function it is.
	const eat, names, ords, strs = 40, 44, 48, 50
	nameAt, targetAt := strs, strs+len(name)+1
	dllAt := targetAt + len(target) + 1
	sec := make([]byte, dllAt+len(dll)+1)
	le.PutUint32(sec[12:], uint32(rva+dllAt))
	le.PutUint32(sec[16:], 1) // ordinal base
	le.PutUint32(sec[20:], 1) // functions
	le.PutUint32(sec[24:], 1) // names
	le.PutUint32(sec[28:], rva+eat)
	le.PutUint32(sec[32:], rva+names)
	le.PutUint32(sec[36:], rva+ords)
	le.PutUint32(sec[eat:], uint32(rva+targetAt))
	le.PutUint32(sec[names:], uint32(rva+nameAt))
	copy(sec[nameAt:], name)
	copy(sec[targetAt:], target)
	copy(sec[dllAt:], dll)
	raw := (len(sec) + fileAlign - 1) &^ (fileAlign - 1)

	var f bytes.Buffer
	dos := make([]byte, 64)
	copy(dos, "MZ")
	le.PutUint32(dos[60:], 64) // e_lfanew: the PE header follows
	f.Write(dos)
	f.WriteString("PE\x00\x00")
	coff := make([]byte, 20)
	le.PutUint16(coff[0:], 0x8664)  // x86-64
	le.PutUint16(coff[2:], 1)       // sections
	le.PutUint16(coff[16:], 240)    // optional header size (PE32+)
	le.PutUint16(coff[18:], 0x2022) // executable image, large address aware, DLL
	f.Write(coff)
	opt := make([]byte, 240)
	le.PutUint16(opt[0:], 0x20b) // PE32+
	le.PutUint64(opt[24:], 0x180000000)
	le.PutUint32(opt[32:], sectAlign)
	le.PutUint32(opt[36:], fileAlign)
	le.PutUint16(opt[40:], 6)                                                 // OS version
	le.PutUint16(opt[48:], 6)                                                 // subsystem version
	le.PutUint32(opt[56:], uint32(rva+(len(sec)+sectAlign-1)&^(sectAlign-1))) // image size
	le.PutUint32(opt[60:], fileAlign)                                         // headers size
	le.PutUint16(opt[68:], 3)                                                 // console subsystem
	for i, v := range []uint64{0x100000, 0x1000, 0x100000, 0x1000} {          // stack and heap
		le.PutUint64(opt[72+8*i:], v)
	}
	le.PutUint32(opt[108:], 16) // data directories
	le.PutUint32(opt[112:], rva)
	le.PutUint32(opt[116:], uint32(len(sec)))
	f.Write(opt)
	sh := make([]byte, 40)
	copy(sh, ".rdata")
	le.PutUint32(sh[8:], uint32(len(sec)))
	le.PutUint32(sh[12:], rva)
	le.PutUint32(sh[16:], uint32(raw))
	le.PutUint32(sh[20:], fileAlign)
	le.PutUint32(sh[36:], 0x40000040) // initialised data, readable
	f.Write(sh)
	f.Write(make([]byte, fileAlign-f.Len()))
	f.Write(sec)
	f.Write(make([]byte, raw-len(sec)))
	return f.Bytes()
}
