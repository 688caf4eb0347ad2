package main

import (
	"context"
	"fmt"
	"image"
	"io"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"redactpack/redact"
)

// newEngineFunc makes one OCR engine per worker.
type newEngineFunc func() (redact.Engine, error)

// redactorOpts is how each worker's redactor is set up.
type redactorOpts struct {
	policy *redact.Policy
	verify bool // check outputs with a second OCR pass (redact.Redactor.Verify)
}

// runBatch processes inputs with n workers, each with its own engine and
// redactor, calling work for each input and done with the outcomes in input
// order (gofmt's sequencer): output stays readable and deterministic
// whatever finishes first. A failing input does not stop the batch; an
// engine that cannot start does.
func runBatch[T any](ctx context.Context, inputs []input, n int, ro redactorOpts, newEngine newEngineFunc,
	progress io.Writer, work func(ctx context.Context, r *redact.Redactor, in input) (T, error),
	done func(in input, res T, err error)) error {
	n = max(1, min(n, len(inputs)))
	type outcome struct {
		res T
		err error
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
	engines, err := startEngines(ctx, n, newEngine)
	if err != nil {
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
			r.Verify = ro.verify
			for i := range next {
				res, err := work(gctx, r, inputs[i])
				results[i] <- outcome{res, err}
				if bar != nil {
					bar.Add(1)
				}
			}
			return nil
		})
	}
	// Report in input order while the workers run.
	reported := make(chan struct{})
	go func() {
		defer close(reported)
		for i := range inputs {
			select {
			case o := <-results[i]:
				done(inputs[i], o.res, o.err)
			case <-gctx.Done():
				// Drain what finished; the rest never started.
				for j := i; j < len(inputs); j++ {
					select {
					case o := <-results[j]:
						done(inputs[j], o.res, o.err)
					default:
					}
				}
				return
			}
		}
	}()
	err = g.Wait()
	<-reported
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// startEngines makes n engines one after another and has each read a blank
// page, before any image is processed. gosseract loads the language model
// on an engine's first use and, while it does, points the process's
// standard error at /dev/null; two engines loading at once can leave it
// there for good (each saves the other's /dev/null as the stream to
// restore), and messages written meanwhile by other workers are lost. Its
// language check is not safe for concurrent use either.
func startEngines(ctx context.Context, n int, newEngine newEngineFunc) ([]redact.Engine, error) {
	engines := make([]redact.Engine, 0, n)
	blank := image.NewGray(image.Rect(0, 0, 64, 32))
	for i := range blank.Pix {
		blank.Pix[i] = 0xff
	}
	for range n {
		eng, err := newEngine()
		if err == nil {
			_, err = eng.Words(ctx, blank)
			if err != nil {
				eng.Close()
			}
		}
		if err != nil {
			for _, e := range engines {
				e.Close()
			}
			return nil, err
		}
		engines = append(engines, eng)
	}
	return engines, nil
}
