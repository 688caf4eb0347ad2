package bundle

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The parts of the bundle, in page order: cover, checklist, contents,
// timeline, screenshots, appendix.

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

// Timeline section.

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
