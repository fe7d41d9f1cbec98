#!/usr/bin/env bash
# 04 — The n-gram floor on the Penn Treebank: orders 1-6 with modified
# Kneser-Ney (mkn), Kneser-Ney with one discount per order (kn) and add-1
# (addk), test perplexity, next to KenLM's lmplz figures for mkn.
#
# This is the number every neural model on PTB has to beat (experiment 05).
# The perplexity convention is KenLM's and the literature's: one </s> per
# line scored, <s> context only, <unk> an ordinary word (the closed 10k
# vocabulary has no OOVs): 82430 test tokens.
#
# Cheap: every model takes about a second.  EX_QUICK=1 runs orders 1-3.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/04-ngram-floor}
ORDERS=$(quick "1 2 3" "1 2 3 4 5 6")
mkdir -p "$OUT"
stamp "$OUT" "orders $ORDERS"
T0=$SECONDS
need_ptb
PTB=$DATA/ptb

echo "== Tokenize: words, the vocabulary from train (10000 types with </s>)"
lm-tokenize --mode word "$PTB/ptb.train.txt" > "$OUT/train.tok"
# --vocab: the test words get the training ids (a tokens file is a vocabulary)
lm-tokenize --mode word --vocab "$OUT/train.tok" < "$PTB/ptb.test.txt" > "$OUT/test.tok"

echo "== Estimate and score: ${ORDERS// /,} x mkn, kn, addk (add-1)"
for n in $ORDERS; do
  for s in mkn kn addk; do
    opt=(); if [ "$s" = addk ]; then opt=(--add-k 1); fi
    lm-ngram -o "$n" --smoothing "$s" "${opt[@]}" "$OUT/train.tok" > "$OUT/$s$n.lm"
    lm-score "$OUT/$s$n.lm" "$OUT/test.tok" | lm-ppl --json > "$OUT/$s$n.json"
    rm "$OUT/$s$n.lm"        # 5- and 6-gram models are tens of MB; the number is what we keep
  done
done

# KenLM lmplz -o N + query on this data (../shared/data/README.md): test
# perplexity including OOVs, orders 2-6.
kenlm() { case $1 in 2) echo 185.7048931511453 ;; 3) echo 148.2814995024931 ;;
  4) echo 142.71560595161773 ;; 5) echo 141.1862070921484 ;; 6) echo 140.83687649280515 ;; *) echo - ;; esac; }

echo "== Table: test perplexity"
{ printf 'order\tmkn\tkn\taddk (k=1)\tKenLM mkn\tmkn vs KenLM\n'
  for n in $ORDERS; do
    m=$(json ppl < "$OUT/mkn$n.json"); k=$(json ppl < "$OUT/kn$n.json"); a=$(json ppl < "$OUT/addk$n.json")
    r=$(kenlm "$n")
    printf '%s\t%.2f\t%.2f\t%.2f\t%s\t%s\n' "$n" "$m" "$k" "$a" \
      "$(if [ "$r" = - ]; then echo -; else printf %.2f "$r"; fi)" \
      "$(if [ "$r" = - ]; then echo -; else awk -v a="$m" -v b="$r" 'BEGIN { printf "%+.1e", (a - b) / b }'; fi)"
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

echo "== Plot: $OUT/ppl-order.png"
gnuplot -e "$PNG; set output '$OUT/ppl-order.png'; set grid; set logscale y;
  set title 'Penn Treebank test perplexity of n-gram models (lm-ngram)';
  set xlabel 'order'; set ylabel 'perplexity (log scale)'; set xtics 1;
  plot '$OUT/table.tsv' using 1:2 every ::1 with linespoints lw 2 title 'modified Kneser-Ney',
       '$OUT/table.tsv' using 1:3 every ::1 with linespoints lw 2 title 'Kneser-Ney',
       '$OUT/table.tsv' using 1:4 every ::1 with linespoints lw 2 title 'add-1',
       '$OUT/table.tsv' using 1:5 every ::1 with points pt 6 ps 2 title 'KenLM lmplz (mkn)'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
