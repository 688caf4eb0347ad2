package bundle

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// Shot is one redacted screenshot to embed.
type Shot struct {
	// Name is the file name to show. The caller masks it; Write passes it
	// through Options.MaskText as well.
	Name string
	// Open returns the redacted image. Write calls it once to plan and encode
	// the pages (unless Prepared is set), and again only when it must
	// re-encode to meet the size budget; it holds one decoded image at a
	// time.
	Open func() (image.Image, error)
	// Prepared, when set, is the image already laid out and encoded by
	// [Prepare]: a caller that has the image in memory anyway, in one of
	// several workers, saves Write decoding and encoding it again, one
	// screenshot after another.
	Prepared *Prepared
	// Captured and CaptureSource say when the screenshot was taken (see
	// [CaptureTime]); a zero time leaves it out of the timeline.
	Captured      time.Time
	CaptureSource string
	// Hidden counts the values hidden in the image, per category ("email",
	// "phone", "address", "balance", "wallet", "idnum", "card", "seed", …).
	// Only counts are ever printed.
	Hidden map[string]int
	// Kept lists non-sensitive identifiers found and kept, per category
	// ("txid", "ticket"); the checklist uses them. Their values are not
	// printed either.
	Kept map[string][]string
	// Text is what OCR read in the redacted screenshot outside the hidden
	// values, a line of words per line; the checklist looks for its items
	// there ("Verification failed", "TxID", a date). The caller leaves out
	// every word a hidden value touches. It is never printed.
	Text string
}

// Options describes a bundle. The output depends on nothing else (no clock,
// host or environment): the same Options and screenshots give the same bytes.
type Options struct {
	Title    string // default: the statement's title, else from the category ("Cannot log in")
	Ticket   string // the support ticket's ID, shown on every page
	Category string // login, kyc, transfer or other ("" = other)
	Lang     string // labels: en or zh ("" = en)

	Statement Statement
	Events    []Event // the user's events; Write adds one per screenshot

	// Created is the document's date (cover, PDF CreationDate and ModDate).
	// Zero means the latest event or capture time.
	Created time.Time
	// Location is the time zone of the timeline and captions (nil = UTC).
	Location *time.Location
	// MaxSize is the size budget in bytes (0 = DefaultMaxSize).
	MaxSize int64
	// Version is redactpack's version: Creator and Producer are
	// "redactpack VERSION".
	Version string
	// Policy describes the redaction policy, printed as it is in the
	// appendix.
	Policy string
	// MaskText masks sensitive values in the text that comes with the
	// screenshots: file names and captions. nil leaves text as it is.
	MaskText func(string) string
	// MaskOwn masks the user's own words: the title, the statement and
	// Events. They are what the user chose to tell support, so it should
	// mask only what must never be sent (seed phrases, card numbers,
	// passwords: see [MaskPasswords]) and leave the rest as written. nil
	// means MaskText.
	MaskOwn func(string) string
	// Warn receives notes for the user: missing checklist items (before
	// anything is encoded), screenshots re-encoded to fit. nil discards them.
	Warn func(string)
}

// DefaultMaxSize is the size budget when Options.MaxSize is 0: 20 MB, a
// common cap for e-mail attachments.
const DefaultMaxSize = 20 << 20

// ErrTooLarge is returned (wrapped) when the screenshots cannot be made to
// fit Options.MaxSize without becoming illegible.
var ErrTooLarge = errors.New("bundle does not fit the size limit")

// Summary describes a written bundle.
type Summary struct {
	Pages     int
	Size      int64
	Checklist []Item // every checklist item, present or not
	Missing   []Item // the missing ones (also sent to Options.Warn)
	Shots     []ShotSummary
}

// ShotSummary describes how one screenshot was embedded.
type ShotSummary struct {
	Name          string // as shown (masked)
	FirstPage     int
	Pages         int     // more than 1 when a tall screenshot was split
	Format        string  // "JPEG" or "PNG"
	Width, Height int     // pixels embedded
	Quality       int     // JPEG quality; 0 for PNG
	Scale         float64 // embedded size / source size
	Bytes         int
	SHA256        string // of the embedded image bytes (hex)
}

// Page geometry, in millimetres (A4).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	headerY      = 11.5 // baseline of the running header
	contentTop   = 24.0
	bottomY      = 277.0 // content ends here
	footerY      = 287.5 // baseline of the footer
	captionH     = 21.0  // caption above a screenshot
	maxDensity   = 12.0  // embedded pixels per displayed millimetre (~300 dpi)
	minDensity   = 3.5   // below this, text in a screenshot is no longer legible
	maxMagnify   = 0.30  // mm per pixel: small images are not blown up further
	splitRatio   = 0.45  // split when fitting one page would leave less than this share of the width
	tallAspect   = 2.2   // a page of a split screenshot shows about this many widths of height
	sliverShare  = 0.2   // a split screenshot's last part shorter than this share of a page joins the one before
	maxPixels    = 120_000_000
)

