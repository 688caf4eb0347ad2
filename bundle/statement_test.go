package bundle

import (
	"strings"
	"testing"
)

func TestParseStatement(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want Statement
	}{
		{
			name: "plain text is the problem",
			in:   "I cannot log in since yesterday.\n\nThe SMS code never arrives.\n",
			want: Statement{Problem: "I cannot log in since yesterday.\n\nThe SMS code never arrives."},
		},
		{
			name: "english headings",
			in: "# Login problem\n\n## What happened\nNo SMS code.\n\n## What I already checked\n- reset password\n- other phone\n\n" +
				"## What I suspect\nCarrier blocks it.\n\n## What I ask support to do\nPlease send the code by e-mail.\n",
			want: Statement{
				Title:   "Login problem",
				Problem: "No SMS code.",
				Checked: "- reset password\n- other phone",
				Suspect: "Carrier blocks it.",
				Ask:     "Please send the code by e-mail.",
			},
		},
		{
			name: "chinese headings, full-width colon, crlf",
			in:   "## 问题\r\n收不到验证码。\r\n## 已检查：\r\n换了手机。\r\n## 怀疑\r\n运营商拦截。\r\n## 请求\r\n请人工处理。\r\n",
			want: Statement{Problem: "收不到验证码。", Checked: "换了手机。", Suspect: "运营商拦截。", Ask: "请人工处理。"},
		},
		{
			name: "loose wording, bold and setext headings, any order",
			in: "**What I'd like you to do:**\nUnlock it.\n\nSteps taken so far\n------------------\nWaited a day.\n\n" +
				"### Summary of the issue\nLocked out.\n\nMy theory\n===\nToo many attempts.\n",
			want: Statement{Problem: "Locked out.", Checked: "Waited a day.", Suspect: "Too many attempts.", Ask: "Unlock it."},
		},
		{
			name: "first key word decides",
			in:   "## What I ask support to check\nMy account.\n## What I think the problem is\nA ban.\n",
			want: Statement{Ask: "My account.", Suspect: "A ban."},
		},
		{
			name: "text before the first heading and unknown headings",
			in:   "Hello,\n\n## What happened\nIt broke.\n\n### Details\nAt 10:30.\n",
			want: Statement{Problem: "Hello,\n\nIt broke.\n\n### Details\nAt 10:30."},
		},
		{
			name: "comments dropped, blank lines squeezed",
			in:   "## What happened\n<!-- hint\nspanning lines -->\nIt broke.\n\n\n\nTwice.\n",
			want: Statement{Problem: "It broke.\n\nTwice."},
		},
		{
			name: "single heading is not a title",
			in:   "## What I suspect\nThe app.\n",
			want: Statement{Suspect: "The app."},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseStatement(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestParseStatementBinary(t *testing.T) {
	if _, err := ParseStatement(strings.NewReader("PK\x03\x04\x00\x00")); err == nil {
		t.Error("a binary file was accepted as a statement")
	}
}

func TestTemplateRoundTrip(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		for _, cat := range []string{"login", "kyc", "transfer", "other", ""} {
			t.Run(lang+"/"+cat, func(t *testing.T) {
				tmpl, err := Template(cat, lang)
				if err != nil {
					t.Fatal(err)
				}
				// Untouched, the template is an empty statement.
				st, err := ParseStatement(strings.NewReader(tmpl))
				if err != nil {
					t.Fatal(err)
				}
				if !st.IsZero() {
					t.Errorf("untouched template parsed to %#v", st)
				}
				// Filled in under each heading, each part lands where it belongs.
				parts := []string{"ANSWER-PROBLEM", "ANSWER-CHECKED", "ANSWER-SUSPECT", "ANSWER-ASK"}
				var filled strings.Builder
				i := 0
				for _, line := range strings.SplitAfter(tmpl, "\n") {
					filled.WriteString(line)
					if strings.HasPrefix(line, "## ") {
						filled.WriteString(parts[i] + "\n")
						i++
					}
				}
				if i != 4 {
					t.Fatalf("template has %d \"## \" headings, want 4", i)
				}
				st, err = ParseStatement(strings.NewReader(filled.String()))
				if err != nil {
					t.Fatal(err)
				}
				// The template's title says its category.
				wantCat := cat
				if cat == "" {
					wantCat = CategoryOther
				}
				want := Statement{Problem: parts[0], Checked: parts[1], Suspect: parts[2], Ask: parts[3], Category: wantCat}
				if st != want {
					t.Errorf("filled template parsed to %#v", st)
				}
				back, err := ParseStatement(strings.NewReader(st.Markdown(lang)))
				if err != nil || back != st {
					t.Errorf("Markdown round trip: %#v, %v", back, err)
				}
			})
		}
	}
}

func TestTemplateHints(t *testing.T) {
	for _, tc := range []struct{ cat, lang, want string }{
		{"login", "en", "SMS"},
		{"kyc", "en", "passport"},
		{"transfer", "en", "TxID"},
		{"login", "zh", "验证码"},
		{"kyc", "zh", "护照"},
		{"transfer", "zh", "交易哈希"},
	} {
		tmpl, err := Template(tc.cat, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(tmpl, tc.want) {
			t.Errorf("Template(%q, %q) has no hint mentioning %q", tc.cat, tc.lang, tc.want)
		}
	}
	if _, err := Template("refund", "en"); err == nil {
		t.Error("unknown category accepted")
	}
	if _, err := Template("login", "fr"); err == nil {
		t.Error("unknown language accepted")
	}
}

// FuzzParseStatement checks that whatever ParseStatement makes of its input,
// writing it back as Markdown and parsing again gives the same statement.
func FuzzParseStatement(f *testing.F) {
	f.Add("plain text\n\nmore")
	f.Add("# Title\n## What happened\nx\n## What I suspect\n- a\n- b\n")
	f.Add("**请求**\n请处理\n问题\n===\n收不到\n<!-- hint -->")
	f.Add("## What I ask support to check\n### Details\nsetext\n---\n")
	f.Fuzz(func(t *testing.T, in string) {
		st, err := ParseStatement(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, lang := range []string{"en", "zh"} {
			md := st.Markdown(lang)
			again, err := ParseStatement(strings.NewReader(md))
			if err != nil {
				t.Fatalf("re-parsing: %v\n%s", err, md)
			}
			if again != st {
				t.Fatalf("round trip changed the statement\nfirst  %#v\nsecond %#v\nmarkdown:\n%s", st, again, md)
			}
		}
	})
}
