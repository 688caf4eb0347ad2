package bundle

import (
	"sort"
	"strconv"
	"strings"
)

// labels holds the words of one bundle language.
type labels struct {
	lang        string // PDF /Lang
	kind        string // the small line above the title
	defTitle    map[string]string
	category    map[string]string
	ticket      string
	categoryLbl string
	date        string
	shotsLbl    string
	zoneLbl     string
	noTicket    string
	parts       [numParts]string
	notGiven    string
	noStatement string
	statement   string

	checklist, checkIntro, present, missing string
	items                                   map[string]string
	whereStatement, whereTimeline           string
	whereShot, whereShots, whereHidden      string
	whereShotList, listSep                  string
	whereOnlyOne                            string

	contents string

	timeline, timelineIntro, colTime, colEvent, colSource, colPage string
	noEvents, shotEvent                                            string
	sources                                                        map[string]string

	shots, shotTitle, shotPart, captured, noCapture, hidden, nothingHidden, kept string

	appendix, summary, summaryIntro, colShot, colFile, colHidden, total string
	integrity, integrityIntro, colImage, colSHA                         string
	tool, toolLine, policy, noPolicy, note                              string

	cats  map[string]string // value categories
	colon string            // between a label and its value
}

// catOrder is the order value categories are listed in; others follow
// alphabetically.
// It is redact.Categories() and redact.Deny, as TestLabelsCategories
// checks; bundle does not depend on redact.
var catOrder = []string{"email", "phone", "address", "balance", "wallet", "idnum", "card", "seed", "name", "account", "txid", "ticket", "deny"}

func sortedCats(m map[string]int) []string {
	rank := map[string]int{}
	for i, c := range catOrder {
		rank[c] = i + 1
	}
	var cats []string
	for c, n := range m {
		if n > 0 {
			cats = append(cats, c)
		}
	}
	sort.Slice(cats, func(i, j int) bool {
		ri, rj := rank[cats[i]], rank[cats[j]]
		if ri == 0 {
			ri = len(catOrder) + 1
		}
		if rj == 0 {
			rj = len(catOrder) + 1
		}
		if ri != rj {
			return ri < rj
		}
		return cats[i] < cats[j]
	})
	return cats
}

func (l *labels) cat(c string) string {
	if s, ok := l.cats[c]; ok {
		return s
	}
	return c
}

// counts renders {"email":2,"phone":1} as "e-mail 2 · phone 1".
func (l *labels) counts(m map[string]int) string {
	var parts []string
	for _, c := range sortedCats(m) {
		parts = append(parts, l.cat(c)+" "+strconv.Itoa(m[c]))
	}
	return strings.Join(parts, " · ")
}

func (l *labels) source(s string) string {
	if v, ok := l.sources[s]; ok {
		return v
	}
	return s
}

