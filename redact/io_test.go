package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"redactpack/internal/testimage"
)

// pattern is a w×h test image: white, with a red 8×8 square at the top
// left and a blue one at the top right, so that flips and turns show.
func pattern(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.NewUniform(white), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 8, 8), image.NewUniform(color.NRGBA{255, 0, 0, 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(w-8, 0, w, 8), image.NewUniform(color.NRGBA{0, 0, 255, 255}), image.Point{}, draw.Src)
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG signature and an IHDR chunk claiming w×h RGBA pixels,
// then an IDAT of a few bytes: a decompression bomb's front.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, testimage.PNGChunk("IHDR", ihdr)...)
	return append(b, testimage.PNGChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00})...)
}

func TestDecodeBroken(t *testing.T) {
	pngData := encodePNG(t, pattern(64, 32))
	jpgData := encodeJPEG(t, pattern(64, 32))
	badCRC := bytes.Clone(pngData)
	badCRC[29] ^= 0xff // inside IHDR's CRC
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"zero bytes", nil, "empty file"},
		{"text", []byte("Dear support, my withdrawal is stuck.\n"), ErrFormat.Error()},
		{"HTML", []byte("<!DOCTYPE html><html></html>"), ErrFormat.Error()},
		{"PNG signature only", pngData[:8], "corrupt image header"},
		{"PNG cut in header", pngData[:20], "corrupt image header"},
		{"PNG cut in half", pngData[:len(pngData)/2], "truncated or corrupt PNG"},
		{"PNG without IEND", pngData[:len(pngData)-12], "truncated or corrupt PNG"},
		{"PNG bad CRC", badCRC, "corrupt image header"},
		{"JPEG SOI only", jpgData[:2], "corrupt image header"},
		{"JPEG cut before the scan", jpgData[:bytes.Index(jpgData, []byte{0xff, 0xda})], "corrupt image header"},
		{"JPEG cut in the scan", jpgData[:len(jpgData)-40], "truncated or corrupt JPEG"},
		{"JPEG without EOI", jpgData[:len(jpgData)-2], "truncated or corrupt JPEG: file ends early"},
		{"GIF cut", encodeGIF(t, 1)[:40], "GIF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := Decode(tc.data, 0)
			if err == nil {
				t.Fatalf("decoded %v", in.Image.Bounds())
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want it to contain %q", msg, tc.want)
			}
			// One message style: no Go package prefixes, no trailing
			// period, one line.
			for _, p := range []string{"png: ", "jpeg: ", "gif: ", "image: "} {
				if strings.Contains(msg, p) {
					t.Errorf("error %q carries the prefix %q", msg, p)
				}
			}
			if strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: trailing period or several lines", msg)
			}
		})
	}
	_, err := Decode([]byte("just text"), 0)
	if !errors.Is(err, ErrFormat) {
		t.Errorf("text: %v, want ErrFormat", err)
	}
}

// TestDecodeBomb: a header claiming 100 000 × 100 000 pixels is refused from
// the header alone, before 40 GB are allocated to decode it.
func TestDecodeBomb(t *testing.T) {
	jpgHuge := encodeJPEG(t, pattern(64, 32))
	i := bytes.Index(jpgHuge, []byte{0xff, 0xc0}) // SOF0: length, precision, height, width
	binary.BigEndian.PutUint16(jpgHuge[i+5:], 65000)
	binary.BigEndian.PutUint16(jpgHuge[i+7:], 65000)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"PNG", pngHeader(100_000, 100_000), "PNG is 100000 × 100000 pixels, over the limit"},
		{"JPEG", jpgHuge, "JPEG is 65000 × 65000 pixels, over the limit"},
		{"PNG tall", pngHeader(1, 61_000_000), "over the limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			const runs = 10
			var err error
			for range runs {
				_, err = Decode(tc.data, 0)
			}
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Decode = %v, want an error containing %q", err, tc.want)
			}
			if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 1<<20 {
				t.Errorf("refusing allocated %d bytes a call", per)
			}
		})
	}
	// A scrolling screenshot of 1170 × 20 000 is within the default
	// limit: this header fails only for lack of pixel data.
	if _, err := Decode(pngHeader(1170, 20_000), 0); err == nil || strings.Contains(err.Error(), "limit") {
		t.Errorf("1170 × 20000: %v, want a truncation error, not the limit", err)
	}
}

