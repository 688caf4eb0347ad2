package mailfilter

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/mail"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultMaxSize is the largest message [Filter] reads when
// [Options.MaxSize] is zero.
const DefaultMaxSize = 100 << 20

// An Image is an image found in a message: a part, or a data: URI in an
// HTML body.
type Image struct {
	Name        string // decoded file name ("截图.png"); "inline-N.png" for a data: URI; "" if none
	ContentType string // format found from the data ("image/png"), else the declared type
	ContentID   string // Content-ID without angle brackets, or ""
	Data        []byte // the decoded image file
	Index       int    // position among the message's images, from 0, in message order
}

// Redacted is what [Options.RedactImage] returns for an [Image].
type Redacted struct {
	Data        []byte         // the redacted image file, normally in the input's format
	ContentType string         // media type of Data; "" means the input's type
	Hidden      map[string]int // values hidden, by category, for the [Summary]
}

// Evidence is what [Options.Bundle] builds the evidence PDF from.
type Evidence struct {
	Subject string    // the Subject, decoded
	Body    string    // the plain-text body: text/plain, or text/html as text; masked when RedactBody is set
	Date    time.Time // the Date header field; zero when it is missing or cannot be parsed
	Images  []Image   // the redacted images, in message order, with their new names and types
}

// Options configure [Filter]. RedactImage is required.
type Options struct {
	// RedactImage returns the redacted version of an image, normally in
	// the same format. It is called once per image. An error aborts the
	// whole filter: the message must not be sent with an image that could
	// not be redacted.
	RedactImage func(ctx context.Context, img Image) (Redacted, error)

	// CheckPDF reads a PDF attached to the message, which Filter sends as
	// it is, and returns masked descriptions of the sensitive values it
	// shows (e.g. "an e-mail (li.***@gmail.com) in its text"), or an error
	// if it cannot read it. Filter refuses the message when something is
	// found or the PDF cannot be read ([ErrSensitive], [ErrUnchecked]),
	// unless AllowPDF is set. Nil means PDFs are not checked.
	CheckPDF func(ctx context.Context, name string, pdf []byte) (found []string, err error)

	// AllowPDF sends PDFs in which CheckPDF found something, or which it
	// could not read, with a warning through Warn instead of refusing the
	// message.
	AllowPDF bool

	// Jobs is how many calls of RedactImage and CheckPDF may run at once
	// (0 means 1). With more than one, both must be safe for concurrent
	// use; the results are put back in message order whatever finishes
	// first.
	Jobs int

	// Bundle builds the evidence PDF and returns it with its file name; a
	// nil PDF attaches nothing. It is called only when the message has
	// images. If Bundle is nil no PDF is attached.
	Bundle func(ctx context.Context, ev Evidence) (pdf []byte, name string, err error)

	// FindSensitive returns masked descriptions of the sensitive values in
	// text (e.g. "email li.***@gmail.com") and a copy of text with them
	// masked. Nil means text bodies are not checked.
	FindSensitive func(text string) (found []string, masked string)

	// RedactBody replaces the text/plain and text/html bodies with the
	// masked text from FindSensitive, which it requires.
	RedactBody bool

	// Warn receives one line for each sensitive value found in the subject
	// or a text body, and for each PDF sent despite CheckPDF (AllowPDF).
	// Nil discards them.
	Warn func(msg string)

	// MaxSize is the largest message read, in bytes; 0 means
	// DefaultMaxSize.
	MaxSize int64
}

// Summary says what [Filter] did.
type Summary struct {
	Images       int            // images redacted (parts and data: URIs)
	Hidden       map[string]int // values hidden in images, by category (from Redacted.Hidden)
	PDFs         int            // PDF attachments checked with CheckPDF
	BodyFindings int            // distinct sensitive values found in the subject and text bodies
	PDF          bool           // the evidence PDF was attached
}

