package mailfilter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"
)

// A job is one slow call: an image to redact or a PDF to check. Filter
// first collects every job of the message, in message order, then runs
// them (several at once with Options.Jobs), and only then rewrites the
// message from their results, so that the output does not depend on
// which finished first.
type job struct {
	img   Image  // for a PDF, only Name and Data
	pdf   bool   // a PDF to check, not an image to redact
	where string // names the image or PDF in errors

	red   Redacted // the redacted image
	found []string // what CheckPDF found
	err   error
}

// A dataURI is an image in an HTML body's data: URI.
type dataURI struct {
	match    []int  // dataURIRE's submatch indices in the body's text
	declared string // the media type the URI declares
	job      *job
}

func (f *run) add(j *job) *job {
	if !j.pdf {
		j.img.Index = len(f.images)
		f.images = append(f.images, Image{}) // filled in by runJobs
	}
	f.jobs = append(f.jobs, j)
	return j
}

// collect walks the message as process does and makes the jobs: one for
// each image part and data: URI image, one for each PDF when CheckPDF is
// set.
func (f *run) collect(e *entity) error {
	switch {
	case strings.HasPrefix(e.mediaType, "multipart/"):
		for _, c := range e.parts {
			if err := f.collect(c); err != nil {
				return err
			}
		}
		return nil
	case e.inner != nil:
		return f.collect(e.inner)
	case e.image != nil:
		data := e.decoded
		if e.image.data != nil {
			data = e.image.data
		}
		e.job = f.add(&job{where: e.describe(), img: Image{
			Name:        e.filename(),
			ContentType: e.image.contentType,
			ContentID:   strings.Trim(e.header.Get("Content-Id"), "<> \t"),
			Data:        data,
		}})
		return nil
	case e.text && e.mediaType == "text/html":
		if err := f.collectDataURIs(e); err != nil {
			return err
		}
	}
	if e.isPDF && f.opts.CheckPDF != nil {
		where := e.describe()
		if n := e.filename(); n != "" {
			where = strconv.Quote(n)
		}
		f.add(&job{pdf: true, where: where, img: Image{Name: e.filename(), Data: e.pdfData}})
	}
	return nil
}

// collectDataURIs makes a job for each image that an HTML body embeds as a
// base64 data: URI; other data: URI images cannot be redacted and are
// refused.
func (f *run) collectDataURIs(e *entity) error {
	text, _ := bodyText(e.decoded, e.params["charset"])
	all := len(dataImageRE.FindAllStringIndex(text, -1))
	if all == 0 {
		return nil
	}
	matches := dataURIRE.FindAllStringSubmatchIndex(text, -1)
	if len(matches) != all {
		return fmt.Errorf("%s: an image in a data: URI is not base64: cannot redact it", e.describe())
	}
	for i, m := range matches {
		declared := strings.ToLower(text[m[2]:m[3]])
		data, err := decodeTransfer([]byte(text[m[6]:m[7]]), "base64")
		if err != nil {
			return malformed("%s: image %d in a data: URI: %s", e.describe(), i+1, oneLine(err))
		}
		ct := sniffImage(data)
		if ct == "" {
			ct = declared
		}
		ext := strings.TrimPrefix(strings.TrimPrefix(ct, "image/"), "x-")
		if sub, _, ok := strings.Cut(ext, "+"); ok {
			ext = sub
		}
		img := Image{Name: fmt.Sprintf("inline-%d.%s", i+1, path.Base(ext)), ContentType: ct, Data: data}
		j := f.add(&job{where: fmt.Sprintf("%s, image %d in a data: URI", e.describe(), i+1), img: img})
		e.uris = append(e.uris, dataURI{match: m, declared: declared, job: j})
	}
	return nil
}

