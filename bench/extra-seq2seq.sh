#!/usr/bin/env bash
# bench/extra-seq2seq.sh [BIN] — lm-train --arch seq2seq beside the same model in
# PyTorch (bench/torch_seq2seq.py) on string reversal (examples/data/
# make-pairs.py, lengths 5-60).  Prints TSV rows on stdout for bench/run
# (which runs every bench/extra-*.sh):
#   what <TAB> lm <TAB> peer <TAB> ratio <TAB> unit
# Rows: training target tokens/s at 1 and 2 threads (after 2 warm-up
# steps, each side's best of its two thread settings at 2 threads), and
# the training loss after 20 steps from lm's initial weights on lm's
# batches (the same function: equal to float rounding).  Shape: GRU (or
# CELL=lstm), 1 layer, hidden 128, bidirectional, additive attention,
# batch 64.  Without torch the peer columns are "n/a".
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(dirname "$(command -v lm-train 2>/dev/null || echo bin/lm-train)")}
export PATH="$PWD/$BIN:$PATH"
PY=/usr/bin/python3
CELL=${CELL:-gru}
H=${HIDDEN:-128}
STEPS=${STEPS:-22}
W=$(mktemp -d "${BENCH_WORK:-/tmp}/s2s.XXXXXX")
trap 'rm -rf "$W"' EXIT
HAVE_TORCH=0
$PY -c 'import torch' 2>/dev/null && HAVE_TORCH=1

$PY examples/data/make-pairs.py reverse "$W/rev" --seed 1 --train 5000 --valid 10 --test 10
lm-tokenize --pairs "$W/rev/train.txt" > "$W/train.pairs"
lm-dump --full "$W/train.pairs" > "$W/train.json"
shape=(--force --arch seq2seq --cell "$CELL" --layers 1 --hidden "$H" --batch 64 --seed 1)
lm-train "${shape[@]}" --steps 0 --quiet -o "$W/init.s2s" "$W/train.pairs"
lm-dump --full "$W/init.s2s" > "$W/init.json"

row() {   # what lm peer unit higher|lower|-
  local ratio=-
  if [[ "$2" =~ ^[0-9.e+-]+$ && "$3" =~ ^[0-9.e+-]+$ && "$5" != - ]]; then
    ratio=$(awk -v a="$2" -v b="$3" -v d="$5" 'BEGIN { if (a == 0 || b == 0) print "-";
      else printf "%.2f", d == "higher" ? a / b : b / a }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$ratio" "$4"
}
lm_rate() {   # threads
  OPENBLAS_NUM_THREADS=$1 lm-train "${shape[@]}" --threads "$1" --steps "$STEPS" --log "$W/rate.tsv" \
    --log-every 1 --quiet -o "$W/rate.s2s" "$W/train.pairs" >&2
  awk -F'\t' 'NR > 1 && $1 == 2 { t0 = $4; k0 = $3 } NR > 1 && $8 == "" { t = $4; k = $3 }
    END { if (t > t0) printf "%.0f\n", (k - k0) / (t - t0); else print "-" }' "$W/rate.tsv"
}
torch_run() {   # env-settings threads
  [ $HAVE_TORCH = 1 ] || { echo '{}'; return; }   # field: n/a
  env $1 $PY bench/torch_seq2seq.py --pairs "$W/train.json" --init "$W/init.json" \
    --steps "$STEPS" --warmup 2 --threads "$2" 2>/dev/null || echo '{}'
}
field() { $PY -c "import json,sys; d=json.load(sys.stdin); print(d['$1'] if '$1' in d else 'n/a')"; }
rate() { field tokens_per_s | awk '$1 != "n/a" { printf "%.0f\n", $1; next } { print }'; }

name="seq2seq $CELL 1x$H bi additive b64, reversal"
lm1=$(lm_rate 1)
pt1=$(torch_run OPENBLAS_NUM_THREADS=1 1 | rate)
row "train $name, 1 thread" "$lm1" "$pt1" "target tok/s" higher
lm2=$(lm_rate 2)
pa=$(torch_run OPENBLAS_NUM_THREADS=2 1 | rate)
pb=$(torch_run "OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE" 2 | rate)
best=$(printf '%s\n%s\n' "$pa" "$pb" | grep -v '^n/a$' | sort -n | tail -1)
row "train $name, 2 threads (PyTorch best setting)" "$lm2" "${best:-n/a}" "target tok/s" higher

# The same function: 20 steps from lm's initial weights on lm's batches.
OPENBLAS_NUM_THREADS=1 lm-train "${shape[@]}" --threads 1 --steps 20 --log "$W/l.tsv" --log-every 1 \
  --quiet -o "$W/l.s2s" "$W/train.pairs"
a=$(tail -1 "$W/l.tsv" | cut -f6)
b=$(STEPS=20 torch_run OPENBLAS_NUM_THREADS=1 1 | field loss)
[ "$b" = n/a ] || b=$(printf '%.6f' "$b")
row "seq2seq $CELL: training loss after 20 steps, same init" "$a" "$b" nats -
