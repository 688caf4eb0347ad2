package redact

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// A Finding is one value found in an image.
type Finding struct {
	Category Category
	// Boxes are the rectangles hidden (or, for kept categories, found), one
	// per line the value covers, in image pixels.
	Boxes      []image.Rectangle
	Confidence float64
	// Masked is a form of the value safe to show (see [Mask]).
	Masked string
	// Redacted is whether the policy hid it.
	Redacted bool
	// Verified marks a value the first reading missed and the
	// verification pass found (and hid).
	Verified bool
	// Text is the value as read, only for categories the policy keeps
	// (TxIDs, tickets); empty for anything hidden.
	Text string
	// cover is what hiding the finding paints: its boxes padded and grown
	// by its category's rule. For a hidden finding it is Boxes; a kept one
	// switched to hidden (see [Analysis.Apply]) gets the same cover.
	cover []image.Rectangle
}

// A Result is a redacted image and what was found in it.
type Result struct {
	Image    *image.NRGBA
	Findings []Finding
	// Scale is the factor the image was resized by for OCR.
	Scale float64

	words []Word // what OCR read (see Analysis.Words)
}

// Words returns what OCR read in the image the result was made from (see
// [Analysis.Words]).
func (r *Result) Words() []Word { return slices.Clone(r.words) }

// Hidden counts the redacted findings per category.
func (r *Result) Hidden() map[Category]int { return CountHidden(r.Findings) }

// CountHidden counts the redacted findings of fs per category: the one
// count reports, manifests and bundles show.
func CountHidden(fs []Finding) map[Category]int {
	m := make(map[Category]int)
	for _, f := range fs {
		if f.Redacted {
			m[f.Category]++
		}
	}
	return m
}

// A Redactor finds and hides sensitive values with one OCR engine. It is
// not safe for concurrent use; give each worker its own.
type Redactor struct {
	policy *Policy
	det    *detectors
	engine Engine
	// SkipVerify makes Redact return its output unchecked; by default
	// it checks it with a second, different OCR pass (see
	// [Redactor.Verify]).
	SkipVerify bool
}

// NewRedactor returns a Redactor applying a copy of p with engine e,
// verifying its outputs (see SkipVerify). Changing p afterwards does not
// change the Redactor: its detectors are built from p once.
func NewRedactor(p *Policy, e Engine) *Redactor {
	p = p.clone()
	return &Redactor{policy: p, det: p.detectors(), engine: e}
}