// Filter reads an RFC 5322 message from r, replaces every image in it by
// its redacted version, attaches the evidence PDF and writes the result to
// w. See the package documentation for what it changes, what it keeps and
// what it refuses. On error nothing is written to w.
func Filter(ctx context.Context, r io.Reader, w io.Writer, opts Options) (Summary, error) {
	if opts.RedactImage == nil {
		return Summary{}, errors.New("mailfilter: Options.RedactImage is nil")
	}
	if opts.RedactBody && opts.FindSensitive == nil {
		return Summary{}, errors.New("mailfilter: Options.RedactBody needs Options.FindSensitive")
	}
	limit := opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	in, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Summary{}, fmt.Errorf("cannot read message: %w", err)
	}
	if int64(len(in)) > limit {
		return Summary{}, malformed("message larger than %d bytes", limit)
	}
	f := &run{ctx: ctx, opts: opts, seen: map[string]bool{}}
	out, err := f.filter(in)
	if err != nil {
		return Summary{}, err
	}
	if _, err := w.Write(out); err != nil {
		return Summary{}, err
	}
	return f.sum, nil
}

// A run is one call of Filter.
type run struct {
	ctx    context.Context
	opts   Options
	nl     string // the message's line end, for what Filter writes
	sum    Summary
	jobs   []*job  // the images to redact and PDFs to check, in message order
	images []Image // redacted, in message order, for the bundle
	seen   map[string]bool
}

func (f *run) filter(in []byte) ([]byte, error) {
	if len(bytes.TrimSpace(in)) == 0 {
		return nil, malformed("empty input")
	}
	prefix, msg := cutMboxFrom(in)
	f.nl = detectNL(msg)
	var p parser
	root, err := p.parseEntity(msg, "", 0, "text/plain")
	if err != nil {
		return nil, err
	}
	if root.header.Len() == 0 {
		return nil, malformed("no header fields")
	}
	// Refuse signed content with images before any slow redaction.
	if err := checkSigned(root, false); err != nil {
		return nil, err
	}
	if f.opts.FindSensitive != nil {
		if subject, _ := root.header.Text("Subject"); subject != "" {
			found, _ := f.opts.FindSensitive(subject)
			f.report("in the Subject", found, false)
		}
	}
	if err := f.collect(root); err != nil {
		return nil, err
	}
	if err := f.runJobs(); err != nil {
		return nil, err
	}
	if err := f.process(root, false); err != nil {
		return nil, err
	}
	f.sum.Images = len(f.images)

	var out []byte
	if f.opts.Bundle != nil && len(f.images) > 0 {
		if err := f.ctx.Err(); err != nil {
			return nil, err
		}
		subject, _ := root.header.Text("Subject")
		ev := Evidence{Subject: subject, Body: statement(root), Date: messageDate(root), Images: f.images}
		pdf, name, err := f.opts.Bundle(f.ctx, ev)
		if err != nil {
			return nil, fmt.Errorf("cannot build the evidence bundle: %w", cleanError{err})
		}
		if pdf != nil {
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				return nil, errors.New("cannot build the evidence bundle: result is not a PDF")
			}
			part := pdfPart(pdf, name, f.nl)
			if root.mediaType == "multipart/mixed" {
				root.extra = append(root.extra, part)
				root.changed = true
			} else {
				out = wrapMixed(root, part, f.nl)
			}
			f.sum.PDF = true
		}
	}
	if out == nil {
		out = root.render(f.nl)
	}
	if len(prefix) > 0 {
		out = append(append([]byte{}, prefix...), out...)
	}
	return out, nil
}

// messageDate is the message's Date field, or zero: a draft may have none
// yet, and a broken one is no reason to refuse the message.
func messageDate(root *entity) time.Time {
	t, err := mail.ParseDate(strings.TrimSpace(root.header.Get("Date")))
	if err != nil {
		return time.Time{}
	}
	return t
}

// cutMboxFrom splits off an mbox "From " line, which some clients save
// drafts with; it is kept as is.
func cutMboxFrom(in []byte) (prefix, msg []byte) {
	if bytes.HasPrefix(in, []byte("From ")) {
		if i := bytes.IndexByte(in, '\n'); i >= 0 {
			return in[:i+1], in[i+1:]
		}
	}
	return nil, in
}

// detectNL returns the line end of the message's first line: what Filter
// writes uses the same, so that LF files from Unix tools stay LF.
func detectNL(msg []byte) string {
	i := bytes.IndexByte(msg, '\n')
	if i > 0 && msg[i-1] == '\r' || i < 0 {
		return "\r\n"
	}
	return "\n"
}

