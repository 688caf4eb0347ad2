package bundle

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"redactpack/internal/testimage"
)

func TestCaptureTimeFileNames(t *testing.T) {
	at := func(y, mo, d, h, mi, s int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, 0, shanghai)
	}
	for _, tc := range []struct {
		name string
		want time.Time // zero: no time in the name
	}{
		{"Screenshot 2026-11-24 at 10.30.12.png", at(2026, 11, 24, 10, 30, 12)},                     // macOS
		{"Screen Shot 2026-11-24 at 10.30.12 AM.png", at(2026, 11, 24, 10, 30, 12)},                 // macOS before Mojave
		{"Screen Shot 2026-11-24 at 2.05.09 PM.png", at(2026, 11, 24, 14, 5, 9)},                    // macOS, afternoon
		{"Screenshot 2026-11-24 at 12.01.02\u202fAM.png", at(2026, 11, 24, 0, 1, 2)},                // macOS Ventura, narrow no-break space
		{"截屏2026-11-24 下午3.04.05.png", at(2026, 11, 24, 15, 4, 5)},                                  // macOS in Chinese
		{"Bildschirmfoto 2026-11-24 um 10.30.12.png", at(2026, 11, 24, 10, 30, 12)},                 // macOS in German
		{"Screenshot 2026-11-24 103012.png", at(2026, 11, 24, 10, 30, 12)},                          // Windows Snipping Tool
		{"Screenshot_20261124-103012.png", at(2026, 11, 24, 10, 30, 12)},                            // Android
		{"Screenshot_20261124-103012_Chrome.jpg", at(2026, 11, 24, 10, 30, 12)},                     // Android, app suffix
		{"Screenshot_2026-11-24-10-30-12-123_com.android.chrome.jpg", at(2026, 11, 24, 10, 30, 12)}, // MIUI
		{"Screenshot_20261124_103012.png", at(2026, 11, 24, 10, 30, 12)},                            // KDE Spectacle
		{"Screenshot from 2026-11-24 10-30-12.png", at(2026, 11, 24, 10, 30, 12)},                   // GNOME
		{"2026-11-24_10-30.png", at(2026, 11, 24, 10, 30, 0)},                                       // Flameshot
		{"IMG_20261124_103012.jpg", at(2026, 11, 24, 10, 30, 12)},                                   // Android camera
		{"PXL_20261124_103012345.jpg", at(2026, 11, 24, 10, 30, 12)},                                // Pixel, milliseconds
		{"20261124_103012.png", at(2026, 11, 24, 10, 30, 12)},                                       // generic
		{"20261124103012.png", at(2026, 11, 24, 10, 30, 12)},                                        // generic, compact
		{"mmexport1795487412000.jpg", time.UnixMilli(1795487412000).In(shanghai)},                   // WeChat
		{`C:\Users\li\Pictures\Screenshot 2026-11-24 103012.png`, at(2026, 11, 24, 10, 30, 12)},     // Windows path
		{"IMG_1234.PNG", time.Time{}},                                                               // iOS export: no time
		{"Screenshot (12).png", time.Time{}},                                                        // Windows Print Screen: no time
		{"report-2026-11-24.png", time.Time{}},                                                      // a date alone is not a capture time
		{"invoice 2026-11-24 12345.png", time.Time{}},                                               // five digits are not a time
		{"Screenshot_20261324-103012.png", time.Time{}},                                             // month 13
		{"Screenshot_20261124-253012.png", time.Time{}},                                             // hour 25
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, src := CaptureTime(tc.name, nil, time.Time{}, shanghai)
			if tc.want.IsZero() {
				if !got.IsZero() || src != "" {
					t.Errorf("got %v (%s), want no time", got, src)
				}
				return
			}
			if !got.Equal(tc.want) || src != SourceFileName {
				t.Errorf("got %v (%s), want %v (file name)", got, src, tc.want)
			}
			if got.Location() != shanghai {
				t.Errorf("location %v, want %v", got.Location(), shanghai)
			}
		})
	}
}

// tiffWithDate builds a big-endian TIFF header with an Exif sub-IFD holding
// DateTimeOriginal and, if offset is not empty, OffsetTimeOriginal.
func tiffWithDate(date, offset string) []byte {
	var b bytes.Buffer
	be := binary.BigEndian
	w16 := func(v uint16) { binary.Write(&b, be, v) }
	w32 := func(v uint32) { binary.Write(&b, be, v) }
	b.WriteString("MM\x00\x2a")
	w32(8)
	// IFD0: one entry, the Exif IFD pointer.
	w16(1)
	w16(0x8769)
	w16(4) // LONG
	w32(1)
	w32(26)
	w32(0)
	// Exif IFD at 26.
	n := uint16(1)
	if offset != "" {
		n = 2
	}
	w16(n)
	dataAt := uint32(26 + 2 + 12*int(n) + 4)
	w16(0x9003)
	w16(2) // ASCII
	w32(uint32(len(date) + 1))
	w32(dataAt)
	if offset != "" {
		w16(0x9011)
		w16(2)
		w32(uint32(len(offset) + 1))
		w32(dataAt + uint32(len(date)+1))
	}
	w32(0)
	b.WriteString(date + "\x00")
	if offset != "" {
		b.WriteString(offset + "\x00")
	}
	return b.Bytes()
}

