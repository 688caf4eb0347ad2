package redact

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person names have no pattern of their own: "Sarah Kim" is shaped like
// "Spot Wallet". What makes a run of words a name on a screen is where it
// stands — after a name label, a salutation, a transfer's "to", above an
// e-mail address, under a closing "Regards," — and, for a name standing
// alone (a chat header, a table cell), that it is built like one: a common
// given name, a Chinese surname with one or two characters, an initial
// and a surname.

// cnSurnames are the commonest Chinese surnames, leaving out those that
// also start everyday UI words (安全, 钱包, 金额, 余额, 方式, 高级, 文件, 常见,
// 成功, 时间, 全部, 万元, 白天, 龙头): as the first character of a
// standalone two- or three-character text, each of these starts a name far
// more often than a word.
const cnSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡" +
	"杜叶程魏苏吕丁沈任姚卢姜崔钟谭陆汪范石廖贾夏韦付傅邹孟熊秦邱江尹薛闫段雷侯" +
	"郝孔邵毛贺顾龚赖殷施覃甘严洪武莫庞黎倪汤易乔聂申欧"

// cnCompound are two-character surnames.
var cnCompound = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "司徒", "长孙"}

// cnNotNames are words that begin with a surname character and are common
// on screens; a standalone text equal to one of them is not a name.
var cnNotNames = map[string]bool{
	"王者": true, "李子": true, "张数": true, "周一": true, "周二": true, "周三": true, "周四": true,
	"周五": true, "周六": true, "周日": true, "周期": true, "周末": true, "周年": true, "马上": true,
	"许可": true, "程序": true, "杜绝": true, "叶子": true, "苏州": true, "江苏": true, "江西": true,
	"曾经": true, "董事": true, "任务": true, "任何": true, "任意": true, "石油": true, "夏季": true,
	"付款": true, "付费": true, "付款方": true, "付款人": true, "傅里叶": true, "孟买": true, "秦朝": true,
	"邱陵": true, "江湖": true, "雷达": true, "侯选": true, "孔径": true, "毛利": true, "贺卡": true,
	"顾客": true, "顾问": true, "施工": true, "严重": true, "严格": true, "洪水": true, "武汉": true,
	"莫斯科": true, "易用": true, "汤匙": true, "乔迁": true, "申请": true, "申请中": true, "申诉": true,
	"申报": true, "欧元": true, "欧洲": true, "程度": true, "何时": true, "何处": true, "林业": true,
	"罗马": true, "郑州": true, "谢谢": true, "宋体": true, "唐朝": true, "韩国": true, "韩元": true,
	"蔡司": true, "魏晋": true, "丁香": true, "沈阳": true, "姚明": true, "卢布": true, "姜黄": true,
	"钟表": true, "陆地": true, "范围": true, "范例": true, "石家庄": true, "贾氏": true, "邵阳": true,
	"黄金": true, "黄色": true, "陈述": true, "陈列": true, "杨树": true, "张贴": true, "刘海": true,
	"朱红": true, "胡同": true, "郭外": true, "梁山": true, "冯氏": true, "曹操": true, "彭博": true,
	"萧条": true, "田地": true, "袁氏": true, "潘多拉": true, "蒋氏": true, "吕氏": true, "薛定谔": true,
	"段落": true, "雷电": true, "龚氏": true, "赖氏": true, "殷勤": true, "覃氏": true, "甘肃": true,
	"庞大": true, "黎明": true, "倪氏": true, "聂氏": true, "吴语": true, "徐州": true, "孙子": true,
	"邓氏": true, "韦氏": true, "尹氏": true, "闫氏": true, "郝氏": true, "毛衣": true, "贺电": true,
	"易于": true, "乔木": true, "宋朝": true, "唐人": true, "何况": true, "马克": true, "马来": true,
	"周边": true, "周围": true, "周转": true, "林地": true, "江南": true, "武器": true, "严禁": true,
}