func TestDecodeLimit(t *testing.T) {
	data := encodePNG(t, pattern(64, 32))
	if _, err := Decode(data, 64*32); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	_, err := Decode(data, 64*32-1)
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("over a custom limit: %v", err)
	}
	// maxPixels/1e6 rounds a limit under a megapixel down to 0.
	if strings.Contains(err.Error(), "limit of 0 megapixels") {
		t.Error("a limit under one megapixel is reported as \"the limit of 0 megapixels\": " + err.Error())
	}
}

func TestDecodeFormats(t *testing.T) {
	src := pattern(64, 32)
	var bmpData, tiffData bytes.Buffer
	if err := bmp.Encode(&bmpData, src); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffData, src, nil); err != nil {
		t.Fatal(err)
	}
	webp, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		data   []byte
		out    string
	}{
		{"png", encodePNG(t, src), "png"},
		{"jpeg", encodeJPEG(t, src), "jpeg"},
		{"gif", encodeGIF(t, 1), "png"},
		{"bmp", bmpData.Bytes(), "png"},
		{"tiff", tiffData.Bytes(), "png"},
		{"webp", webp, "png"},
	} {
		in, err := Decode(tc.data, 0)
		if err != nil {
			t.Errorf("%s: %v", tc.format, err)
			continue
		}
		if in.Format != tc.format || in.Oriented || in.Image.Bounds().Empty() {
			t.Errorf("%s: %+v", tc.format, in)
		}
		if got := OutputFormat(in.Format); got != tc.out {
			t.Errorf("OutputFormat(%s) = %s, want %s", tc.format, got, tc.out)
		}
	}
}

// near reports whether c is within tol of want in each channel.
func near(c, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return abs(int(a)-int(b)) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B) && d(c.A, want.A)
}

func TestDecode16BitPNG(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 20, 10))
	for y := 0; y < 10; y++ {
		for x := 0; x < 20; x++ {
			img.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 3000), 0x8080, 0xffff, 0xffff})
		}
	}
	data := encodePNG(t, img)
	if data[24] != 16 {
		t.Fatalf("fixture has bit depth %d", data[24])
	}
	in, err := Decode(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := toNRGBA(in.Image)
	if out.Rect.Dx() != 20 || out.Rect.Dy() != 10 {
		t.Fatalf("size %v", out.Rect)
	}
	if c := out.NRGBAAt(10, 5); !near(c, color.NRGBA{uint8(30000 >> 8), 0x80, 0xff, 0xff}, 1) {
		t.Errorf("pixel %v", c)
	}
}

func TestDecodePalettedPNG(t *testing.T) {
	pal := color.Palette{color.NRGBA{255, 255, 255, 255}, color.NRGBA{200, 30, 30, 255}, color.NRGBA{0, 0, 0, 255}}
	img := image.NewPaletted(image.Rect(0, 0, 16, 16), pal)
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 3)
	}
	data := encodePNG(t, img)
	if data[25] != 3 {
		t.Fatalf("fixture has colour type %d, want 3 (palette)", data[25])
	}
	in, err := Decode(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := toNRGBA(in.Image)
	for i := 0; i < 16*16; i++ {
		if c := out.NRGBAAt(i%16, i/16); c != pal[i%3] {
			t.Fatalf("pixel %d is %v, want %v", i, c, pal[i%3])
		}
	}
	// The Redactor's grey conversion handles a palette image too.
	g := luma(in.Image)
	if g.Pix[0] != 255 || g.Pix[2] != 0 {
		t.Errorf("luma of white, black: %d, %d", g.Pix[0], g.Pix[2])
	}
}

