package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"redactpack/internal/fileerr"
	"redactpack/internal/poppler"
	"redactpack/redact"
	"strings"
)

// CheckPDF reads a PDF that cannot be redacted (one attached to a
// message) as check reads one: its text and its embedded images, these
// with one of p's workers. It describes what the policy would hide,
// masked ("an e-mail (li.***@gmail.com) in its text"), once each. A PDF
// that cannot be read is an error: what it shows is then unknown.
func (p *Pool) CheckPDF(ctx context.Context, pdf []byte) ([]string, error) {
	if err := poppler.Need(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redactpack-mail-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "attachment.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		return nil, fileerr.Reason(err)
	}
	text, err := poppler.Text(ctx, path)
	if err != nil {
		return nil, err
	}
	var found []string
	seen := make(map[string]bool)
	add := func(catMasked, where string) {
		s := describeFinding(catMasked) + " " + where
		if !seen[s] {
			seen[s] = true
			found = append(found, s)
		}
	}
	_, inText := p.cfg.Policy.MaskText(text)
	for _, f := range inText {
		add(f, "in its text")
	}
	images, err := poppler.Images(ctx, path, filepath.Join(dir, "images"))
	if err != nil {
		return nil, err
	}
	if len(images) == 0 {
		return found, nil
	}
	w, err := p.Get(ctx)
	if err != nil {
		return nil, err
	}
	defer p.Put(w)
	for _, img := range images {
		data, _, err := ReadFile(img.Path)
		if err != nil {
			return nil, err
		}
		fs, _, err := Check(ctx, w.Checker, data, p.cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", img.Name, err)
		}
		for _, f := range fs {
			if f.Redacted {
				add(string(f.Category)+" "+f.Masked, "in "+img.Name)
			}
		}
	}
	return found, nil
}

// categoryNouns name what a finding is, in what mail says about a PDF.
var categoryNouns = map[redact.Category]string{
	"email": "an e-mail", "phone": "a phone number", "address": "a postal address",
	"balance": "a balance", "wallet": "a wallet address", "idnum": "an ID number",
	"card": "a card number", "seed": "a seed phrase", "name": "a name",
	"account": "an account ID", "txid": "a transaction hash", "ticket": "a ticket number",
}

// describeFinding turns "email li.***@gmail.com" into "an e-mail
// (li.***@gmail.com)".
func describeFinding(catMasked string) string {
	cat, masked, _ := strings.Cut(catMasked, " ")
	noun, ok := categoryNouns[redact.Category(cat)]
	if !ok {
		noun = cat
	}
	return noun + " (" + masked + ")"
}
