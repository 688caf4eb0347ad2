//go:build unix

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestEscapeControls checks what escapeControls writes as escapes.
func TestEscapeControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"shot.png", "shot.png"},
		{"截图 2026.png", "截图 2026.png"},
		{"a\x00b", `a\x00b`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"two\nlines\r", `two\nlines\r`},
		{"tab\there\x7f", `tab\there\x7f`},
		{"\u202egnp.exe", `\u202egnp.exe`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"c1\u009b", `c1\u009b`},
	}
	for _, tt := range tests {
		if got := escapeControls(tt.in); got != tt.want {
			t.Errorf("escapeControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMessagesEscapeControls runs commands whose names and flags carry
// NUL, escape sequences and newlines: no raw control byte may reach the
// terminal but the newline that ends each line, and each line must start
// as a redactpack message (a name with a newline cannot forge one).
func TestMessagesEscapeControls(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "shot.png"), 200)
	fake := fakeTesseract(t, filepath.Join(dir, "ocr.log"))
	esc := "\x1b[2J\x1b[31m"
	tests := []struct {
		name string
		args []string
		want string // an escaped form that must appear
	}{
		{"missing input", []string{"redact", "-o", filepath.Join(dir, "o1"), "gone" + esc + "\nredactpack: hint: forged"}, `gone\x1b[2J\x1b[31m\nredactpack: hint: forged`},
		{"NUL in a name", []string{"redact", "-o", filepath.Join(dir, "o2"), "nul\x00.png"}, `nul\x00.png`},
		{"unknown flag", []string{"redact", "--bad" + esc, "-o", "out", "a.png"}, `--bad\x1b[2J\x1b[31m`},
		{"output folder", []string{"redact", "--ocr-engine", "exec", "--tesseract", fake, "--no-verify",
			"-o", filepath.Join(dir, "out"+esc+"\nx"), filepath.Join(dir, "shot.png")}, `out\x1b[2J\x1b[31m\nx`},
		{"unknown command", []string{"frob" + esc}, `frob\x1b[2J\x1b[31m`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			exitCode(err, &stderr)
			out := stderr.String()
			if !strings.Contains(out, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, out)
			}
			for _, c := range []byte(strings.TrimSuffix(out, "\n")) {
				if c < 0x20 && c != '\n' || c == 0x7f {
					t.Fatalf("raw control byte %#x on stderr: %q", c, out)
				}
			}
			for line := range strings.Lines(out) {
				if !strings.HasPrefix(line, "redactpack: ") || strings.HasPrefix(line, "redactpack: hint: forged") {
					t.Errorf("line %q is not one of redactpack's messages", line)
				}
			}
		})
	}
}
