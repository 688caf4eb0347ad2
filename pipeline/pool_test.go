package pipeline

import (
	"context"
	"errors"
	"image"
	"redactpack/ocr"
	"redactpack/redact"
	"sync"
	"testing"
	"time"
)

// TestPool: engines start only when a call needs one and none is
// free, up to -j, and calls beyond that wait for a free one.
func TestPool(t *testing.T) {
	pol, _, err := redact.LoadPolicy("default")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	started := 0
	newEngine := func() (ocr.Engine, error) {
		mu.Lock()
		started++
		mu.Unlock()
		return ocr.EngineFunc(func(context.Context, *image.Gray) ([]ocr.Word, error) { return nil, nil }), nil
	}
	p := NewPool(&Config{Policy: pol, NewEngine: newEngine, Jobs: 2, Verify: true})
	defer p.Close()
	ctx := context.Background()
	a, err := p.Get(ctx)
	if err != nil || started != 1 {
		t.Fatalf("first get: %v, %d engines", err, started)
	}
	p.Put(a)
	if a2, _ := p.Get(ctx); a2 != a || started != 1 {
		t.Fatalf("a free engine was not reused: %d engines", started)
	}
	b, err := p.Get(ctx)
	if err != nil || b == a || started != 2 {
		t.Fatalf("second engine: %v, %d engines", err, started)
	}
	if b.Redactor.SkipVerify || !b.Checker.SkipVerify {
		t.Error("the redactor must verify, the PDF checker need not")
	}
	got := make(chan *Worker)
	go func() { w, _ := p.Get(ctx); got <- w }()
	select {
	case <-got:
		t.Fatal("a third engine was lent with -j 2")
	case <-time.After(50 * time.Millisecond):
	}
	p.Put(b)
	if w := <-got; w != b || started != 2 {
		t.Errorf("the waiting call got %p, want the freed %p; %d engines", w, b, started)
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := p.Get(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("get with both engines lent: %v", err)
	}
}
