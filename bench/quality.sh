#!/usr/bin/env bash
# bench/quality.sh — quality in a time budget, side by side: lm-train and
# PyTorch train the same model (Tiny Shakespeare, nanoGPT's split; lstm
# 2x128, batch 50, seq 50, Adam 0.002, clip 5 — PyTorch's configuration of
# issue 5) for SEC seconds of wall clock each on the same cores, one after
# the other, both evaluated every EVAL steps in lm's evaluation convention
# (bench/torch_rnn.py's valid_loss equals lm-score's to 1e-7).  PyTorch's
# evaluations (about 5 s each, lm's about 1 s) are not counted in its SEC;
# lm-train's --time counts its own.
#
#   bench/quality.sh [SEC]        (default 300; measures the tools of `make`, in bin/)
#   SEEDS="1 2 3" LM_ARGS="--forget-bias 0" EVAL=500 THREADS=2
#
# LM_ARGS defaults to --forget-bias 0: PyTorch's nn.LSTM initialisation
# (lm's own default, a forget bias of 1, learns slower early on this task;
# lm-train(1)); LM_ARGS="--forget-bias 0 --average 0.999" measures
# lm-train's weight averaging (the same training; the model is the
# average).  Prints per run: steps, tokens/s, the validation loss at the
# end, the lowest validation loss seen (what --best keeps), and when the
# run first reached PyTorch's final loss of the same seed.  Per-evaluation TSVs
# stay in build/bench/work/quality/, and curves.png plots them (gnuplot).
#
# HOLDOUT=1 asks whether the model with the lowest validation loss is
# better, or only chosen by the noise of the evaluations: both tools
# evaluate (and choose their kept model) on the first half of the
# validation text only, and both the last and the kept model are then
# scored on the second half, which took no part in the choice.
set -euo pipefail
cd "$(dirname "$0")/.."
SEC=${1:-300}
SEEDS=${SEEDS:-1}
EVAL=${EVAL:-500}
THREADS=${THREADS:-2}
LM_ARGS=${LM_ARGS:---forget-bias 0}
BIN=${BENCH_BIN:-bin}
W=build/bench/work
Q=$W/quality
PY=/usr/bin/python3
export PATH="$PWD/$BIN:$PATH"
[ -x "$BIN/lm-train" ] || { echo "quality.sh: no $BIN/lm-train; run make first" >&2; exit 1; }
mkdir -p "$Q"

. bench/data.sh   # ts_data: nanoGPT's split, tokens and uint32 ids
ts_data "$Q"
HOLDOUT=${HOLDOUT:-0}
VA=$Q/ts.valid   # what both evaluate during training
TEST=()          # PyTorch's --test
if [ "$HOLDOUT" = 1 ]; then
  half=$(( $(wc -c < "$Q/ts.valid.txt") / 2 ))
  head -c "$half" "$Q/ts.valid.txt" > "$Q/ts.sel.txt"
  tail -c +"$((half + 1))" "$Q/ts.valid.txt" > "$Q/ts.held.txt"
  for h in sel held; do
    lm-tokenize --vocab "$Q/ts.train.tok" "$Q/ts.$h.txt" > "$Q/ts.$h.tok"
    ids_file "$Q/ts.$h.tok" "$Q/ts.$h.u32"
  done
  VA=$Q/ts.sel
  TEST=(--test "$Q/ts.held.u32")
fi
V=$(lm-dump "$Q/ts.train.tok" | head -1 | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["vocab"]["tokens"]))')

# step, seconds, valid loss per evaluation -> "end best first-time-at-or-below"
summary() {   # tsv target
  awk -F'\t' -v t="$2" '{ e = $3; if (b == "" || e < b) b = e; if (hit == "" && t != "" && e <= t) hit = $2 }
    END { printf "%s\t%s\t%s\n", e, b, hit == "" ? "-" : hit }' "$1"
}

# nats/token of MODEL on TOKENS
score() { lm-score "$1" "$2" | lm-ppl --json | $PY -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["nats_per_token"])'; }

