package redact

import (
	"context"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchPage is a phone screenshot's worth of words (about 200): a profile
// form of labels and values, an asset list, a wrapped address, a TxID and
// a few lines of prose, in 1170 × 2532 pixels with 34 px text.
func benchPage() []Word {
	const h = 34
	var ws []Word
	y := 60
	row := func(label string, value ...string) {
		ws = append(ws, at(40, y, h).words(strings.Fields(label)...)...)
		ws = append(ws, at(520, y, h).words(value...)...)
		y += 2 * h
	}
	row("Name", "Li", "Wei")
	row("UID", "956242693")
	row("Phone number", "+86", "150", "3060", "0274")
	row("Email", "li.wei88@gmail.com")
	row("Address", "4063", "Lexington", "Ave,", "New", "York,", "NY", "10059")
	row("ID number", "110101199003074514")
	row("Card number", "4111", "1111", "1111", "1111")
	for _, a := range [][]string{
		{"BTC", "0.51474", "BTC", "≈", "$34,549.10"},
		{"ETH", "4.2187", "ETH", "≈", "$13,730.10"},
		{"USDT", "4,788.66", "USDT", "≈", "$4,788.66"},
		{"SOL", "12.5", "SOL", "≈", "$2,113.75"},
	} {
		row(a[0], a[1:]...)
	}
	ws = append(ws, at(40, y, h).words(ethAddr[:22])...)
	ws = append(ws, at(40, y+h+8, h).words(ethAddr[22:])...)
	y += 3 * h
	ws = append(ws, at(40, y, h).words("TxID")...)
	ws = append(ws, at(40, y+h+8, h).words(txHash[:32])...)
	ws = append(ws, at(40, y+2*h+16, h).words(txHash[32:])...)
	y += 4 * h
	for i := 0; i < 12; i++ {
		ws = append(ws, at(40, y, h).words("Your", "withdrawal", "of", "2024-05-18", "10:42", "is", "being", "processed,", "ticket", fmt.Sprintf("#%d", 56455721+i))...)
		y += h * 3 / 2
	}
	return ws
}

func BenchmarkDetectPage(b *testing.B) {
	words := benchPage()
	d := DefaultPolicy().detectors()
	b.ReportAllocs()
	for b.Loop() {
		segs := buildSegments(words)
		d.detectPage(segs, buildBlocks(segs))
	}
	b.ReportMetric(float64(len(words)), "words")
}

// benchScreen draws benchPage on a 1170 × 2532 page.
func benchScreen() *screen {
	return drawScreen(1170, 2532, white, ink, benchPage(), nil)
}

func BenchmarkObscure(b *testing.B) {
	img := benchScreen().img
	r := image.Rect(520, 260, 1120, 300) // a phone number's line
	for _, m := range []Method{Box, Blur, Pixelate} {
		b.Run(string(m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Obscure(img, r, Rule{Method: m})
			}
		})
	}
}

func BenchmarkEncodePNG(b *testing.B) {
	img := benchScreen().img
	b.ReportAllocs()
	b.SetBytes(int64(len(img.Pix)))
	for b.Loop() {
		if err := Encode(io.Discard, img, "png"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedactFakeOCR is everything Redact does but OCR: grey
// conversion, text height, scaling, the rescue pass's flattening, lines,
// detection and obscuring, on a phone screenshot.
func BenchmarkRedactFakeOCR(b *testing.B) {
	s := benchScreen()
	e, _ := s.engine()
	r := NewRedactor(DefaultPolicy(), e)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Redact(context.Background(), s.img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMaskText masks one line of a mail body.
func BenchmarkMaskText(b *testing.B) {
	p := DefaultPolicy()
	s := "Hello, my phone is +86 150 3060 0274 and my e-mail li.wei88@gmail.com; ticket #56455721."
	b.ReportAllocs()
	for b.Loop() {
		p.MaskText(s)
	}
}
func BenchmarkFlatten(b *testing.B) {
	g := image.NewGray(image.Rect(0, 0, 2742, 1543))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range g.Pix {
		g.Pix[i] = uint8(rng.IntN(256))
	}
	b.ReportAllocs()
	for b.Loop() {
		flatten(g, 15)
	}
}
