// Package testimage draws screenshots for tests: lines of text in the Go
// fonts at known positions, on light or dark backgrounds, so that a test
// knows exactly where every string is and can check that a redaction
// covered it, or left it alone.
//
// A [Page] lists coloured panels ([Fill]) and lines of text ([Line]); each
// line is a row of [Run]s drawn one after another, and a run with a Key
// gets its box reported in the [Shot] that [Render] returns:
//
//	shot, err := testimage.Render(testimage.Page{
//		Width: 480, Height: 120, Theme: testimage.Light,
//		Lines: []testimage.Line{
//			testimage.Field(24, 24, 20, "Email: ", "email", "li.wei88@example.com", testimage.Regular),
//		},
//	})
//	box := shot.Box("email") // the value's line box, in image pixels
//
// Rendering is deterministic: the same page gives the same pixels, so the
// images can be golden files.
package testimage

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// A Font is one of the Go fonts.
type Font int

// The fonts: Go Regular for UI text, Go Bold for headings and amounts, Go
// Mono for addresses and hashes, as apps show them.
const (
	Regular Font = iota
	Bold
	Mono
)

// A Theme is a colour scheme.
type Theme struct {
	Background color.NRGBA // the page
	Panel      color.NRGBA // cards and bubbles
	Text       color.NRGBA // ordinary text
	Muted      color.NRGBA // labels
	Accent     color.NRGBA // buttons and links
}

// Light and Dark are the schemes of a typical exchange or mail app.
var (
	Light = Theme{
		Background: color.NRGBA{0xf5, 0xf6, 0xf8, 0xff},
		Panel:      color.NRGBA{0xff, 0xff, 0xff, 0xff},
		Text:       color.NRGBA{0x1e, 0x23, 0x29, 0xff},
		Muted:      color.NRGBA{0x70, 0x7a, 0x8a, 0xff},
		Accent:     color.NRGBA{0x1a, 0x73, 0xe8, 0xff},
	}
	Dark = Theme{
		Background: color.NRGBA{0x0b, 0x0e, 0x11, 0xff},
		Panel:      color.NRGBA{0x1e, 0x23, 0x29, 0xff},
		Text:       color.NRGBA{0xea, 0xec, 0xef, 0xff},
		Muted:      color.NRGBA{0x84, 0x8e, 0x9c, 0xff},
		Accent:     color.NRGBA{0xf0, 0xb9, 0x0b, 0xff},
	}
)

// A Run is a piece of a line in one font and colour.
type Run struct {
	Text string
	// Key names the run's box in the Shot; runs without a key are drawn
	// but not reported.
	Key  string
	Font Font
	Role Role
	// Color, when set, overrides the theme colour of Role.
	Color color.Color
}

// A Role picks a run's colour from the theme.
type Role int

// The roles.
const (
	Body     Role = iota // Theme.Text
	Label                // Theme.Muted
	Link                 // Theme.Accent
	OnAccent             // Theme.Panel, for text on an Accent button
)

func (t Theme) color(r Role) color.NRGBA {
	switch r {
	case Label:
		return t.Muted
	case Link:
		return t.Accent
	case OnAccent:
		return t.Panel
	}
	return t.Text
}

// A Line is a row of runs drawn left to right from (X, Y), the top-left
// corner of its line box.
type Line struct {
	X, Y int
	// Size is the font size in pixels (the em square), 14 to 40 for
	// screenshots.
	Size float64
	Runs []Run
}

// A Fill is a rectangle painted before the text: a card, a chat bubble,
// a button.
type Fill struct {
	Rect  image.Rectangle
	Color color.Color
}

// A Page is a screenshot to draw.
type Page struct {
	Width, Height int
	Theme         Theme
	Fills         []Fill
	Lines         []Line
}

// A Span is where a keyed run was drawn.
type Span struct {
	Key, Text string
	// Box is the run's line box: from the line's top (ascent above the
	// baseline) to its descent below, and from where the run starts to
	// its advance. It contains every glyph's ink, accents and tails too.
	Box image.Rectangle
	// Ink bounds the pixels the glyphs touch, inside Box.
	Ink image.Rectangle
}

// A Shot is a rendered page.
type Shot struct {
	Image *image.RGBA
	Spans []Span // keyed runs, in the order of the page's lines and runs
}

