package bundle

import (
	"image"
	"io"
	"testing"
)

// BenchmarkPrepare lays out and encodes one phone screenshot (1170 × 2532),
// the bundle's work per image in a redaction worker.
func BenchmarkPrepare(b *testing.B) {
	img := screenshot(1170, 2532, "Withdrawal pending")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Prepare(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite renders the sample bundle (cover, timeline, three
// screenshots prepared ahead, appendix): the work left after the batch.
func BenchmarkWrite(b *testing.B) {
	opts, shots := sample()
	for i, s := range shots {
		img, err := s.Open()
		if err != nil {
			b.Fatal(err)
		}
		if shots[i].Prepared, err = Prepare(img); err != nil {
			b.Fatal(err)
		}
		shots[i].Open = func() (image.Image, error) { b.Fatal("reopened"); return nil, nil }
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(io.Discard, opts, shots); err != nil {
			b.Fatal(err)
		}
	}
}