// checkSigned refuses a signed entity that contains an image: replacing it
// would break the signature.
func checkSigned(e *entity, signed bool) error {
	signed = signed || e.mediaType == "multipart/signed"
	for _, c := range e.parts {
		if err := checkSigned(c, signed); err != nil {
			return err
		}
	}
	if e.inner != nil {
		return checkSigned(e.inner, signed)
	}
	if !signed {
		return nil
	}
	if e.image != nil {
		return fmt.Errorf("%w: cannot modify without breaking the signature: %s is an image", ErrSigned, e.describe())
	}
	if e.text && e.mediaType == "text/html" {
		if s, _ := bodyText(e.decoded, e.params["charset"]); dataImageRE.MatchString(s) {
			return fmt.Errorf("%w: cannot modify without breaking the signature: %s has an image in a data: URI", ErrSigned, e.describe())
		}
	}
	return nil
}

func (f *run) process(e *entity, signed bool) error {
	switch {
	case strings.HasPrefix(e.mediaType, "multipart/"):
		signed = signed || e.mediaType == "multipart/signed"
		for _, c := range e.parts {
			if err := f.process(c, signed); err != nil {
				return err
			}
			e.changed = e.changed || c.changed
		}
	case e.inner != nil:
		if err := f.process(e.inner, signed); err != nil {
			return err
		}
		e.changed = e.inner.changed
	case e.image != nil:
		f.redactPart(e)
	case e.text:
		return f.processText(e, signed)
	}
	return nil
}

// redactPart replaces an image part's content with its job's result,
// keeping its header fields (Content-ID, Content-Disposition, file names)
// except the transfer encoding, which becomes base64. When the redactor
// changed the format (WebP, GIF, BMP or TIFF become PNG), the file names
// get the new format's extension and an image/* Content-Type the new type,
// so that no client opens a PNG as a GIF.
func (f *run) redactPart(e *entity) {
	red := e.job.red
	// A part not declared as an image (application/octet-stream) keeps
	// its type.
	retype := ""
	if red.ContentType != "" && (strings.HasPrefix(e.mediaType, "image/") || !e.header.Has("Content-Type")) {
		retype = red.ContentType
	}
	var fs []field
	cte, ct := false, false
	for _, fl := range e.fields(f.nl) {
		switch fl.key {
		case "Content-Transfer-Encoding":
			if !cte {
				fs = append(fs, newField("Content-Transfer-Encoding", "base64", f.nl))
				cte = true
			}
			continue
		case "Content-Md5", "Content-Length":
			continue // no longer true
		case "Content-Type":
			if red.ContentType != "" && !ct {
				fl = convertField(fl, retype, "name", red.ContentType, f.nl)
				ct = true
			}
		case "Content-Disposition":
			if red.ContentType != "" {
				fl = convertField(fl, "", "filename", red.ContentType, f.nl)
			}
		}
		fs = append(fs, fl)
	}
	if retype != "" && !ct {
		fs = append(fs, newField("Content-Type", retype, f.nl))
	}
	if !cte {
		fs = append(fs, newField("Content-Transfer-Encoding", "base64", f.nl))
	}
	e.changed = true
	e.newFields = fs
	e.newBody = base64Lines(red.Data, f.nl)
	if e.path == "" {
		e.newBody = append(e.newBody, f.nl...)
	}
}

