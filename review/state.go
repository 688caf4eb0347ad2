package review

import (
	"image"

	"redactpack/bundle"
	"redactpack/redact"
)

// State is what the page shows: masked values and boxes only, never a
// value as read.
type State struct {
	Version    int           `json:"version"`
	Shots      []ShotState   `json:"shots"`
	Statement  Statement     `json:"statement"`
	Checklist  []bundle.Item `json:"checklist"`
	Categories []string      `json:"categories"` // those found, in policy order
	Locked     []string      `json:"locked"`     // categories that cannot be kept
}

// Statement is the statement's parts and the ticket's fields, as the page
// edits them.
type Statement struct {
	Title    string `json:"title"`
	Problem  string `json:"problem"`
	Checked  string `json:"checked"`
	Suspect  string `json:"suspect"`
	Ask      string `json:"ask"`
	Category string `json:"category"`
	Ticket   string `json:"ticket"`
}

// ShotState is one screenshot: its size in pixels, which the boxes are in.
type ShotState struct {
	Name     string         `json:"name"`
	Width    int            `json:"width"`
	Height   int            `json:"height"`
	Findings []FindingState `json:"findings"`
	Drawn    [][4]int       `json:"drawn"` // x, y, width, height
}

// FindingState is one finding, masked.
type FindingState struct {
	Category string   `json:"category"`
	Masked   string   `json:"masked"`
	Boxes    [][4]int `json:"boxes"`
	Hidden   bool     `json:"hidden"`
	Locked   bool     `json:"locked"`
}

func box(r image.Rectangle) [4]int { return [4]int{r.Min.X, r.Min.Y, r.Dx(), r.Dy()} }

// State returns what the page shows now, its checklist in lang.
func (s *Session) State(lang string) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Version: s.version, Statement: Statement{Title: s.statement.Title, Problem: s.statement.Problem,
		Checked: s.statement.Checked, Suspect: s.statement.Suspect, Ask: s.statement.Ask,
		Category: s.category, Ticket: s.ticket}, Locked: []string{string(redact.Seed), string(redact.Card)}}
	found := map[redact.Category]bool{}
	var shots []bundle.Shot
	for _, sh := range s.shots {
		ss := ShotState{Name: sh.Name, Width: sh.Width, Height: sh.Height, Findings: []FindingState{}, Drawn: [][4]int{}}
		for i, f := range sh.Findings {
			fs := FindingState{Category: string(f.Category), Masked: f.Masked, Hidden: sh.hidden[i], Locked: locked(f.Category)}
			for _, b := range f.Boxes {
				fs.Boxes = append(fs.Boxes, box(b))
			}
			ss.Findings = append(ss.Findings, fs)
			found[f.Category] = true
		}
		for _, d := range sh.drawn {
			ss.Drawn = append(ss.Drawn, box(d))
		}
		st.Shots = append(st.Shots, ss)
		shots = append(shots, sh.Shot(sh.Name, sh.hideFunc(), sh.drawn))
	}
	for _, c := range append(redact.Categories(), redact.Deny) {
		if found[c] {
			st.Categories = append(st.Categories, string(c))
		}
	}
	st.Checklist = bundle.ChecklistIn(lang, s.category, s.statement, nil, shots)
	return st
}
