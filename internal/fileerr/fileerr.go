// Package fileerr words file errors for messages that name the file
// themselves.
package fileerr

import "io/fs"

// Reason is err without the path an [*fs.PathError] repeats: "permission
// denied" rather than "open a/b.png: permission denied", for a message
// that names the file as the user gave it. Only err itself is looked at:
// a PathError wrapped in more context keeps it.
func Reason(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
