package redact

import (
	"image"
	"strings"
	"testing"
)

// A tableRow is one row of cells at the given column positions; an empty
// cell is left out.
type tableRow []string

// table lays out a header row and rows of cells at xs, 30 px apart, in
// words of 16 px; conf is the confidence of every word (a cell prefixed
// with "?" is read at 20: OCR could not read it).
func table(xs []int, y int, rows ...tableRow) ([][]Word, []Word) {
	var cells [][]Word
	var all []Word
	for r, row := range rows {
		for c, text := range row {
			if text == "" {
				continue
			}
			conf := 90.0
			if strings.HasPrefix(text, "?") {
				text, conf = text[1:], 20
			}
			ws := at(xs[c], y+30*r, 16).words(strings.Fields(text)...)
			for i := range ws {
				ws[i].Conf = conf
			}
			cells = append(cells, ws)
			all = append(all, ws...)
		}
	}
	return cells, all
}

func TestPageTableColumns(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []int
		rows []tableRow
		// hide and keep name cells by their text (without "?").
		hide, keep []string
	}{
		{
			name: "holdings: balances whole, prices kept, an unread address hidden, a shortened one kept",
			xs:   []int{20, 200, 380, 560, 760},
			rows: []tableRow{
				{"Asset", "Last price", "24h Change", "Balance / Value", "Deposit address"},
				{"BTC", "$69,335.89", "-0.32%", "1.4672 BTC", "?tDeLGUEL Eo eO eC Oseekea Tew qa"},
				{"ETH", "$3,494.89", "-2.60%", "ETH 0.2066", "ltc1q7…2gzh"},
				{"XRP", "€0.5259", "+3.46%", "XRP 5,187.7", ""},
				{"SOL", "$173.22", "+4.66%", "?Sae ee Hee", ""},
			},
			hide: []string{"1.4672 BTC", "ETH 0.2066", "XRP 5,187.7", "Sae ee Hee", "tDeLGUEL Eo eO eC Oseekea Tew qa"},
			keep: []string{"$69,335.89", "$3,494.89", "€0.5259", "$173.22", "ltc1q7…2gzh", "Asset", "Balance / Value", "Deposit address"},
		},
		{
			name: "receipt: the total under the price column is the user's",
			xs:   []int{20, 260, 360, 480},
			rows: []tableRow{
				{"Item", "Qty", "Unit price", "Amount"},
				{"Green Tea", "1", "1.50", "1.50"},
				{"Udon Noodle", "1", "9.80", "9.80"},
				{"Total", "", "", "13.10"},
			},
			hide: []string{"13.10"},
			keep: []string{"Unit price", "Total"},
		},
		{
			name: "order sheet after its row numbers: payee, phone and amount columns, a rate kept",
			xs:   []int{0, 20, 240, 400, 600, 760, 880},
			rows: []tableRow{
				{"1", "下单时间", "收款人", "联系电话", "状态", "金额", "手续费率"},
				{"2", "2024/05/28 09:10", "王芳", "186-6134-5781", "退款中", "#2450.84", "2.69%"},
				{"3", "2024/05/25 10:11", "陈杰", "?Ee eae Ses ke", "待付款", "¥386.28", "?1.99%"},
			},
			hide: []string{"王芳", "陈杰", "186-6134-5781", "Ee eae Ses ke", "#2450.84", "¥386.28"},
			keep: []string{"2024/05/28 09:10", "退款中", "待付款", "收款人", "2.69%", "1.99%", "手续费率"},
		},
		{
			name: "a bank's list beside a card panel whose text shares the header's row",
			xs:   []int{20, 400, 560, 900, 1060},
			rows: []tableRow{
				{"VALID THRU 04/29", "交易日期", "摘要", "金额", "余额"},
				{"", "2024-04-03", "网上支付", "+#4675.33", "¥4,848.52"},
				{"", "2024-04-08", "工资", "-¥120.71", "¥9,523.84"},
			},
			hide: []string{"+#4675.33", "-¥120.71", "¥4,848.52"},
			keep: []string{"2024-04-03", "网上支付", "金额"},
		},
		{
			name: "a column of coin names under a bare Name header",
			xs:   []int{20, 220, 420},
			rows: []tableRow{
				{"Name", "Network", "Status"},
				{"Bitcoin", "Lightning", "Enabled"},
				{"Litecoin", "Mainnet", "Suspended"},
			},
			keep: []string{"Bitcoin", "Litecoin", "Lightning"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells, words := table(tc.xs, 100, tc.rows...)
			fs := page(DefaultPolicy(), words)
			var hidden []rawFinding
			for _, f := range fs {
				if f.cat != TxID && f.cat != Ticket {
					hidden = append(hidden, f)
				}
			}
			box := func(text string) image.Rectangle {
				for _, c := range cells {
					var ts []string
					for _, w := range c {
						ts = append(ts, w.Text)
					}
					if strings.Join(ts, " ") == text {
						return union(c...)
					}
				}
				t.Fatalf("no cell %q", text)
				return image.Rectangle{}
			}
			for _, s := range tc.hide {
				if !covered(box(s), hidden) {
					t.Errorf("%q not hidden:%s", s, dump(hidden))
				}
			}
			for _, s := range tc.keep {
				if touched(box(s), hidden) {
					t.Errorf("%q hidden:%s", s, dump(hidden))
				}
			}
		})
	}
}

// TestTableColumnsNeedRows: a row of short captions over prose (a tab bar,
// a menu) is no table.
func TestTableColumnsNeedRows(t *testing.T) {
	_, words := table([]int{20, 200, 380}, 100,
		tableRow{"Overview", "Spot", "Funding"},
		tableRow{"Your balances are updated every few minutes; prices are indicative."},
	)
	if cols := DefaultPolicy().detectors().tableColumns(buildSegments(words)); len(cols) != 0 {
		t.Errorf("columns under a tab bar: %d", len(cols))
	}
}
