#!/usr/bin/env bash
# bench/sample.sh [BIN] — lm-sample speed at batch 1, in tokens per second
# with the model load taken out (a run of N tokens minus a run of 0).
# Prints TSV rows on stdout, as bench/ngram.sh does:
#   what <TAB> lm <TAB> peer <TAB> ratio (lm/peer) <TAB> unit
# Models: the PTB Kneser-Ney 5-gram and a Tiny Shakespeare char 6-gram,
# both built here with lm-ngram; a neural checkpoint too if LSTM=FILE is
# set (e.g. the char-LSTM 2x128 of make demo).  The peer column is for a
# PyTorch sampling loop at batch 1 (PEER_LSTM_TPS=tokens/s), "-" without.
# Each timing is the best of REPEAT runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-bin}
REPEAT=${REPEAT:-3}
PTB=${LM_DATA:-../shared/data}/ptb
TS=data/tinyshakespeare/input.txt
TIME=/usr/bin/time
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# best_of CMD: runs CMD REPEAT times; prints the fastest wall time in seconds
best_of() {
  local best= i s out
  for i in $(seq "$REPEAT"); do
    out=$($TIME -f '%x %e' bash -o pipefail -c "$1" 2>&1 >/dev/null | tail -n 1)
    s=${out#* }
    [ "${out%% *}" = 0 ] || { echo "bench/sample.sh: exit ${out%% *} from: $1" >&2; exit 1; }
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best"
}
row() { awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" 'BEGIN {
  r = (b == "-" || b == "n/a" || b == 0) ? "-" : sprintf("%.3f", a / b)
  printf "%s\t%s\t%s\t%s\t%s\n", w, a, b, r, u }'; }

# tps MODEL N OPTIONS: tokens per second of `lm-sample MODEL -n N OPTIONS`
tps() {
  local full zero
  full=$(best_of "'$BIN/lm-sample' '$1' -n $2 $3")
  zero=$(best_of "'$BIN/lm-sample' '$1' -n 0")
  awk -v f="$full" -v z="$zero" -v n="$2" 'BEGIN { d = f - z; if (d <= 0) d = 0.01; printf "%.0f", n / d }'
}

"$BIN/lm-tokenize" --mode word < "$PTB/ptb.train.txt" > "$W/ptb.tok"
"$BIN/lm-ngram" -q -o 5 "$W/ptb.tok" > "$W/kn5.lm"
"$BIN/lm-tokenize" < "$TS" > "$W/ts.tok"
"$BIN/lm-ngram" -q -o 6 "$W/ts.tok" > "$W/ts6.lm" 2>/dev/null

row "lm-sample PTB KN5 (V=10000), T=1, batch 1, load excluded" "$(tps "$W/kn5.lm" 5000 "")" n/a tokens/s
row "lm-sample PTB KN5, --temperature 0.8 --top-p 0.9" "$(tps "$W/kn5.lm" 5000 "--temperature 0.8 --top-p 0.9")" n/a tokens/s
row "lm-sample PTB KN5, --greedy" "$(tps "$W/kn5.lm" 5000 --greedy)" n/a tokens/s
row "lm-sample Tiny Shakespeare char 6-gram (V=65), T=0.8" "$(tps "$W/ts6.lm" 200000 "--temperature 0.8")" n/a tokens/s
if [ -n "${LSTM:-}" ]; then
  row "lm-sample $(basename "$LSTM") (neural, batch 1), T=0.8" "$(tps "$LSTM" 20000 "--temperature 0.8")" \
      "${PEER_LSTM_TPS:-n/a}" tokens/s
fi
