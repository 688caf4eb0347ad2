package redact

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fake but well-formed values: the addresses and hashes have the shapes
// (and, where the format has one, the checksum) of real ones, the phone
// numbers are in ranges reserved for fiction or parse as valid, the card
// numbers are test numbers that pass Luhn.
const (
	ethAddr   = "0x47b7bc95714AdFff70Ce645Ae97D8584df00CC94"
	btcBech32 = "bc1qcm85enh5m2m5ttf7eu254dsnr9tdrf4xwm35xn"
	btcBase58 = "1Hg894WhhQtAQmdg5HpxaDBJkT6YYXrTe9"
	txHash    = "68513c1d98433d0dedf061ab2be6b82344f713ea8b87493839f7822bac292511"
)

// A found is a match as a test states it: its category and the exact text
// it covers.
type found struct {
	cat  Category
	text string
}

func (f found) String() string { return fmt.Sprintf("%s %q", f.cat, f.text) }

// A detectCase is a line of text and everything detectText must report in
// it, in order; protected spans (dates, masked values) are left out.
type detectCase struct {
	name string
	text string
	want []found
}

// f is shorthand for a wanted match.
func f(c Category, text string) found { return found{c, text} }

func runDetectCases(t *testing.T, cases []detectCase) {
	t.Helper()
	d := DefaultPolicy().detectors()
	minConf := DefaultPolicy().MinConfidence
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ms := detectText(tc.text, d)
			checkMatches(t, tc.text, ms)
			var got []found
			for _, m := range ms {
				if m.cat == protect {
					continue
				}
				got = append(got, found{m.cat, tc.text[m.start:m.end]})
				// A match below the policy's threshold would be found
				// and then dropped: as good as not found.
				if m.conf < minConf {
					t.Errorf("%s %q: confidence %.2f below the default threshold %.2f", m.cat, tc.text[m.start:m.end], m.conf, minConf)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("detectText(%q)\n got %v\nwant %v", tc.text, got, tc.want)
			}
		})
	}
}

// checkMatches asserts what must hold of any detectText result: every
// match lies within the text, starts and ends on rune boundaries, and no
// two overlap; matches come in text order.
func checkMatches(t testing.TB, text string, ms []match) {
	t.Helper()
	for i, m := range ms {
		if m.start < 0 || m.end > len(text) || m.start >= m.end {
			t.Fatalf("match %d [%d,%d) %s outside text of %d bytes %q", i, m.start, m.end, m.cat, len(text), text)
		}
		if !utf8.RuneStart(text[m.start]) || m.end < len(text) && !utf8.RuneStart(text[m.end]) {
			t.Fatalf("match %d [%d,%d) %s splits a rune in %q", i, m.start, m.end, m.cat, text)
		}
		if i > 0 && ms[i-1].end > m.start {
			t.Fatalf("matches %d [%d,%d) and %d [%d,%d) overlap or are out of order in %q",
				i-1, ms[i-1].start, ms[i-1].end, i, m.start, m.end, text)
		}
	}
}

