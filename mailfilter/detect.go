package mailfilter

import (
	"bytes"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/emersion/go-message/charset"
)

// imageInfo is what Filter knows of an image part.
type imageInfo struct {
	contentType string // best known image type: sniffed, else declared
	reason      string // why the part is taken as an image, for messages
	data        []byte // decoded bytes when not e.decoded
}

// imageExts are file name extensions (and media subtypes) of image formats,
// including some that no redactor reads: those are refused rather than sent.
var imageExts = map[string]bool{
	"png": true, "apng": true, "jpg": true, "jpeg": true, "jpe": true, "jfif": true, "pjpeg": true, "pjp": true,
	"gif": true, "bmp": true, "dib": true, "webp": true, "tif": true, "tiff": true, "heic": true, "heif": true,
	"avif": true, "ico": true, "cur": true, "svg": true, "svgz": true, "psd": true, "jp2": true, "j2k": true,
	"jpf": true, "jpx": true, "jxl": true, "tga": true, "pcx": true, "ppm": true, "pgm": true, "pbm": true,
	"pnm": true, "xbm": true, "xpm": true, "dng": true, "cr2": true, "nef": true, "arw": true, "emf": true,
	"wmf": true, "qoi": true, "x-png": true, "x-ms-bmp": true, "x-icon": true, "vnd.microsoft.icon": true,
	"vnd.adobe.photoshop": true, "svg+xml": true,
}

// detectImage reports whether a leaf part is an image, by its declared type,
// its file names, or its content. Any one of them suffices: an image must
// never pass through unredacted.
func detectImage(e *entity, data []byte) *imageInfo {
	sniffed := sniffImage(data)
	if sniffed == "" && !strings.HasPrefix(e.mediaType, "text/") && !strings.HasPrefix(e.mediaType, "message/") {
		sniffed = sniffSVG(data)
	}
	declared := ""
	if typ, sub, ok := strings.Cut(e.mediaType, "/"); ok && (typ == "image" || imageExts[sub]) {
		declared = e.mediaType
	}
	named := ""
	for _, n := range e.names() {
		if isImageName(n) {
			named = n
			break
		}
	}
	info := &imageInfo{contentType: sniffed}
	if info.contentType == "" {
		info.contentType = declared
	}
	if info.contentType == "" {
		info.contentType = e.mediaType
	}
	switch {
	case declared != "":
		info.reason = "type " + declared
	case named != "":
		info.reason = "file name " + named
	case sniffed != "":
		info.reason = "content " + sniffed
	default:
		return nil
	}
	return info
}

func isImageName(name string) bool {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(strings.TrimSpace(name)), "."))
	return imageExts[ext]
}

// filename returns the part's decoded file name: Content-Disposition's
// filename, else Content-Type's name, else "".
func (e *entity) filename() string {
	names := e.names()
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// names returns every file name the part's header gives, decoded (RFC 2231
// and RFC 2047), best first. When a header cannot be parsed it falls back to
// a lenient scan, so that a broken header cannot hide an image name.
func (e *entity) names() []string {
	var names []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		for _, n := range names {
			if n == s {
				return
			}
		}
		names = append(names, s)
	}
	for _, hf := range []struct{ key, param string }{
		{"Content-Disposition", "filename"},
		{"Content-Type", "name"},
	} {
		for _, v := range e.header.Values(hf.key) {
			if _, params, err := mime.ParseMediaType(v); err == nil {
				if n := params[hf.param]; n != "" {
					add(decodeWords(n))
				}
			}
			// Also what the standard parser rejects or drops (RFC 2231
			// values in charsets other than UTF-8).
			for _, n := range lenientParams(v, hf.param) {
				add(n)
			}
		}
	}
	return names
}

var wordDecoder = mime.WordDecoder{CharsetReader: charset.Reader}

// decodeWords decodes RFC 2047 encoded words, which many clients put in
// quoted parameters although RFC 2047 forbids it.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

