package redact

import (
	"context"
	"image"
	"testing"
)

// TestReread: a line read with little confidence is read again from the
// page, enlarged, in one engine call, and replaced where the new reading is
// surer; lines read well are left alone and cost no call.
func TestReread(t *testing.T) {
	og := image.NewGray(image.Rect(0, 0, 600, 200))
	for i := range og.Pix {
		og.Pix[i] = 250
	}
	good := Word{Text: "Balance", Box: image.Rect(20, 20, 120, 40), Conf: 92, Block: 1, Par: 1, Line: 1}
	weak := []Word{
		{Text: "WAS", Box: image.Rect(20, 100, 60, 120), Conf: 25, Block: 2, Par: 1, Line: 1},
		{Text: "TRS", Box: image.Rect(64, 100, 150, 120), Conf: 30, Block: 2, Par: 1, Line: 1},
	}
	words := append([]Word{good}, weak...)

	var calls int
	var seen image.Rectangle
	e := BlockFunc(func(_ context.Context, img *image.Gray) ([]Word, error) {
		calls++
		seen = img.Rect
		// The stacked image holds one piece: the weak line, enlarged
		// by rereadScale, after a pad of th. Read it surely.
		pad := 20
		return []Word{{Text: "四川省成都市", Box: image.Rect(pad, pad, pad+200, pad+30), Conf: 90, Block: 1, Par: 1, Line: 1}}, nil
	})
	got, err := reread(context.Background(), e, og, words, 20)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("%d engine calls, want 1", calls)
	}
	// The piece is the line with a third of a line around it, enlarged.
	f := rereadScale
	if want := int(float64(150-20+2*6) * f); seen.Dx() < want {
		t.Errorf("stacked image %v narrower than the enlarged line (%d)", seen, want)
	}
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
		if w.Text == "四川省成都市" && !w.Box.In(image.Rect(0, 90, 600, 130)) {
			t.Errorf("new word at %v, not on the weak line", w.Box)
		}
	}
	if len(got) != 2 || texts[0] != "Balance" || texts[1] != "四川省成都市" {
		t.Errorf("words %q, want the good line and the new reading", texts)
	}

	// A reading no surer than the old one is not taken.
	unsure := BlockFunc(func(context.Context, *image.Gray) ([]Word, error) {
		return []Word{{Text: "ERO", Box: image.Rect(20, 20, 100, 50), Conf: 32, Block: 1, Par: 1, Line: 1}}, nil
	})
	if got, _ := reread(context.Background(), unsure, og, words, 20); len(got) != 3 || got[1].Text != "WAS" {
		t.Errorf("an unsure reading replaced the line: %v", got)
	}

	// A weak line that holds an address-like run is left to the
	// address detectors: no call.
	calls = 0
	addr := []Word{{Text: "17y6RR8bf8RI24ZpNVgwodbDfxc66iHHCm", Box: image.Rect(20, 100, 320, 118), Conf: 49, Block: 3, Par: 1, Line: 1}}
	if got, _ := reread(context.Background(), e, og, addr, 20); calls != 0 || len(got) != 1 || got[0].Text != addr[0].Text {
		t.Errorf("%d calls for an address line (%v)", calls, got)
	}

	// Nothing weak: no call.
	calls = 0
	if got, _ := reread(context.Background(), e, og, []Word{good}, 20); calls != 0 || len(got) != 1 {
		t.Errorf("%d calls for a page read well (%v)", calls, got)
	}
}

func TestStretch(t *testing.T) {
	// Light grey text (200) on white (245): stretched to black on white.
	g := image.NewGray(image.Rect(10, 10, 30, 20))
	for i := range g.Pix {
		g.Pix[i] = 245
	}
	for x := 12; x < 28; x += 3 {
		g.Pix[g.PixOffset(x, 15)] = 200
	}
	out := stretch(g, 2)
	if out.Rect.Dx() != 40 || out.Rect.Dy() != 20 {
		t.Fatalf("size %v, want 40×20", out.Rect)
	}
	mn, mx := 255, 0
	for _, v := range out.Pix {
		mn, mx = min(mn, int(v)), max(mx, int(v))
	}
	if mn > 40 || mx < 250 {
		t.Errorf("levels %d..%d, want nearly black text on white", mn, mx)
	}
	// Light text on dark: inverted to dark on light.
	d := image.NewGray(image.Rect(0, 0, 20, 10))
	for i := range d.Pix {
		d.Pix[i] = 30
	}
	for x := 2; x < 18; x += 2 {
		d.Pix[5*d.Stride+x] = 220
		d.Pix[6*d.Stride+x] = 220
	}
	if o := stretch(d, 1); o.Pix[0] < 200 {
		t.Errorf("dark ground stays dark (%d): not inverted", o.Pix[0])
	}
}