func TestDetectEmail(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"space after a dot of the local part", "chen. jie.work10@mail.com", []found{f(Email, "chen. jie.work10@mail.com")}},
		{"dot before the TLD dropped, any provider", "发件人: 陈杰 <sarah.m.kim@mailcom>回", []found{f(Email, "sarah.m.kim@mailcom")}},
		{"sentence end before an address", "Thanks. li.wei88@gmail.com", []found{f(Email, "li.wei88@gmail.com")}},
		{"local part wrapped at its dot", "my email is ana.\nsouza@hotmail.co.uk", []found{f(Email, "ana.\nsouza@hotmail.co.uk")}},
		{"a line before an address", "contact our team\nsupport@x.com", []found{f(Email, "support@x.com")}},
		{"plain", "li.wei88@gmail.com", []found{f(Email, "li.wei88@gmail.com")}},
		{"in sentence", "Contact: alex.morgan84@gmail.com.", []found{f(Email, "alex.morgan84@gmail.com")}},
		{"after CJK label", "邮箱：li.wei88@gmail.com", []found{f(Email, "li.wei88@gmail.com")}},
		{"digits local", "3327620878@qq.com", []found{f(Email, "3327620878@qq.com")}},
		{"plus and subdomain", "li_wei+tag@mail.example.co.uk", []found{f(Email, "li_wei+tag@mail.example.co.uk")}},
		{"upper case", "LI.WEI88@GMAIL.COM", []found{f(Email, "LI.WEI88@GMAIL.COM")}},
		{"com.cn", "li.wei88@gmail.com.cn", []found{f(Email, "li.wei88@gmail.com.cn")}},
		{"OCR dropped dot", "name@icloudcom", []found{f(Email, "name@icloudcom")}},
		{"OCR spaces", "li.wei88 @ gmail . com", []found{f(Email, "li.wei88 @ gmail . com")}},
		{"full-width at", "li.wei88＠gmail.com", []found{f(Email, "li.wei88＠gmail.com")}},
		{"two on a line", "li.wei88@gmail.com alex@outlook.com",
			[]found{f(Email, "li.wei88@gmail.com"), f(Email, "alex@outlook.com")}},
		{"name after", "alex@outlook.com Li Wei", []found{f(Email, "alex@outlook.com")}},

		// reEmail reads "," as an OCR slip for "." in a domain, but a
		// comma and a space end the address.
		{"comma-separated list", "li.wei88@gmail.com, alex@outlook.com",
			[]found{f(Email, "li.wei88@gmail.com"), f(Email, "alex@outlook.com")}},
		{"comma then name", "alex@outlook.com, Li Wei", []found{f(Email, "alex@outlook.com")}},

		{"masked stars", "em***@163.com", nil},
		{"masked one star", "e***@gmail.com", nil},
		{"masked bullets", "j•••@gmail.com", nil},
		{"no domain dot", "foo@bar", nil},
		{"localhost", "user@localhost", nil},
		{"handle", "@username", nil},
	})
}

