package pipeline

import (
	"testing"

	"redactpack/redact"
)

// OwnTextNote can name every category but the two it masks.
func TestOwnTextNouns(t *testing.T) {
	for _, c := range append(redact.Categories(), redact.Deny) {
		_, ok := ownTextNouns[string(c)]
		if masked := c == redact.Seed || c == redact.Card; ok == masked {
			t.Errorf("category %s: noun %v", c, ok)
		}
	}
}
