package redact

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestPresets(t *testing.T) {
	for _, name := range Presets() {
		p, src, err := PresetPolicy(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Name != name || len(src) == 0 {
			t.Errorf("%s: Name %q, %d bytes of source", name, p.Name, len(src))
		}
		for _, c := range Categories() {
			r, ok := p.Rules[c]
			if !ok || r.Method != Box || r.Color != (color.NRGBA{}) {
				t.Errorf("%s: %s rule %+v, want box in the automatic colour", name, c, r)
			}
			kept := c == TxID || c == Ticket
			if name == "default" && r.Redact == kept {
				t.Errorf("default: %s redact=%v", c, r.Redact)
			}
			if name == "strict" && !r.Redact {
				t.Errorf("strict: %s kept", c)
			}
		}
		if !slices.Equal(p.PhoneRegions, []string{"CN", "US", "GB"}) {
			t.Errorf("%s: regions %v", name, p.PhoneRegions)
		}
		if !slices.Contains(p.Labels[Account], "UID") || !slices.Contains(p.Labels[Phone], "手机号") ||
			!slices.Contains(p.Labels[Seed], "Private key") {
			t.Errorf("%s: labels %v", name, p.Labels)
		}
		// The labels must compile and must not shadow one another
		// badly: longest first.
		d := p.detectors()
		for i := 1; i < len(d.labels); i++ {
			if len(d.labels[i].text) > len(d.labels[i-1].text) {
				t.Errorf("%s: label %q after shorter %q", name, d.labels[i].text, d.labels[i-1].text)
			}
		}
	}
	def, _, _ := PresetPolicy("default")
	strict, _, _ := PresetPolicy("strict")
	if def.Rules[Email].Padding != 3 || def.MinConfidence != 0.5 || strict.Rules[Email].Padding != 6 || strict.MinConfidence != 0.3 {
		t.Errorf("padding %d/%d, min confidence %v/%v", def.Rules[Email].Padding, strict.Rules[Email].Padding, def.MinConfidence, strict.MinConfidence)
	}
	if !reflect.DeepEqual(DefaultPolicy(), def) {
		t.Error("DefaultPolicy differs from PresetPolicy(\"default\")")
	}
	if _, _, err := PresetPolicy("lax"); err == nil || !strings.Contains(err.Error(), "default, strict") {
		t.Errorf("PresetPolicy(lax) = %v, want an error listing the presets", err)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"unknown key", "method: box\npadding: 3\nmethdo: blur\n", 3, `unknown key "methdo"`},
		{"unknown category", "categories:\n  email: redact\n  phone: redact\n  emails: keep\n", 4, `unknown category "emails"`},
		{"bad method", "padding: 2\nmethod: smudge\n", 2, `unknown method "smudge"`},
		{"bad method in category", "categories:\n  email:\n    action: redact\n    method: smudge\n", 4, `unknown method "smudge"`},
		{"bad colour name", "color: red\n", 1, `bad colour "red"`},
		{"bad colour length", "\ncolor: \"#12345\"\n", 2, `bad colour "#12345"`},
		{"bad colour digits", "color: \"#ggg\"\n", 1, `bad colour "#ggg"`},
		{"colour without hash", "color: ffffff\n", 1, `bad colour "ffffff"`},
		{"padding negative", "padding: -1\n", 1, "from 0 to 200"},
		{"padding too large", "\n\npadding: 201\n", 3, "from 0 to 200"},
		{"padding not a number", "padding: ten\n", 1, "from 0 to 200"},
		{"padding in category", "categories:\n  card: {action: redact, padding: 999}\n", 2, "from 0 to 200"},
		{"min confidence", "min_confidence: 1.5\n", 1, "from 0 to 1"},
		{"seed keep", "categories:\n  email: redact\n  seed: keep\n", 3, "seed cannot be kept"},
		{"seed keep mapping", "categories:\n  seed:\n    action: keep\n", 3, "seed cannot be kept"},
		{"card keep", "categories:\n  card: keep\n", 2, "card cannot be kept"},
		{"extends unknown", "extends: lax\n", 1, `unknown preset "lax"`},
		{"unknown action", "categories:\n  email: hidee\n", 2, `unknown action "hidee"`},
		{"unknown rule key", "categories:\n  email:\n    action: redact\n    colr: black\n", 4, `unknown key "colr"`},
		{"missing action", "categories:\n  email:\n    method: blur\n", 3, "missing action"},
		{"rule a list", "categories:\n  email: [redact]\n", 2, "expected redact, keep, or a mapping"},
		{"categories a list", "categories:\n  - email\n", 2, "expected a mapping"},
		{"labels unknown category", "labels:\n  nmae: [Name]\n", 2, `unknown category "nmae"`},
		{"labels empty label", "labels:\n  name: [Name, \" \"]\n", 2, "empty label"},
		{"labels not a list", "labels:\n  name: Name\n", 2, "expected a list"},
		{"labels not a mapping", "labels: [Name]\n", 1, "expected a mapping"},
		{"allow not a list", "allow: me@example.com\n", 1, "expected a list"},
		{"deny item a mapping", "deny:\n  - {name: x}\n", 2, "expected a plain string"},
		{"regions not a list", "phone_regions: CN\n", 1, "expected a list"},
		{"root a list", "- method: box\n", 1, "a policy is a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy("my.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error, policy %+v", p)
			}
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *PolicyError", err, err)
			}
			prefix := fmt.Sprintf("my.yaml:%d: ", tc.line)
			if pe.Line != tc.line || pe.File != "my.yaml" || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q, want %q…%q", err, prefix, tc.msg)
			}
		})
	}
	// A YAML syntax error names the file too.
	_, err := ParsePolicy("bad.yaml", []byte("method: box\n\tpadding: 3\n"))
	var pe *PolicyError
	if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "bad.yaml:") {
		t.Errorf("syntax error %v, want a *PolicyError naming bad.yaml", err)
	}
}

