package redact

import (
	"strings"
	"testing"
)

// TestPageMarketAmounts: prices, rates and an exchange's limits stay
// readable; the user's own amounts beside them are hidden.
func TestPageMarketAmounts(t *testing.T) {
	type line struct {
		x, y int
		text string
	}
	for _, tc := range []struct {
		name  string
		lines []line
		hide  []int
		keep  []int
	}{
		{"rate with tilde", []line{{40, 100, "1 BTC~2,251.65 USD"}}, nil, []int{0}},
		{"rate in a sentence", []line{{40, 100, "Current Price 1 ETH = 3,000 DAI"}}, nil, []int{0}},
		{"ticker quote", []line{{40, 100, "BTC $67,120.50 +1.24%"}, {400, 100, "ETH $3,486.10 -0.82%"}}, nil, []int{0, 1}},
		{"market price label", []line{{40, 100, "Market Price: $243.21"}}, nil, []int{0}},
		{"minimum on its row", []line{{40, 100, "Minimum deposit"}, {800, 100, "10 XRP"}}, nil, []int{1}},
		{"Chinese price label", []line{{40, 100, "最新价"}, {600, 100, "¥25,106.3"}}, nil, []int{1}},
		// The user's amounts stay hidden.
		{"available balance", []line{{40, 100, "Available"}, {40, 130, "2,976.6 XRP"}}, []int{1}, nil},
		{"holding with its value", []line{{40, 100, "1.70668836 BTC"}, {400, 100, "≈ $114,348.20"}}, []int{0, 1}, nil},
		{"one of an asset is a balance too", []line{{40, 100, "Balance 1 BTC"}}, []int{0}, nil},
		{"deposit after a date", []line{{40, 100, "XRP +835.2"}, {700, 100, "03/06/2024 10:20"}}, []int{0}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ws [][]Word
			for _, l := range tc.lines {
				ws = append(ws, at(l.x, l.y, 18).words(strings.Fields(l.text)...))
			}
			fs := ofCategory(page(DefaultPolicy(), concat(ws...)), Balance)
			for _, i := range tc.hide {
				if !touched(union(ws[i]...), fs) {
					t.Errorf("%q not hidden:%s", tc.lines[i].text, dump(fs))
				}
			}
			for _, i := range tc.keep {
				if touched(union(ws[i]...), fs) {
					t.Errorf("%q hidden:%s", tc.lines[i].text, dump(fs))
				}
			}
		})
	}
}
