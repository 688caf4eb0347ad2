// Package pipeline is redactpack's per-image work, shared by its front
// ends (the command line, a review page, a worker that redacts every
// attachment a desk receives): [Process] turns one image's bytes into its
// redacted bytes and findings, [Run] does it for a batch with one OCR
// engine per worker, [Pool] lends engines to callers that come at once
// (a mail filter), a [Manifest] makes runs into one folder incremental and
// resumable, and [NewShot] turns an output into a page of the evidence
// bundle.
//
// The order of the work is: decode ([redact.Decode]), OCR and detection
// ([redact.Redactor.Analyze]), the policy's selection painted
// ([redact.Analysis.Apply]), the output read again
// ([redact.Redactor.Verify]), encode ([redact.Encode]).
package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"redactpack/ocr"
	"redactpack/redact"
)

// A Config is how images are processed. Policy, OCR, MaxPixels and Verify
// decide an output: [Config.Key] identifies them. The other fields say how
// the work runs.
type Config struct {
	// Policy is what is hidden and how. Every worker's redactor takes a
	// copy (see [redact.NewRedactor]).
	Policy *redact.Policy
	// NewEngine makes one OCR engine per worker. An engine that is not
	// a [ocr.BlockReader] is asked for pages only.
	NewEngine func() (ocr.Engine, error)
	// OCR names the OCR settings the engines use ("api eng+chi_sim"),
	// for Key: another engine or language list gives other outputs.
	OCR string
	// MaxPixels refuses larger images (0: [redact.DefaultMaxPixels]).
	MaxPixels int64
	// Verify reads every output again with a second OCR pass (see
	// [redact.Redactor.Verify]); without it outputs are unchecked.
	Verify bool
	// Location is the zone capture times without one of their own are
	// read in; nil means time.Local.
	Location *time.Location

	// Jobs is how many images are processed at once, one engine each
	// (at least 1).
	Jobs int
	// Progress, when set, is called by Run after each image, with how
	// many are done out of how many.
	Progress func(done, total int)
	// Abandon, when it closes, makes Run return at once with what is
	// finished, without waiting for the images in progress (something may
	// hang): a user's second Ctrl-C.
	Abandon <-chan struct{}
}

// Key identifies what, besides the input, decides an output: the
// canonical form of the policy ([redact.Policy.Format]), the OCR
// settings, the size limit and whether outputs are verified (an
// unverified output is not current for a run that verifies).
func (c *Config) Key() string {
	h := sha256.New()
	h.Write(c.Policy.Format())
	fmt.Fprintf(h, "\x00ocr=%s\x00maxpixels=%d\x00verify=%t", c.OCR, c.maxPixels(), c.Verify)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func (c *Config) maxPixels() int64 {
	if c.MaxPixels == 0 {
		return redact.DefaultMaxPixels
	}
	return c.MaxPixels
}

func (c *Config) location() *time.Location {
	if c.Location == nil {
		return time.Local
	}
	return c.Location
}

// newRedactor is a worker's redactor over engine e.
func (c *Config) newRedactor(e ocr.Engine) *redact.Redactor {
	r := redact.NewRedactor(c.Policy, e)
	r.SkipVerify = !c.Verify
	return r
}