func TestParsePolicyRules(t *testing.T) {
	src := `method: blur
color: "#333"
padding: 5
min_confidence: 0.7
phone_regions: [cn, de]
categories:
  email: redact
  phone: {action: redact, method: pixelate, color: "#ff0000", padding: 10}
  card:
    action: hide
    colour: white
  txid: KEEP
  Ticket: redact
labels:
  name: [Nickname]
  account: [Wallet ID]
  name: [昵称]
allow: [help@exchange.example]
deny: [Li Wei, cryptofan]
`
	p, err := ParsePolicy("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	grey := color.NRGBA{0x33, 0x33, 0x33, 255}
	want := map[Category]Rule{
		Email:   {Redact: true, Method: Blur, Color: grey, Padding: 5},
		Phone:   {Redact: true, Method: Pixelate, Color: color.NRGBA{255, 0, 0, 255}, Padding: 10},
		Card:    {Redact: true, Method: Blur, Color: color.NRGBA{255, 255, 255, 255}, Padding: 5},
		TxID:    {Redact: false, Method: Blur, Color: grey, Padding: 5},
		Ticket:  {Redact: true, Method: Blur, Color: grey, Padding: 5},
		Address: {Redact: true, Method: Blur, Color: grey, Padding: 5}, // not listed: the default's rule, in the file's look
		Seed:    {Redact: true, Method: Box, Color: grey, Padding: 5},  // not listed: hidden, solid
	}
	for c, w := range want {
		if got := p.Rules[c]; got != w {
			t.Errorf("%s: %+v, want %+v", c, got, w)
		}
	}
	if p.MinConfidence != 0.7 || !slices.Equal(p.PhoneRegions, []string{"CN", "DE"}) ||
		!slices.Equal(p.Labels[Name][len(p.Labels[Name])-2:], []string{"Nickname", "昵称"}) || !slices.Contains(p.Labels[Name], "姓名") ||
		!slices.Contains(p.Labels[Account], "Wallet ID") || !slices.Contains(p.Labels[Account], "UID") ||
		!slices.Equal(p.Allow, []string{"help@exchange.example"}) || !slices.Equal(p.Deny, []string{"Li Wei", "cryptofan"}) {
		t.Errorf("policy %+v", p)
	}
	// A seed rule asking for blur still gets a solid box.
	p, err = ParsePolicy("s.yaml", []byte("categories:\n  seed: {action: redact, method: blur}\n"))
	if err != nil || p.Rules[Seed].Method != Box || !p.Rules[Seed].Redact {
		t.Errorf("seed rule %+v, %v; want a box", p.Rules[Seed], err)
	}
}

// TestParsePolicyEmpty: a file that says nothing is the default policy.
func TestParsePolicyEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only a comment\n"} {
		p, err := ParsePolicy("empty.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		def := DefaultPolicy()
		def.Name = p.Name
		if !reflect.DeepEqual(p, def) {
			t.Errorf("%q: policy %+v, want the default", src, p)
		}
	}
}

