package redact

import (
	"flag"
	"testing"
)

// Tests for known defects stay in the suite, skipped, so that fixing the
// code is what turns them on: go test -run X -bugs runs them, and they fail
// until the code is fixed.
var runBugs = flag.Bool("bugs", false, "run the test cases of known bugs instead of skipping them")

// knownBug skips a test case that would fail because of the defect msg
// names, unless -bugs is set; the test goes on to assert what is right.
func knownBug(t testing.TB, msg string) {
	t.Helper()
	if !*runBugs {
		t.Skip("BUG: " + msg)
	}
}

// sawBug reports a known defect that the test has just observed: a skip
// naming it, or with -bugs a failure.
func sawBug(t testing.TB, msg string) {
	t.Helper()
	if !*runBugs {
		t.Skip("BUG: " + msg)
	}
	t.Fatal("BUG: " + msg)
}
