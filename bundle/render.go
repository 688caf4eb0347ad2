package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// anchors records where sections and screenshots landed in the first pass,
// so that the second can print page numbers and link to them.
type anchors struct {
	pages int
	at    map[string]anchorPos
}

type anchorPos struct {
	page int
	y    float64
}

func (a *anchors) page(name string) int {
	if a == nil {
		return 0
	}
	return a.at[name].page
}

type rendered struct {
	pdf     []byte
	anchors *anchors
}

// doc renders one pass of the document.
type doc struct {
	o       Options
	l       *labels
	plans   []*shotPlan
	shots   []Shot
	events  []timelineRow
	anchors *anchors // from the first pass; nil during it

	pdf   *fpdf.Fpdf
	f     *fonts
	title string
	y     float64
	rec   *anchors
	links map[string]int
}

func (d *doc) final() bool { return d.anchors != nil }

// render draws the whole document. With prev == nil it is the layout pass:
// images are left out and page numbers are not known yet.
func (d *doc) render(prev *anchors) (rendered, error) {
	d.anchors = prev
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	d.pdf = pdf
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	created := d.o.Created.UTC().Truncate(time.Second)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	d.title = d.o.MaskOwn(strings.TrimSpace(d.o.Title))
	if d.title == "" {
		d.title = d.o.MaskOwn(strings.TrimSpace(d.o.Statement.Title))
	}
	if d.title == "" {
		d.title = d.l.defTitle[d.o.Category]
	}
	pdf.SetTitle(d.title, true)
	creator := "redactpack " + d.o.Version
	pdf.SetCreator(creator, true)
	pdf.SetProducer(creator, true)
	pdf.SetLang(d.l.lang)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, contentTop, margin)
	pdf.SetDisplayMode("fullwidth", "single")
	f, err := newFonts(pdf)
	if err != nil {
		return rendered{}, err
	}
	d.f = f
	d.rec = &anchors{at: map[string]anchorPos{}}
	d.links = map[string]int{}
	if d.final() {
		for name, pos := range d.anchors.at {
			id := pdf.AddLink()
			pdf.SetLink(id, pos.y, pos.page)
			d.links[name] = id
		}
	}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)

	d.cover()
	d.checklist()
	d.contents()
	d.timeline()
	for i := range d.plans {
		d.shot(i)
	}
	d.appendix()

	if f.cjkErr != nil {
		return rendered{}, f.cjkErr
	}
	d.rec.pages = pdf.PageNo()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return rendered{}, fmt.Errorf("rendering PDF: %w", err)
	}
	out := buf.Bytes()
	if d.final() {
		if out, err = orderImages(out, d.imageRank()); err != nil {
			return rendered{}, fmt.Errorf("rendering PDF: ordering images: %w", err)
		}
	}
	return rendered{pdf: out, anchors: d.rec}, nil
}

// imageRank returns, for an image stream of the PDF, the index of the
// first screenshot that embeds it, or -1. fpdf embeds a JPEG as it is and
// of a PNG its image data.
func (d *doc) imageRank() func(stream []byte) int {
	first := make(map[[32]byte]int, len(d.plans))
	for i, p := range d.plans {
		data := p.enc.data
		if p.enc.format == "PNG" {
			data = pngIDAT(data)
		}
		if _, ok := first[sha256.Sum256(data)]; !ok {
			first[sha256.Sum256(data)] = i
		}
	}
	return func(stream []byte) int {
		if i, ok := first[sha256.Sum256(stream)]; ok {
			return i
		}
		return -1
	}
}

// Page furniture.

func (d *doc) pageWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	return w
}

func (d *doc) newPage(landscape bool) {
	if landscape {
		d.pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
	} else {
		d.pdf.AddPageFormat("P", fpdf.SizeType{Wd: pageW, Ht: pageH})
	}
	d.y = contentTop
	if d.pdf.PageNo() == 1 {
		d.y = 20
	}
}

