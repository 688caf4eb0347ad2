package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Exec is an [Engine] that runs the tesseract program for every image and
// reads its TSV output. Unlike [Tesseract] it needs no C library at build
// time, which is what lets redactpack be cross-compiled for Windows and
// macOS and use a Tesseract the user installed. It costs a process start
// and a model load per image (about half a second with eng+chi_sim), so it
// is slower than [Tesseract] where both are available.
//
// An Exec holds no state between images and, unlike other engines, is safe
// for concurrent use.
type Exec struct {
	path  string
	langs string
}

var _ Engine = (*Exec)(nil)

// ErrNoTesseract is returned by [NewExec] when it cannot find the tesseract
// program.
var ErrNoTesseract = errors.New("tesseract program not found")

// NewExec returns an engine running the tesseract program at path with the
// given languages, such as "eng+chi_sim". path may be the program or the
// folder holding it; when empty, the program is looked for on PATH, then
// beside the running executable (also in a Tesseract-OCR subfolder, as the
// Windows installer lays it out), then where installers put it (see
// [TesseractLocations]). NewExec fails when a language's model is not
// installed, naming it and how to install it.
func NewExec(path, langs string) (*Exec, error) {
	exe, _ := os.Executable()
	prog, err := findTesseract(path, exec.LookPath, filepath.Dir(exe), TesseractLocations(runtime.GOOS))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	have, dir, err := listLanguages(ctx, prog)
	if err != nil {
		return nil, err
	}
	if err := missingLanguage(langs, have, dir, runtime.GOOS); err != nil {
		return nil, err
	}
	return &Exec{path: prog, langs: langs}, nil
}

// Path returns the tesseract program the engine runs.
func (e *Exec) Path() string { return e.path }

// Words runs tesseract over img, given on its standard input as an
// uncompressed BMP (see grayBMP), with
// the settings of [Tesseract]: automatic page segmentation, 300 dpi, and
// Sauvola's local threshold.
func (e *Exec) Words(ctx context.Context, img *image.Gray) ([]Word, error) {
	return e.read(ctx, img, "3")
}

// BlockWords reads img as one block of text lines (page segmentation mode
// 6); see [BlockReader].
func (e *Exec) BlockWords(ctx context.Context, img *image.Gray) ([]Word, error) {
	return e.read(ctx, img, "6")
}

func (e *Exec) read(ctx context.Context, img *image.Gray, psm string) ([]Word, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	img = padSmall(img)
	cmd := exec.CommandContext(ctx, e.path, "stdin", "stdout", "-l", e.langs, "--psm", psm,
		"-c", "thresholding_method=2", "-c", "user_defined_dpi=300", "tsv")
	var stdout, stderr bytes.Buffer
	cmd.Stdin = bytes.NewReader(grayBMP(img))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = childEnv(os.Environ())
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w%s", e.path, err, stderrDetail(stderr.Bytes()))
	}
	words, err := parseTSV(stdout.Bytes(), img.Rect)
	if err != nil {
		return nil, fmt.Errorf("%s: unreadable output: %w%s", e.path, err, stderrDetail(stderr.Bytes()))
	}
	return words, nil
}

// Close does nothing: no process outlives a call to Words.
func (e *Exec) Close() error { return nil }

// childEnv returns env with OMP_THREAD_LIMIT=1 unless it sets the variable.
// Callers already run one engine per core; an OpenMP build of Tesseract
// (Debian's, Homebrew's) would otherwise start a thread per core in every
// process, and they only fight over the cores (about 3× slower on two).
func childEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "OMP_THREAD_LIMIT=") {
			return env
		}
	}
	return append(env[:len(env):len(env)], "OMP_THREAD_LIMIT=1")
}

// stderrDetail formats what the program said on standard error for an
// error message: its last lines, trimmed, after ": ", or nothing.
func stderrDetail(b []byte) string {
	const maxLines, maxBytes = 5, 600
	s := strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > maxLines {
		lines = lines[len(lines)-maxLines:]
	}
	s = strings.Join(lines, "; ")
	if len(s) > maxBytes {
		s = "…" + strings.ToValidUTF8(s[len(s)-maxBytes:], "")
	}
	return ": " + s
}

