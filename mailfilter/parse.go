package mailfilter

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// Limits on what Filter parses, against hostile input.
const (
	maxDepth = 32    // nested multiparts and attached messages
	maxParts = 10000 // entities in the whole message
)

// An entity is one MIME entity (the message itself, a part of a multipart, or
// a message attached as message/rfc822) as it was read: raw holds its exact
// bytes, so that whatever Filter does not change is written out unchanged.
type entity struct {
	raw    []byte         // header block + body, exactly as in the input
	hlen   int            // length of the header block in raw, blank line included
	header message.Header // parsed by go-message; raw fields keep their bytes
	path   string         // IMAP-style part number: "" for a message, "1.2"
	depth  int

	mediaType   string            // lower case, e.g. "image/png"
	params      map[string]string // nil when the parameters could not be parsed
	cte         string            // Content-Transfer-Encoding, lower case
	disposition string            // "inline", "attachment" or ""

	// multipart/*
	boundary string
	delimNL  string // line end of the delimiter lines: "\r\n" or "\n"
	parts    []*entity
	spans    [][2]int // where each part's raw lies in body()
	insertAt int      // offset in body() where a new last part may be inserted
	extra    [][]byte // new parts to append (raw entities)

	// message/rfc822
	inner *entity

	// leaves
	decoded []byte // body with the transfer encoding undone; nil if it failed
	decErr  error
	image   *imageInfo // non-nil if the part is an image
	text    bool       // a text/plain or text/html part
	outText string     // a changed text part's new text
	isPDF   bool       // a PDF document (not an image)
	pdfData []byte     // its decoded bytes, leniently if need be

	job  *job      // the image part's redaction
	uris []dataURI // an HTML part's data: URI images

	// Output: when changed, the entity is written from newFields (nil: the
	// raw header block) and newBody (nil: rebuilt from the children).
	changed   bool
	newFields []field
	newBody   []byte
}

func (e *entity) body() []byte { return e.raw[e.hlen:] }

// label names the entity in errors and warnings.
func (e *entity) label() string {
	if e.path == "" {
		return "message body"
	}
	return "part " + e.path
}

// at starts an error about the entity: "" for the message itself, whose
// errors need no place, else "part 1.2: ".
func (e *entity) at() string {
	if e.path == "" {
		return ""
	}
	return "part " + e.path + ": "
}

// describe names the entity with its type and file name.
func (e *entity) describe() string {
	s := e.label() + " (" + clean(e.mediaType)
	if n := e.filename(); n != "" {
		s += fmt.Sprintf(" %q", n)
	}
	return s + ")"
}

// A parser holds the state shared by the whole parse.
type parser struct {
	count int
}

// parseEntity parses raw as a MIME entity with go-message's textproto
// package. defaultType is the type of an entity without Content-Type.
func (p *parser) parseEntity(raw []byte, path string, depth int, defaultType string) (*entity, error) {
	if depth > maxDepth {
		return nil, malformed("parts nested deeper than %d levels", maxDepth)
	}
	p.count++
	if p.count > maxParts {
		return nil, malformed("more than %d parts", maxParts)
	}
	e := &entity{raw: raw, path: path, depth: depth}
	r := bytes.NewReader(raw)
	br := bufio.NewReader(r)
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return nil, malformed("%s%s", e.at(), headerError(err))
	}
	e.header = message.Header{Header: h}
	// What ReadHeader consumed is what neither the bufio.Reader nor the
	// bytes.Reader still holds.
	e.hlen = len(raw) - r.Len() - br.Buffered()

	if err := e.parseContentType(defaultType); err != nil {
		return nil, err
	}
	e.cte = strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding")))
	if d, _, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil || d != "" {
		e.disposition = d
	} else if v := strings.ToLower(strings.TrimSpace(h.Get("Content-Disposition"))); strings.HasPrefix(v, "attachment") {
		e.disposition = "attachment"
	}

	switch mt := e.mediaType; {
	case mt == "multipart/encrypted":
		return nil, fmt.Errorf("%w: %smultipart/encrypted content cannot be inspected for images", ErrEncrypted, e.at())
	case mt == "application/pkcs7-mime" || mt == "application/x-pkcs7-mime":
		return nil, fmt.Errorf("%w: %sS/MIME encrypted or opaque-signed content (%s) cannot be inspected for images", ErrEncrypted, e.at(), mt)
	case mt == "application/ms-tnef" || mt == "application/vnd.ms-tnef":
		return nil, fmt.Errorf("%w: %san Outlook TNEF container (winmail.dat) cannot be inspected for images", ErrEncrypted, e.at())
	case mt == "message/partial":
		return nil, malformed("%sa fragment of a larger message (message/partial) cannot be inspected for images", e.at())
	case strings.HasPrefix(mt, "multipart/"):
		return e, p.parseMultipart(e)
	case mt == "message/rfc822" || mt == "message/global":
		return e, p.parseAttachedMessage(e)
	}
	return e, e.classifyLeaf()
}

