package mailfilter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"path"
	"strings"
)

// render returns the entity as it is to be written: its raw bytes when
// unchanged.
func (e *entity) render(nl string) []byte {
	if !e.changed {
		return e.raw
	}
	var b bytes.Buffer
	if e.newFields != nil {
		for _, fl := range e.newFields {
			b.Write(fl.raw)
		}
		b.WriteString(nl)
	} else {
		b.Write(e.raw[:e.hlen])
	}
	b.Write(e.renderBody(nl))
	return b.Bytes()
}

func (e *entity) renderBody(nl string) []byte {
	switch {
	case !e.changed:
		return e.body()
	case e.newBody != nil:
		return e.newBody
	case e.inner != nil:
		inner := e.inner.render(nl)
		if e.cte == "base64" || e.cte == "quoted-printable" {
			return append(encodeTransfer(inner, e.cte, nl), nl...)
		}
		return inner
	}
	body := e.body()
	dnl := e.delimNL // go-message splits on the line end of the first delimiter
	if dnl == "" {
		dnl = nl
	}
	var b bytes.Buffer
	last := 0
	for i, c := range e.parts {
		s := e.spans[i]
		b.Write(body[last:s[0]])
		r := c.render(nl)
		b.Write(r)
		last = s[1]
		if c.changed && len(r) > 0 && !bytes.HasPrefix(body[last:], []byte("\n")) && !bytes.HasPrefix(body[last:], []byte("\r\n")) {
			// The part was empty and its delimiter followed at once:
			// it needs its own line now.
			b.WriteString(dnl)
		}
	}
	if len(e.extra) > 0 {
		b.Write(body[last:e.insertAt])
		last = e.insertAt
		for _, x := range e.extra {
			if len(e.parts) > 0 {
				b.WriteString(dnl + "--" + e.boundary + dnl)
				b.Write(x)
			} else {
				b.WriteString("--" + e.boundary + dnl)
				b.Write(x)
				b.WriteString(dnl)
			}
		}
	}
	b.Write(body[last:])
	return b.Bytes()
}

// pdfPart builds the attachment part for the evidence PDF.
func pdfPart(pdf []byte, name, nl string) []byte {
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == '"' || r == '\\' || r == '/' || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "evidence.pdf"
	}
	if !strings.EqualFold(path.Ext(name), ".pdf") {
		name += ".pdf"
	}
	ct := `application/pdf; name="` + name + `"`
	cd := `attachment; filename="` + name + `"`
	if !isASCII([]byte(name)) {
		// Outlook and older clients read RFC 2047 words in name=, newer
		// ones RFC 2231 in filename*=: give both, as Thunderbird does.
		ct = `application/pdf; name="` + mime.BEncoding.Encode("UTF-8", name) + `"`
		cd = mime.FormatMediaType("attachment", map[string]string{"filename": name})
	}
	var b bytes.Buffer
	b.WriteString("Content-Type: " + ct + nl)
	b.WriteString("Content-Disposition: " + cd + nl)
	b.WriteString("Content-Transfer-Encoding: base64" + nl)
	b.WriteString(nl)
	b.Write(base64Lines(pdf, nl))
	return b.Bytes()
}

// wrapMixed puts the message's content into a new multipart/mixed with the
// PDF part after it. The message's own header fields stay at the top; its
// Content-* fields move to the first part.
func wrapMixed(root *entity, part []byte, nl string) []byte {
	fields := root.newFields
	if fields == nil {
		fields = root.fields(nl)
	}
	body := root.renderBody(nl)
	var outer, inner []field
	mimeVersion := false
	for _, fl := range fields {
		if strings.HasPrefix(fl.key, "Content-") {
			inner = append(inner, fl)
		} else {
			outer = append(outer, fl)
			mimeVersion = mimeVersion || fl.key == "Mime-Version"
		}
	}
	boundary := newBoundary(root.raw, body, part)
	var b bytes.Buffer
	for _, fl := range outer {
		b.Write(fl.raw)
	}
	if !mimeVersion {
		b.WriteString("MIME-Version: 1.0" + nl)
	}
	b.WriteString(`Content-Type: multipart/mixed; boundary="` + boundary + `"` + nl)
	b.WriteString(nl)
	b.WriteString("This is a multi-part message in MIME format." + nl)
	b.WriteString("--" + boundary + nl)
	for _, fl := range inner {
		b.Write(fl.raw)
	}
	b.WriteString(nl)
	b.Write(body)
	b.WriteString(nl + "--" + boundary + nl)
	b.Write(part)
	b.WriteString(nl + "--" + boundary + "--" + nl)
	return b.Bytes()
}

// newBoundary derives a boundary from the message, so that the same input
// gives the same output, and makes sure the content does not contain it.
func newBoundary(seed []byte, contents ...[]byte) string {
	sum := sha256.Sum256(seed)
	base := "redactpack-" + hex.EncodeToString(sum[:12])
	for i := 0; ; i++ {
		b := base
		if i > 0 {
			b = fmt.Sprintf("%s-%d", base, i)
		}
		clash := false
		for _, c := range contents {
			clash = clash || bytes.Contains(c, []byte("--"+b))
		}
		if !clash {
			return b
		}
	}
}
