#!/usr/bin/env bash
# make demo — Lab 01: a character-level LSTM on Tiny Shakespeare, trained
# from scratch in a few minutes on this machine's cores, then asked to
# write.  Every step is one lm tool; read this file as the recipe.
#
#   DEMO_TIME=SEC (default 180) is the training budget; OUT the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
export PATH="$PWD/$BIN:$PATH"
# Tiny Shakespeare ships in data/ (a copy in $LM_DATA or ../shared/data is
# the same file).
DATA=data/tinyshakespeare/input.txt
OUT=${OUT:-results/demo}
TIME=${DEMO_TIME:-180}
THREADS=${THREADS:-$(nproc)}
mkdir -p "$OUT"

echo "== 1. Tokenize: Tiny Shakespeare ($(wc -c < "$DATA") bytes), nanoGPT's split: 90 % train, 10 % valid"
head -c 1003854 "$DATA" > "$OUT/train.txt"
tail -c +1003855 "$DATA" > "$OUT/valid.txt"
lm-tokenize --mode char "$OUT/train.txt" > "$OUT/train.tok"
lm-tokenize --vocab "$OUT/train.tok" "$OUT/valid.txt" > "$OUT/valid.tok"
lm-tokenize --decode "$OUT/train.tok" | cmp - "$OUT/train.txt"
echo "   $(lm-dump --header "$OUT/train.tok" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["vocab"]["tokens"]))') characters in the vocabulary; decode(tokenize(text)) == text"

echo "== 2. Train: LSTM, 2 layers x 256, BPTT 100, Adam, clip 5, dropout 0.1; $TIME s on $THREADS threads"
lm-train --force --cell lstm --layers 2 --hidden 256 --batch 32 --seq 100 --optimizer adam --lr 0.003 \
  --schedule cosine --lr-min 0.0003 --clip 5 --dropout 0.1 --time "$TIME" --threads "$THREADS" \
  --valid "$OUT/valid.tok" --eval-every 100 --log "$OUT/log.tsv" -o "$OUT/model.lm" "$OUT/train.tok"

echo "== 3. Score the held-out 10 %: lm-score | lm-ppl"
lm-score --threads "$THREADS" "$OUT/model.lm" "$OUT/valid.tok" | lm-ppl | tee "$OUT/valid.ppl"

if command -v gnuplot > /dev/null; then
  echo "== The validation loss as it trained (nats/char against seconds; $OUT/loss.png)"
  awk -F'\t' 'NR > 1 && $8 != "" { print $4, $8 }' "$OUT/log.tsv" > "$OUT/valid.dat"
  gnuplot -e "set terminal dumb 78 20; set xlabel 'seconds'; set key off; plot '$OUT/valid.dat' with lines" 2>/dev/null || true
  awk -F'\t' 'NR > 1 && $8 == "" { print $4, $6 }' "$OUT/log.tsv" > "$OUT/train.dat"
  gnuplot -e "set terminal png size 800,500; set output '$OUT/loss.png'; set grid;
    set xlabel 'seconds'; set ylabel 'nats per character';
    plot '$OUT/train.dat' with lines title 'train', '$OUT/valid.dat' with linespoints title 'valid'" \
    2>/dev/null || true
fi

# The prime ends with the line break after the speaker's name: a model
# starts from the zero state, which training visits only at the start of
# an epoch, and needs a few characters of context to find its feet.
echo "== 4. Sample: 400 characters each, after the prime 'ROMEO:' and a line break"
sample() {
  echo "--- $1"
  shift
  lm-sample "$OUT/model.lm" --prime $'ROMEO:\n' -n 400 --seed 7 "$@"
  echo
}
sample "temperature 0.5" --temperature 0.5
sample "temperature 0.8" --temperature 0.8
sample "temperature 1.0" --temperature 1.0
sample "top-p 0.9" --top-p 0.9
sample "greedy" --greedy
