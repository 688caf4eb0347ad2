//go:build !cgo

package main

// defaultOCREngine runs the tesseract program: without cgo (the Windows
// and macOS releases) libtesseract cannot be linked in.
const defaultOCREngine = "exec"
