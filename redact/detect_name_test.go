package redact

import (
	"strings"
	"testing"
)

func TestNameAt(t *testing.T) {
	for _, tc := range []struct {
		v      string
		strong bool
		want   string
	}{
		{"Sarah Kim", false, "Sarah Kim"},
		{"YANG LIU", false, "YANG LIU"},
		{"WEI LI", false, "WEI LI"},
		{"J. Hughes", false, "J. Hughes"},
		{"J HUGHES", false, "J HUGHES"},
		{"Jean-Luc Picard", false, "Jean-Luc Picard"},
		{"Priya Natarajan <priya@example.in>", false, "Priya Natarajan"},
		{"Mateus Oliveira", true, "Mateus Oliveira"}, // after a label: no list needed
		{"Oluwaseun Adebayo", false, "Oluwaseun Adebayo"},
		{"Siobhan Murphy", false, "Siobhan Murphy"},
		{"Grace Period", false, ""},
		{"王芳", false, "王芳"},
		{"欧阳娜娜", false, "欧阳娜娜"},
		{"诸葛亮", false, "诸葛亮"},
		{"阿依古丽", true, "阿依古丽"},         // after 姓名: any two to four characters
		{"刘洋 13800138000", true, "刘洋"}, // a contact's name before their number
		// Near misses: headings, buttons, words, masked names, fields.
		{"Spot Wallet", false, ""},
		{"Bank Transfer", false, ""},
		{"Account Settings", true, ""},
		{"Mark Price", false, ""},
		{"Y Receiving", false, ""},
		{"Mateus Oliveira", false, ""}, // standing alone, not a common given name
		{"S*** K.", true, ""},
		{"刘*", true, ""},
		{"金额", false, ""},
		{"钱包", false, ""},
		{"周一", false, ""},
		{"出生日期", true, ""},
		{"证件类型", true, ""},
		{"中华人民共和国", true, ""},
		{"2024-05-01", true, ""},
		{"binance", true, ""},
	} {
		got := ""
		if n := nameAt(tc.v, tc.strong); n > 0 {
			got = tc.v[:n]
		}
		if got != tc.want {
			t.Errorf("nameAt(%q, %v) = %q, want %q", tc.v, tc.strong, got, tc.want)
		}
	}
}

// TestPageNames: names by their place on a page, and what must stay.
func TestPageNames(t *testing.T) {
	type line struct {
		x, y  int
		words string
	}
	for _, tc := range []struct {
		name  string
		lines []line
		want  []string // name values found, in any order
	}{
		{"label left, value at the far right", []line{{40, 100, "Full name"}, {900, 100, "YANG LIU"}}, []string{"YANG LIU"}},
		{"Chinese label, far right", []line{{40, 100, "姓名"}, {700, 100, "王芳"}}, []string{"王芳"}},
		{"label above", []line{{40, 100, "Legal name"}, {40, 130, "Emily Carter"}}, []string{"Emily Carter"}},
		{"two-column labels, values below", []line{{40, 100, "姓名"}, {400, 100, "出生日期"}, {40, 130, "王芳"}, {400, 130, "1991年08月14日"}}, []string{"王芳"}},
		{"salutation with a title", []line{{40, 100, "Dear Ms Rodriguez,"}}, []string{"Rodriguez"}},
		{"salutation, first name", []line{{40, 100, "Hi Ana,"}}, []string{"Ana"}},
		{"Chinese salutation", []line{{40, 100, "尊敬的李伟："}}, []string{"李伟"}},
		{"name before 您好", []line{{40, 100, "张敏，您好"}}, []string{"张敏"}},
		{"closing and signature", []line{{40, 100, "Best regards,"}, {40, 130, "Liam O'Connor"}}, []string{"Liam O'Connor"}},
		{"transfer to", []line{{40, 100, "TRANSFER TO J HUGHES"}}, []string{"J HUGHES"}},
		{"Chinese transfer record", []line{{40, 100, "支付宝转账-陈杰"}}, []string{"陈杰"}},
		{"chat header", []line{{40, 40, "Sophie Martin"}, {40, 100, "Did the deposit arrive?"}}, []string{"Sophie Martin"}},
		{"sender inside a notification", []line{{40, 100, "You received CHF 12'538.07 from J Hughes"}}, []string{"J Hughes"}},
		{"to a wallet inside a sentence", []line{{40, 100, "Sent 0.5 BTC to Spot Wallet yesterday"}}, nil},
		{"Chinese payee between 向 and 转账", []line{{40, 100, "向 陈杰 转账 ¥5,044.50 已到账"}}, []string{"陈杰"}},
		{"in prose", []line{{40, 100, "This project was started by David Johnson and friends."}}, []string{"David Johnson"}},
		{"table cell, initial", []line{{40, 100, "D. Ortiz"}, {300, 100, "28/05/2024"}}, []string{"D. Ortiz"}},
		{"Chinese cell", []line{{40, 100, "赵强"}, {300, 100, "2024/05/28"}}, []string{"赵强"}},
		{"salutation, a name not in any list", []line{{40, 100, "Hello Siobhan Murphy,"}}, []string{"Siobhan Murphy"}},
		{"您好 before a name", []line{{40, 100, "您好，李娜"}}, []string{"李娜"}},
		{"letter to", []line{{40, 100, "致：陈杰"}}, []string{"陈杰"}},
		{"writer names themselves", []line{{40, 100, "我叫王芳，想咨询提现问题"}}, []string{"王芳"}},
		// Near misses.
		{"salutation to a group", []line{{40, 100, "Dear Binance User,"}, {40, 140, "Dear Valued Customer,"}, {40, 180, "Hi There,"}}, nil},
		{"您好 before a sentence", []line{{40, 100, "您好，请提供截图"}, {40, 140, "我是新用户"}}, nil},
		{"headings", []line{{40, 100, "Spot Wallet"}, {40, 140, "Recent Activity"}, {40, 180, "Security Center"}}, nil},
		{"from a wallet", []line{{40, 100, "From Spot wallet"}}, nil},
		{"Chinese UI words", []line{{40, 100, "余额"}, {40, 140, "钱包"}, {40, 180, "金额"}, {40, 220, "周一"}}, nil},
		{"masked holder", []line{{40, 100, "Name"}, {600, 100, "S*** K."}}, nil},
		{"company after to", []line{{40, 100, "Sent to Binance Exchange"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ws []Word
			for _, l := range tc.lines {
				ws = append(ws, at(l.x, l.y, 20).words(strings.Fields(l.words)...)...)
			}
			fs := ofCategory(page(DefaultPolicy(), ws), Name)
			var got []string
			for _, f := range fs {
				got = append(got, f.value)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("names %q, want %q:%s", got, tc.want, dump(fs))
			}
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					if strings.TrimRight(g, ",，:：") == w {
						found = true
					}
				}
				if !found {
					t.Errorf("names %q, want %q:%s", got, tc.want, dump(fs))
				}
			}
		})
	}
}
