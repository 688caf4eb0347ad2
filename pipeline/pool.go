package pipeline

import (
	"context"
	"sync"

	"redactpack/ocr"
	"redactpack/redact"
)

// A Pool lends redactors, one OCR engine each, to callers that come at
// once, up to cfg.Jobs: a mail filter redacting a message's images in
// parallel. Engines start when a caller needs one and none is free, one
// after another (see [ocr.Start]), so that work without images starts no
// Tesseract, and work with a single image starts one. A Pool is safe for
// concurrent use.
type Pool struct {
	cfg *Config

	mu      sync.Mutex // held while an engine starts
	started []*Worker
	free    chan *Worker
}

// A Worker is one engine with its two redactors: Redactor verifies as
// the Config says, Checker never does (it reads what is there, as check
// does, and paints nothing).
type Worker struct {
	Redactor, Checker *redact.Redactor
	engine            ocr.Engine
}

// NewPool returns a pool of up to cfg.Jobs workers.
func NewPool(cfg *Config) *Pool {
	n := max(1, cfg.Jobs)
	return &Pool{cfg: cfg, free: make(chan *Worker, n)}
}

// Get returns a free worker, starting one if there is none and fewer than
// cfg.Jobs have started, else waiting for one; an engine that cannot
// start is an [*EngineError]. Give it back with Put.
func (p *Pool) Get(ctx context.Context) (*Worker, error) {
	select {
	case w := <-p.free:
		return w, nil
	default:
	}
	p.mu.Lock()
	if len(p.started) < cap(p.free) {
		defer p.mu.Unlock()
		engines, err := ocr.Start(ctx, 1, p.cfg.NewEngine)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &EngineError{err}
		}
		w := &Worker{engine: engines[0], Redactor: p.cfg.newRedactor(engines[0]), Checker: redact.NewRedactor(p.cfg.Policy, engines[0])}
		w.Checker.SkipVerify = true
		p.started = append(p.started, w)
		return w, nil
	}
	p.mu.Unlock()
	select {
	case w := <-p.free:
		return w, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Put gives w back.
func (p *Pool) Put(w *Worker) { p.free <- w }

// Close closes the engines of every worker started. No worker may be in
// use.
func (p *Pool) Close() {
	for _, w := range p.started {
		w.engine.Close()
	}
}
