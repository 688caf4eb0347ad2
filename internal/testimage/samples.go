package testimage

import "image"

// Fake values for the samples: structurally valid (the wallet addresses
// have correct checksums, the phone number is in Ofcom's range for drama,
// the TxID is 64 hex digits) so detectors treat them as real, but nobody's.
const (
	SampleEmail   = "alex.morgan84@gmail.com"
	SampleMasked  = "al***@gmail.com" // as an app shows it; must be kept
	SamplePhone   = "+44 20 7946 0348"
	SampleBTC     = "bc1qcm85enh5m2m5ttf7eu254dsnr9tdrf4xwm35xn"                       // bech32 P2WPKH
	SampleETH     = "0x47b7bc95714AdFff70Ce645Ae97D8584df00CC94"                       // EIP-55
	SampleTxID    = "68513c1d98433d0dedf061ab2be6b82344f713ea8b87493839f7822bac292511" // keep
	SampleBalance = "≈ $1,234.56"
	SampleAmount  = "0.02150000 BTC"
	SampleTicket  = "#12345678"        // keep
	SampleDate    = "2026-03-14 09:41" // keep
)

// A Sample is a named screenshot for demos and golden tests.
type Sample struct {
	Name string // file name without extension
	Page Page
}

// Samples returns the sample screenshots behind testdata/samples: an
// exchange's withdrawal record, a support e-mail in a webmail client, a
// dark-mode wallet page and a phone-sized profile page. Their keyed runs
// are the values a redaction must hide (email, phone, wallet, balance) or
// keep (txid, ticket, date, masked).
func Samples() []Sample {
	return []Sample{withdrawal(), supportMail(), walletDark(), profile()}
}

// row is a label at x and its value at vx, on the same baseline.
func row(x, vx, y int, size float64, label, key, value string, f Font) []Line {
	return []Line{
		{X: x, Y: y, Size: size, Runs: []Run{{Text: label, Role: Label}}},
		{X: vx, Y: y, Size: size, Runs: []Run{{Text: value, Key: key, Font: f}}},
	}
}

func text(x, y int, size float64, f Font, r Role, s string) Line {
	return Line{X: x, Y: y, Size: size, Runs: []Run{{Text: s, Font: f, Role: r}}}
}

func withdrawal() Sample {
	t := Light
	p := Page{Width: 720, Height: 500, Theme: t,
		Fills: []Fill{{Rect: image.Rect(24, 96, 696, 476), Color: t.Panel}}}
	p.Lines = append(p.Lines,
		text(32, 24, 28, Bold, Body, "Withdrawal details"),
		Line{X: 32, Y: 62, Size: 16, Runs: []Run{
			{Text: "Support ticket ", Role: Label},
			{Text: SampleTicket, Key: "ticket", Role: Label},
			{Text: " · opened ", Role: Label},
			{Text: SampleDate, Key: "date", Role: Label},
		}},
	)
	y := 116
	for _, r := range []struct{ label, key, value string }{
		{"Status", "", "Completed"},
		{"Amount", "amount", SampleAmount},
		{"Value", "balance", SampleBalance},
		{"Network", "", "Bitcoin (SegWit)"},
		{"Fee", "", "0.00001200 BTC"},
	} {
		p.Lines = append(p.Lines, row(48, 200, y, 18, r.label, r.key, r.value, Regular)...)
		y += 38
	}
	p.Lines = append(p.Lines,
		text(48, y, 18, Regular, Label, "Address"),
		Line{X: 48, Y: y + 28, Size: 17, Runs: []Run{{Text: SampleBTC, Key: "wallet", Font: Mono}}},
		text(48, y+66, 18, Regular, Label, "TxID"),
		Line{X: 48, Y: y + 94, Size: 14, Runs: []Run{{Text: SampleTxID, Key: "txid", Font: Mono, Role: Link}}},
	)
	return Sample{Name: "withdrawal_light", Page: p}
}