// grayBMP encodes img as an uncompressed 8-bit BMP with a grey palette, the
// format both engines hand Tesseract. Leptonica copies BMP rows straight
// from memory, where it reads PGM a byte at a time through a stream: 2 ms
// against 110 ms for a 4-megapixel page, per call. Tesseract drops the grey
// palette when it takes the image.
func grayBMP(img *image.Gray) []byte {
	const head = 14 + 40 + 256*4
	w, h := img.Rect.Dx(), img.Rect.Dy()
	stride := (w + 3) &^ 3 // rows are padded to four bytes
	b := make([]byte, head+stride*h)
	le := binary.LittleEndian
	copy(b, "BM")
	le.PutUint32(b[2:], uint32(len(b)))
	le.PutUint32(b[10:], head) // offset of the pixels
	le.PutUint32(b[14:], 40)   // BITMAPINFOHEADER
	le.PutUint32(b[18:], uint32(w))
	le.PutUint32(b[22:], uint32(h)) // positive: bottom row first
	le.PutUint16(b[26:], 1)         // planes
	le.PutUint16(b[28:], 8)         // bits per pixel
	le.PutUint32(b[34:], uint32(stride*h))
	le.PutUint32(b[38:], 11811) // 300 dpi, in pixels per metre
	le.PutUint32(b[42:], 11811)
	le.PutUint32(b[46:], 256) // palette entries
	for i := range 256 {
		p := b[54+4*i:]
		p[0], p[1], p[2] = byte(i), byte(i), byte(i)
	}
	for y := range h {
		i := img.PixOffset(img.Rect.Min.X, img.Rect.Max.Y-1-y)
		copy(b[head+y*stride:], img.Pix[i:i+w])
	}
	return b
}

// TesseractLocations returns where installers put the tesseract program on
// goos, in the order [NewExec] tries them after PATH. A program started
// from the desktop (Finder, Explorer) does not get the PATH a shell would
// give it, so Homebrew's and the Windows installer's folders are named
// here.
func TesseractLocations(goos string) []string {
	switch goos {
	case "windows":
		var locs []string
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"} {
			dir := os.Getenv(env)
			if dir == "" {
				continue
			}
			if env == "LOCALAPPDATA" {
				// The installer's "just for me" choice.
				dir = filepath.Join(dir, "Programs")
			}
			locs = append(locs, filepath.Join(dir, "Tesseract-OCR", "tesseract.exe"))
		}
		if len(locs) == 0 {
			locs = append(locs, `C:\Program Files\Tesseract-OCR\tesseract.exe`)
		}
		return locs
	case "darwin":
		// Homebrew on Apple silicon, Homebrew on Intel, MacPorts.
		return []string{"/opt/homebrew/bin/tesseract", "/usr/local/bin/tesseract", "/opt/local/bin/tesseract"}
	}
	return []string{"/usr/bin/tesseract", "/usr/local/bin/tesseract"}
}

// findTesseract returns the program to run: explicit (the program, or a
// folder holding it) when given, else the first of tesseract on PATH (by
// lookPath), the program in exeDir or exeDir/Tesseract-OCR, and locations.
func findTesseract(explicit string, lookPath func(string) (string, error), exeDir string, locations []string) (string, error) {
	name := "tesseract"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if explicit != "" {
		st, err := os.Stat(explicit)
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrNoTesseract, pathError(err))
		}
		if !st.IsDir() {
			return explicit, nil
		}
		for _, p := range []string{filepath.Join(explicit, name), filepath.Join(explicit, "Tesseract-OCR", name)} {
			if isFile(p) {
				return p, nil
			}
		}
		return "", fmt.Errorf("%w in %s", ErrNoTesseract, explicit)
	}
	if p, err := lookPath("tesseract"); err == nil {
		return p, nil
	}
	var tried []string
	if exeDir != "" {
		tried = append(tried, filepath.Join(exeDir, name), filepath.Join(exeDir, "Tesseract-OCR", name))
	}
	tried = append(tried, locations...)
	for _, p := range tried {
		if isFile(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w on PATH or in %s", ErrNoTesseract, strings.Join(tried, ", "))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// pathError drops the operation from a *fs.PathError: "stat x: no such
// file" reads better as "x: no such file".
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// listLanguages runs prog --list-langs and returns the languages and the
// folder they are in, as the program reports it.
func listLanguages(ctx context.Context, prog string) (langs []string, dir string, err error) {
	cmd := exec.CommandContext(ctx, prog, "--list-langs")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = childEnv(os.Environ())
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		return nil, "", fmt.Errorf("cannot list Tesseract languages: %s: %w%s", prog, err, stderrDetail(stderr.Bytes()))
	}
	// Tesseract 4 and later print the list on stdout; 3.x on stderr.
	langs, dir = parseLangList(stdout.String())
	if len(langs) == 0 {
		langs, dir = parseLangList(stderr.String())
	}
	return langs, dir, nil
}

// parseLangList reads the output of tesseract --list-langs:
//
//	List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):
//	chi_sim
//	eng
func parseLangList(out string) (langs []string, dir string) {
	started := false
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "List of available languages"); ok {
			started = true
			if i, j := strings.IndexByte(rest, '"'), strings.LastIndexByte(rest, '"'); i >= 0 && j > i {
				dir = filepath.Clean(rest[i+1 : j])
			}
			continue
		}
		if started && line != "" && !strings.ContainsAny(line, " \t:") {
			langs = append(langs, line)
		}
	}
	return langs, dir
}

