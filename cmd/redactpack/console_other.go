//go:build !windows

package main

// ownConsole is Windows's test for a console window started for a drop;
// elsewhere a drop is told by the absence of a terminal (startedByDesktop).
func ownConsole() bool { return false }

// pauseOnExit does nothing: only a Windows console closes with the program.
func pauseOnExit() {}
