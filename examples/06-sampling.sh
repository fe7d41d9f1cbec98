#!/usr/bin/env bash
# 06 — Decoding strategies side by side, from one Tiny Shakespeare LSTM.
#
# The same model, the same prime and seed; only the rule that turns the
# next-character distribution into a character changes.  Two measures per
# strategy:
#   distinct-2   distinct character bigrams / all character bigrams of the
#                generated text (low = repetitive; computed with awk), and
#                the same for word bigrams (whitespace-separated words);
#   bits/char    the model's own bits per character of the generated text
#                (lm-tokenize --vocab | lm-score | lm-ppl): low = text the
#                model finds likely, i.e. conservative; human text scores
#                about the model's validation loss.
# Greedy and beam search go for likelihood and loop; high temperature goes
# for diversity and leaves the language.  For a character model, note that
# --no-repeat-ngram 3 bans every repeated character trigram ("the" once!)
# and --repetition-penalty applies to every character already seen, which
# soon is all of them: these were designed for word/subword models.
#
# The model: results/01-cells/lstm.lm if experiment 01 has been run, else
# an LSTM trained here (2 x 256, EX_TIME seconds, default 240).
#
#   EX_QUICK=1   EX_TIME=SEC   MODEL=FILE   N=chars per sample (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/06-sampling}
TIME=${EX_TIME:-$(quick 5 240)}
N=${N:-$(quick 200 600)}
mkdir -p "$OUT"
shakespeare "$OUT"

MODEL=${MODEL:-${EX_RESULTS:-results}/01-cells/lstm.lm}
if [ ! -f "$MODEL" ] || [ "$QUICK" = 1 ]; then
  MODEL=$OUT/lstm.lm
  echo "== Train the model: LSTM 2 x 256, $TIME s"
  lm-train --force --cell lstm --layers 2 --hidden 256 --batch 50 --seq 50 --optimizer adam --lr 0.002 \
    --clip 5 --time "$TIME" --threads "$THREADS" --valid "$OUT/valid.tok" --eval-every 100000 \
    -o "$MODEL" "$OUT/train.tok"
fi
stamp "$OUT" "model $MODEL, $N characters per strategy"
T0=$SECONDS
echo "== The model: $MODEL"
lm-score --threads "$THREADS" "$MODEL" "$OUT/valid.tok" | lm-ppl --json > "$OUT/valid.json"
echo "   its validation loss: $(json bits_per_char < "$OUT/valid.json") bits/char"

# name<TAB>options: every strategy with the prime 'ROMEO:' and seed 7
cat > "$OUT/strategies.tsv" <<'S'
greedy	--greedy
beam 5	--beam 5
temperature 0.5	--temperature 0.5
temperature 1.0	--temperature 1.0
temperature 1.5	--temperature 1.5
top-k 10	--top-k 10
top-p 0.9	--top-p 0.9
repetition penalty 1.3	--repetition-penalty 1.3
no-repeat 3-gram	--no-repeat-ngram 3
S

{ printf 'strategy\toptions\tdistinct-2 chars\tdistinct-2 words\tmodel bits/char\n'
  i=0
  while IFS="$(printf '\t')" read -r name opts; do
    i=$((i + 1)); f=$OUT/sample-$i.txt
    # shellcheck disable=SC2086  # opts is a list of options
    lm-sample "$MODEL" --prime 'ROMEO:' --no-echo -n "$N" --seed 7 $opts > "$f"
    d2c=$(awk 'BEGIN { RS = "\001" } { n = length($0); for (i = 1; i < n; i++) { b[substr($0, i, 2)]; t++ } }
               END { printf "%.3f", t ? length(b) / t : 0 }' "$f")
    d2w=$(tr -s ' \t\n' '\n' < "$f" | awk 'NF { if (p != "") { b[p " " $0]; t++ } p = $0 }
               END { printf "%.3f", t ? length(b) / t : 0 }')
    bpc=$(lm-tokenize --vocab "$MODEL" < "$f" | lm-score "$MODEL" | lm-ppl --json | json bits_per_char)
    printf '%s\t%s\t%s\t%s\t%.3f\n' "$name" "$opts" "$d2c" "$d2w" "$bpc"
    { echo "=== $name ($opts)"; cat "$f"; echo; echo; } >> "$OUT/texts.tmp"
  done < "$OUT/strategies.tsv"; } > "$OUT/table.tsv"
mv "$OUT/texts.tmp" "$OUT/texts.txt"
printf 'human text (validation)\t-\t%s\t%s\t%.3f\n' \
  "$(head -c "$N" "$OUT/valid.txt" | awk 'BEGIN { RS = "\001" } { n = length($0); for (i = 1; i < n; i++) { b[substr($0, i, 2)]; t++ } } END { printf "%.3f", length(b) / t }')" \
  "$(head -c "$N" "$OUT/valid.txt" | tr -s ' \t\n' '\n' | awk 'NF { if (p != "") { b[p " " $0]; t++ } p = $0 } END { printf "%.3f", length(b) / t }')" \
  "$(json bits_per_char < "$OUT/valid.json")" >> "$OUT/table.tsv"

echo "== The texts ($OUT/texts.txt), $N characters after 'ROMEO:'"
cat "$OUT/texts.txt"
echo "== Table (distinct-2 over the first $N characters for the human row; its bits/char over the whole validation text)"
show "$OUT/table.tsv"

gnuplot -e "$PNG; set output '$OUT/diversity-likelihood.png'; set grid;
  set title 'Decoding strategies: diversity against the model''s own likelihood';
  set xlabel 'model bits/char of the generated text'; set ylabel 'distinct-2 (character bigrams)';
  set datafile separator '\t'; set key off; set offsets 0.1, 0.3, 0.02, 0.02;
  plot '$OUT/table.tsv' using 5:3 every ::1 with points pt 7 ps 1.5,
       '' using 5:3:1 every ::1 with labels offset 1,0.6 left font ',9'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