func TestDetectPhone(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"CN intl", "+86 150 3060 0274", []found{f(Phone, "+86 150 3060 0274")}},
		{"CN intl full-width plus", "＋86 150 3060 0274", []found{f(Phone, "＋86 150 3060 0274")}},
		{"CN mobile", "13775785309", []found{f(Phone, "13775785309")}},
		{"CN mobile grouped", "150 3060 0274", []found{f(Phone, "150 3060 0274")}},
		{"CN mobile after label", "手机号13775785309", []found{f(Phone, "13775785309")}},
		{"CN landline", "Tel: 0755-86013388", []found{f(Phone, "0755-86013388")}},
		{"US intl", "+1 (415) 555-0151", []found{f(Phone, "+1 (415) 555-0151")}},
		{"US intl spaces", "+1 415 555 0151", []found{f(Phone, "+1 415 555 0151")}},
		{"US national", "(212) 555-0177", []found{f(Phone, "(212) 555-0177")}},
		{"US national sentence", "phone: (212) 555-0177.", []found{f(Phone, "(212) 555-0177")}},
		{"US dashes", "415-555-0151", []found{f(Phone, "415-555-0151")}},
		{"UK intl", "+44 20 7946 0348", []found{f(Phone, "+44 20 7946 0348")}},
		{"UK intl solid", "+447911123456", []found{f(Phone, "+447911123456")}},
		{"UK plus read as minus", "-44 20 7946 0348", []found{f(Phone, "-44 20 7946 0348")}},
		{"UK national", "020 7946 0348", []found{f(Phone, "020 7946 0348")}},
		{"UK mobile national", "07911 123456", []found{f(Phone, "07911 123456")}},
		{"extension after", "+44 20 7946 0348 ext 12", []found{f(Phone, "+44 20 7946 0348")}},
		{"time after", "+86 138 0013 8000 10:42", []found{f(Phone, "+86 138 0013 8000")}},
		{"date after", "13775785309 2024-05-18", []found{f(Phone, "13775785309")}},
		{"date before intl", "2024-05-18 +86 137 7578 5309", []found{f(Phone, "+86 137 7578 5309")}},
		{"with email", "li.wei88@gmail.com, +86 150 3060 0274",
			[]found{f(Email, "li.wei88@gmail.com"), f(Phone, "+86 150 3060 0274")}},

		// Shape decides, validity only raises confidence: drama and
		// fiction ranges, new allocations, other countries' national
		// forms are still numbers on a screen.
		{"UK drama range intl", "+44 1632 960100", []found{f(Phone, "+44 1632 960100")}},
		{"UK drama range national", "01632 960226", []found{f(Phone, "01632 960226")}},
		{"AU fiction range", "0491 570 135", []found{f(Phone, "0491 570 135")}},
		{"FR national", "06 39 98 00 03", []found{f(Phone, "06 39 98 00 03")}},
		{"DE mobile intl", "+49 1512 5653197", []found{f(Phone, "+49 1512 5653197")}},
		{"MY landline", "Tel: 03-2726-5600", []found{f(Phone, "03-2726-5600")}},
		{"receipt number in a national shape", "Receipt No. :003-1220615", nil},
		{"invoice number in a national shape", "Invoice No. 0123 456 789", nil},
		{"unknown country code", "+999 1234 5678", nil},
		{"date parts", "03 06 2024", nil},

		{"masked CN", "138****8000", nil},
		{"masked CN intl", "+86 138****8000", nil},
		{"masked US bullets", "+1 ••• ••• 0185", nil},
		{"date and time", "2024-05-18 10:42", nil},
		{"time with seconds", "10:42:15", nil},
		{"ticket hash", "#56455721", []found{f(Ticket, "#56455721")}},
		{"KYC ticket", "KYC-17588667", []found{f(Ticket, "KYC-17588667")}},
		{"UID-like 9 digits", "956242693", nil},
		{"UID without page context", "UID 956242693", nil},
		{"order number", "Order 1234567890", nil},
		{"reference", "ref 9876543210", nil},
		{"long digit run", "12345678901234567890", nil},
		{"timestamp id", "Transaction ID 20240518104215", nil},
		{"seven digits", "5551234", nil},
		{"page count", "Page 3 of 10", nil},
		{"IP address", "IP 192.168.1.1", nil},
		{"version", "version 12.0.1", nil},

		// A national number right after another number on the line is
		// swallowed into one candidate that starts at the first number;
		// findPhones only retries without trailing groups, never from a
		// later start.
		{"date before national", "2024-05-18 13775785309", []found{f(Phone, "13775785309")}},
		{"time before national", "10:42 13775785309", []found{f(Phone, "13775785309")}},
		{"count before national", "Qty 3 13775785309", []found{f(Phone, "13775785309")}},
		{"count before US", "Room 12 (212) 555-0177", []found{f(Phone, "(212) 555-0177")}},
		// reUSForm accepts dots, but reProtect's version-number pattern
		// (\d+\.\d+\.\d+) outranks phones.
		{"US dots", "415.555.0151", []found{f(Phone, "415.555.0151")}},
		{"US intl dots", "+1 415.555.0151", []found{f(Phone, "+1 415.555.0151")}},
	})
}

