// Package ocr reads the words of an image with Tesseract: through
// libtesseract ([NewTesseract], the only user of its cgo binding) or by
// running the tesseract program ([NewExec]). An [Engine] is what the
// redaction pipeline reads pages with; tests stand in for it with an
// [EngineFunc].
package ocr

import (
	"context"
	"image"
)

// A Word is one word read by an [Engine], in the coordinates of the image
// the engine was given.
type Word struct {
	Text string
	Box  image.Rectangle
	// Conf is the engine's confidence, 0–100.
	Conf float64
	// Block, Par and Line number the layout units the engine put the word
	// in (1-based; 0 when the engine does not say). Line numbers restart in
	// every paragraph.
	Block, Par, Line int
}

// An Engine reads the words of a grey-scale image: [Tesseract] through
// libtesseract, or [Exec] by running the tesseract program. A Tesseract is
// not safe for concurrent use: give each worker its own (see
// [NewTesseract]).
type Engine interface {
	Words(ctx context.Context, img *image.Gray) ([]Word, error)
	Close() error
}

// A BlockReader is an [Engine] that can also read an image as one block of
// text lines rather than a page to lay out. The redaction pipeline's
// rescue, re-read and verification passes stack the lines they read again
// into one small image, which automatic page segmentation often finds
// empty; both built-in engines implement it. An engine that does not is
// asked for pages only, and those passes are skipped: a stand-in for
// Tesseract in a test need not know how they stack their lines.
type BlockReader interface {
	Engine
	BlockWords(ctx context.Context, img *image.Gray) ([]Word, error)
}

var (
	_ BlockReader = (*Exec)(nil)
)

// EngineFunc adapts a function to the [Engine] interface; its Close does
// nothing. Tests use it to stand in for Tesseract.
type EngineFunc func(ctx context.Context, img *image.Gray) ([]Word, error)

// Words calls f.
func (f EngineFunc) Words(ctx context.Context, img *image.Gray) ([]Word, error) {
	return f(ctx, img)
}

// Close does nothing.
func (EngineFunc) Close() error { return nil }

// BlockFunc adapts a function to the [BlockReader] interface: it reads
// pages and stacked lines alike. Tests of the passes that read stacked
// lines use it.
type BlockFunc func(ctx context.Context, img *image.Gray) ([]Word, error)

// Words calls f.
func (f BlockFunc) Words(ctx context.Context, img *image.Gray) ([]Word, error) { return f(ctx, img) }

// BlockWords calls f.
func (f BlockFunc) BlockWords(ctx context.Context, img *image.Gray) ([]Word, error) {
	return f(ctx, img)
}

// Close does nothing.
func (BlockFunc) Close() error { return nil }

// minOCRSize is the smallest width and height given to an engine; smaller
// images are padded (see padSmall).
const minOCRSize = 32

// padSmall returns img, or, when it is narrower or lower than minOCRSize,
// img on a white canvas of at least that size at the same origin, so word
// boxes need no adjustment. Leptonica's Sauvola binarisation crashes on
// images a few pixels across, in the tesseract program as in the library.
func padSmall(img *image.Gray) *image.Gray {
	const size = minOCRSize
	if img.Rect.Dx() >= size && img.Rect.Dy() >= size {
		return img
	}
	r := img.Rect
	out := image.NewGray(image.Rect(r.Min.X, r.Min.Y, r.Min.X+max(size, r.Dx()), r.Min.Y+max(size, r.Dy())))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(r.Min.X, y):], img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)])
	}
	return out
}

// Start makes n engines with newEngine, one after another, each ready to
// read: a [Tesseract] loads its model as it is made, and any other engine
// reads a blank page first (the tesseract program is run once), so that a
// broken install fails here, before any image, with the engine's own
// error. Engines made at once would race: gosseract points the process's
// standard error at /dev/null while a model loads, and two loading
// together can leave it there. On an error the engines made so far are
// closed.
func Start(ctx context.Context, n int, newEngine func() (Engine, error)) ([]Engine, error) {
	engines := make([]Engine, 0, n)
	fail := func(err error) ([]Engine, error) {
		for _, e := range engines {
			e.Close()
		}
		return nil, err
	}
	for range n {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		eng, err := newEngine()
		if err != nil {
			return fail(err)
		}
		if _, warm := eng.(*Tesseract); !warm {
			if _, err := eng.Words(ctx, blankPage()); err != nil {
				eng.Close()
				return fail(err)
			}
		}
		engines = append(engines, eng)
	}
	return engines, nil
}

// blankPage is the white page an engine reads to start: 64×32, which a
// stand-in for the tesseract program can tell from any screenshot.
func blankPage() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 2*minOCRSize, minOCRSize))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g
}
