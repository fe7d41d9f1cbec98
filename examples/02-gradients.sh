#!/usr/bin/env bash
# 02 — Vanishing and exploding gradients.
#
# Part A: how far back does the gradient reach?  lm-train --grad-flow
# writes ||dL_T/dh_{T-k}||, the norm of the derivative of a window's last
# loss with respect to the hidden state k steps earlier, for the first
# window of the run (the initialised network) and the last one (after
# training).  A tanh RNN multiplies by U^T diag(1 - h^2) at every step
# back, so its norm falls geometrically with k; the LSTM's cell path
# multiplies by the forget gate only (initialised near 1), so it falls
# much more slowly.  One layer, a 100-step window, so k runs to 99.
#
# Part B: what clipping is for.  The same vanilla RNN with plain SGD at a
# learning rate high enough to be unstable, once without clipping
# (--clip 0) and once with the global norm clipped at 1: the loss spikes
# (or the run blows up) without it.
#
#   EX_QUICK=1   EX_TIME=SEC (default 120: each part-A run)
#   CLIP_STEPS=N (default 600: each part-B run)   CLIP_LR=X (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/02-gradients}
TIME=${EX_TIME:-$(quick 5 120)}
CLIP_STEPS=${CLIP_STEPS:-$(quick 40 600)}
CLIP_LR=${CLIP_LR:-2}
mkdir -p "$OUT"
stamp "$OUT" "part A --time $TIME per cell; part B sgd --lr $CLIP_LR, --steps $CLIP_STEPS per run; --threads $THREADS"
T0=$SECONDS
shakespeare "$OUT"

echo "== A. Gradient flow: 1 layer x 256, window 100, $TIME s of Adam each"
for cell in rnn lstm; do
  lm-train --force --cell "$cell" --layers 1 --hidden 256 --batch 32 --seq 100 --optimizer adam \
    --lr 0.002 --clip 5 --time "$TIME" --threads "$THREADS" --grad-flow "$OUT/flow-$cell.tsv" \
    --valid "$OUT/valid.tok" --eval-every 100000 --log "$OUT/train-$cell.tsv" \
    -o "$OUT/$cell.lm" "$OUT/train.tok" 2> "$OUT/$cell.err"
  cat "$OUT/$cell.err"
  # two blocks for gnuplot: the first window's step (init), the last one's
  first=$(awk -F'\t' 'NR == 2 { print $1 }' "$OUT/flow-$cell.tsv")
  awk -F'\t' -v s="$first" 'NR > 1 && $1 == s { print $3, $4 }' "$OUT/flow-$cell.tsv" > "$OUT/flow-$cell-init.dat"
  awk -F'\t' -v s="$first" 'NR > 1 && $1 != s { print $3, $4 }' "$OUT/flow-$cell.tsv" > "$OUT/flow-$cell-trained.dat"
done

# The table: the norm at a few distances, and how much of it is left at
# k = 50 relative to k = 0.
{ printf 'cell\twhen\tstep\tk=0\tk=10\tk=25\tk=50\tk=99\tratio k50/k0\n'
  for cell in rnn lstm; do
    for when in init trained; do
      f=$OUT/flow-$cell-$when.dat
      step=$(awk -F'\t' -v w=$when 'NR == 2 { s = $1 } NR > 1 { l = $1 } END { print (w == "init" ? s : l) }' "$OUT/flow-$cell.tsv")
      awk -v c=$cell -v w=$when -v s="$step" '{ n[$1] = $2 }
        END { printf "%s\t%s\t%s\t%.3g\t%.3g\t%.3g\t%.3g\t%.3g\t%.3g\n", c, w, s,
              n[0], n[10], n[25], n[50], n[99], n[50] / n[0] }' "$f"
    done
  done; } > "$OUT/flow.tsv"
show "$OUT/flow.tsv"

gnuplot -e "$PNG; set output '$OUT/grad-flow.png'; set grid; set logscale y; set format y '10^{%L}';
  set title 'Gradient reaching back k steps: ||dL_T/dh_{T-k}||, 1 layer x 256, Tiny Shakespeare';
  set xlabel 'k (steps back)'; set ylabel 'norm (log scale)';
  plot '$OUT/flow-rnn-init.dat' with lines lw 2 dt 2 lc 1 title 'rnn at init',
       '$OUT/flow-rnn-trained.dat' with lines lw 2 lc 1 title 'rnn after $TIME s',
       '$OUT/flow-lstm-init.dat' with lines lw 2 dt 2 lc 2 title 'lstm at init',
       '$OUT/flow-lstm-trained.dat' with lines lw 2 lc 2 title 'lstm after $TIME s'"

echo "== B. Clipping: vanilla RNN, SGD --lr $CLIP_LR, $CLIP_STEPS steps, --clip 0 vs --clip 1"
# --log - writes the log on stdout as it goes, so that the lines before a
# divergence survive (a --log FILE is written atomically, at the end).  A
# diverged run is an outcome here, not an error: lm-train stops with
# status 1 when the loss is no longer finite.
for clip in 0 1; do
  status=ok
  lm-train --force --cell rnn --layers 1 --hidden 256 --batch 32 --seq 100 --optimizer sgd \
    --lr "$CLIP_LR" --clip "$clip" --steps "$CLIP_STEPS" --threads "$THREADS" --seed 1 \
    --log - --log-every 1 -q -o "$OUT/clip$clip.lm" "$OUT/train.tok" \
    > "$OUT/clip$clip.tsv" 2> "$OUT/clip$clip.err" || status=diverged
  cat "$OUT/clip$clip.err"
  echo "$status" > "$OUT/clip$clip.status"
done

# Spikes: steps whose training loss is more than 0.5 nats above the one
# before.  The loss starts at ln 65 = 4.17 nats (uniform guess).
{ printf 'clip\toutcome\tsteps logged\tmax grad norm\tspikes (+0.5 nats)\tmax train loss\tlast train loss\n'
  for clip in 0 1; do
    awk -F'\t' -v c=$clip -v st="$(cat "$OUT/clip$clip.status")" '
      NR > 1 { n++; if ($7 > g) g = $7; if (n > 1 && $6 > p + 0.5) s++; if ($6 > m) m = $6
               p = $6; l = $6 }
      END { printf "%s\t%s\t%d\t%.3f\t%d\t%.3f\t%.4f\n", c, st, n, g, s, m, l }' "$OUT/clip$clip.tsv"
  done; } > "$OUT/clip.tsv"
show "$OUT/clip.tsv"

# log-scale steps: the unclipped run's first steps and the whole clipped run
gnuplot -e "$PNG; set output '$OUT/clip.png'; set grid; set logscale x; set multiplot layout 2,1;
  set title 'Vanilla RNN, SGD lr $CLIP_LR: training loss'; set ylabel 'nats/char'; set yrange [0:*];
  plot '$OUT/clip0.tsv' using 1:6 every ::1 with lines title 'no clipping',
       '$OUT/clip1.tsv' using 1:6 every ::1 with lines title 'clip 1';
  set title 'gradient norm before clipping'; set xlabel 'step'; set ylabel 'norm'; set logscale y;
  plot '$OUT/clip0.tsv' using 1:7 every ::1 with lines title 'no clipping',
       '$OUT/clip1.tsv' using 1:7 every ::1 with lines title 'clip 1';
  unset multiplot"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
