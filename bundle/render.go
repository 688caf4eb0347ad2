package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"strconv"
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

// Cover page: kind, title, key facts, statement.

func (d *doc) cover() {
	d.newPage(false)
	pw := d.pageWidth()
	cw := pw - 2*margin
	d.anchor("cover")
	d.bookmark(d.title, 0)

	d.f.draw(margin, d.y+3, d.l.kind, style{size: 9, bold: true, color: colAccent})
	d.y += 7
	tst := style{size: 22, bold: true, color: colText}
	for _, line := range d.f.wrap(d.title, cw, tst) {
		d.f.draw(margin, d.y+pt(22)*0.8, line, tst)
		d.y += pt(22) * 1.22
	}
	d.y += 3

	// Key facts in a shaded box, three to a row.
	zone := zoneName(d.o.Location, d.o.Created)
	ticket := d.o.Ticket
	if ticket == "" {
		ticket = d.l.noTicket
	}
	facts := [][2]string{
		{d.l.ticket, ticket},
		{d.l.categoryLbl, d.l.category[d.o.Category]},
		{d.l.date, d.o.Created.In(d.o.Location).Format("2006-01-02")},
		{d.l.shotsLbl, strconv.Itoa(len(d.plans))},
		{d.l.zoneLbl, zone},
		{d.l.note, "redactpack " + d.o.Version},
	}
	rows := (len(facts) + 2) / 3
	boxH := float64(rows)*12 + 3
	d.pdf.SetFillColor(colFill[0], colFill[1], colFill[2])
	d.pdf.RoundedRect(margin, d.y, cw, boxH, 1.8, "1234", "F")
	colW := cw / 3
	for i, fc := range facts {
		x := margin + 5 + float64(i%3)*colW
		y := d.y + 3 + float64(i/3)*12
		d.f.draw(x, y+3.2, fc[0], style{size: 7.5, color: colMuted})
		d.f.draw(x, y+8.6, d.f.fit(fc[1], colW-8, style{size: 10.5}), style{size: 10.5, bold: true, color: colText})
	}
	d.y += boxH + 8

	d.section("statement", d.l.statement)
	st := d.o.Statement
	if st.Problem == "" && st.Checked == "" && st.Suspect == "" && st.Ask == "" {
		d.text(d.l.noStatement, margin, cw, style{size: 10, color: colMuted}, 5.2)
		return
	}
	for p := partProblem; p < numParts; p++ {
		d.need(18)
		d.f.draw(margin, d.y+pt(10.5)*0.85, d.l.parts[p], style{size: 10.5, bold: true, color: colAccent})
		d.y += pt(10.5) + 2.2
		body := strings.TrimSpace(d.o.MaskOwn(*st.field(p)))
		if body == "" {
			d.text(d.l.notGiven, margin, cw, style{size: 10, color: colMuted}, 5.2)
		} else {
			d.textMD(body, margin, cw, style{size: 10, color: colText}, 5.2, true)
		}
		d.y += 3.5
	}
}

// Checklist with a mark per item.

func (d *doc) checklist() {
	items := checks(d.o.Category, d.o.Statement, d.o.Events, d.shots)
	d.y += 2
	d.section("checklist", d.l.checklist)
	cw := d.pageWidth() - 2*margin
	d.text(d.l.checkIntro, margin, cw, style{size: 9, color: colMuted}, 4.6)
	d.y += 2.5
	labelW, statusW := 72.0, 20.0
	whereX := margin + 8 + labelW + statusW
	whereW := margin + cw - whereX
	for _, c := range items {
		label := d.l.items[c.id]
		where := c.where(d.l)
		lst := style{size: 10, color: colText}
		wst := style{size: 9, color: colMuted}
		ll := d.f.wrap(label, labelW-2, lst)
		wl := d.f.wrap(where, whereW, wst)
		h := math.Max(float64(len(ll))*5, float64(len(wl))*4.6) + 4
		d.need(h)
		y0 := d.y
		d.mark(margin+3, y0+2+2.2, c.present)
		for i, line := range ll {
			d.f.draw(margin+8, y0+2+3.7+float64(i)*5, line, lst)
		}
		status, col := d.l.missing, colMiss
		if c.present {
			status, col = d.l.present, colOK
		}
		d.f.draw(margin+8+labelW, y0+2+3.7, status, style{size: 9.5, bold: true, color: col})
		for i, line := range wl {
			d.f.draw(whereX, y0+2+3.6+float64(i)*4.6, line, wst)
		}
		d.y += h
		d.rule(margin, d.y, margin+cw, d.y, colRule, 0.2)
	}
	d.y += 4
}