// givenNames are common given names in English-speaking, European, Latin
// American, Indian, Arabic, African and East Asian usage (leaving out those
// that are common words: Will, Hope, June), and common romanised Chinese
// surnames (which stand first in "YANG LIU" as often as last), all
// lower-case. A two- or
// three-word capitalised text standing alone whose first word is one of
// these reads as a person's name.
var givenNames = wordSet(`
aaron abigail adam adrian agnes aisha alan albert alejandro alex alexander alexandra alice alicia alison amanda
amelia amy ana andrea andreas andrew andy angela anna anne anthony antonio arjun arthur ashley barbara ben
benjamin beth betty bill bob brandon brian bruce carl carlos carmen carol caroline catherine charles charlie
charlotte chloe chris christian christina christine christopher claire daniel david deborah dennis diana diego
dmitri donald donna dorothy dylan edward elena elizabeth ella ellen emily emma eric erik ethan eva evelyn
fatima felix fernando fiona francesca francisco frank gabriel gary george grace greg gregory hannah harry
heather helen henry hiroshi ian isabel isabella ivan jack jacob james jane janet jason javier jean jeff
jennifer jeremy jessica jim joan joe john jonathan jorge jose joseph joshua juan julia julie justin karen
kate katherine kathy keith kelly ken kenji kevin kim kyle laura lauren leo linda lisa lucas lucy luis luke mateo mia
liam lydia maria marie mark martin mary matthew megan melissa michael michelle miguel mike mohammed monica nancy
natalie nathan nicholas nicole noah oliver olivia omar oscar pablo pamela patricia patrick paul paula peter
philip priya rachel rahul raj rebecca richard robert rosa ryan sam samantha samuel sandra sara sarah scott
sean sergei sharon sofia sophia sophie stephanie stephen steve steven susan takeshi tanya thomas tim timothy
tom tony tyler valentina victor victoria vincent walter william yuki zoe
li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo zheng liang xie song tang
han feng deng cao peng zeng xiao tian dong yuan pan jiang cai du ye cheng wei su lv ding shen ren yao lu
jiang cui zhong tan wan fan shi liao jia xia fu zou meng xiong qin qiu yin xue yan duan lei hou hao kong
shao mao gu gong lai wei
aarav abdul abdullah adebayo adriana ahmed ahmad aidan aiden aleksandr alexei alina amir amira ananya andre
andrei aneesh angelica anita anjali antoine antonia arturo asha ayesha beatriz bianca bilal blessing bogdan
boris bruno caleb camila carla carlo carolina cecilia cesar chidi chinedu chioma christoph clara claudia colin
connor cristina damian daniela dario darius deepak dimitri dominic dominik eduardo elif elijah elisa emeka
emilia emre enrique esther fabian fatma federico felipe fernanda filip florian francois gabriela giorgio
giovanni giulia giuseppe graham gustavo hamza haruto hassan hector hugo ibrahim ifeoma igor ingrid irina isaac
isaiah ivana jakub jamal jasmine jonas josef juliana julian julien kamal karim karina katarzyna kateryna kenta
kofi kwame larissa leila leon leonardo lorenzo lucia luca lukas magdalena mahmoud malik manuel marco marcos
margarita mariana marina mario marta martina matteo mehmet mikhail milan minh mohamed mohammad muhammad nadia
naveen nikhil nikita nikola nuno olga oleksandr pedro pietro pooja rafael ramon rania raul ravi reza ricardo
riya roberto rodrigo rohan roman rui ruslan sakura salma santiago sanjay sasha sebastian sergio shreya simone
siobhan sipho soo stefan stefano sven svetlana tatiana thabo theo tomasz valeria vanessa viktor vikram
vladimir xavier yasmin yerlan yusuf zainab zara zeynep zhen ahmet beatrice aoife ciaran niamh oisin saoirse
dmitry anastasia yuri hiro akira hina yui riko minji jisoo seojun jiwoo hyun hoang linh thao trang phuong
quang nguyen tran pham oluwaseun tunde amaka ngozi kiran anil sunil suresh ramesh lakshmi meera
`)

