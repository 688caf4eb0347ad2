package review

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"image"
	"image/png"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	xdraw "golang.org/x/image/draw"

	"redactpack/bundle"
	"redactpack/redact"
)

//go:embed static
var static embed.FS

// previewWidth is the widest preview served: the page shows one
// screenshot at a time, and a 2560-pixel screen shot need not travel
// whole to be judged.
const previewWidth = 1280

// TokenHeader carries the token on every request that changes something.
const TokenHeader = "X-Redactpack-Token"

// Built is where a build wrote the bundle.
type Built struct {
	Dir string `json:"dir"` // the output folder
	PDF string `json:"pdf"` // the PDF in it
	// Failed counts the screenshots left out: their output could not
	// be verified or written (each was reported).
	Failed int `json:"failed"`
}

// A Server serves one Session to the browser that holds its token, on
// the loopback interface only.
type Server struct {
	Session *Session
	// Build applies the selection, verifies it and writes the bundle;
	// the server stops once it has succeeded.
	Build func(ctx context.Context) (Built, error)
	// Lang is the page's language: "en" or "zh".
	Lang string
	// Idle stops the server when no request came for this long (0: never).
	Idle time.Duration

	token string
	addr  string // host:port, as the Host header must say
	page  *template.Template

	building sync.Mutex // one build at a time
	mu       sync.Mutex
	last     time.Time
	built    *Built
	done     chan struct{}
	once     sync.Once
}

// Listen binds a random port of 127.0.0.1 and makes the token. The URL to
// open is then srv.URL().
func (srv *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv.init(ln.Addr().String())
	return ln, nil
}

func (srv *Server) init(addr string) {
	b := make([]byte, 24)
	rand.Read(b)
	srv.token = hex.EncodeToString(b)
	srv.addr = addr
	srv.page = template.Must(template.ParseFS(static, "static/index.html"))
	srv.done = make(chan struct{})
	srv.last = time.Now()
}

// URL is the page's address, token and all.
func (srv *Server) URL() string { return "http://" + srv.addr + "/?t=" + srv.token }

