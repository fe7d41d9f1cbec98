#!/usr/bin/env bash
# 10 — LSTM, GRU and Mamba (a selective state-space layer, lm-ssm(7)),
# measured on the same work by the same tool.
#
#   1. Tiny Shakespeare at equal parameters (--params) and equal wall-clock
#      budget: validation curves and final bits/char, training tokens/s;
#   2. selective copying (Gu and Dao 2023, section 4.1.1; generator in
#      examples/data/selective-copy.py, seeded): 16 letters scattered in L
#      noise characters, to be copied after a marker, for L = 64 .. 1024:
#      the share of the 16 letters each cell copies right (greedy);
#   3. sampling: tokens/s and peak RSS against the number of tokens drawn
#      (a recurrent state is a fixed size: flat; a transformer's KV cache
#      would grow with every token);
#   4. --grad-flow: ||dL_T/dh_{T-k}|| for rnn, lstm and mamba;
#   5. the Mamba recipe (lm-ssm(7)): its validation curve.
#
#   EX_QUICK=1 (seconds per run)   EX_TIME=SEC (default 600 per cell)
#   PARAMS=N (default 800000)      SC_TIME=SEC (default 120 per cell and L)
#   SC_LENGTHS="L..." (default 64 128 256 512 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/10-ssm}
TIME=${EX_TIME:-$(quick 3 600)}
SC_TIME=${SC_TIME:-$(quick 3 120)}
EVAL=$(quick 10 100)
PARAMS=${PARAMS:-$(quick 100000 800000)}
SC_PARAMS=$(quick 20000 100000)
SC_LENGTHS=${SC_LENGTHS:-$(quick "64" "64 128 256 512 1024")}
SC_TEST=$(quick 10 50)
SAMPLE_NS=$(quick "1000 10000" "1000 10000 100000")
CELLS="lstm gru mamba"
PY=/usr/bin/python3
mkdir -p "$OUT"
stamp "$OUT" "Tiny Shakespeare: --params $PARAMS, --time $TIME per cell; selective copy: --params $SC_PARAMS, --time $SC_TIME per cell and L; --threads $THREADS"
T0=$SECONDS

echo "== 1. Tiny Shakespeare, char tokens, --params $PARAMS, $TIME s per cell"
shakespeare "$OUT"
# Everything but the cell is fixed: 2 layers, batch 50, window 50, Adam
# 0.002, clip 5, seed 1.  Mamba's hyper-parameters are its defaults
# (--state 16 --expand 2 --conv 4, dt rank ceil(H/16)).
for cell in $CELLS; do
  lm-train --force --cell "$cell" --params "$PARAMS" --layers 2 --batch 50 --seq 50 --lr 0.002 --clip 5 \
    --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/valid.tok" --eval-every "$EVAL" \
    --log "$OUT/$cell.tsv" -o "$OUT/$cell.lm" "$OUT/train.tok" 2> "$OUT/$cell.err"
  tail -1 "$OUT/$cell.err"
  awk -F'\t' 'NR > 1 && $8 != "" { print $3, $4, $8 }' "$OUT/$cell.tsv" > "$OUT/$cell.valid.dat"
done
{ printf 'cell\tlayers x hidden\tparams\tsteps\ttraining tokens/s\tvalid nats/char\tvalid bits/char\n'
  for cell in $CELLS; do
    v=$(last_valid "$OUT/$cell.tsv")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%.4f\n' "$cell" \
      "$(train_summary "$OUT/$cell.err" arch | cut -d' ' -f2)" "$(train_summary "$OUT/$cell.err" params)" \
      "$(train_summary "$OUT/$cell.err" steps)" "$(train_summary "$OUT/$cell.err" tps)" "$v" \
      "$(awk -v v="$v" 'BEGIN { print v / log(2) }')"
  done; } > "$OUT/shakespeare.tsv"