func TestDetectBalance(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"won read as W", "W5,911", []found{f(Balance, "W5,911")}},
		{"won read as yen and a hash", "was charged ¥#742.", []found{f(Balance, "¥#742")}},
		{"a W before a plain number", "Gate W12 opens", nil},
		{"receipt total with a space after the point", "TOTAL RM 65. 20", []found{f(Balance, "RM 65. 20")}},
		{"sentence end then a number", "It was 65. 20 people came", nil},
		{"Singapore dollars, signed", "-S$57.37", []found{f(Balance, "-S$57.37")}},
		{"Canadian dollars", "CA$22,277.98", []found{f(Balance, "CA$22,277.98")}},
		{"Indian grouping", "Balance ₹12,34,567.89 today", []found{f(Balance, "₹12,34,567.89")}},
		{"rupees as Rs.", "paid Rs. 1,250 by UPI", []found{f(Balance, "Rs. 1,250")}},
		{"code starting with S", "SGD 1,200 sent", []found{f(Balance, "SGD 1,200")}},
		{"zloty after", "1.234,56 zł", []found{f(Balance, "1.234,56 zł")}},
		{"roubles after", "12 345,67 ₽", []found{f(Balance, "12 345,67 ₽")}},
		{"kronor after", "saldo 1 200 kr", []found{f(Balance, "1 200 kr")}},
		{"shortened thousands", "volume $12k", []found{f(Balance, "$12k")}},
		{"ten thousands of yuan", "余额 1.2万元", []found{f(Balance, "1.2万元")}},
		{"yuan in words before", "人民币 3,000.00", []found{f(Balance, "人民币 3,000.00")}},
		{"millibitcoin, space grouping, decimal comma", "Balance: 9 812,82003 mBTC (2,280.49 USD)", []found{f(Balance, "9 812,82003 mBTC"), f(Balance, "2,280.49 USD")}},
		{"dollar prefix with S for $", "should be CAS22277.98 and", []found{f(Balance, "CAS22277.98")}},
		{"approximately read as &", "& ¥24,739.46", []found{f(Balance, "& ¥24,739.46")}},
		{"a word ending in S before a number is no currency", "BUS 12", nil},
		{"a version is no sum", "Version 12.3k", nil},
		{"ringgit", "RM 65.20", []found{f(Balance, "RM 65.20")}},
		{"total after a label with its currency", "Total (RM) :112.46", []found{f(Balance, "112.46")}},
		{"ticker before a signed whole amount", "DOGE +698", []found{f(Balance, "DOGE +698")}},
		{"time with hundredths", "at 10:42.50", nil},
		{"approx dollars", "≈ $34,549.10", []found{f(Balance, "≈ $34,549.10")}},
		{"approx BTC", "≈ 0.51474 BTC", []found{f(Balance, "≈ 0.51474 BTC")}},
		{"signed dollars", "+$293.95", []found{f(Balance, "+$293.95")}},
		{"bare grouped", "13,730.10", []found{f(Balance, "13,730.10")}},
		{"bare decimals", "0.21798", []found{f(Balance, "0.21798")}},
		{"euro spaces", "6 739,19 €", []found{f(Balance, "6 739,19 €")}},
		{"euro negative", "-1 795,88 €", []found{f(Balance, "-1 795,88 €")}},
		{"euro prefix dots", "€1.234,56", []found{f(Balance, "€1.234,56")}},
		{"euro after label", "Total: 1 234,56 €", []found{f(Balance, "1 234,56 €")}},
		{"decimal comma read as semicolon", "3729;96 €", []found{f(Balance, "3729;96 €")}},
		{"semicolon without a currency", "Items 12;50 shipped", nil},
		{"yuan negative", "-¥881.89", []found{f(Balance, "-¥881.89")}},
		{"yuan positive", "+¥3,800.53", []found{f(Balance, "+¥3,800.53")}},
		{"yuan space", "¥ 1,234", []found{f(Balance, "¥ 1,234")}},
		{"yuan suffix", "1,234.56元", []found{f(Balance, "1,234.56元")}},
		{"USDT", "4,788.66 USDT", []found{f(Balance, "4,788.66 USDT")}},
		{"zero USDT", "Balance: 0.00 USDT", []found{f(Balance, "0.00 USDT")}},
		{"ETH", "3.5 ETH", []found{f(Balance, "3.5 ETH")}},
		{"fee", "Fee 0.0005 BTC", []found{f(Balance, "0.0005 BTC")}},
		{"approx read as percent", "% ¥47,453.11", []found{f(Balance, "% ¥47,453.11")}},
		{"ticker misread", "0.60347 BIC", []found{f(Balance, "0.60347 BIC")}},
		{"dollar sign read as S", "S12.50", []found{f(Balance, "S12.50")}},
		{"whole dollars", "$5", []found{f(Balance, "$5")}},
		{"after address", ethAddr + " ≈ $1,234.56", []found{f(Wallet, ethAddr), f(Balance, "≈ $1,234.56")}},

		{"percent change", "+0.28%", nil},
		{"percent", "50%", nil},
		{"version", "v1.2.3", nil},
		{"dotted date", "2024.05.18", nil},
		{"time", "10:42", nil},
		{"IP", "203.0.113.6", nil},
		{"countdown", "Resend (52s)", nil},
		{"rating", "Rated 4.8 stars", nil},
		{"leverage", "2.5x leverage", nil},
		// "S" after a letter is not a dollar sign; the amount still is one.
		{"S inside word", "IDS 12.50", []found{f(Balance, "12.50")}},
		{"lone symbol", "¥", nil},
		{"step", "Step 2 of 3", nil},
	})
}

