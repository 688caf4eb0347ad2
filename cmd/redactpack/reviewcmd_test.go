package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"redactpack/internal/testimage"
	"redactpack/review"
)

// syncBuffer is a bytes.Buffer a test reads while a command writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestReviewCommand runs redactpack review with the stand-in engine,
// keeps the phone through the API as the page would, builds, and checks
// what was written: the images, the PDF, report.json and review.json; the
// e-mail is hidden in the output (check finds nothing), the phone kept;
// bundle --decisions review.json keeps the phone again.
func TestReviewCommand(t *testing.T) {
	dir := t.TempDir()
	shots := filepath.Join(dir, "shots")
	os.Mkdir(shots, 0o700)
	shot, err := testimage.Render(layouts["contact"](testimage.Light))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	png.Encode(&buf, shot.Image)
	os.WriteFile(filepath.Join(shots, "contact.png"), buf.Bytes(), 0o600)

	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- runFake(context.Background(), []string{"review", "--no-open", "-q", "--ticket", "SR-7", shots}, nil, stdout, stderr, truthOCR)
	}()
	urlRE := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/\?t=([0-9a-f]+)`)
	var m []string
	for deadline := time.Now().Add(20 * time.Second); m == nil; time.Sleep(50 * time.Millisecond) {
		if m = urlRE.FindStringSubmatch(stderr.String()); m == nil && time.Now().After(deadline) {
			t.Fatalf("no address printed:\n%s", stderr)
		}
	}
	base, token := "http://"+m[1], m[2]
	post := func(path string, body any) []byte {
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(review.TokenHeader, token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, out)
		}
		return out
	}
	var st review.State
	json.Unmarshal(post("/api/statement", map[string]any{"statement": review.Statement{Problem: "My withdrawal is pending", Ticket: "SR-7"}}), &st)
	phone := -1
	for i, f := range st.Shots[0].Findings {
		if f.Category == "phone" {
			phone = i
		}
	}
	if phone < 0 {
		t.Fatalf("no phone among %+v", st.Shots[0].Findings)
	}
	post("/api/toggle", map[string]int{"shot": 0, "finding": phone})
	var built review.Built
	json.Unmarshal(post("/api/build", map[string]any{}), &built)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("review: %v\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop after the build")
	}
	outDir := strings.TrimSpace(stdout.String())
	if !filepath.IsAbs(outDir) {
		wd, _ := os.Getwd()
		outDir = filepath.Join(wd, outDir)
	}
	t.Cleanup(func() { os.RemoveAll(outDir) })
	for _, name := range []string{"contact.png", "evidence.pdf", "report.json", review.DecisionsName} {
		if _, err := os.Stat(filepath.Join(outDir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	out := filepath.Join(outDir, "contact.png")
	var ckOut, ckErr bytes.Buffer
	err = runFake(context.Background(), []string{"check", "--keep", "phone", out}, nil, &ckOut, &ckErr, truthOCR)
	if err != nil {
		t.Errorf("check of the built image (phone kept): %v\n%s", err, ckErr.String())
	}
	err = runFake(context.Background(), []string{"check", out}, nil, &ckOut, &ckErr, truthOCR)
	if err == nil || !strings.Contains(ckErr.String(), "phone") {
		t.Errorf("the kept phone is not readable in the output: %v\n%s", err, ckErr.String())
	}
	actions := func(report string) map[string]string {
		var rep struct {
			Images []struct {
				Findings []struct{ Category, Action string }
			}
		}
		data, _ := os.ReadFile(report)
		json.Unmarshal(data, &rep)
		a := map[string]string{}
		for _, f := range rep.Images[0].Findings {
			a[f.Category] = f.Action
		}
		return a
	}
	if a := actions(filepath.Join(outDir, "report.json")); a["phone"] != "keep" || a["email"] != "redact" {
		t.Errorf("report says %v; want the phone kept and the e-mail hidden", a)
	}
	again := filepath.Join(dir, "again.json")
	var bErr bytes.Buffer
	args := []string{"bundle", "-q", "--decisions", filepath.Join(outDir, review.DecisionsName), "--report", again, "-o", filepath.Join(dir, "again.pdf"), shots}
	if err := runFake(context.Background(), args, nil, &ckOut, &bErr, truthOCR); err != nil {
		t.Fatalf("bundle --decisions: %v\n%s", err, bErr.String())
	}
	if a := actions(again); a["phone"] != "keep" || a["email"] != "redact" {
		t.Errorf("bundle --decisions: report says %v; want the phone kept and the e-mail hidden", a)
	}
}