// runJobs runs the jobs, up to Options.Jobs at once. The first failure
// stops the others; the error returned is that of the first failed job in
// message order, so that it does not depend on timing.
func (f *run) runJobs() error {
	if len(f.jobs) == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(f.ctx)
	g.SetLimit(max(1, f.opts.Jobs))
	for _, j := range f.jobs {
		g.Go(func() error {
			f.runJob(ctx, j)
			switch {
			case j.pdf && f.opts.AllowPDF:
				return nil
			case j.err != nil:
				return j.err
			case j.pdf && len(j.found) > 0:
				return ErrSensitive // the message is refused: stop the rest
			}
			return nil
		})
	}
	g.Wait()
	if err := f.ctx.Err(); err != nil {
		return err
	}
	var canceled error
	for _, j := range f.jobs {
		switch {
		case j.err == nil:
			if j.pdf && len(j.found) > 0 && !f.opts.AllowPDF {
				return &sensitiveError{"attachment " + j.where + " shows " + listFound(j.found)}
			}
		case errors.Is(j.err, context.Canceled):
			canceled = j.err // stopped because another job failed
		case j.pdf && f.opts.AllowPDF:
		case j.pdf:
			return fmt.Errorf("%w %s: %w", ErrUnchecked, j.where, cleanError{j.err})
		default:
			return j.err
		}
	}
	if canceled != nil {
		return canceled
	}
	for _, j := range f.jobs {
		if j.pdf {
			f.sum.PDFs++
			switch {
			case j.err != nil:
				f.warn(fmt.Sprintf("cannot check the attachment %s: %s; sent as it is", j.where, oneLine(j.err)))
			case len(j.found) > 0:
				f.warn("attachment " + j.where + " shows " + listFound(j.found) + "; sent as it is")
			}
			continue
		}
		out := j.img
		out.Data = j.red.Data
		if j.red.ContentType != "" {
			out.ContentType = j.red.ContentType
			if out.Name != "" {
				out.Name = convertedName(out.Name, out.ContentType)
			}
		}
		f.images[j.img.Index] = out
		if len(j.red.Hidden) > 0 && f.sum.Hidden == nil {
			f.sum.Hidden = map[string]int{}
		}
		for k, v := range j.red.Hidden {
			f.sum.Hidden[k] += v
		}
	}
	return nil
}

func (f *run) runJob(ctx context.Context, j *job) {
	if j.err = ctx.Err(); j.err != nil {
		return
	}
	if j.pdf {
		j.found, j.err = f.opts.CheckPDF(ctx, j.img.Name, j.img.Data)
		return
	}
	red, err := f.opts.RedactImage(ctx, j.img)
	switch {
	case err != nil:
		j.err = fmt.Errorf("%s: %w", j.where, cleanError{err})
	case len(red.Data) == 0:
		j.err = fmt.Errorf("%s: redaction returned no image", j.where)
	}
	if red.ContentType == "" || strings.EqualFold(red.ContentType, j.img.ContentType) {
		red.ContentType = "" // same format: the part keeps its Content-Type
	}
	j.red = red
}

func (f *run) warn(msg string) {
	if f.opts.Warn != nil {
		f.opts.Warn(msg)
	}
}

// listFound joins what CheckPDF found for an error or a warning: the first
// few, and how many more, so that the line stays readable.
func listFound(found []string) string {
	const show = 3
	var parts []string
	for i, s := range found {
		if i == show {
			parts = append(parts, fmt.Sprintf("%d more", len(found)-show))
			break
		}
		parts = append(parts, clean(s))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// sensitiveError is an [ErrSensitive] error; its text says what the
// attachment shows ("attachment "a.pdf" shows an e-mail (li.***@gmail.com)").
type sensitiveError struct{ msg string }

func (e *sensitiveError) Error() string { return e.msg }
func (e *sensitiveError) Unwrap() error { return ErrSensitive }

// cleanError is err with its text on one line and control characters
// escaped; errors.Is and errors.As still see err.
type cleanError struct{ err error }

func (e cleanError) Error() string { return oneLine(e.err) }
func (e cleanError) Unwrap() error { return e.err }

// isPDF reports whether a leaf part that is not an image is a PDF, by its
// declared type, its file names or its content: any one suffices.
func isPDF(e *entity, data []byte) bool {
	if e.mediaType == "application/pdf" || e.mediaType == "application/x-pdf" {
		return true
	}
	for _, n := range e.names() {
		if strings.EqualFold(path.Ext(strings.TrimSpace(n)), ".pdf") {
			return true
		}
	}
	if e.text {
		// A text body may well mention "%PDF-"; it is a PDF only if it
		// is nothing else.
		return bytes.HasPrefix(data, []byte("%PDF-"))
	}
	// Readers accept the header anywhere in the first 1024 bytes.
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}
