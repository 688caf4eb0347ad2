package redact

import (
	"image"
	"strings"
	"testing"
)

func TestSuspicious(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		// Marks of a misread strong-shaped value.
		{"Email li.wei88@gmai1.com", true},
		{"Email li.wei88 ©gmail.com", true}, // "@" misread, the domain is left
		{"alice.smith©example.com", true},
		{"Phone +44 660 ee UHI", true}, // five digits
		{"验证码已发送至 188\" \"1137", true},
		{"Card 4111 1111 1111 1111", true},
		{"ID 11010119900307451X", true},
		{"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", true}, // a long run
		{"Oxa2925d2f9caddd06563efe4 复制", true},
		// Nothing a second reading could turn into one.
		{"Resend (52s)", false},
		{"64/64", false},
		{"VALID THRU 03/27", false},
		{"COFFEE HOUSE 0231", false},
		{"01 Apr 2024 — 30 Apr 2024", false},
		{"Sat, May 18, 10:42 AM", false},
		{"Last login: 2024-05-18 09:12:44 (UTC+8)", false},
		{"2-step verification: Authenticator app", false},
		{"@ USDT", false}, // a coin icon read as "@"
		{"Ticket #56455721 is being processed", false},
		{"Phone 138****8000", false},
		{"TxID 0x23f5435b…a6028c8a", false},
		{"Settings Profile Security", false},
	} {
		ws := at(10, 10, 20).words(strings.Fields(tt.line)...)
		segs := buildSegments(ws)
		if len(segs) != 1 {
			t.Fatalf("%q: %d segments", tt.line, len(segs))
		}
		if got := suspicious(segs[0], nil); got != tt.want {
			t.Errorf("suspicious(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
	// What is hidden already does not count.
	ws := at(10, 10, 20).words("Phone", "+86", "150", "3060", "0274")
	segs := buildSegments(ws)
	if !suspicious(segs[0], nil) {
		t.Fatal("phone line not suspicious")
	}
	if suspicious(segs[0], []image.Rectangle{union(ws[1:]...).Inset(-2)}) {
		t.Error("phone line suspicious with the number hidden")
	}
}
