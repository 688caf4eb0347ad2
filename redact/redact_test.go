package redact

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"
	"testing"
)

// A screen is a synthetic screenshot: words drawn as dark (or, in dark
// mode, light) bars, one per character, exactly inside their boxes, and
// the same words handed back by a fake OCR engine.
type screen struct {
	img   *image.NRGBA
	words []Word
}

var (
	white = color.NRGBA{255, 255, 255, 255}
	ink   = color.NRGBA{40, 40, 40, 255}
	night = color.NRGBA{24, 26, 30, 255}
	chalk = color.NRGBA{230, 230, 230, 255}
)

// drawScreen paints words on a w×h page of colour bg, each character a
// bar of colour fg a little narrower than its share of the word box.
// glyph varies the bars' shape so that two screens can show different text
// in the same boxes.
func drawScreen(w, h int, bg, fg color.NRGBA, words []Word, glyph func(word, char int) image.Rectangle) *screen {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	for wi, wd := range words {
		n := len([]rune(wd.Text))
		cw := wd.Box.Dx() / max(1, n)
		for i := 0; i < n; i++ {
			r := image.Rect(wd.Box.Min.X+i*cw+1, wd.Box.Min.Y, wd.Box.Min.X+(i+1)*cw-1, wd.Box.Max.Y)
			if glyph != nil {
				r = glyph(wi, i).Add(r.Min).Intersect(r)
			}
			draw.Draw(img, r, image.NewUniform(fg), image.Point{}, draw.Src)
		}
	}
	return &screen{img: img, words: words}
}

// engine returns a fake OCR engine for s. Like a real one, it reads a word
// only where the image it is given still shows it: when the pixels of the
// word's box, scaled to that image, correlate with those of s (in either
// polarity, at any contrast). So it reads the page, reads nothing under a
// box or a texture, and reads nothing from images of another shape (the
// rescue pass's composite of unread lines). It records the images it saw.
func (s *screen) engine() (Engine, *[]*image.Gray) {
	var mu sync.Mutex
	var seen []*image.Gray
	orig := luma(s.img)
	b := orig.Rect
	return EngineFunc(func(ctx context.Context, g *image.Gray) ([]Word, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mu.Lock()
		seen = append(seen, g)
		mu.Unlock()
		fx, fy := float64(g.Rect.Dx())/float64(b.Dx()), float64(g.Rect.Dy())/float64(b.Dy())
		if math.Abs(fx-fy) > 0.01*fx {
			return nil, nil
		}
		ref := orig
		if g.Rect.Size() != b.Size() {
			ref = resizeGray(orig, g.Rect.Dx(), g.Rect.Dy())
		}
		var ws []Word
		for _, w := range s.words {
			w.Box = image.Rect(int(float64(w.Box.Min.X)*fx), int(float64(w.Box.Min.Y)*fy),
				int(math.Ceil(float64(w.Box.Max.X)*fx)), int(math.Ceil(float64(w.Box.Max.Y)*fy))).Intersect(g.Rect)
			if math.Abs(nccGray(g, ref, w.Box)) >= 0.8 {
				ws = append(ws, w)
			}
		}
		return ws, nil
	}), &seen
}

// nccGray is the normalized cross-correlation of a and b in r; 0 where
// either is flat.
func nccGray(a, b *image.Gray, r image.Rectangle) float64 {
	var n, sa, sb, saa, sbb, sab float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			va, vb := float64(a.GrayAt(x, y).Y), float64(b.GrayAt(x, y).Y)
			n++
			sa += va
			sb += vb
			saa += va * va
			sbb += vb * vb
			sab += va * vb
		}
	}
	if n == 0 {
		return 0
	}
	cov := sab - sa*sb/n
	va, vb := saa-sa*sa/n, sbb-sb*sb/n
	if va <= 1e-9 || vb <= 1e-9 {
		return 0
	}
	return cov / math.Sqrt(va*vb)
}

