package redact

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"image/color"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A Method is how a finding is hidden.
type Method string

// The methods. Only [Box] is the reference; [Blur] and [Pixelate] are looks
// built from the surrounding background alone (see [Obscure]).
const (
	Box      Method = "box"
	Blur     Method = "blur"
	Pixelate Method = "pixelate"
)

// A Rule says what to do with one category.
type Rule struct {
	Redact  bool
	Method  Method
	Color   color.NRGBA
	Padding int
}

// A Policy says what to hide and how. The zero Policy hides nothing; start
// from [DefaultPolicy] or [ParsePolicy].
type Policy struct {
	// Name is the preset name or the file the policy came from.
	Name          string
	Rules         map[Category]Rule
	Labels        map[Category][]string
	Allow, Deny   []string
	PhoneRegions  []string
	MinConfidence float64
}

var (
	//go:embed policies/default.yaml
	defaultPolicy []byte
	//go:embed policies/strict.yaml
	strictPolicy []byte
)

// Presets returns the names of the built-in policies.
func Presets() []string { return []string{"default", "strict"} }

// DefaultPolicy returns the built-in default policy.
func DefaultPolicy() *Policy {
	p, err := parsePolicy("default", defaultPolicy, false)
	if err != nil {
		panic("redact: built-in policy: " + err.Error())
	}
	return p
}

// PresetPolicy returns the built-in policy name, and its YAML text.
func PresetPolicy(name string) (*Policy, []byte, error) {
	var src []byte
	switch name {
	case "default":
		src = defaultPolicy
	case "strict":
		src = strictPolicy
	default:
		return nil, nil, fmt.Errorf("unknown policy preset %q (presets: %s)", name, strings.Join(Presets(), ", "))
	}
	p, err := parsePolicy(name, src, false)
	return p, src, err
}

// LoadPolicy returns the preset called ref, or else the policy in file ref,
// with the source text for the record. A ref that is neither a preset nor
// an existing file is an [UnknownPolicyError].
func LoadPolicy(ref string) (*Policy, []byte, error) {
	for _, n := range Presets() {
		if ref == n {
			return PresetPolicy(n)
		}
	}
	src, err := os.ReadFile(ref)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &UnknownPolicyError{Ref: ref}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read policy: %w", err)
	}
	p, err := ParsePolicy(ref, src)
	return p, src, err
}

// An UnknownPolicyError is a --policy argument that names neither a preset
// nor a file: most often a misspelt preset.
type UnknownPolicyError struct{ Ref string }

func (e *UnknownPolicyError) Error() string {
	return fmt.Sprintf("no policy preset or file called %q (presets: %s)", e.Ref, strings.Join(Presets(), ", "))
}

// Unwrap lets errors.Is(err, fs.ErrNotExist) see that no file was there.
func (e *UnknownPolicyError) Unwrap() error { return fs.ErrNotExist }

// A PolicyError reports a mistake in a policy file, with its line.
type PolicyError struct {
	File string
	Line int
	Msg  string
}

