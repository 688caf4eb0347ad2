// Package poppler reads PDFs with the poppler-utils programs: their text
// with pdftotext and their embedded images with pdfimages. It is how
// redactpack checks PDFs it cannot redact (check, and the PDFs attached to
// a message).
package poppler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrMissing is wrapped when pdftotext or pdfimages is not installed.
var ErrMissing = errors.New("not found")

// Hint is the advice when ErrMissing is returned.
const Hint = "install poppler-utils (apt-get install poppler-utils, dnf install poppler-utils, brew install poppler)"

// Need returns an ErrMissing error naming the first tool that is
// missing.
func Need() error {
	for _, tool := range []string{"pdftotext", "pdfimages"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s %w", tool, ErrMissing)
		}
	}
	return nil
}

// Text returns the text of a PDF file. A PDF that pdftotext cannot
// read (encrypted, malformed, copying not allowed) is an error: what it
// shows is then unknown.
func Text(ctx context.Context, path string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("pdftotext: %v", toolError(err, stderr.String()))
	}
	return stdout.String(), nil
}

// An Image is one image of a PDF, extracted as a PNG file.
type Image struct {
	Path string // of the file
	Name string // "page 2 image 1"
}

// Images writes a PDF's images as PNG files under dir with pdfimages, and
// returns them named by page and number, in document order.
func Images(ctx context.Context, pdf, dir string) ([]Image, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "pdfimages", "-png", "-p", pdf, filepath.Join(dir, "img"))
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pdfimages: %v", toolError(err, stderr.String()))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Image
	for _, e := range entries {
		// img-PPP-NNN.png: page PPP, image NNN of the document.
		parts := strings.Split(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())), "-")
		name := e.Name()
		if len(parts) == 3 {
			page, _ := strconv.Atoi(parts[1])
			n, _ := strconv.Atoi(parts[2])
			name = fmt.Sprintf("page %d image %d", page, n+1)
		}
		out = append(out, Image{Path: filepath.Join(dir, e.Name()), Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// toolError is the reason a poppler tool failed: the last error line it
// printed ("Command Line Error: Incorrect password"), which comes after
// the warnings that led to it, else its first line, else its exit status.
func toolError(err error, stderr string) error {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "Error") {
			return errors.New(strings.TrimSpace(lines[i]))
		}
	}
	if lines[0] != "" {
		return errors.New(strings.TrimSpace(lines[0]))
	}
	return err
}
