# redactpack — build, test and measure.
#
#   make demo      install what is missing, build, redact the sample screenshots
#   make test      install what is missing, go vet, go test (no corpus needed)
#   make eval      redact the dev corpus and the peer screenshots, score both
#   make lint      go mod tidy -diff, go vet, staticcheck, govulncheck
#   make fuzz      run every Fuzz target for FUZZTIME (10s) each
#   make bench     time redact against the tesseract CLI; report in bench-report.txt
#   make build     bin/redactpack, with the version from git
#   make dist      release binaries in dist/: linux-amd64 (links libtesseract.so.5), windows-amd64
#                  and darwin-arm64 (no cgo: run the tesseract program), SHA256SUMS
#   make install   bin/redactpack and the sendmail wrapper into PREFIX/bin, the
#                  desktop entry into PREFIX/share/applications
#                  (PREFIX=/usr/local; DESTDIR for packaging)
#   make clean

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := build

# Go's official tarball installs here; scripts/deps.sh says so if it is not
# on PATH.
export PATH := $(PATH):/usr/local/go/bin
GO ?= go

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
BIN := bin/redactpack
PREFIX ?= /usr/local

# Inputs of make eval, relative to the repository; the scorer runs from its
# own module, so they are made absolute before it sees them.
CORPUS ?= ../shared/corpus/dev
PEER ?= ../shared/peer
SCORER ?= ../shared/eval

FUZZTIME ?= 10s
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0

.PHONY: deps build test eval demo lint fuzz install clean

deps:
	@scripts/deps.sh

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/redactpack

test: deps
	$(GO) vet ./...
	$(GO) test ./...

# eval redacts the dev corpus and the peer material (real screenshots by
# other projects, pooled) with the default policy, scores both, prints
# their per-category tables and fails below the gates in scripts/eval.sh.
eval: deps build
	@BIN='$(BIN)' CORPUS='$(CORPUS)' PEER='$(PEER)' SCORER='$(SCORER)' GO='$(GO)' scripts/eval.sh

demo: deps build
	$(BIN) redact -o demo-out --report demo-out/report.json testdata/samples
	$(BIN) bundle -o demo-out/evidence.pdf --category transfer --ticket 75672942 \
		--statement testdata/demo/statement.md --timeline testdata/demo/timeline.txt --tz UTC \
		testdata/samples
	@echo
	@echo "Originals:        testdata/samples/"
	@echo "Redacted outputs: $(CURDIR)/demo-out/"
	@ls -1 demo-out | sed 's/^/    /'
	@echo "Evidence bundle:  $(CURDIR)/demo-out/evidence.pdf"

# govulncheck needs its database (vuln.go.dev). Found vulnerabilities
# (status 3) fail the target; a database that cannot be reached (offline
# machines) is reported and skipped, not passed off as clean.
lint:
	@echo "$(GO) mod tidy -diff"; $(GO) mod tidy -diff || \
		{ echo "lint: go.mod or go.sum is not tidy: run go mod tidy"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@echo "$(GO) run $(GOVULNCHECK) ./..."; \
	out=$$($(GO) run $(GOVULNCHECK) ./... 2>&1) && status=0 || status=$$?; \
	echo "$$out"; \
	if [ $$status -ne 0 ] && grep -q 'fetching vulnerabilities' <<<"$$out"; then \
		echo "lint: warning: govulncheck skipped: its vulnerability database cannot be reached"; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

# bench prints a report and never fails on the numbers; see scripts/bench.sh
# for what it runs and its knobs (BENCH_ROUNDS, BENCH_IMAGES, ...).
.PHONY: bench
bench: deps build
	@CORPUS='$(CORPUS)' BIN='$(BIN)' GO='$(GO)' scripts/bench.sh

# Every `func FuzzX` in a _test.go file, each for FUZZTIME; a crasher is
# kept under the package's testdata/fuzz/ as a seed.
fuzz:
	@grep -r --include='*_test.go' -o '^func Fuzz[A-Za-z0-9_]*' . | sort | \
	while IFS=: read -r file fn; do \
		name=$${fn#func }; dir=$$(dirname "$$file"); \
		echo "== $$dir $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) "$$dir"; \
	done

# The binary, and the sendmail wrapper beside it (see scripts/redactpack-sendmail).
install: build
	install -Dm755 $(BIN) $(DESTDIR)$(PREFIX)/bin/redactpack
	install -Dm755 scripts/redactpack-sendmail $(DESTDIR)$(PREFIX)/bin/redactpack-sendmail
	install -Dm644 packaging/redactpack.desktop $(DESTDIR)$(PREFIX)/share/applications/redactpack.desktop
	-[ -z "$(DESTDIR)" ] && command -v update-desktop-database >/dev/null && update-desktop-database -q $(PREFIX)/share/applications || true

# Release binaries. The Linux one links libtesseract.so.5 and liblept.so.5
# dynamically (cgo, so it is built on linux/amd64; where it runs, the
# libtesseract5 package or tesseract-ocr must be installed); the Windows and
# macOS ones are cross-compiled without cgo and run the tesseract program
# the user installed (--ocr-engine=exec, their default). -trimpath keeps
# this machine's paths out of them; -s -w drops the symbol table and DWARF
# (a fifth of the size; panics still print file and line).
DIST := dist
DISTBUILD = $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)"
.PHONY: dist
dist:
	rm -rf $(DIST) && mkdir -p $(DIST)
	GOOS=linux GOARCH=amd64 CGO_ENABLED=1 $(DISTBUILD) -o $(DIST)/redactpack-linux-amd64 ./cmd/redactpack
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(DISTBUILD) -o $(DIST)/redactpack-windows-amd64.exe ./cmd/redactpack
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(DISTBUILD) -o $(DIST)/redactpack-darwin-arm64 ./cmd/redactpack
	cd $(DIST) && if command -v sha256sum >/dev/null; then sha256sum redactpack-*; \
		else shasum -a 256 redactpack-*; fi > SHA256SUMS
	@cat $(DIST)/SHA256SUMS

clean:
	rm -rf bin demo-out