func redactScreen(t *testing.T, p *Policy, s *screen) *Result {
	t.Helper()
	e, _ := s.engine()
	before := bytes.Clone(s.img.Pix)
	res, err := NewRedactor(p, e).Redact(context.Background(), s.img)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, s.img.Pix) {
		t.Fatal("Redact modified its input")
	}
	if res.Image.Rect != image.Rect(0, 0, s.img.Rect.Dx(), s.img.Rect.Dy()) {
		t.Fatalf("output is %v, input %v", res.Image.Rect, s.img.Rect)
	}
	return res
}

// sameIn reports whether a and b hold the same pixels in r.
func sameIn(a, b *image.NRGBA, r image.Rectangle) bool {
	r = r.Intersect(a.Rect).Intersect(b.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i, j := a.PixOffset(r.Min.X, y), b.PixOffset(r.Min.X, y)
		if !bytes.Equal(a.Pix[i:i+4*r.Dx()], b.Pix[j:j+4*r.Dx()]) {
			return false
		}
	}
	return true
}

// solidIn reports whether every pixel of img in r is c.
func solidIn(img *image.NRGBA, r image.Rectangle, c color.NRGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.NRGBAAt(x, y) != c {
				return false
			}
		}
	}
	return true
}

// withdrawalScreen is an exchange's withdrawal record: values to hide and
// values to keep, a line each, in 20 px text.
type withdrawalScreen struct {
	*screen
	email, phone, balance, date, hash, name []Word
}

func newWithdrawalScreen(bg, fg color.NRGBA, glyph func(word, char int) image.Rectangle) *withdrawalScreen {
	s := &withdrawalScreen{
		email:   at(20, 20, 20).words("li.wei88@gmail.com"),
		phone:   at(20, 80, 20).words("+44", "20", "7946", "0348"),
		date:    at(20, 140, 20).words("2024-05-18", "10:42"),
		hash:    at(20, 200, 20).words(txHash),
		balance: at(20, 260, 20).words("≈", "$34,549.10"),
		name:    at(20, 320, 20).words("Li", "Wei"),
	}
	s.screen = drawScreen(760, 360, bg, fg, concat(s.email, s.phone, s.date, s.hash, s.balance, s.name), glyph)
	return s
}

