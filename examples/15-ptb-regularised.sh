#!/usr/bin/env bash
# 13 — The Penn Treebank word LSTM with the regularisers found after 2014
# (lm-train(1) REGULARISATION), each alone and together, then one longer
# run of them together against Kneser-Ney and interpolated with it.
#
# Part 1, the table: the same model and budget each time (2 x 256 LSTM,
# batch 32, BPTT 35, Adam 0.002 cosine to 0.0002, clip 5), with nothing;
# with Zaremba's dropout; with tied weights (Press & Wolf 2017); locked
# dropout (Gal & Ghahramani 2016); embedding dropout; weight drop; AR/TAR
# (Merity et al. 2017); decoupled weight decay (Loshchilov & Hutter 2019,
# not in ALL: part 2's recipe predates it); and all of the others.  Each run is short (TABLE_TIME,
# 120 s): a regulariser trades training speed now for less overfitting
# later, so at this budget most of them cost perplexity; the table says
# what each does early on, not what it buys at convergence.
#
# Part 2: the regularisers together for EX_TIME (1800 s), the model kept
# on validation (--best), NT-ASGD switching to averaging when validation
# stops improving; test perplexity, then interpolated with KN5 (the weight
# tuned on validation), as experiment 05 does; the curve by epoch.
#
# LONG: 18 minutes of table and 30 of training at the defaults.
#   EX_QUICK=1   EX_TIME=SEC (1800)   TABLE_TIME=SEC (120)   SKIP_TABLE=1   SKIP_LONG=1
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/15-ptb-regularised}
TIME=${EX_TIME:-$(quick 2 1800)}
TABLE_TIME=${TABLE_TIME:-$(quick 1 120)}
need_ptb
mkdir -p "$OUT"
stamp "$OUT" "table: $TABLE_TIME s per run; long run: $TIME s; --threads $THREADS"
T0=$SECONDS

echo "== Tokenize: words, the training vocabulary for valid and test"
ptb_words "$OUT"

BASE="--cell lstm --layers 2 --hidden 256 --batch 32 --seq 35 --optimizer adam --lr 0.002
      --schedule cosine --lr-min 0.0002 --clip 5 --threads $THREADS"
ALL="--tie-weights --dropout 0.3 --dropout-mode locked --dropout-embed 0.1 --weight-drop 0.3 --ar 2 --tar 1"
ppl_of() { awk -F'\t' 'NR > 1 && $8 != "" { v = $8 } END { printf "%.2f", exp(v) }' "$1"; }

if [ "${SKIP_TABLE:-0}" != 1 ]; then
  echo "== Part 1: each regulariser alone and all together, $TABLE_TIME s each"
  { printf 'regulariser\toptions\tsteps\tvalid ppl\n'
    while IFS='|' read -r name opts; do
      # shellcheck disable=SC2086  # the options are words
      lm-train --force $BASE $opts --time "$TABLE_TIME" --valid "$OUT/valid.tok" --eval-every 1000000 \
        --quiet --log "$OUT/table-$name.tsv" -o "$OUT/table-$name.lm" "$OUT/train.tok" 2> "$OUT/table-$name.err"
      printf '%s\t%s\t%s\t%s\n' "$name" "${opts:--}" \
        "$(awk -F'\t' 'NR > 1 { s = $1 } END { print s }' "$OUT/table-$name.tsv")" "$(ppl_of "$OUT/table-$name.tsv")"
    done <<EOF
none|
dropout|--dropout 0.3
tied|--tie-weights
locked|--dropout 0.3 --dropout-mode locked
embed|--dropout-embed 0.1
weight-drop|--weight-drop 0.3
ar-tar|--ar 2 --tar 1
weight-decay|--weight-decay 0.1
all|$ALL
EOF
  } > "$OUT/table.tsv"
  show "$OUT/table.tsv"
fi

if [ "${SKIP_LONG:-0}" = 1 ]; then echo "== Done in $((SECONDS - T0)) s (the table only); results in $OUT"; exit 0; fi

