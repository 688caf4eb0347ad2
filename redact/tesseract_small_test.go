//go:build cgo

package redact

import (
	"context"
	"image"
	"image/color"
	"redactpack/ocr"
	"sync"
	"testing"
)

// Leptonica's Sauvola binarisation used to crash the process on images a few
// pixels across (a mail's tracking pixel, a tiny logo).
func TestTesseractTinyImages(t *testing.T) {
	eng, err := ocr.NewTesseract("eng")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	for _, sz := range [][2]int{{1, 1}, {4, 4}, {200, 3}, {3, 200}} {
		g := image.NewGray(image.Rect(0, 0, sz[0], sz[1]))
		for i := range g.Pix {
			g.Pix[i] = 255
		}
		words, err := eng.Words(context.Background(), g)
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if len(words) != 0 {
			t.Errorf("%v: blank image read as %v", sz, words)
		}
		// And through the whole redactor.
		img := image.NewNRGBA(image.Rect(0, 0, sz[0], sz[1]))
		for i := range img.Pix {
			img.Pix[i] = 255
		}
		res, err := NewRedactor(DefaultPolicy(), eng).Redact(context.Background(), img)
		if err != nil {
			t.Fatalf("%v: redact: %v", sz, err)
		}
		if res.Image.Bounds() != img.Bounds() {
			t.Errorf("%v: output is %v", sz, res.Image.Bounds())
		}
		if res.Image.NRGBAAt(0, 0) != (color.NRGBA{255, 255, 255, 255}) {
			t.Errorf("%v: blank image changed", sz)
		}
	}
}

// Engines started from several goroutines at once all load (the start-up is
// serialised; gosseract's is not safe to run concurrently).
func TestNewTesseractConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := ocr.NewTesseract("eng")
			if err != nil {
				errs <- err
				return
			}
			e.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
