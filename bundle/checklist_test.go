package bundle

import (
	"strings"
	"testing"
	"time"
)

func TestChecklist(t *testing.T) {
	shot := func(name string, hidden map[string]int, kept map[string][]string) Shot {
		return Shot{Name: name, Hidden: hidden, Kept: kept}
	}
	event := []Event{{Time: time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC), Text: "x", Source: SourceUser}}
	const txid = "3a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
	for _, tc := range []struct {
		name     string
		category string
		st       Statement
		events   []Event
		shots    []Shot
		want     map[string]bool   // ID -> present
		where    map[string]string // ID -> Where
	}{
		{
			name: "login, nothing given", category: "login",
			want: map[string]bool{"contact": false, "failing": false, "time": false},
		},
		{
			name: "login, masked e-mail and a date in the statement", category: "login",
			st:    Statement{Problem: "My account li.***@gmail.com is locked since 2026-11-24."},
			shots: []Shot{shot("a.png", nil, nil), shot("b.png", nil, nil)},
			want:  map[string]bool{"contact": true, "failing": true, "time": true},
			where: map[string]string{"contact": "statement", "failing": "2 screenshots", "time": "statement"},
		},
		{
			name: "login, masked phone", category: "login",
			st:   Statement{Problem: "SMS to 138****8000 never arrives"},
			want: map[string]bool{"contact": true},
		},
		{
			name: "login, international phone", category: "login",
			st:   Statement{Checked: "Tried +86 138 0013 8000 and e-mail"},
			want: map[string]bool{"contact": true},
		},
		{
			name: "login, bare Chinese mobile", category: "login",
			st:   Statement{Problem: "手机号13775785309收不到验证码"},
			want: map[string]bool{"contact": true},
		},
		{
			name: "login, dates and amounts are not phones", category: "login",
			st:   Statement{Problem: "Since 2026-11-24 10:30, order 2026112410 of 1,234,567 USD"},
			want: map[string]bool{"contact": false, "time": true},
		},
		{
			name: "login, phone hidden in a screenshot, time from the timeline", category: "login",
			events: event,
			shots:  []Shot{shot("a.png", nil, nil), shot("b.png", map[string]int{"phone": 1}, nil)},
			want:   map[string]bool{"contact": true, "failing": true, "time": true},
			where:  map[string]string{"contact": "screenshot 2 (hidden)", "failing": "2 screenshots", "time": "timeline"},
		},
		{
			name: "login, file time is not evidence of when", category: "login",
			shots: []Shot{{Name: "a.png", Captured: time.Now(), CaptureSource: SourceFileTime}},
			want:  map[string]bool{"time": false},
		},
		{
			name: "login, capture time from the file name", category: "login",
			shots: []Shot{{Name: "a.png", Captured: time.Now(), CaptureSource: SourceFileName}},
			want:  map[string]bool{"time": true},
			where: map[string]string{"time": "screenshot 1"},
		},
		{
			name: "kyc, english", category: "kyc",
			st:   Statement{Problem: "My passport verification was rejected: photo blurry."},
			want: map[string]bool{"notice": true, "doctype": true},
		},
		{
			name: "kyc, chinese", category: "kyc",
			st:   Statement{Problem: "上传身份证后审核未通过"},
			want: map[string]bool{"notice": true, "doctype": true},
		},
		{
			name: "kyc, from file names", category: "kyc",
			shots: []Shot{shot("rejection-notice.png", nil, nil), shot("driver's license front.jpg", nil, nil)},
			want:  map[string]bool{"notice": true, "doctype": true},
			where: map[string]string{"notice": "screenshot 1", "doctype": "screenshot 2"},
		},
		{
			name: "kyc, nothing", category: "kyc",
			st:   Statement{Problem: "It does not work."},
			want: map[string]bool{"notice": false, "doctype": false},
		},
		{
			name: "transfer, all in the statement", category: "transfer",
			st: Statement{Problem: "Sent 120 USDT on 2026-11-24 from 0x52908400098527886E0F7030069857D2E4169EE7 to " +
				"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, TxID " + txid + "."},
			shots: []Shot{shot("etherscan.png", nil, nil)},
			want:  map[string]bool{"txid": true, "address": true, "amount": true, "time": true, "explorer": true},
			where: map[string]string{"txid": "statement", "address": "statement", "explorer": "screenshot 1"},
		},
		{
			name: "transfer, 0x-prefixed TxID and masked addresses", category: "transfer",
			st:   Statement{Problem: "Withdrew $500 to bc1q…7k3x from 0x12ab…9f0e, tx 0x" + txid},
			want: map[string]bool{"txid": true, "address": true, "amount": true},
		},
		{
			name: "transfer, one address, a short hash, no amount", category: "transfer",
			st:    Statement{Problem: "Sent 50 apples to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, hash " + txid[:63]},
			want:  map[string]bool{"txid": false, "address": false, "amount": false},
			where: map[string]string{"address": "statement, only one found"},
		},
		{
			name: "transfer, found by OCR", category: "transfer",
			shots: []Shot{shot("IMG_1.PNG", map[string]int{"wallet": 2, "balance": 1}, map[string][]string{"txid": {txid}})},
			want:  map[string]bool{"txid": true, "address": true, "amount": true, "explorer": true},
			where: map[string]string{"txid": "screenshot 1", "address": "screenshot 1 (hidden)", "amount": "screenshot 1 (hidden)"},
		},
		{
			name: "transfer, screenshots grouped in the where column", category: "transfer",
			shots: []Shot{
				shot("1.png", map[string]int{"wallet": 1}, nil), shot("2.png", map[string]int{"wallet": 1}, nil),
				shot("3.png", map[string]int{"wallet": 1}, nil), shot("4.png", nil, map[string][]string{"wallet": {"bc1q…"}}),
				shot("5.png", map[string]int{"wallet": 1}, nil), shot("6.png", map[string]int{"wallet": 1}, nil),
			},
			want:  map[string]bool{"address": true},
			where: map[string]string{"address": "screenshots 1–3 (hidden), screenshot 4, screenshots 5, 6 (hidden)"},
		},
		// What the screenshots show in their OCR text counts, with where.
		{
			name: "kyc, notice and document type on screen", category: "kyc",
			shots: []Shot{
				{Name: "IMG_0001.PNG", Text: "Identity verification\nUpload your document"},
				{Name: "IMG_0002.PNG", Text: "Verification failed\nReason: the photo is blurry"},
				{Name: "IMG_0003.PNG", Text: "Document type Passport\nCountry ****"},
			},
			want:  map[string]bool{"notice": true, "doctype": true},
			where: map[string]string{"notice": "screenshot 2", "doctype": "screenshot 3"},
		},
		{
			name: "kyc, chinese on screen, as OCR spaces it", category: "kyc",
			shots: []Shot{
				{Name: "a.png", Text: "认证 结果\n原因 ： 照片 模糊"},
				{Name: "b.png", Text: "证件 类型 居民 身份证"},
			},
			want:  map[string]bool{"notice": true, "doctype": true},
			where: map[string]string{"notice": "screenshot 1", "doctype": "screenshot 2"},
		},
		{
			name: "kyc, declined, driver's licence", category: "kyc",
			shots: []Shot{{Name: "a.png", Text: "Your submission was declined\nID type: Driver's licence"}},
			want:  map[string]bool{"notice": true, "doctype": true},
		},
		{
			name: "kyc, a screen without a verdict or a document", category: "kyc",
			shots: []Shot{{Name: "a.png", Text: "Identity verification\nUpload a clear photo of your document\nContinue"}},
			want:  map[string]bool{"notice": false, "doctype": false},
		},
		{
			name: "transfer, a deposit record shows the TxID and the time", category: "transfer",
			shots: []Shot{{
				Name: "record.png", Hidden: map[string]int{"balance": 1, "wallet": 2},
				Text: "Deposit details\nStatus Completed\nTxID 9f2c1d…798877\nTime 2026-11-24 10:35:12",
			}},
			want:  map[string]bool{"txid": true, "address": true, "amount": true, "time": true},
			where: map[string]string{"txid": "screenshot 1", "time": "screenshot 1"},
		},
		{
			name: "transfer, chinese labels, TxID hidden by a strict policy", category: "transfer",
			shots: []Shot{{Name: "a.png", Hidden: map[string]int{"txid": 1}, Text: "交易 哈希\n2026/11/24 10:35"}},
			want:  map[string]bool{"txid": true, "time": true},
			where: map[string]string{"txid": "screenshot 1 (hidden)", "time": "screenshot 1"},
		},
		{
			name: "transfer, a shortened TxID after its label in the statement", category: "transfer",
			st:    Statement{Problem: "Transaction hash: 0x3f5c…a9b1, sent Nov 24"},
			want:  map[string]bool{"txid": true, "time": true},
			where: map[string]string{"txid": "statement", "time": "statement"},
		},
		{
			name: "transfer, an explorer on screen", category: "transfer",
			shots: []Shot{{Name: "a.png", Text: "mempool.space\nTransaction"}, {Name: "b.png", Text: "View on explorer"}},
			want:  map[string]bool{"explorer": true},
			where: map[string]string{"explorer": "screenshot 1"},
		},
		{
			name: "login, the app shows the account masked", category: "login",
			shots: []Shot{{Name: "a.png", Text: "Send code to li***@gmail.com"}, {Name: "b.png", Text: "Code sent to 138****8000"}},
			want:  map[string]bool{"contact": true},
			where: map[string]string{"contact": "screenshots 1, 2"},
		},
		{
			name: "other", category: "",
			st:   Statement{Ask: "Please refund."},
			want: map[string]bool{"shot": false, "time": false, "ask": true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := Checklist(tc.category, tc.st, tc.events, tc.shots)
			got := map[string]Item{}
			for _, it := range items {
				got[it.ID] = it
				if it.Label == "" {
					t.Errorf("item %s has no label", it.ID)
				}
			}
			for id, want := range tc.want {
				it, ok := got[id]
				if !ok {
					t.Errorf("no item %q in %+v", id, items)
					continue
				}
				if it.Present != want {
					t.Errorf("%s: present = %v, want %v (where %q)", id, it.Present, want, it.Where)
				}
			}
			for id, want := range tc.where {
				if got[id].Where != want {
					t.Errorf("%s: where = %q, want %q", id, got[id].Where, want)
				}
			}
		})
	}
}

