package report

import (
	"encoding/json"
	"image"
	"strings"
	"testing"

	"redactpack/redact"
)

func findings() []redact.Finding {
	return []redact.Finding{
		{Category: redact.Phone, Boxes: []image.Rectangle{image.Rect(10, 90, 120, 110)}, Confidence: 0.854, Masked: "138****8000", Redacted: true},
		{Category: redact.TxID, Boxes: []image.Rectangle{image.Rect(10, 50, 300, 70)}, Confidence: 0.9, Masked: "0x12****cdef", Text: "0x1234abcdef", Redacted: false},
		{Category: redact.Email, Boxes: []image.Rectangle{image.Rect(200, 50, 300, 70), image.Rect(10, 72, 80, 88)}, Confidence: 0.95, Masked: "li****@gmail.com", Redacted: true},
		{Category: redact.Phone, Boxes: []image.Rectangle{image.Rect(10, 130, 120, 150)}, Confidence: 0.7, Masked: "+44****0958", Redacted: true},
	}
}

// TestNewImage: findings come in reading order, masked, with their action,
// confidence to two places and boxes as x, y, width, height; the value as
// read never appears; the caller's slice keeps its order.
func TestNewImage(t *testing.T) {
	fs := findings()
	im := NewImage("in.png", "out/in.png", 400, 200, fs)
	var got []string
	for _, f := range im.Findings {
		got = append(got, f.Category+" "+f.Action+" "+f.Masked)
	}
	want := []string{"txid keep 0x12****cdef", "email redact li****@gmail.com", "phone redact 138****8000", "phone redact +44****0958"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings %q, want %q", got, want)
	}
	if p := im.Findings[2]; p.Confidence != 0.85 || len(p.Boxes) != 1 || p.Boxes[0] != [4]int{10, 90, 110, 20} {
		t.Errorf("phone reported as %+v", p)
	}
	if fs[0].Category != redact.Phone || fs[1].Category != redact.TxID {
		t.Error("NewImage reordered its argument")
	}
	data, err := json.Marshal(im)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "0x1234abcdef") {
		t.Errorf("report holds a value as read: %s", data)
	}
	if !strings.Contains(string(data), `"boxes":[[200,50,100,20],[10,72,70,16]]`) {
		t.Errorf("e-mail's two boxes missing: %s", data)
	}
}

// TestNewReportJSON: an empty report lists no images as [], not null, and
// leaves out what it has none of.
func TestNewReportJSON(t *testing.T) {
	data, err := json.Marshal(New("redactpack test", "default"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), `{"tool":"redactpack test","policy":"default","images":[]}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestHidden counts hidden findings per category name, kept ones aside.
func TestHidden(t *testing.T) {
	got := Hidden(findings())
	if len(got) != 2 || got["phone"] != 2 || got["email"] != 1 {
		t.Errorf("Hidden = %v, want phone 2, email 1", got)
	}
	if got := Hidden(nil); got == nil || len(got) != 0 {
		t.Errorf("Hidden(nil) = %#v, want an empty map", got)
	}
}
