// Package mailfilter redacts the images in an outgoing e-mail message and
// attaches an evidence bundle, so that a message can pass through it on its
// way from the mail client to the mail server (a sendmail wrapper) or be run
// over a saved draft.
//
// [Filter] reads an RFC 5322 message, hands every image in it to
// [Options.RedactImage], puts the redacted images back where the originals
// were, attaches the PDF that [Options.Bundle] builds, and writes the
// message. The parsing is done by github.com/emersion/go-message; Filter
// adds the bookkeeping that lets everything it does not change be written
// back byte for byte.
//
// # What is an image
//
// A leaf part is an image when any one of these says so, so that a wrong
// label cannot smuggle an image out:
//
//   - its Content-Type is image/* (or a type such as application/x-png);
//   - a file name in Content-Disposition or Content-Type ends in an image
//     extension (.png, .jpg, .heic, .svg, …), whatever the declared type,
//     e.g. application/octet-stream;
//   - its decoded content starts with an image signature (PNG, JPEG, GIF,
//     WebP, BMP, TIFF, ICO, HEIF/AVIF, PSD, JPEG 2000, JPEG XL, QOI; SVG for
//     parts not declared as text).
//
// Attachments and inline images (Content-Disposition: inline, or parts of a
// multipart/related) are treated alike. Images embedded in HTML bodies as
// base64 data: URIs are redacted too. Images inside an attached message
// (message/rfc822, a forwarded mail) are found and redacted: the attached
// message is rewritten around them.
//
// An image that the redactor cannot read makes the whole filter fail: the
// message must not be sent rather than be sent with the image. Parts whose
// transfer encoding is broken are decoded leniently, the way a forgiving
// mail client would, before looking for image signatures.
//
// # What changes and what stays
//
// An image part keeps all its header fields (Content-ID, so that HTML
// bodies still show it; Content-Disposition; RFC 2047 and RFC 2231 encoded
// file names, untouched) except Content-Transfer-Encoding, which becomes
// base64, and Content-MD5, which is dropped. When the redactor returns
// another format (GIF, WebP, BMP or TIFF become PNG), an image/* Content-Type
// says the new type and the file names in Content-Type and
// Content-Disposition get its extension ("anim.gif" becomes "anim.png"),
// in the encoding clients read; the Content-ID stays.
//
// The evidence PDF is added as the last part of a top-level
// multipart/mixed; any other message is wrapped in a new multipart/mixed
// whose first part is the original content (its Content-* fields move into
// that part; the other header fields stay at the top). The new boundary is
// derived from the message, so the same input gives the same output.
//
// Every other part, header field, preamble and epilogue is copied from the
// input byte for byte, and so is the whole message when nothing in it
// changes. New text uses the message's own line ends (CRLF or LF).
//
// # Text bodies
//
// With [Options.FindSensitive], the Subject and each text/plain and
// text/html part are checked, and every distinct sensitive value is
// reported once through [Options.Warn]. With [Options.RedactBody] the parts
// that are not attachments are replaced by the masked text: in the part's
// own charset when it can represent it (else UTF-8), with the same transfer
// encoding (7bit becomes quoted-printable if the text is no longer ASCII).
// In HTML the whole source is masked, except cid: and data: URLs, so that
// inline images still show. Text attachments and the Subject are reported,
// not changed.
//
// # What is refused
//
// Filter returns an error and writes nothing for:
//
//   - a signed message ([ErrSigned]) whose signed content has an image, or
//     whose signed body RedactBody would mask: changing it would break the
//     signature. A signed message without images passes, with the PDF
//     added outside the signed part;
//   - encrypted or opaque content ([ErrEncrypted]): multipart/encrypted,
//     S/MIME application/pkcs7-mime, Outlook TNEF (winmail.dat), which
//     cannot be inspected for images;
//   - a malformed message ([ErrMalformed]): a broken header, a multipart
//     without boundary or closing delimiter, delimiters that could be read
//     two ways, an encoded multipart, an unknown transfer encoding, an image
//     that cannot be decoded, message/partial fragments, nesting deeper
//     than 32 levels, more than [DefaultMaxSize] bytes (or
//     [Options.MaxSize]);
//   - an attached PDF that [Options.CheckPDF] finds sensitive values in
//     ([ErrSensitive]) or cannot read ([ErrUnchecked]), unless
//     [Options.AllowPDF];
//   - any error of RedactImage or Bundle.
//
// Each error is one line that names the part and says why, e.g.
// "malformed message: part 2: multipart boundary not found", with what it
// quotes from the input escaped (a NUL reads \x00), so that no control
// character reaches a terminal.
//
// # PDF attachments
//
// A PDF cannot be redacted the way an image is, so Filter sends it as it
// came, after [Options.CheckPDF] has read it. A part is a PDF when its type
// is application/pdf, a file name ends in .pdf, or its content starts
// with a PDF header; PDFs in attached messages are checked too.
//
// # Time and order
//
// The images are collected first, then redacted up to [Options.Jobs] at a
// time (PDFs checked alongside), then put back in message order, so that
// the output does not depend on which finished first. The first failure in
// message order is the error returned. The bundle is given the message's
// Date ([Evidence]), to date the evidence by when the message was sent.
//
// # Limits
//
// Images inside other files (office documents, archives), in uuencoded
// blocks of text bodies, or in Face/X-Face header fields are not found;
// PDFs are only checked, not changed. PDFs in data: URIs are not checked. Images in signed content cannot be redacted. The whole message is
// held in memory.
package mailfilter