// mark draws a round check mark (present) or cross (missing) centred at x, y.
func (d *doc) mark(x, y float64, ok bool) {
	pdf := d.pdf
	c := colMiss
	if ok {
		c = colOK
	}
	pdf.SetFillColor(c[0], c[1], c[2])
	pdf.Circle(x, y, 2.3, "F")
	pdf.SetDrawColor(255, 255, 255)
	pdf.SetLineWidth(0.55)
	pdf.SetLineCapStyle("round")
	pdf.SetLineJoinStyle("round")
	if ok {
		pdf.MoveTo(x-1.2, y+0.05)
		pdf.LineTo(x-0.35, y+0.95)
		pdf.LineTo(x+1.25, y-0.9)
		pdf.DrawPath("D")
	} else {
		pdf.Line(x-1, y-1, x+1, y+1)
		pdf.Line(x-1, y+1, x+1, y-1)
	}
	pdf.SetLineCapStyle("butt")
}

// Contents: every section and screenshot with its page, as links.

type entry struct {
	title  string
	anchor string
	level  int
	note   string
}

func (d *doc) entries() []entry {
	l := d.l
	es := []entry{
		{title: l.statement, anchor: "statement"},
		{title: l.checklist, anchor: "checklist"},
		{title: l.timeline, anchor: "timeline"},
	}
	if len(d.plans) > 0 {
		es = append(es, entry{title: l.shots, anchor: shotAnchor(0)})
		for i, p := range d.plans {
			note := l.noCapture
			if t := d.shots[i].Captured; !t.IsZero() {
				note = formatTime(t, d.o.Location)
			}
			es = append(es, entry{title: fmt.Sprintf("%d.  %s", i+1, p.name), anchor: shotAnchor(i), level: 1, note: note})
		}
	}
	es = append(es,
		entry{title: l.appendix, anchor: "appendix"},
		entry{title: l.summary, anchor: "summary", level: 1},
		entry{title: l.integrity, anchor: "integrity", level: 1},
		entry{title: l.tool, anchor: "tool", level: 1},
	)
	return es
}

func (d *doc) contents() {
	d.newPage(false)
	d.section("contents", d.l.contents)
	cw := d.pageWidth() - 2*margin
	for _, e := range d.entries() {
		st := style{size: 10.5, bold: true, color: colText}
		x, lh := margin, 7.0
		if e.level > 0 {
			st = style{size: 9.5, color: colText}
			x, lh = margin+6, 5.6
		}
		d.need(lh)
		base := d.y + lh*0.68
		page := strconv.Itoa(d.anchors.page(e.anchor))
		pw := d.f.width(page, st)
		noteW := 0.0
		nst := style{size: 8.5, color: colMuted}
		if e.note != "" {
			noteW = 44
		}
		title := d.f.fit(e.title, cw-(x-margin)-pw-noteW-10, st)
		tw := d.f.draw(x, base, title, st)
		if e.note != "" {
			d.f.draw(margin+cw-pw-noteW-4, base, e.note, nst)
		}
		d.f.draw(margin+cw-pw, base, page, st)
		// Dot leaders between the title and the note or page number.
		x1, x2 := x+tw+2, margin+cw-pw-noteW-6
		if e.note == "" {
			x2 = margin + cw - pw - 2
		}
		if x2 > x1 {
			d.pdf.SetDashPattern([]float64{0.25, 1.2}, 0)
			d.rule(x1, base, x2, base, colMuted, 0.25)
			d.pdf.SetDashPattern(nil, 0)
		}
		d.link(margin, d.y, cw, lh, e.anchor)
		d.y += lh
	}
}