// need starts a new page unless h millimetres fit on this one.
func (d *doc) need(h float64) bool {
	_, ph := d.pdf.GetPageSize()
	if d.y+h > ph-(pageH-bottomY) {
		d.newPage(false)
		return true
	}
	return false
}

func (d *doc) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	pw := d.pageWidth()
	st := style{size: 8, color: colMuted}
	right := d.l.kind
	if d.o.Ticket != "" {
		right = d.l.ticket + " " + d.o.Ticket
	}
	rw := d.f.width(right, st)
	d.f.draw(pw-margin-rw, headerY, right, st)
	d.f.draw(margin, headerY, d.f.fit(d.title, pw-2*margin-rw-8, st), st)
	d.rule(margin, headerY+3, pw-margin, headerY+3, colRule, 0.2)
}

func (d *doc) footer() {
	pw, ph := d.pdf.GetPageSize()
	y := footerY - (pageH - ph)
	st := style{size: 8, color: colMuted}
	d.rule(margin, y-5, pw-margin, y-5, colRule, 0.2)
	total := d.pdf.PageNo()
	if d.final() {
		total = d.anchors.pages
	}
	num := fmt.Sprintf("%d / %d", d.pdf.PageNo(), total)
	d.f.draw(pw-margin-d.f.width(num, st), y, num, st)
	left := "redactpack " + d.o.Version
	if d.o.Ticket != "" {
		left = d.l.ticket + " " + d.o.Ticket + "  ·  " + left
	}
	d.f.draw(margin, y, left, st)
}

func (d *doc) rule(x1, y1, x2, y2 float64, c [3]int, w float64) {
	d.pdf.SetDrawColor(c[0], c[1], c[2])
	d.pdf.SetLineWidth(w)
	d.pdf.Line(x1, y1, x2, y2)
}

func (d *doc) fill(x, y, w, h float64, c [3]int) {
	d.pdf.SetFillColor(c[0], c[1], c[2])
	d.pdf.Rect(x, y, w, h, "F")
}

// anchor records a named place (this page, this height) for links.
func (d *doc) anchor(name string) {
	d.rec.at[name] = anchorPos{page: d.pdf.PageNo(), y: d.y}
}

func (d *doc) bookmark(text string, level int) {
	d.f.setFont(famLatin, style{size: 10})
	d.pdf.Bookmark(clean(text), level, d.y)
}

// link makes a rectangle a link to a named anchor (final pass only).
func (d *doc) link(x, y, w, h float64, name string) {
	if id, ok := d.links[name]; ok {
		d.pdf.Link(x, y, w, h, id)
	}
}

// pt converts points to millimetres.
func pt(v float64) float64 { return v * 25.4 / 72 }

// text draws wrapped text in the column [x, x+w) from d.y, breaking pages
// as needed.
func (d *doc) text(s string, x, w float64, st style, lh float64) {
	d.textMD(s, x, w, st, lh, false)
}

// textMD is text with, when md is set, a little Markdown (for the
// statement): lines starting with "- ", "* " or "• " become bullets,
// headings are bold, underlines and rules are left out.
func (d *doc) textMD(s string, x, w float64, st style, lh float64, md bool) {
	for _, para := range strings.Split(clean(s), "\n") {
		indent, bullet, pst := 0.0, false, st
		if md && setextRule.MatchString(para) && strings.TrimSpace(para) != "-" {
			continue // underlines and rules add nothing here
		}
		if m := atxHeading.FindStringSubmatch(para); md && m != nil {
			para, pst.bold = m[2], true
		}
		trimmed := strings.TrimLeft(para, " ")
		for _, m := range []string{"- ", "* ", "• "} {
			if md && strings.HasPrefix(trimmed, m) {
				indent, bullet, para = 4.5, true, strings.TrimSpace(trimmed[len(m):])
				break
			}
		}
		lines := d.f.wrapPara(para, w-indent, pst)
		for i, line := range lines {
			d.need(lh)
			base := d.y + lh*0.72
			if bullet && i == 0 {
				d.f.draw(x+1, base, "•", style{size: st.size, color: colMuted})
			}
			d.f.draw(x+indent, base, line, pst)
			d.y += lh
		}
		if para == "" {
			d.y -= lh * 0.5 // a blank line is half a line
		}
	}
}

