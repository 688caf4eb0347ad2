//go:build windows

package main

import (
	"bufio"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

var getConsoleProcessList = syscall.NewLazyDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// ownConsole reports whether the console window is redactpack's alone:
// Explorer started it for a drop or a double-click, and the window closes
// as soon as redactpack exits. From cmd.exe or PowerShell the shell shares
// the console.
func ownConsole() bool {
	if getConsoleProcessList.Find() != nil {
		return false
	}
	var ids [4]uint32
	n, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return n == 1
}

// pauseOnExit keeps a console window that is redactpack's alone open until
// Enter is pressed, so that what it said can be read.
func pauseOnExit() {
	if !ownConsole() {
		return
	}
	fmt.Fprint(os.Stderr, "\nPress Enter to close this window.")
	bufio.NewReader(os.Stdin).ReadString('\n')
}