// parseContentType sets mediaType and params. A Content-Type that cannot be
// parsed is fatal for containers (a mail client may still split what we
// could not), and falls back to its leading type/subtype for leaves.
func (e *entity) parseContentType(defaultType string) error {
	values := e.header.Values("Content-Type")
	if len(values) == 0 || strings.TrimSpace(values[0]) == "" {
		e.mediaType = defaultType
		return nil
	}
	for _, v := range values[1:] {
		if strings.TrimSpace(v) != strings.TrimSpace(values[0]) {
			return malformed("%s%d different Content-Type fields", e.at(), len(values))
		}
	}
	v := values[0]
	mt, params, err := mime.ParseMediaType(v)
	if err == nil {
		e.mediaType, e.params = mt, params
		return nil
	}
	if mt == "" {
		// Take the leading token, as lenient clients do.
		tok := strings.ToLower(strings.TrimSpace(v))
		if i := strings.IndexAny(tok, "; \t\r\n"); i >= 0 {
			tok = tok[:i]
		}
		mt = tok
	}
	if strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/") {
		return malformed("%scannot parse Content-Type %q: %s", e.at(), truncate(v, 80), oneLine(err))
	}
	if strings.Count(mt, "/") != 1 {
		mt = "application/octet-stream"
	}
	e.mediaType = mt
	return nil
}

// parseMultipart splits e's body into parts with go-message's multipart
// reader, and finds where each part lies in the body, so that unchanged
// parts, the preamble, the delimiters and the epilogue are written back
// byte for byte.
func (p *parser) parseMultipart(e *entity) error {
	switch e.cte {
	case "", "7bit", "8bit", "binary":
	default:
		// A multipart cannot be encoded (RFC 2045 6.4); a client that
		// decodes it anyway would see parts that we do not.
		return malformed("%smultipart with Content-Transfer-Encoding %q", e.at(), e.cte)
	}
	e.boundary = e.params["boundary"]
	if e.boundary == "" {
		return malformed("%smultipart boundary not found", e.at())
	}
	childType := "text/plain"
	if e.mediaType == "multipart/digest" {
		childType = "message/rfc822"
	}
	body := e.body()
	mr := textproto.NewMultipartReader(bytes.NewReader(body), e.boundary)
	loc := locator{body: body, dash: []byte("--" + e.boundary), closeDash: []byte("--" + e.boundary + "--")}
	for i := 1; ; i++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if strings.Contains(err.Error(), "malformed MIME header") {
				return malformed("part %s: %s", childPath(e.path, i), headerError(err))
			}
			if i == 1 {
				return malformed("%smultipart boundary %q not found", e.at(), e.boundary)
			}
			return malformed("%s%s", e.at(), oneLine(err))
		}
		pbody, err := io.ReadAll(part)
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return malformed("%smultipart ends without closing boundary %q", e.at(), "--"+e.boundary+"--")
			}
			return malformed("%s%s", e.at(), oneLine(err))
		}
		start, ok := loc.next()
		if !ok {
			return malformed("%scannot locate part %d", e.at(), i)
		}
		r := bytes.NewReader(body[start:])
		br := bufio.NewReader(r)
		if _, err := textproto.ReadHeader(br); err != nil {
			return malformed("part %s: %s", childPath(e.path, i), headerError(err))
		}
		bodyStart := len(body) - r.Len() - br.Buffered()
		end := bodyStart + len(pbody)
		if end > len(body) || !bytes.Equal(body[bodyStart:end], pbody) {
			// Our reading of the delimiters differs from go-message's:
			// refuse rather than guess which one a mail client follows.
			return malformed("%sambiguous multipart delimiters around part %d", e.at(), i)
		}
		loc.pos = end
		child, err := p.parseEntity(body[start:end], childPath(e.path, i), e.depth+1, childType)
		if err != nil {
			return err
		}
		e.parts = append(e.parts, child)
		e.spans = append(e.spans, [2]int{start, end})
	}
	e.delimNL = loc.nl
	if len(e.parts) > 0 {
		e.insertAt = loc.pos
	} else {
		at, ok := loc.closing()
		if !ok {
			return malformed("%smultipart closing boundary not found", e.at())
		}
		e.insertAt = at
	}
	return nil
}

// A locator walks the lines of a multipart body the way go-message's
// MultipartReader does, to find where each part starts.
type locator struct {
	body      []byte
	dash      []byte // "--" + boundary
	closeDash []byte // "--" + boundary + "--"
	pos       int
	nl        string // line end of the first delimiter line
}

