package bundle

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// CaptureTime finds when a screenshot was taken. It tries, in order: EXIF
// DateTimeOriginal (JPEG, or a PNG eXIf chunk; with OffsetTimeOriginal when
// present), the PNG tIME chunk, a PNG text chunk "Creation Time", XMP
// DateCreated/CreateDate, the file-name patterns of screenshot tools
// (macOS, Windows, Android, GNOME, KDE, WeChat exports; iOS's "IMG_1234"
// carries no time), and last modTime (ignored when zero). Times without a
// zone of their own are read in loc (nil means UTC); the result is in loc.
// source is one of the Source constants, or "" with a zero time when nothing
// was found. data is the file's content as read from disk; it may be nil.
func CaptureTime(name string, data []byte, modTime time.Time, loc *time.Location) (t time.Time, source string) {
	if loc == nil {
		loc = time.UTC
	}
	in := func(t time.Time, src string) (time.Time, string) { return t.In(loc), src }
	if t, ok := exifTime(data, loc); ok {
		return in(t, SourceEXIF)
	}
	if isPNG(data) {
		if t, ok := pngTime(data); ok {
			return in(t, SourcePNGTime)
		}
		if t, ok := pngTextTime(data, loc); ok {
			return in(t, SourcePNGText)
		}
	}
	if t, ok := xmpTime(data, loc); ok {
		return in(t, SourceXMP)
	}
	if t, ok := fileNameTime(name, loc); ok {
		return in(t, SourceFileName)
	}
	if !modTime.IsZero() {
		return in(modTime, SourceFileTime)
	}
	return time.Time{}, ""
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

func isPNG(data []byte) bool { return bytes.HasPrefix(data, pngMagic) }

// pngChunks calls fn for each chunk before IDAT (where metadata that
// describes capture belongs) and after it, stopping at IEND or damage.
func pngChunks(data []byte, fn func(typ string, body []byte) bool) {
	p := data[len(pngMagic):]
	for len(p) >= 12 {
		n := binary.BigEndian.Uint32(p)
		if uint64(n)+12 > uint64(len(p)) {
			return
		}
		typ := string(p[4:8])
		if typ == "IEND" || !fn(typ, p[8:8+n]) {
			return
		}
		p = p[12+n:]
	}
}

// pngTime reads the tIME chunk, which the PNG specification puts in UTC.
func pngTime(data []byte) (t time.Time, ok bool) {
	pngChunks(data, func(typ string, b []byte) bool {
		if typ != "tIME" || len(b) != 7 {
			return true
		}
		year := int(binary.BigEndian.Uint16(b))
		tt, err := civilTime(year, int(b[2]), int(b[3]), int(b[4]), int(b[5]), int(min(b[6], 59)), time.UTC)
		if err == nil {
			t, ok = tt, true
		}
		return false
	})
	return t, ok
}

// pngText returns the text of tEXt, zTXt and iTXt chunks whose keyword
// satisfies want.
func pngText(data []byte, want func(keyword string) bool) []string {
	var out []string
	pngChunks(data, func(typ string, b []byte) bool {
		if typ != "tEXt" && typ != "zTXt" && typ != "iTXt" {
			return true
		}
		kw, rest, found := bytes.Cut(b, []byte{0})
		if !found || !want(string(kw)) {
			return true
		}
		compressed := typ == "zTXt"
		if typ == "zTXt" {
			if len(rest) < 1 {
				return true
			}
			rest = rest[1:]
		}
		if typ == "iTXt" {
			if len(rest) < 2 {
				return true
			}
			compressed = rest[0] == 1
			rest = rest[2:]
			for range 2 { // language tag, translated keyword
				_, after, ok := bytes.Cut(rest, []byte{0})
				if !ok {
					return true
				}
				rest = after
			}
		}
		if compressed {
			zr, err := zlib.NewReader(bytes.NewReader(rest))
			if err != nil {
				return true
			}
			rest, err = io.ReadAll(io.LimitReader(zr, 1<<20))
			if err != nil {
				return true
			}
		}
		out = append(out, string(rest))
		return true
	})
	return out
}

func pngTextTime(data []byte, loc *time.Location) (time.Time, bool) {
	for _, s := range pngText(data, func(k string) bool { return strings.EqualFold(k, "Creation Time") }) {
		if t, ok := parseLooseTime(s, loc); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// looseLayouts are the ways "Creation Time" text chunks and XMP dates are
// written in the wild; layouts without a zone are read in the given location.
var looseLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006:01:02 15:04:05Z07:00",
	"2006:01:02 15:04:05",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon 2 Jan 2006 15:04:05 MST",
	time.ANSIC,
	time.UnixDate,
	"2 Jan 2006 15:04:05 -0700",
	"2006-01-02",
}

func parseLooseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	for _, layout := range looseLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err == nil && t.Year() >= 1990 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

// exifTime reads DateTimeOriginal (then DateTimeDigitized, then DateTime)
// from a JPEG's APP1 segment or a PNG's eXIf chunk.
func exifTime(data []byte, loc *time.Location) (t time.Time, ok bool) {
	defer func() {
		if recover() != nil { // goexif is not hardened against every damaged file
			t, ok = time.Time{}, false
		}
	}()
	var raw []byte
	switch {
	case isPNG(data):
		pngChunks(data, func(typ string, b []byte) bool {
			if typ == "eXIf" || typ == "exIf" {
				raw = b
				return false
			}
			return true
		})
	case bytes.HasPrefix(data, []byte{0xff, 0xd8}):
		raw = data
	}
	if raw == nil {
		return time.Time{}, false
	}
	x, err := exif.Decode(bytes.NewReader(raw))
	if err != nil && x == nil {
		return time.Time{}, false
	}
	offsets := exifOffsets(x)
	for i, field := range []exif.FieldName{exif.DateTimeOriginal, exif.DateTimeDigitized, exif.DateTime} {
		tag, err := x.Get(field)
		if err != nil || tag.Format() != tiff.StringVal {
			continue
		}
		s, err := tag.StringVal()
		if err != nil {
			continue
		}
		zone := loc
		if z, err := parseZone(offsets[i]); err == nil && offsets[i] != "" {
			zone = z
		}
		t, err := time.ParseInLocation("2006:01:02 15:04:05", strings.TrimSpace(strings.TrimRight(s, "\x00")), zone)
		if err == nil && t.Year() >= 1990 {
			return t, true
		}
	}
	return time.Time{}, false
}

// exifOffsets returns OffsetTimeOriginal, OffsetTimeDigitized and OffsetTime
// ("+08:00"), which goexif does not name, read from the Exif sub-IFD.
func exifOffsets(x *exif.Exif) (off [3]string) {
	ptr, err := x.Get(exif.ExifIFDPointer)
	if err != nil || x.Tiff == nil {
		return off
	}
	at, err := ptr.Int64(0)
	if err != nil || at <= 0 || at >= int64(len(x.Raw)) {
		return off
	}
	r := bytes.NewReader(x.Raw)
	if _, err := r.Seek(at, io.SeekStart); err != nil {
		return off
	}
	dir, _, err := tiff.DecodeDir(r, x.Tiff.Order)
	if err != nil {
		return off
	}
	for _, tag := range dir.Tags {
		i := map[uint16]int{0x9011: 0, 0x9012: 1, 0x9010: 2}
		if k, ok := i[tag.Id]; ok && tag.Format() == tiff.StringVal {
			if s, err := tag.StringVal(); err == nil {
				off[k] = strings.TrimSpace(strings.TrimRight(s, "\x00"))
			}
		}
	}
	return off
}

var xmpDate = regexp.MustCompile(`(?:photoshop:DateCreated|xmp:CreateDate|exif:DateTimeOriginal)(?:\s*=\s*["']|>)\s*([0-9][0-9:T .+\-Z]{9,40})`)

// xmpTime looks for an XMP packet (in a PNG iTXt chunk, a JPEG APP1 segment,
// or anywhere in the first megabyte) and reads its creation date.
func xmpTime(data []byte, loc *time.Location) (time.Time, bool) {
	var packets []string
	if isPNG(data) {
		packets = pngText(data, func(k string) bool { return k == "XML:com.adobe.xmp" })
	} else if len(data) > 0 {
		head := data[:min(len(data), 1<<20)]
		if i := bytes.Index(head, []byte("<x:xmpmeta")); i >= 0 {
			end := bytes.Index(head[i:], []byte("</x:xmpmeta>"))
			if end < 0 {
				end = len(head) - i
			}
			packets = append(packets, string(head[i:i+end]))
		}
	}
	for _, p := range packets {
		for _, m := range xmpDate.FindAllStringSubmatch(p, -1) {
			if t, ok := parseLooseTime(m[1], loc); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// File-name patterns of screenshot tools, all tried on the base name.
var (
	// 2026-11-24 at 10.30.12 (macOS), 2026-11-24 10-30-12 (GNOME),
	// 2026-11-24 103012 (Windows), 2026-11-24_10-30 (Flameshot),
	// 截屏2026-11-24 下午3.04.05 (macOS in Chinese), with an optional AM/PM.
	nameSeparated = regexp.MustCompile(`(?i)(?:^|[^0-9])((?:19|20|21)\d{2})[-_.](\d{2})[-_.](\d{2})` +
		`(?:\s*at\s*|\s*à\s*|\s*um\s*|[\s_T-]+|\s*)(上午|下午)?\s*` +
		`(?:(\d{2})(\d{2})(\d{2})|(\d{1,2})[.:_\-h](\d{2})(?:[.:_\-m](\d{2}))?)` +
		`(?:[.,_\-]\d{1,3})?(?:[\s\x{202f}\x{a0}]*([AP]M))?(?:[^0-9]|$)`)
	// 20261124-103012 (Android), 20261124_103012 (KDE, Android cameras),
	// PXL_20261124_103012345, 20261124103012.
	nameCompact = regexp.MustCompile(`(?:^|[^0-9])((?:19|20|21)\d{2})(\d{2})(\d{2})[-_T ]?(\d{2})(\d{2})(\d{2})(?:\d{0,3})(?:[^0-9]|$)`)
	// mmexport1764 (WeChat, milliseconds since 1970).
	nameEpochMillis = regexp.MustCompile(`(?i)^(?:mmexport|wx_camera_|microMsg\.)(1\d{12})(?:[^0-9]|$)`)
)

// fileNameTime reads the capture time that screenshot tools put in file
// names. Names like "IMG_1234.PNG" (iOS) carry none.
func fileNameTime(name string, loc *time.Location) (time.Time, bool) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if m := nameEpochMillis.FindStringSubmatch(base); m != nil {
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		return time.UnixMilli(ms), true
	}
	num := func(s string) int { v, _ := strconv.Atoi(s); return v }
	if m := nameSeparated.FindStringSubmatch(base); m != nil {
		hour, minute, sec := num(m[5]), num(m[6]), num(m[7])
		if m[5] == "" {
			hour, minute, sec = num(m[8]), num(m[9]), num(m[10])
		}
		switch strings.ToUpper(m[11]) {
		case "AM":
			if hour == 12 {
				hour = 0
			}
		case "PM":
			if hour < 12 {
				hour += 12
			}
		}
		if m[4] == "下午" && hour < 12 {
			hour += 12
		}
		if t, err := civilTime(num(m[1]), num(m[2]), num(m[3]), hour, minute, sec, loc); err == nil {
			return t, true
		}
	}
	if m := nameCompact.FindStringSubmatch(base); m != nil {
		if t, err := civilTime(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
