#!/usr/bin/env bash
# 09 — Attention: why Bahdanau et al. (2015) added it to the encoder-
# decoder.  The plain encoder-decoder (Cho et al. 2014; --attention none)
# must squeeze the whole source into its final states; additive attention
# lets every decoder step look back at every source position.  On string
# reversal the difference grows with the length of the source: the plain
# model's exact-match accuracy falls as the strings get longer, the
# attentive one's does not (their figure 2, on a task anyone can
# generate).  Both models get the same parameter count (the plain one's
# hidden size is chosen by --params to match) and the same training time.
#
# Then date normalisation ("Thursday, June 3, 2021" -> "2021-06-03"), and
# the attention matrix of one held-out date as a heatmap: each output
# character's weights over the input characters (the alignment).
#
# Data: examples/data/make-pairs.py, seeded; test sources never occur in
# training.  Exact match: lm-sample --greedy's output equals the target.
# Bits per char: lm-score's target logprobs (the end symbol counted as one
# char) per source length.
#
#   EX_QUICK=1   EX_TIME=SEC (default 300 per reversal model, 300 for dates)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/09-attention}
TIME=${EX_TIME:-$(quick 5 300)}
DTIME=${EX_TIME:-$(quick 5 300)}
H=$(quick 64 128)
NTRAIN=$(quick 5000 60000)
NTEST=$(quick 600 2000)
mkdir -p "$OUT"
stamp "$OUT" "reversal: gru 1 layer, bidirectional, attention hidden $H vs none at equal params, --time $TIME each; dates: --time $DTIME; --threads $THREADS"
T0=$SECONDS
PY=/usr/bin/python3

echo "== Data: reversal (lengths 5-60) and dates, seeded, disjoint splits"
$PY examples/data/make-pairs.py reverse "$OUT/rev" --seed 1 --train "$NTRAIN" --valid 500 --test "$NTEST"
$PY examples/data/make-pairs.py dates "$OUT/dates" --seed 2 --train "$NTRAIN" --valid 500 --test 2000
for task in rev dates; do
  lm-tokenize --pairs "$OUT/$task/train.txt" > "$OUT/$task/train.pairs"
  for s in valid test; do
    lm-tokenize --pairs --vocab "$OUT/$task/train.pairs" "$OUT/$task/$s.txt" > "$OUT/$task/$s.pairs"
  done
done

echo "== Reversal: attention (hidden $H) and none at the same parameter count, $TIME s each"
common=(--arch seq2seq --cell gru --layers 1 --batch 64 --lr 0.002 --schedule cosine --lr-min 0.0001 --clip 5 --seed 1 --time "$TIME"
        --threads "$THREADS" --valid "$OUT/rev/valid.pairs" --eval-every 200)
lm-train --force "${common[@]}" --attention additive --hidden "$H" --log "$OUT/additive.log" \
  -o "$OUT/additive.s2s" "$OUT/rev/train.pairs" 2> "$OUT/additive.err"
cat "$OUT/additive.err"
P=$(train_summary "$OUT/additive.err" params)
lm-train --force "${common[@]}" --attention none --params "$P" --log "$OUT/none.log" \
  -o "$OUT/none.s2s" "$OUT/rev/train.pairs" 2> "$OUT/none.err"
cat "$OUT/none.err"

echo "== Decode the $NTEST test sources (greedy) and score their targets"
for a in additive none; do
  cut -f1 "$OUT/rev/test.txt" | lm-sample "$OUT/$a.s2s" --greedy -n 80 > "$OUT/$a.out"
  lm-score --threads "$THREADS" "$OUT/$a.s2s" "$OUT/rev/test.pairs" > "$OUT/$a.lp"
  lm-dump --full "$OUT/$a.lp" > "$OUT/$a.lp.json"
done

