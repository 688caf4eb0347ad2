package redact

import (
	"context"
	"fmt"
	"image"
	"math"
	"regexp"
	"strings"
)

// A VerifyError reports that text the policy hides was still readable in an
// output after redaction. The output must not be written.
type VerifyError struct {
	// Regions are the rectangles, in image pixels, where text was read.
	Regions []image.Rectangle
	// Found lists what was read, masked ("email li***@gmail.com").
	Found []string
}

func (e *VerifyError) Error() string {
	var rs []string
	for _, r := range e.Regions {
		rs = append(rs, fmt.Sprintf("%d,%d %d×%d", r.Min.X, r.Min.Y, r.Dx(), r.Dy()))
	}
	return fmt.Sprintf("verification failed: text still readable in region %s (%s)",
		strings.Join(rs, "; "), strings.Join(e.Found, ", "))
}

// verify checks a redacted result in two ways, each harder than the pass
// that made it:
//
//   - Every line of the output that could hide a misread value is read
//     again from the polarity-free flattened form (see flatten), so the
//     second reading fails differently from the first: lines that bear
//     the mark of a value (see suspicious). Lines of words, dates and
//     amounts, and lines already hidden, are not worth the time. Sensitive
//     values found that no box covers yet are hidden too: a second chance,
//     not a failure.
//   - Every hidden region is then checked: a solid fill has nothing left to
//     read; any other look (blur, pixelate) is cut out, contrast-stretched,
//     enlarged three times and read in both polarities, and any word of
//     three letters or digits read there fails the image.
func (r *Redactor) verify(ctx context.Context, res *Result, orig *image.NRGBA, g *image.Gray, scale float64, th int, first []Word) error {
	out := res.Image
	var covered []image.Rectangle
	for _, f := range res.Findings {
		if f.Redacted {
			covered = append(covered, f.Boxes...)
		}
	}
	words, err := r.reread(ctx, out, scale, th, first, covered)
	if err != nil {
		return fmt.Errorf("verify: ocr: %w", err)
	}
	var added []Finding
	for _, f := range r.findings(g, words, covered) {
		// Only values with a strong shape: amounts and addresses read
		// from a second, noisier reading are too often a status-bar
		// clock read as "£9".
		//
		// Values found after a label are left out too (confidence
		// below 0.8): with the value already hidden, the label's
		// nearest "value" is the next field.
		if f.Redacted && strongShape(f.Category) && f.Confidence >= 0.8 {
			f.Verified = true
			added = append(added, f)
		}
	}
	if len(added) > 0 {
		r.obscure(out, orig, added)
		res.Findings = append(res.Findings, added...)
	}
	verr := &VerifyError{}
	for _, f := range res.Findings {
		if !f.Redacted {
			continue
		}
		for _, b := range f.Boxes {
			if uniform(out, b) {
				continue
			}
			read, err := r.readRegion(ctx, out, b)
			if err != nil {
				return fmt.Errorf("verify: ocr: %w", err)
			}
			if read != "" {
				verr.Regions = append(verr.Regions, b)
				verr.Found = append(verr.Found, string(f.Category)+" "+Mask(f.Category, read))
			}
		}
	}
	if len(verr.Regions) > 0 {
		return verr
	}
	return nil
}

func strongShape(c Category) bool {
	switch c {
	case Email, Phone, Wallet, Card, IDNum, Seed, Deny:
		return true
	}
	return false
}

// reread reads again, from the flattened output, the lines of the first
// reading that could hide a misread sensitive value; see verify.
func (r *Redactor) reread(ctx context.Context, out *image.NRGBA, scale float64, th int, first []Word, covered []image.Rectangle) ([]Word, error) {
	bounds := out.Rect
	var regions []image.Rectangle
	for _, s := range buildSegments(first) {
		if mostlyCovered(s.box, covered) || !suspicious(s, covered) {
			continue
		}
		h := s.height()
		regions = append(regions, s.box.Inset(-max(2, h/4)).Intersect(bounds))
	}
	if len(regions) == 0 {
		return nil, nil
	}
	// Each line is cut out with a margin, scaled as for the first
	// reading and flattened on its own: the page may be large and the
	// lines few.
	k := max(9, int(math.Round(float64(th)*scale))*3/4) | 1
	margin := int(math.Ceil(float64(k) / scale))
	pieces := make([]*image.Gray, len(regions))
	arounds := make([]image.Rectangle, len(regions))
	for i, rg := range regions {
		around := rg.Inset(-margin).Intersect(bounds)
		arounds[i] = around
		crop := luma(out.SubImage(around))
		w, h := max(1, int(math.Round(float64(around.Dx())*scale))), max(1, int(math.Round(float64(around.Dy())*scale)))
		pieces[i] = flatten(resizeGray(crop, w, h), k)
	}
	words, which, err := readPieces(ctx, r.engine, pieces, max(4, int(float64(th)*scale)/2))
	if err != nil {
		return nil, err
	}
	for i := range words {
		a := arounds[which[i]]
		b := scaleRect(words[i].Box, 1/scale, image.Rect(0, 0, a.Dx(), a.Dy()))
		words[i].Box = b.Add(a.Min).Intersect(regions[which[i]])
	}
	return words, nil
}

