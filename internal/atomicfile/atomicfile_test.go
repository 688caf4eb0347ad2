package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// errDiskFull stands in for the ENOSPC a full disk gives a write: there is
// no small filesystem to fill in a test, so the writer fails instead.
var errDiskFull = &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}

// listDir returns the names in dir, hidden ones (temporary files) included.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteFillFails: when the data cannot be written (a full disk, an
// encoder error), halfway or before the first byte, the destination keeps
// its old content, or is still absent, and no temporary file is left.
func TestWriteFillFails(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing bool
		written  int // bytes written before the error
	}{
		{"new file, nothing written", false, 0},
		{"new file, half written", false, 4096},
		{"replacing, nothing written", true, 0},
		{"replacing, half written", true, 4096},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dst := filepath.Join(dir, "out.png")
			old := []byte("the previous output, which must survive")
			if tc.existing {
				if err := os.WriteFile(dst, old, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(dst, 0o600, func(w io.Writer) error {
				if _, err := w.Write(bytes.Repeat([]byte{'x'}, tc.written)); err != nil {
					return err
				}
				return errDiskFull
			})
			if !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("Write returned %v, want the fill's ENOSPC", err)
			}
			got, rerr := os.ReadFile(dst)
			switch {
			case tc.existing && !bytes.Equal(got, old):
				t.Errorf("destination changed to %q (%v)", got, rerr)
			case !tc.existing && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("destination exists after a failed write: %d bytes, %v", len(got), rerr)
			}
			want := []string(nil)
			if tc.existing {
				want = []string{"out.png"}
			}
			if names := listDir(t, dir); strings.Join(names, ",") != strings.Join(want, ",") {
				t.Errorf("folder holds %q, want %q (a temporary file left behind?)", names, want)
			}
		})
	}
}

// shortWriter fails after n bytes with ENOSPC, as a full disk does part
// of the way through a write.
type shortWriter struct {
	w io.Writer
	n int
}

func (s *shortWriter) Write(p []byte) (int, error) {
	if len(p) > s.n {
		k, _ := s.w.Write(p[:s.n])
		s.n -= k
		return k, errDiskFull
	}
	k, err := s.w.Write(p)
	s.n -= k
	return k, err
}

// TestWriteBytesDiskFull: WriteBytes passes a full disk's error on, leaves
// the old file and cleans up; the fill wraps the real file in a writer
// that runs out of space, so the temporary file really holds a part.
func TestWriteBytesDiskFull(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "report.json")
	if err := WriteBytes(dst, 0o600, []byte("old")); err != nil {
		t.Fatal(err)
	}
	var tmpSeen string
	err := Write(dst, 0o600, func(w io.Writer) error {
		if f, ok := w.(*os.File); ok {
			tmpSeen = f.Name()
		}
		_, err := io.Copy(&shortWriter{w: w, n: 100}, bytes.NewReader(make([]byte, 1<<16)))
		return err
	})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Write returned %v, want ENOSPC", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "old" {
		t.Errorf("destination is %q, want %q", got, "old")
	}
	if tmpSeen == "" || filepath.Dir(tmpSeen) != dir || !strings.HasPrefix(filepath.Base(tmpSeen), ".report.json.") {
		t.Errorf("temporary file %q: want a hidden file beside the destination", tmpSeen)
	}
	if _, err := os.Stat(tmpSeen); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file %s left behind: %v", tmpSeen, err)
	}
}

// TestWriteCannotCreate: a folder where no file can be created (read-only,
// or a path through a file) gives an error before fill runs, and nothing
// is left. Root ignores permissions, so the read-only case is skipped for
// root; the path through a file fails for everyone.
func TestWriteCannotCreate(t *testing.T) {
	t.Run("path through a file", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "file")
		if err := os.WriteFile(file, []byte("not a folder"), 0o600); err != nil {
			t.Fatal(err)
		}
		called := false
		err := WriteBytes(filepath.Join(file, "out.png"), 0o600, []byte("data"))
		if err == nil {
			t.Fatal("writing under a file succeeded")
		}
		err = Write(filepath.Join(file, "out.png"), 0o600, func(io.Writer) error { called = true; return nil })
		if err == nil || called {
			t.Errorf("Write: %v, fill called: %v", err, called)
		}
		if got, _ := os.ReadFile(file); string(got) != "not a folder" {
			t.Errorf("the file in the way changed: %q", got)
		}
		if names := listDir(t, dir); len(names) != 1 {
			t.Errorf("folder holds %q", names)
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root, which can create files in a read-only folder")
		}
		dir := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, "out.png")
		if err := os.WriteFile(dst, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		called := false
		err := Write(dst, 0o600, func(io.Writer) error { called = true; return nil })
		if !errors.Is(err, os.ErrPermission) || called {
			t.Errorf("Write: %v (want permission denied), fill called: %v", err, called)
		}
		if got, _ := os.ReadFile(dst); string(got) != "old" {
			t.Errorf("destination is %q", got)
		}
		if names := listDir(t, dir); len(names) != 1 {
			t.Errorf("folder holds %q", names)
		}
	})
}

// TestWriteReplaces: a successful write replaces the old content in one
// step, with the permissions asked for (0600 outputs stay private even
// over a world-readable older file) and no temporary file left.
func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "sub", "out.png")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(dst, 0o600, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("destination is %q, mode %v; want %q, 0600", got, st.Mode().Perm(), "new")
	}
	if names := listDir(t, filepath.Dir(dst)); len(names) != 1 {
		t.Errorf("folder holds %q", names)
	}
}

// TestWriteLongName: a file name near the filesystem's limit of 255 bytes
// (83 Chinese characters and ".png") is written, although the temporary name beside
// it is longer; a name over the limit fails cleanly, leaving nothing.
func TestWriteLongName(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{80, 83} {
		name := strings.Repeat("截", n) + ".png" // 3n+4 bytes
		dst := filepath.Join(dir, name)
		if err := WriteBytes(dst, 0o600, []byte("data")); err != nil {
			t.Errorf("%d-byte name: %v", len(name), err)
			continue
		}
		if got, _ := os.ReadFile(dst); string(got) != "data" {
			t.Errorf("%d-byte name: content %q", len(name), got)
		}
	}
	tooLong := filepath.Join(dir, strings.Repeat("x", 300)+".png")
	if err := WriteBytes(tooLong, 0o600, []byte("data")); err == nil {
		t.Error("a 304-byte name was written")
	}
	for _, n := range listDir(t, dir) {
		if strings.HasPrefix(n, ".") {
			t.Errorf("temporary file %q left behind", n)
		}
	}
}
