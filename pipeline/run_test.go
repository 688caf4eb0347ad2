package pipeline

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os/exec"
	"redactpack/ocr"
	"redactpack/redact"
	"strings"
	"testing"
	"time"
)

// blankEngines is a Config.NewEngine whose engines read nothing; Run's
// tests give work functions that do not use them.
func blankEngines() (ocr.Engine, error) {
	return ocr.EngineFunc(func(context.Context, *image.Gray) ([]ocr.Word, error) { return nil, nil }), nil
}

// testConfig is a Config of jobs workers over blankEngines.
func testConfig(t *testing.T, jobs int) *Config {
	t.Helper()
	pol, _, err := redact.PresetPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	return &Config{Policy: pol, NewEngine: blankEngines, Jobs: jobs}
}

func numberedInputs(n int) []Input {
	var in []Input
	for i := range n {
		in = append(in, Input{Path: fmt.Sprint(i), Rel: fmt.Sprint(i)})
	}
	return in
}

// TestRunInterruptKeepsFinished cancels a batch while input 0 is
// still being read and input 1 is done: both finish, so done must see
// both, in order. It used to drain only what had finished at the moment
// of the cancel, so input 0's output was written but never recorded.
// An input whose work fails once the batch is stopping (a tesseract
// process killed by the same Ctrl-C) is interrupted, not failed.
func TestRunInterruptKeepsFinished(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan struct{})
	work := func(ctx context.Context, _ *redact.Redactor, in Input) (string, error) {
		switch in.Path {
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
	err := Run(ctx, testConfig(t, 2), numberedInputs(3), work,
		func(in Input, res string, err error) {
			got = append(got, fmt.Sprintf("%s=%s,%v", in.Path, res, err))
		})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if want := "0=out0,<nil> 1=out1,<nil>"; strings.Join(got, " ") != want {
		t.Errorf("done saw %q, want %q", strings.Join(got, " "), want)
	}
}

// TestRunAbandon has one input hang, ignoring its context, as a C
// call can: closing Abandon (a second Ctrl-C) must make Run return at once
// with what finished.
func TestRunAbandon(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := make(chan struct{})
	cfg := testConfig(t, 1)
	cfg.Abandon = now
	hang := make(chan struct{})
	defer close(hang)
	work := func(ctx context.Context, _ *redact.Redactor, in Input) (string, error) {
		if in.Path == "1" {
			cancel()
			close(now)
			<-hang
		}
		return "out" + in.Path, nil
	}
	var got []string
	var err error
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		err = Run(ctx, cfg, numberedInputs(3), work,
			func(in Input, res string, err error) { got = append(got, res) })
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("Run still waits for a hung input after Abandon")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if strings.Join(got, " ") != "out0" {
		t.Errorf("done saw %q, want out0 alone", got)
	}
}

// TestRunOCRKilledByCtrlC has the OCR program die of SIGINT, as the
// whole process group's Ctrl-C kills it, before the same signal cancels
// the batch: that image is interrupted, not failed. Killed by SIGINT with
// no cancel following, it failed.
func TestRunOCRKilledByCtrlC(t *testing.T) {
	killed := func() error {
		err := exec.Command("sh", "-c", "kill -INT $$").Run()
		if err == nil {
			t.Fatal("sh survived its SIGINT")
		}
		return fmt.Errorf("ocr: tesseract: %w", err)
	}
	for _, cancelled := range []bool{true, false} {
		t.Run(fmt.Sprintf("cancelled=%t", cancelled), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			work := func(ctx context.Context, _ *redact.Redactor, in Input) (string, error) {
				err := killed()
				if cancelled {
					time.AfterFunc(50*time.Millisecond, cancel)
				}
				return "", err
			}
			var got []string
			Run(ctx, testConfig(t, 1), numberedInputs(1), work,
				func(in Input, res string, err error) { got = append(got, fmt.Sprint(err)) })
			if cancelled && len(got) != 0 {
				t.Errorf("an image whose OCR the Ctrl-C killed was reported: %q", got)
			}
			if !cancelled && (len(got) != 1 || !strings.Contains(got[0], "signal: interrupt")) {
				t.Errorf("an OCR killed from elsewhere was not reported as a failure: %q", got)
			}
		})
	}
}
