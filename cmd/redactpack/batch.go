package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"redactpack/ocr"
	"redactpack/redact"
)

// newEngineFunc makes one OCR engine per worker.
type newEngineFunc func() (ocr.Engine, error)

// redactorOpts is how each worker's redactor is set up.
type redactorOpts struct {
	policy *redact.Policy
	verify bool // check outputs with a second OCR pass (redact.Redactor.SkipVerify)
}

// runBatch processes inputs with n workers, each with its own engine and
// redactor, calling work for each input and done with the outcomes in input
// order (gofmt's sequencer): output stays readable and deterministic
// whatever finishes first. A failing input does not stop the batch; an
// engine that cannot start does, and so does a full disk (stopsBatch),
// where every further output would fail the same way after its OCR.
//
// When ctx is cancelled (Ctrl-C) no further input is started, the inputs
// in progress end (finished, or cancelled where their OCR can be), and
// done sees every input that finished, in order;
// an input whose work failed once the batch was stopping is taken as
// interrupted, not failed, and done does not see it. When ctx's [stopNow]
// channel closes, runBatch returns at once with what is finished, without
// waiting for the inputs in progress. It returns ctx's error, or the error
// that stopped the batch.
func runBatch[T any](ctx context.Context, inputs []input, n int, ro redactorOpts, newEngine newEngineFunc,
	progress io.Writer, work func(ctx context.Context, r *redact.Redactor, in input) (T, error),
	done func(in input, res T, err error)) error {
	n = max(1, min(n, len(inputs)))
	type outcome struct {
		res         T
		err         error
		interrupted bool
	}
	results := make([]chan outcome, len(inputs))
	for i := range results {
		results[i] = make(chan outcome, 1)
	}
	var bar *progressbar.ProgressBar
	if progress != nil && len(inputs) > 1 {
		bar = progressbar.NewOptions(len(inputs),
			progressbar.OptionSetWriter(progress),
			progressbar.OptionSetDescription("redacting"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100_000_000),
		)
	}
	engines, err := ocr.Start(ctx, n, newEngine)
	if err != nil {
		if ctx.Err() != nil {
			// Interrupted while the engines loaded: not an OCR problem.
			return ctx.Err()
		}
		return hinted{fmt.Errorf("cannot start OCR: %w", err), ocrHint(err)}
	}
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	g.Go(func() error {
		defer close(next)
		for i := range inputs {
			select {
			case next <- i:
			case <-gctx.Done():
				return nil
			}
		}
		return nil
	})
	for _, eng := range engines {
		g.Go(func() error {
			defer eng.Close()
			r := redact.NewRedactor(ro.policy, eng)
			r.SkipVerify = !ro.verify
			for i := range next {
				res, err := work(gctx, r, inputs[i])
				// An error once the batch is stopping is most likely
				// the stop itself (a cancelled OCR); the input is
				// redone by the next run either way.
				results[i] <- outcome{res, err, err != nil && stopping(gctx, err)}
				if bar != nil {
					bar.Add(1)
				}
				if err != nil && stopsBatch(err) {
					return err
				}
			}
			return nil
		})
	}
	workersDone := make(chan struct{})
	var werr error
	go func() {
		werr = g.Wait()
		close(workersDone)
	}()
	// Report in input order while the workers run. Once they have all
	// returned, or the user asked to stop now, an input with no outcome
	// yet never gets one.
	now := stopNow(ctx)
	stoppedNow := false
	for i := range inputs {
		var o outcome
		var ok bool
		select {
		case o, ok = <-results[i]:
		case <-workersDone:
		case <-now:
			stoppedNow = true
		}
		if !ok {
			select {
			case o, ok = <-results[i]:
			default:
			}
		}
		if ok && !o.interrupted {
			done(inputs[i], o.res, o.err)
		}
	}
	if stoppedNow {
		return ctx.Err()
	}
	<-workersDone
	if bar != nil {
		bar.Finish()
	}
	if werr != nil {
		return werr
	}
	return ctx.Err()
}

// stopping reports whether the batch is being stopped, and so err is taken
// for a consequence of the stop rather than a failure of the input. A
// tesseract process killed by SIGINT or SIGTERM is waited for: Ctrl-C in a
// terminal, or a kill of the process group, reaches every process of the
// group at once, and the program that OCR ran may die before the same
// signal has cancelled ctx. If ctx is not cancelled within a second, the
// kill came from elsewhere and the input failed.
func stopping(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return true
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT && ws.Signal() != syscall.SIGTERM {
		return false
	}
	select {
	case <-ctx.Done():
		return true
	case <-time.After(time.Second):
		return false
	}
}

// stopsBatch reports whether err means that every further input would
// fail the same way: the output disk or quota is full.
func stopsBatch(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		runtime.GOOS == "windows" && (errors.Is(err, syscall.Errno(windowsDiskFull)) || errors.Is(err, syscall.Errno(windowsHandleDiskFull)))
}

// Windows's codes for a full disk: ERROR_DISK_FULL and
// ERROR_HANDLE_DISK_FULL. Go's syscall.ENOSPC there is a code of its own
// that Windows never returns.
const (
	windowsDiskFull       = 112
	windowsHandleDiskFull = 39
)
