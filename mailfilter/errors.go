package mailfilter

import (
	"errors"
	"fmt"
)

// Errors that [Filter] wraps, so that callers can tell with [errors.Is] why a
// message was refused. Each error's text starts with the sentinel's text,
// e.g. "malformed message: multipart boundary not found".
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
)

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
