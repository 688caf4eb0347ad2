// Package bundle builds the evidence bundle that redactpack attaches to a
// support ticket: one PDF with the problem statement, a checklist of what
// support usually asks for, a timeline, the redacted screenshots and an
// appendix that says what was hidden and how.
//
// The package never sees an unredacted image: [Shot.Open] returns the image
// after redaction, and [Write] re-encodes it itself, so no bytes or metadata
// of the original file reach the PDF.
//
// # Inputs
//
// [ParseStatement] reads the problem statement, plain text or Markdown with
// four headed parts (what happened, what I already checked, what I suspect,
// what I ask support to do), in English or Chinese. [Template] writes a
// template of it with hints for a category (login, kyc, transfer, other).
//
// [ParseTimeline] reads the user's events, one per line
// ("2026-11-24 10:30 tried to log in, no SMS code"). [CaptureTime] finds when
// a screenshot was taken: EXIF, PNG tIME and text chunks, XMP, the file-name
// patterns of macOS, Windows, Android, GNOME, KDE and WeChat, and the file's
// modification time as a last resort; the source is shown in the timeline.
//
// # The document
//
// [Write] renders an A4 PDF:
//
//   - a cover with the title, ticket ID, category, date, time zone and the
//     four parts of the statement (or one note that none was given),
//     followed by the [Checklist] for the
//     category, each item marked present or missing (missing ones are also
//     reported through [Options].Warn before anything is encoded);
//   - contents with internal links, and the timeline: the user's events and
//     one event per screenshot, in time order, with an explicit UTC offset,
//     the source of each time and links to the pages;
//   - one page per screenshot, landscape for wide ones, with a caption giving
//     the (masked) file name, the capture time and the number of values
//     hidden per category, never the values; a tall scrolling screenshot is
//     embedded once and shown across several pages, cut in rows of uniform
//     colour (the gaps between lines of text), not through a line of text,
//     and a last part of a few rows is shown, a little smaller, on the page
//     before rather than on a page of its own;
//   - an appendix: the redaction summary, the SHA-256 of each embedded image
//     stream, the tool's version and the policy.
//
// Every section and screenshot has a bookmark; every page a footer "n / N".
// Labels are in English or Chinese ([Options].Lang). Text in any script is
// real, extractable text: Latin, Greek and Cyrillic are set in the Go fonts
// (golang.org/x/image/font/gofont) and Chinese and Japanese in Droid Sans
// Fallback, embedded in the binary (fonts/NOTICE) and switched per run of
// characters, including inside wrapped lines. The fonts are embedded as
// subsets. Scripts that neither font covers (Korean Hangul, Arabic, Thai,
// emoji) show as empty boxes but stay extractable, except characters beyond
// the Basic Multilingual Plane, which become U+FFFD.
//
// # Size, privacy and determinism
//
// Screenshots are embedded as JPEG at quality 92, or PNG when that is
// smaller (flat images), at no more than about 300 pixels per inch of
// their size on the page. When the PDF would exceed [Options].MaxSize
// (default 20 MB), the largest images are re-encoded down a ladder of JPEG
// qualities (85, 75, 60) and then downscaled (to 75%, 60%, 50%) while text
// stays legible; if that is not enough, Write fails with [ErrTooLarge] and
// writes nothing. Only one decoded image is held at a time.
//
// The PDF carries no metadata but its title, Creator and Producer
// ("redactpack VERSION") and creation and modification dates, both set to
// [Options].Created. With the same inputs Write produces the same bytes:
// there is no trailer /ID, no random font-subset tag, resources are
// written in sorted order and image objects in page order.
//
// # The user's words
//
// The statement, the title and the user's events are what the user chose
// to tell support; [Options].MaskOwn masks them (only what must never be
// sent: seed phrases, card numbers, passwords, see [MaskPasswords]), while
// file names and captions go through [Options].MaskText. The [Checklist]
// reads the statement, the events, the file names, the values found in
// each screenshot and the words OCR read there outside what was hidden
// ([Shot].Text).
package bundle
