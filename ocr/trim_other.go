//go:build cgo && !linux

package ocr

// trimHeap does nothing: only glibc needs telling.
func trimHeap() {}
