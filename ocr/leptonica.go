//go:build cgo

package ocr

// #cgo LDFLAGS: -llept
// #include <leptonica/allheaders.h>
import "C"

// quietLeptonica stops Leptonica printing its own error messages ("Error
// in boxClipToRectangle: box outside rectangle") on stderr, which carries
// redactpack's messages: Tesseract recovers from them, and what fails
// reaches redactpack as an error. The setting is the library's, global.
func quietLeptonica() { C.setMsgSeverity(C.L_SEVERITY_NONE) }