func supportMail() Sample {
	t := Light
	t.Background = t.Panel
	p := Page{Width: 760, Height: 420, Theme: t,
		Fills: []Fill{{Rect: image.Rect(0, 0, 760, 56), Color: Light.Background}}}
	p.Lines = append(p.Lines,
		text(24, 16, 20, Bold, Body, "Inbox"),
		Line{X: 24, Y: 72, Size: 22, Runs: []Run{
			{Text: "Re: Withdrawal not received [Ticket ", Font: Bold},
			{Text: SampleTicket, Key: "ticket", Font: Bold},
			{Text: "]", Font: Bold},
		}},
		Line{X: 24, Y: 116, Size: 16, Runs: []Run{
			{Text: "From: ", Role: Label},
			{Text: "Alex Morgan <"},
			{Text: SampleEmail, Key: "email"},
			{Text: ">"},
		}},
		Line{X: 24, Y: 142, Size: 16, Runs: []Run{
			{Text: "Date: ", Role: Label},
			{Text: SampleDate, Key: "date"},
		}},
		text(24, 190, 16, Regular, Body, "Hello,"),
		Line{X: 24, Y: 222, Size: 16, Runs: []Run{
			{Text: "my withdrawal of "},
			{Text: SampleBalance, Key: "balance"},
			{Text: " from 14 March has still not arrived."},
		}},
		Line{X: 24, Y: 248, Size: 16, Runs: []Run{
			{Text: "You can call me on "},
			{Text: SamplePhone, Key: "phone"},
			{Text: " or reply here."},
		}},
		text(24, 274, 16, Regular, Body, "The transaction ID is:"),
		Line{X: 24, Y: 300, Size: 14, Runs: []Run{{Text: SampleTxID, Key: "txid", Font: Mono}}},
		text(24, 348, 16, Regular, Body, "Thank you,"),
		text(24, 374, 16, Regular, Body, "Alex"),
	)
	return Sample{Name: "support_mail_light", Page: p}
}

func walletDark() Sample {
	t := Dark
	p := Page{Width: 720, Height: 420, Theme: t,
		Fills: []Fill{
			{Rect: image.Rect(24, 160, 696, 300), Color: t.Panel},
			{Rect: image.Rect(48, 244, 208, 284), Color: t.Accent},
		}}
	p.Lines = append(p.Lines,
		text(32, 24, 16, Regular, Label, "Total balance"),
		Line{X: 32, Y: 48, Size: 36, Runs: []Run{{Text: SampleBalance, Key: "balance", Font: Bold}}},
		Line{X: 32, Y: 110, Size: 16, Runs: []Run{
			{Text: "Account ", Role: Label},
			{Text: SampleMasked, Key: "masked"},
		}},
		text(48, 176, 16, Regular, Label, "ETH deposit address (ERC20)"),
		Line{X: 48, Y: 204, Size: 17, Runs: []Run{{Text: SampleETH, Key: "wallet", Font: Mono}}},
		text(68, 254, 16, Bold, OnAccent, "Copy address"),
		Line{X: 32, Y: 330, Size: 16, Runs: []Run{
			{Text: "Last deposit ", Role: Label},
			{Text: SampleDate, Key: "date"},
		}},
		Line{X: 32, Y: 360, Size: 16, Runs: []Run{
			{Text: "Questions? Quote ticket ", Role: Label},
			{Text: SampleTicket, Key: "ticket"},
		}},
	)
	return Sample{Name: "wallet_dark", Page: p}
}

func profile() Sample {
	t := Light
	p := Page{Width: 390, Height: 420, Theme: t,
		Fills: []Fill{{Rect: image.Rect(16, 76, 374, 396), Color: t.Panel}}}
	p.Lines = append(p.Lines, text(24, 24, 24, Bold, Body, "Security"))
	y := 96
	for _, r := range []struct{ label, key, value string }{
		{"Phone", "phone", SamplePhone},
		{"Email", "email", SampleEmail},
		{"2FA", "", "Authenticator app"},
		{"Member since", "since", "2023-08-02"},
	} {
		p.Lines = append(p.Lines,
			text(32, y, 14, Regular, Label, r.label),
			Line{X: 32, Y: y + 22, Size: 18, Runs: []Run{{Text: r.value, Key: r.key}}},
		)
		y += 72
	}
	return Sample{Name: "profile_light", Page: p}
}