// Colours.
var (
	colText   = [3]int{26, 32, 44}
	colMuted  = [3]int{102, 112, 133}
	colAccent = [3]int{23, 64, 120}
	colRule   = [3]int{208, 213, 221}
	colFill   = [3]int{243, 245, 248}
	colOK     = [3]int{18, 143, 88}
	colMiss   = [3]int{208, 64, 40}
)

// shotPlan is a screenshot after encoding: how it is laid out and embedded.
type shotPlan struct {
	name      string // masked
	landscape bool
	mmPerPx   float64 // display scale, in source pixels
	srcW      int
	srcH      int
	segs      [][2]int // source rows shown on each page
	base      float64  // embedding scale at ladder step 0
	enc       encoded  // the smallest encoding so far
	tried     int      // the last ladder step tried
	flat      bool     // PNG beat JPEG at the first step
}

// Write renders the bundle as a PDF and writes it to w. Nothing is written
// when it fails. The pages are: a cover with the statement and the
// checklist, contents, the timeline, one page per screenshot (several for a
// tall one) and an appendix with the redaction summary, image hashes, the
// tool and the policy.
func Write(w io.Writer, opts Options, shots []Shot) (Summary, error) {
	o, err := normalize(opts)
	if err != nil {
		return Summary{}, err
	}
	l := labelSets[o.Lang]

	var sum Summary
	for _, c := range checks(o.Category, opts.Statement, opts.Events, shots) {
		it := Item{ID: c.id, Label: labelSets["en"].items[c.id], Present: c.present, Where: c.where(labelSets["en"])}
		sum.Checklist = append(sum.Checklist, it)
		if !c.present {
			sum.Missing = append(sum.Missing, it)
			o.Warn("checklist: missing " + strings.ToLower(it.Label[:1]) + it.Label[1:])
		}
	}

	plans := make([]*shotPlan, len(shots))
	for i := range shots {
		p, err := plan(o, shots[i])
		if err != nil {
			return Summary{}, fmt.Errorf("screenshot %d (%s): %w", i+1, o.MaskText(shots[i].Name), err)
		}
		plans[i] = p
	}
	if o.Created.IsZero() {
		o.Created = latest(opts.Events, shots)
	}
	events := timeline(o, l, shots, plans)

	// First pass without images: page numbers and the cost of everything else.
	d := &doc{o: o, l: l, plans: plans, shots: shots, events: events}
	layout, err := d.render(nil)
	if err != nil {
		return Summary{}, err
	}
	overhead := int64(len(layout.pdf)) + 400*int64(len(plans)) // + image dictionaries
	anchors := layout.anchors
	imgBytes := func() int64 { return imageBytes(plans) }

	var out []byte
	for attempt := 0; ; attempt++ {
		if overhead+imgBytes() > o.MaxSize {
			if err := shrink(o, shots, plans, o.MaxSize-overhead); err != nil {
				return Summary{}, err
			}
		}
		d := &doc{o: o, l: l, plans: plans, shots: shots, events: events}
		r, err := d.render(anchors)
		if err != nil {
			return Summary{}, err
		}
		out = r.pdf
		if int64(len(out)) <= o.MaxSize {
			break
		}
		if attempt == 3 {
			return Summary{}, fmt.Errorf("%w: %s, over the %s limit, after re-encoding", ErrTooLarge, mb(int64(len(out))), mb(o.MaxSize))
		}
		// The estimate was short: measure what is not image data, and retry.
		overhead = int64(len(out)) - imgBytes() + 4096
	}
	worst := 0
	for _, p := range plans {
		worst = max(worst, p.enc.level)
	}
	if worst > 0 {
		st := ladder[worst]
		o.Warn(fmt.Sprintf("screenshots re-encoded down to JPEG quality %d at %d%% size to fit %s", st.quality, int(st.scale*100+0.5), mb(o.MaxSize)))
	}

	sum.Pages = anchors.pages
	sum.Size = int64(len(out))
	for i, p := range plans {
		q := ladder[p.enc.level].quality
		if p.enc.format == "PNG" {
			q = 0
		}
		sum.Shots = append(sum.Shots, ShotSummary{
			Name: p.name, FirstPage: anchors.page(shotAnchor(i)), Pages: len(p.segs),
			Format: p.enc.format, Width: p.enc.width, Height: p.enc.height, Quality: q,
			Scale: p.base * ladder[p.enc.level].scale, Bytes: len(p.enc.data), SHA256: p.enc.sha256,
		})
	}
	if _, err := w.Write(out); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/(1<<20)) }

