package bundle

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Statement is the user's problem statement in the four parts a support
// agent needs. Each part is free text; line breaks are kept, and lines that
// start with "- " or "* " are shown as bullets.
type Statement struct {
	Title   string // the document's own title ("# …" above the parts), if any
	Problem string // what happened
	Checked string // what I already checked
	Suspect string // what I suspect
	Ask     string // what I ask support to do
	// Category is the category of the [Template] the statement was
	// written from, known by its title ("" when there was none); the
	// bundle uses it when no category is given.
	Category string
}

// IsZero reports whether the title and all four parts are empty.
func (s Statement) IsZero() bool {
	return s.Title == "" && s.Problem == "" && s.Checked == "" && s.Suspect == "" && s.Ask == ""
}

// Markdown writes the statement in the form [ParseStatement] reads, with
// the headings of [Template] in lang (en or zh; anything else means en).
// ParseStatement(strings.NewReader(s.Markdown(lang))) gives s back for any s
// that ParseStatement returned.
func (s Statement) Markdown(lang string) string {
	l, err := checkLang(lang)
	if err != nil {
		l = "en"
	}
	var b strings.Builder
	switch c, _ := checkCategory(s.Category); {
	case s.Title != "":
		fmt.Fprintf(&b, "# %s\n\n", s.Title)
	case s.Category != "" && c != "":
		fmt.Fprintf(&b, "# %s\n\n", templates[l].title[c])
	}
	for p := partProblem; p < numParts; p++ {
		fmt.Fprintf(&b, "## %s\n\n", templates[l].headings[p])
		if text := *s.field(p); text != "" {
			b.WriteString(text + "\n\n")
		}
	}
	return b.String()
}

// part indexes the four parts in document order.
type part int

const (
	partProblem part = iota
	partChecked
	partSuspect
	partAsk
	numParts
)

func (s *Statement) field(p part) *string {
	switch p {
	case partChecked:
		return &s.Checked
	case partSuspect:
		return &s.Suspect
	case partAsk:
		return &s.Ask
	}
	return &s.Problem
}

// headingWords maps key words of a heading to the part it introduces. The
// key word found first in the heading decides, so "What I ask support to
// check" is a request and "What I already checked" a check.
var headingWords = []struct {
	part  part
	words []string
}{
	{partChecked, []string{"checked", "check", "tried", "already", "steps taken", "so far", "已检查", "检查", "尝试", "试过", "排查"}},
	{partSuspect, []string{"suspect", "think", "cause", "guess", "believe", "theory", "怀疑", "猜测", "原因", "认为"}},
	{partAsk, []string{"ask", "request", "want", "need", "expect", "please", "action", "like you", "would like", "to do", "请求", "希望", "需要", "诉求"}},
	{partProblem, []string{"happened", "problem", "issue", "summary", "describe", "description", "went wrong", "问题", "发生", "现象", "描述", "经过", "情况"}},
}

// classifyHeading returns the part a heading introduces, or -1.
func classifyHeading(h string) part {
	h = strings.ToLower(h)
	best, bestAt, bestLen := part(-1), len(h)+1, 0
	for _, hw := range headingWords {
		for _, w := range hw.words {
			at := strings.Index(h, w)
			if at >= 0 && (at < bestAt || at == bestAt && len(w) > bestLen) {
				best, bestAt, bestLen = hw.part, at, len(w)
			}
		}
	}
	return best
}

var (
	atxHeading  = regexp.MustCompile(`^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*(?:\s#+)?\s*$`)
	boldHeading = regexp.MustCompile(`^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:：]?\s*$`)
	setextRule  = regexp.MustCompile(`^\s{0,3}(=+|-+)\s*$`)
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// ParseStatement reads a problem statement. Markdown with headed sections
// ("## What happened", "## What I already checked", "## What I suspect",
// "## What I ask support to do", or in Chinese "## 问题", "## 已检查",
// "## 怀疑", "## 请求") fills the four parts, and a "# " heading above them
// is the title; the heading wording is matched
// loosely by key words, and bold lines ("**What I suspect**") count as
// headings too. Text before the first recognised heading, or a file without
// headings at all, is the problem. HTML comments (the hints in [Template])
// are dropped, so an untouched template parses to an empty [Statement].
func ParseStatement(r io.Reader) (Statement, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Statement{}, fmt.Errorf("reading statement: %w", err)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	if strings.ContainsRune(text, 0) {
		return Statement{}, errors.New("statement is not a text file")
	}
	text = htmlComment.ReplaceAllString(text, "")

	lines := strings.Split(text, "\n")
	titleLine := titleHeading(lines)
	var st Statement
	var parts [numParts][]string
	cur := partProblem
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		if i == titleLine {
			st.Title = atxHeading.FindStringSubmatch(line)[2]
			if c, ok := templateCategory(st.Title); ok {
				st.Title, st.Category = "", c
			}
			continue
		}
		heading, raw, isHeading := "", []string{line}, false
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			heading, isHeading = m[2], true
		} else if m := boldHeading.FindStringSubmatch(line); m != nil && classifyHeading(m[1]) >= 0 {
			heading, isHeading = m[1], true
		} else if strings.TrimSpace(line) != "" && i+1 < len(lines) && setextRule.MatchString(lines[i+1]) {
			heading, isHeading = strings.TrimSpace(line), true
			i++
			raw = append(raw, strings.TrimRight(lines[i], " \t"))
		}
		if isHeading {
			if p := classifyHeading(heading); p >= 0 {
				cur = p
				continue
			}
		}
		// Text, or a heading of no part (such as "### Details"), which
		// stays as it is: the renderer shows heading lines in bold.
		parts[cur] = append(parts[cur], raw...)
	}
	for p := partProblem; p < numParts; p++ {
		*st.field(p) = tidy(parts[p])
	}
	return st, nil
}

