package bundle

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Secrets that the test screenshots carry in their pixels, names and kept
// values; none may appear in the PDF in any encoding.
const (
	secretPixels = "SECRET-PIXELS-4111111111111111"
	secretEmail  = "li.wei.secret@example.com"
	secretTxID   = "9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716051f2e3d4c5b6a798877"
	maskedEmail  = "li.***@example.com"
)

var created = time.Date(2026, 11, 24, 18, 0, 0, 0, shanghai)

// screenshot draws a phone-sized page with a header bar and some lines of
// text, one of them the given string.
func screenshot(w, h int, text string) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.NewUniform(color.RGBA{250, 250, 252, 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, w, h/12), image.NewUniform(color.RGBA{30, 80, 160, 255}), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: basicfont.Face7x13}
	for y := h / 8; y < h-20; y += 40 {
		d.Dot = fixed.P(20, y)
		if y == h/8+80 {
			d.DrawString(text)
		} else {
			d.DrawString("Lorem ipsum dolor sit amet, consectetur")
		}
	}
	return img
}

func mask(s string) string { return strings.ReplaceAll(s, secretEmail, maskedEmail) }

// sample returns the options and screenshots most tests use: a transfer
// problem with a statement in English and Chinese, two user events, a phone
// screenshot, a desktop screenshot and a tall scrolling one.
func sample() (Options, []Shot) {
	opts := Options{
		Ticket:   "SR-204611",
		Category: CategoryTransfer,
		Lang:     "en",
		Statement: Statement{
			Problem: "My withdrawal of 0.5 BTC on 2026-11-24 10:30 has not arrived.\n我的提现还没有到账，已经等了六个小时。",
			Checked: "- The TxID shows 3 confirmations on the explorer\n- 地址和网络都正确",
			Suspect: "The receiving exchange holds deposits from new addresses.",
			Ask:     "Please confirm the withdrawal was broadcast. 请帮我确认。 Contact me at " + secretEmail,
		},
		Events: []Event{
			{Time: time.Date(2026, 11, 24, 16, 40, 0, 0, shanghai), Text: "EVENT-C asked support by chat", Source: SourceUser},
			{Time: time.Date(2026, 11, 24, 10, 30, 0, 0, shanghai), Text: "EVENT-A sent the withdrawal", Source: SourceUser},
		},
		Created:  created,
		Location: shanghai,
		Version:  "1.2.3",
		Policy:   "redact: email phone address balance wallet idnum card seed\nkeep: txid ticket",
		MaskText: mask,
	}
	phone := screenshot(585, 1266, secretPixels)
	desktop := screenshot(1440, 900, "Withdrawal pending")
	tall, _ := tallPage(1170, 9000, 11)
	shots := []Shot{
		{
			Name: "Screenshot_20261124-103512_" + secretEmail + ".png",
			Open: func() (image.Image, error) { return phone, nil },
			// EVENT-B: between the two user events.
			Captured: time.Date(2026, 11, 24, 10, 35, 12, 0, shanghai), CaptureSource: SourceFileName,
			Hidden: map[string]int{"email": 1, "wallet": 2, "balance": 3},
			Kept:   map[string][]string{"txid": {secretTxID}},
		},
		{
			Name: "explorer.png",
			Open: func() (image.Image, error) { return desktop, nil },
			// 07:00 UTC is 15:00 +08:00: between screenshot 1 and EVENT-C.
			Captured: time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC), CaptureSource: SourceEXIF,
		},
		{
			Name: "history-long.png",
			Open: func() (image.Image, error) { return tall, nil },
		},
	}
	return opts, shots
}

func write(t *testing.T, opts Options, shots []Shot) ([]byte, Summary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := Write(&buf, opts, shots)
	if err != nil {
		t.Fatal(err)
	}
	if int64(buf.Len()) != sum.Size {
		t.Errorf("Summary.Size = %d, wrote %d bytes", sum.Size, buf.Len())
	}
	return buf.Bytes(), sum
}

// tool runs a poppler or qpdf command on pdf and returns its output.
func tool(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
	f := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "FILE", f)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func pdfText(t *testing.T, pdf []byte, pages ...string) string {
	return tool(t, pdf, "pdftotext", append(append([]string{"-enc", "UTF-8"}, pages...), "FILE", "-")...)
}

