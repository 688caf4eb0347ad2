package bundle

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// droidGz is Debian's DroidSansFallbackFull.ttf (CJK, no Latin), gzipped:
// 2.1 MB in the binary instead of 4.0 MB. It is unpacked only for documents
// that need it. See fonts/NOTICE.
//
//go:embed fonts/DroidSansFallbackFull.ttf.gz
var droidGz []byte

// Font families registered with fpdf. fpdf's UTF-8 fonts take one TrueType
// file each and the Go fonts have no CJK glyphs while Droid Sans Fallback has
// no Latin ones, so text is cut into runs and each run is set in the family
// that has its glyphs.
const (
	famLatin = "go"
	famMono  = "gomono"
	famCJK   = "droid"
)

// fonts chooses a family for each rune and measures and draws runs.
type fonts struct {
	pdf    *fpdf.Fpdf
	latin  *sfnt.Font
	bold   *sfnt.Font
	mono   *sfnt.Font
	cjk    *sfnt.Font // nil until needed
	cjkErr error
	buf    sfnt.Buffer
	fam    map[rune]string     // chosen family per rune (for the proportional face)
	widths map[string][]uint16 // family+style -> advance per BMP rune in 1/1000 em, 0 = unknown
}

func newFonts(pdf *fpdf.Fpdf) (*fonts, error) {
	latin, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("parsing Go font: %w", err)
	}
	bold, err := sfnt.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("parsing Go Bold font: %w", err)
	}
	mono, err := sfnt.Parse(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("parsing Go Mono font: %w", err)
	}
	pdf.AddUTF8FontFromBytes(famLatin, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(famLatin, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(famMono, "", gomono.TTF)
	return &fonts{pdf: pdf, latin: latin, bold: bold, mono: mono, fam: map[rune]string{}, widths: map[string][]uint16{}}, pdf.Error()
}

// loadCJK unpacks and registers the CJK font the first time a rune needs it.
func (f *fonts) loadCJK() bool {
	if f.cjk != nil || f.cjkErr != nil {
		return f.cjk != nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(droidGz))
	if err == nil {
		var ttf []byte
		ttf, err = io.ReadAll(zr)
		if err == nil {
			f.cjk, err = sfnt.Parse(ttf)
		}
		if err == nil {
			f.pdf.AddUTF8FontFromBytes(famCJK, "", ttf)
			err = f.pdf.Error()
		}
	}
	if err != nil {
		f.cjk, f.cjkErr = nil, fmt.Errorf("loading the embedded CJK font: %w", err)
	}
	return f.cjk != nil
}

func (f *fonts) has(font *sfnt.Font, r rune) bool {
	i, err := font.GlyphIndex(&f.buf, r)
	return err == nil && i != 0
}

// family returns the font family for r: the Go font when it has the glyph,
// else Droid Sans Fallback when it has it, else the Go font (which draws a
// missing-glyph box; the text stays extractable through /ToUnicode).
func (f *fonts) family(r rune, mono bool) string {
	if mono {
		if f.has(f.mono, r) || !f.needsCJK(r) {
			return famMono
		}
		return famCJK
	}
	if fam, ok := f.fam[r]; ok {
		return fam
	}
	fam := famLatin
	if f.needsCJK(r) {
		fam = famCJK
	}
	f.fam[r] = fam
	return fam
}

func (f *fonts) needsCJK(r rune) bool {
	if f.has(f.latin, r) || unicode.IsSpace(r) {
		return false
	}
	return f.loadCJK() && f.has(f.cjk, r)
}

// clean makes s safe for fpdf: fpdf's UTF-8 fonts index a 16-bit table, so
// runes beyond the Basic Multilingual Plane (emoji) become U+FFFD; control
// characters are dropped and tabs become spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r > 0xFFFF:
			return '\uFFFD'
		case unicode.IsControl(r) || r == '\u200b' || r == '\ufeff':
			return -1
		}
		return r
	}, s)
}

// A run is a stretch of text set in one family.
type run struct {
	fam  string
	text string
}

func (f *fonts) runs(s string, mono bool) []run {
	var out []run
	cur, start := "", 0
	for i, r := range s {
		fam := f.family(r, mono)
		if r == ' ' && cur != "" {
			fam = cur // spaces stay with the run they are in
		}
		if fam != cur {
			if cur != "" {
				out = append(out, run{cur, s[start:i]})
			}
			cur, start = fam, i
		}
	}
	if cur != "" {
		out = append(out, run{cur, s[start:]})
	}
	return out
}

// A style is a font style for one piece of text.
type style struct {
	size  float64 // points
	bold  bool
	mono  bool
	color [3]int
}

func (f *fonts) setFont(fam string, st style) {
	s := ""
	if st.bold && fam == famLatin {
		s = "B"
	}
	f.pdf.SetFont(fam, s, st.size)
}

