#!/usr/bin/env bash
# 03 — Truncated BPTT length: the same LSTM with windows of T = 10, 25,
# 50 and 100 steps, each for the same wall-clock budget.
#
# The window length T is how far back the gradient is followed (the state
# itself is carried across windows, so the model *sees* further).  Short
# windows are cheap per token only up to a point: each step's U h_{t-1}
# product is the same, but the input and softmax products are batched over
# T, so a short window uses the cores less well.  Long windows give the
# gradient longer dependencies but fewer updates per second.  Table: final
# validation loss and tokens/s; plot: the validation curves against time.
#
#   EX_QUICK=1   EX_TIME=SEC (default 150 per run)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/03-bptt}
TIME=${EX_TIME:-$(quick 3 150)}
EVAL_TOKENS=$(quick 25000 100000)     # validate every this many training tokens
SEQS=${SEQS:-10 25 50 100}
mkdir -p "$OUT"
stamp "$OUT" "--time $TIME per window length, --threads $THREADS"
T0=$SECONDS
shakespeare "$OUT"

# 2 layers x 256 LSTM (about 0.86M parameters), batch 32, Adam 0.002,
# clip 5.  --eval-every counts steps, so it is scaled by T to validate
# after the same number of training tokens in every run.
for T in $SEQS; do
  echo "== Train lstm --seq $T: $TIME s"
  lm-train --force --cell lstm --layers 2 --hidden 256 --batch 32 --seq "$T" --optimizer adam \
    --lr 0.002 --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" \
    --valid "$OUT/valid.tok" --eval-every $((EVAL_TOKENS / (32 * T))) --log "$OUT/seq$T.tsv" \
    -o "$OUT/seq$T.lm" "$OUT/train.tok" 2> "$OUT/seq$T.err"
  cat "$OUT/seq$T.err"
  awk -F'\t' 'NR > 1 && $8 != "" { print $3, $4, $8 }' "$OUT/seq$T.tsv" > "$OUT/seq$T.dat"
done

echo "== Table"
{ printf 'T\tsteps\ttokens seen\ttokens/s\tvalid nats/char\tvalid bits/char\n'
  for T in $SEQS; do
    v=$(last_valid "$OUT/seq$T.tsv")
    printf '%s\t%s\t%s\t%s\t%s\t%.4f\n' "$T" "$(train_summary "$OUT/seq$T.err" steps)" \
      "$(awk -F'\t' 'NR > 1 { t = $3 } END { print t }' "$OUT/seq$T.tsv")" \
      "$(train_summary "$OUT/seq$T.err" tps)" "$v" "$(awk -v v="$v" 'BEGIN { print v / log(2) }')"
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

echo "== Plots: $OUT/valid-seconds.png, $OUT/final.png"
plot=
for T in $SEQS; do plot="$plot${plot:+, }'$OUT/seq$T.dat' using 2:3 with linespoints title 'T = $T'"; done
gnuplot -e "$PNG; set output '$OUT/valid-seconds.png'; set grid;
  set title 'LSTM 2 x 256 on Tiny Shakespeare: BPTT window T, $TIME s each';
  set xlabel 'seconds'; set ylabel 'validation loss (nats/char)'; plot $plot"
gnuplot -e "$PNG; set output '$OUT/final.png'; set grid; set logscale x; set xrange [8:125]; set xtics (10, 25, 50, 100);
  set title 'After $TIME s: validation loss and speed against the BPTT window';
  set xlabel 'T (steps per window)'; set ylabel 'validation loss (nats/char)';
  set y2label 'training tokens/s'; set y2tics; set ytics nomirror;
  plot '$OUT/table.tsv' using 1:5 every ::1 with linespoints lw 2 title 'valid loss',
       '$OUT/table.tsv' using 1:4 every ::1 axes x1y2 with linespoints lw 2 title 'tokens/s'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