// Redact reads img, finds sensitive values and returns a redacted copy:
// [Redactor.Analyze], [Analysis.Apply] of the policy's selection and,
// unless r.SkipVerify is set, [Redactor.Verify]. img is not modified.
func (r *Redactor) Redact(ctx context.Context, img image.Image) (*Result, error) {
	a, err := r.Analyze(ctx, img)
	if err != nil {
		return nil, err
	}
	res := a.Apply(nil)
	if !r.SkipVerify {
		if err := r.Verify(ctx, a, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// An Analysis is what [Redactor.Analyze] found in one image, before
// anything is painted: the findings, in reading order, each with the
// cover its rule draws, and what [Analysis.Apply] and [Redactor.Verify]
// need to paint and check any selection of them.
type Analysis struct {
	// Findings are what the policy hides (Redacted) and keeps, after its
	// thresholds and allow list.
	Findings []Finding
	// Scale is the factor the image was resized by for OCR.
	Scale float64

	r *Redactor
	// orig is the image; boxes take their colour from it (see
	// obscureOver).
	orig  *image.NRGBA
	g     *image.Gray
	th    int
	words []Word
}

// Analyze reads img and finds its sensitive values under the policy,
// painting nothing. img is not modified.
func (r *Redactor) Analyze(ctx context.Context, img image.Image) (*Analysis, error) {
	g, words, scale, th, err := r.read(ctx, img)
	if err != nil {
		return nil, err
	}
	return &Analysis{
		Findings: mergeFindings(r.findings(g, words, nil)),
		Scale:    scale,
		r:        r, orig: toNRGBA(img), g: g, th: th, words: words,
	}, nil
}

// Apply returns a copy of the image with a selection of the findings
// hidden: those hide reports true for, or, with a nil hide, those the
// policy hides. A seed phrase is hidden whatever hide says. A finding
// switched to hidden gets the cover its category's rule draws, and its
// Text is dropped; one switched to visible keeps the boxes it has and is
// not painted (its value as read was never kept: Text stays empty).
// Findings a caller appended (a box a person drew) are painted over their
// Boxes. a is not modified; Apply may be called any number of times.
func (a *Analysis) Apply(hide func(Finding) bool) *Result {
	res := &Result{Scale: a.Scale, Image: &image.NRGBA{Pix: slices.Clone(a.orig.Pix), Stride: a.orig.Stride, Rect: a.orig.Rect},
		Findings: a.Select(hide), words: a.words}
	a.r.obscure(res.Image, a.orig, res.Findings)
	return res
}

// Select is the findings as Apply leaves them for a selection, without
// painting: those hidden (seed phrases always) have the cover their rule
// draws and no Text, the others are kept. a is not modified.
func (a *Analysis) Select(hide func(Finding) bool) []Finding {
	var out []Finding
	for _, f := range a.Findings {
		h := f.Redacted
		if hide != nil {
			h = hide(f)
		}
		if h || f.Category == Seed {
			if f.cover != nil {
				f.Boxes = f.cover
			}
			f.Redacted, f.Text = true, ""
		} else {
			f.Redacted = false
		}
		out = append(out, f)
	}
	return out
}

// Verify checks res, an [Analysis.Apply] of a, with a second, different
// OCR pass (see verify): a value of a strong shape still readable outside
// what is hidden is hidden too and added to res.Findings; a hidden region
// that is not a solid fill and still reads as text fails with a
// [*VerifyError]. res.Image may be changed.
func (r *Redactor) Verify(ctx context.Context, a *Analysis, res *Result) error {
	return r.verify(ctx, res, a.orig, a.g, a.Scale, a.th, a.words)
}

// findings runs the detectors over words read from g and applies the
// policy. Redacted findings whose boxes all lie inside covered are left out:
// they are hidden already.
func (r *Redactor) findings(g *image.Gray, words []Word, covered []image.Rectangle) []Finding {
	segs := buildSegments(words)
	blocks := buildBlocks(segs)
	var raw []rawFinding
	// hidden are the boxes of every value to hide, as found: words under
	// them are hidden anyway, so no padding needs to stop short of them.
	var hidden []image.Rectangle
	for _, f := range r.det.detectPage(segs, blocks) {
		// Seeds are hidden whatever the thresholds and allow list say.
		if f.cat != Seed && (f.conf < r.policy.MinConfidence || r.allowed(f.value)) {
			continue
		}
		raw = append(raw, f)
		if r.rule(f.cat).Redact {
			hidden = append(hidden, f.boxes...)
		}
	}
	var out []Finding
	for _, f := range raw {
		rule := r.rule(f.cat)
		fd := Finding{Category: f.cat, Confidence: f.conf, Masked: Mask(f.cat, f.value), Redacted: rule.Redact}
		if f.unreadable {
			// Reports say that OCR could not read it, not a mask of
			// what it misread.
			fd.Masked = "(unreadable)"
		}
		for _, b := range f.boxes {
			b = clampPad(g, padBox(b, rule.Padding), b, words, hidden)
			b = growIntoInk(g, b, words, f.cat == Wallet)
			fd.cover = append(fd.cover, b.Intersect(g.Rect))
		}
		if !rule.Redact {
			fd.Text = f.value
			fd.Boxes = f.boxes
			out = append(out, fd)
			continue
		}
		fd.Boxes = fd.cover
		if covered != nil && boxesWithin(fd.Boxes, covered) {
			continue
		}
		out = append(out, fd)
	}
	return out
}

// obscure hides every redacted finding in img, a copy of orig.
func (r *Redactor) obscure(img, orig *image.NRGBA, fs []Finding) {
	for _, f := range fs {
		if !f.Redacted {
			continue
		}
		for _, b := range f.Boxes {
			obscureOver(img, orig, b, r.rule(f.Category))
		}
	}
}

// read runs OCR over img and returns its luminance and the words, in
// img's coordinates, with the scale the OCR ran at.
func (r *Redactor) read(ctx context.Context, img image.Image) (g *image.Gray, words []Word, scale float64, th int, err error) {
	g = luma(img)
	th = textHeight(g)
	scale = ocrScale(th)
	og := g
	if scale != 1 {
		og = resizeGray(g, max(1, int(math.Round(float64(g.Rect.Dx())*scale))), max(1, int(math.Round(float64(g.Rect.Dy())*scale))))
	}
	// Dark mode, dark frames and bars: Tesseract is trained on dark text
	// on light paper.
	pass1 := polarize(og, int(math.Round(float64(th)*scale)))
	words, err = r.engine.Words(ctx, pass1)
	if err != nil {
		return nil, nil, 0, 0, fmt.Errorf("ocr: %w", err)
	}
	more, err := rescue(ctx, r.engine, og, words, int(math.Round(float64(th)*scale)))
	if err != nil {
		return nil, nil, 0, 0, fmt.Errorf("ocr: %w", err)
	}
	words = append(supersede(words, more), more...)
	if words, err = reread(ctx, r.engine, og, words, int(math.Round(float64(th)*scale))); err != nil {
		return nil, nil, 0, 0, fmt.Errorf("ocr: %w", err)
	}
	if scale != 1 {
		for i := range words {
			words[i].Box = scaleRect(words[i].Box, 1/scale, g.Rect)
		}
	}
	return g, words, scale, th, nil
}

// supersede drops the words of a first pass that a rescue pass read again:
// those overlapping, by more than half their area, a rescued word read with
// more confidence (or that were garbled: see plausible). A rescue reading
// that is worse than the first one does not replace it.
func supersede(words, rescued []Word) []Word {
	if len(rescued) == 0 {
		return words
	}
	out := words[:0:0]
	for _, w := range words {
		a := w.Box.Dx() * w.Box.Dy()
		keep := true
		for _, r := range rescued {
			in := w.Box.Intersect(r.Box)
			if !in.Empty() && 2*in.Dx()*in.Dy() > a && (r.Conf >= w.Conf || !plausible(w)) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, w)
		}
	}
	return out
}

// rule returns the policy's rule for c. Deny-list terms are always hidden,
// the way names are.
func (r *Redactor) rule(c Category) Rule {
	if c == Deny {
		rule := r.policy.Rules[Name]
		rule.Redact = true
		return rule
	}
	return r.policy.Rules[c]
}

// allowed reports whether v is on the policy's allow list.
func (r *Redactor) allowed(v string) bool {
	if len(r.policy.Allow) == 0 {
		return false
	}
	nv, _ := foldSpaces(v)
	for _, a := range r.policy.Allow {
		na, _ := foldSpaces(a)
		if na != "" && nv == na {
			return true
		}
	}
	return false
}

// targetTextHeight is the glyph height, in pixels, at which Tesseract reads
// screenshots best for its cost: about that of a phone at 2× pixel density.
const targetTextHeight = 20

// ocrScale picks the factor that brings the image's text to
// targetTextHeight: small desktop text is enlarged, 3× phone text shrunk.
func ocrScale(th int) float64 {
	if th == 0 {
		return 1
	}
	s := float64(targetTextHeight) / float64(th)
	if s > 0.85 && s < 1.2 {
		return 1
	}
	return math.Max(0.5, math.Min(2.5, s))
}

func scaleRect(r image.Rectangle, f float64, bounds image.Rectangle) image.Rectangle {
	return image.Rect(
		int(math.Floor(float64(r.Min.X)*f)), int(math.Floor(float64(r.Min.Y)*f)),
		int(math.Ceil(float64(r.Max.X)*f)), int(math.Ceil(float64(r.Max.Y)*f)),
	).Intersect(bounds)
}

// padBox grows a line box so glyph tops and tails are covered whatever the
// engine's box left out: by the policy's padding, and by a fraction of the
// line height.
func padBox(b image.Rectangle, pad int) image.Rectangle {
	h := b.Dy()
	v := pad + int(math.Ceil(0.18*float64(h)))
	hz := pad + int(math.Ceil(0.08*float64(h)))
	return image.Rect(b.Min.X-hz, b.Min.Y-v, b.Max.X+hz, b.Max.Y+v)
}

// clampPad keeps the padding of box orig (padded) off the words around
// it: a label just above a wallet line or a word just before a value on
// its line stays whole; words under hidden, the boxes of all values to
// hide, are not in the way. Where the word above or below touches orig (OCR's
// boxes are generous), the rows of orig down to the first blank row are
// that word's ink, not the value's, and are left out too.
func clampPad(g *image.Gray, padded, orig image.Rectangle, words []Word, hidden []image.Rectangle) image.Rectangle {
	top, bottom := orig.Min.Y, orig.Max.Y
	// The box keeps a gap to a neighbour's ink: the line box around that
	// ink (what a reader sees as the label's place) starts above it.
	gap := max(2, orig.Dy()/5)
	near := image.Rect(padded.Min.X, padded.Min.Y-gap, padded.Max.X, padded.Max.Y+gap)
	for _, wd := range words {
		w := wd.Box
		if !w.Overlaps(near) || w.Overlaps(orig) && !touchesEdge(w, orig) {
			continue
		}
		// Another line of the value, or another value: hidden too.
		if slices.ContainsFunc(hidden, func(o image.Rectangle) bool { return o != orig && w.Overlaps(o) }) {
			continue
		}
		xOverlap := overlap1(w.Min.X, w.Max.X, padded.Min.X, padded.Max.X) > 0
		switch {
		case w.Max.Y <= orig.Min.Y+1 && xOverlap:
			padded.Min.Y = max(padded.Min.Y, min(w.Max.Y+gap, orig.Min.Y))
			if w.Max.Y >= orig.Min.Y-1 {
				top = blankRow(g, orig, orig.Min.Y, 1)
			}
		case w.Min.Y >= orig.Max.Y-1 && xOverlap:
			padded.Max.Y = min(padded.Max.Y, max(w.Min.Y-gap, orig.Max.Y))
			if w.Min.Y <= orig.Max.Y+1 {
				bottom = blankRow(g, orig, orig.Max.Y-1, -1) + 1
			}
		case w.Max.X <= orig.Min.X:
			padded.Min.X = max(padded.Min.X, w.Max.X)
		case w.Min.X >= orig.Max.X:
			padded.Max.X = min(padded.Max.X, w.Min.X)
		}
	}
	if top > orig.Min.Y {
		padded.Min.Y = max(padded.Min.Y, top)
	}
	if bottom < orig.Max.Y {
		padded.Max.Y = min(padded.Max.Y, bottom)
	}
	return padded
}

// touchesEdge reports whether w only grazes r's top or bottom row.
func touchesEdge(w, r image.Rectangle) bool {
	return w.Max.Y == r.Min.Y+1 || w.Min.Y == r.Max.Y-1
}

// blankRow returns the first row from y, stepping by step within a
// quarter of r's height, with no ink across r's width: where a touching
// neighbour's ink ends. It returns y itself when that row is blank or no
// row is. Ink is what differs from r's most common grey.
func blankRow(g *image.Gray, r image.Rectangle, y, step int) int {
	r = r.Intersect(g.Rect)
	if r.Empty() {
		return y
	}
	bg := bandBackground(g, r)
	for k, row := 0, y; k <= r.Dy()/4 && row >= r.Min.Y && row < r.Max.Y; k, row = k+1, row+step {
		if rowBlank(g, r, row, bg) {
			// A pixel more of blank, where there is one, so that the
			// box does not sit flush on the neighbour's ink.
			if next := row + step; k > 0 && next >= r.Min.Y && next < r.Max.Y && rowBlank(g, r, next, bg) {
				return next
			}
			return row
		}
	}
	return y
}

func rowBlank(g *image.Gray, r image.Rectangle, y, bg int) bool {
	for x := r.Min.X; x < r.Max.X; x++ {
		if d := int(g.Pix[g.PixOffset(x, y)]) - bg; d > 60 || d < -60 {
			return false
		}
	}
	return true
}

// growIntoInk widens b over ink just left or right of it that OCR did not
// read as a word: a "≈" or "$" the engine dropped, or the last characters
// of a value it cut short. It stops at a gap wider than about half the line
// height, and at any recognised word, except, for an address, at words
// that look like more of it.
func growIntoInk(g *image.Gray, b image.Rectangle, words []Word, addr bool) image.Rectangle {
	b = b.Intersect(g.Rect)
	if b.Empty() {
		return b
	}
	h := b.Dy()
	bg := bandBackground(g, b)
	maxGap := max(3, h/2)
	limit := 4 * h
	inWord := func(x int) bool {
		for _, wd := range words {
			w := wd.Box
			if x >= w.Min.X && x < w.Max.X && w.Min.Y < b.Max.Y && w.Max.Y > b.Min.Y && !w.In(b) {
				// An address grows through more of itself, and through
				// what OCR could not read with any confidence.
				if addr && (allAddrRunes(wd.Text) && pieceOK(wd.Text) || wd.Conf < 50) {
					continue
				}
				// Any value grows through a lone symbol or a scrap OCR
				// was unsure of: a "≈" read as "%" is part of an amount.
				if symbolOnly(wd.Text) || wd.Conf < 30 && runeCount(wd.Text) <= 2 {
					continue
				}
				// A word overlapping the band: recognised text.
				ov := min(w.Max.Y, b.Max.Y) - max(w.Min.Y, b.Min.Y)
				if ov*2 > w.Dy() {
					return true
				}
			}
		}
		return false
	}
	colInk := func(x int) bool {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			d := int(g.Pix[g.PixOffset(x, y)]) - bg
			if d > 60 || d < -60 {
				n++
			}
		}
		return n >= 2
	}
	// The value's own background region (a field, a cell, a bubble)
	// ends where a column holds little of its background: a rule
	// inked over the whole height, or another surface. Glyphs of one
	// line never fill a padded column.
	outside := func(x int) bool {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if d := int(g.Pix[g.PixOffset(x, y)]) - bg; d <= 12 && d >= -12 {
				n++
			}
		}
		return n*4 < b.Dy()
	}
	grow := func(start, step int) int {
		// Where the region ends; ink within a third of a line of that
		// is its edge (a bubble's anti-aliased, rounded border), not a
		// glyph: bubbles and fields pad their text.
		end := start + step*(limit+1)
		for x, n := start+step, 0; x >= g.Rect.Min.X && x < g.Rect.Max.X && n <= limit; x, n = x+step, n+1 {
			if outside(x) {
				end = x
				break
			}
		}
		edge, gap := start, 0
		for x, n := start+step, 0; x >= g.Rect.Min.X && x < g.Rect.Max.X && n < limit; x, n = x+step, n+1 {
			if inWord(x) || abs(end-x) <= h/3 {
				break
			}
			if colInk(x) {
				edge, gap = x, 0
				continue
			}
			gap++
			if gap > maxGap {
				break
			}
		}
		return edge
	}
	left := grow(b.Min.X, -1)
	right := grow(b.Max.X-1, 1)
	pad := max(1, h/10)
	if left < b.Min.X {
		b.Min.X = max(g.Rect.Min.X, left-pad)
	}
	if right > b.Max.X-1 {
		b.Max.X = min(g.Rect.Max.X, right+1+pad)
	}
	return b
}

