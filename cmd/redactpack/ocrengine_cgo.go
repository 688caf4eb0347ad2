//go:build cgo

package main

// defaultOCREngine is libtesseract, linked in, when cgo is available.
const defaultOCREngine = "api"
