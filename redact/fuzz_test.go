package redact

import (
	"image"
	"testing"
	"unicode/utf8"
)

// FuzzDetectText: whatever the text, every match lies inside it, on rune
// boundaries, in order and without overlaps once resolved, with a known
// category and a confidence in (0, 1].
func FuzzDetectText(f *testing.F) {
	for _, s := range []string{
		"li.wei88@gmail.com, +86 150 3060 0274",
		"name@icloudcom 3327620878@qq.com em***@163.com",
		"-44 20 7946 0348 (212) 555-0177 138****8000 +1 ••• ••• 0185",
		"2024-05-18 10:42 #56455721 KYC-17588667 956242693",
		"≈ $34,549.10 ≈ 0.51474 BTC +$293.95 6 739,19 € -¥881.89 % ¥47,453.11 0.60347 BIC +0.28% v1.2.3",
		ethAddr[:22] + "\n" + ethAddr[22:] + " Ox" + ethAddr[2:],
		"bcl" + btcBech32[3:] + "\n" + btcBase58[:17] + "\n" + btcBase58[17:],
		"TxID\n" + txHash[:24] + "\n" + txHash[24:48] + "\n" + txHash[48:],
		"0x36ab8a…acf006 4111 1111 1111 1111 3782 822463 10005",
		"21020319760717261X EA1467245 EAS778810 078-05-1120",
		"334 Mission St, Apt 4B\nSeattle, WA 98144 Flat 3, 130 Kingsland High St London NW1 6XE",
		"浙江省杭州市西湖区古墩路394号\n1栋1101室 广东省深圳市南山区科技园南路386 号, 6 栋2405室",
		"工单号：88231234 订单 20240518",
		"é€号\u00a0\u202f…＊",
	} {
		f.Add(s)
	}
	d := DefaultPolicy().detectors()
	known := map[Category]bool{protect: true}
	for _, c := range Categories() {
		known[c] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := detectText(s, d)
		for i, m := range ms {
			if m.start < 0 || m.end > len(s) || m.start >= m.end {
				t.Fatalf("match %d [%d,%d) outside %d bytes", i, m.start, m.end, len(s))
			}
			if i > 0 && ms[i-1].end > m.start {
				t.Fatalf("matches [%d,%d) and [%d,%d) overlap", ms[i-1].start, ms[i-1].end, m.start, m.end)
			}
			if !known[m.cat] || m.conf <= 0 || m.conf > 1 {
				t.Fatalf("match %s %v", m.cat, m.conf)
			}
		}
		// OCR text is UTF-8; on anything else a "rune boundary" means
		// little.
		if utf8.ValidString(s) {
			checkMatches(t, s, ms)
		}
	})
}

// fuzzTexts are the word texts FuzzSegments draws from: pieces of values,
// CJK characters, symbols and the odd blank an engine returns.
var fuzzTexts = []string{
	"+44", "20", "7946", "0348", "li.wei88@", "gmail.com", ethAddr[:22], ethAddr[22:], txHash[:32], txHash[32:],
	"号", "手", "机", "UID", "956242693", "Phone", "number", "Name", "Li", "Wei", "abandon", "ability", "able",
	"≈", "$34,549.10", "é", "Copy", "", " ", "1.", "北京市朝阳区建国路88号", "1栋1101室", "Ox47b7", "bc1q", "…",
}

// wordsFromBytes turns fuzz input into OCR words, six bytes a word:
// position, size, text and layout numbers.
func wordsFromBytes(data []byte) []Word {
	var ws []Word
	for i := 0; i+6 <= len(data) && len(ws) < 64; i += 6 {
		b := data[i : i+6]
		x, y := int(b[0])*4, int(b[1])*3
		w, h := int(b[2])%120, int(b[3])%48
		w0 := Word{
			Text: fuzzTexts[int(b[4])%len(fuzzTexts)],
			Box:  image.Rect(x, y, x+w, y+h),
			Conf: float64(len(ws)), // identifies the word
		}
		if l := b[5]; l%3 != 0 {
			w0.Block, w0.Par, w0.Line = int(l%5), int(l/5%2)+1, int(l/10%4)
		}
		ws = append(ws, w0)
	}
	return ws
}