// TestParsePolicyInherits: a file changes the policy it extends only where
// it says so; nothing it leaves out is unhidden.
func TestParsePolicyInherits(t *testing.T) {
	def := DefaultPolicy()
	strict := mustPreset(t, "strict")
	for _, tc := range []struct {
		name string
		src  string
		// want returns the rules the file should give, from the preset it extends.
		base *Policy
		edit func(rules map[Category]Rule)
	}{
		{"method only", "method: pixelate\n", def, func(r map[Category]Rule) {
			for c, x := range r {
				if c != Seed {
					x.Method = Pixelate
				}
				r[c] = x
			}
		}},
		{"padding and colour", "padding: 9\ncolor: white\n", def, func(r map[Category]Rule) {
			for c, x := range r {
				x.Padding, x.Color = 9, color.NRGBA{255, 255, 255, 255}
				r[c] = x
			}
		}},
		{"one category kept", "categories:\n  balance: keep\n", def, func(r map[Category]Rule) {
			x := r[Balance]
			x.Redact = false
			r[Balance] = x
		}},
		{"category method beats top method", "method: blur\ncategories:\n  email: {action: redact, method: pixelate}\n", def, func(r map[Category]Rule) {
			for c, x := range r {
				if c != Seed {
					x.Method = Blur
				}
				r[c] = x
			}
			x := r[Email]
			x.Method = Pixelate
			r[Email] = x
		}},
		{"extends strict", "extends: strict\ncategories:\n  txid: keep\n", strict, func(r map[Category]Rule) {
			x := r[TxID]
			x.Redact = false
			r[TxID] = x
		}},
		{"extends default explicitly", "extends: default\n", def, func(map[Category]Rule) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy("p.yaml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			want := make(map[Category]Rule)
			for c, r := range tc.base.Rules {
				want[c] = r
			}
			tc.edit(want)
			for _, c := range Categories() {
				if p.Rules[c] != want[c] {
					t.Errorf("%s: %+v, want %+v", c, p.Rules[c], want[c])
				}
			}
			if !reflect.DeepEqual(p.Labels, tc.base.Labels) || p.MinConfidence != tc.base.MinConfidence {
				t.Errorf("labels or thresholds changed: %v %v", p.Labels, p.MinConfidence)
			}
		})
	}
}

// TestParsePolicyREADME: the example policy of the README, verbatim, hides
// every category the default hides except what it keeps, and adds its
// labels, allow and deny lists.
func TestParsePolicyREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Policy\n")
	_, after, ok2 := strings.Cut(after, "```yaml\n")
	src, _, ok3 := strings.Cut(after, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no yaml example under ## Policy")
	}
	p, err := ParsePolicy("README.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Category{Email, Phone, Address, Balance, Wallet, IDNum, Card, Seed, Name, Account} {
		if !p.Rules[c].Redact {
			t.Errorf("README policy keeps %s", c)
		}
	}
	if p.Rules[Balance].Method != Pixelate || p.Rules[TxID].Redact || !slices.Contains(p.Deny, "Li Wei") ||
		!slices.Contains(p.Labels[Name], "Legal name") || !slices.Contains(p.Allow, "support@example.com") {
		t.Errorf("README policy %+v", p)
	}
}

