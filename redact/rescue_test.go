package redact

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"slices"
	"testing"
)

// TestLineRegionsTwoHanChars: two glyphs the size of Chinese characters
// are a line (a name, a label); two small marks are not; three narrow
// glyphs are.
func TestLineRegionsTwoHanChars(t *testing.T) {
	const th = 24
	for _, tc := range []struct {
		name   string
		glyphs []image.Rectangle
		want   int
	}{
		{"two characters", []image.Rectangle{image.Rect(100, 50, 124, 74), image.Rect(128, 50, 152, 74)}, 1},
		{"two small marks", []image.Rectangle{image.Rect(100, 60, 108, 72), image.Rect(112, 60, 120, 72)}, 0},
		{"three letters", []image.Rectangle{image.Rect(100, 50, 112, 74), image.Rect(114, 50, 126, 74), image.Rect(128, 50, 140, 74)}, 1},
	} {
		if got := len(lineRegions(tc.glyphs, th)); got != tc.want {
			t.Errorf("%s: %d regions, want %d", tc.name, got, tc.want)
		}
	}
}

// TestRescueUnreadLine: ink the engine reads as nothing comes back as a
// placeholder word with no confidence over it, so that a label before it
// can still hide it.
func TestRescueUnreadLine(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 400, 120))
	draw.Draw(g, g.Rect, image.NewUniform(color.Gray{255}), image.Point{}, draw.Src)
	// Two characters like 冂 with a stroke inside, in 2 px strokes: sparse
	// ink, as text is (see flatten).
	ink := image.NewUniform(color.Gray{20})
	for _, x := range []int{300, 330} {
		for _, r := range []image.Rectangle{
			image.Rect(x, 40, x+24, 42), image.Rect(x, 40, x+2, 64), image.Rect(x+11, 40, x+13, 64), image.Rect(x+22, 40, x+24, 64),
		} {
			draw.Draw(g, r, ink, image.Point{}, draw.Src)
		}
	}
	silent := BlockFunc(func(context.Context, *image.Gray) ([]Word, error) { return nil, nil })
	got, err := rescue(context.Background(), silent, g, nil, 24)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Text != unreadText || got[0].Conf != 0 || !image.Rect(300, 40, 354, 64).In(got[0].Box) {
		t.Fatalf("rescue gave %v, want one %q word over the ink", got, unreadText)
	}
}

// TestPageUnreadNameAfterLabel: a name label with ink OCR returned nothing
// for beside it hides that ink, marked unreadable.
func TestPageUnreadNameAfterLabel(t *testing.T) {
	label := at(40, 100, 24).words("姓名")
	blob := Word{Text: unreadText, Box: image.Rect(700, 98, 762, 128), Block: 10000, Par: 1, Line: 1}
	fs := ofCategory(page(DefaultPolicy(), append(label, blob)), Name)
	if len(fs) != 1 || !fs[0].unreadable || !covered(blob.Box, fs) {
		t.Fatalf("want the unread ink hidden as an unreadable name:%s", dump(fs))
	}
	if touched(union(label...), fs) {
		t.Errorf("label hidden:%s", dump(fs))
	}
}

// TestDropCovered: regions widened to the same line are read once, as
// their union; regions of different lines, or overlapping a little, stay.
func TestDropCovered(t *testing.T) {
	line := image.Rect(10, 100, 400, 124)
	for _, c := range []struct {
		name string
		in   []image.Rectangle
		want []image.Rectangle
	}{
		{"same line thrice", []image.Rectangle{line, line, line}, []image.Rectangle{line}},
		{"nearly the same", []image.Rectangle{line, image.Rect(12, 101, 400, 125)}, []image.Rectangle{image.Rect(10, 100, 400, 125)}},
		{"inside", []image.Rectangle{image.Rect(50, 102, 120, 122), line}, []image.Rectangle{line}},
		{"two lines", []image.Rectangle{line, line.Add(image.Pt(0, 30))}, []image.Rectangle{line, line.Add(image.Pt(0, 30))}},
		{"half over", []image.Rectangle{line, line.Add(image.Pt(0, 12))}, []image.Rectangle{line, line.Add(image.Pt(0, 12))}},
	} {
		if got := dropCovered(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
