package testimage

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/samples from Samples()")

func TestRenderBoxes(t *testing.T) {
	for _, th := range []struct {
		name  string
		theme Theme
	}{{"light", Light}, {"dark", Dark}} {
		for _, size := range []float64{14, 20, 28, 40} {
			t.Run(th.name+"/"+fmtSize(size), func(t *testing.T) {
				p := Page{Width: 900, Height: 3*int(size) + 40, Theme: th.theme, Lines: []Line{
					{X: 10, Y: 10, Size: size, Runs: []Run{
						{Text: "Email: ", Key: "label", Role: Label},
						{Text: "li.wei88@example.com", Key: "value"},
						{Text: " (jqy)", Key: "tail", Font: Mono},
					}},
					{X: 10, Y: 10 + 2*int(size), Size: size, Runs: []Run{{Text: "ÅÇ gjpqy", Key: "accents", Font: Bold}}},
				}}
				shot, err := Render(p)
				if err != nil {
					t.Fatal(err)
				}
				if len(shot.Spans) != 4 {
					t.Fatalf("got %d spans, want 4", len(shot.Spans))
				}
				bg := th.theme.Background
				for _, sp := range shot.Spans {
					if !sp.Ink.In(sp.Box) {
						t.Errorf("%s: ink %v outside box %v", sp.Key, sp.Ink, sp.Box)
					}
					if h := sp.Box.Dy(); float64(h) < size || float64(h) > 1.5*size {
						t.Errorf("%s: box height %d for size %g", sp.Key, h, size)
					}
					if n := countNot(shot.Image, sp.Ink, bg); n < sp.Ink.Dx() {
						t.Errorf("%s: only %d inked pixels in %v", sp.Key, n, sp.Ink)
					}
				}
				// Runs follow each other on one line box.
				a, b, c := shot.Spans[0].Box, shot.Spans[1].Box, shot.Spans[2].Box
				if abs(a.Max.X-b.Min.X) > 1 || abs(b.Max.X-c.Min.X) > 1 || a.Min.Y != b.Min.Y || b.Max.Y != c.Max.Y {
					t.Errorf("runs do not abut: %v %v %v", a, b, c)
				}
				// Nothing is drawn outside the boxes.
				inked := countNot(shot.Image, shot.Image.Bounds(), bg)
				inBoxes := 0
				for _, sp := range shot.Spans {
					inBoxes += countNot(shot.Image, sp.Box, bg)
				}
				if inked != inBoxes {
					t.Errorf("%d pixels drawn, %d of them inside the boxes", inked, inBoxes)
				}
			})
		}
	}
}

func TestRenderDeterministic(t *testing.T) {
	s := Samples()[0]
	a, err := Render(s.Page)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Render(s.Page)
	if !bytes.Equal(a.Image.Pix, b.Image.Pix) {
		t.Fatal("two renderings of the same page differ")
	}
}

func TestRenderErrors(t *testing.T) {
	for name, p := range map[string]Page{
		"empty page": {},
		"no size":    {Width: 10, Height: 10, Lines: []Line{{Runs: []Run{{Text: "x"}}}}},
		"clipped": {Width: 100, Height: 40, Lines: []Line{
			{X: 10, Y: 10, Size: 20, Runs: []Run{{Text: "a value far too long for the page", Key: "v"}}}}},
		"below": {Width: 400, Height: 40, Lines: []Line{{X: 10, Y: 30, Size: 20, Runs: []Run{{Text: "x", Key: "v"}}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Render(p); err == nil {
				t.Error("Render succeeded")
			}
		})
	}
}

// TestGenerateSamples checks testdata/samples against Samples(); with
// -update it rewrites them:
//
//	go test ./internal/testimage -run TestGenerateSamples -update
func TestGenerateSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "samples")
	for _, s := range Samples() {
		t.Run(s.Name, func(t *testing.T) {
			shot, err := Render(s.Page)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range shot.Spans {
				if sp.Box.Empty() {
					t.Errorf("%s: empty box", sp.Key)
				}
			}
			path := filepath.Join(dir, s.Name+".png")
			if *update {
				var buf bytes.Buffer
				if err := png.Encode(&buf, shot.Image); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			defer f.Close()
			got, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(got, shot.Image); d > 2 {
				t.Errorf("%s differs from Samples() by up to %d levels; run with -update if the change is intended", path, d)
			}
		})
	}
}

func TestSampleValues(t *testing.T) {
	if !bech32Valid(SampleBTC) {
		t.Errorf("%s: bad bech32 checksum", SampleBTC)
	}
	if !eip55Valid(SampleETH) {
		t.Errorf("%s: bad EIP-55 checksum", SampleETH)
	}
	if len(SampleTxID) != 64 || !isHex(SampleTxID) {
		t.Errorf("%s: not 64 hex digits", SampleTxID)
	}
}

func countNot(img *image.RGBA, r image.Rectangle, bg color.NRGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if c.R != bg.R || c.G != bg.G || c.B != bg.B {
				n++
			}
		}
	}
	return n
}

func maxDiff(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return 256
	}
	d := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1 := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA)
			c2 := color.NRGBAModel.Convert(b.At(x, y)).(color.NRGBA)
			d = max(d, abs(int(c1.R)-int(c2.R)), abs(int(c1.G)-int(c2.G)), abs(int(c1.B)-int(c2.B)), abs(int(c1.A)-int(c2.A)))
		}
	}
	return d
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func fmtSize(f float64) string { return fmt.Sprintf("%gpx", f) }