// Timeline table.

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

func (d *doc) timeline() {
	d.y += 8
	d.need(60) // the heading and a few rows, or a fresh page
	d.section("timeline", d.l.timeline)
	cw := d.pageWidth() - 2*margin
	d.text(fmt.Sprintf(d.l.timelineIntro, zoneName(d.o.Location, d.o.Created)), margin, cw, style{size: 9, color: colMuted}, 4.6)
	d.y += 3
	if len(d.events) == 0 {
		d.text(d.l.noEvents, margin, cw, style{size: 10, color: colMuted}, 5.2)
		return
	}
	cols := []column{
		{title: d.l.colTime, w: 47},
		{title: d.l.colEvent, w: cw - 47 - 24 - 14},
		{title: d.l.colSource, w: 24},
		{title: d.l.colPage, w: 14, right: true},
	}
	var rows [][]cell
	for _, e := range d.events {
		page, anchor := "", ""
		switch {
		case e.shot >= 0:
			anchor = shotAnchor(e.shot)
			page = strconv.Itoa(d.anchors.page(anchor))
		case e.page > 0:
			page = strconv.Itoa(e.page)
		}
		body := style{size: 9, color: colText}
		if e.shot >= 0 {
			body.color = colAccent
		}
		rows = append(rows, []cell{
			{text: formatTime(e.t, d.o.Location), st: style{size: 9, color: colText}},
			{text: e.text, st: body, anchor: anchor},
			{text: d.l.source(e.source), st: style{size: 8.5, color: colMuted}},
			{text: page, st: style{size: 9, color: colAccent}, anchor: anchor},
		})
	}
	d.table(cols, rows)
}

// Screenshot pages.

func (d *doc) shot(i int) {
	p := d.plans[i]
	s := d.shots[i]
	imgName := fmt.Sprintf("shot%04d", i+1)
	if d.final() {
		d.pdf.RegisterImageOptionsReader(imgName, fpdf.ImageOptions{ImageType: p.enc.format}, bytes.NewReader(p.enc.data))
	}
	for k, seg := range p.segs {
		d.newPage(p.landscape)
		pw := d.pageWidth()
		cw := pw - 2*margin
		if k == 0 {
			if i == 0 {
				d.bookmark(d.l.shots, 0)
			}
			d.anchor(shotAnchor(i))
			d.bookmark(fmt.Sprintf("%d. %s", i+1, p.name), 1)
		}
		// Caption: which screenshot, its name, when, what was hidden.
		head := fmt.Sprintf(d.l.shotTitle, i+1, len(d.plans))
		hst := style{size: 12, bold: true, color: colAccent}
		hw := d.f.draw(margin, d.y+4.2, head, hst)
		if len(p.segs) > 1 {
			d.f.draw(margin+hw+3, d.y+4.2, fmt.Sprintf(d.l.shotPart, k+1, len(p.segs)), style{size: 10, color: colMuted})
		}
		nst := style{size: 10, color: colText}
		d.f.draw(margin, d.y+10, d.f.fit(p.name, cw, nst), nst)
		when := d.l.noCapture
		if !s.Captured.IsZero() {
			when = formatTime(s.Captured, d.o.Location) + " (" + d.l.source(s.CaptureSource) + ")"
		}
		hidden := d.l.counts(s.Hidden)
		if hidden == "" {
			hidden = d.l.nothingHidden
		}
		info := d.l.captured + d.l.colon + when + "    " + d.l.hidden + d.l.colon + hidden
		kept := map[string]int{}
		for c, v := range s.Kept {
			kept[c] = len(v)
		}
		if k := d.l.counts(kept); k != "" {
			info += "    " + d.l.kept + d.l.colon + k
		}
		ist := style{size: 8.5, color: colMuted}
		for j, line := range d.f.wrap(info, cw, ist) {
			if j < 2 {
				d.f.draw(margin, d.y+15.2+float64(j)*3.8, line, ist)
			}
		}
		// The image, or this page's slice of it.
		top := contentTop + captionH
		mm := p.pageScale(seg)
		dw := float64(p.srcW) * mm
		dh := float64(seg[1]-seg[0]) * mm
		x := margin + (cw-dw)/2
		if d.final() {
			full := float64(p.srcH) * mm
			y := top - float64(seg[0])*mm
			if len(p.segs) > 1 {
				d.pdf.ClipRect(x, top, dw, dh, false)
			}
			d.pdf.ImageOptions(imgName, x, y, dw, full, false, fpdf.ImageOptions{ImageType: p.enc.format}, 0, "")
			if len(p.segs) > 1 {
				d.pdf.ClipEnd()
			}
		}
		d.pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
		d.pdf.SetLineWidth(0.25)
		d.pdf.Rect(x, top, dw, dh, "D")
		d.y = top + dh
	}
}

