#!/usr/bin/env bash
# 08 — Bits per byte across tokenizers: the same Tiny Shakespeare text
# modelled as characters, bytes and words, by an n-gram and by an LSTM.
#
# Perplexity is per token, and a word is worth about 5 characters: a word
# model's perplexity of 200 and a char model's of 4.5 say nothing about
# which is better.  Every logprobs stream carries the bytes of text it
# covers, so lm-ppl can divide the same total -log2 P(text) by the bytes:
# bits per byte compares models whatever their tokens.  (Tiny Shakespeare
# is ASCII, so char and byte tokens are the same symbols: their rows
# should agree, which is a check.)  One caveat on words: a held-out word
# outside the training vocabulary is scored as <unk>, whose probability is
# that of *some* rare word, not of its spelling, so the word rows are
# optimistic by the cost of spelling the OOVs; the oovs column says how
# many there are.
#
# Split: nanoGPT's (first 1003854 bytes train, the rest valid).  Word mode
# keeps the 10000 most frequent training words (whitespace-separated, so
# "Romeo," and "Romeo" are different words), one line = one sentence.
#
#   EX_QUICK=1   EX_TIME=SEC (default 180 per LSTM)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/08-bits-per-byte}
TIME=${EX_TIME:-$(quick 3 180)}
mkdir -p "$OUT"
stamp "$OUT" "n-grams: char/byte order 5, word order 3 (mkn); LSTMs 2 x 256 --time $TIME each, --threads $THREADS"
T0=$SECONDS
shakespeare "$OUT"          # train.txt, valid.txt (and char tokens we redo below)

echo "== Tokenize the same text three ways"
for mode in char byte word; do
  mv=(); if [ "$mode" = word ]; then mv=(--max-vocab 10000); fi
  lm-tokenize --mode "$mode" "${mv[@]}" "$OUT/train.txt" > "$OUT/$mode.train.tok"
  lm-tokenize --vocab "$OUT/$mode.train.tok" "$OUT/valid.txt" > "$OUT/$mode.valid.tok"
done

echo "== n-grams: order 5 on chars and bytes, order 3 on words (modified Kneser-Ney)"
for mode in char byte word; do
  n=$([ $mode = word ] && echo 3 || echo 5)
  lm-ngram -o "$n" "$OUT/$mode.train.tok" > "$OUT/$mode.ngram.lm"
  lm-score "$OUT/$mode.ngram.lm" "$OUT/$mode.valid.tok" | lm-ppl --json > "$OUT/$mode.ngram.json"
  echo "$n" > "$OUT/$mode.ngram.order"
done

echo "== LSTMs: 2 x 256, Adam, $TIME s each"
# The word model's window is 35 tokens (about 150 characters), the char
# and byte models' 100 characters: each sees a comparable stretch of text.
for mode in char byte word; do
  T=$([ $mode = word ] && echo 35 || echo 100)
  lm-train --force --cell lstm --layers 2 --hidden 256 --batch 32 --seq "$T" --optimizer adam --lr 0.002 \
    --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/$mode.valid.tok" \
    --eval-every 100000 -o "$OUT/$mode.lstm.lm" "$OUT/$mode.train.tok" 2> "$OUT/$mode.lstm.err"
  cat "$OUT/$mode.lstm.err"
  lm-score --threads "$THREADS" "$OUT/$mode.lstm.lm" "$OUT/$mode.valid.tok" | lm-ppl --json > "$OUT/$mode.lstm.json"
done

echo "== Table: validation text ($(wc -c < "$OUT/valid.txt") bytes)"
{ printf 'tokens\tmodel\tvocabulary\tvalid tokens\toovs\tppl (per token)\tbits/token\tbits/byte\n'
  for model in ngram lstm; do
    for mode in char byte word; do
      j=$OUT/$mode.$model.json
      v=$(sed -n 's/.*vocabulary \([0-9]*\):.*/\1/p' "$OUT/$mode.lstm.err" | head -1)   # as lm-train counted it
      name=$([ $model = ngram ] && echo "$(cat "$OUT/$mode.ngram.order")-gram mkn" || echo "LSTM 2x256, $TIME s")
      printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.4f\n' "$mode" "$name" "$v" "$(json tokens < "$j")" \
        "$(json oovs < "$j")" "$(json ppl < "$j")" "$(json bits_per_token < "$j")" "$(json bits_per_byte < "$j")"
    done
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

gnuplot -e "$PNG; set output '$OUT/bits-per-byte.png'; set grid ytics;
  set title 'Tiny Shakespeare validation: bits per byte, the measure that compares tokenizers';
  set style data histogram; set style histogram clustered gap 1; set style fill solid 0.7 border -1;
  set datafile separator '\t'; set ylabel 'bits per byte'; set yrange [0:*];
  plot '< awk -F\"\t\" \"NR > 1 && \\\$2 ~ /gram/\" $OUT/table.tsv' using 8:xtic(1) title 'n-gram',
       '< awk -F\"\t\" \"NR > 1 && \\\$2 ~ /LSTM/\" $OUT/table.tsv' using 8 title 'LSTM'"

keep_figures "$OUT"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
