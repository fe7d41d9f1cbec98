#!/usr/bin/env bash
# make demo — the pipeline as far as it exists today: tokenize Tiny
# Shakespeare with nanoGPT's 90/10 split, prove the round trip, look inside
# the streams.  (Lab 01 — training and sampling — replaces this once
# lm-train and lm-sample land.)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
export PATH="$PWD/$BIN:$PATH"
DATA=../shared/data/tinyshakespeare/input.txt
OUT=${OUT:-results/demo}
mkdir -p "$OUT"
if [ ! -f "$DATA" ]; then
  DATA=$OUT/input.txt
  [ -f "$DATA" ] || curl -fsSL -o "$DATA" \
    https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt
fi
echo "== Tiny Shakespeare: $(wc -c < "$DATA") bytes"
head -c 1003854 "$DATA" > "$OUT/train.txt"
tail -c +1003855 "$DATA" > "$OUT/valid.txt"
lm-tokenize "$OUT/train.txt" > "$OUT/train.tok"
lm-tokenize --vocab "$OUT/train.tok" "$OUT/valid.txt" > "$OUT/valid.tok"
echo "== vocabulary:"
lm-dump --header "$OUT/train.tok" | grep -o '"tokens": \[[^]]*\]' | cut -c1-120
echo "== first record of the training stream:"
lm-dump --head 12 "$OUT/train.tok" | sed -n 2p
lm-tokenize --decode "$OUT/train.tok" | cmp - "$OUT/train.txt" && echo "== round trip: decode(tokenize(train.txt)) == train.txt"
