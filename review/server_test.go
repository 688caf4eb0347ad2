package review

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redactpack/bundle"
	"redactpack/ocr"
	"redactpack/pipeline"
	"redactpack/redact"
)

// The stand-in engine reads, on 400×120 pages, an e-mail after its label,
// a TxID (kept) and a seed phrase; nothing elsewhere (the blank page
// engines start on, verification's crops).
func testEngine() (ocr.Engine, error) {
	return ocr.EngineFunc(func(_ context.Context, g *image.Gray) ([]ocr.Word, error) {
		if g.Rect.Dx() != 400 {
			return nil, nil
		}
		w := func(text string, x0, y0, x1 int, line int) ocr.Word {
			return ocr.Word{Text: text, Box: image.Rect(x0, y0, x1, y0+16), Conf: 95, Block: 1, Par: 1, Line: line}
		}
		words := []ocr.Word{
			w("Email:", 10, 10, 60, 1), w("li.wei88@example.com", 66, 10, 236, 1),
			w("TxID", 10, 40, 46, 2), w("0x5f2c7a9e1b3d4c6f8a0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a", 52, 40, 390, 2),
		}
		for i, s := range strings.Fields("abandon ability able about above absent absorb abstract absurd abuse access accident") {
			words = append(words, w(s, 10+i*32, 80, 10+i*32+28, 3))
		}
		return words, nil
	}), nil
}

