package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"redactpack/ocr"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// it comes from the module's build information.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.1.0-dev"
}

// env is what a command needs from the process, so tests can run it in
// process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// engines, when set, stands in for the OCR engines the flags ask
	// for: tests run commands with a fake.
	engines func() (ocr.Engine, error)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// runEnv runs the command args name in e.
func runEnv(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return usageErrorf("no files given")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, usage)
		return nil
	case "version", "--version":
		fmt.Fprintf(e.stdout, "redactpack %s\n", toolVersion())
		return nil
	}
	commands := map[string]func(context.Context, *env, []string) error{
		"redact": runRedact,
		"mail":   runMail,
		"init":   runInit,
		"bundle": runBundle,
		"check":  runCheck,
		"review": runReview,
	}
	if cmd, ok := commands[args[0]]; ok {
		return inCommand(args[0], cmd(ctx, e, args[1:]))
	}
	if isDrop(args) {
		return runDrop(ctx, e, args)
	}
	if strings.HasPrefix(args[0], "-") {
		return usageErrorf("unknown flag %q before a command", args[0])
	}
	return usageErrorf("unknown command %q", args[0])
}