// TestDecodeCMYKJPEG: testdata/cmyk.jpg is 32×16, red then blue, in CMYK
// (convert -size 16x16 xc:red -size 16x16 xc:blue +append -colorspace CMYK).
// With ImageMagick installed, a fresh one is made too.
func TestDecodeCMYKJPEG(t *testing.T) {
	files := []string{"testdata/cmyk.jpg"}
	if conv, err := exec.LookPath("convert"); err == nil {
		fresh := filepath.Join(t.TempDir(), "cmyk.jpg")
		cmd := exec.Command(conv, "-size", "16x16", "xc:red", "-size", "16x16", "xc:blue", "+append", "-colorspace", "CMYK", fresh)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("convert: %v %s", err, out)
		} else {
			files = append(files, fresh)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Decode(data, 0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, ok := in.Image.(*image.CMYK); !ok || in.Format != "jpeg" {
			t.Errorf("%s: %T %s, want a CMYK JPEG", f, in.Image, in.Format)
		}
		out := toNRGBA(in.Image)
		if c := out.NRGBAAt(4, 8); !near(c, color.NRGBA{255, 0, 0, 255}, 24) {
			t.Errorf("%s: left half %v, want red", f, c)
		}
		if c := out.NRGBAAt(28, 8); !near(c, color.NRGBA{0, 0, 255, 255}, 24) {
			t.Errorf("%s: right half %v, want blue", f, c)
		}
		var b bytes.Buffer
		if err := Encode(&b, in.Image, OutputFormat(in.Format)); err != nil {
			t.Errorf("%s: re-encoding: %v", f, err)
		}
	}
}

// TestDecodeEXIFOrientation: each EXIF orientation is applied, so the red
// (top-left) and blue (top-right) corners of the stored 64×32 image land
// where a viewer shows them.
func TestDecodeEXIFOrientation(t *testing.T) {
	red, blue := color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 255}
	plain := encodeJPEG(t, pattern(64, 32))
	type corner int
	const (
		tl corner = iota
		tr
		bl
		br
	)
	for _, tc := range []struct {
		o         uint16
		swapped   bool
		red, blue corner
	}{
		{1, false, tl, tr},
		{2, false, tr, tl}, // mirrored
		{3, false, br, bl}, // upside down
		{4, false, bl, br}, // flipped
		{5, true, tl, bl},  // transposed
		{6, true, tr, br},  // turned 90° clockwise to view
		{7, true, br, tr},  // transversed
		{8, true, bl, tl},  // turned 90° counter-clockwise to view
	} {
		in, err := Decode(testimage.WithJPEGSegment(plain, 0xe1, exifWithGPS(tc.o)), 0)
		if err != nil {
			t.Fatalf("orientation %d: %v", tc.o, err)
		}
		b := in.Image.Bounds()
		w, h := 64, 32
		if tc.swapped {
			w, h = h, w
		}
		if b.Dx() != w || b.Dy() != h || in.Oriented != (tc.o > 1) {
			t.Errorf("orientation %d: %v oriented=%v, want %d×%d", tc.o, b, in.Oriented, w, h)
			continue
		}
		out := toNRGBA(in.Image)
		at := func(c corner) color.NRGBA {
			x, y := 3, 3
			if c == tr || c == br {
				x = w - 4
			}
			if c == bl || c == br {
				y = h - 4
			}
			return out.NRGBAAt(x, y)
		}
		if !near(at(tc.red), red, 40) || !near(at(tc.blue), blue, 40) {
			t.Errorf("orientation %d: red corner %v, blue corner %v", tc.o, at(tc.red), at(tc.blue))
		}
	}
	// Nonsense orientations and broken EXIF are ignored.
	for name, data := range map[string][]byte{
		"orientation 9": testimage.WithJPEGSegment(plain, 0xe1, exifWithGPS(9)),
		"orientation 0": testimage.WithJPEGSegment(plain, 0xe1, exifWithGPS(0)),
		"broken EXIF":   testimage.WithJPEGSegment(plain, 0xe1, []byte("Exif\x00\x00MM\x00\x2a\xff\xff\xff\xff")),
	} {
		in, err := Decode(data, 0)
		if err != nil || in.Oriented || in.Image.Bounds().Dx() != 64 {
			t.Errorf("%s: %v %+v", name, err, in)
		}
	}
}

