// Package redact finds sensitive values in screenshots and hides them
// irreversibly.
//
// # Pipeline
//
// A [Redactor] reads an image with an OCR [Engine] (package ocr:
// libtesseract, or the tesseract program), rebuilds lines and paragraphs
// from the word boxes, runs the detectors over the line text, applies a
// [Policy] and paints over each finding with [Obscure]. The work comes in
// phases, so that a caller can show the findings and let a person change
// the selection before anything is painted: [Redactor.Analyze] (OCR to
// policy), [Analysis.Apply] (paint a selection) and [Redactor.Verify]
// (check the painting); [Redactor.Redact] runs the three.
//
//	decode → scale text to ~20 px → OCR → rescue unread ink → lines → detectors → policy → obscure → verify
//
// The image is scaled so its text is about 20 pixels high, the size at which
// Tesseract reads screenshots best for its cost; dark-mode pages are
// inverted. Ink that the first reading did not cover (white text on a chat
// bubble, a card number on a gradient) is found in a polarity-free
// "flattened" image and read in one extra call. After hiding, the output is
// verified: lines that could hold a misread value are read again a different
// way, and every hidden region that is not a solid fill is read as hard as
// is reasonable (see [VerifyError]).
//
// # Detectors
//
// Detectors work on line text and map character spans back to word boxes,
// so a phone number OCR split into four words is one finding, and a wallet
// address wrapped over two lines gets both boxes. They match on shape and
// tolerate OCR's usual misreadings (0x read as Ox or @x, bc1 as bcl); a valid
// checksum raises confidence rather than gating a match. Values after
// sensitive labels ("Phone", "姓名", "UID") are found whatever they look
// like, and terms on the policy's deny list wherever they appear.
//
// # Irreversibility
//
// No method keeps any function of the hidden pixels: [Box] is a solid fill;
// [Blur] and [Pixelate] are painted from the background around the box and
// a pseudo-random texture seeded by the box's position, so two different
// texts under the same box give the same output.
//
// # Files
//
// [Decode] refuses images over a pixel limit before decoding them and
// applies EXIF orientation; [Encode] writes a fresh PNG or JPEG with no
// metadata at all.
package redact