func TestWriteReadBack(t *testing.T) {
	opts, shots := sample()
	var warnings []string
	opts.Warn = func(s string) { warnings = append(warnings, s) }
	pdf, sum := write(t, opts, shots)

	// Pages: cover, contents with the timeline, one per screenshot page,
	// appendix; the tall screenshot is split.
	if sum.Shots[2].Pages < 3 {
		t.Errorf("tall screenshot on %d pages, want at least 3", sum.Shots[2].Pages)
	}
	wantPages := 3
	for _, s := range sum.Shots {
		wantPages += s.Pages
	}
	if sum.Pages != wantPages {
		t.Errorf("Summary.Pages = %d, want %d", sum.Pages, wantPages)
	}
	info := tool(t, pdf, "pdfinfo", "FILE")
	for _, want := range []string{
		"Pages:           " + strconv.Itoa(wantPages) + "\n",
		"Title:           Transfer or withdrawal problem\n",
		"Creator:         redactpack 1.2.3\n",
		"Producer:        redactpack 1.2.3\n",
		"CreationDate:    Tue Nov 24 10:00:00 2026 UTC\n",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if strings.Contains(info, "Author") || strings.Contains(info, "Keywords") {
		t.Errorf("pdfinfo shows more metadata than title, creator and producer:\n%s", info)
	}

	text := pdfText(t, pdf)
	for _, want := range []string{
		"SR-204611",
		"My withdrawal of 0.5 BTC on 2026-11-24 10:30 has not arrived.",
		"我的提现还没有到账，已经等了六个小时。",
		"地址和网络都正确",
		"请帮我确认。",
		"The receiving exchange holds deposits from new addresses.",
		maskedEmail, // statement and file name, masked
		"Screenshot_20261124-103512_li.***@example.com.png",
		"e-mail 1 · balance 3 · wallet address 2", // counts, in category order
		"All times in CST (UTC+08:00).",
		"2026-11-24 10:35:12 +08:00",
		"part 2 of ",
		sum.Shots[0].SHA256,
		"keep: txid ticket",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}

	// Page numbers "n / N" on every page (pdftotext may drop the spaces).
	for n := 1; n <= wantPages; n++ {
		page := pdfText(t, pdf, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n))
		if !regexp.MustCompile(`(?m)^` + strconv.Itoa(n) + ` ?/ ?` + strconv.Itoa(wantPages) + `$`).MatchString(page) {
			t.Errorf("page %d has no page number %d / %d", n, n, wantPages)
		}
	}

	// Timeline order: EVENT-A 10:30, screenshot 1 10:35:12, screenshot 2
	// 15:00 (07:00 UTC), EVENT-C 16:40, whatever the input order.
	tl := pdfText(t, pdf, "-f", "2", "-l", "2")
	order := []string{"EVENT-A", "Screenshot 1:", "Screenshot 2:", "EVENT-C"}
	last := -1
	for _, s := range order {
		i := strings.Index(tl, s)
		if i < 0 {
			t.Fatalf("timeline page lacks %q:\n%s", s, tl)
		}
		if i < last {
			t.Errorf("timeline: %q out of order:\n%s", s, tl)
		}
		last = i
	}
	if strings.Contains(tl, "Screenshot 3:") {
		t.Error("a screenshot without a capture time is in the timeline")
	}

	// Checklist for a transfer: a TxID was kept in screenshot 1, two
	// addresses and amounts hidden, times known; no explorer screenshot by
	// name, but the kept TxID counts.
	for _, it := range sum.Checklist {
		if !it.Present {
			t.Errorf("checklist: %s missing (%s)", it.ID, it.Where)
		}
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	cover := pdfText(t, pdf, "-f", "1", "-l", "1")
	if n := strings.Count(cover, "present"); n != 5 {
		t.Errorf("cover shows %d items present, want 5:\n%s", n, cover)
	}

	// Outline.
	var outline struct {
		Outlines []struct {
			Title string `json:"title"`
			Page  int    `json:"destpageposfrom1"`
			Kids  []struct {
				Title string `json:"title"`
				Page  int    `json:"destpageposfrom1"`
			} `json:"kids"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(tool(t, pdf, "qpdf", "--json", "--json-key=outlines", "FILE")), &outline); err != nil {
		t.Fatal(err)
	}
	var top []string
	for _, o := range outline.Outlines {
		top = append(top, o.Title)
		if o.Title == "Screenshots" {
			if len(o.Kids) != len(shots) {
				t.Fatalf("%d screenshot bookmarks, want %d", len(o.Kids), len(shots))
			}
			for i, k := range o.Kids {
				if k.Page != sum.Shots[i].FirstPage {
					t.Errorf("bookmark %q points at page %d, want %d", k.Title, k.Page, sum.Shots[i].FirstPage)
				}
			}
			if !strings.Contains(o.Kids[0].Title, maskedEmail) {
				t.Errorf("bookmark %q is not masked", o.Kids[0].Title)
			}
		}
	}
	wantTop := "Transfer or withdrawal problem|Problem statement|Checklist|Contents|Timeline|Screenshots|Appendix"
	if got := strings.Join(top, "|"); got != wantTop {
		t.Errorf("outline:\n got %s\nwant %s", got, wantTop)
	}

	// Links: the contents and timeline link to pages inside the document.
	qdf := tool(t, pdf, "qpdf", "--qdf", "--object-streams=disable", "FILE", "-")
	if n := strings.Count(qdf, "/Subtype /Link"); n < 10 {
		t.Errorf("%d internal links, want at least 10", n)
	}
	assertAbsent(t, pdf, qdf, text)
}

// assertAbsent checks that no secret is in the file, in its decompressed
// form, or in its text, as bytes, UTF-16BE, or hex-encoded UTF-16BE (how
// fpdf writes text).
func assertAbsent(t *testing.T, pdf []byte, qdf, text string) {
	t.Helper()
	for _, s := range []string{secretPixels, secretEmail, secretTxID, "li.wei"} {
		var u16 []byte
		for _, c := range utf16.Encode([]rune(s)) {
			u16 = append(u16, byte(c>>8), byte(c))
		}
		forms := []string{s, string(u16), hex.EncodeToString(u16), strings.ToUpper(hex.EncodeToString(u16))}
		for _, f := range forms {
			if bytes.Contains(pdf, []byte(f)) || strings.Contains(qdf, f) || strings.Contains(text, f) {
				t.Errorf("secret %q found in the PDF (as %q)", s, f)
			}
		}
	}
}

func TestWriteDeterministic(t *testing.T) {
	opts, shots := sample()
	opts.Lang = "zh"
	a, _ := write(t, opts, shots)
	b, _ := write(t, opts, shots)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same inputs gave different PDFs")
	}
	// The date comes from Created; nothing else varies with time.
	opts.Created = opts.Created.Add(24 * time.Hour)
	c, _ := write(t, opts, shots)
	if bytes.Equal(a, c) {
		t.Error("a different creation date gave the same PDF")
	}
	for _, s := range []string{"D:20261124100000", "D:20261125100000"} {
		if !bytes.Contains(a, []byte(s)) && !bytes.Contains(c, []byte(s)) {
			t.Errorf("no date %s in either PDF", s)
		}
	}
}

// Screenshots prepared ahead (in the caller's workers) give the same PDF,
// and Write does not open them again; under a size budget it still can.
func TestWritePrepared(t *testing.T) {
	opts, shots := sample()
	want, _ := write(t, opts, shots)
	prepared := make([]Shot, len(shots))
	opened := 0
	for i, s := range shots {
		img, err := s.Open()
		if err != nil {
			t.Fatal(err)
		}
		if s.Prepared, err = Prepare(img); err != nil {
			t.Fatal(err)
		}
		open := s.Open
		s.Open = func() (image.Image, error) { opened++; return open() }
		prepared[i] = s
	}
	got, _ := write(t, opts, prepared)
	if !bytes.Equal(got, want) {
		t.Error("prepared screenshots gave a different PDF")
	}
	if opened != 0 {
		t.Errorf("Write opened prepared screenshots %d times", opened)
	}
	opts.MaxSize = int64(len(want)) * 6 / 10
	if _, sum := write(t, opts, prepared); opened == 0 || sum.Size > opts.MaxSize {
		t.Errorf("under a budget: opened %d times, size %d, limit %d", opened, sum.Size, opts.MaxSize)
	}

	if _, err := Prepare(image.NewRGBA(image.Rect(0, 0, 0, 5))); err == nil {
		t.Error("Prepare of an empty image: no error")
	}
}

func TestWriteChinese(t *testing.T) {
	opts, shots := sample()
	opts.Lang = "zh"
	opts.Title = "提现未到账 — withdrawal missing"
	// Hangul has no glyphs in either font; Cyrillic is in the Go font.
	opts.Statement.Suspect += " 한국어 Кириллица"
	pdf, _ := write(t, opts, shots)
	text := pdfText(t, pdf)
	for _, want := range []string{
		"客服证据包", "提现未到账 — withdrawal missing", "问题描述", "发生了什么", "希望客服做什么", "材料清单", "已提供",
		"目录", "时间线", "所有时间均为 CST (UTC+08:00)", "截图 1 / 3", "附录", "打码汇总", "图像完整性",
		"邮箱 1 · 金额 3 · 钱包地址 2", "我的提现还没有到账，已经等了六个小时。",
		"My withdrawal of 0.5 BTC on 2026-11-24 10:30 has not arrived.",
		"한국어 Кириллица",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	info := tool(t, pdf, "pdfinfo", "FILE")
	if !strings.Contains(info, "Title:           提现未到账 — withdrawal missing") {
		t.Errorf("title not in metadata:\n%s", info)
	}
	fonts := tool(t, pdf, "pdffonts", "FILE")
	if n := regexp.MustCompile(`(?m) yes +(?:yes|no) +yes +\d+ +0$`).FindAllString(fonts, -1); len(n) != 4 {
		t.Errorf("fonts are not all embedded with Unicode maps:\n%s", fonts)
	}
}

// noise is a photo-like image that JPEG cannot squeeze much.
func noise(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	return img
}

func TestWriteSizeBudget(t *testing.T) {
	var shots []Shot
	for i := range 3 {
		img := noise(900, 1200, uint64(i+1))
		shots = append(shots, Shot{Name: "photo.png", Open: func() (image.Image, error) { return img, nil }})
	}
	opts := Options{Created: created, Version: "t"}
	_, full := write(t, opts, shots)

	opts.MaxSize = full.Size * 45 / 100
	var warned []string
	opts.Warn = func(s string) { warned = append(warned, s) }
	pdf, sum := write(t, opts, shots)
	if sum.Size > opts.MaxSize || int64(len(pdf)) > opts.MaxSize {
		t.Errorf("size %d over the limit %d", sum.Size, opts.MaxSize)
	}
	lowered := false
	for _, s := range sum.Shots {
		lowered = lowered || s.Quality < 92 || s.Scale < 1
	}
	if !lowered {
		t.Errorf("nothing re-encoded: %+v", sum.Shots)
	}
	if len(warned) == 0 || !strings.Contains(warned[len(warned)-1], "re-encoded") {
		t.Errorf("no warning about re-encoding: %q", warned)
	}

	// A limit that cannot be met is an error, and nothing is written.
	opts.MaxSize = 60 << 10
	var buf bytes.Buffer
	_, err := Write(&buf, opts, shots)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
}

func TestWriteErrors(t *testing.T) {
	opts, shots := sample()
	shots[1].Open = func() (image.Image, error) { return nil, errors.New("truncated PNG") }
	shots[1].Name = "x-" + secretEmail + ".png"
	var buf bytes.Buffer
	_, err := Write(&buf, opts, shots)
	if err == nil || !strings.Contains(err.Error(), "screenshot 2") || !strings.Contains(err.Error(), "truncated PNG") {
		t.Errorf("err = %v, want one naming screenshot 2 and the cause", err)
	}
	if err != nil && strings.Contains(err.Error(), secretEmail) {
		t.Errorf("error shows an unmasked name: %v", err)
	}
	if buf.Len() != 0 {
		t.Error("output written despite the error")
	}
	for _, o := range []Options{{Category: "refund"}, {Lang: "fr"}, {MaxSize: -1}} {
		if _, err := Write(&buf, o, nil); err == nil {
			t.Errorf("Write(%+v) succeeded", o)
		}
	}
}

func TestWriteWarnsMissing(t *testing.T) {
	var warned []string
	opts := Options{Category: CategoryLogin, Created: created, Warn: func(s string) { warned = append(warned, s) }}
	_, sum := write(t, opts, nil)
	// No statement, no screenshots, no events: everything is missing.
	if len(sum.Missing) != 3 || len(warned) != 3 {
		t.Fatalf("missing %+v, warnings %q", sum.Missing, warned)
	}
	if !regexp.MustCompile(`^checklist: missing registered e-mail or phone`).MatchString(warned[0]) {
		t.Errorf("warning %q", warned[0])
	}
}

func TestWriteTitle(t *testing.T) {
	for _, tc := range []struct {
		opts, statement, want string
	}{
		{"", "", "Cannot log in"},
		{"", "Locked out of " + secretEmail, "Locked out of " + maskedEmail},
		{"Ticket title", "Locked out", "Ticket title"},
	} {
		opts := Options{Category: CategoryLogin, Created: created, Title: tc.opts, MaskText: mask,
			Statement: Statement{Title: tc.statement}}
		pdf, _ := write(t, opts, nil)
		info := tool(t, pdf, "pdfinfo", "FILE")
		if !strings.Contains(info, "Title:           "+tc.want+"\n") {
			t.Errorf("title %q/%q: want %q in\n%s", tc.opts, tc.statement, tc.want, info)
		}
		if cover := pdfText(t, pdf, "-f", "1", "-l", "1"); !strings.Contains(cover, tc.want) {
			t.Errorf("cover lacks the title %q", tc.want)
		}
	}
}

// Screenshots of the same width (every screenshot of one phone) give the
// same bytes from run to run, with the image objects numbered in page
// order: fpdf writes them in map order, sorted only by width.
func TestWriteDeterministicSameWidth(t *testing.T) {
	opts, _ := sample()
	var shots []Shot
	for i := range 6 {
		var img image.Image = screenshot(585, 1266, "Withdrawal "+strconv.Itoa(i))
		if i%3 == 2 {
			img = noise(585, 900, uint64(i)) // JPEG rather than PNG
		}
		shots = append(shots, Shot{Name: "shot" + strconv.Itoa(i) + ".png", Open: func() (image.Image, error) { return img, nil }})
	}
	first, sum := write(t, opts, shots)
	for run := range 8 {
		if again, _ := write(t, opts, shots); !bytes.Equal(again, first) {
			t.Fatalf("run %d gave a different PDF", run+2)
		}
	}
	formats := map[string]bool{}
	for _, s := range sum.Shots {
		formats[s.Format] = true
	}
	if !formats["PNG"] || !formats["JPEG"] {
		t.Errorf("want both PNG and JPEG images, got %v", formats)
	}
	// pdfimages lists images in page order with their object numbers.
	var objs []int
	for _, line := range strings.Split(tool(t, first, "pdfimages", "-list", "FILE"), "\n")[2:] {
		if f := strings.Fields(line); len(f) > 11 {
			n, err := strconv.Atoi(f[10])
			if err != nil {
				t.Fatalf("pdfimages line %q: %v", line, err)
			}
			objs = append(objs, n)
		}
	}
	if len(objs) != len(shots) {
		t.Fatalf("pdfimages lists %d images, want %d", len(objs), len(shots))
	}
	for i := 1; i < len(objs); i++ {
		if objs[i] != objs[i-1]+1 {
			t.Errorf("image objects in page order: %v, want consecutive numbers", objs)
			break
		}
	}
	tool(t, first, "qpdf", "--check", "FILE")
}

// Without a statement the cover says so once, not "Not given." four times.
func TestWriteNoStatement(t *testing.T) {
	opts, shots := sample()
	opts.Statement = Statement{}
	for _, lang := range []string{"en", "zh"} {
		opts.Lang = lang
		pdf, _ := write(t, opts, shots[:1])
		text := strings.Join(strings.Fields(pdfText(t, pdf, "-f", "1", "-l", "1")), " ")
		l := labelSets[lang]
		if n := strings.Count(text, l.notGiven); n != 0 {
			t.Errorf("%s: %q %d times on the cover", lang, l.notGiven, n)
		}
		if n := strings.Count(text, strings.Join(strings.Fields(l.noStatement), " ")); n != 1 {
			t.Errorf("%s: the no-statement note %d times on the cover:\n%s", lang, n, text)
		}
	}
	// One part given: the others say they were not.
	opts.Lang = "en"
	opts.Statement = Statement{Problem: "It fails."}
	pdf, _ := write(t, opts, shots[:1])
	if n := strings.Count(pdfText(t, pdf, "-f", "1", "-l", "1"), "Not given."); n != 3 {
		t.Errorf("one part given: %d \"Not given.\", want 3", n)
	}
}
