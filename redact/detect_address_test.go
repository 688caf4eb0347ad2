package redact

import "testing"

// TestPageAddressBlocks: every line of a postal address block is hidden —
// street, unit, postcode and country lines — in layouts and countries the
// street-type patterns do not know, left- or right-aligned; lines around
// it that hold other fields stay.
func TestPageAddressBlocks(t *testing.T) {
	runLayoutCases(t, Address, []layoutCase{
		{"German, ß read as B, country", []layoutLine{{40, 100, "Emily Carter"}, {40, 125, "LindenstraBe 38a"}, {40, 150, "10115 Berlin"}, {40, 175, "Deutschland"}, {40, 200, "Tel. +49 1514 8706288"}},
			[]int{1, 2, 3}, nil},
		{"French with a floor line", []layoutLine{{40, 125, "8 rue de la Paix"}, {40, 150, "Appt 30, 3e étage"}, {40, 175, "69003 Lyon"}, {40, 200, "France"}},
			[]int{0, 1, 2, 3}, nil},
		{"Dutch", []layoutLine{{40, 125, "Keizersgracht 123"}, {40, 150, "1015 CJ Amsterdam"}, {40, 175, "Nederland"}}, []int{0, 1, 2}, nil},
		{"Singapore", []layoutLine{{40, 125, "10 Anson Road #23-01"}, {40, 150, "Singapore 079903"}}, []int{0, 1}, nil},
		{"right-aligned UK", []layoutLine{{325, 125, "Flat 13, 140 Church Street"}, {389, 150, "Birmingham B15 2TT"}, {454, 175, "United Kingdom"}}, []int{0, 1, 2}, nil},
		{"Australian unit", []layoutLine{{40, 125, "Unit 14, 248 Brunswick Street"}, {40, 150, "South Yarra VIC 3141"}, {40, 175, "Australia"}}, []int{0, 1, 2}, nil},
		{"Chinese, building and postcode lines", []layoutLine{{40, 125, "四川省成都市武侯区人民南路四段141号"}, {40, 150, "阳光中心11栋902室"}, {40, 175, "邮编 100020"}}, []int{0, 1, 2}, nil},
		{"receipt, Malaysian, centred", []layoutLine{{369, 100, "PERNIAGAAN ZHENG HUI"}, {396, 125, "NO.89 JALAN PERMAS 9/5"}, {382, 150, "BANDAR BARU PERMAS JAYA"}, {408, 175, "81760 JOHOR BAHRU"}},
			[]int{1, 2, 3}, []int{0}},
		{"receipt, state in capitals under the postcode", []layoutLine{{135, 100, "NO.32 & 33, JALAN SR 1/9, SEKSYEN 9"}, {198, 125, "TAMAN SERDANG RAYA,"}, {139, 150, "43300 SERI KEMBANGAN, SELANGOR"}, {246, 175, "DARUL EHSAN"}, {190, 200, "GST ID : 002139201536"}},
			[]int{0, 1, 2, 3}, []int{4}},
		{"label under an address", []layoutLine{{40, 100, "Flat 13, 140 Church Street"}, {40, 125, "Birmingham B15 2TT"}, {40, 150, "Phone number"}}, []int{0, 1}, []int{2}},
		{"receipt, unit line", []layoutLine{{198, 100, "Nando's 1 Mont Kiara"}, {129, 125, "Unit G-13, Ground Floor, No.1"}, {196, 150, "Jn Kiara, Mont Kiara"}, {213, 175, "50480 Kuala Lumpur"}},
			[]int{1, 2, 3}, nil},
		{"Spanish", []layoutLine{{40, 125, "Calle Mayor 5, 3º B"}, {40, 150, "28013 Madrid"}, {40, 175, "España"}}, []int{0, 1, 2}, nil},
		{"receipt, lines split at a wide space", []layoutLine{{120, 75, "Geoventure Sdn Bhd"}, {120, 100, "Lot 38,"}, {230, 100, "39 101 Boulevard"}, {40, 125, "Jalan Kenari 5,"}, {230, 125, "Bandar Puchong Jaya"}, {120, 150, "47170 Puchong, Selangor."}, {120, 175, "TEL: 03-8079 0255"}},
			[]int{1, 2, 3, 4, 5}, []int{0, 6}},
		{"receipt, building between the floor and the street", []layoutLine{{40, 75, "YHM Aeon Tebrau City"}, {40, 100, "$117, Second Floor,"}, {40, 125, "Aeon Tebrau City,"}, {40, 150, "{, Jalan Desa Tebrau,"}, {40, 175, "Taman Desa Tebrau,"}, {40, 200, "81100 Johor Bahru, Johor."}},
			[]int{1, 2, 3, 4, 5}, []int{0}},
		{"Chinese, spaced unit line after a misread quote", []layoutLine{{40, 125, "北京市朝阳区朝阳北路337 号"}, {40, 150, "“ 金茂大厦 5 栋 606 室"}, {40, 175, "邮编200120"}}, []int{0, 1, 2}, nil},
		{"Brazilian street named first", []layoutLine{{40, 125, "Rua Augusta 1508, apto 42"}, {40, 150, "01304-001 São Paulo"}, {40, 175, "Brasil"}}, []int{0, 1, 2}, nil},
		{"amount beside a street line", []layoutLine{{40, 125, "12 High Street"}, {300, 125, "Total: $12.00"}, {40, 150, "Boston MA 02115"}}, []int{0, 2}, []int{1}},
		{"form caption with its line number", []layoutLine{{40, 100, "Address line 2 (optional)"}, {40, 125, "Flat 3, Rose Court"}}, []int{1}, []int{0}},
		{"Singapore HDB block with its unit line", []layoutLine{{40, 125, "Blk 334 Ang Mo Kio Avenue 3"}, {40, 150, "#07-252"}, {40, 175, "Singapore 564353"}}, []int{0, 1, 2}, nil},
		{"Hong Kong, no postcode", []layoutLine{{40, 125, "Flat B, 12/F, Tower 2"}, {40, 150, "The Harbourfront, 18 Tak Fung Street"}, {40, 175, "Hung Hom, Kowloon"}}, []int{0, 1, 2}, nil},
		{"Indian, city and state before the PIN", []layoutLine{{40, 125, "Flat 402, Sai Residency, MG Road"}, {40, 150, "Bengaluru, Karnataka 560001"}, {40, 175, "India"}}, []int{0, 1, 2}, nil},
		{"PO box", []layoutLine{{40, 125, "PO Box 1234"}, {40, 150, "Dubai, UAE"}}, []int{0, 1}, nil},
		// Near misses: a postcode-shaped line without a street above
		// it, a country alone, an amount above a "city".
		{"country alone", []layoutLine{{40, 125, "Country of residence"}, {40, 150, "Germany"}}, nil, []int{0, 1}},
		{"order number and city", []layoutLine{{40, 125, "Order 2024 shipped"}, {40, 150, "Paris 75001"}}, nil, []int{0}},
		{"date above a postcode", []layoutLine{{40, 125, "2024-05-01 10:30"}, {40, 150, "10115 Berlin"}}, nil, []int{0}},
		{"words only above a postcode", []layoutLine{{40, 125, "Head Office"}, {40, 150, "10115 Berlin"}}, nil, []int{0, 1}},
	})
}