# Per source length (buckets of 5): exact match and target bits per char.
$PY - "$OUT" <<'PY' > "$OUT/by-length.tsv"
import json, math, sys
d = sys.argv[1]
pairs = [l.rstrip('\n').split('\t') for l in open(f'{d}/rev/test.txt')]
print('length\tmodel\tpairs\texact_match\tbits_per_char')
for model in ('additive', 'none'):
    out = [l.rstrip('\n') for l in open(f'{d}/{model}.out')]
    assert len(out) == len(pairs)
    rows = [json.loads(l) for l in open(f'{d}/{model}.lp.json')]
    eos = rows[0]['vocab']['eos']
    ids, lp = [], []
    for r in rows[1:]:
        ids += r['ids']['values']; lp += r['logp']['values']
    per, cur = [], 0.0
    for i, l in zip(ids, lp):
        cur += l
        if i == eos: per.append(cur); cur = 0.0
    assert len(per) == len(pairs)
    buckets = {}
    for (s, t), o, nats in zip(pairs, out, per):
        b = buckets.setdefault(5 * (len(s) // 5), [0, 0, 0.0, 0])
        b[0] += 1; b[1] += o == t; b[2] += -nats / math.log(2); b[3] += len(t) + 1
    for k in sorted(buckets):
        n, ok, bits, chars = buckets[k]
        print(f'{k}\t{model}\t{n}\t{ok / n:.4f}\t{bits / chars:.4f}')
PY
show "$OUT/by-length.tsv"

gnuplot -e "$PNG; set output '$OUT/accuracy-by-length.png'; set grid;
  set title 'String reversal: exact match by source length (equal parameters, equal time)';
  set xlabel 'source length (bucket start)'; set ylabel 'exact match'; set yrange [0:1.05];
  set datafile separator '\t'; set key bottom left;
  plot '< grep additive $OUT/by-length.tsv' using 1:4 with linespoints lw 2 title 'additive attention',
       '< grep none $OUT/by-length.tsv' using 1:4 with linespoints lw 2 title 'none (encoder-decoder)'"
gnuplot -e "$PNG; set output '$OUT/bits-by-length.png'; set grid;
  set title 'String reversal: target bits per char by source length';
  set xlabel 'source length (bucket start)'; set ylabel 'bits per char'; set logscale y;
  set datafile separator '\t'; set key top left;
  plot '< grep additive $OUT/by-length.tsv' using 1:5 with linespoints lw 2 title 'additive attention',
       '< grep none $OUT/by-length.tsv' using 1:5 with linespoints lw 2 title 'none (encoder-decoder)'"

echo "== Dates: attention, $DTIME s, exact match on 2000 held-out dates"
lm-train --force --arch seq2seq --cell gru --layers 1 --hidden "$H" --batch 64 --seed 1 --time "$DTIME" \
  --threads "$THREADS" --valid "$OUT/dates/valid.pairs" --eval-every 200 \
  -o "$OUT/dates.s2s" "$OUT/dates/train.pairs" 2> "$OUT/dates.err"
cat "$OUT/dates.err"
cut -f1 "$OUT/dates/test.txt" | lm-sample "$OUT/dates.s2s" --greedy -n 20 > "$OUT/dates.out"
paste <(cut -f2 "$OUT/dates/test.txt") "$OUT/dates.out" |
  awk -F'\t' '$1 == $2 { c++ } END { printf "dates: %d of %d exact (%.2f %%)\n", c, NR, 100 * c / NR }' |
  tee "$OUT/dates.txt"
src=$(sed -n 3p "$OUT/dates/test.txt" | cut -f1)
lm-sample "$OUT/dates.s2s" --greedy --source "$src" --attention-out "$OUT/date-attention.tsv" > "$OUT/date.out"
echo "heatmap of: '$src' -> '$(cat "$OUT/date.out")'"
# tick labels: the source's and the output's characters
xt=$($PY -c "import sys; s=sys.argv[1]; print(', '.join('\"%s\" %d' % (c.replace('\"', ''), i) for i, c in enumerate(s)))" "$src")
yt=$($PY -c "import sys; s=sys.argv[1] + '\$'; print(', '.join('\"%s\" %d' % (c, i) for i, c in enumerate(s)))" "$(cat "$OUT/date.out")")
gnuplot -e "$PNG; set output '$OUT/date-attention.png';
  set title 'Attention weights: \"$src\" -> \"$(cat "$OUT/date.out")\" (\$ = end symbol)';
  set xlabel 'source character'; set ylabel 'output character'; set yrange [*:*] reverse;
  set xtics ($xt); set ytics ($yt); set palette grey negative; set cbrange [0:1];
  set datafile separator '\t';
  plot '< tail -n +2 $OUT/date-attention.tsv' using 3:2:4 with image notitle"

keep_figures "$OUT"
[ "$QUICK" = 1 ] || cp "$OUT/by-length.tsv" "$OUT/dates.txt" "examples/figures/$(basename "$OUT")/"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
