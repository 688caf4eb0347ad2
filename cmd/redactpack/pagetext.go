package main

import (
	"context"
	"image"
	"math"
	"slices"
	"strings"

	"redactpack/ocr"
	"redactpack/redact"
)

// The bundle's checklist looks for its items ("Verification failed",
// "TxID", a date) in what the screenshots say, and redact.Result carries
// the values found but not the words read. The words come from the
// engine instead: each worker's engine is wrapped, and the first page a
// Redact call reads (the whole image; the rescue and verification passes
// read small stacks of lines after it) is recorded into the pageWords
// that the worker put in the context for that image.

// pageWords is the first page read for one image, at the scale OCR ran at.
type pageWords struct {
	words []ocr.Word
	size  image.Point // of the page read
	done  bool
}

type pageWordsKey struct{}

// withPageWords returns a context under which the wrapped engine records
// the first page it reads into the returned pageWords.
func withPageWords(ctx context.Context) (context.Context, *pageWords) {
	pw := &pageWords{}
	return context.WithValue(ctx, pageWordsKey{}, pw), pw
}

// wordsEngine records pages into the context's pageWords.
type wordsEngine struct{ ocr.Engine }

func (e wordsEngine) Words(ctx context.Context, img *image.Gray) ([]ocr.Word, error) {
	words, err := e.Engine.Words(ctx, img)
	if pw, ok := ctx.Value(pageWordsKey{}).(*pageWords); ok && !pw.done && err == nil {
		pw.words, pw.size, pw.done = slices.Clone(words), img.Rect.Size(), true
	}
	return words, err
}

// wordsBlockEngine is a wordsEngine over an engine that reads blocks too,
// so that the rescue and verification passes still can.
type wordsBlockEngine struct {
	wordsEngine
	block redact.BlockReader
}

func (e wordsBlockEngine) BlockWords(ctx context.Context, img *image.Gray) ([]ocr.Word, error) {
	return e.block.BlockWords(ctx, img)
}

// recordingWords wraps the engines newEngine makes.
func recordingWords(newEngine newEngineFunc) newEngineFunc {
	return func() (ocr.Engine, error) {
		eng, err := newEngine()
		if err != nil {
			return nil, err
		}
		if br, ok := eng.(redact.BlockReader); ok {
			return wordsBlockEngine{wordsEngine{eng}, br}, nil
		}
		return wordsEngine{eng}, nil
	}
}

// keptText is the text of the words read on a w×h image that no hidden
// value touches, a line of words per line. A word that overlaps a hidden
// box by a single pixel is left out: the text never holds any part of a
// hidden value.
func keptText(pw *pageWords, w, h int, found []redact.Finding) string {
	if pw == nil || len(pw.words) == 0 || w <= 0 || h <= 0 || pw.size.X <= 0 || pw.size.Y <= 0 {
		return ""
	}
	sx, sy := float64(pw.size.X)/float64(w), float64(pw.size.Y)/float64(h)
	var hidden []image.Rectangle
	for _, f := range found {
		if f.Redacted {
			hidden = append(hidden, f.Boxes...)
		}
	}
	var b strings.Builder
	var prev *ocr.Word
	for i := range pw.words {
		wd := &pw.words[i]
		text := strings.TrimSpace(wd.Text)
		if text == "" {
			continue
		}
		// Back to image pixels, rounding outwards.
		box := image.Rect(
			int(math.Floor(float64(wd.Box.Min.X)/sx)), int(math.Floor(float64(wd.Box.Min.Y)/sy)),
			int(math.Ceil(float64(wd.Box.Max.X)/sx)), int(math.Ceil(float64(wd.Box.Max.Y)/sy)),
		).Inset(-1)
		if slices.ContainsFunc(hidden, func(r image.Rectangle) bool { return r.Overlaps(box) }) {
			continue
		}
		if prev != nil {
			sameLine := wd.Block == prev.Block && wd.Par == prev.Par && wd.Line == prev.Line &&
				wd.Box.Min.Y < prev.Box.Max.Y && wd.Box.Min.X >= prev.Box.Min.X
			if sameLine {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(text)
		prev = wd
	}
	return b.String()
}
