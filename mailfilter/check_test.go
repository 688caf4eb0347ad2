package mailfilter

import (
	"bytes"
	"strings"
	"testing"
)

// checkFiltered compares a filtered message with its input, both parsed by
// go-message: the same leaf parts in the same order, non-image parts with
// the same decoded body and Content-* fields, image parts replaced by the
// redactor's output with their Content-ID, disposition and file name, and,
// if wantPDF, the PDF as the last part.
func checkFiltered(t *testing.T, in, out []byte, r *fakeRedactor, wantPDF bool) {
	t.Helper()
	inLeaves := leaves(t, in)
	outLeaves := leaves(t, out)
	if wantPDF {
		if len(outLeaves) == 0 {
			t.Fatal("no parts in the output")
		}
		pdf := outLeaves[len(outLeaves)-1]
		if pdf.mediaType != "application/pdf" || pdf.disposition != "attachment" || !bytes.Equal(pdf.body, fakePDF) {
			t.Errorf("last part is %s %s (%d bytes), want the PDF attachment", pdf.mediaType, pdf.disposition, len(pdf.body))
		}
		if !strings.HasSuffix(strings.ToLower(pdf.filename), ".pdf") {
			t.Errorf("PDF file name %q", pdf.filename)
		}
		outLeaves = outLeaves[:len(outLeaves)-1]
	}
	if len(inLeaves) != len(outLeaves) {
		t.Fatalf("%d parts in, %d out", len(inLeaves), len(outLeaves))
	}
	for i, a := range inLeaves {
		b := outLeaves[i]
		if r.given(a.body) {
			if !r.produced(b.body) {
				t.Errorf("part %s: image not replaced by the redacted one", b.path)
			}
			if a.contentID != b.contentID || a.disposition != b.disposition || a.filename != b.filename {
				t.Errorf("part %s: image lost its Content-ID, disposition or file name: %q %q %q, want %q %q %q",
					b.path, b.contentID, b.disposition, b.filename, a.contentID, a.disposition, a.filename)
			}
			continue
		}
		if sniffImage(b.body) != "" && !r.produced(b.body) {
			t.Errorf("part %s: image that was not redacted", b.path)
		}
		if a.mediaType != b.mediaType {
			t.Errorf("part %s: type %s, want %s", b.path, b.mediaType, a.mediaType)
		}
		if (a.err == nil) != (b.err == nil) || !bytes.Equal(a.body, b.body) {
			t.Errorf("part %s (%s): body changed:\n got %q (%v)\nwant %q (%v)", b.path, b.mediaType,
				truncate(string(b.body), 200), b.err, truncate(string(a.body), 200), a.err)
		}
		for _, k := range []string{"Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-Id"} {
			if a.header.Get(k) != b.header.Get(k) {
				t.Errorf("part %s: %s = %q, want %q", b.path, k, b.header.Get(k), a.header.Get(k))
			}
		}
	}
}
