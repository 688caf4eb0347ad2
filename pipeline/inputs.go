package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"redactpack/internal/fileerr"
)

var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".bmp": true,
	".tif": true, ".tiff": true, ".webp": true,
}

// IsImageName reports whether name has the extension of an image format
// redactpack reads.
func IsImageName(name string) bool {
	return imageExts[strings.ToLower(filepath.Ext(name))]
}

// Collect expands the arguments into image inputs. Folders are walked
// recursively in lexical order and their tree is mirrored under the output
// folder: one folder's DIR/a/b.png goes to a/b.png (the corpus scorer pairs
// outputs with inputs so), and when several folders are given, each is
// mirrored under its own name, DIR/a/b.png to DIR/a/b.png, so that two
// folders' shot.png do not collide. Files given by name go to the top.
// Symlinked folders inside them are not followed, so a link loop
// cannot trap the walk (a folder argument that is a link is followed); skip
// lists folders not to enter, such as the output folder when it lies inside
// an input. Files that are not images are skipped with a note; unreadable
// folders, broken links and image names that are not regular files (FIFOs,
// devices) are reported as problems and the walk goes on.
func Collect(args []string, skip []string, note, problem func(string)) []Input {
	var out []Input
	seen := make(map[string]bool)
	add := func(path, rel string) {
		abs, err := filepath.Abs(path)
		if err == nil && seen[abs] {
			return
		}
		seen[abs] = true
		out = append(out, Input{Path: path, Rel: filepath.ToSlash(rel)})
	}
	skipped := func(abs string) bool {
		for _, s := range skip {
			if abs == s {
				return true
			}
		}
		return false
	}
	folders := 0
	for _, arg := range args {
		if st, err := os.Stat(arg); err == nil && st.IsDir() {
			folders++
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			problem(fmt.Sprintf("cannot read %q: %v", arg, fileerr.Reason(err)))
			continue
		}
		if !st.IsDir() {
			if !IsImageName(arg) {
				note(fmt.Sprintf("skipping %q: not an image (.png, .jpg, .gif, .bmp, .tiff, .webp)", arg))
				continue
			}
			if !st.Mode().IsRegular() {
				problem(fmt.Sprintf("cannot read %q: not a regular file", arg))
				continue
			}
			add(arg, filepath.Base(arg))
			continue
		}
		root := arg
		if lst, err := os.Lstat(arg); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			// A folder named on the command line is followed even when
			// it is a link (WalkDir would report the link itself); only
			// links found inside are not. The trailing separator makes
			// WalkDir resolve it.
			root = strings.TrimRight(arg, string(filepath.Separator)) + string(filepath.Separator)
		}
		var files []string
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problem(fmt.Sprintf("cannot read %q: %v", path, fileerr.Reason(err)))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				abs, _ := filepath.Abs(path)
				if path != root && (strings.HasPrefix(name, ".") || skipped(abs)) {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				st, err := os.Stat(path)
				if err != nil {
					problem(fmt.Sprintf("cannot read %q: %v", path, fileerr.Reason(err)))
					return nil
				}
				if st.IsDir() {
					note(fmt.Sprintf("skipping %q: symbolic link to a folder", path))
					return nil
				}
			}
			if strings.HasPrefix(name, ".") {
				return nil
			}
			if !IsImageName(name) {
				note(fmt.Sprintf("skipping %q: not an image", path))
				return nil
			}
			// Only regular files: reading a FIFO named x.png blocks for
			// ever (Ctrl-C cannot end it), and a link to /dev/zero fills
			// memory.
			if !d.Type().IsRegular() {
				if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
					problem(fmt.Sprintf("cannot read %q: not a regular file", path))
					return nil
				}
			}
			files = append(files, path)
			return nil
		})
		sort.Strings(files)
		prefix := ""
		if folders > 1 {
			prefix = folderName(arg)
		}
		for _, f := range files {
			rel, err := filepath.Rel(root, f)
			if err != nil {
				rel = filepath.Base(f)
			}
			add(f, filepath.Join(prefix, rel))
		}
	}
	return out
}

// folderName is the name a folder argument is mirrored under: its own,
// also for "." or "sub/..".
func folderName(arg string) string {
	abs, err := filepath.Abs(arg)
	if err != nil {
		abs = filepath.Clean(arg)
	}
	name := filepath.Base(abs)
	if name == string(filepath.Separator) || name == "." || filepath.VolumeName(abs) == abs {
		return "root"
	}
	return name
}

// OutputPath is where in's output goes under outDir: at its Rel, with
// ".png" for a format that is written as PNG (see [redact.OutputFormat]).
func OutputPath(outDir string, in Input) string {
	rel := filepath.FromSlash(in.Rel)
	switch strings.ToLower(filepath.Ext(rel)) {
	case ".png", ".jpg", ".jpeg":
	default:
		rel = strings.TrimSuffix(rel, filepath.Ext(rel)) + ".png"
	}
	return filepath.Join(outDir, rel)
}
