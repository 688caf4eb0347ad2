package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestMakeTargets reads what make dist and make lint would run: release
// binaries are stripped, and lint fails on a go.mod that go mod tidy would
// change.
func TestMakeTargets(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	dryRun := func(target string) string {
		cmd := exec.Command("make", "-n", target)
		cmd.Dir = repoRoot()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make -n %s: %v\n%s", target, err, out)
		}
		return string(out)
	}
	builds := 0
	for line := range strings.Lines(dryRun("dist")) {
		if strings.Contains(line, " build ") {
			builds++
			if !strings.Contains(line, `-ldflags "-s -w `) {
				t.Errorf("make dist builds without -s -w: %s", line)
			}
		}
	}
	if builds != 3 {
		t.Errorf("make dist runs %d builds, want 3 (linux, windows, darwin)", builds)
	}
	if lint := dryRun("lint"); !strings.Contains(lint, "mod tidy -diff") {
		t.Errorf("make lint does not check go mod tidy:\n%s", lint)
	}
}

// TestGoModTidy fails when go.mod or go.sum is not what go mod tidy
// writes: every module that the code imports listed as direct, nothing
// missing, nothing extra.
func TestGoModTidy(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gobin, "mod", "tidy", "-diff")
	cmd.Dir = repoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy -diff: %v\n%s", err, out)
	}
}
