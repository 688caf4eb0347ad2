package bundle

import (
	"slices"
	"testing"

	"redactpack/redact"
)

// The value categories the labels know are redact's, in its order, and
// every one has a label in every language.
func TestLabelsCategories(t *testing.T) {
	var want []string
	for _, c := range append(redact.Categories(), redact.Deny) {
		want = append(want, string(c))
	}
	if !slices.Equal(catOrder, want) {
		t.Errorf("catOrder = %q\nwant       %q", catOrder, want)
	}
	for lang, l := range labelSets {
		for _, c := range want {
			if l.cats[c] == "" {
				t.Errorf("%s: no label for category %q", lang, c)
			}
		}
		if len(l.cats) != len(want) {
			t.Errorf("%s: %d category labels, want %d", lang, len(l.cats), len(want))
		}
	}
}