// templateCategory reports whether s is the title of a template, and of
// which category.
func templateCategory(s string) (string, bool) {
	for _, t := range templates {
		for c, title := range t.title {
			if s == title {
				return c, true
			}
		}
	}
	return "", false
}

// titleHeading returns the index of the line holding the document's title, or
// -1: the first heading is a title when it is a "# " heading and there are
// others, all deeper.
func titleHeading(lines []string) int {
	first, firstLevel, deeper := -1, 0, false
	for i, l := range lines {
		m := atxHeading.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if first < 0 {
			if len(m[1]) != 1 {
				return -1 // a title is a "# " heading
			}
			first, firstLevel = i, len(m[1])
			continue
		}
		if len(m[1]) <= firstLevel {
			return -1
		}
		deeper = true
	}
	if !deeper {
		return -1
	}
	return first
}

// tidy joins lines, dropping leading and trailing blank lines and squeezing
// runs of blank lines to one.
func tidy(lines []string) string {
	var out []string
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// Categories of problem that the bundle knows; they choose the checklist and
// the template's hints.
const (
	CategoryLogin    = "login"
	CategoryKYC      = "kyc"
	CategoryTransfer = "transfer"
	CategoryOther    = "other"
)

func checkCategory(category string) (string, error) {
	c := strings.ToLower(strings.TrimSpace(category))
	switch c {
	case "":
		return CategoryOther, nil
	case CategoryLogin, CategoryKYC, CategoryTransfer, CategoryOther:
		return c, nil
	}
	return "", fmt.Errorf("unknown category %q (want login, kyc, transfer or other)", category)
}

func checkLang(lang string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case l == "" || l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_"):
		return "en", nil
	case l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_") || l == "cn":
		return "zh", nil
	}
	return "", fmt.Errorf("unknown language %q (want en or zh)", lang)
}

// Template returns the Markdown problem-statement template for a category
// (login, kyc, transfer or other; "" means other) in a language (en or zh;
// "" means en). The hints are HTML comments, which [ParseStatement] drops:
// an untouched template parses to an empty [Statement].
func Template(category, lang string) (string, error) {
	c, err := checkCategory(category)
	if err != nil {
		return "", err
	}
	l, err := checkLang(lang)
	if err != nil {
		return "", err
	}
	t := templates[l]
	h := t.hints[c]
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n<!-- %s -->\n", t.title[c], t.intro)
	for p := partProblem; p < numParts; p++ {
		fmt.Fprintf(&b, "\n## %s\n\n<!--\n%s\n-->\n\n", t.headings[p], indentHint(h[p]))
	}
	return b.String(), nil
}