// nameStop are capitalised words that make a text a heading or a button,
// not a name ("Spot Wallet", "Bank Transfer").
var nameStop = wordSet(`
account accounts activity add address admin all amount api app apply approve asset assets available back
balance bank banking basic bill billing buy cancel card cards cash change chat check close code confirm
contact contacts copy crypto customer dashboard date day default delete deposit deposits details done
download earn edit email enable exchange export fee fees fiat file filter find for from funding funds
futures general get go hello help here hide history home identity inbox info invite invoice level limit
limits link list live log login logout main manage margin market markets menu message messages mobile more
my name network new news next no notes notification notifications of off on open order orders other
overview password pay payment payments pending personal phone please portfolio price privacy profile reason
receive recent records refresh reply report request reset review save search security select sell send
sent settings share show sign spot start statement status submit subject summary support swap tax the
this time to today total trade trading transaction transactions transfer transfers type unit update
upload user verification verify view wallet wallets welcome with withdraw withdrawal withdrawals you your
inc ltd llc co corp company group team bot service services official
there valued sir madam all everyone friend friends colleagues guys folks members users customers
traders partners gentlemen ladies client clients member trader holder
period policy terms rules guide tips center centre faq hours mode plan plans program rewards bonus
`)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	// reWordSuffix matches endings of English words that are rarely
	// surnames.
	reWordSuffix = regexp.MustCompile(`(?:ing|ed|tion|ment|ness|ity|ive|ous|able)$`)
	// reCNField matches the endings of Chinese field names ("出生日期",
	// "证件类型"), which follow a name label in a form's next column.
	reCNField = regexp.MustCompile(`(?:日期|时间|号码|地址|类型|状态|信息|设置|方式|名称|账号|金额|余额|邮箱|电话|手机|证件|国籍|性别|职业|认证|验证|中心|管理|记录|详情|编号)$`)
	// A name word: capitalised or all capitals, with the apostrophes and
	// hyphens of O'Neill and Jean-Luc; or an initial, with or without its
	// dot.
	reNameWord = regexp.MustCompile(`^(?:\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}\p{Ll}+)?|\p{Lu}['’]\p{Lu}\p{Ll}+|\p{Lu}{2,}|\p{Lu}\.?)$`)
	// Titles before a surname.
	reTitle = regexp.MustCompile(`^(?i:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\.?\s+`)
	// Salutations, in the same segment as the name that follows.
	reSalutation = regexp.MustCompile(`(?i)^(?:dear|hi|hello|hey|attn\.?|attention)\s+|^(?:尊敬的|亲爱的)\s*|^(?:您好|你好)\s*[，,:：!！]?\s*`)
	// Closings after which the next line is the writer's name.
	reClosing = regexp.MustCompile(`(?i)^(?:best regards|kind regards|warm regards|regards|best wishes|best|thanks|thank you|many thanks|cheers|sincerely|yours sincerely|yours truly|yours|br|此致|敬礼|此致敬礼|谢谢|祝好)[,，.!！]?$`)
	// Words that introduce the other party of a payment or a message.
	reCounterparty = regexp.MustCompile(`(?i)^(?:transfer(?:red)?\s+(?:to|from)|sent\s+to|send\s+to|paid\s+to|payment\s+to|received\s+from|from|to|转账\s?至|转账\s?给|转给|转至|来自|付款给|致\s*[:：])\s*[:：]?\s*`)
)

// nameAt returns the length in bytes of the person's name at the start of
// v, or 0. strong says the position alone (a "Name" label) makes it a
// name; otherwise the name must be built like one (see nameLike).
func nameAt(v string, strong bool) int {
	t := strings.TrimRight(v, " ")
	// A display name ends at the e-mail or the bracket after it.
	if k := strings.IndexAny(t, "<(（[|·•,，;；:：!！"); k >= 0 {
		t = strings.TrimRight(t[:k], " ")
	}
	if t == "" || nearMask(t, 0, len(t)) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.Is(unicode.Han, r) {
		// The name is the run of Han characters: "刘洋 13800138000"
		// after a contact label.
		run := strings.IndexFunc(t, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
		if run > 0 {
			if next, _ := utf8.DecodeRuneInString(t[run:]); next != ' ' && !isDigit(next) {
				return 0
			}
			t = t[:run]
		}
		return hanName(t, strong)
	}
	ws := strings.Fields(t)
	if len(ws) == 0 || len(ws) > 4 {
		return 0
	}
	long := 0
	for _, w := range ws {
		if !reNameWord.MatchString(w) || nameStop[strings.ToLower(strings.Trim(w, "."))] {
			return 0
		}
		if utf8.RuneCountInString(strings.Trim(w, ".")) >= 2 {
			long++
		}
	}
	if long == 0 || (!strong && !nameLike(ws)) {
		return 0
	}
	return len(t)
}

// nameLike says whether capitalised words standing alone read as a
// person's name: two to three words, the first a common given name (or
// romanised surname) or an initial, the last a word of two letters or more.
func nameLike(ws []string) bool {
	if len(ws) < 2 || len(ws) > 3 {
		return false
	}
	first, last := strings.Trim(ws[0], "."), ws[len(ws)-1]
	if utf8.RuneCountInString(last) < 2 || strings.HasSuffix(last, ".") {
		return false
	}
	if utf8.RuneCountInString(first) == 1 {
		// "J. Hughes", "J HUGHES": an initial and a surname. Without
		// the dot, an icon read as a letter before a word ("Y
		// Receiving") looks the same: the word must not be shaped
		// like a verb or a common noun.
		if !strings.HasSuffix(ws[0], ".") && !allCaps(ws) && reWordSuffix.MatchString(strings.ToLower(last)) {
			return false
		}
		return len(ws) == 2 || utf8.RuneCountInString(strings.Trim(ws[1], ".")) == 1
	}
	// "Jean-Luc": the first part is the given name.
	first, _, _ = strings.Cut(first, "-")
	return givenNames[strings.ToLower(first)] || givenNames[strings.ToLower(last)] && allCaps(ws)
}

func allCaps(ws []string) bool {
	for _, w := range ws {
		if strings.ToUpper(w) != w {
			return false
		}
	}
	return true
}

// hanName returns the length of a Chinese name at the start of t: two to
// four Han characters, the whole of t. Unless strong, the first (or first
// two) must be a common surname and t must not be a common word.
func hanName(t string, strong bool) int {
	rs := []rune(t)
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return 0
		}
	}
	if len(rs) < 2 || len(rs) > 4 {
		return 0
	}
	if reCNField.MatchString(t) {
		return 0
	}
	if strong {
		return len(t)
	}
	if cnNotNames[t] {
		return 0
	}
	for _, c := range cnCompound {
		if strings.HasPrefix(t, c) && len(rs) >= 3 {
			return len(t)
		}
	}
	if len(rs) == 4 {
		return 0
	}
	if strings.ContainsRune(cnSurnames, rs[0]) {
		return len(t)
	}
	return 0
}