echo "== The baseline: modified Kneser-Ney 5-gram"
kn5_baseline "$OUT"

echo "== Part 2: all together for $TIME s, NT-ASGD, the model kept on validation"
# Evaluations every 500 steps (about a fifth of an epoch); NT-ASGD's
# interval of 3 evaluations is then a little over half an epoch.
# shellcheck disable=SC2086
/usr/bin/env time -f '%e' -o "$OUT/train.wall" \
lm-train --force $BASE $ALL --asgd 3 --time "$TIME" --valid "$OUT/valid.tok" --eval-every "$(quick 20 500)" \
  --best "$OUT/best.lm" --log "$OUT/log.tsv" -o "$OUT/lstm.lm" "$OUT/train.tok" 2> "$OUT/train.err"
cat "$OUT/train.err"
for m in lstm best; do
  lm-score --threads "$THREADS" "$OUT/$m.lm" "$OUT/valid.tok" > "$OUT/$m.valid.lp"
  lm-score --threads "$THREADS" "$OUT/$m.lm" "$OUT/test.tok" > "$OUT/$m.test.lp"
done

echo "== Tune the interpolation weight on validation: W lstm (the kept model) + (1 - W) kn5"
{ printf 'W\tvalid ppl\n'
  for W in 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9; do
    printf '%s\t%.2f\n' "$W" "$(lm-ppl --json --mix "$W,$(awk -v w="$W" 'BEGIN { print 1 - w }')" \
      "$OUT/best.valid.lp" "$OUT/kn5.valid.lp" | json ppl)"
  done; } > "$OUT/mix-valid.tsv"
show "$OUT/mix-valid.tsv"
W=$(awk -F'\t' 'NR > 1 && (best == "" || $2 < best) { best = $2; w = $1 } END { print w }' "$OUT/mix-valid.tsv")
lm-ppl --json --mix "$W,$(awk -v w="$W" 'BEGIN { print 1 - w }')" "$OUT/best.test.lp" "$OUT/kn5.test.lp" > "$OUT/mix.test.json"

ppl() { lm-ppl --json "$1" | json ppl; }
{ printf 'model\tvalid ppl\ttest ppl\n'
  printf 'KN5 (mkn)\t%.2f\t%.2f\n' "$(ppl "$OUT/kn5.valid.lp")" "$(ppl "$OUT/kn5.test.lp")"
  printf 'LSTM 2x256 regularised, at the end\t%.2f\t%.2f\n' "$(ppl "$OUT/lstm.valid.lp")" "$(ppl "$OUT/lstm.test.lp")"
  printf 'LSTM 2x256 regularised, lowest valid\t%.2f\t%.2f\n' "$(ppl "$OUT/best.valid.lp")" "$(ppl "$OUT/best.test.lp")"
  printf 'kept LSTM + KN5, W = %s\t%.2f\t%.2f\n' "$W" \
    "$(awk -F'\t' -v w="$W" '$1 == w { print $2 }' "$OUT/mix-valid.tsv")" "$(json ppl < "$OUT/mix.test.json")"
} > "$OUT/result.tsv"
show "$OUT/result.tsv"
echo "training: $(cat "$OUT/train.wall") s wall, $(train_summary "$OUT/train.err" steps) steps, $(train_summary "$OUT/train.err" tps) tokens/s"

awk -F'\t' 'NR > 1 && $8 != "" { print $2, exp($8) }' "$OUT/log.tsv" > "$OUT/valid.dat"
gnuplot -e "$PNG; set output '$OUT/valid.png'; set grid; set logscale y;
  set title 'PTB word LSTM 2 x 256, tied, regularised: validation perplexity'; set xlabel 'epoch'; set ylabel 'perplexity';
  plot '$OUT/valid.dat' with linespoints lw 2 title 'LSTM',
       $(ppl "$OUT/kn5.valid.lp") with lines dt 2 lw 2 title 'KN5'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