// testShots writes one screenshot and analyses it.
func testShots(t *testing.T, cfg *pipeline.Config) []*Shot {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 400, 120))
	for i := range img.Pix {
		img.Pix[i] = 0xf4
	}
	for x := 300; x < 380; x++ { // ink a drawn box will cover
		img.SetGray(x, 105, color.Gray{0})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	path := filepath.Join(t.TempDir(), "shot.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	eng, _ := cfg.NewEngine()
	r := redact.NewRedactor(cfg.Policy, eng)
	a, err := pipeline.Analyze(context.Background(), r, path, buf.Bytes(), time.Time{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return []*Shot{{Input: pipeline.Input{Path: path, Rel: "shot.png"}, Name: "shot.png", Analyzed: a}}
}

type testServer struct {
	*httptest.Server
	srv   *Server
	token string
	out   string // where Build writes
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	cfg := &pipeline.Config{Policy: redact.DefaultPolicy(), NewEngine: testEngine, Jobs: 1, Verify: true}
	sess := NewSession(testShots(t, cfg), bundle.Statement{}, "transfer", "")
	ts := &testServer{out: t.TempDir()}
	ts.srv = &Server{Session: sess, Lang: "en"}
	ts.srv.Build = func(ctx context.Context) (Built, error) {
		b := &pipeline.Bundle{Config: cfg, Dir: ts.out, Selection: sess.Selection,
			Options: bundle.Options{Lang: "en", Location: time.UTC, MaskText: func(s string) string { return s }}}
		pdf := filepath.Join(ts.out, "evidence.pdf")
		_, err := b.Write(ctx, []pipeline.Input{sess.shots[0].Input}, pdf)
		return Built{Dir: ts.out, PDF: pdf}, err
	}
	ts.Server = httptest.NewUnstartedServer(nil)
	h, tok := ts.srv.Handler(ts.Listener.Addr().String())
	ts.Config.Handler, ts.token = h, tok
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) get(t *testing.T, path, token string, header http.Header) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path+"?t="+url.QueryEscape(token), nil)
	for k, v := range header {
		req.Header[k] = v
	}
	if h := header.Get("Host"); h != "" {
		req.Host = h
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func (ts *testServer) post(t *testing.T, path, token string, body any) (int, []byte) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", ts.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func (ts *testServer) state(t *testing.T) State {
	t.Helper()
	resp := ts.get(t, "/api/state", ts.token, nil)
	defer resp.Body.Close()
	var st State
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// Every request needs the token, and the server's own Host.
func TestServerRefuses(t *testing.T) {
	ts := newTestServer(t)
	for _, tt := range []struct {
		name   string
		path   string
		token  string
		header http.Header
	}{
		{"no token", "/api/state", "", nil},
		{"wrong token", "/api/state", strings.Repeat("0", 48), nil},
		{"token's prefix", "/api/state", ts.token[:10], nil},
		{"wrong token, image", "/preview/0.png", "x", nil},
		{"wrong token, page", "/", "x", nil},
		{"rebound host", "/api/state", ts.token, http.Header{"Host": {"evil.example:80"}}},
	} {
		resp := ts.get(t, tt.path, tt.token, tt.header)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, resp.StatusCode)
		}
	}
	// A POST must carry the token in its header, not the query.
	if code, _ := ts.post(t, "/api/toggle?t="+ts.token, "", map[string]int{"shot": 0, "finding": 0}); code != http.StatusForbidden {
		t.Errorf("POST with the token in the query: %d, want 403", code)
	}
	resp := ts.get(t, "/api/state", ts.token, nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("with the token: %d", resp.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS allowed")
	}
}

// The state shows masked values only.
func TestStateMasked(t *testing.T) {
	ts := newTestServer(t)
	resp := ts.get(t, "/api/state", ts.token, nil)
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, raw := range []string{"li.wei88@example.com", "abandon ability", "0x5f2c7a9e1b3d4c6f8a0e"} {
		if bytes.Contains(data, []byte(raw)) {
			t.Errorf("state shows %q", raw)
		}
	}
}

func findingOf(t *testing.T, st State, c redact.Category) (int, FindingState) {
	t.Helper()
	for i, f := range st.Shots[0].Findings {
		if f.Category == string(c) {
			return i, f
		}
	}
	t.Fatalf("no %s finding in %+v", c, st.Shots[0].Findings)
	return 0, FindingState{}
}

func previewPixel(t *testing.T, ts *testServer, x, y int) color.Color {
	t.Helper()
	resp := ts.get(t, "/preview/0.png", ts.token, nil)
	defer resp.Body.Close()
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return img.At(x, y)
}

// A toggle changes the next preview; a seed phrase cannot be kept.
func TestToggle(t *testing.T) {
	ts := newTestServer(t)
	i, email := findingOf(t, ts.state(t), redact.Email)
	b := email.Boxes[0]
	x, y := b[0]+b[2]/2, b[1]+b[3]/2
	hidden := previewPixel(t, ts, x, y)
	if code, body := ts.post(t, "/api/toggle", ts.token, map[string]int{"shot": 0, "finding": i}); code != http.StatusOK {
		t.Fatalf("toggle: %d %s", code, body)
	}
	if _, f := findingOf(t, ts.state(t), redact.Email); f.Hidden {
		t.Error("the e-mail is still hidden after a toggle")
	}
	if kept := previewPixel(t, ts, x, y); kept == hidden {
		t.Errorf("the preview did not change where the e-mail is: %v", kept)
	}
	j, seed := findingOf(t, ts.state(t), redact.Seed)
	if !seed.Locked || !seed.Hidden {
		t.Fatalf("seed finding %+v: want hidden and locked", seed)
	}
	if code, _ := ts.post(t, "/api/toggle", ts.token, map[string]int{"shot": 0, "finding": j}); code != http.StatusConflict {
		t.Errorf("keeping a seed: %d, want 409", code)
	}
	if code, _ := ts.post(t, "/api/category", ts.token, map[string]any{"category": "seed", "hide": false}); code != http.StatusConflict {
		t.Errorf("keeping all seeds: %d, want 409", code)
	}
	if _, f := findingOf(t, ts.state(t), redact.Seed); !f.Hidden {
		t.Error("the seed phrase was kept")
	}
}

// A drawn box appears in the built image; the build writes the PDF.
func TestBuildDrawn(t *testing.T) {
	ts := newTestServer(t)
	if code, body := ts.post(t, "/api/draw", ts.token, map[string]any{"shot": 0, "box": [4]int{290, 98, 100, 16}}); code != http.StatusOK {
		t.Fatalf("draw: %d %s", code, body)
	}
	code, body := ts.post(t, "/api/build", ts.token, map[string]any{})
	if code != http.StatusOK {
		t.Fatalf("build: %d %s", code, body)
	}
	var b Built
	json.Unmarshal(body, &b)
	if st, err := os.Stat(b.PDF); err != nil || st.Size() == 0 {
		t.Fatalf("no PDF: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(ts.out, "shot.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(data))
	c := color.GrayModel.Convert(img.At(340, 105)).(color.Gray)
	for x := 292; x < 388; x += 8 {
		if got := color.GrayModel.Convert(img.At(x, 100)).(color.Gray); got != c {
			t.Fatalf("drawn region not filled: %v at %d,100, %v at 340,105", got, x, c)
		}
	}
	if c.Y > 0x40 {
		t.Errorf("drawn region is %v, want the dark fill", c)
	}
	if bytes.Contains(data, []byte("li.wei88")) {
		t.Error("output holds the e-mail as text")
	}
}

// Decisions name what was switched by category and box, and give the
// same selection back; a seed stays hidden whatever the file says.
func TestDecisions(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.srv.Session
	i, _ := findingOf(t, ts.state(t), redact.Email)
	if err := sess.Toggle(0, i); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Draw(0, image.Rect(1, 1, 50, 9)); err != nil {
		t.Fatal(err)
	}
	d := sess.Decisions(func(s string) string { return s })
	path := filepath.Join(t.TempDir(), DecisionsName)
	if err := d.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if bytes.Contains(data, []byte("li.wei88@example.com")) {
		t.Error("review.json holds the e-mail")
	}
	d, err := LoadDecisions(path)
	if err != nil {
		t.Fatal(err)
	}
	// A file edited to keep the seed phrase.
	_, seed := findingOf(t, ts.state(t), redact.Seed)
	d.Shots[0].Findings = append(d.Shots[0].Findings, FindingDecision{Category: "seed", Box: seed.Boxes[0], Hidden: false})
	hide, drawn := d.For("shot.png")
	if len(drawn) != 1 || drawn[0] != image.Rect(1, 1, 50, 9) {
		t.Errorf("drawn %v", drawn)
	}
	for _, f := range sess.shots[0].Findings {
		want := f.Redacted
		if f.Category == redact.Email {
			want = false
		}
		if got := hide(f); got != want {
			t.Errorf("%s hidden %t, want %t", f.Category, got, want)
		}
	}
}

// The server stops by itself when idle, and when its context is
// cancelled (Ctrl-C), with nothing built.
func TestServerStops(t *testing.T) {
	for _, tc := range []struct {
		name   string
		idle   time.Duration
		cancel bool
	}{{"idle", 300 * time.Millisecond, false}, {"interrupted", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := &Server{Session: NewSession(nil, bundle.Statement{}, "", ""), Idle: tc.idle}
			ln, err := srv.Listen()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
				t.Errorf("URL %s is not on the loopback interface", srv.URL())
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			done := make(chan struct{})
			var built *Built
			go func() { built, err = srv.Serve(ctx, ln); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not stop")
			}
			if built != nil || err == nil {
				t.Errorf("Serve = %v, %v; want nothing built and why", built, err)
			}
			if _, err := http.Get(srv.URL()); err == nil {
				t.Error("the server still answers")
			}
		})
	}
}