// suspicious reports whether a line could hold a sensitive value the first
// reading got wrong. Verification only adds values of a strong shape (see
// strongShape), and each of those leaves a mark even when misread: an "@"
// or a mail domain (an e-mail), a dialling code or five digits or more (a
// phone, card or ID number), or a long run of letters and digits (a
// wallet). Dates, times, tickets, masked values, transaction hashes and
// what is already hidden do not count: every screen is full of them, and
// each suspicious line costs a second recognition. (Seed words and
// deny-list terms need no second reading: the first finds them wherever it
// read the words.)
func suspicious(s *segment, covered []image.Rectangle) bool {
	var b strings.Builder
	for _, w := range s.words {
		if mostlyCovered(w.Box, covered) {
			continue
		}
		b.WriteString(w.Text)
		b.WriteByte(' ')
	}
	t := b.String()
	for _, re := range []*regexp.Regexp{reProtect, reDateWords, reTicket, reMasked, reHexish} {
		t = re.ReplaceAllString(t, " ")
	}
	if reAtJoined.MatchString(t) || reMailTail.MatchString(t) || reLongToken.MatchString(t) || reDialCode.MatchString(t) {
		return true
	}
	digits := 0
	for _, c := range t {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return digits >= 5
}

var (
	// reHexish matches transaction hashes, whole or shortened with an
	// ellipsis (as OCR reads them), network names such as ERC20, and
	// numbers of up to three digits, which no sensitive value is.
	reHexish = regexp.MustCompile(`(?i)\b(?:[0o@g9]x)?[0-9a-z]{6,}(?:…|\.\.\.?)[0-9a-z]{4,}\b|\b(?:[0o@g9]x)?[0-9a-z]{60,68}\b|\b[A-Z]{2,5}\d{2,3}\b|(?:^|\s)\d{1,3}(?:\s|$)`)
	// reDateWords matches dates with the month in words: 01 Apr 2024,
	// May 18, 2024.
	reDateWords = regexp.MustCompile(`(?i)\b\d{1,2}\s?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s?(?:19|20)\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?\d{1,2},?\s(?:19|20)\d{2}\b`)
	// reAtJoined matches an "@" joined to something: a lone one is an
	// icon more often than not.
	reAtJoined = regexp.MustCompile(`\S[@＠]|[@＠]\S`)
	// reMailTail matches what is left of an e-mail address whose "@"
	// was misread: a name joined to a domain.
	reMailTail = regexp.MustCompile(`(?i)\S\S+\.(?:com|net|org|edu|gov|io|co|cn|uk|de|fr|jp|me|info)\b`)
	// reDialCode matches an international dialling code, "+44", but not
	// a time zone, "UTC+8".
	reDialCode = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])\+\s?\d`)
	// reLongToken matches a run of twenty letters and digits or more.
	reLongToken = regexp.MustCompile(`[0-9A-Za-z]{20,}`)
)

// mostlyCovered reports whether four fifths of r lie under the boxes.
func mostlyCovered(r image.Rectangle, boxes []image.Rectangle) bool {
	area := r.Dx() * r.Dy()
	if area == 0 {
		return true
	}
	in := 0
	for _, b := range boxes {
		x := r.Intersect(b)
		in += x.Dx() * x.Dy()
	}
	return 5*in >= 4*area
}

// uniform reports whether every pixel of r in img has one colour.
func uniform(img *image.NRGBA, r image.Rectangle) bool {
	r = r.Intersect(img.Rect)
	if r.Empty() {
		return true
	}
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):][:4]
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			if row[i] != first[0] || row[i+1] != first[1] || row[i+2] != first[2] || row[i+3] != first[3] {
				return false
			}
		}
	}
	return true
}

// readRegion reads region b of img as hard as is reasonable: stretched to
// full contrast, enlarged three times, in both polarities. It returns the
// words of three or more letters or digits it read, or "".
func (r *Redactor) readRegion(ctx context.Context, img *image.NRGBA, b image.Rectangle) (string, error) {
	b = b.Intersect(img.Rect)
	crop := luma(img.SubImage(b))
	lo, hi := 255, 0
	for _, v := range crop.Pix {
		lo, hi = min(lo, int(v)), max(hi, int(v))
	}
	if hi-lo < 8 {
		return "", nil
	}
	for i, v := range crop.Pix {
		crop.Pix[i] = uint8((int(v) - lo) * 255 / (hi - lo))
	}
	big := resizeGray(crop, crop.Rect.Dx()*3, crop.Rect.Dy()*3)
	var found []string
	for _, img := range []*image.Gray{big, invert(big)} {
		words, err := r.engine.Words(ctx, img)
		if err != nil {
			return "", err
		}
		for _, w := range words {
			n := 0
			for _, c := range w.Text {
				if isAlnum(c) || isWide(c) {
					n++
				}
			}
			if n >= 3 && w.Conf >= 50 {
				found = append(found, w.Text)
			}
		}
	}
	return strings.Join(found, " "), nil
}
