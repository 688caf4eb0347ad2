//go:build cgo

package ocr

import (
	"context"
	"fmt"
	"image"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// Tesseract is an [Engine] backed by libtesseract through gosseract. The
// language model is loaded once, on first use, and kept for every later
// image, which is why a worker should keep one Tesseract for its lifetime.
type Tesseract struct {
	client *gosseract.Client
	blank  []byte // a blank page, to release the last one (see release)
}

var _ BlockReader = (*Tesseract)(nil)

// initMu serialises engine start-up. gosseract's initialisation points the
// whole process's stderr at /dev/null while the model loads, and its
// language listing re-initialises one shared Tesseract instance: done from
// two goroutines at once, either can leave stderr lost or report a missing
// language that is there. It is the only package-level state, and it guards
// a C library's global behaviour, not ours.
var initMu sync.Mutex

// NewTesseract returns an engine for the given languages, such as
// "eng+chi_sim", with the models loaded. It fails when a language's model is
// not installed. It is safe to call from several goroutines.
func NewTesseract(langs string) (*Tesseract, error) {
	initMu.Lock()
	defer initMu.Unlock()
	if err := checkLanguages(langs); err != nil {
		return nil, err
	}
	quietLeptonica()
	c := gosseract.NewClient()
	if err := c.SetLanguage(strings.Split(langs, "+")...); err != nil {
		c.Close()
		return nil, err
	}
	// Screenshots carry no resolution; without one Tesseract guesses
	// and warns on every image.
	// Sauvola's local threshold: a page-wide Otsu threshold loses light
	// text on coloured chat bubbles and buttons entirely.
	//
	// Page segmentation "auto" (3), set as a variable because the API's
	// own default is a single block (6), which reads a screen's columns
	// and buttons as one jumbled paragraph, and Init resets a mode set
	// before it.
	//
	// debug_file keeps Tesseract's chatter ("Empty page!!") off stderr,
	// which carries redactpack's own messages.
	for k, v := range map[gosseract.SettableVariable]string{
		"tessedit_pageseg_mode": "3",
		"user_defined_dpi":      "300",
		"thresholding_method":   "2",
		"debug_file":            "/dev/null",
	} {
		if err := c.SetVariable(k, v); err != nil {
			c.Close()
			return nil, err
		}
	}
	t := &Tesseract{client: c}
	// Load the model now, under the lock, by reading a blank page.
	if _, err := t.Words(context.Background(), blankPage()); err != nil {
		c.Close()
		return nil, err
	}
	return t, nil
}

// checkLanguages reports a missing language model with the package to install.
func checkLanguages(langs string) error {
	have, err := gosseract.GetAvailableLanguages()
	if err != nil {
		return fmt.Errorf("cannot list Tesseract languages: %w", err)
	}
	for _, l := range strings.Split(langs, "+") {
		found := false
		for _, h := range have {
			if h == l {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("tesseract language %q is not installed (try: apt-get install tesseract-ocr-%s)",
				l, strings.ReplaceAll(l, "_", "-"))
		}
	}
	return nil
}

// Words runs OCR over img. The image is handed to Leptonica as an
// uncompressed BMP (see grayBMP), which it reads without a decoder.
func (t *Tesseract) Words(ctx context.Context, img *image.Gray) ([]Word, error) {
	return t.read(ctx, img, "3")
}

// BlockWords reads img as one block of text lines (page segmentation mode
// 6); see [BlockReader].
func (t *Tesseract) BlockWords(ctx context.Context, img *image.Gray) ([]Word, error) {
	return t.read(ctx, img, "6")
}

func (t *Tesseract) read(ctx context.Context, img *image.Gray, psm string) ([]Word, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := t.client.SetVariable("tessedit_pageseg_mode", psm); err != nil {
		return nil, err
	}
	img = padSmall(img)
	if err := t.client.SetImageFromBytes(grayBMP(img)); err != nil {
		return nil, err
	}
	boxes, err := t.client.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, err
	}
	t.release()
	words := make([]Word, 0, len(boxes))
	off := img.Rect.Min
	for _, b := range boxes {
		text := strings.TrimSpace(b.Word)
		if text == "" {
			continue
		}
		words = append(words, Word{
			Text:  text,
			Box:   b.Box.Add(off),
			Conf:  b.Confidence,
			Block: b.BlockNum,
			Par:   b.ParNum,
			Line:  b.LineNum,
		})
	}
	return words, nil
}

// release frees what Tesseract keeps of the page it read (the image, its
// binarisation, the layout and the words), which it would otherwise hold
// until the next page while the worker does its own work: the client only
// lets go of an image when given another, and Tesseract clears its results
// when it gets one, so it gets a blank one. The C heap's free memory then
// goes back to the system.
func (t *Tesseract) release() {
	if t.blank == nil {
		t.blank = grayBMP(blankPage())
	}
	_ = t.client.SetImageFromBytes(t.blank)
	trimHeap()
}

// Close frees the Tesseract instance.
func (t *Tesseract) Close() error { return t.client.Close() }
