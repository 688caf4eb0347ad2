package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"strings"
	"time"

	"redactpack/bundle"
	"redactpack/redact"
)

// mailBundleName is the file name of the PDF that mail attaches.
const mailBundleName = "evidence.pdf"

// buildMailBundle is bundleForMail: the evidence PDF of a message, from its
// subject (the title), its statement (the --statement file, else the text
// body) and its redacted images. The images are in memory already, as the
// message is; each is decoded only while the PDF is written. There is no
// user timeline and the images have lost their metadata, so capture times
// come from file names alone.
func buildMailBundle(ctx context.Context, b *mailBundle) ([]byte, string, error) {
	text := b.Statement
	if text == "" {
		text = b.Body
	}
	st, err := bundle.ParseStatement(strings.NewReader(text))
	if err != nil {
		return nil, "", fmt.Errorf("statement: %w", err)
	}
	loc := time.Local
	created, err := sourceDateEpoch(loc)
	if err != nil {
		return nil, "", err
	}
	mask := func(s string) string { m, _ := b.Policy.MaskText(s); return m }
	shots := make([]bundle.Shot, len(b.Images))
	for i, img := range b.Images {
		name := img.Name
		if name == "" {
			name = fmt.Sprintf("image-%d", i+1)
		}
		var found []redact.Finding
		if i < len(b.Findings) {
			found = b.Findings[i]
		}
		hidden, kept := shotCounts(found)
		captured, source := bundle.CaptureTime(name, nil, time.Time{}, loc)
		data := img.Data
		shots[i] = bundle.Shot{
			Name: mask(name),
			Open: func() (image.Image, error) {
				in, err := redact.Decode(data, 0)
				if err != nil {
					return nil, err
				}
				return in.Image, nil
			},
			Captured:      captured,
			CaptureSource: source,
			Hidden:        hidden,
			Kept:          kept,
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	_, err = bundle.Write(&buf, bundle.Options{
		Title:     b.Subject,
		Lang:      statementLang(st, b.Subject),
		Statement: st,
		Created:   created,
		Location:  loc,
		Version:   toolVersion(),
		Policy:    string(b.PolicySource),
		MaskText:  mask,
	}, shots)
	if err != nil {
		return nil, "", fmt.Errorf("evidence PDF: %w", err)
	}
	return buf.Bytes(), mailBundleName, nil
}

// shotCounts turns one image's findings into a Shot's Hidden counts and
// Kept values.
func shotCounts(found []redact.Finding) (hidden map[string]int, kept map[string][]string) {
	hidden = make(map[string]int)
	for _, f := range found {
		switch {
		case f.Redacted:
			hidden[string(f.Category)]++
		case f.Text != "":
			if kept == nil {
				kept = make(map[string][]string)
			}
			kept[string(f.Category)] = append(kept[string(f.Category)], f.Text)
		}
	}
	return hidden, kept
}
