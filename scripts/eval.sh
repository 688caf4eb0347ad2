#!/usr/bin/env bash
# eval.sh redacts the dev corpus and every folder of the peer material
# (real screenshots by other projects; mime/ aside), pooled into one set,
# with the default policy, scores both with the corpus scorer, prints each
# per-category table and fails below either set's gates.
#
# The gates ratchet: each is the figure a landing reached, never lowered;
# the scorer compares exact rates with the printed ones rounded, so a gate
# is the reached rate rounded down (recall) or up (collateral) to three
# places: 700/748 prints 0.936 but is 0.9358. A gate stands one span on
# the failing side of the reached figure, so that a CI machine whose
# Tesseract reads one line differently does not block a landing. Raise them as detection improves (the bar of the detection issue is dev
# recall 0.99 / collateral 0.03, peers 0.95 / 0.05).
#
#   BIN      the redactpack binary (bin/redactpack)
#   CORPUS   the dev corpus (../shared/corpus/dev)
#   PEER     the peer material (../shared/peer)
#   SCORER   the scorer's module (../shared/eval)
set -euo pipefail

BIN=$(realpath "${BIN:-bin/redactpack}")
CORPUS=$(realpath "${CORPUS:-../shared/corpus/dev}")
PEER=$(realpath "${PEER:-../shared/peer}")
SCORER=$(realpath "${SCORER:-../shared/eval}")
GO=${GO:-go}

# Gates: recall at least, collateral at most.
DEV_RECALL=0.962
DEV_COLLATERAL=0.009
PEER_RECALL=0.941
PEER_COLLATERAL=0.014
# Categories that must be hidden wherever they are, on both sets.
MUST=(seed card)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The peer folders pooled: their file names do not collide (checked).
mkdir "$tmp/peer"
for truth in "$PEER"/*/*.truth.json; do
	dir=$(dirname "$truth")
	[[ $(basename "$dir") == mime ]] && continue
	base=$(basename "$truth" .truth.json)
	for img in "$dir/$base".png "$dir/$base".jpg "$dir/$base".jpeg; do
		[[ -e $img ]] || continue
		if [[ -e $tmp/peer/$(basename "$img") ]]; then
			echo "eval: two peer images called $(basename "$img")" >&2
			exit 2
		fi
		ln -s "$img" "$tmp/peer/"
		ln -s "$truth" "$tmp/peer/"
	done
done

status=0
score() { # name truth recall collateral
	local name=$1 truth=$2 recall=$3 coll=$4
	echo "== redacting $name"
	time "$BIN" redact -q -o "$tmp/out-$name" "$truth"
	echo "== scoring $name (gates: recall >= $recall, collateral <= $coll, ${MUST[*]} recall 1.000)"
	(cd "$SCORER" && $GO run ./score --truth "$truth" --out "$tmp/out-$name" \
		--min-recall "$recall" --max-collateral "$coll") | tee "$tmp/$name.txt" || status=1
	for c in "${MUST[@]}"; do
		if awk -v c="$c" '$1 == c && $4 != "1.000" { bad = 1 } END { exit !bad }' "$tmp/$name.txt"; then
			echo "eval: $name: $c recall below 1.000"
			status=1
		fi
	done
}
score dev "$CORPUS" "$DEV_RECALL" "$DEV_COLLATERAL"
score peer "$tmp/peer" "$PEER_RECALL" "$PEER_COLLATERAL"
if [[ $status -ne 0 ]]; then
	echo "eval: failed"
	exit 1
fi
echo "eval: passed"
