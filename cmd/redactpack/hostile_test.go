package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"

	"github.com/disintegration/imaging"
	"github.com/rogpeppe/go-internal/testscript"

	"redactpack/internal/testimage"
)

// scriptCondition adds [root] to the scripts' conditions: root reads
// files and writes folders whatever their permissions, so the cases that
// rely on chmod are skipped for root (CI runs as root).
func scriptCondition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// tallPage is a 1170 × 20 000 scrolling screenshot (a phone's 3× screen
// scrolled far): white, a heading at the top, a ticket in the middle and
// an e-mail near the bottom.
func tallPage() testimage.Page {
	white := testimage.Light
	white.Background = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	return testimage.Page{Width: 1170, Height: 20000, Theme: white, Lines: []testimage.Line{
		{X: 48, Y: 60, Size: 40, Runs: []testimage.Run{{Text: "Transfer history", Key: "heading", Font: testimage.Bold}}},
		testimage.Field(48, 9000, 36, "Ticket ", "ticket", testimage.SampleTicket, testimage.Regular),
		{X: 48, Y: 19700, Size: 36, Runs: []testimage.Run{{Text: "Contact support at", Key: "prose", Role: testimage.Label}}},
		testimage.Field(48, 19780, 36, "Email: ", "email", testimage.SampleEmail, testimage.Regular),
	}}
}

// contactPage is genimage's contact layout.
func contactPage() testimage.Page { return layouts["contact"](testimage.Light) }

// mkimage KIND FILE [REF] writes a hostile or unusual image, and sets
// BOX_<key> to "x,y,w,h" for each keyed text, in the coordinates a viewer
// shows:
//
//	tall FILE.png           1170 × 20 000 scrolling screenshot (tallPage)
//	exif6 FILE.jpg REF.jpg  the contact layout stored turned 90° to the
//	                        left, with EXIF orientation 6 (turn right to
//	                        view); REF is the upright image, as viewers show it
//	animated FILE.gif       a two-frame GIF
//	png16 FILE.png          the contact layout as a 16-bit RGBA PNG
//	paletted FILE.png       the contact layout as a 64-grey palette PNG
//	bomb FILE.png           a PNG whose header claims 100 000 × 100 000
//	                        pixels, with a few bytes of data
func cmdMkimage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: mkimage KIND FILE [REF]")
	}
	kind, name := args[0], args[1]
	write := func(name string, data []byte) {
		path := ts.MkAbs(name)
		ts.Check(os.MkdirAll(filepath.Dir(path), 0o777))
		ts.Check(os.WriteFile(path, data, 0o644))
	}
	render := func(p testimage.Page) *image.RGBA {
		shot, err := testimage.Render(p)
		ts.Check(err)
		for _, sp := range shot.Spans {
			b := sp.Box
			ts.Setenv("BOX_"+sp.Key, fmt.Sprintf("%d,%d,%d,%d", b.Min.X, b.Min.Y, b.Dx(), b.Dy()))
		}
		return shot.Image
	}
	var buf bytes.Buffer
	switch kind {
	case "tall":
		ts.Check(png.Encode(&buf, render(tallPage())))
	case "exif6":
		if len(args) != 3 {
			ts.Fatalf("usage: mkimage exif6 FILE.jpg REF.jpg")
		}
		upright := render(contactPage())
		ts.Check(jpeg.Encode(&buf, upright, &jpeg.Options{Quality: 95}))
		write(args[2], bytes.Clone(buf.Bytes()))
		buf.Reset()
		// Orientation 6 says "turn 90° clockwise to view", so what is
		// stored is the view turned 90° counter-clockwise.
		ts.Check(jpeg.Encode(&buf, imaging.Rotate90(upright), &jpeg.Options{Quality: 95}))
		data := testimage.WithJPEGSegment(buf.Bytes(), 0xe1, testimage.EXIFOrientation(6))
		buf.Reset()
		buf.Write(data)
	case "animated":
		g := &gif.GIF{}
		for i := range 2 {
			fr := image.NewPaletted(image.Rect(0, 0, 32, 16), palette.Plan9)
			for j := range fr.Pix {
				fr.Pix[j] = uint8(i*60 + j%5)
			}
			g.Image, g.Delay = append(g.Image, fr), append(g.Delay, 20)
		}
		ts.Check(gif.EncodeAll(&buf, g))
	case "png16":
		src := render(contactPage())
		img := image.NewNRGBA64(src.Bounds())
		draw.Draw(img, img.Rect, src, image.Point{}, draw.Src)
		ts.Check(png.Encode(&buf, img))
		if buf.Bytes()[24] != 16 { // IHDR bit depth
			ts.Fatalf("mkimage png16: bit depth %d", buf.Bytes()[24])
		}
	case "paletted":
		src := render(contactPage())
		pal := make(color.Palette, 64)
		for i := range pal {
			v := uint8(i * 255 / 63)
			pal[i] = color.NRGBA{v, v, v, 255}
		}
		img := image.NewPaletted(src.Bounds(), pal)
		draw.Draw(img, img.Rect, src, image.Point{}, draw.Src)
		ts.Check(png.Encode(&buf, img))
		if buf.Bytes()[25] != 3 { // IHDR colour type: palette
			ts.Fatalf("mkimage paletted: colour type %d", buf.Bytes()[25])
		}
	case "bomb":
		ihdr := make([]byte, 13)
		binary.BigEndian.PutUint32(ihdr[0:], 100_000)
		binary.BigEndian.PutUint32(ihdr[4:], 100_000)
		ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
		buf.WriteString("\x89PNG\r\n\x1a\n")
		buf.Write(testimage.PNGChunk("IHDR", ihdr))
		buf.Write(testimage.PNGChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00}))
		buf.Write(testimage.PNGChunk("IEND", nil))
	default:
		ts.Fatalf("mkimage: unknown kind %q", kind)
	}
	write(name, buf.Bytes())
}