func encodeGIF(t testing.TB, frames int) []byte {
	t.Helper()
	g := &gif.GIF{}
	for i := 0; i < frames; i++ {
		img := image.NewPaletted(image.Rect(0, 0, 16, 16), palette.Plan9)
		for j := range img.Pix {
			img.Pix[j] = uint8(i*40 + j%7)
		}
		g.Image = append(g.Image, img)
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecodeAnimatedGIF(t *testing.T) {
	_, err := Decode(encodeGIF(t, 2), 0)
	if err == nil || !strings.Contains(err.Error(), "animated GIF with 2 frames is not supported") {
		t.Errorf("two frames: %v", err)
	}
	in, err := Decode(encodeGIF(t, 1), 0)
	if err != nil || in.Format != "gif" || in.Image.Bounds().Dx() != 16 {
		t.Errorf("one frame: %v %+v", err, in)
	}
}

// pngChunkTypes lists the chunks of a PNG and what follows IEND.
func pngChunkTypes(t *testing.T, data []byte) ([]string, []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("not a PNG")
	}
	var types []string
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		types = append(types, typ)
		p += 12 + n
		if typ == "IEND" {
			return types, data[p:]
		}
	}
	t.Fatal("no IEND")
	return nil, nil
}

// jpegMarkers lists the markers of a JPEG up to its first scan, and what
// follows the first EOI.
func jpegMarkers(t *testing.T, data []byte) ([]byte, []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		t.Fatal("not a JPEG")
	}
	var ms []byte
	for p := 2; p+4 <= len(data); {
		if data[p] != 0xff {
			t.Fatalf("no marker at %d", p)
		}
		m := data[p+1]
		ms = append(ms, m)
		if m == 0xda { // start of scan: entropy-coded data follows
			break
		}
		p += 2 + int(binary.BigEndian.Uint16(data[p+2:]))
	}
	// In entropy-coded data a 0xff is followed by 0x00 or a restart
	// marker, so the first FFD9 is the EOI.
	eoi := bytes.Index(data, []byte{0xff, 0xd9})
	if eoi < 0 {
		t.Fatal("no EOI")
	}
	return ms, data[eoi+2:]
}