var labelSets = map[string]*labels{
	"en": {
		lang: "en",
		kind: "SUPPORT EVIDENCE BUNDLE",
		defTitle: map[string]string{
			CategoryLogin:    "Cannot log in",
			CategoryKYC:      "Identity verification (KYC) problem",
			CategoryTransfer: "Transfer or withdrawal problem",
			CategoryOther:    "Support request",
		},
		category: map[string]string{
			CategoryLogin: "Login", CategoryKYC: "Identity verification (KYC)",
			CategoryTransfer: "Transfer / withdrawal", CategoryOther: "Other",
		},
		ticket: "Ticket", categoryLbl: "Category", date: "Date", shotsLbl: "Screenshots", zoneLbl: "Time zone",
		noTicket:  "not given",
		statement: "Problem statement",
		parts:     [numParts]string{"What happened", "What I already checked", "What I suspect", "What I ask support to do"},
		notGiven:  "Not given.",
		noStatement: "No statement was given: this bundle has the screenshots and the timeline only. " +
			"Say in the ticket what happened, what you already checked and what you ask support to do.",

		checklist:  "Checklist",
		checkIntro: "Materials support usually asks for in this kind of case, and where this bundle has them.",
		present:    "present", missing: "missing",
		items: map[string]string{
			"contact":  "Registered e-mail or phone (masked)",
			"failing":  "Screenshot of the failing step",
			"time":     "Time it happened",
			"notice":   "Rejection notice",
			"doctype":  "Document type",
			"txid":     "Transaction ID (TxID)",
			"address":  "From and to address",
			"amount":   "Amount",
			"explorer": "Block-explorer screenshot",
			"shot":     "Screenshot of the problem",
			"ask":      "What support should do",
		},
		whereStatement: "statement", whereTimeline: "timeline",
		whereShot: "screenshot %d", whereShots: "%d screenshots", whereHidden: " (hidden)",
		whereShotList: "screenshots %s", listSep: ", ",
		whereOnlyOne: "only one found",

		contents: "Contents",

		timeline:      "Timeline",
		timelineIntro: "All times in %s. Screenshot times come from the file; the source column says how.",
		colTime:       "Time", colEvent: "Event", colSource: "Source", colPage: "Page",
		noEvents:  "No dated events.",
		shotEvent: "Screenshot %d: %s",
		sources: map[string]string{
			SourceUser: "you", SourceEXIF: "EXIF", SourcePNGTime: "PNG tIME", SourcePNGText: "PNG text",
			SourceXMP: "XMP", SourceFileName: "file name", SourceFileTime: "file time",
		},

		shots:         "Screenshots",
		shotTitle:     "Screenshot %d of %d",
		shotPart:      "part %d of %d",
		captured:      "Captured",
		noCapture:     "capture time unknown",
		hidden:        "Hidden",
		nothingHidden: "nothing",
		kept:          "Kept",

		appendix:       "Appendix",
		summary:        "Redaction summary",
		summaryIntro:   "Counts of values hidden in each screenshot before it was embedded. The values themselves are not in this document.",
		colShot:        "#",
		colFile:        "File",
		colHidden:      "Hidden",
		total:          "Total",
		integrity:      "Image integrity",
		integrityIntro: "SHA-256 of each embedded image stream (JPEG bytes or PNG file as encoded for this bundle).",
		colImage:       "Image",
		colSHA:         "SHA-256",
		tool:           "Tool and policy",
		toolLine:       "Made with %s. Every screenshot was redacted and re-encoded before embedding; no original file bytes or metadata are included.",
		policy:         "Redaction policy",
		noPolicy:       "Default policy.",
		note:           "Generated",

		cats: map[string]string{
			"email": "e-mail", "phone": "phone", "address": "address", "balance": "balance",
			"wallet": "wallet address", "idnum": "ID number", "card": "card number", "seed": "seed phrase / key",
			"name": "name", "account": "account ID", "txid": "TxID", "ticket": "ticket ID",
			"deny": "listed term",
		},
		colon: ": ",
	},
	"zh": {
		lang: "zh-CN",
		kind: "客服证据包",
		defTitle: map[string]string{
			CategoryLogin:    "无法登录",
			CategoryKYC:      "身份认证（KYC）问题",
			CategoryTransfer: "转账或提现问题",
			CategoryOther:    "客服请求",
		},
		category: map[string]string{
			CategoryLogin: "登录", CategoryKYC: "身份认证（KYC）",
			CategoryTransfer: "转账 / 提现", CategoryOther: "其他",
		},
		ticket: "工单号", categoryLbl: "类别", date: "日期", shotsLbl: "截图", zoneLbl: "时区",
		noTicket:    "未提供",
		statement:   "问题描述",
		parts:       [numParts]string{"发生了什么", "我已检查", "我怀疑", "希望客服做什么"},
		notGiven:    "未填写。",
		noStatement: "未提供问题描述：本证据包只有截图和时间线。请在工单中说明发生了什么、你已检查了什么、希望客服做什么。",

		checklist:  "材料清单",
		checkIntro: "此类问题客服通常需要的材料，以及它们在本证据包中的位置。",
		present:    "已提供", missing: "缺少",
		items: map[string]string{
			"contact":  "注册邮箱或手机号（打码）",
			"failing":  "失败步骤的截图",
			"time":     "发生时间",
			"notice":   "拒绝通知",
			"doctype":  "证件类型",
			"txid":     "交易哈希（TxID）",
			"address":  "转出和接收地址",
			"amount":   "金额",
			"explorer": "区块浏览器截图",
			"shot":     "问题截图",
			"ask":      "希望客服做什么",
		},
		whereStatement: "问题描述", whereTimeline: "时间线",
		whereShot: "截图 %d", whereShots: "%d 张截图", whereHidden: "（已隐藏）",
		whereShotList: "截图 %s", listSep: "、",
		whereOnlyOne: "只找到一个",

		contents: "目录",

		timeline:      "时间线",
		timelineIntro: "所有时间均为 %s。截图时间取自文件本身，“来源”一栏说明取自何处。",
		colTime:       "时间", colEvent: "事件", colSource: "来源", colPage: "页码",
		noEvents:  "没有带日期的事件。",
		shotEvent: "截图 %d：%s",
		sources: map[string]string{
			SourceUser: "用户", SourceEXIF: "EXIF", SourcePNGTime: "PNG tIME", SourcePNGText: "PNG 文本",
			SourceXMP: "XMP", SourceFileName: "文件名", SourceFileTime: "文件时间",
		},

		shots:         "截图",
		shotTitle:     "截图 %d / %d",
		shotPart:      "第 %d 部分，共 %d 部分",
		captured:      "拍摄时间",
		noCapture:     "时间未知",
		hidden:        "已隐藏",
		nothingHidden: "无",
		kept:          "保留",

		appendix:       "附录",
		summary:        "打码汇总",
		summaryIntro:   "每张截图在嵌入前被隐藏的信息数量。被隐藏的内容本身不在本文件中。",
		colShot:        "#",
		colFile:        "文件",
		colHidden:      "已隐藏",
		total:          "合计",
		integrity:      "图像完整性",
		integrityIntro: "每张嵌入图像数据（为本证据包编码的 JPEG 字节或 PNG 文件）的 SHA-256。",
		colImage:       "图像",
		colSHA:         "SHA-256",
		tool:           "工具与策略",
		toolLine:       "由 %s 生成。每张截图在嵌入前均已打码并重新编码；不包含任何原始文件字节或元数据。",
		policy:         "打码策略",
		noPolicy:       "默认策略。",
		note:           "生成于",

		cats: map[string]string{
			"email": "邮箱", "phone": "手机号", "address": "地址", "balance": "金额",
			"wallet": "钱包地址", "idnum": "证件号", "card": "银行卡号", "seed": "助记词 / 私钥",
			"name": "姓名", "account": "账户 ID", "txid": "交易哈希", "ticket": "工单号",
			"deny": "指定隐藏词",
		},
		colon: "：",
	},
}
