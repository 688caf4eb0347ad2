package redact

import (
	"image"
	"testing"
)

// TestPageMarketAmounts: prices, rates and an exchange's limits stay
// readable; the user's own amounts beside them are hidden.
func TestPageMarketAmounts(t *testing.T) {
	runLayoutCases(t, Balance, []layoutCase{
		{"rate with tilde", []layoutLine{{40, 100, "1 BTC~2,251.65 USD"}}, nil, []int{0}},
		{"rate in a sentence", []layoutLine{{40, 100, "Current Price 1 ETH = 3,000 DAI"}}, nil, []int{0}},
		{"ticker quote", []layoutLine{{40, 100, "BTC $67,120.50 +1.24%"}, {400, 100, "ETH $3,486.10 -0.82%"}}, nil, []int{0, 1}},
		{"ticker quote, minus read as a dash", []layoutLine{{40, 100, "ETH $3,486.10 —0.82%"}}, nil, []int{0}},
		{"market price label", []layoutLine{{40, 100, "Market Price: $243.21"}}, nil, []int{0}},
		{"minimum on its row", []layoutLine{{40, 100, "Minimum deposit"}, {800, 100, "10 XRP"}}, nil, []int{1}},
		{"Chinese minimum deposit", []layoutLine{{40, 100, "最小充值数量"}, {600, 100, "20 DOGE"}}, nil, []int{1}},
		{"Chinese price label", []layoutLine{{40, 100, "最新价"}, {600, 100, "¥25,106.3"}}, nil, []int{1}},
		// The user's amounts stay hidden.
		{"available balance", []layoutLine{{40, 100, "Available"}, {40, 130, "2,976.6 XRP"}}, []int{1}, nil},
		{"holding with its value", []layoutLine{{40, 100, "1.70668836 BTC"}, {400, 100, "≈ $114,348.20"}}, []int{0, 1}, nil},
		{"one of an asset is a balance too", []layoutLine{{40, 100, "Balance"}, {600, 100, "1 BTC"}}, []int{1}, []int{0}},
		{"deposit after a date", []layoutLine{{40, 100, "XRP +835.2"}, {700, 100, "03/06/2024 10:20"}}, []int{0}, nil},
	})
}

// TestPageLabelledAmounts: the amount after a total or balance label is
// hidden wherever it stands on the row, also as OCR splits it ("49. 40");
// what else follows such a label stays.
func TestPageLabelledAmounts(t *testing.T) {
	runLayoutCases(t, Balance, []layoutCase{
		{"receipt total far right, split by OCR", []layoutLine{{41, 100, "Total RM"}, {704, 100, "49. 40"}}, []int{1}, []int{0}},
		{"Chinese total", []layoutLine{{41, 100, "合计"}, {600, 100, "¥ 1 280"}}, []int{1}, []int{0}},
		{"count after a total label", []layoutLine{{41, 100, "Total"}, {600, 100, "3 items in basket"}}, nil, []int{1}},
		{"savings label alone", []layoutLine{{41, 100, "Total Savings"}}, nil, []int{0}},
	})
}

// TestPageLabelledAmountNarrow: a total's finding covers the amount, not
// the label's currency and colon before it.
func TestPageLabelledAmountNarrow(t *testing.T) {
	ws := at(425, 100, 18).words("Total", "(RM)", ":112.46")
	fs := ofCategory(page(DefaultPolicy(), ws), Balance)
	if len(fs) == 0 || touched(union(ws[:2]...), fs) {
		t.Errorf("want the amount alone hidden:%s", dump(fs))
	}
}

// TestPageAmountColumn: a receipt's line total whose label OCR garbled and
// whose decimal point it read as a comma ("SubTeta i   13,16") is hidden
// for standing in the column of the totals found under it; a number with
// cents elsewhere on the row is not.
func TestPageAmountColumn(t *testing.T) {
	runLayoutCases(t, Balance, []layoutCase{
		{"receipt totals", []layoutLine{
			{40, 100, "SubTeta i"}, {555, 100, "13,16"}, {300, 100, "1,00"},
			{40, 130, "Total"}, {555, 130, "13,10"},
			{40, 160, "TOTAL :MYR"}, {555, 160, "13.10"},
		}, []int{1, 4, 6}, []int{0, 2, 3, 5}},
	})
}

// TestHeadOver: the caption over a cell, out of a header OCR joined into one
// segment, word by word for Latin text and as a whole run of Chinese
// characters however many of them the cell lies under.
func TestHeadOver(t *testing.T) {
	en := buildSegments(at(300, 70, 18).words("U.Price", "—", "Amount", "Tax"))[0]
	zh := buildSegments(at(630, 70, 18).touching("最", "新", "价"))[0]
	for _, tc := range []struct {
		head *segment
		x0   int
		x1   int
		want string
	}{
		{en, 300, 360, "U.Price"},
		{en, 400, 480, "Amount Tax"},
		{en, 900, 950, "U.Price — Amount Tax"},
		{zh, 630, 660, "最新价"},
	} {
		if got := headOver(tc.head, image.Rect(tc.x0, 100, tc.x1, 118)); got != tc.want {
			t.Errorf("headOver(%q, x %d–%d) = %q, want %q", tc.head.text, tc.x0, tc.x1, got, tc.want)
		}
	}
}

// TestPageAmountTail: the garbled reading right after an amount on its
// line (a headline total's fiat value in small grey type) is hidden with
// it; a confident word after it, or a garbled percentage, is not.
func TestPageAmountTail(t *testing.T) {
	for _, tc := range []struct {
		name string
		tail Word
		hide bool
	}{
		{"garbled fiat value", Word{Text: "-yeross3:", Conf: 21}, true},
		{"a confident word", Word{Text: "Hide", Conf: 90}, false},
		{"a garbled change", Word{Text: "+2.3%", Conf: 20}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := at(40, 100, 24)
			amount := p.words("1.40359933", "BTC")
			tc.tail.Box = image.Rect(p.x+12, 106, p.x+100, 120)
			fs := ofCategory(page(DefaultPolicy(), append(amount, tc.tail)), Balance)
			if !covered(union(amount...), fs) {
				t.Fatalf("amount not hidden:%s", dump(fs))
			}
			if got := covered(tc.tail.Box, fs); got != tc.hide {
				t.Errorf("tail %q hidden = %v, want %v:%s", tc.tail.Text, got, tc.hide, dump(fs))
			}
		})
	}
}