// normalize checks opts and fills in defaults.
func normalize(o Options) (Options, error) {
	var err error
	if o.Category, err = checkCategory(o.Category); err != nil {
		return o, err
	}
	if o.Lang, err = checkLang(o.Lang); err != nil {
		return o, err
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxSize < 0 {
		return o, fmt.Errorf("negative size limit %d", o.MaxSize)
	}
	if o.MaskText == nil {
		o.MaskText = func(s string) string { return s }
	}
	if o.MaskOwn == nil {
		o.MaskOwn = o.MaskText
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	if o.Version == "" {
		o.Version = "(devel)"
	}
	return o, nil
}

// latest returns the latest event or capture time, or a fixed date (so that
// the output stays deterministic) when there is none.
func latest(events []Event, shots []Shot) time.Time {
	var t time.Time
	for _, e := range events {
		if e.Time.After(t) {
			t = e.Time
		}
	}
	for _, s := range shots {
		if s.Captured.After(t) {
			t = s.Captured
		}
	}
	if t.IsZero() {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// Prepared is a screenshot laid out and encoded for a bundle; see
// [Shot.Prepared].
type Prepared struct{ p shotPlan }

// Prepare lays img out and encodes it as Write would. It is safe to call
// from several goroutines; img is not modified or kept.
func Prepare(img image.Image) (*Prepared, error) {
	p, err := layout(img)
	if err != nil {
		return nil, err
	}
	return &Prepared{*p}, nil
}

// plan lays out a screenshot and encodes it at the first step of the
// quality ladder, or takes what Prepare did.
func plan(o Options, s Shot) (*shotPlan, error) {
	var p *shotPlan
	switch {
	case s.Prepared != nil:
		cp := s.Prepared.p
		p = &cp
	case s.Open == nil:
		return nil, errors.New("no image")
	default:
		img, err := s.Open()
		if err != nil {
			return nil, err
		}
		if p, err = layout(img); err != nil {
			return nil, err
		}
	}
	p.name = o.MaskText(s.Name)
	return p, nil
}

// layout lays img out on pages and encodes it at the first step of the
// quality ladder.
func layout(img image.Image) (*shotPlan, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, errors.New("empty image")
	}
	if b := img.Bounds(); b.Dx()*b.Dy() > maxPixels {
		return nil, fmt.Errorf("image of %d×%d pixels is too large to embed", b.Dx(), b.Dy())
	}
	rgba := flatten(img)
	w, h := rgba.Rect.Dx(), rgba.Rect.Dy()
	p := &shotPlan{srcW: w, srcH: h, landscape: w > h}
	boxW, boxH := boxSize(p.landscape)
	p.mmPerPx = min(boxW/float64(w), boxH/float64(h), maxMagnify)
	p.segs = [][2]int{{0, h}}
	if !p.landscape && float64(w)*p.mmPerPx < splitRatio*min(boxW, float64(w)*maxMagnify) {
		// Too tall to be legible on one page: split at whitespace.
		p.mmPerPx = min(boxW/float64(w), boxH/(tallAspect*float64(w)), maxMagnify)
		rows := int(boxH / p.mmPerPx)
		start := 0
		p.segs = p.segs[:0]
		for _, c := range cuts(blankRows(rgba), rows) {
			p.segs = append(p.segs, [2]int{start, c})
			start = c
		}
		p.segs = append(p.segs, [2]int{start, h})
		// A last part of a few rows (a tab bar, a footer) would be a page
		// of its own, nearly empty: it joins the part before, and that
		// page is shown a little smaller (see pageScale).
		if n := len(p.segs); n > 1 && float64(h-start) < sliverShare*float64(rows) {
			p.segs[n-2][1] = h
			p.segs = p.segs[:n-1]
		}
	}
	p.base = min(1, maxDensity*p.mmPerPx)
	var err error
	p.enc, err = encode(rgba, p.base, 0, false, nil)
	p.flat = p.enc.format == "PNG"
	return p, err
}

// pageScale is the display scale, in millimetres per source pixel, of
// the page showing rows seg: mmPerPx, or less for a part too tall for the
// page (a last part joined to the one before).
func (p *shotPlan) pageScale(seg [2]int) float64 {
	_, boxH := boxSize(p.landscape)
	return min(p.mmPerPx, boxH/float64(seg[1]-seg[0]))
}

func boxSize(landscape bool) (w, h float64) {
	if landscape {
		return pageH - 2*margin, pageW - (contentTop + captionH) - (pageH - bottomY)
	}
	return pageW - 2*margin, bottomY - (contentTop + captionH)
}

// shrink re-encodes the largest screenshots further down the quality ladder
// until the images fit in budget bytes, reopening each at most once a round.
func shrink(o Options, shots []Shot, plans []*shotPlan, budget int64) error {
	if budget <= 0 {
		return fmt.Errorf("%w: the text and fonts alone need more than %s", ErrTooLarge, mb(o.MaxSize))
	}
	order := make([]int, len(plans))
	for i := range order {
		order[i] = i
	}
	total := func() int64 { return imageBytes(plans) }
	for total() > budget {
		ratio := float64(budget) / float64(total())
		sort.SliceStable(order, func(a, b int) bool { return len(plans[order[a]].enc.data) > len(plans[order[b]].enc.data) })
		moved := false
		for _, i := range order {
			if total() <= budget {
				break
			}
			p := plans[i]
			if p.tried == len(ladder)-1 || maxDensityAt(p, ladder[p.tried+1]) < minDensity {
				continue
			}
			target := int(float64(len(p.enc.data)) * ratio * 0.95)
			img, err := shots[i].Open()
			if err != nil {
				return fmt.Errorf("screenshot %d (%s): %w", i+1, p.name, err)
			}
			rgba, scaled := flatten(img), map[float64]*image.RGBA{}
			// Binary search for the best step that meets the target; sizes
			// fall along the ladder.
			lo, hi := p.tried+1, p.tried+1
			for hi+1 < len(ladder) && maxDensityAt(p, ladder[hi+1]) >= minDensity {
				hi++
			}
			var fit, smallest encoded
			for lo <= hi {
				mid := (lo + hi) / 2
				e, err := encode(rgba, p.base, mid, p.flat, scaled)
				if err != nil {
					return fmt.Errorf("screenshot %d (%s): %w", i+1, p.name, err)
				}
				if smallest.data == nil || len(e.data) < len(smallest.data) {
					smallest = e
				}
				if len(e.data) <= target {
					fit, hi = e, mid-1
				} else {
					lo = mid + 1
				}
			}
			choice := fit
			if choice.data == nil {
				choice = smallest
			}
			p.tried = choice.level
			if len(choice.data) < len(p.enc.data) {
				p.enc = choice
			}
			moved = true
		}
		if !moved {
			return fmt.Errorf("%w: the %d screenshots need %s at the lowest legible quality, and the limit is %s; "+
				"raise the limit or split them into several bundles", ErrTooLarge, len(plans), mb(total()+o.MaxSize-budget), mb(o.MaxSize))
		}
	}
	return nil
}

// imageBytes is the size of the image streams in the PDF. fpdf stores
// identical images once, so duplicates count once.
func imageBytes(plans []*shotPlan) int64 {
	var n int64
	seen := map[string]bool{}
	for _, p := range plans {
		if !seen[p.enc.sha256] {
			seen[p.enc.sha256] = true
			n += int64(len(p.enc.data))
		}
	}
	return n
}

// maxDensityAt is the embedded pixels per displayed millimetre at a step.
func maxDensityAt(p *shotPlan, st step) float64 {
	return p.base * st.scale / p.mmPerPx
}

func shotAnchor(i int) string { return fmt.Sprintf("shot:%d", i) }

// timeline returns the user's events and one per screenshot, masked, in
// time order; on equal times the user's events come first, in the order
// given (what they wrote one after the other happened so), then the
// screenshots in page order, then by text: the order never depends on how
// the sort runs.
func timeline(o Options, l *labels, shots []Shot, plans []*shotPlan) []timelineRow {
	var rows []timelineRow
	for i, e := range o.Events {
		if e.Time.IsZero() {
			continue
		}
		src := e.Source
		if src == "" {
			src = SourceUser
		}
		rows = append(rows, timelineRow{t: e.Time, text: o.MaskOwn(e.Text), source: src, shot: -1, page: e.Page, order: i})
	}
	for i, s := range shots {
		if s.Captured.IsZero() {
			continue
		}
		rows = append(rows, timelineRow{t: s.Captured, text: fmt.Sprintf(l.shotEvent, i+1, plans[i].name), source: s.CaptureSource, shot: i})
	}
	slices.SortFunc(rows, func(a, b timelineRow) int {
		if c := a.t.Compare(b.t); c != 0 {
			return c
		}
		if c := cmp.Compare(a.shot, b.shot); c != 0 {
			return c // the user's events (-1) first, then page order
		}
		if c := cmp.Compare(a.order, b.order); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	return rows
}

type timelineRow struct {
	t      time.Time
	text   string
	source string
	shot   int // index of the screenshot, or -1
	page   int // the user's page reference
	order  int // the user's events: place in Options.Events
}