// TestEncodeNoMetadata: an input carrying text chunks, EXIF, comments and
// bytes after its end (the aCropalypse leak) comes out freshly encoded with
// none of it.
func TestEncodeNoMetadata(t *testing.T) {
	src := pattern(64, 32)

	p := encodePNG(t, src)
	var dirty []byte
	dirty = append(dirty, p[:33]...) // signature, IHDR
	dirty = append(dirty, testimage.PNGChunk("tEXt", []byte("Comment\x00li.wei88@gmail.com"))...)
	dirty = append(dirty, testimage.PNGChunk("eXIf", exifWithGPS(1)[6:])...)
	dirty = append(dirty, p[33:]...)
	dirty = append(dirty, []byte("trailing bytes of the uncropped original")...)

	j := encodeJPEG(t, src)
	dirtyJPEG := testimage.WithJPEGSegment(j, 0xe1, exifWithGPS(1))
	dirtyJPEG = testimage.WithJPEGSegment(dirtyJPEG, 0xfe, []byte("comment: li.wei88@gmail.com"))
	dirtyJPEG = append(dirtyJPEG, []byte("trailing bytes")...)

	for _, data := range [][]byte{dirty, dirtyJPEG} {
		in, err := Decode(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Encode(&b, in.Image, OutputFormat(in.Format)); err != nil {
			t.Fatal(err)
		}
		out := b.Bytes()
		if bytes.Contains(out, []byte("li.wei88")) || bytes.Contains(out, []byte("GPS")) || bytes.Contains(out, []byte("trailing")) {
			t.Errorf("%s: metadata survived", in.Format)
		}
		switch in.Format {
		case "png":
			types, rest := pngChunkTypes(t, out)
			for _, typ := range types {
				switch typ {
				case "IHDR", "PLTE", "IDAT", "IEND":
				default:
					t.Errorf("png: chunk %s", typ)
				}
			}
			if len(rest) != 0 {
				t.Errorf("png: %d bytes after IEND", len(rest))
			}
		case "jpeg":
			ms, rest := jpegMarkers(t, out)
			for _, m := range ms {
				if m >= 0xe1 && m <= 0xef || m == 0xfe {
					t.Errorf("jpeg: marker %#x (APPn or COM)", m)
				}
			}
			if len(rest) != 0 {
				t.Errorf("jpeg: %d bytes after EOI", len(rest))
			}
		}
		// Same size, same picture.
		back, err := Decode(out, 0)
		if err != nil || back.Image.Bounds() != src.Rect {
			t.Errorf("%s: re-decoded %v, %v", in.Format, err, back)
		} else if c := toNRGBA(back.Image).NRGBAAt(3, 3); !near(c, color.NRGBA{255, 0, 0, 255}, 40) {
			t.Errorf("%s: corner %v, want red", in.Format, c)
		}
	}
	if JPEGQuality < 90 {
		t.Errorf("JPEG quality %d: small text needs 90 or more", JPEGQuality)
	}
}

// FuzzDecode: Decode never panics, and what it accepts has pixels, within
// the limit.
func FuzzDecode(f *testing.F) {
	const limit = 1 << 20
	src := pattern(24, 12)
	f.Add(encodePNG(f, src))
	f.Add(encodeJPEG(f, src))
	f.Add(testimage.WithJPEGSegment(encodeJPEG(f, src), 0xe1, exifWithGPS(6)))
	f.Add(encodeGIF(f, 1))
	f.Add(encodeGIF(f, 2))
	f.Add(pngHeader(100_000, 100_000))
	f.Add(pngHeader(1024, 1025))
	var bmpData, tiffData bytes.Buffer
	bmp.Encode(&bmpData, src)
	tiff.Encode(&tiffData, src, nil)
	f.Add(bmpData.Bytes())
	f.Add(tiffData.Bytes())
	for _, name := range []string{"testdata/gopher.webp", "testdata/cmyk.jpg"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Decode(data, limit)
		if err != nil {
			if in != nil {
				t.Fatal("an error and an image")
			}
			return
		}
		b := in.Image.Bounds()
		if b.Dx() <= 0 || b.Dy() <= 0 || int64(b.Dx())*int64(b.Dy()) > limit {
			t.Fatalf("%s decoded to %v (limit %d pixels)", in.Format, b, limit)
		}
		if in.Oriented && in.Format != "jpeg" {
			t.Fatalf("%s oriented", in.Format)
		}
	})
}

