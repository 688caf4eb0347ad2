package pipeline

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redactpack/ocr"
	"redactpack/redact"
)

// phoneEngine reads, on pages w pixels wide, an e-mail label and value
// and a phone number; nothing on other pages (the blank one engines
// start on, verification's crops).
func phoneEngine(w int) func() (ocr.Engine, error) {
	return func() (ocr.Engine, error) {
		return ocr.EngineFunc(func(_ context.Context, g *image.Gray) ([]ocr.Word, error) {
			if g.Rect.Dx() != w {
				return nil, nil
			}
			return []ocr.Word{
				{Text: "Status:", Box: image.Rect(20, 5, 80, 18), Conf: 95, Block: 1, Par: 1, Line: 1},
				{Text: "pending", Box: image.Rect(86, 5, 150, 18), Conf: 95, Block: 1, Par: 1, Line: 1},
				{Text: "+44", Box: image.Rect(20, 30, 53, 50), Conf: 95, Block: 1, Par: 1, Line: 2},
				{Text: "20", Box: image.Rect(60, 30, 82, 50), Conf: 95, Block: 1, Par: 1, Line: 2},
				{Text: "7946", Box: image.Rect(89, 30, 133, 50), Conf: 95, Block: 1, Par: 1, Line: 2},
				{Text: "0348", Box: image.Rect(140, 30, 184, 50), Conf: 95, Block: 1, Par: 1, Line: 2},
			}, nil
		}), nil
	}
}

func blankImage(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xf0
	}
	img.Set(0, 0, color.Gray{0xef})
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testRedactor(t *testing.T, cfg *Config) *redact.Redactor {
	t.Helper()
	eng, err := cfg.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	return cfg.newRedactor(eng)
}

// TestProcess redacts one image: the output is a fresh PNG of the same
// size with the phone hidden, its findings say so, the kept text has the
// words no hidden value touches, and a screenshot tool's file name gives
// a floating capture time in the Config's zone.
func TestProcess(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	cfg := &Config{Policy: redact.DefaultPolicy(), NewEngine: phoneEngine(300), Jobs: 1, Verify: true, Location: shanghai}
	data := encodePNG(t, blankImage(300, 60))
	out, err := Process(context.Background(), testRedactor(t, cfg), "shots/Screenshot_20261124-103215.png", data, time.Time{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if out.Format != "png" || out.Converted != "" || out.Width != 300 || out.Height != 60 {
		t.Errorf("output %s (from %q) %d×%d, want png 300×60", out.Format, out.Converted, out.Width, out.Height)
	}
	dec, err := png.Decode(bytes.NewReader(out.Data))
	if err != nil || dec.Bounds() != out.Image.Bounds() {
		t.Fatalf("Data does not decode to the image: %v", err)
	}
	if got := redact.CountHidden(out.Findings); got[redact.Phone] != 1 || len(got) != 1 {
		t.Errorf("hidden %v, want one phone", got)
	}
	if r, _, _, _ := dec.At(100, 40).RGBA(); r>>8 == 0xf0 {
		t.Error("the phone's pixels are unchanged in the output")
	}
	if out.Text != "Status: pending" {
		t.Errorf("kept text %q, want the status line alone", out.Text)
	}
	want := time.Date(2026, 11, 24, 10, 32, 15, 0, shanghai)
	if !out.Captured.Equal(want) || out.Captured.Location() != shanghai || !out.Floating || out.CaptureSource == "" {
		t.Errorf("captured %v (%s, floating %t), want %v floating", out.Captured, out.CaptureSource, out.Floating, want)
	}
}

// A GIF becomes a PNG, and says so.
func TestProcessConverts(t *testing.T) {
	cfg := &Config{Policy: redact.DefaultPolicy(), NewEngine: phoneEngine(300), Jobs: 1}
	pal := image.NewPaletted(image.Rect(0, 0, 300, 60), []color.Color{color.White, color.Black})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, pal, nil); err != nil {
		t.Fatal(err)
	}
	out, err := Process(context.Background(), testRedactor(t, cfg), "a.gif", buf.Bytes(), time.Time{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if out.Format != "png" || out.Converted != "gif" {
		t.Errorf("format %q converted %q, want png from gif", out.Format, out.Converted)
	}
	if got := OutputPath("out", Input{Rel: "sub/a.gif"}); got != filepath.Join("out", "sub", "a.png") {
		t.Errorf("OutputPath = %s, want out/sub/a.png", got)
	}
}

// An image that cannot be decoded gets an error and no output.
func TestProcessBadInput(t *testing.T) {
	cfg := &Config{Policy: redact.DefaultPolicy(), NewEngine: phoneEngine(300), Jobs: 1}
	data := encodePNG(t, blankImage(300, 60))
	out, err := Process(context.Background(), testRedactor(t, cfg), "a.png", data[:len(data)/2], time.Time{}, cfg)
	if err == nil || out != nil {
		t.Errorf("truncated PNG: %v, %v; want an error and no output", out, err)
	}
}

// TestKey: the key changes with what decides an output, and only with
// that.
func TestKey(t *testing.T) {
	base := func() *Config {
		return &Config{Policy: redact.DefaultPolicy(), OCR: "api eng+chi_sim", Verify: true, Jobs: 2}
	}
	k := base().Key()
	same := base()
	same.Jobs, same.Location = 1, time.UTC
	if same.Key() != k {
		t.Error("jobs or the time zone changed the key")
	}
	for name, change := range map[string]func(*Config){
		"policy":     func(c *Config) { c.Policy.Set(redact.Balance, false) },
		"ocr":        func(c *Config) { c.OCR = "exec eng" },
		"verify":     func(c *Config) { c.Verify = false },
		"max pixels": func(c *Config) { c.MaxPixels = 1000 },
	} {
		c := base()
		change(c)
		if c.Key() == k {
			t.Errorf("a change of %s kept the key", name)
		}
	}
}

// TestNewShot: counts of hidden values, kept values for the checklist,
// and the text and capture time of the output.
func TestNewShot(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	out := &Output{Text: "TxID", Captured: at, CaptureSource: "file name", Findings: []redact.Finding{
		{Category: redact.Phone, Redacted: true, Masked: "+44****0348"},
		{Category: redact.Phone, Redacted: true, Masked: "+44****0349"},
		{Category: redact.TxID, Text: "0xabc", Masked: "0x***bc"},
	}}
	s := NewShot("a.png", out, nil)
	if s.Hidden["phone"] != 2 || len(s.Hidden) != 1 {
		t.Errorf("hidden %v, want phone 2", s.Hidden)
	}
	if got := s.Kept["txid"]; len(got) != 1 || got[0] != "0xabc" {
		t.Errorf("kept %v, want the txid", s.Kept)
	}
	if s.Text != "TxID" || !s.Captured.Equal(at) || s.Name != "a.png" {
		t.Errorf("shot %+v", s)
	}
}

// TestCheckOutputs refuses runs that would overwrite an input or write
// one output twice.
func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.png")
	if err := os.WriteFile(in, encodePNG(t, blankImage(4, 4)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		inputs []Input
		out    string
		want   string
	}{
		{[]Input{{Path: in, Rel: "a.png"}}, dir, "would overwrite an input"},
		{[]Input{{Path: in, Rel: "a.png"}, {Path: "x/a.gif", Rel: "a.gif"}}, t.TempDir(), "would both be written"},
		{[]Input{{Path: in, Rel: "a.png"}}, t.TempDir(), ""},
	}
	for _, tt := range tests {
		err := CheckOutputs(tt.inputs, tt.out)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckOutputs(%v) = %v, want %q", tt.inputs, err, tt.want)
		}
	}
}
