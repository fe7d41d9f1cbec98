#!/usr/bin/env bash
# 05 — A word-level LSTM on the Penn Treebank against Kneser-Ney, and the
# two interpolated.
#
# The model is Zaremba et al. (2014)'s "small" configuration: 2 layers x
# 200, BPTT 20, batch 20, every weight drawn from U(-0.1, 0.1) with no
# forget-gate bias, plain SGD at lr 1 with the gradient's global norm
# clipped at 5, 13 epochs with the learning rate halved every epoch from the
# 5th, no dropout; they report 120.7 valid / 114.5 test perplexity.
# Their loss is summed over the window's 20 steps (and averaged over the
# batch); lm-train's is the mean over all tokens, 1/20 of it, and so is its
# gradient.  The same updates are then --lr 20 and --clip 0.25 (= 5 / 20).
# This small model overfits after about 7 epochs (a first run: validation
# 114.7 at epoch 7.3, 119.3 at the end), so --best keeps the checkpoint with
# the lowest validation perplexity (early stopping: chosen on validation,
# so the test figure stays honest); the table gives both models, and the
# interpolation uses the kept one.  The
# KN5 baseline is 141.2 (experiment 04).  An LSTM and an n-gram model make
# different mistakes, so their linear interpolation beats both (Mikolov et
# al. 2011: RNNLM 124.7 + KN5 -> 105.7); the weight is tuned on the
# validation set and only then applied to the test set.
#
# LONG: at the default budget this runs for up to two hours on 2 cores
# (EX_TIME caps the training; the schedule is per epoch, so a capped run
# stops part-way through it).  EX_QUICK=1 trains for a few seconds on a
# shortened validation text, to check the plumbing only.
#
#   EX_QUICK=1   EX_TIME=SEC (default 7200)   EPOCHS=E (default 13)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/05-ptb-lstm}
TIME=${EX_TIME:-$(quick 5 7200)}
EPOCHS=${EPOCHS:-13}
mkdir -p "$OUT"
stamp "$OUT" "--epochs $EPOCHS capped at --time $TIME, --threads $THREADS"
T0=$SECONDS
need_ptb

echo "== Tokenize: words, the training vocabulary for valid and test"
ptb_words "$OUT"

echo "== The baseline: modified Kneser-Ney 5-gram"
kn5_baseline "$OUT"

echo "== Train: LSTM 2 x 200, Zaremba et al.'s small setting, $EPOCHS epochs or $TIME s"
/usr/bin/env time -f '%e' -o "$OUT/train.wall" \
lm-train --force --cell lstm --layers 2 --hidden 200 --batch 20 --seq 20 --optimizer sgd --lr 20 \
  --init-scale 0.1 --forget-bias 0 --schedule step --decay-start 5 --lr-decay 0.5 --clip 0.25 --dropout 0 --seed 1 \
  --epochs "$EPOCHS" --time "$TIME" --threads "$THREADS" \
  --valid "$OUT/valid.tok" --eval-every "$(quick 50 1000)" --best "$OUT/best.lm" --log "$OUT/log.tsv" \
  -o "$OUT/lstm.lm" "$OUT/train.tok" 2> "$OUT/train.err"
cat "$OUT/train.err"
for m in lstm best; do
  lm-score --threads "$THREADS" "$OUT/$m.lm" "$OUT/valid.tok" > "$OUT/$m.valid.lp"
  lm-score --threads "$THREADS" "$OUT/$m.lm" "$OUT/test.tok" > "$OUT/$m.test.lp"
done
BEST_STEP=$(lm-dump "$OUT/best.lm" | grep -o '"step": [0-9]*' | head -1 | grep -o '[0-9]*$')

echo "== Tune the interpolation weight on validation: W lstm (the kept model) + (1 - W) kn5"
# lm-ppl --mix mixes probabilities token by token (a log-sum-exp), so
# W = 1 is the LSTM alone and W = 0 the 5-gram alone.
{ printf 'W\tvalid ppl\n'
  for W in 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9; do
    printf '%s\t%.2f\n' "$W" "$(lm-ppl --json --mix "$W,$(awk -v w="$W" 'BEGIN { print 1 - w }')" \
      "$OUT/best.valid.lp" "$OUT/kn5.valid.lp" | json ppl)"
  done; } > "$OUT/mix-valid.tsv"