// toNRGBA's conversions of the decoders' own types give what draw.Draw's
// general path gives, pixel for pixel, sub-images and transparency
// included.
func TestToNRGBAMatchesDraw(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	r := image.Rect(3, 2, 40, 29)
	rgba := image.NewRGBA(r)
	nrgba := image.NewNRGBA(r)
	for i := 0; i < len(rgba.Pix); i += 4 {
		a := uint8(rng.IntN(256))
		if i%3 == 0 {
			a = 255 // mostly opaque, as screenshots are
		}
		for c := 0; c < 3; c++ {
			rgba.Pix[i+c] = uint8(rng.IntN(int(a) + 1)) // premultiplied: ≤ a
			nrgba.Pix[i+c] = uint8(rng.IntN(256))
		}
		rgba.Pix[i+3], nrgba.Pix[i+3] = a, a
	}
	var imgs []image.Image
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422} {
		y := image.NewYCbCr(r, ratio)
		for i := range y.Y {
			y.Y[i] = uint8(rng.IntN(256))
		}
		for i := range y.Cb {
			y.Cb[i], y.Cr[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		imgs = append(imgs, y, y.SubImage(image.Rect(8, 5, 31, 20)))
	}
	imgs = append(imgs, rgba, nrgba, rgba.SubImage(image.Rect(5, 6, 30, 20)), nrgba.SubImage(image.Rect(4, 3, 39, 28)))
	for i, img := range imgs {
		b := img.Bounds()
		want := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(want, want.Rect, img, b.Min, draw.Src)
		got := toNRGBA(img)
		if got.Rect != want.Rect {
			t.Fatalf("image %d (%T): bounds %v, want %v", i, img, got.Rect, want.Rect)
		}
		for j := range want.Pix {
			if got.Pix[j] != want.Pix[j] {
				t.Fatalf("image %d (%T): pixel (%d,%d) = %v, want %v", i, img, j/4%b.Dx(), j/4/b.Dx(),
					got.Pix[j/4*4:j/4*4+4], want.Pix[j/4*4:j/4*4+4])
			}
		}
	}
}

// exifWithGPS is an APP1 Exif payload holding the orientation tag o, and
// after it text standing for the private data an EXIF block carries, which
// must not survive into an output.
func exifWithGPS(o uint16) []byte {
	return append(testimage.EXIFOrientation(o), "GPS 51.5007 N 0.1246 W and other private data"...)
}

// TestEncodeOpaque encodes images with transparent and translucent
// regions, as screenshots with an alpha channel have: no alpha below 255
// may reach the output (PNG colour type without alpha, every pixel
// opaque), and what lies under a transparent pixel — here a red that a
// viewer never shows — must be gone, composited over white as the OCR saw
// it; a translucent black is half grey.
func TestEncodeOpaque(t *testing.T) {
	const w, h = 48, 16
	// Columns 0–15 opaque blue, 16–31 transparent with red colour
	// values, 32–47 black at half alpha.
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{0, 0, 255, 255}
			switch {
			case x >= 32:
				c = color.NRGBA{0, 0, 0, 128}
			case x >= 16:
				c = color.NRGBA{255, 0, 0, 0}
			}
			nrgba.SetNRGBA(x, y, c)
		}
	}
	rgba := image.NewRGBA(nrgba.Rect)
	draw.Draw(rgba, rgba.Rect, nrgba, image.Point{}, draw.Src)
	nrgba64 := image.NewNRGBA64(nrgba.Rect)
	draw.Draw(nrgba64, nrgba64.Rect, nrgba, image.Point{}, draw.Src)
	want := []struct {
		x       int
		r, g, b uint8
	}{{0, 0, 0, 255}, {16, 255, 255, 255}, {32, 127, 127, 127}}

	for _, src := range []struct {
		name string
		img  image.Image
	}{{"NRGBA", nrgba}, {"RGBA", rgba}, {"NRGBA64", nrgba64}} {
		for _, format := range []string{"png", "jpeg"} {
			t.Run(src.name+" "+format, func(t *testing.T) {
				before := encodePNG(t, src.img)
				var buf bytes.Buffer
				if err := Encode(&buf, src.img, format); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(encodePNG(t, src.img), before) {
					t.Fatal("Encode changed its input")
				}
				data := buf.Bytes()
				if format == "png" {
					// IHDR colour type: 2 is RGB, 6 RGBA.
					if ct := data[25]; ct != 2 {
						t.Errorf("PNG colour type %d, want 2 (RGB, no alpha)", ct)
					}
				}
				out, _, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				tol := 1
				if format == "jpeg" {
					tol = 12
				}
				for y := range h {
					for x := range w {
						if _, _, _, a := out.At(x, y).RGBA(); a != 0xffff {
							t.Fatalf("pixel %d,%d has alpha %d", x, y, a>>8)
						}
					}
				}
				for _, p := range want {
					c := color.NRGBAModel.Convert(out.At(p.x+8, h/2)).(color.NRGBA)
					if d := max(absDiff(c.R, p.r), absDiff(c.G, p.g), absDiff(c.B, p.b)); d > tol {
						t.Errorf("column %d: got %v, want %d,%d,%d", p.x+8, c, p.r, p.g, p.b)
					}
				}
			})
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