// TestPolicyAlwaysHidden: no file and no flag keeps seed or card.
func TestPolicyAlwaysHidden(t *testing.T) {
	for _, c := range []Category{Seed, Card} {
		for _, src := range []string{
			"categories:\n  " + string(c) + ": keep\n",
			"categories:\n  " + string(c) + ": {action: keep}\n",
			"extends: strict\ncategories:\n  " + string(c) + ": keep\n",
		} {
			if _, err := ParsePolicy("p.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), string(c)+" cannot be kept") {
				t.Errorf("%q: %v, want an error", src, err)
			}
		}
		p := DefaultPolicy()
		if err := p.Set(c, false); err == nil || !p.Rules[c].Redact {
			t.Errorf("Set(%s, keep) = %v; rule %+v", c, err, p.Rules[c])
		}
	}
}

// TestParsePolicyDocumentMarker: "---" alone is an empty YAML document, as
// empty as an empty file.
func TestParsePolicyDocumentMarker(t *testing.T) {
	if _, err := ParsePolicy("empty.yaml", []byte("---\n")); err != nil {
		t.Errorf("a policy file holding only the document marker \"---\" is refused: %v", err)
	}
}

func TestParseColor(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want color.NRGBA
		ok   bool
	}{
		{"auto", color.NRGBA{}, true},
		{"AUTO", color.NRGBA{}, true},
		{"black", color.NRGBA{0, 0, 0, 255}, true},
		{"White", color.NRGBA{255, 255, 255, 255}, true},
		{"#000", color.NRGBA{0, 0, 0, 255}, true},
		{"#fA0", color.NRGBA{0xff, 0xaa, 0, 255}, true},
		{"#123456", color.NRGBA{0x12, 0x34, 0x56, 255}, true},
		{"123456", color.NRGBA{}, false},
		{"#12345", color.NRGBA{}, false},
		{"#1234567", color.NRGBA{}, false},
		{"#12345g", color.NRGBA{}, false},
		{"#-12345", color.NRGBA{}, false},
		{"#+12345", color.NRGBA{}, false},
		{"", color.NRGBA{}, false},
		{"red", color.NRGBA{}, false},
	} {
		got, err := ParseColor(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseCategory(t *testing.T) {
	for _, c := range Categories() {
		if got, err := ParseCategory(" " + strings.ToUpper(string(c)) + " "); err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, err)
		}
	}
	for _, s := range []string{"deny", "protect", "", "e-mail"} {
		if _, err := ParseCategory(s); err == nil || !strings.Contains(err.Error(), "known: email, phone") {
			t.Errorf("ParseCategory(%q) = %v, want an error listing the categories", s, err)
		}
	}
}