// next returns the offset just after the next delimiter line. The first
// delimiter line sets the line end of the multipart, as in go-message.
func (l *locator) next() (int, bool) {
	for l.pos < len(l.body) {
		line := l.body[l.pos:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		l.pos += len(line)
		if rest, ok := bytes.CutPrefix(line, l.dash); ok {
			rest = bytes.TrimLeft(rest, " \t")
			if string(rest) == "\r\n" || string(rest) == "\n" {
				if l.nl == "" {
					l.nl = string(rest)
				}
				return l.pos, true
			}
		}
	}
	return 0, false
}

// closing returns the offset of the closing delimiter line.
func (l *locator) closing() (int, bool) {
	for pos := 0; pos < len(l.body); {
		line := l.body[pos:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if bytes.HasPrefix(line, l.closeDash) {
			return pos, true
		}
		pos += len(line)
	}
	return 0, false
}

func childPath(parent string, i int) string {
	if parent == "" {
		return fmt.Sprint(i)
	}
	return fmt.Sprintf("%s.%d", parent, i)
}

// parseAttachedMessage parses a message/rfc822 body as a message of its own:
// an image in a forwarded message is still an image.
func (p *parser) parseAttachedMessage(e *entity) error {
	dec, err := decodeTransfer(e.body(), e.cte)
	if err != nil {
		return malformed("%sattached message: %s", e.at(), oneLine(err))
	}
	e.decoded = dec
	// The attached message is numbered as its part, so its errors name
	// the part already.
	inner, err := p.parseEntity(dec, e.path, e.depth+1, "text/plain")
	if err != nil {
		return err
	}
	if inner.path == "" {
		// Number the attached message's parts below its own part.
		inner.path = e.path
	}
	e.inner = inner
	return nil
}

// classifyLeaf decodes a leaf part and decides whether it is an image or a
// text body.
func (e *entity) classifyLeaf() error {
	known := true
	switch e.cte {
	case "", "7bit", "8bit", "binary", "base64", "quoted-printable":
	default:
		known = false
	}
	if !known {
		// x-uuencode and friends: the part could be an image that we
		// cannot see, so refuse.
		return malformed("%sunsupported Content-Transfer-Encoding %q", e.at(), e.cte)
	}
	e.decoded, e.decErr = decodeTransfer(e.body(), e.cte)
	sniffData := e.decoded
	if e.decErr != nil {
		// A lenient mail client would still show what it can decode.
		sniffData = decodeTransferLenient(e.body(), e.cte)
	}
	e.image = detectImage(e, sniffData)
	if e.image != nil {
		if e.decErr != nil {
			if sniff := sniffImage(sniffData); sniff == "" {
				return malformed("%s: cannot decode image: %s", e.describe(), oneLine(e.decErr))
			}
			// Give the redactor what a lenient client would show.
			e.image.data = sniffData
		}
		return nil
	}
	e.text = e.mediaType == "text/plain" || e.mediaType == "text/html"
	if e.text && e.decErr != nil {
		// Check what a lenient client would show; if nothing needs to
		// change, the part is still written as it came.
		e.decoded = sniffData
	}
	if isPDF(e, sniffData) {
		e.isPDF, e.pdfData = true, sniffData
	}
	return nil
}

// fields returns the header fields of e with their raw bytes, in order, with
// line ends converted to nl.
func (e *entity) fields(nl string) []field {
	var fs []field
	it := e.header.Fields()
	for it.Next() {
		raw, err := it.Raw()
		if err != nil {
			continue // only fields we add have no raw form
		}
		b := raw
		if nl == "\n" {
			b = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		}
		fs = append(fs, field{key: it.Key(), raw: b})
	}
	return fs
}

// A field is one header field: its canonical key and its raw bytes,
// "Key: value" and the line end included.
type field struct {
	key string
	raw []byte
}

func newField(key, value, nl string) field {
	return field{key: key, raw: []byte(key + ": " + value + nl)}
}

// oneLine is err's text for one of Filter's errors: without the package
// prefix go-message starts its errors with ("message: …", "multipart: …"),
// which would only repeat what the error already says, and with control
// characters escaped, so that nothing from the input reaches a terminal raw.
func oneLine(err error) string {
	s := err.Error()
	for _, p := range []string{"message: ", "multipart: ", "NextPart: "} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	return clean(truncate(s, 200))
}

// headerError rewords go-message's errors about a broken header block, which
// end with the raw line: quoted here, so that a NUL or an escape sequence in
// it is shown, not sent to the terminal.
func headerError(err error) string {
	s := strings.TrimPrefix(err.Error(), "multipart: NextPart: ")
	for _, p := range []struct{ prefix, say string }{
		{"message: malformed MIME header initial line: ", "header starts with a continuation line"},
		{"message: malformed MIME header line: ", "broken header line"},
		{"message: malformed MIME header key: ", "broken header field name"},
	} {
		if raw, ok := strings.CutPrefix(s, p.prefix); ok {
			return fmt.Sprintf("%s %q", p.say, truncate(strings.TrimRight(raw, "\r\n"), 60))
		}
	}
	return oneLine(err)
}

// clean escapes control characters and invalid UTF-8 in s as Go would
// quote them (\x00, \x1b, \r), keeping printable text as it is.
func clean(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if unicode.IsControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// truncate shortens s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
