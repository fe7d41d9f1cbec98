#!/usr/bin/env bash
# bench/ngram.sh [BIN] — lm-ngram and lm-score on the Penn Treebank beside
# KenLM (lmplz, query).  Prints TSV rows on stdout:
#   what <TAB> lm <TAB> peer <TAB> ratio <TAB> unit
# ratio > 1: lm is better (faster or smaller), as in bench/run, which calls
# this script with the bench build first on PATH.  BIN defaults to the
# directory of the lm-ngram on PATH, else bin/; BENCH_WORK to a temp dir.
# Each timing is the best of REPEAT runs (default 3).  KenLM comes from
# bench/build-kenlm.sh (built once into a cache outside the repository);
# without it the peer columns are "-".  lmplz refuses PTB's literal <unk>,
# so its input has <unk> renamed to a plain word (as for the reference
# perplexities in ../shared/data/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(dirname "$(command -v lm-ngram 2>/dev/null || echo bin/lm-ngram)")}
REPEAT=${REPEAT:-3}
PTB=../shared/data/ptb
TIME=/usr/bin/time
W=$(mktemp -d "${BENCH_WORK:-/tmp}/ngram.XXXXXX")
trap 'rm -rf "$W"' EXIT
KEN=$(bash bench/build-kenlm.sh 2>/dev/null) || KEN=

# best_of CMD...: runs CMD REPEAT times; prints "seconds peak_kb" of the fastest
best_of() {
  local best= rss= i out
  for i in $(seq "$REPEAT"); do
    out=$($TIME -f '%e %M' bash -c "$1" 2>&1 >/dev/null | tail -n 1)
    if [ -z "$best" ] || awk -v a="${out% *}" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=${out% *} rss=${out#* }
    fi
  done
  echo "$best $rss"
}
row() {   # row WHAT LM PEER UNIT higher|lower (which is better)
  awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" -v d="$5" 'BEGIN {
  r = (a == "-" || b == "-" || a == 0 || b == 0) ? "-" : sprintf("%.2f", d == "higher" ? a / b : b / a)
  printf "%s\t%s\t%s\t%s\t%s\n", w, a, b, r, u }'; }

"$BIN/lm-tokenize" --mode word < "$PTB/ptb.train.txt" > "$W/train.tok"
"$BIN/lm-tokenize" --mode word --vocab "$W/train.tok" < "$PTB/ptb.test.txt" > "$W/test.tok"
sed 's/<unk>/UNKWORD/g' "$PTB/ptb.train.txt" > "$W/train.txt"
sed 's/<unk>/UNKWORD/g' "$PTB/ptb.test.txt" > "$W/test.txt"

read -r lm_s lm_kb <<< "$(best_of "'$BIN/lm-ngram' -q -o 5 '$W/train.tok' > '$W/kn5.lm'")"
"$BIN/lm-ngram" -q -o 5 "$W/train.tok" > "$W/kn5.lm"
read -r tk_s _ <<< "$(best_of "'$BIN/lm-tokenize' --mode word '$PTB/ptb.train.txt' | '$BIN/lm-ngram' -q -o 5 > /dev/null")"
ken_s=- ken_kb=- q_s=-
if [ -n "$KEN" ]; then
  read -r ken_s ken_kb <<< "$(best_of "'$KEN/lmplz' -o 5 -S 100M --discount_fallback -T '$W' < '$W/train.txt' > '$W/ken5.arpa' 2>/dev/null")"
  "$KEN/lmplz" -o 5 -S 100M --discount_fallback -T "$W" < "$W/train.txt" > "$W/ken5.arpa" 2>/dev/null
  read -r q_s _ <<< "$(best_of "'$KEN/query' '$W/ken5.arpa' < '$W/test.txt' > /dev/null 2>&1")"
fi
read -r s_s _ <<< "$(best_of "'$BIN/lm-score' '$W/kn5.lm' '$W/test.tok' > /dev/null")"
ngrams=$("$BIN/lm-dump" "$W/kn5.lm" | tail -n +2 |
         grep -o '"word": {"u32": [0-9]*' | awk '{ s += $NF } END { print s }')
tokens=82430

row "lm-ngram -o 5 PTB train (tokens in) vs lmplz -o 5 -S 100M (text in), wall" "$lm_s" "$ken_s" s lower
row "lm-tokenize | lm-ngram -o 5 PTB train vs lmplz, wall" "$tk_s" "$ken_s" s lower
row "lm-ngram -o 5 PTB train vs lmplz -S 100M, peak RSS" "$lm_kb" "$ken_kb" KB lower
row "lm-ngram -o 5 PTB train, n-grams estimated per second" \
    "$(awk -v n="$ngrams" -v s="$lm_s" 'BEGIN { printf "%.0f", n / s }')" - n-grams/s higher
q_tps=-
[ "$q_s" != - ] && q_tps=$(awk -v s="$q_s" -v n="$tokens" 'BEGIN { printf "%.0f", n / s }')
row "lm-score kn5.lm vs query kn5.arpa, PTB test, load included" \
    "$(awk -v s="$s_s" -v n="$tokens" 'BEGIN { printf "%.0f", n / s }')" "$q_tps" tokens/s higher
