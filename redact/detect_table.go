package redact

import (
	"image"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tables (a wallet's holdings, an exported order sheet, a bank's list of
// payments) name what a column holds once, in its header; the cells under it
// carry no label of their own. A header row is a row of three or more short
// captions with rows of cells under them; a cell belongs to the header it is
// aligned with, between the midpoints to the neighbouring headers (see
// cellAt).

// A column is one header of a table and the cells under it.
type column struct {
	head  *segment
	cells []*segment
}

// tableColumns finds the tables of a page and returns their columns, each
// with its cells in reading order.
func (d *detectors) tableColumns(segs []*segment) []column {
	var out []column
	for i := 0; i < len(segs); {
		j := i
		for j < len(segs) && segs[j].row == segs[i].row {
			j++
		}
		// A header is a run of captions along the row: a value beside
		// them belongs to another panel of the screen ("VALID THRU
		// 04/29" on a card left of a bank's list). A spreadsheet's row
		// number before the captions is no break.
		var heads []*segment
		flush := func() {
			if cols, ok := d.tableUnder(heads, segs[j:]); ok {
				out = append(out, cols...)
			}
			heads = nil
		}
		for _, s := range segs[i:j] {
			if caption(s.text) {
				heads = append(heads, s)
			} else if runeCount(strings.TrimSpace(s.text)) > 3 {
				flush()
			}
		}
		flush()
		i = j
	}
	return out
}

// tableUnder returns the columns of heads, captions (see caption), when
// they are a header row: three or more, and at least two rows below with
// cells under two of them or more. A row that starts with a sensitive label
// ("Total", "Balance") ends the table: it sums the rows, under the same
// columns.
func (d *detectors) tableUnder(heads, rest []*segment) ([]column, bool) {
	if len(heads) < 3 {
		return nil, false
	}
	h := 0
	for _, s := range heads {
		h = max(h, s.height())
	}
	cols := make([]column, len(heads))
	for k, s := range heads {
		cols[k].head = s
	}
	// A table ends at a gap of a few lines.
	bottom := heads[0].box.Max.Y
	for _, s := range heads {
		bottom = max(bottom, s.box.Max.Y)
	}
	filled := 0
	for i := 0; i < len(rest); {
		j := i
		for j < len(rest) && rest[j].row == rest[i].row {
			j++
		}
		row := rest[i:j]
		top := row[0].box.Min.Y
		for _, s := range row {
			top = min(top, s.box.Min.Y)
		}
		if top-bottom > 4*h || d.startsWithLabel(row[0].text) {
			break
		}
		used := 0
		for k := range heads {
			if c := cellAt(heads, k, row); c != nil {
				cols[k].cells = append(cols[k].cells, c)
				used++
			}
		}
		for _, s := range row {
			bottom = max(bottom, s.box.Max.Y)
		}
		if used >= 2 {
			filled++
		}
		i = j
	}
	return cols, filled >= 2
}

// startsWithLabel reports whether t starts with one of the policy's labels.
func (d *detectors) startsWithLabel(t string) bool {
	for _, l := range d.labels {
		if l.re.MatchString(t) {
			return true
		}
	}
	return false
}

// caption reports whether t reads as a column header: a few words, mostly
// letters ("24h Change", "Balance / Value", "交易哈希"), no value in it.
func caption(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || runeCount(t) > 28 || len(strings.Fields(t)) > 4 || strings.ContainsAny(t, "@＠$€£¥￥") {
		return false
	}
	nd, nl := digitsLetters(t)
	return nl >= 2 && nd <= 2
}

// cellAt returns the cell of row under heads[k], or nil: the first segment
// aligned with the header (see under), joined with the segments that carry
// on to its right within the column (a long value OCR split at a misread).
func cellAt(heads []*segment, k int, row []*segment) *segment {
	hd := heads[k]
	lo, hi := -1<<30, 1<<30
	if k > 0 {
		lo = (heads[k-1].box.Max.X + hd.box.Min.X) / 2
	}
	if k+1 < len(heads) {
		hi = (hd.box.Max.X + heads[k+1].box.Min.X) / 2
	}
	var cell *segment
	var words []Word
	for _, s := range row {
		if c := (s.box.Min.X + s.box.Max.X) / 2; c < lo || c >= hi {
			continue
		}
		switch {
		case cell == nil && under(hd, s):
			cell = s
			words = append(words[:0:0], s.words...)
		case cell != nil && s.box.Min.X >= cell.box.Max.X-s.height()/4 && s.box.Min.X-cell.box.Max.X < 4*s.height():
			words = append(words, s.words...)
			cell = newSegment(words)
			cell.row = s.row
		}
	}
	return cell
}

// under reports whether s is aligned with the header hd: its left edge,
// right edge or centre near the header's (cells are left-aligned,
// right-aligned numbers or centred).
func under(hd, s *segment) bool {
	d := 3 * max(hd.height(), s.height())
	return abs(s.box.Min.X-hd.box.Min.X) <= d || abs(s.box.Max.X-hd.box.Max.X) <= d ||
		abs(s.box.Min.X+s.box.Max.X-hd.box.Min.X-hd.box.Max.X) <= d
}

// reMarketHead is the header of a column of market data: prices, changes,
// volumes. Amounts under it are the market's, not the user's.
var reMarketHead = regexp.MustCompile(`(?i)\bprice\b|\bchange\b|\b24h\b|\bvolume\b|\bmarket\s+cap\b|\bhigh\b|\blow\b|\brate\b|价格|最新价|现价|单价|涨跌|涨幅|成交量|市值|汇率|最高|最低`)

// headOver returns the words of header segment head above b: OCR joins
// the captions of neighbouring columns into one segment ("U.Price —
// Amount Tax"), and only the one over a cell names it. Without a word
// over b, the whole caption.
func headOver(head *segment, b image.Rectangle) string {
	// OCR gives each Chinese character a box of its own: a caption is
	// the run of them written together.
	start, end := -1, -1
	for i := 0; i < len(head.words); {
		j, over := i, false
		for ; j < len(head.words); j++ {
			w := head.words[j].Box
			if j > i && (!wideWord(head.words[j-1].Text) || !wideWord(head.words[j].Text) || w.Min.X-head.words[j-1].Box.Max.X > head.height()/2) {
				break
			}
			over = over || overlap1(w.Min.X, w.Max.X, b.Min.X, b.Max.X) > 0
		}
		if over {
			if start < 0 {
				start = head.spans[i][0]
			}
			end = head.spans[j-1][1]
		}
		i = j
	}
	if start < 0 {
		return head.text
	}
	return head.text[start:end]
}

// wideWord reports whether t is written in CJK characters.
func wideWord(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return isWide(r)
}

// inMarketColumn reports whether b lies in a cell of a market column.
func inMarketColumn(b image.Rectangle, cols []column) bool {
	for _, col := range cols {
		if !reMarketHead.MatchString(headOver(col.head, b)) {
			continue
		}
		for _, c := range col.cells {
			if c.box.Overlaps(b) && 2*overlap1(c.box.Min.Y, c.box.Max.Y, b.Min.Y, b.Max.Y) >= min(c.height(), b.Dy()) {
				return true
			}
		}
	}
	return false
}

// columnValues finds the values in the columns whose header is a sensitive
// label ("Deposit address", "Balance / Value", "电话", "收款人"): each cell
// that reads as a value of the label's kind is hidden whole, and one OCR
// could not read is hidden all the same (fail closed). Under a bare "Name"
// header only names built like a person's are: in a wallet's table it
// names coins.
func (d *detectors) columnValues(cols []column) []rawFinding {
	var out []rawFinding
	for _, col := range cols {
		cat, ok := d.headLabel(col.head.text)
		if !ok {
			continue
		}
		t := strings.TrimSpace(col.head.text)
		bare := strings.EqualFold(t, "name")
		for _, c := range col.cells {
			v := c.text
			switch {
			case d.isLabel(strings.Trim(v, " ,.;:：，")):
				continue
			case cat == Name:
				// Under a bare "Name" a cell must be built like a
				// person's name; under "Payee" its position says so.
				if n := nameAt(strings.TrimSpace(v), !bare); n == 0 || !valueOK(Name, v) {
					continue
				}
			case cat == Wallet && reLongRun.MatchString(v):
				// An address under an address header; the memo
				// rules of valueOK are for tags.
			case !valueOK(cat, v) || cat == Balance && !amountCell(v):
				if failClosed(cat, c, 0) {
					out = append(out, rawFinding{cat, 0.6, v, singleBlock(c).boxes(0, len(v)), true})
				}
				continue
			}
			out = append(out, rawFinding{cat: cat, conf: 0.7, value: v, boxes: singleBlock(c).boxes(0, len(v))})
		}
	}
	return out
}

// headLabel returns the category of a header that is a sensitive label,
// alone or with a second caption after a slash or in brackets ("Balance /
// Value", "电话（手机）").
func (d *detectors) headLabel(t string) (Category, bool) {
	t = strings.TrimSpace(t)
	for _, l := range d.labels {
		loc := l.re.FindStringIndex(t)
		if loc == nil {
			continue
		}
		rest := strings.TrimSpace(t[loc[1]:])
		if rest == "" || reHeadRest.MatchString(rest) {
			return l.cat, true
		}
	}
	return "", false
}

// reHeadRest is a second caption after a label in a header: one or two
// words after a slash, or words in brackets ("/ Value", "(CNY)").
var reHeadRest = regexp.MustCompile(`^(?:[/|]\s*[\pL\pN]+(?:\s[\pL\pN]+)?|[(（][^()（）]{1,12}[)）])$`)

// amountCell reports whether a table cell is an amount: no more letters
// than digits ("ETH 0.2066", "≈ $722.14"), where a shortened address
// ("EnYZN4…BDfq") has more.
func amountCell(v string) bool {
	nd, nl := digitsLetters(v)
	return nd > 0 && nl <= nd
}

// digitsLetters counts the digits and the letters of t.
func digitsLetters(t string) (nd, nl int) {
	for _, r := range t {
		switch {
		case isDigit(r):
			nd++
		case unicode.IsLetter(r):
			nl++
		}
	}
	return nd, nl
}