show "$OUT/shakespeare.tsv"
gnuplot -e "$PNG; set output '$OUT/valid-seconds.png'; set grid;
  set title 'Tiny Shakespeare, 2 layers at about $PARAMS parameters, $TIME s each, $THREADS threads';
  set xlabel 'seconds'; set ylabel 'validation loss (nats/char)';
  plot '$OUT/lstm.valid.dat' using 2:3 with linespoints title 'lstm',
       '$OUT/gru.valid.dat' using 2:3 with linespoints title 'gru',
       '$OUT/mamba.valid.dat' using 2:3 with linespoints title 'mamba'"

echo "== 2. Selective copying, L = $SC_LENGTHS, --params $SC_PARAMS, $SC_TIME s per cell and L"
# The whole example is one BPTT window (--seq L+18), so that the gradient
# reaches from the copy back to the letters; the batch is cut as L grows
# to keep the tokens per step near 4000.  lm-train cuts the text into B
# streams of n/B tokens, so the number of examples is a multiple of B:
# then every stream, and every window, starts at an example's first
# character (otherwise a window would start mid-example and the letters
# to copy would lie behind its truncation).
printf 'L\tcell\thidden\tsteps\tletters right\tof\taccuracy\n' > "$OUT/selective-copy.tsv"
for L in $SC_LENGTHS; do
  d=$OUT/sc$L
  mkdir -p "$d"
  B=$(( 4000 / (L + 18) )); [ "$B" -ge 2 ] || B=2
  n=$(( (400000 / (L + 18) + 50 + B - 1) / B * B ))
  $PY examples/data/selective-copy.py "$L" "$n" 1 "$d/train.txt"
  $PY examples/data/selective-copy.py "$L" "$SC_TEST" 2 "$d/test.txt"
  lm-tokenize "$d/train.txt" > "$d/train.tok"
  for cell in $CELLS; do
    lm-train --force --cell "$cell" --params "$SC_PARAMS" --layers 2 --batch "$B" --seq $((L + 18)) \
      --lr 0.003 --seed 1 --time "$SC_TIME" --threads "$THREADS" --quiet --log "$d/$cell.tsv" --log-every 1 \
      -o "$d/$cell.lm" "$d/train.tok"
    right=0 total=0
    while IFS= read -r line; do
      prime=${line%%|*}\|
      want=${line#*|}
      got=$(lm-sample "$d/$cell.lm" --prime "$prime" --no-echo --greedy -n 16 | head -c 16)
      for ((i = 0; i < 16; i++)); do
        [ "${got:i:1}" = "${want:i:1}" ] && right=$((right + 1))
        total=$((total + 1))
      done
    done < "$d/test.txt"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%.3f\n' "$L" "$cell" \
      "$(lm-dump "$d/$cell.lm" | head -1 | sed -n 's/.*"hidden": \([0-9]*\).*/\1/p')" \
      "$(awk -F'\t' 'NR > 1 { s = $1 } END { print s }' "$d/$cell.tsv")" "$right" "$total" \
      "$(awk -v r=$right -v t=$total 'BEGIN { print r / t }')" >> "$OUT/selective-copy.tsv"
  done
done
show "$OUT/selective-copy.tsv"
for cell in $CELLS; do awk -F'\t' -v c="$cell" '$2 == c { print $1, $7 }' "$OUT/selective-copy.tsv" > "$OUT/sc-$cell.dat"; done
gnuplot -e "$PNG; set output '$OUT/selective-copy.png'; set grid; set logscale x 2;
  set title 'Selective copying: 16 letters in L noise characters, $SC_TIME s per cell and L';
  set xlabel 'L'; set ylabel 'letters copied right (greedy)'; set yrange [0:1];
  plot '$OUT/sc-lstm.dat' with linespoints title 'lstm', '$OUT/sc-gru.dat' with linespoints title 'gru',
       '$OUT/sc-mamba.dat' with linespoints title 'mamba', 0.125 with lines dt 2 title 'chance (1/8)'"

echo "== 3. Sampling: tokens/s and peak RSS against tokens drawn (the Shakespeare models)"
printf 'cell\ttokens\tseconds\ttokens/s\tpeak RSS kB\n' > "$OUT/sampling.tsv"
for cell in $CELLS; do
  for n in $SAMPLE_NS; do
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" lm-sample "$OUT/$cell.lm" -n "$n" --seed 1 > /dev/null
    read -r secs rss < "$OUT/time.txt"
    printf '%s\t%s\t%s\t%s\t%s\n' "$cell" "$n" "$secs" \
      "$(awk -v n="$n" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')" "$rss" >> "$OUT/sampling.tsv"
  done
  awk -F'\t' -v c="$cell" '$1 == c { print $2, $5 }' "$OUT/sampling.tsv" > "$OUT/rss-$cell.dat"
done
show "$OUT/sampling.tsv"
gnuplot -e "$PNG; set output '$OUT/sampling-rss.png'; set grid; set logscale x;
  set title 'Peak RSS of lm-sample against tokens drawn'; set xlabel 'tokens'; set ylabel 'peak RSS (kB)';
  plot '$OUT/rss-lstm.dat' with linespoints title 'lstm', '$OUT/rss-gru.dat' with linespoints title 'gru',
       '$OUT/rss-mamba.dat' with linespoints title 'mamba'"

echo "== 4. Gradient flow through a window of 50 (--grad-flow), rnn, lstm, mamba at --params $PARAMS"
# What is plotted is layer 1's output h^1_{T-k}.  An LSTM's h is its
# recurrent state; a Mamba layer's output is not (its recurrence is the
# inner h), so for mamba the norm is the gradient that has come back
# through layer 2's scan.  The top layer's output would show only k = 0.
for cell in rnn lstm mamba; do
  lm-train --force --cell "$cell" --params "$PARAMS" --layers 2 --batch 50 --seq 50 --seed 1 \
    --steps "$(quick 5 300)" --threads "$THREADS" --quiet --grad-flow "$OUT/flow-$cell.tsv" \
    -o "$OUT/flow-$cell.lm" "$OUT/train.tok"
  # the run's last window, layer 1: k and the norm
  awk -F'\t' 'NR > 1 && $2 == 1 { s = $1; r[s] = r[s] $3 " " $4 "\n" } END { printf "%s", r[s] }' \
    "$OUT/flow-$cell.tsv" > "$OUT/flow-$cell.dat"
done
gnuplot -e "$PNG; set output '$OUT/grad-flow.png'; set grid; set logscale y;
  set title 'Gradient flow: ||dL_T/dh_{T-k}||, layer 1, last window'; set xlabel 'k (steps back)';
  set ylabel 'norm'; plot '$OUT/flow-rnn.dat' with lines title 'rnn',
  '$OUT/flow-lstm.dat' with lines title 'lstm', '$OUT/flow-mamba.dat' with lines title 'mamba'"

echo "== 5. The Mamba recipe, $TIME s, $THREADS threads"
# Not at equal parameters or settings: the best Mamba configuration found
# on this split (examples/README.md, section 10, says how): the GRU
# recipe's schedule, the embedding tied to the output projection,
# decoupled weight decay 0.6 and an RMSNorm before the softmax.
lm-train --force --cell mamba --layers 2 --hidden 239 --batch 64 --seq 64 --optimizer adam --lr 0.003 \
  --schedule cosine --lr-min 0.0002 --clip 5 --dropout 0.1 --tie-weights --weight-decay 0.6 --final-norm \
  --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/valid.tok" --eval-every "$(quick 10 250)" \
  --log "$OUT/recipe.tsv" -o "$OUT/recipe.lm" "$OUT/train.tok" 2> "$OUT/recipe.err"
tail -1 "$OUT/recipe.err"
awk -F'\t' 'NR > 1 && $8 != "" { print $1, $4, $8 }' "$OUT/recipe.tsv" > "$OUT/recipe.valid.dat"
gnuplot -e "$PNG; set output '$OUT/mamba-recipe.png'; set grid;
  set title 'Mamba 2x239 on Tiny Shakespeare, $TIME s, $THREADS threads';
  set xlabel 'step'; set ylabel 'validation loss (nats/char)';
  plot '$OUT/recipe.valid.dat' using 1:3 with linespoints title 'the recipe (--final-norm --tie-weights --weight-decay 0.6)',
       1.5 with lines dt 2 title '1.50'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