func (e *PolicyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// alwaysHidden are the categories no policy can keep: a recovery phrase or
// a card number in a screenshot sent to anyone gives away the money.
var alwaysHidden = map[Category]string{
	Seed: "seed cannot be kept: a recovery phrase gives away the wallet",
	Card: "card cannot be kept: a card number is enough to spend from the card",
}

// ParsePolicy parses a YAML policy file. A file changes the policy it
// extends (the default policy, or the preset named by "extends: strict")
// only where it says so: a category it does not list keeps that policy's
// rule, labels, allow and deny add to that policy's lists, and the
// top-level method, color and padding apply to every rule the file does
// not set them for. So a file holding only "method: pixelate" hides what
// the default hides, pixelated. Seed and card are always hidden (seed with
// a solid box), and a file that keeps either is an error; so are unknown
// keys and categories, each naming its line.
func ParsePolicy(name string, src []byte) (*Policy, error) {
	return parsePolicy(name, src, true)
}

// parsePolicy parses src over the policy it extends; the built-in presets
// themselves are parsed with inherit false, over a policy that keeps every
// category, so that each preset file alone says what it hides.
func parsePolicy(name string, src []byte, inherit bool) (*Policy, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	// An empty file is a valid, empty policy.
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, &PolicyError{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	perr := func(n *yaml.Node, format string, args ...any) error {
		return &PolicyError{File: name, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
	}
	var root *yaml.Node
	if len(doc.Content) > 0 && !(doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		root = doc.Content[0]
		if root.Kind != yaml.MappingNode {
			return nil, perr(root, "a policy is a mapping of keys (method, categories, …)")
		}
	}
	base := "default"
	if root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == "extends" {
				if !inherit {
					return nil, perr(k, "a built-in policy extends nothing")
				}
				if !slices.Contains(Presets(), v.Value) {
					return nil, perr(v, "extends: unknown preset %q (presets: %s)", v.Value, strings.Join(Presets(), ", "))
				}
				base = v.Value
			}
		}
	}
	p := &Policy{
		Name:          name,
		Rules:         make(map[Category]Rule),
		Labels:        make(map[Category][]string),
		MinConfidence: 0.5,
		PhoneRegions:  []string{"CN", "US", "GB"},
	}
	for _, c := range Categories() {
		p.Rules[c] = Rule{Method: Box, Padding: 3}
	}
	if inherit {
		b, _, err := PresetPolicy(base)
		if err != nil {
			return nil, err
		}
		b.Name = name
		p = b
	}
	// set records which fields of which rules the file sets, so that the
	// top-level method, color and padding fill in only the others.
	set := make(map[Category]ruleFields)
	var top Rule
	var topSet ruleFields
	var cats, labels *yaml.Node
	if root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			var err error
			switch k.Value {
			case "extends":
			case "method":
				top.Method, err = parseMethod(v, perr)
				topSet.method = true
			case "color", "colour":
				top.Color, err = parseColor(v, perr)
				topSet.color = true
			case "padding":
				top.Padding, err = parseInt(v, 0, 200, perr)
				topSet.padding = true
			case "min_confidence":
				p.MinConfidence, err = parseFloat(v, 0, 1, perr)
			case "phone_regions":
				p.PhoneRegions, err = parseStrings(v, perr)
				for i, r := range p.PhoneRegions {
					p.PhoneRegions[i] = strings.ToUpper(r)
				}
			case "categories":
				cats = v
			case "labels":
				labels = v
			case "allow":
				var ss []string
				ss, err = parseStrings(v, perr)
				p.Allow = appendNew(p.Allow, ss)
			case "deny":
				var ss []string
				ss, err = parseStrings(v, perr)
				p.Deny = appendNew(p.Deny, ss)
			default:
				err = perr(k, "unknown key %q (known: extends, method, color, padding, min_confidence, phone_regions, categories, labels, allow, deny)", k.Value)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if cats != nil {
		if cats.Kind != yaml.MappingNode {
			return nil, perr(cats, "categories: expected a mapping such as \"email: redact\"")
		}
		for i := 0; i+1 < len(cats.Content); i += 2 {
			k, v := cats.Content[i], cats.Content[i+1]
			c, err := ParseCategory(k.Value)
			if err != nil {
				return nil, perr(k, "%v", err)
			}
			r, f, err := parseRule(v, p.Rules[c], perr)
			if err != nil {
				return nil, err
			}
			if msg, ok := alwaysHidden[c]; ok && !r.Redact {
				return nil, perr(v, "%s", msg)
			}
			p.Rules[c] = r
			set[c] = f
		}
	}
	for _, c := range Categories() {
		r, f := p.Rules[c], set[c]
		if topSet.method && !f.method {
			r.Method = top.Method
		}
		if topSet.color && !f.color {
			r.Color = top.Color
		}
		if topSet.padding && !f.padding {
			r.Padding = top.Padding
		}
		if _, ok := alwaysHidden[c]; ok {
			r.Redact = true
		}
		p.Rules[c] = r
	}
	// Seeds are always hidden with a solid box.
	seed := p.Rules[Seed]
	seed.Method = Box
	p.Rules[Seed] = seed
	if labels != nil {
		if labels.Kind != yaml.MappingNode {
			return nil, perr(labels, "labels: expected a mapping of category to a list of labels")
		}
		for i := 0; i+1 < len(labels.Content); i += 2 {
			k, v := labels.Content[i], labels.Content[i+1]
			c, err := ParseCategory(k.Value)
			if err != nil {
				return nil, perr(k, "%v", err)
			}
			ls, err := parseStrings(v, perr)
			if err != nil {
				return nil, err
			}
			for _, l := range ls {
				if strings.TrimSpace(l) == "" {
					return nil, perr(v, "labels: empty label")
				}
			}
			p.Labels[c] = appendNew(p.Labels[c], ls)
		}
	}
	return p, nil
}

// appendNew returns a followed by the strings of b that a lacks, in order.
func appendNew(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

type perrFunc func(n *yaml.Node, format string, args ...any) error

// ruleFields says which fields a category's rule in a file sets.
type ruleFields struct{ method, color, padding bool }

// parseRule parses one category's rule over def, the rule it replaces.
func parseRule(v *yaml.Node, def Rule, perr perrFunc) (Rule, ruleFields, error) {
	r := def
	var f ruleFields
	if v.Kind == yaml.ScalarNode {
		a, err := parseAction(v, perr)
		r.Redact = a
		return r, f, err
	}
	if v.Kind != yaml.MappingNode {
		return r, f, perr(v, "expected redact, keep, or a mapping with action, method, color, padding")
	}
	seen := false
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		var err error
		switch k.Value {
		case "action":
			r.Redact, err = parseAction(x, perr)
			seen = true
		case "method":
			r.Method, err = parseMethod(x, perr)
			f.method = true
		case "color", "colour":
			r.Color, err = parseColor(x, perr)
			f.color = true
		case "padding":
			r.Padding, err = parseInt(x, 0, 200, perr)
			f.padding = true
		default:
			err = perr(k, "unknown key %q (known: action, method, color, padding)", k.Value)
		}
		if err != nil {
			return r, f, err
		}
	}
	if !seen {
		return r, f, perr(v, "missing action (redact or keep)")
	}
	return r, f, nil
}

func parseAction(v *yaml.Node, perr perrFunc) (bool, error) {
	switch strings.ToLower(v.Value) {
	case "redact", "hide":
		return true, nil
	case "keep":
		return false, nil
	}
	return false, perr(v, "unknown action %q (use redact or keep)", v.Value)
}

func parseMethod(v *yaml.Node, perr perrFunc) (Method, error) {
	switch m := Method(strings.ToLower(v.Value)); m {
	case Box, Blur, Pixelate:
		return m, nil
	}
	return "", perr(v, "unknown method %q (use box, blur or pixelate)", v.Value)
}

func parseColor(v *yaml.Node, perr perrFunc) (color.NRGBA, error) {
	c, err := ParseColor(v.Value)
	if err != nil {
		return c, perr(v, "%v", err)
	}
	return c, nil
}

// ParseColor parses "#rgb", "#rrggbb", "black", "white" or "auto". Auto is
// returned as the zero colour (alpha 0): black on light backgrounds, grey on
// dark ones, so that a box stays visible as a redaction in dark mode.
func ParseColor(s string) (color.NRGBA, error) {
	switch strings.ToLower(s) {
	case "auto":
		return color.NRGBA{}, nil
	case "black":
		return color.NRGBA{A: 255}, nil
	case "white":
		return color.NRGBA{255, 255, 255, 255}, nil
	}
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 || len(s) == len(h) {
		return color.NRGBA{}, fmt.Errorf("bad colour %q (use #rrggbb)", s)
	}
	n, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, fmt.Errorf("bad colour %q (use #rrggbb)", s)
	}
	return color.NRGBA{uint8(n >> 16), uint8(n >> 8), uint8(n), 255}, nil
}

func parseInt(v *yaml.Node, lo, hi int, perr perrFunc) (int, error) {
	n, err := strconv.Atoi(v.Value)
	if err != nil || n < lo || n > hi {
		return 0, perr(v, "expected a whole number from %d to %d, got %q", lo, hi, v.Value)
	}
	return n, nil
}

func parseFloat(v *yaml.Node, lo, hi float64, perr perrFunc) (float64, error) {
	f, err := strconv.ParseFloat(v.Value, 64)
	if err != nil || !(f >= lo && f <= hi) {
		return 0, perr(v, "expected a number from %g to %g, got %q", lo, hi, v.Value)
	}
	return f, nil
}

func parseStrings(v *yaml.Node, perr perrFunc) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, perr(v, "expected a list such as [a, b]")
	}
	out := make([]string, 0, len(v.Content))
	for _, x := range v.Content {
		if x.Kind != yaml.ScalarNode {
			return nil, perr(x, "expected a plain string")
		}
		out = append(out, x.Value)
	}
	return out, nil
}

