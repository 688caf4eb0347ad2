package redact

import (
	"context"
	"image"
	"image/color"
	"testing"
)

// phaseScreen is a page with a hidden e-mail, a kept ticket and a seed
// phrase, in the default policy.
func phaseScreen() (s *screen, email, ticket, seed []Word) {
	email = at(40, 30, 18).words("li.wei88@gmail.com")
	ticket = at(40, 80, 18).words("Ticket", "#56455721")
	seed = concat(at(40, 130, 18).words(seedList[:6]...), at(40, 155, 18).words(seedList[6:]...))
	return drawScreen(700, 200, white, ink, concat(email, ticket, seed), nil), email, ticket, seed
}

func analyze(t *testing.T, p *Policy, s *screen) (*Redactor, *Analysis) {
	t.Helper()
	e, _ := s.engine()
	r := NewRedactor(p, e)
	a, err := r.Analyze(context.Background(), s.img)
	if err != nil {
		t.Fatal(err)
	}
	return r, a
}

// firstOf returns the first finding of category c in fs.
func firstOf(fs []Finding, c Category) (Finding, bool) {
	for _, f := range fs {
		if f.Category == c {
			return f, true
		}
	}
	return Finding{}, false
}

func boxUnion(bs []image.Rectangle) image.Rectangle {
	var r image.Rectangle
	for _, b := range bs {
		r = r.Union(b)
	}
	return r
}

// TestAnalyzePaintsNothing: Analyze finds what Redact hides, with the same
// boxes, and paints nothing; Apply of the policy's selection is Redact's
// image.
func TestAnalyzePaintsNothing(t *testing.T) {
	s, email, _, _ := phaseScreen()
	_, a := analyze(t, DefaultPolicy(), s)
	res := redactScreen(t, DefaultPolicy(), s)
	if len(a.Findings) != len(res.Findings) {
		t.Fatalf("Analyze found %d findings, Redact %d:\n%v\n%v", len(a.Findings), len(res.Findings), a.Findings, res.Findings)
	}
	for i := range a.Findings {
		if fa, fr := a.Findings[i], res.Findings[i]; fa.Category != fr.Category || fa.Redacted != fr.Redacted || !sameBoxes(fa.Boxes, fr.Boxes) {
			t.Errorf("finding %d: Analyze %v, Redact %v", i, fa, fr)
		}
	}
	applied := a.Apply(nil)
	if !sameIn(applied.Image, res.Image, applied.Image.Rect) {
		t.Error("Apply(nil) painted a different image from Redact")
	}
	if !sameIn(a.orig, s.img, s.img.Rect) || !sameIn(a.orig, s.img, union(email...)) {
		t.Error("the analysis holds a painted image")
	}
}

func sameBoxes(a, b []image.Rectangle) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestApplySelection: a kept ticket switched to hidden gets a cover like
// any hidden value's and loses its text; a hidden e-mail switched to
// visible is left as it was; a seed phrase is hidden whatever the
// selection says.
func TestApplySelection(t *testing.T) {
	s, email, ticket, seed := phaseScreen()
	_, a := analyze(t, DefaultPolicy(), s)
	tk, ok := firstOf(a.Findings, Ticket)
	if !ok || tk.Redacted || tk.Text == "" {
		t.Fatalf("want the ticket found and kept with its text: %v", a.Findings)
	}
	res := a.Apply(func(f Finding) bool { return f.Category == Ticket })
	got, _ := firstOf(res.Findings, Ticket)
	if !got.Redacted || got.Text != "" {
		t.Errorf("ticket switched to hidden: %+v, want Redacted with no Text", got)
	}
	if r := ticket[1].Box; !solidIn(res.Image, r, color.NRGBA{0, 0, 0, 255}) {
		t.Errorf("ticket at %v not painted over", r)
	}
	if c := boxUnion(got.Boxes); !c.In(image.Rect(0, 0, 700, 200)) || !ticket[1].Box.In(c) || c.Dy() <= ticket[1].Box.Dy() {
		t.Errorf("ticket cover %v: want it padded around %v, as hidden values are", c, ticket[1].Box)
	}
	if !sameIn(res.Image, s.img, union(email...)) {
		t.Error("the e-mail switched to visible was painted over")
	}
	if e, _ := firstOf(res.Findings, Email); e.Redacted {
		t.Errorf("e-mail switched to visible still reported hidden: %+v", e)
	}
	if !solidIn(res.Image, union(seed...), color.NRGBA{0, 0, 0, 255}) {
		t.Error("the seed phrase was left visible by a selection")
	}
	if f, _ := firstOf(a.Findings, Ticket); f.Redacted || f.Text == "" {
		t.Errorf("Apply changed the analysis: %+v", f)
	}
}

// TestApplyDrawnBox: a finding a caller appends (a box a person drew) is
// painted over its boxes, and verification checks it like any other.
func TestApplyDrawnBox(t *testing.T) {
	s, _, _, _ := phaseScreen()
	r, a := analyze(t, DefaultPolicy(), s)
	drawn := image.Rect(400, 20, 600, 60)
	a.Findings = append(a.Findings, Finding{Category: Deny, Boxes: []image.Rectangle{drawn}, Redacted: true, Masked: "(drawn)"})
	res := a.Apply(nil)
	if !solidIn(res.Image, drawn, color.NRGBA{0, 0, 0, 255}) {
		t.Fatalf("drawn box %v not painted", drawn)
	}
	if err := r.Verify(context.Background(), a, res); err != nil {
		t.Fatalf("Verify of a solid drawn box: %v", err)
	}
}

// TestNewRedactorCopiesPolicy: changing a policy after NewRedactor does
// not change what the Redactor hides.
func TestNewRedactorCopiesPolicy(t *testing.T) {
	s, _, _, _ := phaseScreen()
	p := DefaultPolicy()
	e, _ := s.engine()
	r := NewRedactor(p, e)
	if err := p.Set(Email, false); err != nil {
		t.Fatal(err)
	}
	a, err := r.Analyze(context.Background(), s.img)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := firstOf(a.Findings, Email); !ok || !f.Redacted {
		t.Errorf("e-mail after p.Set(Email, false) on the caller's policy: %+v, want still hidden", f)
	}
}