// findNames finds person names by their position on the page: after a
// salutation or a payment's "to" in the same segment, on the line after a
// closing, before an e-mail address, and standing alone when built like a
// name. Values after name labels are found by [detectors.labelled].
func findNames(segs []*segment, blocks []*block) []rawFinding {
	next := nextInBlock(blocks)
	var out []rawFinding
	add := func(s *segment, start, n int, conf float64) {
		out = append(out, rawFinding{Name, conf, s.text[start : start+n], singleBlock(s).boxes(start, start+n), false})
	}
	for i, s := range segs {
		text := s.text
		switch {
		case reSalutation.MatchString(text):
			loc := reSalutation.FindStringIndex(text)
			// After "Dear" or "Hi" stands whoever is addressed: a name
			// of any build, unless its words are a group's ("Dear
			// Valued Customer"; see nameStop). "您好" is followed by
			// a sentence as often as by a name.
			from, strong := loc[1], !strings.HasPrefix(text, "您好") && !strings.HasPrefix(text, "你好")
			if m := reTitle.FindStringIndex(text[from:]); m != nil {
				// "Dear Ms Rodriguez": the surname after a title.
				from, strong = from+m[1], true
			}
			if n := nameAt(text[from:], strong); n > 0 {
				add(s, from, n, 0.8)
			} else if n := firstWordName(text[from:]); n > 0 && !capitalisedNext(text[from+n:]) {
				// "Hi Ana," — one capitalised word before a comma,
				// not the first of a phrase ("Dear Binance User").
				add(s, from, n, 0.7)
			}
			continue
		case reCounterparty.MatchString(text):
			loc := reCounterparty.FindStringIndex(text)
			if loc[1] < len(text) {
				if n := nameAt(text[loc[1]:], false); n > 0 {
					add(s, loc[1], n, 0.75)
				}
				continue
			}
		case reClosing.MatchString(strings.TrimSpace(text)):
			t := next[s]
			if t == nil {
				t = below(segs, i)
			}
			if t != nil {
				if n := nameAt(t.text, true); n > 0 || firstWordName(t.text) == len(strings.TrimSpace(t.text)) {
					if n == 0 {
						n = len(strings.TrimSpace(t.text))
					}
					add(t, 0, n, 0.75)
				}
			}
			continue
		}
		// "您好" after a name: "张敏，您好".
		if k := strings.Index(text, "您好"); k > 0 {
			head := strings.TrimRight(text[:k], " ，,")
			if n := hanName(head, false); n > 0 && n == len(head) {
				add(s, 0, n, 0.75)
				continue
			}
		}
		n := nameAt(text, false)
		if n == 0 {
			continue
		}
		// Standing alone: the whole segment, or a display name with an
		// e-mail address after it in the same segment or right below.
		rest := strings.TrimSpace(text[n:])
		alone := rest == ""
		if !alone && (strings.ContainsAny(rest, "@＠") || strings.HasPrefix(rest, "<")) {
			alone = true
		}
		if alone {
			add(s, 0, n, 0.6)
		}
	}
	return out
}