func TestDetectWallet(t *testing.T) {
	eth := ethAddr[2:]
	runDetectCases(t, []detectCase{
		{"LTC with OCR's 1 and l swapped", "1tclqaueqakp3rzy4u62g2sf9em682qj88vzxuwr68v", []found{f(Wallet, "1tclqaueqakp3rzy4u62g2sf9em682qj88vzxuwr68v")}},
		{"a word starting like ltc", "itching to know when my deposit arrives", nil},
		{"ETH", ethAddr, []found{f(Wallet, ethAddr)}},
		{"ETH O for 0", "Ox" + eth, []found{f(Wallet, "Ox"+eth)}},
		{"ETH @ for 0", "@x" + eth, []found{f(Wallet, "@x"+eth)}},
		{"ETH 9 for 0", "9x" + eth, []found{f(Wallet, "9x"+eth)}},
		{"ETH g for 0", "gx" + eth, []found{f(Wallet, "gx"+eth)}},
		{"ETH split by space", ethAddr[:22] + " " + ethAddr[22:], []found{f(Wallet, ethAddr[:22]+" "+ethAddr[22:])}},
		{"ETH wrapped", ethAddr[:22] + "\n" + ethAddr[22:], []found{f(Wallet, ethAddr[:22]+"\n"+ethAddr[22:])}},
		{"ETH between buttons", "Copy " + ethAddr + " Copy", []found{f(Wallet, ethAddr)}},
		{"ETH OCR slips", "0x47b7bc957l4AdFff7OCe645Ae97D8584df00CC94", []found{f(Wallet, "0x47b7bc957l4AdFff7OCe645Ae97D8584df00CC94")}},
		{"bech32", btcBech32, []found{f(Wallet, btcBech32)}},
		{"bech32 bcl", "bcl" + btcBech32[3:], []found{f(Wallet, "bcl"+btcBech32[3:])}},
		{"bech32 bel", "bel" + btcBech32[3:], []found{f(Wallet, "bel"+btcBech32[3:])}},
		{"bech32 wrapped", btcBech32[:21] + "\n" + btcBech32[21:], []found{f(Wallet, btcBech32[:21]+"\n"+btcBech32[21:])}},
		{"litecoin bech32", "ltc1" + btcBech32[3:], []found{f(Wallet, "ltc1"+btcBech32[3:])}},
		{"base58", btcBase58, []found{f(Wallet, btcBase58)}},
		{"base58 P2SH", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", []found{f(Wallet, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")}},
		{"TRON", "TRX TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", []found{f(Wallet, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8")}},
		{"base58 wrapped", btcBase58[:17] + "\n" + btcBase58[17:], []found{f(Wallet, btcBase58[:17]+"\n"+btcBase58[17:])}},
		{"address cut short", ethAddr[:24], []found{f(Wallet, ethAddr[:24])}},

		{"txid", txHash, []found{f(TxID, txHash)}},
		{"txid 0x", "0x" + txHash, []found{f(TxID, "0x"+txHash)}},
		{"txid in URL", "https://etherscan.io/tx/0x" + txHash, []found{f(TxID, "0x"+txHash)}},
		{"txid in parentheses", "Hash: 0x" + txHash + " (confirmed)", []found{f(TxID, "0x"+txHash)}},
		{"txid wrapped 3 lines", txHash[:24] + "\n" + txHash[24:48] + "\n" + txHash[48:],
			[]found{f(TxID, txHash[:24]+"\n"+txHash[24:48]+"\n"+txHash[48:])}},
		{"txid under its label", "TxID\n" + txHash, []found{f(TxID, txHash)}},

		{"truncated display", "0x36ab8a…acf006", nil},
		{"truncated display dots", "0x36ab8a...acf006", nil},
		{"short hex", "0x1234", nil},
		{"bech32 prefix only", "bc1q", nil},
		{"prose", "The quick brown fox jumps over the lazy dog", nil},
		{"camel case word", "Withdrawal", nil},

		// The chain of runs after a bech32 address takes any following
		// lower-case word while the total stays within 40–64 runes.
		{"bech32 then word", "Send to " + btcBech32 + " now", []found{f(Wallet, btcBech32)}},
	})
}

func TestDetectCard(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"wrapped after card, a digit lost", "我是用这张卡付的4400 8570 116\n2993，有效期08/27", []found{f(Card, "4400 8570 116\n2993")}},
		{"grouped without card context", "Order 4400 8570 116 2993", nil},
		{"Visa groups", "4111 1111 1111 1111", []found{f(Card, "4111 1111 1111 1111")}},
		{"Visa dashes", "4111-1111-1111-1111", []found{f(Card, "4111-1111-1111-1111")}},
		{"Visa solid", "4111111111111111", []found{f(Card, "4111111111111111")}},
		{"Discover solid", "6011111111111117", []found{f(Card, "6011111111111117")}},
		{"Mastercard then expiry on next line", "5555 5555 5555 4444\n12/26", []found{f(Card, "5555 5555 5555 4444")}},
		{"Mastercard then words", "5555 5555 5555 4444 exp", []found{f(Card, "5555 5555 5555 4444")}},
		{"Amex", "3782 822463 10005", []found{f(Card, "3782 822463 10005")}},
		{"Amex dashes", "Amex 3782-822463-10005", []found{f(Card, "3782-822463-10005")}},
		{"19 digits", "6011 0000 0000 0000 001", []found{f(Card, "6011 0000 0000 0000 001")}},
		// Four groups of four hide even when one digit was misread.
		{"groups failing Luhn", "4111 1111 1111 1112", []found{f(Card, "4111 1111 1111 1112")}},

		{"CN phone in groups", "+86 158 6416 6142", []found{f(Phone, "+86 158 6416 6142")}},
		{"solid failing Luhn", "4111111111111112", nil},
		{"masked", "**** **** **** 4242", nil},
		{"last four", "Card ending 4242", nil},
		{"twenty digits", "12345678901234567890", nil},

		// reCard is greedy: a number after the card on the same line
		// (an expiry date, a time, a CVV) becomes part of the candidate,
		// which then fails every check, and the card is not found.
		{"expiry after", "5555 5555 5555 4444 12/26", []found{f(Card, "5555 5555 5555 4444")}},
		{"time after", "4111 1111 1111 1111 10:42", []found{f(Card, "4111 1111 1111 1111")}},
		{"expiry as groups", "Card 4111 1111 1111 1111 05 26", []found{f(Card, "4111 1111 1111 1111")}},
	})
}