// Appendix: redaction summary, image hashes, tool and policy.

func (d *doc) appendix() {
	d.newPage(false)
	d.section("appendix", d.l.appendix)
	cw := d.pageWidth() - 2*margin
	l := d.l

	d.subheading(l.summary, 1, "summary")
	d.text(l.summaryIntro, margin, cw, style{size: 9, color: colMuted}, 4.6)
	d.y += 2
	cols := []column{
		{title: l.colShot, w: 10, right: true},
		{title: l.colFile, w: 78},
		{title: l.colHidden, w: cw - 88},
	}
	var rows [][]cell
	totals := map[string]int{}
	for i, p := range d.plans {
		for c, n := range d.shots[i].Hidden {
			totals[c] += n
		}
		h := l.counts(d.shots[i].Hidden)
		if h == "" {
			h = l.nothingHidden
		}
		rows = append(rows, []cell{
			{text: strconv.Itoa(i + 1), st: style{size: 9, color: colAccent}, anchor: shotAnchor(i)},
			{text: p.name, st: style{size: 9, color: colText}, anchor: shotAnchor(i)},
			{text: h, st: style{size: 9, color: colText}},
		})
	}
	tot := l.counts(totals)
	if tot == "" {
		tot = l.nothingHidden
	}
	rows = append(rows, []cell{{st: style{size: 9}}, {text: l.total, st: style{size: 9, bold: true, color: colText}}, {text: tot, st: style{size: 9, bold: true, color: colText}}})
	d.table(cols, rows)
	d.y += 6

	d.subheading(l.integrity, 1, "integrity")
	d.text(l.integrityIntro, margin, cw, style{size: 9, color: colMuted}, 4.6)
	d.y += 2
	cols = []column{
		{title: l.colShot, w: 10, right: true},
		{title: l.colImage, w: 52},
		{title: l.colSHA, w: cw - 62},
	}
	rows = rows[:0]
	for i, p := range d.plans {
		desc := fmt.Sprintf("%s %d×%d, %s", p.enc.format, p.enc.width, p.enc.height, kb(len(p.enc.data)))
		if p.enc.format == "JPEG" {
			desc = fmt.Sprintf("JPEG q%d %d×%d, %s", ladder[p.enc.level].quality, p.enc.width, p.enc.height, kb(len(p.enc.data)))
		}
		rows = append(rows, []cell{
			{text: strconv.Itoa(i + 1), st: style{size: 9, color: colAccent}, anchor: shotAnchor(i)},
			{text: desc, st: style{size: 8.5, color: colText}},
			{text: p.enc.sha256, st: style{size: 7.6, mono: true, color: colText}},
		})
	}
	d.table(cols, rows)
	d.y += 6

	d.subheading(l.tool, 1, "tool")
	d.text(fmt.Sprintf(l.toolLine, "redactpack "+d.o.Version), margin, cw, style{size: 9.5, color: colText}, 5)
	d.y += 3
	d.need(14)
	d.f.draw(margin, d.y+3.5, l.policy, style{size: 9.5, bold: true, color: colText})
	d.y += 6
	policy := strings.TrimSpace(d.o.Policy)
	if policy == "" {
		d.text(l.noPolicy, margin, cw, style{size: 9, color: colMuted}, 4.6)
	} else {
		d.text(policy, margin, cw, style{size: 8, mono: true, color: colText}, 3.9)
	}
}

func kb(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+512)/1024)
}