var (
	// reProseName is a capitalised word and another after it, anywhere in
	// a line: "… created by David Johnson and …".
	reProseName = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+)\s(\p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{Lu}\p{Ll}+)?|\p{Lu}['’]\p{Lu}\p{Ll}+)\b`)
	// reInlineParty introduces the other party of a payment or message
	// inside a sentence.
	reInlineParty = regexp.MustCompile(`(?i)\b(?:from|to|by|with|paid|sent|received)\s+`)
	// reCNPayee is the party of "向…转账", "向…付款".
	reCNPayee = regexp.MustCompile(`向\s*([^\s，。,.¥$\d]{1,8}?)\s*(?:转账|付款|汇款|支付)`)
	// reCNCounterparty is the other party of a payment written after
	// its kind in a bank record: "支付宝转账-陈杰", "转账给 王芳".
	reCNSelf         = regexp.MustCompile(`(?:我叫|我是|本人是?|我的名字是|我的姓名是)\s*(\p{Han}{2,3})(?:[，,。.！!\s]|$)`)
	reCNCounterparty = regexp.MustCompile(`(?:转账|转给|汇款|收款|付款|代付)\s*[-—–:：·至给]\s*(\p{Han}{2,3})\s*$`)
)

// namesInLines finds names inside running text, where findNames's
// positions do not apply: a given name followed by a capitalised word,
// and a Chinese payment's counterparty after its kind.
func namesInLines(segs []*segment) []rawFinding {
	var out []rawFinding
	for _, s := range segs {
		for _, m := range reProseName.FindAllStringSubmatchIndex(s.text, -1) {
			first, last := s.text[m[2]:m[3]], s.text[m[4]:m[5]]
			if !givenNames[strings.ToLower(first)] || nameStop[strings.ToLower(last)] || nameStop[strings.ToLower(first)] {
				continue
			}
			out = append(out, rawFinding{Name, 0.6, s.text[m[0]:m[1]], singleBlock(s).boxes(m[0], m[1]), false})
		}
		// "You received CHF 12'538.07 from J Hughes": the other party
		// after "from" or "to" inside a sentence.
		for _, m := range reInlineParty.FindAllStringIndex(s.text, -1) {
			if n := nameAt(s.text[m[1]:], false); n > 0 {
				out = append(out, rawFinding{Name, 0.65, s.text[m[1] : m[1]+n], singleBlock(s).boxes(m[1], m[1]+n), false})
			}
		}
		// "向 陈杰 转账": whoever stands between 向 and the payment is the
		// other party, read or misread.
		if m := reCNPayee.FindStringSubmatchIndex(s.text); m != nil {
			out = append(out, rawFinding{Name, 0.7, s.text[m[2]:m[3]], singleBlock(s).boxes(m[2], m[3]), false})
		}
		if m := reCNCounterparty.FindStringSubmatchIndex(s.text); m != nil && !cnNotNames[s.text[m[2]:m[3]]] {
			out = append(out, rawFinding{Name, 0.7, s.text[m[2]:m[3]], singleBlock(s).boxes(m[2], m[3]), false})
		}
		// "我叫王芳", "我是张伟": a writer naming themselves.
		for _, m := range reCNSelf.FindAllStringSubmatchIndex(s.text, -1) {
			if n := hanName(s.text[m[2]:m[3]], false); n > 0 {
				out = append(out, rawFinding{Name, 0.65, s.text[m[2] : m[2]+n], singleBlock(s).boxes(m[2], m[2]+n), false})
			}
		}
	}
	return out
}

// capitalisedNext reports whether rest starts with a space and a
// capitalised word.
func capitalisedNext(rest string) bool {
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
	return unicode.IsUpper(r)
}

// firstWordName returns the length of one capitalised word at the start of
// v followed by a comma or the end ("Ana," in "Hi Ana,"), or 0.
func firstWordName(v string) int {
	w := v
	if k := strings.IndexAny(v, ",，!！ "); k >= 0 {
		w = v[:k]
	}
	if utf8.RuneCountInString(w) < 2 || !reNameWord.MatchString(w) || nameStop[strings.ToLower(w)] {
		return 0
	}
	return len(w)
}