// runeWidth returns the advance of r in family fam (1/1000 em), read from
// the font as fpdf does, without touching the page.
func (f *fonts) runeWidth(fam string, bold bool, r rune) float64 {
	key, font := fam, f.latin
	switch {
	case fam == famLatin && bold:
		key, font = fam+"B", f.bold
	case fam == famMono:
		font = f.mono
	case fam == famCJK:
		font = f.cjk
	}
	w := f.widths[key]
	if w == nil {
		w = make([]uint16, 0x10000)
		f.widths[key] = w
	}
	if r > 0xFFFF {
		r = '\uFFFD'
	}
	if w[r] == 0 {
		w[r] = 65535 // zero width, remembered
		if font != nil {
			i, _ := font.GlyphIndex(&f.buf, r)
			upm := font.UnitsPerEm()
			adv, err := font.GlyphAdvance(&f.buf, i, fixed.I(int(upm)), xfont.HintingNone)
			if v := math.Round(float64(adv) / 64 * 1000 / float64(upm)); err == nil && v > 0 {
				w[r] = uint16(min(v, 65534))
			}
		}
	}
	if w[r] == 65535 {
		return 0
	}
	return float64(w[r])
}

// width measures s in st, in millimetres.
func (f *fonts) width(s string, st style) float64 {
	var units float64
	for _, rn := range f.runs(s, st.mono) {
		for _, r := range rn.text {
			units += f.runeWidth(rn.fam, st.bold, r)
		}
	}
	return units * st.size / 1000 / f.pdf.GetConversionRatio()
}

// draw writes s with its left end at x and its baseline at y, switching
// families per run. CJK has no bold face, so bold CJK runs are stroked as
// well as filled.
func (f *fonts) draw(x, y float64, s string, st style) float64 {
	pdf := f.pdf
	pdf.SetTextColor(st.color[0], st.color[1], st.color[2])
	x0 := x
	for _, rn := range f.runs(s, st.mono) {
		f.setFont(rn.fam, st)
		fake := st.bold && rn.fam == famCJK
		if fake {
			pdf.SetDrawColor(st.color[0], st.color[1], st.color[2])
			lw := pdf.GetLineWidth()
			pdf.SetLineWidth(st.size * 0.035 / pdf.GetConversionRatio())
			pdf.SetTextRenderingMode(2)
			pdf.Text(x, y, rn.text)
			pdf.SetTextRenderingMode(0)
			pdf.SetLineWidth(lw)
		} else {
			pdf.Text(x, y, rn.text)
		}
		x += f.width(rn.text, st)
	}
	return x - x0
}

// Line breaking.

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0x2E80 && r <= 0x2FDF)
}

// noStart are characters that must not begin a line; they may hang past the
// right edge instead.
const noStart = "，。、；：！？）」』】〉》〕”’…%,.;:!?)]}·"

// tokens cuts a paragraph into units that a line may break between: words,
// single wide characters, and runs of spaces.
func tokens(s string) []string {
	var out []string
	start := -1
	flush := func(i int) {
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	prevSpace := false
	for i, r := range s {
		sp := r == ' '
		switch {
		case isWide(r):
			flush(i)
			out = append(out, string(r))
		case sp != prevSpace:
			flush(i)
			start = i
		case start < 0:
			start = i
		}
		prevSpace = sp
	}
	flush(len(s))
	return out
}

// wrap breaks s into lines no wider than w millimetres; "\n" forces a break.
func (f *fonts) wrap(s string, w float64, st style) []string {
	var lines []string
	for _, para := range strings.Split(clean(strings.ReplaceAll(s, "\r", "")), "\n") {
		lines = append(lines, f.wrapPara(para, w, st)...)
	}
	return lines
}

func (f *fonts) wrapPara(s string, w float64, st style) []string {
	if strings.TrimSpace(s) == "" {
		return []string{""}
	}
	var lines []string
	var line strings.Builder
	lw := 0.0
	emit := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	for _, tok := range tokens(s) {
		tw := f.width(tok, st)
		switch {
		case lw+tw <= w || lw > 0 && strings.Contains(noStart, tok) && len([]rune(tok)) == 1:
			if lw == 0 && strings.TrimSpace(tok) == "" && len(lines) > 0 {
				continue // no spaces at the start of a continued line
			}
			line.WriteString(tok)
			lw += tw
		case strings.TrimSpace(tok) == "":
			emit()
		case tw <= w:
			emit()
			line.WriteString(tok)
			lw = tw
		default: // a word wider than the line: break it between characters
			for _, r := range tok {
				rw := f.width(string(r), st)
				if lw+rw > w && lw > 0 {
					emit()
				}
				line.WriteRune(r)
				lw += rw
			}
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}

// fit shortens s with an ellipsis so that it is no wider than w.
func (f *fonts) fit(s string, w float64, st style) string {
	s = clean(s)
	if f.width(s, st) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.width(string(r)+"…", st) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