func jpegWithExif(t *testing.T, tiff []byte) []byte {
	var j bytes.Buffer
	if err := jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	var out bytes.Buffer
	out.Write(j.Bytes()[:2]) // SOI
	out.Write([]byte{0xff, 0xe1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)})
	out.Write(app1)
	out.Write(j.Bytes()[2:])
	return out.Bytes()
}

// pngWith inserts chunks after IHDR of a small PNG.
func pngWith(t *testing.T, chunks ...[]byte) []byte {
	var p bytes.Buffer
	if err := png.Encode(&p, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	const ihdrEnd = 8 + 25
	out := append([]byte{}, p.Bytes()[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	out = append(out, p.Bytes()[ihdrEnd:]...)
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("test PNG is broken: %v", err)
	}
	return out
}

func zlibBytes(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestCaptureTimeMetadata(t *testing.T) {
	local := func(h, mi, s int) time.Time { return time.Date(2026, 11, 24, h, mi, s, 0, shanghai) }
	tIME := testimage.PNGChunk("tIME", []byte{0x07, 0xEA, 11, 24, 2, 30, 12}) // 2026-11-24 02:30:12 UTC
	fileTime := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	xmp := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description photoshop:DateCreated="2026-11-24T09:15:00"/></rdf:RDF></x:xmpmeta>`
	for _, tc := range []struct {
		name    string
		file    string
		data    []byte
		want    time.Time
		wantSrc string
	}{
		{"exif in local time", "IMG_0001.JPG", jpegWithExif(t, tiffWithDate("2026:11:24 10:30:12", "")), local(10, 30, 12), SourceEXIF},
		{"exif with its own offset", "IMG_0001.JPG", jpegWithExif(t, tiffWithDate("2026:11:24 10:30:12", "+05:30")),
			time.Date(2026, 11, 24, 10, 30, 12, 0, time.FixedZone("", 5*3600+1800)), SourceEXIF},
		{"exif beats the file name", "Screenshot_20200101-000000.jpg", jpegWithExif(t, tiffWithDate("2026:11:24 10:30:12", "")), local(10, 30, 12), SourceEXIF},
		{"png tIME is UTC", "IMG_0002.PNG", pngWith(t, tIME), local(10, 30, 12), SourcePNGTime},
		{"png eXIf chunk", "IMG_0003.PNG", pngWith(t, testimage.PNGChunk("eXIf", tiffWithDate("2026:11:24 08:00:00", ""))), local(8, 0, 0), SourceEXIF},
		{"png tEXt Creation Time", "a.png", pngWith(t, testimage.PNGChunk("tEXt", []byte("Creation Time\x00Tue, 24 Nov 2026 10:30:12 +0800"))), local(10, 30, 12), SourcePNGText},
		{"png zTXt Creation Time", "a.png", pngWith(t, testimage.PNGChunk("zTXt", append([]byte("Creation Time\x00\x00"), zlibBytes("2026:11:24 07:00:00")...))), local(7, 0, 0), SourcePNGText},
		{"png iTXt XMP", "a.png", pngWith(t, testimage.PNGChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmp))), local(9, 15, 0), SourceXMP},
		{"tIME beats text and name", "Screenshot_20200101-000000.png", pngWith(t, testimage.PNGChunk("tEXt", []byte("Creation Time\x002020-01-01T00:00:00Z")), tIME), local(10, 30, 12), SourcePNGTime},
		{"name beats file time", "Screenshot_20261124-103012.png", pngWith(t), local(10, 30, 12), SourceFileName},
		{"file time last", "IMG_0004.PNG", pngWith(t), fileTime, SourceFileTime},
		{"damaged exif does not panic", "IMG_0005.JPG", append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10}, []byte("Exif\x00\x00MM\x00\x2a\xff\xff\xff\xff")...), fileTime, SourceFileTime},
		{"truncated png", "IMG_0006.PNG", pngWith(t, tIME)[:40], fileTime, SourceFileTime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, src := CaptureTime(tc.file, tc.data, fileTime, shanghai)
			if !got.Equal(tc.want) || src != tc.wantSrc {
				t.Errorf("got %v (%s), want %v (%s)", got, src, tc.want, tc.wantSrc)
			}
			if got.Location() != shanghai {
				t.Errorf("location %v, want %v", got.Location(), shanghai)
			}
		})
	}
	if got, src := CaptureTime("IMG_0007.PNG", nil, time.Time{}, nil); !got.IsZero() || src != "" {
		t.Errorf("nothing known: got %v (%s), want zero", got, src)
	}
}
