package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"redactpack/ocr"
	"redactpack/redact"
)

// blankEngines is a newEngineFunc whose engines read nothing; runBatch's
// tests give work functions that do not use them.
func blankEngines() (ocr.Engine, error) {
	return ocr.EngineFunc(func(context.Context, *image.Gray) ([]ocr.Word, error) { return nil, nil }), nil
}

func defaultOpts(t *testing.T) redactorOpts {
	t.Helper()
	pol, _, err := redact.PresetPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	return redactorOpts{policy: pol}
}

func numberedInputs(n int) []input {
	var in []input
	for i := range n {
		in = append(in, input{path: fmt.Sprint(i), rel: fmt.Sprint(i)})
	}
	return in
}

// TestRunBatchInterruptKeepsFinished cancels a batch while input 0 is
// still being read and input 1 is done: both finish, so done must see
// both, in order. It used to drain only what had finished at the moment
// of the cancel, so input 0's output was written but never recorded.
// An input whose work fails once the batch is stopping (a tesseract
// process killed by the same Ctrl-C) is interrupted, not failed.
func TestRunBatchInterruptKeepsFinished(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan struct{})
	work := func(ctx context.Context, _ *redact.Redactor, in input) (string, error) {
		switch in.path {
		case "0":
			<-cancelled
			time.Sleep(50 * time.Millisecond) // finishing the image in progress
			return "out0", nil
		case "1":
			cancel()
			close(cancelled)
			return "out1", nil
		}
		return "", errors.New("tesseract: signal: interrupt")
	}
	var got []string
	err := runBatch(ctx, numberedInputs(3), 2, defaultOpts(t), blankEngines, nil, work,
		func(in input, res string, err error) {
			got = append(got, fmt.Sprintf("%s=%s,%v", in.path, res, err))
		})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if want := "0=out0,<nil> 1=out1,<nil>"; strings.Join(got, " ") != want {
		t.Errorf("done saw %q, want %q", strings.Join(got, " "), want)
	}
}

// TestRunBatchStopNow has one input hang, ignoring its context, as a C
// call can: a second Ctrl-C (stopNow) must make runBatch return at once
// with what finished.
func TestRunBatchStopNow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := make(chan struct{})
	ctx = withStopNow(ctx, now)
	hang := make(chan struct{})
	defer close(hang)
	work := func(ctx context.Context, _ *redact.Redactor, in input) (string, error) {
		if in.path == "1" {
			cancel()
			close(now)
			<-hang
		}
		return "out" + in.path, nil
	}
	var got []string
	var err error
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		err = runBatch(ctx, numberedInputs(3), 1, defaultOpts(t), blankEngines, nil, work,
			func(in input, res string, err error) { got = append(got, res) })
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("runBatch still waits for a hung input after stopNow")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if strings.Join(got, " ") != "out0" {
		t.Errorf("done saw %q, want out0 alone", got)
	}
}

// TestRedactStopsOnFullDisk fails every output write with ENOSPC: the
// first failure must stop the batch, not OCR the other images only to fail
// them the same way, and say how far it got and what to do.
func TestRedactStopsOnFullDisk(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for i := range 5 {
		writePNG(t, filepath.Join(in, fmt.Sprintf("%d.png", i)), uint8(100+i))
	}
	var mu sync.Mutex
	reads, readsAtFailure := 0, -1
	b, stderr := fakeBatch(t, func(int) { mu.Lock(); reads++; mu.Unlock() })
	b.writeOutput = func(path string, _ os.FileMode, _ []byte) error {
		mu.Lock()
		if readsAtFailure < 0 {
			readsAtFailure = reads
		}
		mu.Unlock()
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	}
	err := b.redactTo(context.Background(), out, []string{in})
	if readsAtFailure < 0 || reads != readsAtFailure {
		t.Errorf("%d OCR reads in all, %d at the first failed write: the batch went on after the disk was full", reads, readsAtFailure)
	}
	if n := strings.Count(stderr.String(), "no space left on device"); n != 1 {
		t.Errorf("%d images failed for the full disk, want 1:\n%s", n, stderr)
	}
	var msg bytes.Buffer
	if code := exitCode(err, &msg); code != exitFailed {
		t.Errorf("exit status %d, want %d", code, exitFailed)
	}
	want := "redactpack: error: stopped: cannot write output: no space left on device\n" +
		"redactpack: hint: 0 of 5 image(s) done; make room on the disk and run again to resume\n"
	if msg.String() != want {
		t.Errorf("said:\n%s\nwant:\n%s", msg.String(), want)
	}
}

// TestRedactFullTmpfs fills a real disk: a 640 KiB tmpfs that holds two
// outputs of about 270 KB. It needs root, to mount.
func TestRedactFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root; TestRedactStopsOnFullDisk injects the error instead")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", out).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s); TestRedactStopsOnFullDisk injects the error instead", err, msg)
	}
	t.Cleanup(func() { exec.Command("umount", out).Run() })
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 6 {
		img := image.NewRGBA(image.Rect(0, 0, 300, 300))
		for j := range img.Pix {
			img.Pix[j] = uint8(rng.Uint32())
		}
		for j := 3; j < len(img.Pix); j += 4 {
			img.Pix[j] = 0xff
		}
		writeImage(t, filepath.Join(in, fmt.Sprintf("%d.png", i)), img)
	}
	var mu sync.Mutex
	reads := 0
	b, stderr := fakeBatch(t, func(int) { mu.Lock(); reads++; mu.Unlock() })
	err := b.redactTo(context.Background(), out, []string{in})
	var msg bytes.Buffer
	exitCode(err, &msg)
	t.Logf("%d reads\n%s%s", reads, stderr, msg.String())
	if n := strings.Count(stderr.String(), "no space left on device"); n != 1 {
		t.Errorf("%d images failed for the full disk, want 1:\n%s", n, stderr)
	}
	if !strings.Contains(msg.String(), "redactpack: error: stopped: cannot write output: no space left on device\n") ||
		!strings.Contains(msg.String(), "redactpack: hint: 2 of 6 image(s) done, saved in "+out+"; make room on the disk and run again to resume\n") {
		t.Errorf("said:\n%s", msg.String())
	}
	if m := readManifest(t, out); len(m.Files) != 2 {
		t.Errorf("manifest has %d entries, want the 2 outputs written", len(m.Files))
	}
	if reads != 3 {
		t.Errorf("%d images read, want 3: two written and the one that found the disk full", reads)
	}
}