func TestDetectID(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"CN resident ID", "110101199003074514", []found{f(IDNum, "110101199003074514")}},
		{"IBAN whole, not a phone inside it", "DE89 3704 0044 0532 0130 00", []found{f(Account, "DE89 3704 0044 0532 0130 00")}},
		{"IBAN misread, in groups of four", "FR76 3000 6000 0112 3456 7890 188", []found{f(Account, "FR76 3000 6000 0112 3456 7890 188")}},
		{"UK NI, example prefix", "QQ 67 20 90 A", []found{f(IDNum, "QQ 67 20 90 A")}},
		{"HK ID", "香港身份证 H016291(6)", []found{f(IDNum, "H016291(6)")}},
		{"HK ID two letters", "XA 123456(A)", nil}, // a space inside: not the printed form
		{"SG NRIC", "NRIC T8680434J", []found{f(IDNum, "T8680434J")}},
		{"IN PAN", "PAN: ABCDE1234F", []found{f(IDNum, "ABCDE1234F")}},
		{"CH VAT", "CHE-596.315.930 MWST", []found{f(IDNum, "CHE-596.315.930 MWST")}},
		{"model number", "Model ABC-1234", nil},
		{"SKU", "SKU 12345678", nil},
		{"CN resident ID X", "21020319760717261X", []found{f(IDNum, "21020319760717261X")}},
		{"CN resident ID x", "21020319760717261x", []found{f(IDNum, "21020319760717261x")}},
		{"CN after label", "身份证号：110101199003074514", []found{f(IDNum, "110101199003074514")}},
		{"CN with year after", "110101199003074514 2024", []found{f(IDNum, "110101199003074514")}},
		// A bad check character is an OCR slip as often as not: still
		// hidden, with less confidence.
		{"CN bad check", "110101199003074515", []found{f(IDNum, "110101199003074515")}},
		{"passport two letters", "EA1467245", []found{f(IDNum, "EA1467245")}},
		{"passport one letter", "E31186174", []found{f(IDNum, "E31186174")}},
		{"passport OCR S for 5", "EAS778810", []found{f(IDNum, "EAS778810")}},
		{"passport 7 digits", "A1234567", []found{f(IDNum, "A1234567")}},
		{"SSN", "SSN 078-05-1120", []found{f(IDNum, "078-05-1120")}},

		{"CN bad month", "110101199013074514", nil},
		{"KYC ticket", "KYC-17588667", []found{f(Ticket, "KYC-17588667")}},
		{"hash ticket", "#14898169", []found{f(Ticket, "#14898169")}},
		{"inside a token", "XEA1467245", nil},
	})
}

