package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	limitThreads()
	// The Go heap holds a few decoded images per worker at a time;
	// without a limit the collector lets it grow to twice what is live,
	// on top of each Tesseract engine's 120 MB.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C cancels the work, which then finishes cleanly; a
	// second one stops the program at once, should something hang.
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	code := exitCode(err, os.Stderr)
	pauseOnExit()
	os.Exit(code)
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
// the exit status.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFailed), errors.Is(err, errFound):
		return exitFailed
	case errors.Is(err, errUsage):
		msg := err.Error()
		if u := errUsage.Error() + ": "; len(msg) > len(u) && msg[:len(u)] == u {
			msg = msg[len(u):]
		}
		hint := `run "redactpack --help" for usage`
		var h hinted
		if errors.As(err, &h) {
			hint = h.hint // the command's own --help
		}
		fmt.Fprintf(stderr, "redactpack: error: %s\n", msg)
		fmt.Fprintf(stderr, "redactpack: hint: %s\n", hint)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "redactpack: interrupted; finished outputs are complete, nothing half-written was left\n")
		return exitFailed
	}
	var h hinted
	if errors.As(err, &h) {
		fmt.Fprintf(stderr, "redactpack: error: %s\n", h.err)
		fmt.Fprintf(stderr, "redactpack: hint: %s\n", h.hint)
		return exitFailed
	}
	fmt.Fprintf(stderr, "redactpack: error: %s\n", err)
	return exitFailed
}

// hinted is an error with a line of advice for the user.
type hinted struct {
	err  error
	hint string
}

func (h hinted) Error() string { return h.err.Error() }
func (h hinted) Unwrap() error { return h.err }