printf 'seed\ttool\tsteps\ttok/s\tvalid at end\tlowest valid\tfirst <= PyTorch end (s)' > "$Q/table.tsv"
[ "$HOLDOUT" = 1 ] && printf '\theld-out: last\theld-out: kept' >> "$Q/table.tsv"
echo >> "$Q/table.tsv"
for seed in $SEEDS; do
  echo "quality: seed $seed: PyTorch, $SEC s" >&2
  OPENBLAS_NUM_THREADS=$THREADS OMP_WAIT_POLICY=PASSIVE $PY bench/torch_rnn.py --ids "$Q/ts.train.u32" \
    --vocab "$V" --time "$SEC" --valid "$VA.u32" --eval-every "$EVAL" --threads "$THREADS" \
    --seed "$seed" "${TEST[@]}" > "$Q/torch.$seed.json" 2> "$Q/torch.$seed.err"
  grep -P '^\d+\t' "$Q/torch.$seed.err" | cut -f1,2,4 > "$Q/torch.$seed.tsv"
  pt_end=$(tail -1 "$Q/torch.$seed.tsv" | cut -f3)
  pt_rate=$($PY -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["tokens_per_s"]))' "$Q/torch.$seed.json")
  printf '%s\tPyTorch\t%s\t%s\t%s' "$seed" "$(tail -1 "$Q/torch.$seed.tsv" | cut -f1)" "$pt_rate" \
    "$(summary "$Q/torch.$seed.tsv" "$pt_end")" >> "$Q/table.tsv"
  [ "$HOLDOUT" = 1 ] && $PY -c 'import json,sys; j = json.load(open(sys.argv[1]))
print("\t%.4f\t%.4f" % (j["test_loss"], j["best_test_loss"]), end="")' "$Q/torch.$seed.json" >> "$Q/table.tsv"
  echo >> "$Q/table.tsv"

  echo "quality: seed $seed: lm-train $LM_ARGS, $SEC s" >&2
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=$THREADS lm-train --force --cell lstm --layers 2 --hidden 128 --batch 50 --seq 50 \
    --optimizer adam --lr 0.002 --clip 5 $LM_ARGS --seed "$seed" --time "$SEC" --threads "$THREADS" \
    --valid "$VA.tok" --eval-every "$EVAL" --best "$Q/lm.$seed.best.lm" --log "$Q/lm.$seed.log" \
    --quiet -o "$Q/lm.$seed.lm" "$Q/ts.train.tok"
  awk -F'\t' 'NR > 1 && $8 != "" { print $1 "\t" $4 "\t" $8 }' "$Q/lm.$seed.log" > "$Q/lm.$seed.tsv"
  lm_rate=$(awk -F'\t' 'NR > 1 { k = $3; s = $4 } END { printf "%.0f", k / s }' "$Q/lm.$seed.log")
  printf '%s\tlm\t%s\t%s\t%s' "$seed" "$(tail -1 "$Q/lm.$seed.tsv" | cut -f1)" "$lm_rate" \
    "$(summary "$Q/lm.$seed.tsv" "$pt_end")" >> "$Q/table.tsv"
  [ "$HOLDOUT" = 1 ] && printf '\t%s\t%s' "$(score "$Q/lm.$seed.lm" "$Q/ts.held.tok")" \
    "$(score "$Q/lm.$seed.best.lm" "$Q/ts.held.tok")" >> "$Q/table.tsv"
  echo >> "$Q/table.tsv"
done
column -t -s "$(printf '\t')" "$Q/table.tsv"

# The curves: validation loss against wall-clock seconds, both tools, each seed.
if command -v gnuplot > /dev/null; then
  term=$(gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo && echo "pngcairo font ',10'" || echo png)
  plots=
  for seed in $SEEDS; do
    plots="$plots${plots:+, }'$Q/torch.$seed.tsv' using 2:3 with linespoints title 'PyTorch, seed $seed',"
    plots="$plots '$Q/lm.$seed.tsv' using 2:3 with linespoints title 'lm-train $LM_ARGS, seed $seed'"
  done
  gnuplot -e "set terminal $term size 900,560; set output '$Q/curves.png'; set grid;
    set title 'Tiny Shakespeare, lstm 2x128, batch 50, seq 50, Adam 0.002, clip 5; $THREADS threads';
    set xlabel 'seconds of wall clock'; set ylabel 'validation loss (nats/char)'; set yrange [*:1.8];
    plot $plots"
  echo "quality: the curves are in $Q/curves.png" >&2
fi
