//go:build windows

// Command dropper starts a program as Explorer does when files are dropped
// on it, in a console of its own, but with this process's standard
// streams, so that a test running it under Wine can read what the window
// shows and type Enter. It exits with the program's status.
//
//	dropper PROGRAM ARGS...
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dropper PROGRAM ARGS...")
		os.Exit(2)
	}
	const createNewConsole = 0x00000010
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: createNewConsole}
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		os.Exit(ee.ExitCode())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dropper:", err)
		os.Exit(125)
	}
}