// Set changes one category's action, as the --redact and --keep flags do.
// Seed and card cannot be kept.
func (p *Policy) Set(c Category, redact bool) error {
	if msg, ok := alwaysHidden[c]; ok && !redact {
		return errors.New(msg)
	}
	r := p.Rules[c]
	r.Redact = redact
	p.Rules[c] = r
	return nil
}

// clone returns a deep copy of p.
func (p *Policy) clone() *Policy {
	c := *p
	c.Rules = maps.Clone(p.Rules)
	c.Labels = make(map[Category][]string, len(p.Labels))
	for k, v := range p.Labels {
		c.Labels[k] = slices.Clone(v)
	}
	c.Allow, c.Deny, c.PhoneRegions = slices.Clone(p.Allow), slices.Clone(p.Deny), slices.Clone(p.PhoneRegions)
	return &c
}

// Format returns p as policy YAML that [ParsePolicy] reads back to an
// equal policy. Every category gets an explicit rule.
func (p *Policy) Format() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "min_confidence: %s\n", strconv.FormatFloat(p.MinConfidence, 'g', -1, 64))
	fmt.Fprintf(&b, "phone_regions: %s\n", yamlList(p.PhoneRegions))
	b.WriteString("categories:\n")
	for _, c := range Categories() {
		r := p.Rules[c]
		action := "keep"
		if r.Redact {
			action = "redact"
		}
		col := "auto"
		if r.Color.A != 0 {
			col = fmt.Sprintf("\"#%02x%02x%02x\"", r.Color.R, r.Color.G, r.Color.B)
		}
		fmt.Fprintf(&b, "  %s: {action: %s, method: %s, color: %s, padding: %d}\n", c, action, r.Method, col, r.Padding)
	}
	b.WriteString("labels:")
	if len(p.Labels) == 0 {
		b.WriteString(" {}")
	}
	b.WriteString("\n")
	cs := make([]string, 0, len(p.Labels))
	for c := range p.Labels {
		cs = append(cs, string(c))
	}
	sort.Strings(cs)
	for _, c := range cs {
		fmt.Fprintf(&b, "  %s: %s\n", c, yamlList(p.Labels[Category(c)]))
	}
	fmt.Fprintf(&b, "allow: %s\n", yamlList(p.Allow))
	fmt.Fprintf(&b, "deny: %s\n", yamlList(p.Deny))
	return b.Bytes()
}

func yamlList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (p *Policy) detectors() *detectors {
	d := &detectors{regions: p.PhoneRegions, deny: p.Deny, allow: p.Allow}
	for _, c := range Categories() {
		for _, l := range p.Labels[c] {
			d.labels = append(d.labels, newLabel(l, c))
		}
	}
	// Longer labels first: "Phone number" before "Phone".
	sort.SliceStable(d.labels, func(i, j int) bool { return len(d.labels[i].text) > len(d.labels[j].text) })
	return d
}