// section starts a top-level section: a heading with a rule, an anchor and
// a bookmark.
func (d *doc) section(name, title string) {
	d.need(22)
	pw := d.pageWidth()
	d.anchor(name)
	d.bookmark(title, 0)
	st := style{size: 15, bold: true, color: colAccent}
	d.f.draw(margin, d.y+pt(15)*0.85, title, st)
	d.y += pt(15) + 2.2
	d.rule(margin, d.y, pw-margin, d.y, colAccent, 0.5)
	d.y += 4.5
}

func (d *doc) subheading(title string, level int, anchor string) {
	d.need(16)
	if anchor != "" {
		d.anchor(anchor)
		d.bookmark(title, level)
	}
	st := style{size: 11.5, bold: true, color: colText}
	d.f.draw(margin, d.y+pt(11.5)*0.85, title, st)
	d.y += pt(11.5) + 2.5
}

// Tables, and the times in them.

func zoneName(loc *time.Location, at time.Time) string {
	_, off := at.In(loc).Zone()
	offset := "UTC" + formatOffset(off)
	if off == 0 {
		offset = "UTC"
	}
	name := loc.String()
	if name == "" || name == "Local" || name == "UTC" || strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "UTC") {
		return offset
	}
	return name + " (" + offset + ")"
}

// formatTime shows a time with its offset: "2026-11-24 10:30 +08:00", with
// seconds only when they are not zero.
func formatTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	layout := "2006-01-02 15:04"
	if t.Second() != 0 {
		layout += ":05"
	}
	return t.Format(layout) + " " + t.Format("-07:00")
}

type column struct {
	title string
	w     float64
	right bool
}

type cell struct {
	text   string
	st     style
	anchor string // link target
}

// table draws rows under a header row, repeating the header on each page.
func (d *doc) table(cols []column, rows [][]cell) {
	const pad = 1.6
	hst := style{size: 8, bold: true, color: colMuted}
	drawHeader := func() {
		x := margin
		total := 0.0
		for _, c := range cols {
			total += c.w
		}
		d.fill(margin, d.y, total, 6.5, colFill)
		for _, c := range cols {
			tx := x + pad
			if c.right {
				tx = x + c.w - pad - d.f.width(c.title, hst)
			}
			d.f.draw(tx, d.y+4.4, c.title, hst)
			x += c.w
		}
		d.y += 6.5
	}
	d.need(6.5 + 8)
	drawHeader()
	for _, row := range rows {
		lines := make([][]string, len(cols))
		h := 0.0
		for i, c := range cols {
			lh := pt(row[i].st.size) * 1.35
			lines[i] = d.f.wrap(row[i].text, c.w-2*pad, row[i].st)
			h = math.Max(h, float64(len(lines[i]))*lh)
		}
		h += 2 * pad
		if d.need(h) {
			drawHeader()
		}
		x := margin
		for i, c := range cols {
			lh := pt(row[i].st.size) * 1.35
			for j, line := range lines[i] {
				tx := x + pad
				if c.right {
					tx = x + c.w - pad - d.f.width(line, row[i].st)
				}
				d.f.draw(tx, d.y+pad+lh*0.74+float64(j)*lh, line, row[i].st)
			}
			if row[i].anchor != "" {
				d.link(x, d.y, c.w, h, row[i].anchor)
			}
			x += c.w
		}
		d.y += h
		d.rule(margin, d.y, x, d.y, colRule, 0.2)
	}
}
