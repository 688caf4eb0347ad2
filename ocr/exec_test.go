package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

const tsvHeader = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

// tsvOf is Tesseract 5's output for two words on one line.
const tsvOf = tsvHeader +
	"1\t1\t0\t0\t0\t0\t0\t0\t200\t60\t-1\t\n" +
	"2\t1\t1\t0\t0\t0\t10\t12\t150\t20\t-1\t\n" +
	"3\t1\t1\t1\t0\t0\t10\t12\t150\t20\t-1\t\n" +
	"4\t1\t1\t1\t1\t0\t10\t12\t150\t20\t-1\t\n" +
	"5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t96.541931\tEmail:\n" +
	"5\t1\t1\t1\t1\t2\t70\t12\t90\t20\t91.2\tli.wei88@gmail.com\n"

func TestParseTSV(t *testing.T) {
	page := image.Rect(0, 0, 200, 60)
	email := []Word{
		{Text: "Email:", Box: image.Rect(10, 12, 62, 30), Conf: 96.541931, Block: 1, Par: 1, Line: 1},
		{Text: "li.wei88@gmail.com", Box: image.Rect(70, 12, 160, 32), Conf: 91.2, Block: 1, Par: 1, Line: 1},
	}
	tests := []struct {
		name string
		tsv  string
		r    image.Rectangle
		want []Word
		err  string
	}{
		{name: "words", tsv: tsvOf, r: page, want: email},
		{name: "CRLF", tsv: strings.ReplaceAll(tsvOf, "\n", "\r\n"), r: page, want: email},
		{name: "no final newline", tsv: strings.TrimSuffix(tsvOf, "\n"), r: page, want: email},
		{name: "offset image", tsv: tsvOf, r: page.Add(image.Pt(100, 1000)), want: []Word{
			{Text: "Email:", Box: image.Rect(110, 1012, 162, 1030), Conf: 96.541931, Block: 1, Par: 1, Line: 1},
			{Text: "li.wei88@gmail.com", Box: image.Rect(170, 1012, 260, 1032), Conf: 91.2, Block: 1, Par: 1, Line: 1},
		}},
		{name: "blank page", tsv: tsvHeader + "1\t1\t0\t0\t0\t0\t0\t0\t32\t32\t-1\t\n", r: page},
		{name: "columns in another order", r: page,
			tsv:  "text\tconf\theight\twidth\ttop\tleft\tline_num\tpar_num\tblock_num\tlevel\n12345678\t90\t10\t40\t5\t6\t2\t3\t4\t5\n",
			want: []Word{{Text: "12345678", Box: image.Rect(6, 5, 46, 15), Conf: 90, Block: 4, Par: 3, Line: 2}}},
		{name: "Tesseract 4's integer confidence", r: page,
			tsv:  tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t96\tEmail:\n",
			want: []Word{{Text: "Email:", Box: image.Rect(10, 12, 62, 30), Conf: 96, Block: 1, Par: 1, Line: 1}}},
		{name: "blank and space-only words dropped", r: page,
			tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t96\t\n5\t1\t1\t1\t1\t2\t10\t12\t52\t18\t96\t \n"},
		{name: "Chinese", r: page,
			tsv:  tsvHeader + "5\t1\t2\t1\t3\t1\t10\t12\t52\t18\t88.5\t工单号：88231234\n",
			want: []Word{{Text: "工单号：88231234", Box: image.Rect(10, 12, 62, 30), Conf: 88.5, Block: 2, Par: 1, Line: 3}}},
		{name: "box clipped to the image", r: page,
			tsv:  tsvHeader + "5\t1\t1\t1\t1\t1\t190\t50\t30\t30\t50\tx\n",
			want: []Word{{Text: "x", Box: image.Rect(190, 50, 200, 60), Conf: 50, Block: 1, Par: 1, Line: 1}}},
		{name: "box outside the image dropped", r: page,
			tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t300\t10\t30\t30\t50\tx\n5\t1\t1\t1\t1\t1\t-40\t10\t30\t30\t50\ty\n"},
		{name: "empty box dropped", r: page,
			tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t10\t10\t0\t30\t50\tx\n"},
		{name: "confidence clamped", r: page,
			tsv:  tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t-1\ta\n5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t1e9\tb\n",
			want: []Word{{Text: "a", Box: image.Rect(10, 12, 62, 30), Block: 1, Par: 1, Line: 1}, {Text: "b", Box: image.Rect(10, 12, 62, 30), Conf: 100, Block: 1, Par: 1, Line: 1}}},

		{name: "empty output", tsv: "", r: page, err: "no TSV header"},
		{name: "not TSV", tsv: "Error in pixReadMem: Unknown format: no pix returned\n", r: page, err: `line 1: no "level" column`},
		{name: "missing text column", tsv: "level\tblock_num\tpar_num\tline_num\tleft\ttop\twidth\theight\tconf\n", r: page, err: `no "text" column`},
		{name: "short row", tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\n", r: page, err: "line 2: 8 fields, want 12"},
		{name: "bad number", tsv: tsvHeader + "5\t1\t1\t1\t1\t1\tten\t12\t52\t18\t96\tx\n", r: page, err: "line 2: left:"},
		{name: "huge number", tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t99999999999\t12\t52\t18\t96\tx\n", r: page, err: "line 2: left:"},
		{name: "negative width", tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t-52\t18\t96\tx\n", r: page, err: "line 2: negative number"},
		{name: "NaN confidence", tsv: tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t52\t18\tNaN\tx\n", r: page, err: `line 2: conf "NaN"`},
		{name: "bad level", tsv: tsvHeader + "x\t1\t1\t1\t1\t1\t10\t12\t52\t18\t9\tx\n", r: page, err: "line 2: level:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTSV([]byte(tt.tsv), tt.r)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// formatTSV writes words as Tesseract does, for an image at r.
func formatTSV(words []Word, r image.Rectangle) string {
	var b strings.Builder
	b.WriteString(tsvHeader)
	fmt.Fprintf(&b, "1\t1\t0\t0\t0\t0\t0\t0\t%d\t%d\t-1\t\n", r.Dx(), r.Dy())
	for i, w := range words {
		box := w.Box.Sub(r.Min)
		fmt.Fprintf(&b, "5\t1\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%g\t%s\n",
			w.Block, w.Par, w.Line, i+1, box.Min.X, box.Min.Y, box.Dx(), box.Dy(), w.Conf, w.Text)
	}
	return b.String()
}

// FuzzParseTSV: whatever the program prints, parseTSV returns an error or
// words that each have text without surrounding blanks, a non-empty box
// inside the image and a confidence in [0, 100]; and Windows line ends
// change nothing.
func FuzzParseTSV(f *testing.F) {
	f.Add([]byte(tsvOf))
	f.Add([]byte(tsvHeader + "5\t1\t2\t1\t3\t1\t-10\t12\t520\t18\t88.5\t工单号：88231234\n"))
	f.Add([]byte(tsvHeader + "5\t1\t1\t1\t1\t1\t10\t12\t52\t18\t96\t \n4\t1\t1\t1\t1\t0\t10\t12\t150\t20\t-1\t\n"))
	f.Add([]byte("text\tconf\theight\twidth\ttop\tleft\tline_num\tpar_num\tblock_num\tlevel\nx\t90\t10\t40\t5\t6\t2\t3\t4\t5\n"))
	f.Add([]byte("Error in pixReadMem\n"))
	f.Add([]byte(""))
	r := image.Rect(-20, 10, 180, 70)
	f.Fuzz(func(t *testing.T, data []byte) {
		words, err := parseTSV(data, r)
		crlf, crlfErr := parseTSV(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), r)
		if (err == nil) != (crlfErr == nil) || !reflect.DeepEqual(words, crlf) {
			t.Fatalf("LF: %v %+v\nCRLF: %v %+v", err, words, crlfErr, crlf)
		}
		if err != nil {
			if words != nil {
				t.Fatalf("words %+v with error %v", words, err)
			}
			return
		}
		for _, w := range words {
			if w.Text == "" || strings.TrimSpace(w.Text) != w.Text {
				t.Errorf("word %q", w.Text)
			}
			if w.Box.Empty() || !w.Box.In(r) {
				t.Errorf("word %q: box %v not inside %v", w.Text, w.Box, r)
			}
			if !(w.Conf >= 0 && w.Conf <= 100) {
				t.Errorf("word %q: confidence %v", w.Text, w.Conf)
			}
			if w.Block < 0 || w.Par < 0 || w.Line < 0 {
				t.Errorf("word %q: layout %d.%d.%d", w.Text, w.Block, w.Par, w.Line)
			}
		}
		// What parseTSV returns, written back as Tesseract would, reads
		// the same.
		again, err := parseTSV([]byte(formatTSV(words, r)), r)
		if err != nil || !reflect.DeepEqual(again, words) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, words, again)
		}
	})
}

func TestParseLangList(t *testing.T) {
	tests := []struct {
		name, out string
		langs     []string
		dir       string
	}{
		{"Debian", "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (3):\nchi_sim\neng\nosd\n",
			[]string{"chi_sim", "eng", "osd"}, "/usr/share/tesseract-ocr/5/tessdata"},
		{"Windows", "List of available languages in \"C:\\Program Files\\Tesseract-OCR/tessdata/\" (2):\r\neng\r\nosd\r\n",
			[]string{"eng", "osd"}, filepath.Clean("C:\\Program Files\\Tesseract-OCR/tessdata/")},
		{"Tesseract 4, subfolder", "List of available languages (2):\nscript/Latin\neng\n", []string{"script/Latin", "eng"}, ""},
		{"warning first", "Warning: no tessdata\nList of available languages in \"x\" (0):\n", nil, "x"},
		{"nothing", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			langs, dir := parseLangList(tt.out)
			if !reflect.DeepEqual(langs, tt.langs) || dir != tt.dir {
				t.Errorf("got %q in %q, want %q in %q", langs, dir, tt.langs, tt.dir)
			}
		})
	}
}

func TestMissingLanguage(t *testing.T) {
	have := []string{"eng", "osd"}
	if err := missingLanguage("eng", have, "", "linux"); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ goos, want string }{
		{"linux", `tesseract language "chi_sim" is not installed (try: apt-get install tesseract-ocr-chi-sim)`},
		{"darwin", `tesseract language "chi_sim" is not installed (try: brew install tesseract-lang)`},
		{"windows", `tesseract language "chi_sim" is not installed (run the Tesseract installer again and tick it under "Additional language data", or copy chi_sim.traineddata into C:\T\tessdata)`},
	}
	for _, tt := range tests {
		err := missingLanguage("eng+chi_sim", have, `C:\T\tessdata`, tt.goos)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v\nwant %s", tt.goos, err, tt.want)
		}
	}
}

func TestFindTesseract(t *testing.T) {
	name := "tesseract"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	dir := t.TempDir()
	touch := func(p string) string {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	onPath := touch("bin/" + name)
	beside := touch("app/" + name)
	inSub := touch("app2/Tesseract-OCR/" + name)
	installed := touch("Program Files/Tesseract-OCR/" + name)
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	found := func(string) (string, error) { return onPath, nil }
	notFound := func(string) (string, error) { return "", errors.New("not found") }

	tests := []struct {
		name     string
		explicit string
		look     func(string) (string, error)
		exeDir   string
		locs     []string
		want     string
		err      string
	}{
		{name: "explicit program", explicit: installed, look: found, want: installed},
		{name: "explicit folder", explicit: filepath.Join(dir, "app"), look: found, want: beside},
		{name: "explicit folder holding Tesseract-OCR", explicit: filepath.Join(dir, "app2"), look: found, want: inSub},
		{name: "explicit, missing", explicit: filepath.Join(dir, "nope", name), look: found, err: "tesseract program not found: "},
		{name: "explicit folder, empty", explicit: empty, look: found, err: "tesseract program not found in "},
		{name: "PATH first", look: found, exeDir: filepath.Join(dir, "app"), want: onPath},
		{name: "beside the executable", look: notFound, exeDir: filepath.Join(dir, "app"), locs: []string{installed}, want: beside},
		{name: "Tesseract-OCR beside the executable", look: notFound, exeDir: filepath.Join(dir, "app2"), locs: []string{installed}, want: inSub},
		{name: "install location", look: notFound, exeDir: filepath.Join(dir, "bin2"), locs: []string{filepath.Join(dir, "x", name), installed}, want: installed},
		{name: "nowhere", look: notFound, exeDir: filepath.Join(dir, "bin2"), locs: []string{filepath.Join(dir, "x", name)},
			err: "tesseract program not found on PATH or in " + filepath.Join(dir, "bin2", name)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := findTesseract(tt.explicit, tt.look, tt.exeDir, tt.locs)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) || !errors.Is(err, ErrNoTesseract) {
					t.Fatalf("got %q, %v; want an ErrNoTesseract starting %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTesseractLocations(t *testing.T) {
	t.Setenv("ProgramFiles", `D:\Programs`)
	t.Setenv("ProgramFiles(x86)", "")
	t.Setenv("LOCALAPPDATA", `C:\Users\li\AppData\Local`)
	got := TesseractLocations("windows")
	want := []string{
		filepath.Join(`D:\Programs`, "Tesseract-OCR", "tesseract.exe"),
		filepath.Join(`C:\Users\li\AppData\Local`, "Programs", "Tesseract-OCR", "tesseract.exe"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("windows: %q, want %q", got, want)
	}
	if got := TesseractLocations("darwin"); got[0] != "/opt/homebrew/bin/tesseract" {
		t.Errorf("darwin: %q", got)
	}
}

func TestChildEnv(t *testing.T) {
	env := []string{"PATH=/bin", "HOME=/h"}
	got := childEnv(env[:1:2])
	if !reflect.DeepEqual(got, []string{"PATH=/bin", "OMP_THREAD_LIMIT=1"}) || env[1] != "HOME=/h" {
		t.Errorf("got %q; env now %q", got, env)
	}
	// A limit the user set is theirs.
	mine := []string{"OMP_THREAD_LIMIT=4", "PATH=/bin"}
	if got := childEnv(mine); !reflect.DeepEqual(got, mine) {
		t.Errorf("got %q", got)
	}
}

func TestStderrDetail(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{" \r\n", ""},
		{"Error in pixReadMem: Unknown format: no pix returned\r\nError during processing.\r\n",
			": Error in pixReadMem: Unknown format: no pix returned; Error during processing."},
		{"1\n2\n3\n4\n5\n6\n7\n", ": 3; 4; 5; 6; 7"},
		{strings.Repeat("é", 400), ": …" + strings.Repeat("é", 300)},
	} {
		if got := stderrDetail([]byte(tt.in)); got != tt.want {
			t.Errorf("stderrDetail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBMP(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 4, 3))
	for i := range g.Pix {
		g.Pix[i] = byte(i)
	}
	sub := g.SubImage(image.Rect(1, 1, 3, 3)).(*image.Gray)
	b := grayBMP(sub)
	const head = 14 + 40 + 1024
	if len(b) != head+2*4 {
		t.Fatalf("len = %d, want %d (two rows padded to 4 bytes)", len(b), head+8)
	}
	if string(b[:2]) != "BM" || binary.LittleEndian.Uint32(b[10:]) != head {
		t.Errorf("header = % x", b[:14])
	}
	if w, h := binary.LittleEndian.Uint32(b[18:]), binary.LittleEndian.Uint32(b[22:]); w != 2 || h != 2 {
		t.Errorf("size = %d×%d, want 2×2", w, h)
	}
	if p := b[54+4*200:][:4]; p[0] != 200 || p[1] != 200 || p[2] != 200 {
		t.Errorf("palette entry 200 = % x, want grey 200", p)
	}
	// Bottom row first, each padded to four bytes.
	if got, want := b[head:], []byte{9, 10, 0, 0, 5, 6, 0, 0}; !bytes.Equal(got, want) {
		t.Errorf("pixels = %v, want %v", got, want)
	}
	// The decoder in Go's x/image agrees.
	img, err := bmp.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for y := range 2 {
		for x := range 2 {
			if r, _, _, _ := img.At(x, y).RGBA(); uint8(r>>8) != sub.GrayAt(1+x, 1+y).Y {
				t.Errorf("decoded (%d,%d) = %d, want %d", x, y, r>>8, sub.GrayAt(1+x, 1+y).Y)
			}
		}
	}
}

// fakeTesseract writes a shell script standing in for the tesseract
// program: --list-langs lists eng, and OCR runs body. Its arguments are
// logged to args.txt beside it.
func fakeTesseract(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake tesseract is a shell script")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "tesseract")
	script := "#!/bin/sh\n" +
		"if [ \"$1\" = --list-langs ]; then printf 'List of available languages in \"%s\" (1):\\neng\\n' \"" + dir + "\"; exit 0; fi\n" +
		"echo \"$@\" > \"" + filepath.Join(dir, "args.txt") + "\"\n" + body + "\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExecFake(t *testing.T) {
	ctx := context.Background()
	tiny := image.NewGray(image.Rect(100, 200, 110, 205))
	t.Run("runs as documented", func(t *testing.T) {
		t.Setenv("OMP_THREAD_LIMIT", "")
		os.Unsetenv("OMP_THREAD_LIMIT")
		// The words say what the program was given: the thread limit,
		// and the BMP header's magic and size from standard input.
		p := fakeTesseract(t, `magic=$(head -c 2); size=$(head -c 24 | od -An -tu4 -j16)
printf '`+strings.ReplaceAll(tsvHeader, "\n", `\n`)+`'
printf '5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t90\tomp=%s\n' "$OMP_THREAD_LIMIT"
printf '5\t1\t1\t1\t1\t2\t5\t2\t3\t4\t90\t%s\n' "$magic"
printf '5\t1\t1\t1\t1\t3\t9\t2\t3\t4\t90\t%s\n' "$(echo $size | tr ' ' x)"`)
		e, err := NewExec(p, "eng")
		if err != nil {
			t.Fatal(err)
		}
		words, err := e.Words(ctx, tiny)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, w := range words {
			texts = append(texts, w.Text)
		}
		if want := []string{"omp=1", "BM", "32x32"}; !reflect.DeepEqual(texts, want) {
			t.Errorf("words %q, want %q (the thread limit, and the image padded to a 32×32 BMP)", texts, want)
		}
		if len(words) > 0 && words[0].Box != image.Rect(101, 202, 104, 206) {
			t.Errorf("box %v, want it at the image's origin", words[0].Box)
		}
		args, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "args.txt"))
		if want := "stdin stdout -l eng --psm 3 -c thresholding_method=2 -c user_defined_dpi=300 tsv\n"; string(args) != want {
			t.Errorf("arguments %q, want %q", args, want)
		}
	})
	t.Run("failure", func(t *testing.T) {
		p := fakeTesseract(t, `echo 'Error in pixReadMem: Unknown format: no pix returned' >&2; echo 'Error during processing.' >&2; exit 1`)
		e, err := NewExec(p, "eng")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Words(ctx, tiny)
		want := p + ": exit status 1: Error in pixReadMem: Unknown format: no pix returned; Error during processing."
		if err == nil || err.Error() != want {
			t.Errorf("error %v\nwant %s", err, want)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		p := fakeTesseract(t, `echo 'Warning: Invalid resolution 0 dpi' >&2; echo hello`)
		e, err := NewExec(p, "eng")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Words(ctx, tiny)
		want := p + `: unreadable output: line 1: no "level" column in the header: Warning: Invalid resolution 0 dpi`
		if err == nil || err.Error() != want {
			t.Errorf("error %v\nwant %s", err, want)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		p := fakeTesseract(t, `sleep 30`)
		e, err := NewExec(p, "eng")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = e.Words(ctx, tiny)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want the context's", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to stop", d)
		}
	})
	t.Run("missing language", func(t *testing.T) {
		p := fakeTesseract(t, `exit 1`)
		_, err := NewExec(p, "eng+chi_sim")
		if err == nil || !strings.HasPrefix(err.Error(), `tesseract language "chi_sim" is not installed (`) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("not a program", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "tesseract")
		if err := os.WriteFile(p, []byte("not a program"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := NewExec(p, "eng")
		if err == nil || !strings.HasPrefix(err.Error(), "cannot list Tesseract languages: "+p+": ") {
			t.Errorf("error %v", err)
		}
	})
}
