#!/usr/bin/env bash
# bench.sh measures redactpack against the Tesseract CLI (issue 6) and
# writes a report to standard output and to bench-report.txt. It is not a
# timed test: it never fails on the numbers, only when it cannot measure
# (no binary, no tesseract, no corpus). Progress goes to standard error.
#
#   make bench                          build, then run this
#   BENCH_ROUNDS=1 make bench           one round: about half the time
#
# What it runs, on the corpus repeated to BENCH_IMAGES images:
#   (a)  redactpack redact -q -o TMP IN            default settings, -j = CPUs
#   (a') the same with --no-verify                 if redact --help lists it
#   (b)  OMP_THREAD_LIMIT=1 tesseract IMG - --psm 3 -l LANGS tsv, one process
#        per image, xargs -P CPUs                  Tesseract's batch advice
# alternating, BENCH_ROUNDS times (the first variant rotates each round so
# none always runs first); then redact -j 1 and -j 2 on the corpus once,
# bundle over the whole batch, bundle of BENCH_PHONE phone screenshots
# (*_m2, *_m3), drop mode on BENCH_DROP screenshots against their bare OCR,
# redact over BENCH_BIG images for peak memory, and the Go
# micro-benchmarks of redact/ and bundle/.
# Wall, CPU and peak RSS come from /usr/bin/time (Debian package "time");
# the peak RSS of a process tree is that of its largest process.
#
# Environment (all optional):
#   CORPUS        images to repeat (default ../shared/corpus/dev)
#   BENCH_ROUNDS  rounds of (a)/(a')/(b) (default 3)
#   BENCH_IMAGES  batch size to reach by repeating the corpus (default 200)
#   BENCH_PHONE   screenshots in the phone bundle (default 50)
#   BENCH_BIG     images in the batch measured for peak memory (default 500;
#                 0 skips it)
#   BENCH_DROP    screenshots dropped on redactpack, timed against their bare
#                 OCR (default 10; 0 skips it)
#   BENCH_LANG    OCR languages of the baseline (default eng+chi_sim, as redact)
#   BENCH_REPORT  report file (default bench-report.txt)
#   BIN, GO       the binary (default bin/redactpack) and the go command
set -euo pipefail

corpus=${CORPUS:-../shared/corpus/dev}
rounds=${BENCH_ROUNDS:-3}
want=${BENCH_IMAGES:-200}
phone=${BENCH_PHONE:-50}
drop=${BENCH_DROP:-10}
big=${BENCH_BIG:-500}
langs=${BENCH_LANG:-eng+chi_sim}
report_file=${BENCH_REPORT:-bench-report.txt}
bin=${BIN:-bin/redactpack}
go=${GO:-go}
cpus=$(nproc)

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