// Box returns the line box of the run with key, or the zero rectangle if
// no run has it.
func (s *Shot) Box(key string) image.Rectangle {
	if sp, ok := s.Span(key); ok {
		return sp.Box
	}
	return image.Rectangle{}
}

// Span returns the span with key.
func (s *Shot) Span(key string) (Span, bool) {
	for _, sp := range s.Spans {
		if sp.Key == key {
			return sp, true
		}
	}
	return Span{}, false
}

// Field is a line with a muted label followed by a keyed value, the most
// common shape of a screenshot's content.
func Field(x, y int, size float64, label, key, value string, valueFont Font) Line {
	return Line{X: x, Y: y, Size: size, Runs: []Run{
		{Text: label, Font: Regular, Role: Label},
		{Text: value, Key: key, Font: valueFont},
	}}
}

// parsed holds the Go fonts, parsed once: they never change.
var parsed = sync.OnceValues(func() (map[Font]*opentype.Font, error) {
	fonts := make(map[Font]*opentype.Font)
	for f, ttf := range map[Font][]byte{Regular: goregular.TTF, Bold: gobold.TTF, Mono: gomono.TTF} {
		p, err := opentype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		fonts[f] = p
	}
	return fonts, nil
})

// Render draws p. It fails when a line has no size or a keyed run falls
// outside the page, so that a test never asserts on text that was clipped.
func Render(p Page) (*Shot, error) {
	if p.Width <= 0 || p.Height <= 0 {
		return nil, fmt.Errorf("testimage: page size %dx%d", p.Width, p.Height)
	}
	fonts, err := parsed()
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, p.Width, p.Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(p.Theme.Background), image.Point{}, draw.Src)
	for _, f := range p.Fills {
		draw.Draw(img, f.Rect, image.NewUniform(f.Color), image.Point{}, draw.Src)
	}
	shot := &Shot{Image: img}
	faces := make(map[faceKey]font.Face)
	defer func() {
		for _, f := range faces {
			f.Close()
		}
	}()
	for i, l := range p.Lines {
		if l.Size <= 0 {
			return nil, fmt.Errorf("testimage: line %d: font size %g", i, l.Size)
		}
		var ascent, descent fixed.Int26_6
		for _, r := range l.Runs {
			face, err := faceFor(faces, fonts, r.Font, l.Size)
			if err != nil {
				return nil, err
			}
			m := face.Metrics()
			ascent, descent = max(ascent, m.Ascent), max(descent, m.Descent)
		}
		baseline := fixed.I(l.Y) + ascent
		dot := fixed.Point26_6{X: fixed.I(l.X), Y: baseline}
		for _, r := range l.Runs {
			face, _ := faceFor(faces, fonts, r.Font, l.Size)
			var c color.Color = p.Theme.color(r.Role)
			if r.Color != nil {
				c = r.Color
			}
			d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: dot}
			bounds, advance := font.BoundString(face, r.Text)
			d.DrawString(r.Text)
			if r.Key != "" {
				sp := Span{
					Key:  r.Key,
					Text: r.Text,
					Box: image.Rect(dot.X.Floor(), (baseline - ascent).Floor(),
						(dot.X + advance).Ceil(), (baseline + descent).Ceil()),
					Ink: image.Rect((dot.X + bounds.Min.X).Floor(), (dot.Y + bounds.Min.Y).Floor(),
						(dot.X + bounds.Max.X).Ceil(), (dot.Y + bounds.Max.Y).Ceil()),
				}
				sp.Box = sp.Box.Union(sp.Ink) // an overhanging glyph
				if !sp.Box.In(img.Bounds()) {
					return nil, fmt.Errorf("testimage: %q at %v is outside the %dx%d page", r.Text, sp.Box, p.Width, p.Height)
				}
				shot.Spans = append(shot.Spans, sp)
			}
			dot.X += advance
		}
	}
	return shot, nil
}

type faceKey struct {
	font Font
	size float64
}

func faceFor(faces map[faceKey]font.Face, fonts map[Font]*opentype.Font, f Font, size float64) (font.Face, error) {
	k := faceKey{f, size}
	if face, ok := faces[k]; ok {
		return face, nil
	}
	ttf, ok := fonts[f]
	if !ok {
		return nil, fmt.Errorf("testimage: unknown font %d", f)
	}
	face, err := opentype.NewFace(ttf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	faces[k] = face
	return face, nil
}
