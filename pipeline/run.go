package pipeline

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"redactpack/ocr"
	"redactpack/redact"
)

// An Input is one image to process.
type Input struct {
	Path string // as given or found
	Rel  string // its output's path relative to the output folder, slash-separated
}

// An EngineError is a failure to start OCR: no output can be made.
type EngineError struct{ Err error }

func (e *EngineError) Error() string { return "cannot start OCR: " + e.Err.Error() }
func (e *EngineError) Unwrap() error { return e.Err }

// Run processes inputs with cfg.Jobs workers, each with its own engine and
// redactor, calling work for each input and done with the outcomes in
// input order (gofmt's sequencer): what a caller prints or writes stays
// deterministic whatever finishes first. A failing input does not stop
// the batch; an engine that cannot start does (an [*EngineError]), and so
// does a full disk ([StopsBatch]), where every further output would fail
// the same way after its OCR.
//
// cfg.Progress, if set, is called once the engines have started and after
// each input, by one worker at a time.
//
// When ctx is cancelled (Ctrl-C) no further input is started, the inputs
// in progress end (finished, or cancelled where their OCR can be), and
// done sees every input that finished, in order; an input whose work
// failed once the batch was stopping is taken as interrupted, not failed,
// and done does not see it. When cfg.Abandon closes, Run returns at once
// with what is finished, without waiting for the inputs in progress. It
// returns ctx's error, or the error that stopped the batch.
func Run[T any](ctx context.Context, cfg *Config, inputs []Input,
	work func(ctx context.Context, r *redact.Redactor, in Input) (T, error),
	done func(in Input, res T, err error)) error {
	n := max(1, min(cfg.Jobs, len(inputs)))
	type outcome struct {
		res         T
		err         error
		interrupted bool
	}
	results := make([]chan outcome, len(inputs))
	for i := range results {
		results[i] = make(chan outcome, 1)
	}
	engines, err := ocr.Start(ctx, n, cfg.NewEngine)
	if err != nil {
		if ctx.Err() != nil {
			// Interrupted while the engines loaded: not an OCR problem.
			return ctx.Err()
		}
		return &EngineError{err}
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
	var mu sync.Mutex // Progress is called by one worker at a time
	finished := 0
	if cfg.Progress != nil {
		cfg.Progress(0, len(inputs))
	}
	progress := func() {
		if cfg.Progress != nil {
			mu.Lock()
			finished++
			cfg.Progress(finished, len(inputs))
			mu.Unlock()
		}
	}
	for _, eng := range engines {
		g.Go(func() error {
			defer eng.Close()
			r := cfg.newRedactor(eng)
			for i := range next {
				res, err := work(gctx, r, inputs[i])
				// An error once the batch is stopping is most likely
				// the stop itself (a cancelled OCR); the input is
				// redone by the next run either way.
				results[i] <- outcome{res, err, err != nil && stopping(gctx, err)}
				progress()
				if err != nil && StopsBatch(err) {
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
	// returned, or the caller abandons the batch, an input with no
	// outcome yet never gets one.
	abandoned := false
	for i := range inputs {
		var o outcome
		var ok bool
		select {
		case o, ok = <-results[i]:
		case <-workersDone:
		case <-cfg.Abandon:
			abandoned = true
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
	if abandoned {
		return ctx.Err()
	}
	<-workersDone
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

// StopsBatch reports whether err means that every further input would
// fail the same way: the output disk or quota is full.
func StopsBatch(err error) bool {
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
