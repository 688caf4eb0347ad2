// Package review is the local page on which a person sees every finding
// of their screenshots before sending them: each screenshot as it will be
// sent, each box with its category and masked value, to keep visible or
// hide again, rectangles to draw over what OCR missed, the statement;
// then the bundle is built from what they approved. A [Session] holds the
// screenshots and the selection; a [Server] serves it on the loopback
// interface to one browser holding its token.
package review

import (
	"errors"
	"fmt"
	"image"
	"slices"
	"sync"

	"redactpack/bundle"
	"redactpack/pipeline"
	"redactpack/redact"
)

// A Shot is one screenshot under review.
type Shot struct {
	Input pipeline.Input
	Name  string // as shown: masked
	*pipeline.Analyzed

	hidden []bool // per finding of Analyzed.Findings
	drawn  []image.Rectangle
}

// A Session is the screenshots under review and what the person decided.
// It is safe for concurrent use.
type Session struct {
	mu        sync.Mutex
	shots     []*Shot
	statement bundle.Statement
	category  string
	ticket    string
	version   int // counts changes, so that previews are not cached stale
}

// NewSession starts a review of shots with the policy's selection, and
// the statement, category and ticket given.
func NewSession(shots []*Shot, st bundle.Statement, category, ticket string) *Session {
	for _, s := range shots {
		s.hidden = make([]bool, len(s.Findings))
		for i, f := range s.Findings {
			s.hidden[i] = f.Redacted
		}
	}
	return &Session{shots: shots, statement: st, category: category, ticket: ticket}
}

// ErrLocked is returned for a finding that cannot be kept visible: a seed
// phrase or a card number gives away the money, whoever asks.
var ErrLocked = errors.New("seed phrases and card numbers are always hidden")

// locked reports whether findings of c are hidden whatever the person says.
func locked(c redact.Category) bool { return c == redact.Seed || c == redact.Card }

func (s *Session) shot(i int) (*Shot, error) {
	if i < 0 || i >= len(s.shots) {
		return nil, fmt.Errorf("no screenshot %d", i)
	}
	return s.shots[i], nil
}

// Toggle switches one finding between hidden and kept.
func (s *Session) Toggle(shot, finding int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, err := s.shot(shot)
	if err != nil {
		return err
	}
	if finding < 0 || finding >= len(sh.Findings) {
		return fmt.Errorf("screenshot %d has no finding %d", shot, finding)
	}
	if locked(sh.Findings[finding].Category) && sh.hidden[finding] {
		return ErrLocked
	}
	sh.hidden[finding] = !sh.hidden[finding]
	s.version++
	return nil
}

// SetCategory hides or keeps every finding of c in every screenshot.
func (s *Session) SetCategory(c redact.Category, hide bool) error {
	if locked(c) && !hide {
		return ErrLocked
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sh := range s.shots {
		for i, f := range sh.Findings {
			if f.Category == c {
				sh.hidden[i] = hide
			}
		}
	}
	s.version++
	return nil
}

// Draw hides r, in the screenshot's pixels, whatever is under it; it
// returns the drawn box's index. A box is clipped to the image and must
// keep at least 2×2 pixels.
func (s *Session) Draw(shot int, r image.Rectangle) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, err := s.shot(shot)
	if err != nil {
		return 0, err
	}
	r = r.Canon().Intersect(image.Rect(0, 0, sh.Width, sh.Height))
	if r.Dx() < 2 || r.Dy() < 2 {
		return 0, errors.New("the box is empty or outside the screenshot")
	}
	sh.drawn = append(sh.drawn, r)
	s.version++
	return len(sh.drawn) - 1, nil
}

// Undraw removes a drawn box.
func (s *Session) Undraw(shot, box int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, err := s.shot(shot)
	if err != nil {
		return err
	}
	if box < 0 || box >= len(sh.drawn) {
		return fmt.Errorf("screenshot %d has no drawn box %d", shot, box)
	}
	sh.drawn = slices.Delete(sh.drawn, box, box+1)
	s.version++
	return nil
}

// SetStatement replaces the statement, category and ticket.
func (s *Session) SetStatement(st bundle.Statement, category, ticket string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statement, s.category, s.ticket = st, category, ticket
	s.version++
}

// Statement returns the statement, category and ticket.
func (s *Session) Statement() (bundle.Statement, string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statement, s.category, s.ticket
}

// Selection is what to paint on the screenshot of in: for
// [pipeline.Bundle.Selection].
func (s *Session) Selection(in pipeline.Input) (*pipeline.Analyzed, func(redact.Finding) bool, []image.Rectangle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sh := range s.shots {
		if sh.Input.Path == in.Path {
			return sh.Analyzed, sh.hideFunc(), slices.Clone(sh.drawn)
		}
	}
	return nil, nil, nil
}

// hideFunc reports whether a finding of sh's analysis is hidden, as the
// person decided; a finding sh does not know (a drawn box, which Finish
// adds) is hidden as it says it is.
func (sh *Shot) hideFunc() func(redact.Finding) bool {
	m := make(map[string]bool, len(sh.Findings))
	for i, f := range sh.Findings {
		m[findingKey(f)] = sh.hidden[i]
	}
	return func(f redact.Finding) bool {
		if h, ok := m[findingKey(f)]; ok {
			return h
		}
		return f.Redacted
	}
}

// findingKey tells the findings of one image apart, in a session as in a
// review.json: two values of one category are never read at the same
// place, so a category and a first box name one.
func findingKey(f redact.Finding) string {
	if len(f.Boxes) == 0 {
		return string(f.Category)
	}
	return decisionKey(string(f.Category), box(f.Boxes[0]))
}

func decisionKey(category string, b [4]int) string { return fmt.Sprint(category, b) }