func indentHint(s string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		b.WriteString("  ")
		b.WriteString(sc.Text())
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

type templateText struct {
	title    map[string]string
	intro    string
	headings [numParts]string
	hints    map[string][numParts]string
}

var templates = map[string]templateText{
	"en": {
		title: map[string]string{
			CategoryLogin:    "Problem statement: cannot log in",
			CategoryKYC:      "Problem statement: identity verification (KYC)",
			CategoryTransfer: "Problem statement: transfer or withdrawal",
			CategoryOther:    "Problem statement",
		},
		intro: "Write under each heading. Hints in comments like this one are left out of the bundle. " +
			"Do not paste passwords, full card numbers, ID numbers or seed phrases.",
		headings: [numParts]string{"What happened", "What I already checked", "What I suspect", "What I ask support to do"},
		hints: map[string][numParts]string{
			CategoryLogin: {
				"When did it start (date, time, time zone), on which device and app or browser?\n" +
					"Which step fails: password, SMS or e-mail code, authenticator (2FA), captcha?\n" +
					"Quote the exact error message.\n" +
					"Which e-mail or phone is registered? Give it masked, e.g. li.***@gmail.com or 138****8000.",
				"- Password reset tried? Result?\n- Other device, network or browser?\n- Phone receives other SMS? Spam folder checked?",
				"e.g. the SMS code is not delivered to my carrier; the account was locked after too many attempts.",
				"e.g. please check why the code is not delivered, or unlock the account; reset 2FA after identity check.",
			},
			CategoryKYC: {
				"When did you submit, and when did the rejection come?\n" +
					"Which document type did you use: passport, national ID card, driver's licence, residence permit?\n" +
					"Quote the rejection notice word for word.",
				"- Photo sharp, all four corners visible, no glare?\n- Name and birth date match the account?\n- Document still valid?",
				"e.g. the selfie check fails in low light; the document's issuing country is not supported.",
				"e.g. please review the submission manually, or tell me which document is accepted.",
			},
			CategoryTransfer: {
				"When was the transfer sent (date, time, time zone)? Amount and asset (e.g. 0.5 BTC, 120 USDT)?\n" +
					"Network (e.g. Bitcoin, ERC-20, TRC-20) and the transaction ID (TxID)?\n" +
					"From which address to which address? Mask them if you prefer, e.g. bc1q…7k3x.\n" +
					"What does the block explorer show: confirmations, status?",
				"- TxID looked up on a block explorer? Status?\n- Address, network and memo/tag correct?\n- Waited for the required confirmations?",
				"e.g. the deposit needs a memo I left out; the withdrawal is stuck in review.",
				"e.g. please credit the deposit to my account, or tell me why it is on hold and what you need from me.",
			},
			CategoryOther: {
				"What happened, when (date, time, time zone) and where (app, web, device)?\nQuote any error message exactly.",
				"- What did you try, and with what result?",
				"What do you think is the cause?",
				"What should support do for you?",
			},
		},
	},
	"zh": {
		title: map[string]string{
			CategoryLogin:    "问题描述：无法登录",
			CategoryKYC:      "问题描述：身份认证（KYC）",
			CategoryTransfer: "问题描述：转账或提现",
			CategoryOther:    "问题描述",
		},
		intro:    "请在每个标题下填写。像这样的注释提示不会出现在证据包里。请勿填写密码、完整卡号、证件号或助记词。",
		headings: [numParts]string{"问题（发生了什么）", "已检查（我已经尝试过什么）", "怀疑（我认为的原因）", "请求（希望客服做什么）"},
		hints: map[string][numParts]string{
			CategoryLogin: {
				"从什么时候开始（日期、时间、时区）？使用什么设备、App 或浏览器？\n" +
					"哪一步失败：密码、短信或邮件验证码、身份验证器（2FA）、图形验证码？\n" +
					"请原样引用错误提示。\n" +
					"注册的邮箱或手机号是什么？请打码填写，例如 li.***@gmail.com 或 138****8000。",
				"- 试过重置密码吗？结果如何？\n- 换过设备、网络或浏览器吗？\n- 手机能收到其他短信吗？查过垃圾邮件吗？",
				"例如：短信验证码没有送达我的运营商；多次尝试后账户被锁定。",
				"例如：请查明验证码为何收不到，或解锁账户；核实身份后重置 2FA。",
			},
			CategoryKYC: {
				"什么时候提交的？什么时候收到拒绝通知？\n" +
					"使用的证件类型：护照、身份证、驾驶证、居住证？\n" +
					"请原样引用拒绝通知的内容。",
				"- 照片清晰、四角完整、无反光？\n- 姓名和出生日期与账户一致？\n- 证件在有效期内？",
				"例如：光线不足导致人脸识别失败；证件签发国家不受支持。",
				"例如：请人工审核我的资料，或告诉我可以使用哪种证件。",
			},
			CategoryTransfer: {
				"什么时候转出的（日期、时间、时区）？金额和币种（例如 0.5 BTC、120 USDT）？\n" +
					"网络（例如 Bitcoin、ERC-20、TRC-20）和交易哈希（TxID）？\n" +
					"从哪个地址转到哪个地址？可打码，例如 bc1q…7k3x。\n" +
					"区块浏览器显示什么：确认数、状态？",
				"- 在区块浏览器上查过 TxID 吗？状态如何？\n- 地址、网络、Memo/Tag 是否正确？\n- 是否已等待足够的确认数？",
				"例如：充值需要填写 Memo 但我漏填了；提现卡在审核中。",
				"例如：请将这笔充值入账，或告诉我为何被冻结、需要我提供什么。",
			},
			CategoryOther: {
				"发生了什么？什么时候（日期、时间、时区）？在哪里（App、网页、设备）？\n请原样引用错误提示。",
				"- 你尝试了什么？结果如何？",
				"你认为原因是什么？",
				"希望客服为你做什么？",
			},
		},
	},
}
