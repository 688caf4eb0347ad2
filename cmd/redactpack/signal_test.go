//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"redactpack/pipeline"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// goBuild builds pkg into out with the go command, with env added to
// this process's environment (GOOS=windows...).
func goBuild(t *testing.T, out, pkg string, env ...string) {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not on PATH: %v", err)
	}
	cmd := exec.Command(gobin, "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), env...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
}

// fakeTesseract writes a tesseract program that lists eng and chi_sim,
// reads nothing from any image, logs each reading as a line of log and
// takes $FAKE_SLEEP seconds over it: fast, and slow enough to be caught
// in the middle.
func fakeTesseract(t *testing.T, log string) string {
	t.Helper()
	prog := filepath.Join(t.TempDir(), "tesseract")
	script := `#!/bin/sh
if [ "$1" = --list-langs ]; then
	printf 'List of available languages in "/fake/" (2):\nchi_sim\neng\n'
	exit 0
fi
cat >/dev/null
echo read >>` + shellQuote(log) + `
sleep "${FAKE_SLEEP:-0.2}"
printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n'
`
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return prog
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func lineCount(path string) int {
	data, _ := os.ReadFile(path)
	return bytes.Count(data, []byte("\n"))
}

func countOutputs(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	return len(m)
}

// TestInterruptSavesManifest starts the real binary over six images and
// interrupts it at several moments, the way users and tools do: one
// SIGINT or SIGTERM, the same signal twice in a row (timeout(1) and
// systemd signal the process and then its group, and both copies arrive
// when the first was handled in between: the old handler then let the
// second kill the process with exit status 130, no message and no
// manifest), Ctrl-C to the whole process group (which also kills the
// tesseract processes). Each time the program must exit by itself with status 1, say how many
// images are done, have them in its manifest, and a second run must redo
// only the others.
func TestInterruptSavesManifest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it a dozen times")
	}
	// Built as users get it, with the re-exec that sets
	// OMP_THREAD_LIMIT in cgo builds.
	exe := filepath.Join(t.TempDir(), "redactpack")
	goBuild(t, exe, ".")
	const images = 6
	tests := []struct {
		name   string
		when   func(log, out string) bool // true once it is time to signal
		signal func(pid int)              // what is sent
	}{
		{
			name:   "SIGINT while the engines start",
			when:   func(log, _ string) bool { return lineCount(log) >= 1 },
			signal: func(pid int) { syscall.Kill(pid, syscall.SIGINT) },
		},
		{
			name:   "SIGINT twice in a row during the first image",
			when:   func(log, _ string) bool { return lineCount(log) >= 3 },
			signal: func(pid int) { twice(pid, syscall.SIGINT, 20*time.Millisecond) },
		},
		{
			name:   "SIGTERM twice in a row after two outputs",
			when:   func(_, out string) bool { return countOutputs(out) >= 2 },
			signal: func(pid int) { twice(pid, syscall.SIGTERM, 50*time.Millisecond) },
		},
		{
			name:   "Ctrl-C to the process group after one output",
			when:   func(_, out string) bool { return countOutputs(out) >= 1 },
			signal: func(pid int) { syscall.Kill(-pid, syscall.SIGINT) },
		},
	}
	msg := regexp.MustCompile(`(?m)^redactpack: interrupted: (\d+) of 6 image\(s\) done(?:, saved in (.*))?; run again to resume$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out, log := filepath.Join(dir, "in"), filepath.Join(dir, "out"), filepath.Join(dir, "ocr.log")
			for i := range images {
				writePNG(t, filepath.Join(in, fmt.Sprintf("shot%d.png", i)), uint8(60+20*i))
			}
			args := []string{"redact", "-j", "2", "--no-verify", "--ocr-engine", "exec", "--tesseract", fakeTesseract(t, log), "-o", out, in}
			cmd := exec.Command(exe, args...)
			cmd.Env = append(os.Environ(), "FAKE_SLEEP=0.2")
			// Not OMP_THREAD_LIMIT: the binary re-executes itself
			// to set it, and that must not open a gap either.
			cmd.Env = withoutEnv(cmd.Env, "OMP_THREAD_LIMIT")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			deadline := time.Now().Add(30 * time.Second)
			for !tt.when(log, out) {
				if time.Now().After(deadline) {
					syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					t.Fatalf("the moment to signal never came; stderr:\n%s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			start := time.Now()
			tt.signal(cmd.Process.Pid)
			var err error
			select {
			case err = <-exited:
			case <-time.After(20 * time.Second):
				syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				t.Fatalf("still running 20 s after the signal; stderr:\n%s", stderr.String())
			}
			t.Logf("exited %v after the signal: %v\n%s", time.Since(start).Round(time.Millisecond), err, stderr.String())
			if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
				t.Fatalf("killed by %v: the signal was not handled", ws.Signal())
			}
			if code := cmd.ProcessState.ExitCode(); code != exitFailed {
				t.Fatalf("exit status %d, want %d", code, exitFailed)
			}
			m := msg.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("no %q line on stderr", msg)
			}
			if n, _ := strconv.Atoi(m[1]); n > 0 && m[2] != out {
				t.Errorf("message names %q, want the output folder %q", m[2], out)
			}
			if strings.Contains(stderr.String(), "error:") {
				t.Errorf("an interrupted image was reported as an error")
			}
			done, _ := strconv.Atoi(m[1])
			var recorded int
			if done > 0 {
				mf := readManifest(t, out)
				recorded = len(mf.Files)
				for rel, e := range mf.Files {
					if _, err := os.Stat(filepath.Join(out, e.Output)); err != nil {
						t.Errorf("manifest entry %s: its output: %v", rel, err)
					}
				}
			} else if _, err := os.Stat(filepath.Join(out, pipeline.ManifestName)); err == nil {
				recorded = len(readManifest(t, out).Files)
			}
			if recorded != done {
				t.Errorf("the message says %d done, the manifest has %d", done, recorded)
			}

			// The second run redoes only what the first did not finish.
			os.Remove(log)
			cmd = exec.Command(exe, args...)
			cmd.Env = append(os.Environ(), "FAKE_SLEEP=0")
			stderr.Reset()
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("resumed run: %v\n%s", err, stderr.String())
			}
			want := fmt.Sprintf("redacted %d image(s) into %s", images-done, out)
			if done > 0 {
				want += fmt.Sprintf(": 0 value(s) hidden; %d up to date", done)
			}
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("resumed run said:\n%s\nwant %q", stderr.String(), want)
			}
			if n := countOutputs(out); n != images {
				t.Errorf("%d outputs after the resumed run, want %d", n, images)
			}
		})
	}
}

// twice sends sig, then sends it again after gap, as timeout(1) does to
// the process and then to its group.
func twice(pid int, sig syscall.Signal, gap time.Duration) {
	syscall.Kill(pid, sig)
	time.Sleep(gap)
	syscall.Kill(pid, sig)
}

func withoutEnv(env []string, key string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}
