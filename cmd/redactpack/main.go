package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"redactpack/internal/interrupt"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	limitThreads()
	// The Go heap holds a few decoded images per worker at a time;
	// without a limit the collector lets it grow to twice what is live,
	// on top of each Tesseract engine's 120 MB.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	ctx, stop := interruptible()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	code := exitCode(err, os.Stderr)
	pauseOnExit()
	os.Exit(code)
}

// interruptible is the context of a run that Ctrl-C and SIGTERM stop (see
// interrupt.Notify).
func interruptible() (context.Context, func()) {
	return interrupt.Notify(context.Background(), func() {
		fmt.Fprintf(os.Stderr, "redactpack: stopped before it could finish\n")
		os.Exit(exitFailed)
	})
}

// Exit statuses, as documented in the README and --help.
const (
	exitOK     = 0
	exitFailed = 1 // some input failed, or check found sensitive text
	exitUsage  = 2
)

// errUsage wraps command-line mistakes; they exit with status 2.
var errUsage = errors.New("usage")

// errFailed is returned when some inputs failed; each was already reported.
var errFailed = errors.New("some inputs failed")

// errFound is returned by check when sensitive text is still readable.
var errFound = errors.New("sensitive text found")

func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// exitCode reports err on stderr in the one message style and maps it to
// the exit status. Every line goes through escapeControls: an error may
// carry a file name or a flag as the user's system gave it.
func exitCode(err error, stderr io.Writer) int {
	say := func(kind, msg string) {
		fmt.Fprintf(stderr, "redactpack: %s%s\n", kind, escapeControls(msg))
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFailed), errors.Is(err, errFound):
		return exitFailed
	case errors.Is(err, errUsage):
		msg := err.Error()
		if u := errUsage.Error() + ": "; strings.HasPrefix(msg, u) {
			msg = msg[len(u):]
		}
		help := "redactpack --help"
		var cu commandUsage
		if errors.As(err, &cu) {
			help = "redactpack " + cu.command + " --help"
		}
		say("error: ", msg)
		say("hint: ", fmt.Sprintf("run %q for usage", help))
		return exitUsage
	case errors.Is(err, context.Canceled):
		var in interrupted
		if errors.As(err, &in) {
			say("", in.Error())
		} else {
			say("", "interrupted; finished outputs are complete, nothing half-written was left")
		}
		return exitFailed
	}
	var h hinted
	if errors.As(err, &h) {
		say("error: ", h.err.Error())
		say("hint: ", h.hint)
		return exitFailed
	}
	say("error: ", err.Error())
	return exitFailed
}

// commandUsage is a usage error of one command, so that the hint names
// that command's --help. run wraps every command's errors in it, so the
// commands need not.
type commandUsage struct {
	command string
	err     error
}

func (c commandUsage) Error() string { return c.err.Error() }
func (c commandUsage) Unwrap() error { return c.err }

// inCommand marks a usage error as command's.
func inCommand(command string, err error) error {
	if errors.Is(err, errUsage) {
		return commandUsage{command, err}
	}
	return err
}

// interrupted is what a batch stopped by a signal returns: how far it got
// and how to go on. It is a [context.Canceled].
type interrupted struct{ detail string }

func (e interrupted) Error() string { return "interrupted: " + e.detail }
func (e interrupted) Unwrap() error { return context.Canceled }

// escapeControls writes control characters (NUL, ESC, newline, DEL, C1),
// Unicode's bidirectional overrides and invalid UTF-8 as Go escapes
// (\x00, \x1b, \n, \u202e), leaving the rest as it is. A file name can
// hold any of them; printed raw, they would let an input recolour or
// rewrite the user's terminal, split one message into two or reverse how
// it reads.
func escapeControls(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsEscape(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// hinted is an error with a line of advice for the user.
type hinted struct {
	err  error
	hint string
}

func (h hinted) Error() string { return h.err.Error() }
func (h hinted) Unwrap() error { return h.err }
