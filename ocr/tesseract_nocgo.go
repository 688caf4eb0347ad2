//go:build !cgo

package ocr

import (
	"context"
	"errors"
	"image"
)

// Tesseract is the libtesseract engine, which needs cgo. This build has
// none (the Windows and macOS releases are cross-compiled without it), so
// [NewTesseract] always fails; [Exec] reads images with the tesseract
// program instead.
type Tesseract struct{}

var _ Engine = (*Tesseract)(nil)

// errNoLibtesseract says why NewTesseract fails in this build.
var errNoLibtesseract = errors.New("built without libtesseract (no cgo): run the tesseract program instead (the exec engine)")

// NewTesseract fails: this build has no libtesseract.
func NewTesseract(langs string) (*Tesseract, error) {
	return nil, errNoLibtesseract
}

// Words fails: this build has no libtesseract.
func (t *Tesseract) Words(ctx context.Context, img *image.Gray) ([]Word, error) {
	return nil, errNoLibtesseract
}

// Close does nothing.
func (t *Tesseract) Close() error { return nil }