// TestPageStreetBlocks: a receipt's address with no postcode line (or one
// OCR misread) is found from its street line, house number first with a
// street word, and the district and town lines under it; the shop's phone
// and tax number under the block, and a street line alone, are not.
func TestPageStreetBlocks(t *testing.T) {
	runLayoutCases(t, Address, []layoutCase{
		{"Malaysian receipt", []layoutLine{
			{40, 100, "CARREFOUR RESTAURANT"},
			{40, 125, "18,JALAN PERMAS 10/7"},
			{40, 150, "BANDAR BARU PERMAS JAYA,"},
			{40, 175, "MASAI, JOHOR"},
			{40, 200, "TEL: 07-3822612"},
		}, []int{1, 2, 3}, []int{0, 4}},
		{"OCR junk in the town line", []layoutLine{
			{40, 100, "13, JLN TASIK UTAMA 8"},
			{40, 125, "MEDAN NIAGA DAMA! SG BES|"},
			{40, 150, "GST ID: 000433614848"},
		}, []int{0, 1}, []int{2}},
		{"Spanish street, number after the marker", []layoutLine{
			{40, 100, "No. 5, Calle Mayor 12"},
			{40, 125, "Barrio de Salamanca"},
			{40, 150, "Madrid"},
		}, []int{0, 1, 2}, nil},
		{"Chinese block OCR misread (栋 as 标, 邮编 as 部编), the phone under it", []layoutLine{
			{40, 100, "四川省成都市武侯区科华北路20号"},
			{40, 125, "保利中心10 标1605 宣"},
			{40, 150, "部编 100020"},
			{40, 175, "电话 15870378744"},
		}, []int{0, 1, 2}, []int{3}},
		{"a street line alone", []layoutLine{
			{40, 100, "Order 20240518 confirmed"},
			{40, 200, "2 Jalan Besar 5"},
		}, nil, []int{0, 1}},
	})
}