// FuzzSegments: lines and blocks rebuilt from any words keep every word
// exactly once, with its text at its span, and map any span of a block to
// rectangles inside the block's words; findings lie inside the words too.
func FuzzSegments(f *testing.F) {
	f.Add([]byte{10, 30, 20, 20, 0, 0, 20, 30, 10, 20, 1, 0, 28, 30, 25, 20, 2, 0, 40, 30, 25, 20, 3, 0})
	f.Add([]byte{10, 30, 40, 20, 4, 1, 20, 30, 40, 20, 5, 2, 10, 40, 100, 20, 6, 0, 10, 47, 100, 20, 7, 0})
	f.Add([]byte{10, 10, 20, 20, 10, 0, 11, 10, 20, 20, 11, 0, 12, 10, 20, 20, 12, 0, 40, 10, 30, 20, 14, 0})
	f.Add([]byte{0, 0, 0, 0, 27, 0, 5, 5, 5, 5, 28, 0, 1, 1, 119, 47, 30, 9, 1, 2, 119, 47, 31, 9})
	p := DefaultPolicy()
	p.Deny = []string{"li wei"}
	d := p.detectors()
	f.Fuzz(func(t *testing.T, data []byte) {
		words := wordsFromBytes(data)
		var all image.Rectangle
		want := make(map[int]bool)
		for _, w := range words {
			if !w.Box.Empty() && w.Text != "" && w.Text != " " {
				want[int(w.Conf)] = true
				all = all.Union(w.Box)
			}
		}
		segs := buildSegments(words)
		seen := make(map[int]int)
		for _, s := range segs {
			if len(s.words) == 0 || len(s.spans) != len(s.words) {
				t.Fatalf("segment %q: %d words, %d spans", s.text, len(s.words), len(s.spans))
			}
			for i, w := range s.words {
				seen[int(w.Conf)]++
				if sp := s.spans[i]; sp[0] < 0 || sp[1] > len(s.text) || s.text[sp[0]:sp[1]] != w.Text {
					t.Fatalf("word %q at span %v of %q", w.Text, sp, s.text)
				}
			}
		}
		for id := range want {
			if seen[id] != 1 {
				t.Fatalf("word %d (%q) in %d segments", id, words[id].Text, seen[id])
			}
		}
		if len(seen) != len(want) {
			t.Fatalf("segments hold %d words, want %d", len(seen), len(want))
		}

		blocks := buildBlocks(segs)
		inBlock := make(map[*segment]int)
		for _, bl := range blocks {
			var box image.Rectangle
			for i, s := range bl.segs {
				inBlock[s]++
				if st := bl.start[i]; st+len(s.text) > len(bl.text) || bl.text[st:st+len(s.text)] != s.text {
					t.Fatalf("segment %q not at %d of block %q", s.text, st, bl.text)
				}
				for _, w := range s.words {
					box = box.Union(w.Box)
				}
			}
			// Every span of whole words, and a few cut through
			// words.
			n := len(bl.text)
			spans := [][2]int{{0, n}, {n / 3, 2 * n / 3}, {1, n}}
			for i, s := range bl.segs {
				for _, sp := range s.spans {
					spans = append(spans, [2]int{bl.start[i] + sp[0], bl.start[i] + sp[1]})
				}
			}
			for _, sp := range spans {
				for _, r := range bl.boxes(sp[0], sp[1]) {
					if r.Empty() || !r.In(box) {
						t.Fatalf("boxes(%d, %d) of %q: %v outside the words' %v", sp[0], sp[1], bl.text, r, box)
					}
				}
			}
		}
		for _, s := range segs {
			if inBlock[s] != 1 {
				t.Fatalf("segment %q in %d blocks", s.text, inBlock[s])
			}
		}

		for _, fd := range d.detectPage(segs, blocks) {
			for _, r := range fd.boxes {
				if r.Empty() || !r.In(all) {
					t.Fatalf("%s %q: box %v outside the words' %v", fd.cat, fd.value, r, all)
				}
			}
		}
	})
}
