package mailfilter

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

var cidRE = regexp.MustCompile(`cid:[^"'\s<>]+`)

// checkFiltered compares a filtered message with its input, both parsed by
// go-message: the same leaf parts in the same order; image parts replaced
// by the redactor's output with their Content-ID, disposition and file name;
// other parts with the same decoded body (masked when masked is set, with
// data: URI images redacted) and Content-* fields; and, if wantPDF, the PDF
// as the last part. It returns the number of images replaced.
func checkFiltered(t *testing.T, in, out []byte, r *fakeRedactor, wantPDF, masked bool) int {
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
	images := 0
	for i, a := range inLeaves {
		b := outLeaves[i]
		if r.produced(b.body) {
			images++
			if a.contentID != b.contentID || a.disposition != b.disposition || a.filename != b.filename {
				t.Errorf("part %s: image lost its Content-ID, disposition or file name: %q %q %q, want %q %q %q",
					b.path, b.contentID, b.disposition, b.filename, a.contentID, a.disposition, a.filename)
			}
			if b.header.Get("Content-Transfer-Encoding") != "base64" {
				t.Errorf("part %s: image encoded as %q", b.path, b.header.Get("Content-Transfer-Encoding"))
			}
			continue
		}
		if r.given(a.body) {
			t.Errorf("part %s: image not replaced by the redacted one", b.path)
		}
		if sniffImage(b.body) != "" {
			t.Errorf("part %s: image that was not redacted", b.path)
		}
		if a.mediaType != b.mediaType {
			t.Errorf("part %s: type %s, want %s", b.path, b.mediaType, a.mediaType)
		}
		want, got := a.body, b.body
		changed := false
		if a.mediaType == "text/html" && dataImageRE.Match(a.body) {
			for _, m := range dataURIRE.FindAllSubmatch(b.body, -1) {
				data, err := decodeTransfer(m[3], "base64")
				if err != nil || !r.produced(data) {
					t.Errorf("part %s: data: URI image not redacted", b.path)
				}
				images++
			}
			want = dataURIRE.ReplaceAll(want, []byte("data:IMAGE"))
			got = dataURIRE.ReplaceAll(got, []byte("data:IMAGE"))
			changed = true
		}
		for _, ref := range cidRE.FindAll(a.body, -1) {
			if !bytes.Contains(b.body, ref) {
				t.Errorf("part %s: reference %s lost", b.path, ref)
			}
		}
		if masked && (a.mediaType == "text/plain" || a.mediaType == "text/html") && a.disposition != "attachment" {
			hidden, refs := protectRefs(string(want))
			_, m := fakeFind(hidden)
			m = restoreRefs(m, refs)
			changed = changed || m != string(want)
			want = []byte(m)
		}
		if (a.err == nil) != (b.err == nil) || !bytes.Equal(want, got) {
			t.Errorf("part %s (%s): body changed:\n got %q (%v)\nwant %q (%v)", b.path, b.mediaType,
				truncate(string(got), 300), b.err, truncate(string(want), 300), a.err)
		}
		keys := []string{"Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-Id"}
		if changed {
			keys = []string{"Content-Disposition", "Content-Id"}
		}
		for _, k := range keys {
			if a.header.Get(k) != b.header.Get(k) {
				t.Errorf("part %s: %s = %q, want %q", b.path, k, b.header.Get(k), a.header.Get(k))
			}
		}
	}
	return images
}
