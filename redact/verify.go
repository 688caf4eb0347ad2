package redact

import (
	"context"
	"fmt"
	"image"
	"math"
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
//   - The whole output is read again from its polarity-free flattened form
//     (see flatten) at a slightly different scale, so the second reading
//     fails differently from the first. Sensitive values it finds that no
//     box covers yet (text the first pass misread) are hidden too: a
//     second chance, not a failure.
//   - Every hidden region is then checked: a solid fill has nothing left to
//     read; any other look (blur, pixelate) is cut out, contrast-stretched,
//     enlarged three times and read in both polarities, and any word of
//     three letters or digits read there fails the image.
func (r *Redactor) verify(ctx context.Context, res *Result, scale float64) error {
	out := res.Image
	g := luma(out)
	s := scale * 0.8
	vg := g
	if s != 1 {
		vg = resizeGray(g, max(1, int(math.Round(float64(g.Rect.Dx())*s))), max(1, int(math.Round(float64(g.Rect.Dy())*s))))
	}
	th := int(math.Round(float64(textHeight(g)) * s))
	flat := flatten(vg, max(9, th*3/4)|1)
	words, err := r.engine.Words(ctx, flat)
	if err != nil {
		return fmt.Errorf("verify: ocr: %w", err)
	}
	for i := range words {
		words[i].Box = scaleRect(words[i].Box, 1/s, g.Rect)
	}
	var covered []image.Rectangle
	for _, f := range res.Findings {
		if f.Redacted {
			covered = append(covered, f.Boxes...)
		}
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
		r.obscure(out, added)
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