// symbolOnly reports whether t has no letters or digits.
func symbolOnly(t string) bool {
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// bandBackground is the most common grey level in the columns just outside
// b: the background the value sits on.
func bandBackground(g *image.Gray, b image.Rectangle) int {
	var hist [256]int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for _, x := range []int{b.Min.X - 2, b.Min.X - 1, b.Max.X, b.Max.X + 1} {
			if x >= g.Rect.Min.X && x < g.Rect.Max.X {
				hist[g.Pix[g.PixOffset(x, y)]]++
			}
		}
		for x := b.Min.X; x < b.Max.X; x++ {
			hist[g.Pix[g.PixOffset(x, y)]]++
		}
	}
	best := 0
	for v, c := range hist {
		if c > hist[best] {
			best = v
		}
	}
	return best
}

// mergeFindings drops findings whose boxes are all inside boxes of other
// findings already hidden (a value found both by its shape and after its
// label), keeping the first.
func mergeFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Boxes, fs[j].Boxes
		if len(a) == 0 || len(b) == 0 {
			return len(a) > len(b)
		}
		if a[0].Min.Y != b[0].Min.Y {
			return a[0].Min.Y < b[0].Min.Y
		}
		return a[0].Min.X < b[0].Min.X
	})
	var out []Finding
	for _, f := range fs {
		dup := false
		if f.Redacted {
			for _, o := range out {
				if o.Redacted && boxesWithin(f.Boxes, o.Boxes) {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

func boxesWithin(inner, outer []image.Rectangle) bool {
	for _, a := range inner {
		in := false
		for _, b := range outer {
			if a.In(b) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	return len(inner) > 0
}

// toNRGBA returns a fresh NRGBA copy of img, origin at (0, 0).
func toNRGBA(img image.Image) *image.NRGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	// draw.Draw has no fast path to an NRGBA image and goes through a
	// 64-bit colour per pixel; the decoders' own types are converted
	// here, with the same arithmetic, at a tenth of the cost.
	switch src := img.(type) {
	case *image.NRGBA:
		for y := range h {
			copy(out.Pix[y*out.Stride:][:4*w], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return out
	case *image.RGBA:
		for y := range h {
			row := out.Pix[y*out.Stride:][:4*w]
			copy(row, src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
			for i := 0; i < len(row); i += 4 {
				// Premultiplied alpha equals straight alpha where a
				// pixel is opaque, as a screenshot's are.
				if a := uint32(row[i+3]); a != 0xff && a != 0 {
					for c := i; c < i+3; c++ {
						row[c] = uint8((uint32(row[c]) * 0x101 * 0xffff / (a * 0x101)) >> 8)
					}
				}
			}
		}
		return out
	case *image.YCbCr:
		for y := range h {
			row := out.Pix[y*out.Stride:][:4*w]
			for x := range w {
				yi, ci := src.YOffset(b.Min.X+x, b.Min.Y+y), src.COffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl, _ := color.YCbCr{Y: src.Y[yi], Cb: src.Cb[ci], Cr: src.Cr[ci]}.RGBA()
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r>>8), uint8(g>>8), uint8(bl>>8), 0xff
			}
		}
		return out
	}
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out
}

// String summarises the findings for logs, with masked values only.
func (r *Result) String() string {
	var parts []string
	for _, f := range r.Findings {
		if f.Redacted {
			parts = append(parts, string(f.Category)+" "+f.Masked)
		}
	}
	return strings.Join(parts, ", ")
}

// Words returns what OCR read in the image, in its pixels: the page and
// what the rescue and re-read passes read again, in place of what they
// superseded.
func (a *Analysis) Words() []Word { return slices.Clone(a.words) }
