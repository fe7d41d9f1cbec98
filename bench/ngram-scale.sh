#!/usr/bin/env bash
# bench/ngram-scale.sh [BIN] — lm-ngram beside KenLM's lmplz at scale
# (issue 20): the Linux kernel's C source as *word* tokens (split on white
# space) and its Documentation/ text, 5-gram modified Kneser-Ney, both
# tools under the same memory bound (lm-ngram --memory, lmplz -S).
# Prints TSV rows as bench/ngram.sh does; bench/run calls it only with
# BENCH_SCALE=1 (it takes minutes).  Every command is one timed run (no
# repeats: each takes minutes).
#
#   SCALE_C=FILE    the C training text (default: the 100 MB prefix of the
#                   kernel's train split, linux.c.100M.txt; the whole train
#                   split, linux.c.train.txt, is 1.16 GB)
#   SCALE_MEM=SIZE  the bound for both (default 2G)
#   SCALE_C_TEST, SCALE_DOC, SCALE_DOC_TEST: the other texts (defaults: the
#                   kernel's C test split, Documentation's train and test)
#
# The corpora come from examples/data/linux.sh ($LM_DATA/linux, default
# ~/.cache/lm/linux).  Both tools get the same text: lmplz reserves <s>,
# </s> and <unk>, so those words are renamed first, and \r \v \f become
# spaces (lm-tokenize splits on them, lmplz need not).  The test-set
# perplexities are both computed by lm-score | lm-ppl, lmplz's model
# loaded from its ARPA file, so they differ only by the estimates; the
# row gives their relative difference.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(dirname "$(command -v lm-ngram 2>/dev/null || echo bin/lm-ngram)")}
LINUX=${LM_DATA:-$HOME/.cache/lm}/linux
SCALE_C=${SCALE_C:-$LINUX/linux.c.100M.txt}
SCALE_C_TEST=${SCALE_C_TEST:-$LINUX/linux.c.test.txt}
SCALE_DOC=${SCALE_DOC:-$LINUX/linux.doc.train.txt}
SCALE_DOC_TEST=${SCALE_DOC_TEST:-$LINUX/linux.doc.test.txt}
MEM=${SCALE_MEM:-2G}
TIME=/usr/bin/time
W=$(mktemp -d "${BENCH_WORK:-/tmp}/ngram-scale.XXXXXX")
trap 'rm -rf "$W"' EXIT
[ -f "$SCALE_C" ] || examples/data/linux.sh >&2
KEN=$(bash bench/build-kenlm.sh 2>/dev/null) || KEN=

row() {   # row WHAT LM PEER UNIT higher|lower
  awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" -v d="$5" 'BEGIN {
  r = (a == "-" || b == "-" || a == 0 || b == 0) ? "-" : sprintf("%.2f", d == "higher" ? a / b : b / a)
  printf "%s\t%s\t%s\t%s\t%s\n", w, a, b, r, u }'; }
timed() {  # timed CMD: runs it once; prints "seconds peak_kb"
  $TIME -f '%e %M' bash -c "$1" 2>&1 >/dev/null | tail -n 1
}
clean() { sed 's/<s>/_S_/g; s/<\/s>/_ES_/g; s/<unk>/_UNK_/g' "$1" | tr '\r\v\f' '   '; }
ppl() {  # ppl MODEL TEXT: tokenized with the model's own vocabulary
  "$BIN/lm-tokenize" --vocab "$1" "$2" | "$BIN/lm-score" "$1" | "$BIN/lm-ppl" --json | sed -n 's/.*"ppl": \([^,}]*\).*/\1/p'
}

# one corpus: NAME TRAIN TEST
bench() {
  local name=$1 train=$W/$1.train.txt test=$W/$1.test.txt
  clean "$2" > "$train"
  clean "$3" > "$test"
  "$BIN/lm-tokenize" --mode word "$train" > "$W/$name.train.tok"
  local ntok
  ntok=$("$BIN/lm-dump" "$W/$name.train.tok" | tail -n +2 | grep -o '"ids": {"u32": [0-9]*' |
         awk '{ s += $NF } END { print s }')
  read -r lm_s lm_kb <<< "$(timed "'$BIN/lm-ngram' -q -o 5 -S $MEM -T '$W' '$W/$name.train.tok' > '$W/$name.lm'")"
  local lm_ppl ken_s=- ken_kb=- ken_ppl=- rel=-
  lm_ppl=$(ppl "$W/$name.lm" "$test")
  rm -f "$W/$name.lm"
  if [ -n "$KEN" ]; then
    read -r ken_s ken_kb <<< "$(timed "'$KEN/lmplz' -o 5 -S $MEM --discount_fallback -T '$W' < '$train' > '$W/$name.arpa' 2>/dev/null")"
    ken_ppl=$(ppl "$W/$name.arpa" "$test")
    rm -f "$W/$name.arpa"
    rel=$(awk -v a="$lm_ppl" -v b="$ken_ppl" 'BEGIN { d = (a - b) / b; printf "%.2e", d < 0 ? -d : d }')
  fi
  row "lm-ngram -o 5 -S $MEM vs lmplz -S $MEM, $name ($ntok words), wall" "$lm_s" "$ken_s" s lower
  row "lm-ngram -o 5 -S $MEM vs lmplz -S $MEM, $name, peak RSS" "$lm_kb" "$ken_kb" KB lower
  row "5-gram mkn $name test perplexity, lm-ngram vs lmplz (|rel diff| $rel)" "$lm_ppl" "$ken_ppl" ppl lower
  rm -f "$W/$name".*
}

bench "kernel-C" "$SCALE_C" "$SCALE_C_TEST"
bench "kernel-Documentation" "$SCALE_DOC" "$SCALE_DOC_TEST"