func TestDetectAddress(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"CN region on the line above", "采购部，华东区\n北京市朝阳区望京街145号", []found{f(Address, "北京市朝阳区望京街145号")}},
		{"CN address wrapped after the city", "浙江省杭州市\n西湖区古墩路394号", []found{f(Address, "浙江省杭州市\n西湖区古墩路394号")}},
		{"CN label joined to the address", "账户地址\n北京市朝阳区东三环中路182号", []found{f(Address, "北京市朝阳区东三环中路182号")}},
		{"CN building after the number", "上海市静安区南京西路1266号恒隆广场", []found{f(Address, "上海市静安区南京西路1266号恒隆广场")}},
		{"CN building and room", "广州市天河区体育西路191号中石化大厦B座2001", []found{f(Address, "广州市天河区体育西路191号中石化大厦B座2001")}},
		{"CN sentence after the number", "北京市朝阳区建国路88号，请尽快发货", []found{f(Address, "北京市朝阳区建国路88号")}},
		{"Hong Kong, no district level", "香港九龙尖沙咀弥敦道100号", []found{f(Address, "香港九龙尖沙咀弥敦道100号")}},
		{"CN road section", "成都市高新区天府大道中段1号", []found{f(Address, "成都市高新区天府大道中段1号")}},
		{"US street unit", "334 Mission St, Apt 4B", []found{f(Address, "334 Mission St, Apt 4B")}},
		{"US city", "Seattle, WA 98144", []found{f(Address, "Seattle, WA 98144")}},
		{"US full", "4063 Lexington Ave, New York, NY 10059", []found{f(Address, "4063 Lexington Ave, New York, NY 10059")}},
		{"UK flat", "Flat 3, 130 Kingsland High St", []found{f(Address, "Flat 3, 130 Kingsland High St")}},
		{"UK postcode", "London NW1 6XE", []found{f(Address, "London NW1 6XE")}},
		{"UK full", "78 Old Kent Rd, London SE1 9SG", []found{f(Address, "78 Old Kent Rd, London SE1 9SG")}},
		{"UK street", "I live at 10 Downing Street", []found{f(Address, "10 Downing Street")}},
		{"CN Beijing", "北京市朝阳区建国路88号", []found{f(Address, "北京市朝阳区建国路88号")}},
		{"CN Shanghai", "上海市浦东新区世纪大道100号", []found{f(Address, "上海市浦东新区世纪大道100号")}},
		{"CN city only", "杭州市西湖区文三路90号", []found{f(Address, "杭州市西湖区文三路90号")}},
		{"CN wrapped", "浙江省杭州市西湖区古墩路394号\n1栋1101室", []found{f(Address, "浙江省杭州市西湖区古墩路394号\n1栋1101室")}},
		{"CN spaced building", "广东省深圳市南山区科技园南路386 号, 6 栋2405室", []found{f(Address, "广东省深圳市南山区科技园南路386 号, 6 栋2405室")}},

		{"prose", "Thanks for your help with my account", nil},
		{"CN prose", "您的提现申请已提交，请耐心等待", nil},
		{"state without zip", "Seattle, WA", nil},
	})
}

