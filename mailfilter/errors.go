package mailfilter

import (
	"errors"
	"fmt"
)

// Errors that [Filter] wraps, so that callers can tell with [errors.Is] why a
// message was refused. Each error's text starts with the sentinel's text,
// e.g. "malformed message: multipart boundary not found", except
// [ErrSensitive]'s, which says what the attachment shows.
var (
	// ErrMalformed: the input is not a message that can be parsed
	// unambiguously (broken header, multipart without boundary or closing
	// delimiter, undecodable image data, nesting too deep, too large).
	ErrMalformed = errors.New("malformed message")

	// ErrSigned: the message is signed (multipart/signed) and filtering it
	// would change signed content, which breaks the signature.
	ErrSigned = errors.New("signed message")

	// ErrEncrypted: the message or one of its parts is encrypted
	// (multipart/encrypted, S/MIME application/pkcs7-mime) or otherwise
	// opaque, so it cannot be inspected for images.
	ErrEncrypted = errors.New("encrypted message")

	// ErrSensitive: a PDF attached to the message shows sensitive values
	// ([Options.CheckPDF]). The error's text says which, masked:
	// `attachment "a.pdf" shows an e-mail (li.***@gmail.com) in its text`.
	ErrSensitive = errors.New("attachment shows sensitive values")

	// ErrUnchecked: a PDF attached to the message cannot be read (it is
	// encrypted or malformed, or the tools to read it are missing), so
	// nobody can tell what it shows. The error also wraps CheckPDF's.
	ErrUnchecked = errors.New("cannot check attachment")
)

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
