#!/usr/bin/env bash
# 01 — Lab 01, extended: vanilla RNN vs LSTM vs GRU on Tiny Shakespeare at
# equal parameter count and equal wall-clock budget.
#
# The question: given the same number of weights and the same seconds on
# this machine, which recurrent cell models characters best?  --params
# picks each cell's hidden size so that the whole network (embedding, two
# layers, softmax) has about PARAMS weights: an LSTM has 4 gate matrices
# per layer, a GRU 3, an RNN 1, so the RNN gets the widest layers.
#
#   EX_QUICK=1 (seconds per cell)   EX_TIME=SEC (default 240 per cell)
#   PARAMS=N (default 800000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/01-cells}
TIME=${EX_TIME:-$(quick 3 240)}
EVAL=$(quick 10 40)            # steps between validation passes
PARAMS=${PARAMS:-800000}
mkdir -p "$OUT"
stamp "$OUT" "--params $PARAMS, --time $TIME per cell, --threads $THREADS"
T0=$SECONDS

echo "== Data: nanoGPT's split of Tiny Shakespeare, char tokens"
shakespeare "$OUT"

# Everything but the cell is held fixed: 2 layers, batch 50, BPTT 50,
# Adam 0.002 with clipping at 5, the same seed.  The budget is time, not
# steps, because the cells differ in cost per token: the curves against
# seconds answer "what do I get for my wait", those against tokens "what
# does each cell learn per character seen".
for cell in rnn lstm gru; do
  echo "== Train $cell: --params $PARAMS, $TIME s"
  lm-train --force --cell "$cell" --params "$PARAMS" --layers 2 --batch 50 --seq 50 \
    --optimizer adam --lr 0.002 --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" \
    --valid "$OUT/valid.tok" --eval-every "$EVAL" --log "$OUT/$cell.tsv" \
    -o "$OUT/$cell.lm" "$OUT/train.tok" 2> "$OUT/$cell.err"
  cat "$OUT/$cell.err"
  # validation points: tokens, seconds, loss
  awk -F'\t' 'NR > 1 && $8 != "" { print $3, $4, $8 }' "$OUT/$cell.tsv" > "$OUT/$cell.valid.dat"
done

echo "== Table: final validation loss at equal parameters and time"
# bits/char = nats/char / ln 2
{ printf 'cell\tlayers x hidden\tparams\tsteps\ttokens seen\ttokens/s\tvalid nats/char\tvalid bits/char\n'
  for cell in rnn lstm gru; do
    v=$(last_valid "$OUT/$cell.tsv")
    tok=$(awk -F'\t' 'NR > 1 { t = $3 } END { print t }' "$OUT/$cell.tsv")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.4f\n' "$cell" \
      "$(train_summary "$OUT/$cell.err" arch | cut -d' ' -f2)" \
      "$(train_summary "$OUT/$cell.err" params)" "$(train_summary "$OUT/$cell.err" steps)" \
      "$tok" "$(train_summary "$OUT/$cell.err" tps)" "$v" "$(awk -v v="$v" 'BEGIN { print v / log(2) }')"
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

echo "== Plots: $OUT/valid-tokens.png, $OUT/valid-seconds.png"
for x in tokens seconds; do
  col=$([ $x = tokens ] && echo 1 || echo 2)
  gnuplot -e "$PNG; set output '$OUT/valid-$x.png'; set grid;
    set title 'Tiny Shakespeare, 2-layer cells at about $PARAMS parameters, $TIME s each';
    set xlabel '$x'; set ylabel 'validation loss (nats/char)';
    plot '$OUT/rnn.valid.dat' using $col:3 with linespoints title 'rnn',
         '$OUT/lstm.valid.dat' using $col:3 with linespoints title 'lstm',
         '$OUT/gru.valid.dat' using $col:3 with linespoints title 'gru'"
done

echo "== Samples: 300 characters from each at temperature 0.8, side by side"
# The same prime and seed for all three; only the model differs.
for cell in rnn lstm gru; do
  lm-sample "$OUT/$cell.lm" --prime 'ROMEO:' -n 300 --temperature 0.8 --seed 7 > "$OUT/sample-$cell.txt"
  # fold each to a 40-column page so that pr can put them next to each other
  { echo "--- $cell"; fold -w 40 "$OUT/sample-$cell.txt"; } > "$OUT/sample-$cell.col"
done
pr -m -t -w 126 "$OUT/sample-rnn.col" "$OUT/sample-lstm.col" "$OUT/sample-gru.col" | expand | tee "$OUT/samples.txt"
rm -f "$OUT"/sample-*.col

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
