// Package atomicfile writes files so that a reader, a crash or Ctrl-C never
// sees half of one: the data goes to a temporary file in the same folder,
// which is synced and then renamed over the destination.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// Write creates or replaces path with what fill writes, with permissions
// perm. On any error, including fill's, path is left as it was and the
// temporary file is removed.
func Write(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+tempStem(filepath.Base(path))+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// tempStem is name cut to at most 200 bytes, on a character boundary: the
// temporary name adds about 16 bytes to it, and a name already near the
// filesystem's 255-byte limit (85 Chinese characters) must still be
// writable.
func tempStem(name string) string {
	const maxStem = 200
	if len(name) <= maxStem {
		return name
	}
	n := maxStem
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}

// WriteBytes is [Write] for data already in memory.
func WriteBytes(path string, perm os.FileMode, data []byte) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