// convertField rewrites a Content-Type or Content-Disposition field for an
// image whose format became newType: its file name parameter (param, "name"
// or "filename") gets newType's extension, and its media type becomes
// mediaType unless that is "". The other parameters are kept; a name that
// is not ASCII is written as mail clients read it (RFC 2047 in name=, as
// Outlook wants, RFC 2231 in filename*=). A field that cannot be parsed is
// only retyped.
func convertField(fl field, mediaType, param, newType, nl string) field {
	raw := string(fl.raw)
	colon := strings.IndexByte(raw, ':')
	v := strings.NewReplacer("\r\n", "", "\n", "").Replace(raw[colon+1:])
	keep := func() field {
		if mediaType != "" {
			return retypeField(fl, mediaType, nl)
		}
		return fl
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		return keep()
	}
	if mediaType != "" {
		mt = mediaType
	}
	name := decodeWords(params[param])
	if name == "" {
		// An RFC 2231 name in a charset the standard parser drops.
		if ns := lenientParams(v, param); len(ns) > 0 {
			name = ns[0]
		}
	}
	delete(params, param)
	value := mime.FormatMediaType(mt, params)
	if value == "" {
		return keep()
	}
	if name != "" {
		name = convertedName(name, newType)
		switch {
		case isASCII([]byte(name)):
			value += "; " + param + `="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
		case param == "name":
			value += `; name="` + mime.BEncoding.Encode("UTF-8", name) + `"`
		default:
			// RFC 2231: filename*=utf-8''%E6%88%AA….
			enc := mime.FormatMediaType("x", map[string]string{param: name})
			value += strings.TrimPrefix(enc, "x")
		}
	}
	if len(value) > 60 {
		// Fold between parameters; unfolding only removes the line end,
		// so a "; " inside a quoted value survives too.
		value = strings.ReplaceAll(value, "; ", ";"+nl+" ")
	}
	return field{key: fl.key, raw: []byte(raw[:colon+1] + " " + value + nl)}
}

// convertedName gives name the extension of the image format newType
// ("shot.webp" → "shot.png"), unless it has that format's extension
// already.
func convertedName(name, newType string) string {
	sub := strings.TrimPrefix(strings.ToLower(newType), "image/")
	ext := path.Ext(name)
	switch strings.ToLower(strings.TrimPrefix(ext, ".")) {
	case sub:
		return name
	case "jpg", "jpe", "jfif":
		if sub == "jpeg" {
			return name
		}
	}
	if sub == "jpeg" {
		sub = "jpg"
	}
	return strings.TrimSuffix(name, ext) + "." + sub
}

// retypeField replaces the media type of a Content-Type field, keeping its
// parameters byte for byte.
func retypeField(fl field, mediaType, nl string) field {
	raw := string(fl.raw)
	colon := strings.IndexByte(raw, ':')
	val := raw[colon+1:]
	if semi := strings.IndexByte(val, ';'); semi >= 0 {
		return field{key: fl.key, raw: []byte(raw[:colon+1] + " " + mediaType + val[semi:])}
	}
	return field{key: fl.key, raw: []byte(raw[:colon+1] + " " + mediaType + nl)}
}

var (
	// dataImageRE finds images in data: URIs; dataURIRE matches those
	// that Filter can redact (base64).
	dataImageRE = regexp.MustCompile(`(?i)data:image/`)
	dataURIRE   = regexp.MustCompile(`(?i)data:(image/[a-z0-9.+-]+)((?:;[a-z0-9_.+-]+=[^;,"'\s]*)*);base64,([a-z0-9+/=\s]+)`)
)

// processText checks a text/plain or text/html part: images in data: URIs
// are redacted, sensitive values reported and, with RedactBody, masked.
func (f *run) processText(e *entity, signed bool) error {
	cs := e.params["charset"]
	text, converted := bodyText(e.decoded, cs)
	orig := text
	if e.mediaType == "text/html" {
		text = applyDataURIs(e, text)
	}
	if f.opts.FindSensitive != nil {
		// Content-IDs look like e-mail addresses and data: URIs hold
		// random-looking base64: keep them from the detectors, so that
		// masking cannot break the images they refer to.
		hidden, refs := protectRefs(text)
		found, masked := f.opts.FindSensitive(hidden)
		// Attachments are files the user chose to send: report, not change.
		where := fmt.Sprintf("in the %s body (%s)", e.mediaType, e.label())
		if e.disposition == "attachment" {
			where = fmt.Sprintf("in the attachment %s", e.describe())
		}
		mask := f.opts.RedactBody && len(found) > 0 && e.disposition != "attachment"
		f.report(where, found, mask)
		if mask {
			text = restoreRefs(masked, refs)
		}
	}
	if text == orig {
		return nil
	}
	if signed {
		return fmt.Errorf("%w: cannot mask the body without breaking the signature (%s)", ErrSigned, e.label())
	}
	var data []byte
	newCharset := ""
	if converted {
		if b, ok := encodeCharset(text, cs); ok {
			data = b
		} else {
			data, newCharset = []byte(text), "utf-8"
		}
	} else {
		data = []byte(text)
		if isASCII(e.decoded) && !isASCII(data) && utf8.Valid(data) {
			newCharset = "utf-8"
		}
	}
	cte := e.cte
	if (cte == "" || cte == "7bit" || cte == "8bit") && (!isASCII(data) && cte != "8bit" || hasLongLine(data)) {
		cte = "quoted-printable"
	}
	var fs []field
	cteDone := false
	for _, fl := range e.fields(f.nl) {
		switch fl.key {
		case "Content-Transfer-Encoding":
			if !cteDone {
				if cte != e.cte {
					fl = newField("Content-Transfer-Encoding", cte, f.nl)
				}
				fs = append(fs, fl)
				cteDone = true
			}
			continue
		case "Content-Md5", "Content-Length":
			continue
		case "Content-Type":
			if newCharset != "" {
				fl = newField("Content-Type", withCharset(e, newCharset), f.nl)
				newCharset = ""
			}
		}
		fs = append(fs, fl)
	}
	if newCharset != "" {
		fs = append(fs, newField("Content-Type", withCharset(e, newCharset), f.nl))
	}
	if !cteDone && cte != e.cte {
		fs = append(fs, newField("Content-Transfer-Encoding", cte, f.nl))
	}
	e.changed = true
	e.newFields = fs
	e.newBody = encodeTransfer(data, cte, f.nl)
	e.outText = text
	return nil
}

func withCharset(e *entity, cs string) string {
	params := maps.Clone(e.params)
	if params == nil {
		params = map[string]string{}
	}
	params["charset"] = cs
	if s := mime.FormatMediaType(e.mediaType, params); s != "" {
		return s
	}
	return e.mediaType + "; charset=" + cs
}

// applyDataURIs puts the redacted images of an HTML body's data: URIs
// (see collectDataURIs) in place of the originals.
func applyDataURIs(e *entity, text string) string {
	if len(e.uris) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, u := range e.uris {
		m := u.match
		red := u.job.red
		ct := red.ContentType
		if ct == "" {
			ct = u.declared
		}
		b.WriteString(text[last:m[0]])
		b.WriteString("data:" + ct + text[m[4]:m[5]] + ";base64," + base64.StdEncoding.EncodeToString(red.Data))
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

var refRE = regexp.MustCompile(`(?i)\b(?:cid|data):[^"'\s<>()]+`)

// protectRefs replaces cid: and data: URLs in text by placeholders that no
// detector matches; restoreRefs puts them back.
func protectRefs(text string) (string, []string) {
	var refs []string
	out := refRE.ReplaceAllStringFunc(text, func(ref string) string {
		refs = append(refs, ref)
		return refPlaceholder(len(refs) - 1)
	})
	return out, refs
}

func restoreRefs(text string, refs []string) string {
	for i, ref := range refs {
		text = strings.Replace(text, refPlaceholder(i), ref, 1)
	}
	return text
}

// refPlaceholder spells i in letters between two private-use characters.
func refPlaceholder(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			break
		}
	}
	return "\ue000" + s + "\ue001"
}

// report warns once about each distinct sensitive value.
func (f *run) report(where string, found []string, masked bool) {
	for _, s := range found {
		if f.seen[s] {
			continue
		}
		f.seen[s] = true
		f.sum.BodyFindings++
		if f.opts.Warn == nil {
			continue
		}
		if masked {
			f.opts.Warn("masked " + where + ": " + s)
		} else {
			f.opts.Warn("sensitive value " + where + ": " + s)
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasLongLine reports a line longer than the 998 characters that 7bit and
// 8bit allow.
func hasLongLine(b []byte) bool {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return len(b) > 998
		}
		if i > 999 {
			return true
		}
		b = b[i+1:]
	}
	return false
}

// statement returns the message's plain-text body for the bundle: the
// text/plain alternative where there is one, else the HTML as text; inline
// text parts of a mixed message are joined. Attachments and attached
// messages are not part of it.
func statement(e *entity) string {
	switch {
	case e.mediaType == "multipart/alternative":
		best := ""
		for _, c := range e.parts {
			if hasPlain(c) {
				return statement(c)
			}
			if s := statement(c); s != "" {
				best = s
			}
		}
		return best
	case strings.HasPrefix(e.mediaType, "multipart/"):
		var texts []string
		for _, c := range e.parts {
			if s := statement(c); s != "" {
				texts = append(texts, s)
			}
		}
		return strings.Join(texts, "\n\n")
	case !e.text || e.disposition == "attachment":
		return ""
	}
	s := e.outText
	if !e.changed {
		s, _ = bodyText(e.decoded, e.params["charset"])
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if e.mediaType == "text/html" {
		return htmlToText(s)
	}
	return strings.TrimSpace(s)
}

func hasPlain(e *entity) bool {
	if e.text && e.mediaType == "text/plain" && e.disposition != "attachment" {
		return true
	}
	if strings.HasPrefix(e.mediaType, "multipart/") {
		for _, c := range e.parts {
			if hasPlain(c) {
				return true
			}
		}
	}
	return false
}
