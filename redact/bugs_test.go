package redact

import (
	"flag"
	"testing"
)

// Tests for known defects stay in the suite, skipped, so that the fix is
// what turns them on: go test -run X -bugs runs them, and they fail until
// the code is fixed.
var runBugs = flag.Bool("bugs", false, "run the test cases of known bugs instead of skipping them")

// knownBug skips the test with a message naming the defect, unless -bugs
// is set.
func knownBug(t testing.TB, msg string) {
	t.Helper()
	if !*runBugs {
		t.Skip("BUG: " + msg)
	}
}