func TestChecklistItemsPerCategory(t *testing.T) {
	for cat, want := range map[string]string{
		"login":    "contact failing time",
		"kyc":      "notice doctype",
		"transfer": "txid address amount time explorer",
		"other":    "shot time ask",
	} {
		var ids []string
		for _, it := range Checklist(cat, Statement{}, nil, nil) {
			ids = append(ids, it.ID)
		}
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("%s: items %q, want %q", cat, got, want)
		}
	}
}

// ChecklistIn gives the items in the language asked for, as the cover
// page shows them; an unknown language is English.
func TestChecklistIn(t *testing.T) {
	st := Statement{Problem: "My withdrawal is pending", Ask: "Please check it"}
	en := Checklist(CategoryTransfer, st, nil, nil)
	zh := ChecklistIn("zh", CategoryTransfer, st, nil, nil)
	xx := ChecklistIn("xx", CategoryTransfer, st, nil, nil)
	if len(en) == 0 || len(zh) != len(en) {
		t.Fatalf("%d English items, %d Chinese", len(en), len(zh))
	}
	for i := range en {
		if zh[i].ID != en[i].ID || zh[i].Present != en[i].Present || zh[i].Label != labelSets["zh"].items[zh[i].ID] || zh[i].Label == en[i].Label {
			t.Errorf("item %s: zh %+v, en %+v", en[i].ID, zh[i], en[i])
		}
		if xx[i] != en[i] {
			t.Errorf("unknown language: %+v, want %+v", xx[i], en[i])
		}
	}
}
