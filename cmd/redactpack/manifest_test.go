package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"redactpack/ocr"
	"redactpack/pipeline"
	"redactpack/redact"
)

// writePNG writes a small flat image; shade makes files differ.
func writePNG(t *testing.T, path string, shade uint8) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.Gray{0})
	writeImage(t, path, img)
}

// writeImage writes img as a PNG file, making its folder.
func writeImage(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeRedact is a redact run into out whose engine reads no words and
// calls onWords for each image (not for the blank page every engine reads
// first). The verification pass is off: it would read each image a second
// time.
func fakeRedact(t *testing.T, out string, onWords func(n int)) (*redactRun, *bytes.Buffer) {
	t.Helper()
	pol, _, err := redact.PresetPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	var calls atomic.Int32
	cfg := &pipeline.Config{Policy: pol, OCR: "exec eng", Jobs: 1, MaxPixels: redact.DefaultMaxPixels,
		NewEngine: func() (ocr.Engine, error) {
			first := true
			return ocr.EngineFunc(func(ctx context.Context, img *image.Gray) ([]ocr.Word, error) {
				if first {
					first = false
					return nil, nil
				}
				if onWords != nil {
					onWords(int(calls.Add(1)))
				}
				return nil, ctx.Err()
			}), nil
		}}
	log := newLedger(&env{stderr: &stderr}, &common{quiet: true}, cfg)
	return &redactRun{cfg: cfg, log: log, outDir: out}, &stderr
}

func readManifest(t *testing.T, dir string) pipeline.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, pipeline.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m pipeline.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestManifestResume stops a run after its first image, as Ctrl-C does,
// and checks that the next run redoes only what was not finished, and that
// the one after that redoes nothing.
func TestManifestResume(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for i, name := range []string{"a.png", "b.png", "sub/c.png"} {
		writePNG(t, filepath.Join(in, name), uint8(100+i))
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rr, _ := fakeRedact(t, out, func(n int) {
		if n == 2 {
			cancel() // while the second image is being read
		}
	})
	if _, err := rr.run(ctx, []string{in}); err == nil {
		t.Fatal("interrupted run: no error")
	}
	m := readManifest(t, out)
	if _, ok := m.Files["a.png"]; !ok || len(m.Files) != 1 {
		t.Fatalf("after the interrupted run the manifest has %v, want a.png alone", keys(m.Files))
	}

	var redone int
	rr, _ = fakeRedact(t, out, func(int) { redone++ })
	if _, err := rr.run(context.Background(), []string{in}); err != nil {
		t.Fatal(err)
	}
	if redone != 2 {
		t.Errorf("resumed run read %d images, want 2 (b.png and sub/c.png)", redone)
	}
	if got := len(readManifest(t, out).Files); got != 3 {
		t.Errorf("manifest has %d entries, want 3", got)
	}

	redone = 0
	rr, _ = fakeRedact(t, out, func(int) { redone++ })
	sum, err := rr.run(context.Background(), []string{in})
	if err != nil {
		t.Fatal(err)
	}
	if redone != 0 {
		t.Errorf("third run read %d images, want none", redone)
	}
	if sum.Images != 3 || sum.UpToDate != 3 || sum.Redacted != 0 || sum.Failed != 0 {
		t.Errorf("summary %+v, want 3 images, all up to date", sum)
	}
}

// TestManifestInvalidates checks what makes an entry stale.
func TestManifestInvalidates(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, rr *redactRun, in, out string)
		redo   int
	}{
		{"nothing", func(*testing.T, *redactRun, string, string) {}, 0},
		{"input content", func(t *testing.T, _ *redactRun, in, _ string) { writePNG(t, filepath.Join(in, "a.png"), 7) }, 1},
		{"output replaced", func(t *testing.T, _ *redactRun, _, out string) { writePNG(t, filepath.Join(out, "a.png"), 9) }, 1},
		{"output removed", func(t *testing.T, _ *redactRun, _, out string) { os.Remove(filepath.Join(out, "a.png")) }, 1},
		{"policy", func(t *testing.T, rr *redactRun, _, _ string) {
			if err := rr.cfg.Policy.Set(redact.Balance, false); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"OCR languages", func(_ *testing.T, rr *redactRun, _, _ string) { rr.cfg.OCR = "exec eng+chi_sim" }, 2},
		{"verification", func(_ *testing.T, rr *redactRun, _, _ string) { rr.cfg.Verify = true }, 2},
		{"force", func(_ *testing.T, rr *redactRun, _, _ string) { rr.force = true }, 2},
		{"corrupt manifest", func(t *testing.T, _ *redactRun, _, out string) {
			os.WriteFile(filepath.Join(out, pipeline.ManifestName), []byte("{"), 0o600)
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
			writePNG(t, filepath.Join(in, "a.png"), 1)
			writePNG(t, filepath.Join(in, "b.png"), 2)
			rr, _ := fakeRedact(t, out, nil)
			if _, err := rr.run(context.Background(), []string{in}); err != nil {
				t.Fatal(err)
			}
			var redo int
			rr, _ = fakeRedact(t, out, func(int) { redo++ })
			tt.change(t, rr, in, out)
			if _, err := rr.run(context.Background(), []string{in}); err != nil {
				t.Fatal(err)
			}
			if redo != tt.redo {
				t.Errorf("redid %d image(s), want %d", redo, tt.redo)
			}
		})
	}
}

// TestPriorRuns checks that bundle --redacted finds what redact recorded
// about its outputs, and ignores an output changed since.
func TestPriorRuns(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	writePNG(t, filepath.Join(in, "Screenshot_20261124-103215.png"), 1)
	writePNG(t, filepath.Join(in, "sub", "b.png"), 2)
	rr, _ := fakeRedact(t, out, nil)
	if _, err := rr.run(context.Background(), []string{in}); err != nil {
		t.Fatal(err)
	}
	inputs := outputPaths(t, out)
	p := pipeline.LoadPriorRuns(inputs)
	if len(p) != 2 {
		t.Fatalf("found %d prior entries, want 2", len(p))
	}
	e, ok := p[filepath.Join(out, "Screenshot_20261124-103215.png")]
	if !ok || e.Source != "file name" || e.Captured.Hour() != 10 || e.Captured.Minute() != 32 {
		t.Errorf("prior entry %+v: want the capture time from the original's file name", e)
	}
	writePNG(t, filepath.Join(out, "sub", "b.png"), 3)
	if _, ok := pipeline.LoadPriorRuns(inputs)[filepath.Join(out, "sub", "b.png")]; ok {
		t.Error("an output changed since redact still has its prior entry")
	}
}

// outputPaths lists the images in out, as bundle --redacted out finds them.
func outputPaths(t *testing.T, out string) []string {
	var paths []string
	for _, in := range pipeline.Collect([]string{out}, nil, func(string) {}, func(s string) { t.Error(s) }) {
		paths = append(paths, in.Path)
	}
	return paths
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPriorCaptureInZone: a capture time read from a file name has no zone
// of its own; bundle --redacted reads it in --tz, whatever the zone of the
// machine that redacted it (the manifest used to hold it in time.Local).
func TestPriorCaptureInZone(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	writePNG(t, filepath.Join(in, "Screenshot_20261124-103215.png"), 1)
	rr, _ := fakeRedact(t, out, nil)
	if _, err := rr.run(context.Background(), []string{in}); err != nil {
		t.Fatal(err)
	}
	e, ok := pipeline.LoadPriorRuns(outputPaths(t, out))[filepath.Join(out, "Screenshot_20261124-103215.png")]
	if !ok || !e.Floating {
		t.Fatalf("prior entry %+v: want a floating capture time", e)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	got := e.Capture(shanghai)
	if want := time.Date(2026, 11, 24, 10, 32, 15, 0, shanghai); !got.Equal(want) || got.Location() != shanghai {
		t.Errorf("capture in --tz +08:00 = %v, want %v (the file name's wall clock)", got, want)
	}
	// A time with a zone of its own is an instant, shown in --tz.
	abs := pipeline.Entry{Captured: time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)}
	if got := abs.Capture(shanghai); got.Hour() != 10 {
		t.Errorf("instant 02:00Z in +08:00 = %v, want 10:00", got)
	}
}
