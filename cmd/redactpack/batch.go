package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"redactpack/redact"
)

// newEngineFunc makes one OCR engine per worker.
type newEngineFunc func() (redact.Engine, error)

// runBatch processes inputs with n workers, each with its own engine and
// redactor, calling work for each input and done with the outcomes in input
// order (gofmt's sequencer): output stays readable and deterministic
// whatever finishes first. A failing input does not stop the batch; an
// engine that cannot start does.
func runBatch[T any](ctx context.Context, inputs []input, n int, pol *redact.Policy, newEngine newEngineFunc,
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
	var engineErr error
	var once sync.Once
	for w := 0; w < n; w++ {
		g.Go(func() error {
			eng, err := newEngine()
			if err != nil {
				once.Do(func() { engineErr = err })
				return err
			}
			defer eng.Close()
			r := redact.NewRedactor(pol, eng)
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
	err := g.Wait()
	<-reported
	if bar != nil {
		bar.Finish()
	}
	if engineErr != nil {
		return hinted{fmt.Errorf("cannot start OCR: %w", engineErr), "install Tesseract and its language data: make deps (or apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim)"}
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}