// Serve serves on ln until the bundle is built, ctx is cancelled (Ctrl-C)
// or the server has been idle for srv.Idle. It returns what was built,
// or nil when the person left without building.
func (srv *Server) Serve(ctx context.Context, ln net.Listener) (*Built, error) {
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var tick <-chan time.Time
	if srv.Idle > 0 {
		t := time.NewTicker(min(srv.Idle/4, time.Minute))
		defer t.Stop()
		tick = t.C
	}
	var err error
loop:
	for {
		select {
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		case <-srv.done:
			break loop
		case err = <-errc:
			break loop
		case <-tick:
			srv.mu.Lock()
			idle := time.Since(srv.last) > srv.Idle
			srv.mu.Unlock()
			if idle {
				err = fmt.Errorf("no request for %v: stopped", srv.Idle)
				break loop
			}
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.built != nil {
		return srv.built, nil
	}
	return nil, err
}

// Handler is the server's handler for a test's httptest server at addr
// (its host:port).
func (srv *Server) Handler(addr string) (http.Handler, string) {
	srv.init(addr)
	return srv, srv.token
}

// ServeHTTP checks every request, then routes it. The token must come
// with every request (in the query for the page, its script, style and
// images; in TokenHeader for the API), compared in constant time; the
// Host header must name this server (a page elsewhere that rebinds a
// name of its own to 127.0.0.1 sends its own name).
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	if r.Host != srv.addr {
		http.Error(w, "wrong host", http.StatusForbidden)
		return
	}
	tok := r.URL.Query().Get("t")
	if r.Method != http.MethodGet {
		tok = r.Header.Get(TokenHeader)
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(srv.token)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	srv.mu.Lock()
	srv.last = time.Now()
	srv.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		h.Set("Content-Type", "text/html; charset=utf-8")
		srv.page.Execute(w, map[string]string{"Token": srv.token, "Lang": srv.Lang})
	case r.Method == http.MethodGet && (r.URL.Path == "/app.js" || r.URL.Path == "/app.css"):
		srv.asset(w, r.URL.Path)
	case r.Method == http.MethodGet && r.URL.Path == "/api/state":
		writeJSON(w, srv.Session.State(srv.Lang))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/preview/"):
		srv.preview(w, strings.TrimPrefix(r.URL.Path, "/preview/"))
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/"):
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(w, "want application/json", http.StatusUnsupportedMediaType)
			return
		}
		srv.post(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (srv *Server) asset(w http.ResponseWriter, name string) {
	data, err := static.ReadFile("static" + name)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	ct := "text/css; charset=utf-8"
	if strings.HasSuffix(name, ".js") {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(data)
}

// preview serves N.png: screenshot N with the current selection painted,
// downscaled. The original is never served.
func (srv *Server) preview(w http.ResponseWriter, name string) {
	n, err := strconv.Atoi(strings.TrimSuffix(name, ".png"))
	s := srv.Session
	s.mu.Lock()
	sh, serr := s.shot(n)
	var img image.Image
	if err == nil && serr == nil {
		img = sh.Preview(sh.hideFunc(), sh.drawn).Image
	}
	s.mu.Unlock()
	if img == nil {
		http.NotFound(w, nil)
		return
	}
	if b := img.Bounds(); b.Dx() > previewWidth {
		small := image.NewNRGBA(image.Rect(0, 0, previewWidth, max(1, b.Dy()*previewWidth/b.Dx())))
		xdraw.ApproxBiLinear.Scale(small, small.Rect, img, b, xdraw.Src, nil)
		img = small
	}
	w.Header().Set("Content-Type", "image/png")
	(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img)
}

// request is the body of every POST.
type request struct {
	Shot     int       `json:"shot"`
	Finding  int       `json:"finding"`
	Box      [4]int    `json:"box"` // x, y, width, height in the screenshot's pixels
	Category string    `json:"category"`
	Hide     bool      `json:"hide"`
	State    Statement `json:"statement"`
}

func (srv *Server) post(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	s := srv.Session
	var err error
	switch r.URL.Path {
	case "/api/toggle":
		err = s.Toggle(req.Shot, req.Finding)
	case "/api/category":
		c := redact.Category(req.Category)
		if _, perr := redact.ParseCategory(req.Category); perr != nil && c != redact.Deny {
			err = perr
		} else {
			err = s.SetCategory(c, req.Hide)
		}
	case "/api/draw":
		b := req.Box
		_, err = s.Draw(req.Shot, image.Rect(b[0], b[1], b[0]+b[2], b[1]+b[3]))
	case "/api/undraw":
		err = s.Undraw(req.Shot, req.Finding)
	case "/api/statement":
		st := req.State
		switch c := strings.ToLower(strings.TrimSpace(st.Category)); c {
		case "", bundle.CategoryLogin, bundle.CategoryKYC, bundle.CategoryTransfer, bundle.CategoryOther:
		default:
			http.Error(w, "unknown category "+strconv.Quote(c), http.StatusBadRequest)
			return
		}
		s.SetStatement(bundle.Statement{Title: st.Title, Problem: st.Problem, Checked: st.Checked, Suspect: st.Suspect, Ask: st.Ask},
			strings.ToLower(strings.TrimSpace(st.Category)), strings.TrimSpace(st.Ticket))
	case "/api/build":
		srv.build(w, r)
		return
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrLocked) {
			status = http.StatusConflict
		}
		http.Error(w, err.Error(), status)
		return
	}
	writeJSON(w, s.State(srv.Lang))
}

// build builds the bundle once; the server then stops.
func (srv *Server) build(w http.ResponseWriter, r *http.Request) {
	srv.building.Lock()
	defer srv.building.Unlock()
	srv.mu.Lock()
	if srv.built != nil {
		b := *srv.built
		srv.mu.Unlock()
		writeJSON(w, b)
		return
	}
	srv.mu.Unlock()
	b, err := srv.Build(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	srv.mu.Lock()
	srv.built = &b
	srv.mu.Unlock()
	writeJSON(w, b)
	srv.once.Do(func() { close(srv.done) })
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
