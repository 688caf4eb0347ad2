#!/usr/bin/env bash
# deps.sh installs what redactpack needs on Debian or Ubuntu, and only what
# is missing: it is quick (no apt-get at all) when everything is present, so
# every make target can run it first.
#
#   tesseract-ocr, -eng, -chi-sim   OCR and its English and Simplified Chinese models
#   libtesseract-dev, libleptonica-dev, g++
#                                   to build the cgo binding (gosseract is C++)
#   poppler-utils, qpdf             to read back and check the evidence PDF in tests
#   time                            /usr/bin/time, for make bench's CPU and peak RSS
#   wine64                          to run the Windows build in the tests
#                                   (TestWindowsBuild; 23 packages, 10 s)
#   chromium                        headless browser for the review page's browser test
#
# It uses sudo when not run as root. It also checks that Go 1.26 or later is
# installed; it does not install Go.
set -euo pipefail

packages=(
	tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim
	libtesseract-dev libleptonica-dev g++
	poppler-utils qpdf
	time
	wine64
	chromium
)
min_go=1.26

say() { printf 'deps: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
	command -v apt-get >/dev/null ||
		die "missing ${missing[*]}, and apt-get was not found; install them with your system's package manager"
	sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null ||
			die "missing ${missing[*]}; run as root, or install sudo: apt-get install ${missing[*]}"
		sudo=(sudo)
	fi
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go: on PATH, or where the official tarball puts it.
go=$(command -v go || true)
[[ -n $go || ! -x /usr/local/go/bin/go ]] || go=/usr/local/go/bin/go
[[ -n $go ]] || die "Go is not installed (need $min_go or later): see https://go.dev/doc/install, then put /usr/local/go/bin on PATH"
have=$("$go" env GOVERSION 2>/dev/null || true) # go1.26.8
have=${have#go}
IFS=. read -r maj min _ <<<"$have"
IFS=. read -r wmaj wmin <<<"$min_go"
if [[ -z ${maj:-} || -z ${min:-} ]] || ((maj < wmaj || (maj == wmaj && min < wmin))); then
	die "Go ${have:-unknown} at $go is too old: redactpack needs Go $min_go or later (see https://go.dev/doc/install)"
fi
if [[ $go != "$(command -v go || true)" ]]; then
	say "note: Go found at $go but not on PATH; add $(dirname "$go") to PATH"
fi
