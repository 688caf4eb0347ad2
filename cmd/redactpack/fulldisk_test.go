package main

import (
	"bytes"
	"context"
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
)

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
	rr, stderr := fakeRedact(t, out, func(int) { mu.Lock(); reads++; mu.Unlock() })
	rr.writeOutput = func(path string, _ os.FileMode, _ []byte) error {
		mu.Lock()
		if readsAtFailure < 0 {
			readsAtFailure = reads
		}
		mu.Unlock()
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	}
	_, err := rr.run(context.Background(), []string{in})
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
	rr, stderr := fakeRedact(t, out, func(int) { mu.Lock(); reads++; mu.Unlock() })
	_, err := rr.run(context.Background(), []string{in})
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
