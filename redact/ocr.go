package redact

import "redactpack/ocr"

// The OCR types, from package ocr: a Redactor reads pages with an
// [ocr.Engine] and works on its [ocr.Word]s.
type (
	Word        = ocr.Word
	Engine      = ocr.Engine
	BlockReader = ocr.BlockReader
	EngineFunc  = ocr.EngineFunc
	BlockFunc   = ocr.BlockFunc
)
