//go:build cgo && linux

package ocr

// #include <malloc.h>
import "C"

// trimHeap returns the C heap's free memory to the system. glibc keeps
// what Tesseract frees for reuse, so a worker's resident size would stay at
// the largest page it ever read.
func trimHeap() { C.malloc_trim(0) }
