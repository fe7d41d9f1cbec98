#!/usr/bin/env bash
# 12 — Pruning a Kneser-Ney 5-gram on the Penn Treebank: model size against
# test perplexity for entropy-based pruning (Stolcke 1998, lm-ngram
# --prune-entropy T, SRILM's -prune) beside count pruning (--prune, which
# drops the n-grams seen at most Tk times).  Entropy pruning removes the
# n-grams whose removal changes the model's own distribution least, so at
# equal size it should lose less perplexity than a count cut-off.
#
# Cheap: each model is a few seconds to estimate and score.  EX_QUICK=1
# runs a trigram and two settings of each.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/12-prune}
ORDER=$(quick 3 5)
ENTROPY=$(quick "1e-7 1e-6" "1e-9 3e-9 1e-8 3e-8 1e-7 3e-7 1e-6 3e-6")
COUNTS=$(quick "0,1 0,2" "0,0,1 0,1 0,1,2 0,2 0,2,4 0,4 0,8")
mkdir -p "$OUT"
stamp "$OUT" "order $ORDER, entropy thresholds $ENTROPY, count thresholds $COUNTS"
T0=$SECONDS
PTB=$DATA/ptb

lm-tokenize --mode word "$PTB/ptb.train.txt" > "$OUT/train.tok"
lm-tokenize --vocab "$OUT/train.tok" "$PTB/ptb.test.txt" > "$OUT/test.tok"

# ngrams MODEL: the number of n-grams of all orders stored in MODEL
ngrams() { lm-dump "$1" | grep -o '"word": {"u32": [0-9]*' | awk '{ s += $NF } END { print s }'; }
# row METHOD SETTING OPTIONS...: estimate, count, score, one table row
row() {
  local method=$1 setting=$2; shift 2
  lm-ngram -q -o "$ORDER" "$@" "$OUT/train.tok" > "$OUT/m.lm"
  printf '%s\t%s\t%s\t%.2f\n' "$method" "$setting" "$(ngrams "$OUT/m.lm")" \
    "$(lm-score "$OUT/m.lm" "$OUT/test.tok" | lm-ppl --json | json ppl)"
}

echo "== Estimate, prune, score: order $ORDER"
{ printf 'method\tthreshold\tn-grams\ttest ppl\n'
  row none -
  for t in $ENTROPY; do row entropy "$t" --prune-entropy "$t"; done
  for t in $COUNTS; do row count "$t" --prune "$t"; done; } > "$OUT/table.tsv"
rm -f "$OUT/m.lm"
show "$OUT/table.tsv"

echo "== Plot: $OUT/size-ppl.png"
awk -F'\t' '$1 == "entropy" || $1 == "none"' "$OUT/table.tsv" | sort -t"$(printf '\t')" -k3,3n > "$OUT/entropy.dat"
awk -F'\t' '$1 == "count" || $1 == "none"' "$OUT/table.tsv" | sort -t"$(printf '\t')" -k3,3n > "$OUT/count.dat"
gnuplot -e "$PNG; set output '$OUT/size-ppl.png'; set grid; set logscale x;
  set title 'Penn Treebank: pruned Kneser-Ney $ORDER-gram, size against test perplexity';
  set xlabel 'n-grams stored (log scale)'; set ylabel 'test perplexity';
  plot '$OUT/entropy.dat' using 3:4 with linespoints lw 2 pt 7 title 'entropy pruning (--prune-entropy)',
       '$OUT/count.dat' using 3:4 with linespoints lw 2 pt 5 title 'count pruning (--prune)'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
