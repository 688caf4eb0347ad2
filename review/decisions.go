package review

import (
	"encoding/json"
	"fmt"
	"image"
	"os"

	"redactpack/bundle"
	"redactpack/internal/atomicfile"
	"redactpack/redact"
)

// DecisionsName is the file beside the outputs of a review that records
// what the person decided, so that "bundle --decisions" builds the same
// bundle again without the browser.
const DecisionsName = "review.json"

// Decisions are what a person changed in a review: findings switched from
// what the policy said, boxes drawn, the statement. They name findings by
// category and box, never by value: the file holds masked values only.
type Decisions struct {
	Version   int             `json:"version"`
	Shots     []ShotDecisions `json:"shots"`
	Statement Statement       `json:"statement"` // secrets masked (see pipeline.OwnTextMasker)
}

// ShotDecisions are the decisions of one screenshot, known by its name as
// shown (masked).
type ShotDecisions struct {
	Name     string            `json:"name"`
	Findings []FindingDecision `json:"findings,omitempty"` // those switched
	Drawn    [][4]int          `json:"drawn,omitempty"`
}

// A FindingDecision is one finding the person switched.
type FindingDecision struct {
	Category string `json:"category"`
	Masked   string `json:"masked"`
	Box      [4]int `json:"box"` // its first box
	Hidden   bool   `json:"hidden"`
}

const decisionsVersion = 1

// Decisions returns what the person decided, with the statement passed
// through maskOwn.
func (s *Session) Decisions(maskOwn func(string) string) Decisions {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.statement
	d := Decisions{Version: decisionsVersion, Statement: Statement{Title: maskOwn(st.Title), Problem: maskOwn(st.Problem),
		Checked: maskOwn(st.Checked), Suspect: maskOwn(st.Suspect), Ask: maskOwn(st.Ask), Category: s.category, Ticket: s.ticket}}
	for _, sh := range s.shots {
		sd := ShotDecisions{Name: sh.Name}
		for i, f := range sh.Findings {
			if sh.hidden[i] != f.Redacted && len(f.Boxes) > 0 {
				sd.Findings = append(sd.Findings, FindingDecision{Category: string(f.Category), Masked: f.Masked, Box: box(f.Boxes[0]), Hidden: sh.hidden[i]})
			}
		}
		for _, r := range sh.drawn {
			sd.Drawn = append(sd.Drawn, box(r))
		}
		d.Shots = append(d.Shots, sd)
	}
	return d
}

// Save writes d to path, atomically, readable by the owner.
func (d Decisions) Save(path string) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, 0o600, append(data, '\n'))
}

// LoadDecisions reads a review.json.
func LoadDecisions(path string) (Decisions, error) {
	var d Decisions
	data, err := os.ReadFile(path)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("not a review.json: %v", err)
	}
	if d.Version != decisionsVersion {
		return d, fmt.Errorf("review.json version %d; this redactpack reads version %d", d.Version, decisionsVersion)
	}
	return d, nil
}

// StatementParts returns the statement, category and ticket decided.
func (d Decisions) StatementParts() (bundle.Statement, string, string) {
	st := d.Statement
	return bundle.Statement{Title: st.Title, Problem: st.Problem, Checked: st.Checked, Suspect: st.Suspect, Ask: st.Ask}, st.Category, st.Ticket
}

// For returns the selection decided for the screenshot named name, over
// the findings of its analysis (see pipeline.Bundle.Decide): a finding
// switched is known by its category and first box. Seed phrases and
// card numbers stay hidden whatever the file says.
func (d Decisions) For(name string) (hide func(redact.Finding) bool, drawn []image.Rectangle) {
	var sd *ShotDecisions
	for i := range d.Shots {
		if d.Shots[i].Name == name {
			sd = &d.Shots[i]
		}
	}
	if sd == nil {
		return nil, nil
	}
	switched := make(map[string]bool)
	for _, f := range sd.Findings {
		switched[decisionKey(f.Category, f.Box)] = f.Hidden
	}
	for _, b := range sd.Drawn {
		drawn = append(drawn, image.Rect(b[0], b[1], b[0]+b[2], b[1]+b[3]))
	}
	return func(f redact.Finding) bool {
		if h, ok := switched[findingKey(f)]; ok && len(f.Boxes) > 0 && !locked(f.Category) {
			return h
		}
		return f.Redacted || locked(f.Category)
	}, drawn
}