func TestLoadPolicy(t *testing.T) {
	for _, name := range Presets() {
		p, src, err := LoadPolicy(name)
		want, wsrc, _ := PresetPolicy(name)
		if err != nil || !reflect.DeepEqual(p, want) || !bytes.Equal(src, wsrc) {
			t.Errorf("LoadPolicy(%q) = %v", name, err)
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "team policy.yaml")
	text := "categories:\n  email: redact\ndeny: [Li Wei]\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	p, src, err := LoadPolicy(file)
	if err != nil || p.Name != file || string(src) != text || !p.Rules[Email].Redact || !p.Rules[Phone].Redact || !slices.Equal(p.Deny, []string{"Li Wei"}) {
		t.Errorf("LoadPolicy(file) = %+v, %q, %v", p, src, err)
	}

	for _, ref := range []string{filepath.Join(dir, "missing.yaml"), "nope", "Default"} {
		_, _, err = LoadPolicy(ref)
		var ue *UnknownPolicyError
		if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &ue) || !strings.Contains(err.Error(), "presets: default, strict") {
			t.Errorf("LoadPolicy(%q): %v, want an UnknownPolicyError naming the presets", ref, err)
		}
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("categories:\n  emial: redact\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadPolicy(bad)
	if !strings.HasPrefix(fmt.Sprint(err), bad+":2: ") {
		t.Errorf("bad file: %v, want it to start %q", err, bad+":2: ")
	}
}

// samePolicy compares policies the way ParsePolicy's result means them: the
// name aside, and a missing list the same as an empty one.
func samePolicy(a, b *Policy) bool {
	norm := func(p *Policy) Policy {
		q := *p
		q.Name = ""
		for _, s := range []*[]string{&q.Allow, &q.Deny, &q.PhoneRegions} {
			if len(*s) == 0 {
				*s = nil
			}
		}
		q.Labels = make(map[Category][]string)
		for c, ls := range p.Labels {
			if len(ls) == 0 {
				ls = nil
			}
			q.Labels[c] = ls
		}
		return q
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func TestPolicyFormatRoundTrip(t *testing.T) {
	custom, err := ParsePolicy("c", []byte(`method: pixelate
color: "#102030"
padding: 0
min_confidence: 0.25
phone_regions: [DE]
categories:
  email: {action: redact, method: blur, color: white, padding: 200}
  txid: redact
labels:
  name: ["Name \"quoted\"", 'back\slash', "tab\there", 昵称]
allow: ["a@b.example"]
deny: ["Li Wei", "x: y", "- z", "#hash", "[x]"]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Policy{DefaultPolicy(), mustPreset(t, "strict"), custom} {
		q, err := ParsePolicy("again", p.Format())
		if err != nil {
			t.Fatalf("%s: Format output does not parse: %v\n%s", p.Name, err, p.Format())
		}
		if !samePolicy(p, q) {
			t.Errorf("%s: round trip changed the policy\nbefore %+v\nafter  %+v", p.Name, p, q)
		}
		if !bytes.Equal(q.Format(), p.Format()) {
			t.Errorf("%s: Format is not stable", p.Name)
		}
	}
}

// TestPolicyFormatNoLabels: Format writes "labels:" with nothing under it,
// which ParsePolicy reads as null, not as a mapping.
func TestPolicyFormatNoLabels(t *testing.T) {
	p, err := ParsePolicy("empty", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePolicy("again", p.Format()); err != nil {
		t.Errorf("Format of a policy without labels does not parse: %v", err)
	}
}

// TestPolicyMinConfidenceNaN: NaN passes the range check (every comparison
// with NaN is false) and then hides nothing less than anything else.
func TestPolicyMinConfidenceNaN(t *testing.T) {
	p, err := ParsePolicy("nan", []byte("min_confidence: nan\n"))
	if err == nil {
		t.Errorf("min_confidence: nan is accepted (MinConfidence=%v)", p.MinConfidence)
	}
}

func mustPreset(t testing.TB, name string) *Policy {
	t.Helper()
	p, _, err := PresetPolicy(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzPolicy: whatever ParsePolicy accepts, Format writes back as a policy
// that means the same; and its labels compile into detectors.
func FuzzPolicy(f *testing.F) {
	f.Add(defaultPolicy)
	f.Add(strictPolicy)
	f.Add([]byte(""))
	f.Add([]byte("method: blur\ncolor: \"#abc\"\npadding: 7\ncategories:\n  email: {action: redact, method: pixelate, color: white, padding: 0}\n  txid: keep\n"))
	f.Add([]byte("labels:\n  name: [\"a\\tb\", 'c''d', \"\\u00e9\"]\n  name: [x]\nallow: []\ndeny: [\"Li Wei\", \"\\x01\"]\nphone_regions: [gb]\n"))
	f.Add([]byte("min_confidence: 1e-3\ncategories:\n  seed: redact\n  SEED: hide\n"))
	f.Add([]byte("min_confidence: nan\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParsePolicy("fuzz", src)
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.File != "fuzz" {
				t.Fatalf("error %T %v, want a *PolicyError naming the file", err, err)
			}
			return
		}
		if math.IsNaN(p.MinConfidence) {
			t.Error("min_confidence NaN accepted (TestPolicyMinConfidenceNaN)")
		}
		out := p.Format()
		q, err := ParsePolicy("again", out)
		if err != nil {
			t.Fatalf("Format output does not parse: %v\n%s", err, out)
		}
		if !samePolicy(p, q) {
			t.Fatalf("round trip changed the policy\nbefore %+v\nafter  %+v\n%s", p, q, out)
		}
		if !q.Rules[Seed].Redact || q.Rules[Seed].Method != Box {
			t.Fatalf("seed rule %+v", q.Rules[Seed])
		}
		_ = q.detectors()
	})
}
