//go:build unix && cgo

package main

import (
	"os"
	"syscall"
)

// limitThreads re-executes the program with OMP_THREAD_LIMIT=1 unless it is
// set. Debian's Tesseract is built with OpenMP, which reads the variable once
// when the library loads, before main runs; with one engine per worker
// already using every core, OpenMP's own threads only fight over them (about
// 3× slower on two cores). Builds without cgo have no libtesseract to
// limit: the exec engine sets the variable for each program it runs.
func limitThreads() {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
	// On failure, carry on with OpenMP's default: slower, not wrong.
	_ = syscall.Exec(exe, os.Args, env)
}