show "$OUT/mix-valid.tsv"
W=$(awk -F'\t' 'NR > 1 && (best == "" || $2 < best) { best = $2; w = $1 } END { print w }' "$OUT/mix-valid.tsv")
# The weight of highest validation likelihood by EM (lm-ppl --fit-mix,
# SRILM's compute-best-mix), beside the grid's; then the mixture as one
# model, a mix file, which lm-score and lm-sample load like any model.
lm-ppl --json --fit-mix "$OUT/best.valid.lp" "$OUT/kn5.valid.lp" > "$OUT/fit.valid.json"
WEM=$(sed -n 's/.*"weights": \[\([^],]*\),.*/\1/p' "$OUT/fit.valid.json")
printf 'lm-mix 1\n%s best.lm\n%s kn5.lm\n' "$WEM" "$(awk -v w="$WEM" 'BEGIN { printf "%.12f", 1 - w }')" > "$OUT/mix.lm"
lm-score --threads "$THREADS" "$OUT/mix.lm" "$OUT/test.tok" | lm-ppl --json > "$OUT/mix-em.test.json"
lm-sample "$OUT/mix.lm" -n 40 --seed 1 > "$OUT/mix-sample.txt"
lm-ppl --json --mix "$W,$(awk -v w="$W" 'BEGIN { print 1 - w }')" "$OUT/best.test.lp" "$OUT/kn5.test.lp" > "$OUT/mix.test.json"

echo "== Table: perplexity (validation$([ "$QUICK" = 1 ] && echo ', first 300 lines'), test)"
ppl() { lm-ppl --json "$1" | json ppl; }
{ printf 'model\tvalid ppl\ttest ppl\n'
  printf 'KN5 (mkn)\t%.2f\t%.2f\n' "$(ppl "$OUT/kn5.valid.lp")" "$(ppl "$OUT/kn5.test.lp")"
  printf 'LSTM 2x200, at the end\t%.2f\t%.2f\n' "$(ppl "$OUT/lstm.valid.lp")" "$(ppl "$OUT/lstm.test.lp")"
  printf 'LSTM 2x200, lowest valid (step %s)\t%.2f\t%.2f\n' "$BEST_STEP" "$(ppl "$OUT/best.valid.lp")" "$(ppl "$OUT/best.test.lp")"
  printf 'kept LSTM + KN5, W = %s\t%.2f\t%.2f\n' "$W" \
    "$(awk -F'\t' -v w="$W" '$1 == w { print $2 }' "$OUT/mix-valid.tsv")" "$(json ppl < "$OUT/mix.test.json")"
  printf 'kept LSTM + KN5, EM W = %.4f (mix.lm)\t%.2f\t%.2f\n' "$WEM" "$(json ppl < "$OUT/fit.valid.json")" \
    "$(json ppl < "$OUT/mix-em.test.json")"
  printf 'Zaremba et al. small (published)\t120.7\t114.5\n'; } > "$OUT/table.tsv"
show "$OUT/table.tsv"
echo "training: $(cat "$OUT/train.wall") s wall, $(train_summary "$OUT/train.err" steps) steps"

awk -F'\t' 'NR > 1 && $8 != "" { print $2, exp($8) }' "$OUT/log.tsv" > "$OUT/valid.dat"
gnuplot -e "$PNG; set output '$OUT/valid.png'; set grid; set logscale y;
  set title 'PTB word LSTM 2 x 200: validation perplexity'; set xlabel 'epoch'; set ylabel 'perplexity';
  plot '$OUT/valid.dat' with linespoints lw 2 title 'LSTM',
       $(ppl "$OUT/kn5.valid.lp") with lines dt 2 lw 2 title 'KN5'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