for v in rounds want phone; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not \"${!v}\""
done
for v in big drop; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not \"${!v}\""
done
[[ -x $bin ]] || die "$bin not found: run make build (or make bench)"
command -v tesseract >/dev/null || die "tesseract not found: run scripts/deps.sh"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: run scripts/deps.sh (Debian package \"time\")"
command -v setsid >/dev/null || die "setsid not found (util-linux)"
have_langs=$(tesseract --list-langs 2>/dev/null | tail -n +2)
for l in ${langs//+/ }; do
	grep -qx "$l" <<<"$have_langs" || die "Tesseract has no \"$l\" model: run scripts/deps.sh"
done
[[ -d $corpus ]] || die "corpus $corpus not found: set CORPUS"
mapfile -t images < <(find "$corpus" -maxdepth 1 -type f \
	\( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | LC_ALL=C sort)
((${#images[@]})) || die "no PNG or JPEG images in $corpus"

# The temporary folder holds inputs, outputs and logs; the process group of
# the command being timed is stopped with it on an interrupt.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/redactpack-bench.XXXXXX")
child=
cleanup() {
	[[ -z $child ]] || kill -TERM -- "-$child" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

report=$tmp/report
out() { printf '%s\n' "$*" | tee -a "$report"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }

# link SRC DST hard-links, or copies across file systems.
link() { ln "$1" "$2" 2>/dev/null || cp "$1" "$2"; }

# timed NAME CMD... runs CMD in its own session (so an interrupt stops all of
# it), stdout discarded, stderr in $tmp/NAME.log, and appends to $tmp/runs
# "NAME wall user sys maxrss_kb status load1_at_start". It never fails.
timed() {
	local name=$1 st=0 load wall user sys rss
	shift
	load=$(load1)
	say "$name: $*"
	setsid /usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" >/dev/null 2>"$tmp/$name.log" &
	child=$!
	wait "$child" || st=$?
	child=
	read -r wall user sys rss < <(tail -n 1 "$tmp/$name.time" 2>/dev/null) || true
	printf '%s %s %s %s %s %s %s\n' "$name" "$wall" "$user" "$sys" "$rss" "$st" "$load" >>"$tmp/runs"
	say "$name: ${wall}s wall, status $st"
}

# field NAME COL prints column COL (2 wall, 3 user, 4 sys, 5 rss, 6 status,
# 7 load) of run NAME.
field() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$tmp/runs"; }
cpu() { awk -v n="$1" '$1 == n { printf "%.1f", $3 + $4 }' "$tmp/runs"; }

# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
count() { find "$1" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) 2>/dev/null | wc -l; }
# messages NAME copies the first redactpack messages of run NAME to the report.
messages() { grep '^redactpack: ' "$tmp/$1.log" | sed 's/^/    | /' | head -n 6 | tee -a "$report" || true; }

# Inputs: the corpus repeated to at least $want images with distinct names
# (r1_NAME, r2_NAME, ...), the corpus once, and $phone phone screenshots.
reps=$(((want + ${#images[@]} - 1) / ${#images[@]}))
mkdir -p "$tmp/in" "$tmp/once" "$tmp/phone"
for ((r = 1; r <= reps; r++)); do
	for f in "${images[@]}"; do link "$f" "$tmp/in/r${r}_${f##*/}"; done
done
for f in "${images[@]}"; do link "$f" "$tmp/once/${f##*/}"; done
mapfile -t phones < <(printf '%s\n' "${images[@]}" | grep -E '_m[23]\.[A-Za-z]+$' || true)
for ((i = 0; ${#phones[@]} && i < phone; i++)); do
	f=${phones[i % ${#phones[@]}]}
	link "$f" "$tmp/phone/p$((i / ${#phones[@]} + 1))_${f##*/}"
done
n=$(count "$tmp/in")
npng=$(find "$tmp/in" -type f -iname '*.png' | wc -l)
find "$tmp/in" -type f -print0 | LC_ALL=C sort -z >"$tmp/list"

variants=(redact)
if "$bin" redact --help 2>&1 | grep -q -- '--no-verify'; then
	variants+=(redact-noverify)
fi
variants+=(tesseract)

started=$(date +%s)
out "redactpack benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
out "version:  $("$bin" version 2>/dev/null | head -n 1) (git $(git describe --tags --always --dirty 2>/dev/null || echo unknown))"
out "machine:  $cpus CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -m | awk '/^Mem:/ { print $2 " MB" }') RAM"
out "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start; other work on the machine skews every figure"
out "inputs:   $n images ($corpus × $reps: $npng PNG, $((n - npng)) JPEG); $rounds round(s), alternating"
out "--no-verify: $( ((${#variants[@]} == 3)) && echo "accepted, measured as (a')" || echo "not accepted by this binary, (a') skipped")"
out

# (a), (a') and (b), alternating.
for ((r = 1; r <= rounds; r++)); do
	for ((k = 0; k < ${#variants[@]}; k++)); do
		v=${variants[(k + r - 1) % ${#variants[@]}]}
		case $v in
		redact) timed "$v.$r" "$bin" redact -q -o "$tmp/out.$v.$r" "$tmp/in" ;;
		redact-noverify) timed "$v.$r" "$bin" redact -q --no-verify -o "$tmp/out.$v.$r" "$tmp/in" ;;
		tesseract)
			timed "$v.$r" env OMP_THREAD_LIMIT=1 xargs -0 -a "$tmp/list" -P "$cpus" -I{} \
				tesseract {} - --psm 3 -l "$langs" tsv ;;
		esac
		if [[ $v == redact* ]]; then
			echo "$v.$r $(count "$tmp/out.$v.$r")" >>"$tmp/outputs"
			rm -rf "$tmp/out.$v.$r"
		fi
	done
done

declare -A label=([redact]="(a)  redact" [redact-noverify]="(a') redact --no-verify" [tesseract]="(b)  tesseract CLI")
declare -A wall_med cpu_med
out "== redact vs the Tesseract CLI: $n images, -j $cpus / xargs -P $cpus, $rounds round(s)"
out "$(printf '%-26s %9s %7s %12s %10s %10s  %s' '' 'wall(med)' 'img/s' 'CPU u+s(med)' 'CPU/img' 'peak RSS' 'runs: wall s [load] status')"
for v in "${variants[@]}"; do
	walls=() cpus_=() rss=() runs=""
	for ((r = 1; r <= rounds; r++)); do
		walls+=("$(field "$v.$r" 2)")
		cpus_+=("$(cpu "$v.$r")")
		rss+=("$(field "$v.$r" 5)")
		runs+="$(field "$v.$r" 2) [$(field "$v.$r" 7)] $(field "$v.$r" 6); "
	done
	wall_med[$v]=$(median "${walls[@]}")
	cpu_med[$v]=$(median "${cpus_[@]}")
	peak=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)
	out "$(printf '%-26s %8ss %7.2f %11ss %9.2fs %10s  %s' "${label[$v]}" "${wall_med[$v]}" \
		"$(awk -v n="$n" -v w="${wall_med[$v]}" 'BEGIN { print n / w }')" "${cpu_med[$v]}" \
		"$(awk -v n="$n" -v c="${cpu_med[$v]}" 'BEGIN { print c / n }')" "$(mb "$peak")" "${runs%; }")"
done
out "ratio a/b:   wall $(ratio "${wall_med[redact]}" "${wall_med[tesseract]}"), CPU $(ratio "${cpu_med[redact]}" "${cpu_med[tesseract]}")"
if [[ -n ${wall_med[redact-noverify]:-} ]]; then
	out "ratio a'/b:  wall $(ratio "${wall_med[redact-noverify]}" "${wall_med[tesseract]}"), CPU $(ratio "${cpu_med[redact-noverify]}" "${cpu_med[tesseract]}")"
fi
out "outputs written per redact run: $(awk '{ printf "%s%s=%s", sep, $1, $2; sep = " " }' "$tmp/outputs") (of $n)"
out "peak RSS of (b) is that of its largest tesseract process; of (a), the whole redactpack process"
out

# Workers: the corpus once, -j 1 then -j 2.
for j in 1 2; do
	timed "jobs$j" "$bin" redact -q -j "$j" -o "$tmp/out.jobs$j" "$tmp/once"
	echo "jobs$j $(count "$tmp/out.jobs$j")" >>"$tmp/outputs"
	rm -rf "$tmp/out.jobs$j"
done
out "== workers: redact on the corpus once (${#images[@]} images), one run each"
for j in 1 2; do
	out "$(printf -- '-j %s   %7.1fs wall  %5.3f img/s  CPU u+s %6.1fs  peak RSS %7s  [load %s] status %s' "$j" \
		"$(field "jobs$j" 2)" "$(awk -v n="${#images[@]}" -v w="$(field "jobs$j" 2)" 'BEGIN { print n / w }')" \
		"$(cpu "jobs$j")" "$(mb "$(field "jobs$j" 5)")" "$(field "jobs$j" 7)" "$(field "jobs$j" 6)")"
done
out "speed-up -j 2 / -j 1: $(ratio "$(field jobs1 2)" "$(field jobs2 2)")×; RSS added by the second worker: $(mb $(($(field jobs2 5) - $(field jobs1 5))))"
out

# Bundles.
timed bundle "$bin" bundle -o "$tmp/x.pdf" "$tmp/in"
bsize=$(stat -c %s "$tmp/x.pdf" 2>/dev/null || echo 0)
nphone=$(count "$tmp/phone")
if ((nphone)); then
	timed bundle-phone "$bin" bundle -o "$tmp/phone.pdf" "$tmp/phone"
	psize=$(stat -c %s "$tmp/phone.pdf" 2>/dev/null || echo 0)
fi
out "== bundle (redacts again, then builds the PDF)"
# more B A prints how much more B is than A, in percent.
more() { awk -v b="$1" -v a="$2" 'BEGIN { printf "%+.0f%%", (b / a - 1) * 100 }'; }
out "$(printf '%-26s %7.1fs wall (%s vs median (a)), CPU u+s %.1fs (%s)  PDF %s  peak RSS %s  [load %s] status %s' \
	"$n images" "$(field bundle 2)" "$(more "$(field bundle 2)" "${wall_med[redact]}")" \
	"$(cpu bundle)" "$(more "$(cpu bundle)" "${cpu_med[redact]}")" \
	"$(awk -v s="$bsize" 'BEGIN { printf "%.1f MB", s / 1048576 }')" "$(mb "$(field bundle 5)")" \
	"$(field bundle 7)" "$(field bundle 6)")"
messages bundle
if ((nphone)); then
	out "$(printf '%-26s %7.1fs wall, CPU u+s %.1fs  PDF %s (<= 20 MB: %s)  peak RSS %s  [load %s] status %s' \
		"$nphone phone screenshots" "$(field bundle-phone 2)" "$(cpu bundle-phone)" \
		"$(awk -v s="$psize" 'BEGIN { printf "%.1f MB", s / 1048576 }')" \
		"$( ((psize > 0 && psize <= 20 * 1024 * 1024)) && echo yes || echo NO)" \
		"$(mb "$(field bundle-phone 5)")" "$(field bundle-phone 7)" "$(field bundle-phone 6)")"
	out "    (${#phones[@]} distinct *_m2/*_m3 images, repeated)"
	messages bundle-phone
else
	out "phone bundle: skipped, no *_m2/*_m3 images in $corpus"
fi
out

# A drop of $drop screenshots (every k-th of the corpus, so the sizes mix):
# drop mode (redact, verify, bundle into a PDF) against the bare OCR of the
# same files by the Tesseract CLI, alternating, $rounds round(s).
if ((drop)); then
	mkdir -p "$tmp/drop"
	step=$(((${#images[@]} + drop - 1) / drop))
	for ((i = 0; i < ${#images[@]}; i += step)); do link "${images[i]}" "$tmp/drop/${images[i]##*/}"; done
	ndrop=$(count "$tmp/drop")
	find "$tmp/drop" -type f -print0 | LC_ALL=C sort -z >"$tmp/droplist"
	dwalls=() dcpus=() twalls=() tcpus=()
	for ((r = 1; r <= rounds; r++)); do
		order=(drop dropocr)
		((r % 2)) || order=(dropocr drop)
		for v in "${order[@]}"; do
			if [[ $v == drop ]]; then
				rm -rf "$tmp"/drop/evidence-*
				# The files, as a file manager passes them; the
				# evidence folder is made beside the first.
				timed "drop.$r" xargs -0 -a "$tmp/droplist" "$bin" --no-open
				dwalls+=("$(field "drop.$r" 2)") dcpus+=("$(cpu "drop.$r")")
			else
				timed "dropocr.$r" env OMP_THREAD_LIMIT=1 xargs -0 -a "$tmp/droplist" -P "$cpus" -I{} \
					tesseract {} - --psm 3 -l "$langs" tsv
				twalls+=("$(field "dropocr.$r" 2)") tcpus+=("$(cpu "dropocr.$r")")
			fi
		done
	done
	dpdf=$(find "$tmp/drop" -name evidence.pdf | head -n 1)
	out "== drop: $ndrop screenshots dropped on redactpack (redact, verify, PDF) vs their bare OCR (tesseract CLI, xargs -P $cpus), $rounds round(s)"
	out "$(printf 'drop     %6.1fs wall (median)  CPU u+s %6.1fs  runs: %s  PDF %s  status %s' "$(median "${dwalls[@]}")" \
		"$(median "${dcpus[@]}")" "${dwalls[*]}" "$( [[ -n $dpdf ]] && awk -v s="$(stat -c %s "$dpdf")" 'BEGIN { printf "%.1f MB", s / 1048576 }' || echo none)" \
		"$(field "drop.$rounds" 6)")"
	out "$(printf 'bare OCR %6.1fs wall (median)  CPU u+s %6.1fs  runs: %s' "$(median "${twalls[@]}")" "$(median "${tcpus[@]}")" "${twalls[*]}")"
	out "ratio drop/OCR: wall $(ratio "$(median "${dwalls[@]}")" "$(median "${twalls[@]}")"), CPU $(ratio "$(median "${dcpus[@]}")" "$(median "${tcpus[@]}")") (the bar: <= 1.3)"
	messages "drop.$rounds"
	out
fi

# Memory over a long batch: the corpus repeated to $big images, default
# settings. Peak RSS must not grow with the batch: images are streamed.
if ((big)); then
	mkdir -p "$tmp/big"
	for ((i = 0; i < big; i++)); do
		f=${images[i % ${#images[@]}]}
		link "$f" "$tmp/big/b$((i / ${#images[@]} + 1))_${f##*/}"
	done
	nbig=$(count "$tmp/big")
	timed big "$bin" redact -q -o "$tmp/out.big" "$tmp/big"
	echo "big $(count "$tmp/out.big")" >>"$tmp/outputs"
	rm -rf "$tmp/out.big"
	out "== memory: redact over $nbig images (the corpus repeated), default settings, one run"
	out "$(printf '%-26s %7.1fs wall  %5.3f img/s  CPU u+s %6.1fs  peak RSS %s (<= 500 MB: %s)  [load %s] status %s' \
		"$nbig images" "$(field big 2)" "$(awk -v n="$nbig" -v w="$(field big 2)" 'BEGIN { print n / w }')" \
		"$(cpu big)" "$(mb "$(field big 5)")" "$( (($(field big 5) <= 500 * 1024)) && echo yes || echo NO)" \
		"$(field big 7)" "$(field big 6)")"
	out "    outputs: $(awk '$1 == "big" { print $2 }' "$tmp/outputs") of $nbig"
	out
fi

# Go micro-benchmarks.
mapfile -t benches < <(grep -ho '^func Benchmark[A-Za-z0-9_]*' redact/*_test.go bundle/*_test.go 2>/dev/null | sed 's/^func //')
out "== Go micro-benchmarks: $go test -run XXX -bench . -benchmem ./redact/ ./bundle/ [load $(load1)]"
out "benchmarks: ${benches[*]:-none} (bundle/ has $(grep -c '^func Benchmark' bundle/*_test.go 2>/dev/null | awk -F: '{ s += $2 } END { print s + 0 }'))"
say "go test -bench"
if ! "$go" test -run XXX -bench . -benchmem ./redact/ ./bundle/ >"$tmp/gobench" 2>&1; then
	out "(go test failed; output follows)"
fi
sed 's/^/    /' "$tmp/gobench" | tee -a "$report"
out

out "load:     $(cut -d' ' -f1-3 /proc/loadavg) at end; the run took $((($(date +%s) - started) / 60)) min"
out "reproduce: BENCH_ROUNDS=$rounds make bench   (CORPUS=$corpus)"
mv "$report" "$report_file"
say "report written to $report_file"
