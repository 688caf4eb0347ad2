package poppler

import (
	"errors"
	"os/exec"
	"testing"
)

// toolError gives the line that says why, not the warnings before it.
func TestToolError(t *testing.T) {
	exit := errors.New("exit status 1")
	for _, tt := range []struct{ stderr, want string }{
		{"Syntax Warning: May not be a PDF file\nSyntax Error: Couldn't find trailer dictionary\n", "Syntax Error: Couldn't find trailer dictionary"},
		{"Command Line Error: Incorrect password\n", "Command Line Error: Incorrect password"},
		{"I/O trouble\n", "I/O trouble"},
		{"", "exit status 1"},
	} {
		if got := toolError(exit, tt.stderr).Error(); got != tt.want {
			t.Errorf("toolError(%q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}

// A file that is not a PDF is an error naming pdftotext's reason.
func TestTextNotAPDF(t *testing.T) {
	if Need() != nil {
		t.Skip("poppler-utils not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip(err)
	}
	_, err := Text(t.Context(), "poppler_test.go")
	if err == nil {
		t.Fatal("a Go file read as a PDF without an error")
	}
}
