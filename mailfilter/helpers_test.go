package mailfilter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message"
)

// fakeRedactor stands in for the OCR redactor: it checks that it is given
// a decodable image and returns a solid-colour image of the same size and
// format, different for every call so that outputs can be traced back.
type fakeRedactor struct {
	mu      sync.Mutex
	calls   []Image
	outputs [][]byte
	fail    error // returned for every call when set
}

func (f *fakeRedactor) Redact(ctx context.Context, img Image) (Redacted, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, img)
	if f.fail != nil {
		return Redacted{}, f.fail
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(img.Data))
	if err != nil {
		return Redacted{}, fmt.Errorf("cannot decode image: %v", err)
	}
	n := len(f.outputs) + 1
	fill := color.RGBA{uint8(n * 40), uint8(n * 7), 200, 255}
	out := image.NewRGBA(image.Rect(0, 0, cfg.Width, cfg.Height))
	for i := range out.Pix {
		out.Pix[i] = []uint8{fill.R, fill.G, fill.B, fill.A}[i%4]
	}
	var buf bytes.Buffer
	ct := "image/" + format
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 90})
	case "gif":
		err = gif.Encode(&buf, out, nil)
	default:
		ct = "image/png"
		err = png.Encode(&buf, out)
	}
	if err != nil {
		return Redacted{}, err
	}
	f.outputs = append(f.outputs, buf.Bytes())
	return Redacted{Data: buf.Bytes(), ContentType: ct, Hidden: map[string]int{"email": 1}}, nil
}

// produced reports whether b is one of the redactor's outputs.
func (f *fakeRedactor) produced(b []byte) bool {
	for _, o := range f.outputs {
		if bytes.Equal(o, b) {
			return true
		}
	}
	return false
}

// given reports whether b was given to the redactor.
func (f *fakeRedactor) given(b []byte) bool {
	for _, c := range f.calls {
		if bytes.Equal(c.Data, b) {
			return true
		}
	}
	return false
}

// fakePDF is a small valid PDF.
var fakePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")

// fakeBundle records what it is given and returns fakePDF.
type fakeBundle struct {
	subject, body string
	date          time.Time
	images        []Image
	name          string
}

func (b *fakeBundle) Bundle(ctx context.Context, ev Evidence) ([]byte, string, error) {
	b.subject, b.body, b.date, b.images = ev.Subject, ev.Body, ev.Date, ev.Images
	name := b.name
	if name == "" {
		name = "evidence.pdf"
	}
	return fakePDF, name, nil
}

// fakeFind finds e-mail addresses of the form "name@example.com" and
// masks them, as the real detectors do.
func fakeFind(text string) ([]string, string) {
	var found []string
	masked := text
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '<' || r == '>' || r == '"' || r == ':' || r == ','
	}) {
		w = strings.TrimRight(w, ".;")
		if strings.HasSuffix(w, "@example.com") {
			m := w[:min(2, len(w))] + "***@example.com"
			found = append(found, "email "+m)
			masked = strings.ReplaceAll(masked, w, m)
		}
	}
	return found, masked
}

// leaf is a non-multipart part of a parsed message, as go-message reads it.
type leaf struct {
	path        string
	mediaType   string
	disposition string
	filename    string
	contentID   string
	header      message.Header
	body        []byte
	err         error
}

// leaves parses a message with go-message (not with the package under
// test) and returns its leaf parts with bodies decoded; message/rfc822
// parts are opened.
func leaves(t testing.TB, raw []byte) []leaf {
	t.Helper()
	ls, err := parseLeaves(raw)
	if err != nil {
		t.Fatalf("go-message cannot parse the message: %v", err)
	}
	return ls
}

func parseLeaves(raw []byte) ([]leaf, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, err
	}
	var out []leaf
	err = walk(e, "", &out, 0)
	return out, err
}

func walk(e *message.Entity, path string, out *[]leaf, depth int) error {
	if depth > 40 {
		return errors.New("too deep")
	}
	mt, _, _ := e.Header.ContentType()
	if mr := e.MultipartReader(); mr != nil {
		for i := 1; ; i++ {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
				return err
			}
			if err := walk(p, childPath(path, i), out, depth+1); err != nil {
				return err
			}
		}
	}
	if mt == "message/rfc822" || mt == "message/global" {
		inner, err := message.Read(e.Body)
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return err
		}
		return walk(inner, path, out, depth+1)
	}
	l := leaf{path: path, mediaType: mt, header: e.Header}
	l.disposition, _, _ = e.Header.ContentDisposition()
	l.contentID = e.Header.Get("Content-Id")
	if _, params, err := e.Header.ContentDisposition(); err == nil {
		l.filename = params["filename"]
	}
	if _, params, err := e.Header.ContentType(); err == nil && l.filename == "" {
		l.filename = params["name"]
	}
	l.body, l.err = io.ReadAll(e.Body)
	*out = append(*out, l)
	return nil
}

func smallPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func smallJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// filter runs Filter with the fakes and returns the output.
func filter(t testing.TB, in []byte, opts Options) ([]byte, Summary, error) {
	t.Helper()
	var out bytes.Buffer
	sum, err := Filter(context.Background(), bytes.NewReader(in), &out, opts)
	if err != nil && out.Len() != 0 {
		t.Fatalf("Filter failed (%v) but wrote %d bytes", err, out.Len())
	}
	return out.Bytes(), sum, err
}