func TestDetectTicket(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"hash", "Ticket #12345678", []found{f(Ticket, "#12345678")}},
		{"hash space", "Case # 5567812", []found{f(Ticket, "# 5567812")}},
		{"order prefix", "ORD-20240518", []found{f(Ticket, "ORD-20240518")}},
		{"KYC rejected", "KYC-17588667 rejected", []found{f(Ticket, "KYC-17588667")}},
		{"CN work order", "工单号：88231234", []found{f(Ticket, "单号：88231234")}},
		{"CN order", "订单 20240518", []found{f(Ticket, "订单 20240518")}},

		{"short hash", "#123", nil},
		{"hashtag", "#support", nil},
	})
}

// TestDetectMixed checks lines that carry several values at once, the way
// a screen row does.
func TestDetectMixed(t *testing.T) {
	runDetectCases(t, []detectCase{
		{"row of an asset list", "BTC  0.51474 BTC  ≈ $34,549.10  +0.28%",
			[]found{f(Balance, "0.51474 BTC"), f(Balance, "≈ $34,549.10")}},
		{"withdrawal", "To " + btcBech32 + "\nHash: " + txHash,
			[]found{f(Wallet, btcBech32), f(TxID, txHash)}},
		// findWallets chains the next line's first run onto a complete
		// bech32 address while the total stays within 40–64 runes, and
		// "TxID" looks random enough (two capitals) to continue it.
		{"label under address", "To " + btcBech32 + "\nTxID " + txHash,
			[]found{f(Wallet, btcBech32), f(TxID, txHash)}},
		{"kept things only", "2024-05-18 10:42 · #56455721 · v2.3.1 · +1.5%",
			[]found{f(Ticket, "#56455721")}},
		{"CJK around values", "请联系 li.wei88@gmail.com 或致电 13775785309。",
			[]found{f(Email, "li.wei88@gmail.com"), f(Phone, "13775785309")}},
	})
}

// TestDetectRuneBoundaries runs the detectors over text full of multi-byte
// runes next to values, where a byte-based slip would cut a rune in two.
func TestDetectRuneBoundaries(t *testing.T) {
	d := DefaultPolicy().detectors()
	texts := []string{
		"é0x47b7bc95714AdFff70Ce645Ae97D8584df00CC94é",
		"€€€1,234.56€€€",
		"号号13775785309号号",
		"ÀÁÂ@gmail.com",
		"—+86 150 3060 0274—",
		"𝟘x" + strings.Repeat("𝟙", 40),
		"省市区路1号\n栋室",
		"…0x36ab8a…acf006…",
		"\u00a0≈\u00a0$\u00a01\u202f234.56\u00a0",
		"ＯＸ４７ｂ７ｂｃ９５７１４",
		"Ø" + ethAddr[1:],
	}
	for _, s := range texts {
		checkMatches(t, s, detectText(s, d))
	}
}
