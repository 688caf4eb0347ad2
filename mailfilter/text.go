package mailfilter

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// decodeTransfer undoes a Content-Transfer-Encoding strictly.
func decodeTransfer(b []byte, cte string) ([]byte, error) {
	switch cte {
	case "", "7bit", "8bit", "binary":
		return b, nil
	case "base64":
		// Line breaks and the indentation some clients add are not data.
		clean := bytes.Map(func(r rune) rune {
			switch r {
			case '\r', '\n', ' ', '\t':
				return -1
			}
			return r
		}, b)
		out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(out, clean)
		if err != nil {
			// Unpadded base64 is common enough to accept.
			raw := bytes.TrimRight(clean, "=")
			out2 := make([]byte, base64.RawStdEncoding.DecodedLen(len(raw)))
			if n2, err2 := base64.RawStdEncoding.Decode(out2, raw); err2 == nil {
				return out2[:n2], nil
			}
			return nil, fmt.Errorf("invalid base64 data: %v", err)
		}
		return out[:n], nil
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
		if err != nil {
			return nil, fmt.Errorf("invalid quoted-printable data: %v", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported Content-Transfer-Encoding %q", cte)
}

// decodeTransferLenient decodes what it can, skipping bad characters, as a
// forgiving mail client would. It is used to look for images in parts whose
// strict decoding failed.
func decodeTransferLenient(b []byte, cte string) []byte {
	switch cte {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r < utf8.RuneSelf && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/') {
				return r
			}
			return -1
		}, b)
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1]
		}
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, _ := base64.RawStdEncoding.Decode(out, clean)
		return out[:n]
	case "quoted-printable":
		var out []byte
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c != '=' {
				out = append(out, c)
				continue
			}
			if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
				out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
				i += 2
				continue
			}
			// soft line break: "=" then optional white space and a newline
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
				j++
			}
			if j < len(b) && b[j] == '\n' {
				i = j
				continue
			}
			out = append(out, c)
		}
		return out
	}
	return b
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// encodeTransfer applies a Content-Transfer-Encoding, with nl line ends.
func encodeTransfer(b []byte, cte, nl string) []byte {
	switch cte {
	case "base64":
		return base64Lines(b, nl)
	case "quoted-printable":
		var buf bytes.Buffer
		w := quotedprintable.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return normalizeNL(buf.Bytes(), nl)
	}
	return b
}

// base64Lines encodes b in lines of 76 characters, without a final line end.
func base64Lines(b []byte, nl string) []byte {
	enc := base64.StdEncoding.EncodeToString(b)
	var buf bytes.Buffer
	for len(enc) > 76 {
		buf.WriteString(enc[:76])
		buf.WriteString(nl)
		enc = enc[76:]
	}
	buf.WriteString(enc)
	return buf.Bytes()
}

func normalizeNL(b []byte, nl string) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if nl != "\n" {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte(nl))
	}
	return b
}

// isPassThroughCharset reports whether text in cs is kept as its bytes:
// UTF-8, ASCII (often mislabelled UTF-8) and charsets we do not know.
func isPassThroughCharset(cs string) bool {
	switch strings.ToLower(strings.TrimSpace(cs)) {
	case "", "us-ascii", "ascii", "utf-8", "utf8":
		return true
	}
	return lookupCharset(cs) == nil
}

func lookupCharset(cs string) encoding.Encoding {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if enc, err := ianaindex.MIME.Encoding(cs); err == nil && enc != nil {
		return enc
	}
	if enc, err := htmlindex.Get(cs); err == nil && enc != nil {
		return enc
	}
	return nil
}

// decodeCharset converts b from charset cs to UTF-8 with go-message's
// charset package.
func decodeCharset(b []byte, cs string) (string, bool) {
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil {
		return "", false
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// bodyText returns a text part's content as a string, and whether it was
// converted from another charset (false: the string holds the part's bytes).
func bodyText(b []byte, cs string) (string, bool) {
	if !isPassThroughCharset(cs) {
		if s, ok := decodeCharset(b, cs); ok {
			return s, true
		}
	}
	return string(b), false
}

// encodeCharset converts s back to charset cs; ok is false when s has
// characters that cs cannot represent.
func encodeCharset(s, cs string) ([]byte, bool) {
	enc := lookupCharset(cs)
	if enc == nil {
		return nil, false
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return nil, false
	}
	return b, true
}

// htmlToText renders an HTML body as plain text for the evidence bundle:
// text content with line breaks at block elements, without scripts, styles
// or the head.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	newline := func() {
		str := b.String()
		if str != "" && !strings.HasSuffix(str, "\n") {
			b.WriteString("\n")
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip == 0 {
				b.WriteString(collapseSpace(string(z.Text())))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				b.WriteString("\n")
			case atom.P, atom.Div, atom.Tr, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Blockquote, atom.Pre, atom.Table, atom.Ul, atom.Ol, atom.Hr:
				newline()
			case atom.Td, atom.Th:
				if tt == html.EndTagToken {
					b.WriteString("\t")
				}
			}
		}
	}
}

// collapseSpace turns each run of white space into one space, as a browser
// does outside <pre>.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// tidyText trims spaces at line ends and collapses runs of blank lines.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