// missingLanguage reports the first language of langs ("eng+chi_sim") not
// in have, with how to install it on goos.
func missingLanguage(langs string, have []string, dir, goos string) error {
	for _, l := range strings.Split(langs, "+") {
		found := false
		for _, h := range have {
			if h == l {
				found = true
				break
			}
		}
		if found {
			continue
		}
		var how string
		switch goos {
		case "windows":
			how = "run the Tesseract installer again and tick it under \"Additional language data\""
			if dir != "" {
				how += ", or copy " + l + ".traineddata into " + dir
			}
		case "darwin":
			how = "try: brew install tesseract-lang"
		default:
			how = "try: apt-get install tesseract-ocr-" + strings.ReplaceAll(l, "_", "-")
		}
		return fmt.Errorf("tesseract language %q is not installed (%s)", l, how)
	}
	return nil
}

// tsvColumns are the columns of Tesseract's TSV output that parseTSV reads.
var tsvColumns = []string{"level", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text"}

// parseTSV reads the words (rows of level 5) of Tesseract's TSV output for
// an image with bounds r; Tesseract's coordinates start at 0, words' at
// r.Min. Words without text are left out, boxes are clipped to r and words
// left with an empty box are dropped. Numbers that do not parse, a missing
// header or a row with a wrong number of fields are errors.
func parseTSV(data []byte, r image.Rectangle) ([]Word, error) {
	var col map[string]int // column name → index
	ncol := 0
	var words []Word
	n := 0
	for line := range strings.Lines(string(data)) {
		n++
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(strings.TrimRight(line, "\r\n"), "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if col == nil {
			col, ncol = make(map[string]int, len(fields)), len(fields)
			for i, f := range fields {
				col[f] = i
			}
			for _, c := range tsvColumns {
				if _, ok := col[c]; !ok {
					return nil, fmt.Errorf("line %d: no %q column in the header", n, c)
				}
			}
			continue
		}
		if len(fields) != ncol {
			return nil, fmt.Errorf("line %d: %d fields, want %d", n, len(fields), ncol)
		}
		level, err := strconv.Atoi(fields[col["level"]])
		if err != nil {
			return nil, fmt.Errorf("line %d: level: %w", n, err)
		}
		text := fields[col["text"]]
		if level != 5 || text == "" {
			continue
		}
		var v [7]int
		for i, c := range tsvColumns[1:8] {
			x, err := strconv.ParseInt(fields[col[c]], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s: %w", n, c, err)
			}
			v[i] = int(x)
		}
		block, par, ln, left, top, width, height := v[0], v[1], v[2], v[3], v[4], v[5], v[6]
		if width < 0 || height < 0 || block < 0 || par < 0 || ln < 0 {
			return nil, fmt.Errorf("line %d: negative number", n)
		}
		conf, err := strconv.ParseFloat(fields[col["conf"]], 64)
		if err != nil || math.IsNaN(conf) || math.IsInf(conf, 0) {
			return nil, fmt.Errorf("line %d: conf %q", n, fields[col["conf"]])
		}
		box := image.Rect(left, top, left+width, top+height).Add(r.Min).Intersect(r)
		if box.Empty() {
			continue
		}
		words = append(words, Word{
			Text:  text,
			Box:   box,
			Conf:  min(max(conf, 0), 100),
			Block: block,
			Par:   par,
			Line:  ln,
		})
	}
	if col == nil {
		return nil, errors.New("no TSV header")
	}
	return words, nil
}