var paramRE = regexp.MustCompile(`(?i)(?:^|[;\s])((?:file)?name)(\*[0-9]*)?(\*)?\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)`)

// lenientParams extracts the values of a parameter (e.g. "filename") from a
// header value that mime.ParseMediaType rejects: raw 8-bit names, duplicate
// parameters, stray characters. RFC 2231 continuations are joined.
func lenientParams(v, param string) []string {
	var out []string
	var cont strings.Builder
	contEnc := false
	for _, m := range paramRE.FindAllStringSubmatch(v, -1) {
		if !strings.EqualFold(m[1], param) {
			continue
		}
		val := m[4]
		if strings.HasPrefix(val, `"`) && strings.HasSuffix(val, `"`) && len(val) >= 2 {
			val = strings.ReplaceAll(val[1:len(val)-1], `\"`, `"`)
		}
		ext := m[3] == "*" || (m[2] == "*")
		if m[2] != "" && m[2] != "*" { // name*0, name*1*: continuation
			if m[2] == "*0" {
				contEnc = ext
			}
			cont.WriteString(val)
			continue
		}
		if ext {
			out = append(out, decode2231(val))
		} else {
			out = append(out, decodeWords(val))
		}
	}
	if cont.Len() > 0 {
		if contEnc {
			out = append(out, decode2231(cont.String()))
		} else {
			out = append(out, decodeWords(cont.String()))
		}
	}
	return out
}

// decode2231 decodes charset'lang'%XX-encoded values.
func decode2231(v string) string {
	cs, rest, ok := strings.Cut(v, "'")
	if !ok {
		return v
	}
	_, rest, ok = strings.Cut(rest, "'")
	if !ok {
		return v
	}
	s, err := url.PathUnescape(rest)
	if err != nil {
		return v
	}
	if cs == "" || strings.EqualFold(cs, "utf-8") || strings.EqualFold(cs, "us-ascii") {
		return s
	}
	if t, ok := decodeCharset([]byte(s), cs); ok {
		return t
	}
	return s
}

// sniffImage returns the media type of the image format whose signature
// starts data, or "". Only signatures unlikely in text are used, so that it
// can run over every part.
func sniffImage(b []byte) string {
	has := func(off int, sig string) bool {
		return len(b) >= off+len(sig) && string(b[off:off+len(sig)]) == sig
	}
	switch {
	case has(0, "\x89PNG\r\n\x1a\n"):
		return "image/png"
	case has(0, "\xff\xd8\xff"):
		return "image/jpeg"
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return "image/gif"
	case has(0, "RIFF") && has(8, "WEBP"):
		return "image/webp"
	case has(0, "BM") && len(b) >= 26 && has(6, "\x00\x00\x00\x00"):
		return "image/bmp"
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return "image/tiff"
	case (has(0, "\x00\x00\x01\x00") || has(0, "\x00\x00\x02\x00")) && len(b) >= 22 && (b[4] != 0 || b[5] != 0):
		return "image/x-icon"
	case has(4, "ftyp") && len(b) >= 12:
		switch string(b[8:12]) {
		case "avif", "avis":
			return "image/avif"
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "image/heic"
		}
	case has(0, "8BPS"):
		return "image/vnd.adobe.photoshop"
	case has(0, "\x00\x00\x00\x0cjP  \r\n\x87\n"), has(0, "\xff\x4f\xff\x51"):
		return "image/jp2"
	case has(0, "\xff\x0a"), has(0, "\x00\x00\x00\x0cJXL \r\n\x87\n"):
		return "image/jxl"
	case has(0, "qoif"):
		return "image/qoi"
	}
	return ""
}

// sniffSVG recognises an SVG document at the start of data. It is only used
// for parts not declared as text, where an SVG would be an image file.
func sniffSVG(b []byte) string {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) > 0 && head[0] == '<' && bytes.Contains(bytes.ToLower(head), []byte("<svg")) {
		return "image/svg+xml"
	}
	return ""
}