func findingOf(res *Result, c Category) *Finding {
	for i := range res.Findings {
		if res.Findings[i].Category == c {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestRedactEndToEnd(t *testing.T) {
	s := newWithdrawalScreen(white, ink, nil)
	p := DefaultPolicy()
	p.Deny = []string{"li wei"}
	res := redactScreen(t, p, s.screen)
	if want := ocrScale(textHeight(luma(s.img))); res.Scale != want {
		t.Errorf("scale %v, want %v", res.Scale, want)
	}

	hidden := map[Category][]Word{Email: s.email, Phone: s.phone, Balance: s.balance, Deny: s.name}
	for c, ws := range hidden {
		f := findingOf(res, c)
		if f == nil && c == Deny {
			// "Li Wei" standing alone is a name by its shape too; the
			// first finding over it is kept, either one hides it.
			f = findingOf(res, Name)
		}
		if f == nil {
			t.Errorf("no %s finding in %v", c, res.Findings)
			continue
		}
		if !f.Redacted || f.Text != "" {
			t.Errorf("%s: Redacted=%v Text=%q, want hidden and no text", c, f.Redacted, f.Text)
		}
		// One line each: one box, over the whole value, filled black
		// (the automatic colour on a light background).
		if len(f.Boxes) != 1 || !union(ws...).In(f.Boxes[0]) {
			t.Errorf("%s: boxes %v do not cover %v", c, f.Boxes, union(ws...))
			continue
		}
		if !solidIn(res.Image, f.Boxes[0], color.NRGBA{0, 0, 0, 255}) {
			t.Errorf("%s: box %v is not solid black", c, f.Boxes[0])
		}
	}
	// Kept: the date and the TxID are untouched, byte for byte, with a
	// margin around them.
	for _, ws := range [][]Word{s.date, s.hash} {
		if r := union(ws...).Inset(-2); !sameIn(res.Image, s.img, r) {
			t.Errorf("kept text at %v changed", r)
		}
	}
	tx := findingOf(res, TxID)
	// Kept boxes are reported as found: the word's box, give or take
	// the rounding of OCR's scale.
	if tx == nil || tx.Redacted || tx.Text != txHash || len(tx.Boxes) != 1 ||
		!s.hash[0].Box.In(tx.Boxes[0]) || !tx.Boxes[0].In(s.hash[0].Box.Inset(-2)) {
		t.Errorf("txid finding %+v, want kept, with its text and box %v", tx, s.hash[0].Box)
	}
	values := []string{"li.wei88@gmail.com", "+44 20 7946 0348", "≈ $34,549.10", txHash, "Li Wei"}
	for _, f := range res.Findings {
		for _, v := range values {
			if f.Masked == v || f.Redacted && strings.Contains(f.Masked, v) {
				t.Errorf("%s finding's Masked %q gives away %q", f.Category, f.Masked, v)
			}
		}
	}
	if got := res.Hidden(); got[Email] != 1 || got[Phone] != 1 || got[Balance] != 1 || got[TxID] != 0 {
		t.Errorf("Hidden() = %v", got)
	}
	if str := res.String(); strings.Contains(str, "li.wei88") || !strings.Contains(str, "email") {
		t.Errorf("String() = %q", str)
	}
}

func TestRedactKeepBalance(t *testing.T) {
	s := newWithdrawalScreen(white, ink, nil)
	p := DefaultPolicy()
	if err := p.Set(Balance, false); err != nil {
		t.Fatal(err)
	}
	res := redactScreen(t, p, s.screen)
	f := findingOf(res, Balance)
	if f == nil || f.Redacted || f.Text != "≈ $34,549.10" {
		t.Fatalf("balance finding %+v, want kept with its text", f)
	}
	if r := union(s.balance...).Inset(-2); !sameIn(res.Image, s.img, r) {
		t.Errorf("kept balance at %v changed", r)
	}
	if f := findingOf(res, Email); f == nil || !f.Redacted {
		t.Errorf("e-mail not hidden once balance is kept: %+v", f)
	}
}

func TestPolicySetSeed(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Set(Seed, false); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("Set(Seed, false) = %v, want an error about seed", err)
	}
	if !p.Rules[Seed].Redact {
		t.Error("seed kept after a refused Set")
	}
	if err := p.Set(TxID, true); err != nil || !p.Rules[TxID].Redact {
		t.Errorf("Set(TxID, true) = %v, rule %+v", err, p.Rules[TxID])
	}
}

// TestRedactSeedAlwaysHidden: even a policy that somehow has seed kept, a
// raised threshold and the phrase on its allow list hides it.
func TestRedactSeedAlwaysHidden(t *testing.T) {
	l1 := at(20, 20, 20).words(seedList[:6]...)
	l2 := at(20, 50, 20).words(seedList[6:]...)
	s := drawScreen(600, 100, white, ink, concat(l1, l2), nil)
	p := DefaultPolicy()
	p.MinConfidence = 1
	p.Allow = []string{strings.Join(seedList[:6], " ")}
	res := redactScreen(t, p, s)
	n := 0
	for _, f := range res.Findings {
		if f.Category == Seed {
			n++
			if !f.Redacted || f.Masked != "***" || f.Text != "" {
				t.Errorf("seed finding %+v", f)
			}
		}
	}
	// One finding for the phrase's whole extent, or one per line.
	if n == 0 {
		t.Errorf("want seed findings, got none: %+v", res.Findings)
	}
	for _, ws := range [][]Word{l1, l2} {
		if !solidIn(res.Image, union(ws...), color.NRGBA{0, 0, 0, 255}) {
			t.Errorf("seed line %v not solid black", union(ws...))
		}
	}
}

func TestRedactAllowList(t *testing.T) {
	s := newWithdrawalScreen(white, ink, nil)
	p := DefaultPolicy()
	p.Allow = []string{"LI.WEI88 @gmail.com"} // case and spaces do not matter
	res := redactScreen(t, p, s.screen)
	if f := findingOf(res, Email); f != nil {
		t.Errorf("allowed e-mail found: %+v", f)
	}
	if r := union(s.email...).Inset(-2); !sameIn(res.Image, s.img, r) {
		t.Errorf("allowed e-mail at %v changed", r)
	}
	if f := findingOf(res, Phone); f == nil || !f.Redacted {
		t.Errorf("phone not hidden: %+v", f)
	}
}

// TestRedactIrreversible: two screens that differ only in the glyphs of
// the hidden values give byte-identical outputs, whatever the method. No
// function of the hidden pixels can be recovered from the output.
func TestRedactIrreversible(t *testing.T) {
	// Other text in the boxes of the e-mail, the phone, the balance and
	// the name: half-height bars at the top or the bottom.
	other := func(word, char int) image.Rectangle {
		if (word+char)%2 == 0 {
			return image.Rect(0, 0, 100, 10)
		}
		return image.Rect(0, 10, 100, 20)
	}
	a := newWithdrawalScreen(white, ink, nil)
	for _, m := range []Method{Box, Blur, Pixelate} {
		t.Run(string(m), func(t *testing.T) {
			p := DefaultPolicy()
			p.Deny = []string{"li wei"}
			for c, r := range p.Rules {
				r.Method = m
				p.Rules[c] = r
			}
			// The kept lines must be the same in both, so the glyph
			// change is limited to the hidden words.
			keep := map[int]bool{}
			for i := range a.words {
				if i >= len(a.email)+len(a.phone) && i < len(a.email)+len(a.phone)+len(a.date)+len(a.hash) {
					keep[i] = true
				}
			}
			b := newWithdrawalScreen(white, ink, func(word, char int) image.Rectangle {
				if keep[word] {
					return image.Rect(0, 0, 100, 100)
				}
				return other(word, char)
			})
			if bytes.Equal(a.img.Pix, b.img.Pix) {
				t.Fatal("the two screens are the same")
			}
			ra, rb := redactScreen(t, p, a.screen), redactScreen(t, p, b.screen)
			if !bytes.Equal(ra.Image.Pix, rb.Image.Pix) {
				t.Errorf("outputs differ: something of the hidden text survives %s", m)
			}
			if f := findingOf(ra, Email); f == nil || sameIn(ra.Image, a.img, f.Boxes[0]) {
				t.Errorf("e-mail not obscured by %s", m)
			}
		})
	}
}

func TestRedactDarkMode(t *testing.T) {
	s := newWithdrawalScreen(night, chalk, nil)
	e, seen := s.engine()
	res, err := NewRedactor(DefaultPolicy(), e).Redact(context.Background(), s.img)
	if err != nil {
		t.Fatal(err)
	}
	// Tesseract wants dark text on light paper.
	if len(*seen) == 0 || (*seen)[0].Pix[0] < 200 {
		t.Errorf("first OCR pass not given an inverted image")
	}
	f := findingOf(res, Email)
	if f == nil || !f.Redacted {
		t.Fatalf("e-mail not hidden: %+v", res.Findings)
	}
	// Black on a near-black page would look like nothing was there.
	if !solidIn(res.Image, f.Boxes[0], color.NRGBA{0x5a, 0x5e, 0x66, 255}) {
		t.Errorf("box %v not the grey of dark mode: %v", f.Boxes[0], res.Image.NRGBAAt(f.Boxes[0].Min.X, f.Boxes[0].Min.Y))
	}
}

// TestRedactScaled: small text is read enlarged; the boxes come back in the
// image's own pixels.
func TestRedactScaled(t *testing.T) {
	email := at(10, 10, 10).words("li.wei88@gmail.com")
	date := at(10, 40, 10).words("2024-05-18", "10:42")
	phone := at(10, 70, 10).words("+44", "20", "7946", "0348")
	s := drawScreen(300, 100, white, ink, concat(email, date, phone), nil)
	e, seen := s.engine()
	res, err := NewRedactor(DefaultPolicy(), e).Redact(context.Background(), s.img)
	if err != nil {
		t.Fatal(err)
	}
	want := ocrScale(textHeight(luma(s.img)))
	if want <= 1.2 {
		t.Fatalf("10 px text read at scale %v: not enlarged", want)
	}
	if res.Scale != want || (*seen)[0].Rect.Dx() != int(300*want+0.5) {
		t.Errorf("scale %v, OCR image %v; want %v and %d wide", res.Scale, (*seen)[0].Rect, want, int(300*want+0.5))
	}
	for c, ws := range map[Category][]Word{Email: email, Phone: phone} {
		f := findingOf(res, c)
		if f == nil || len(f.Boxes) != 1 || !union(ws...).In(f.Boxes[0]) {
			t.Errorf("%s: %+v does not cover %v", c, f, union(ws...))
		}
	}
	if !sameIn(res.Image, s.img, union(date...).Inset(-1)) {
		t.Error("date changed")
	}
}

// TestRedactSubImage: an image whose bounds do not start at (0, 0) gives an
// output of the same size starting at (0, 0), with boxes in its pixels.
func TestRedactSubImage(t *testing.T) {
	s := newWithdrawalScreen(white, ink, nil)
	big := image.NewNRGBA(image.Rect(0, 0, 860, 460))
	draw.Draw(big, big.Rect, image.NewUniform(color.NRGBA{255, 0, 0, 255}), image.Point{}, draw.Src)
	draw.Draw(big, s.img.Rect.Add(image.Pt(50, 70)), s.img, image.Point{}, draw.Src)
	sub := big.SubImage(s.img.Rect.Add(image.Pt(50, 70))).(*image.NRGBA)
	e, _ := s.engine()
	res, err := NewRedactor(DefaultPolicy(), e).Redact(context.Background(), sub)
	if err != nil {
		t.Fatal(err)
	}
	if res.Image.Rect != s.img.Rect {
		t.Fatalf("output %v, want %v", res.Image.Rect, s.img.Rect)
	}
	want := redactScreen(t, DefaultPolicy(), s.screen)
	if !bytes.Equal(res.Image.Pix, want.Image.Pix) {
		t.Error("a sub-image is redacted differently from the same pixels at (0, 0)")
	}
}

func TestRedactEngineError(t *testing.T) {
	s := newWithdrawalScreen(white, ink, nil)
	boom := errors.New("tesseract exploded")
	e := EngineFunc(func(context.Context, *image.Gray) ([]Word, error) { return nil, boom })
	res, err := NewRedactor(DefaultPolicy(), e).Redact(context.Background(), s.img)
	if !errors.Is(err, boom) || res != nil {
		t.Errorf("Redact = %v, %v; want nil and an error wrapping %v", res, err, boom)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e2, _ := s.engine()
	if _, err := NewRedactor(DefaultPolicy(), e2).Redact(ctx, s.img); !errors.Is(err, context.Canceled) {
		t.Errorf("Redact with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestRedactStrictTicketMasked: the strict policy hides ticket numbers, and
// a hidden value's Masked form goes into reports.
func TestRedactStrictTicketMasked(t *testing.T) {
	ws := at(20, 20, 20).words("Ticket", "#56455721")
	s := drawScreen(400, 60, white, ink, ws, nil)
	p, _, err := PresetPolicy("strict")
	if err != nil {
		t.Fatal(err)
	}
	res := redactScreen(t, p, s)
	f := findingOf(res, Ticket)
	if f == nil || !f.Redacted {
		t.Fatalf("ticket not hidden by strict: %+v", res.Findings)
	}
	if strings.Contains(f.Masked, "56455721") {
		t.Errorf("Mask(Ticket, v) returns v, so a ticket the policy hides (strict) is shown in full in reports: Masked=%q", f.Masked)
	}
}

// TestRedactBoxStopsAtNeighbours: a box's padding does not reach the label
// set tight above a wallet address, nor the word just before a value on
// its line; the value itself is hidden whole.
func TestRedactBoxStopsAtNeighbours(t *testing.T) {
	label := at(40, 30, 16).words("Ledger", "cold", "wallet", "(BTC)")
	addr := at(40, 48, 22).words("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
	before := at(40, 100, 22).words("To:")
	email := at(80, 100, 22).words("li.wei88@gmail.com")
	s := drawScreen(700, 150, white, ink, concat(label, addr, before, email), nil)
	res := redactScreen(t, DefaultPolicy(), s)
	for _, ws := range [][]Word{label, before} {
		if r := union(ws...); !sameIn(res.Image, s.img, r) {
			t.Errorf("%q at %v was painted over: %v", ws[0].Text, r, res.Findings)
		}
	}
	for _, ws := range [][]Word{addr, email} {
		if r := union(ws...); !solidIn(res.Image, r, color.NRGBA{0, 0, 0, 255}) {
			t.Errorf("%q at %v is not hidden: %v", ws[0].Text, r, res.Findings)
		}
	}
}

// TestRedactBoxLeavesNextLineRoom: in a tight list (14 px text every 22
// px) a value's padding stops short of the next line's label, leaving a
// gap above its ink: the reader sees the label's line whole.
func TestRedactBoxLeavesNextLineRoom(t *testing.T) {
	card := at(160, 20, 14).words("4242", "4242", "4242", "4242")
	label := at(100, 42, 14).words("Discover", "Card:")
	s := drawScreen(500, 80, white, ink, concat(card, label), nil)
	res := redactScreen(t, DefaultPolicy(), s)
	if r := union(card...); !solidIn(res.Image, r, color.NRGBA{0, 0, 0, 255}) {
		t.Fatalf("the card number at %v is not hidden: %v", r, res.Findings)
	}
	room := union(label...)
	room.Min.Y -= 2
	if !sameIn(res.Image, s.img, room) {
		t.Errorf("the label below and the two rows above it (%v) were painted over: %v", room, res.Findings)
	}
}

// TestRedactBoxStaysInItsField: a value's box grows over unread ink of its
// own field but not out of it, over the field's border and an icon on the
// page beside it.
func TestRedactBoxStaysInItsField(t *testing.T) {
	seed := concat(at(160, 35, 16).words(seedList[:6]...), at(160, 57, 16).words(seedList[6:]...))
	s := drawScreen(900, 110, white, ink, seed, nil)
	field := image.Rect(150, 25, 880, 85)
	grey := color.NRGBA{236, 235, 233, 255}
	for y := 0; y < s.img.Rect.Dy(); y++ {
		for x := 0; x < s.img.Rect.Dx(); x++ {
			if !image.Pt(x, y).In(field) {
				s.img.SetNRGBA(x, y, grey)
			}
		}
	}
	// The field's border, and an icon 6 px left of it.
	draw.Draw(s.img, image.Rect(149, 24, 150, 86), image.NewUniform(ink), image.Point{}, draw.Src)
	icon := image.Rect(120, 35, 143, 70)
	draw.Draw(s.img, icon, image.NewUniform(color.NRGBA{90, 160, 60, 255}), image.Point{}, draw.Src)
	res := redactScreen(t, DefaultPolicy(), s)
	if !solidIn(res.Image, union(seed...), color.NRGBA{0, 0, 0, 255}) {
		t.Fatalf("the phrase is not hidden: %v", res.Findings)
	}
	if !sameIn(res.Image, s.img, icon.Inset(-2)) {
		t.Errorf("the icon beside the field was painted over: %v", res.Findings)
	}
}
