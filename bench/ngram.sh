#!/usr/bin/env bash
# bench/ngram.sh [BIN] — lm's n-gram tools on the Penn Treebank beside
# KenLM's, like for like: each row says what both sides read and write.
# Prints TSV rows on stdout:
#   what <TAB> lm <TAB> peer <TAB> ratio <TAB> unit
# ratio > 1: lm is better (faster or smaller), as in bench/run, which calls
# this script with the tools of `make` first on PATH.  BIN defaults to the
# directory of the lm-ngram on PATH, else bin/; BENCH_WORK to /tmp.
#
# Both sides read the same text: PTB with its literal <unk> renamed to a
# plain word, since lmplz refuses it (as for the reference perplexities in
# ../shared/data/README.md).  KenLM comes from bench/build-kenlm.sh (built
# once into a cache outside the repository), and queries use its binary
# formats (build_binary probing, and trie), as its users do.
#
# Timings are the best of REPEAT runs (default 3), wall clock to the
# millisecond; memory is the peak RSS of the largest process of the run.
# A missing peer or data file is not a dash: the script says what is
# missing on stderr and exits 1 (bench/run then fails).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(dirname "$(command -v lm-ngram 2>/dev/null || echo bin/lm-ngram)")}
REPEAT=${REPEAT:-3}
DATA=${LM_DATA:-../shared/data}
PTB=$DATA/ptb
TIME=/usr/bin/time
for f in ptb.train.txt ptb.test.txt; do
  [ -s "$PTB/$f" ] || { echo "bench/ngram.sh: $PTB/$f is missing (set LM_DATA to the directory holding ptb/)" >&2; exit 1; }
done
KEN=$(bash bench/build-kenlm.sh) || { echo "bench/ngram.sh: KenLM could not be built from ../shared/peers (bench/build-kenlm.sh)" >&2; exit 1; }
[ -x "$TIME" ] || { echo "bench/ngram.sh: $TIME is missing (Debian package time)" >&2; exit 1; }
W=$(mktemp -d "${BENCH_WORK:-/tmp}/ngram.XXXXXX")
trap 'rm -rf "$W"' EXIT

# best_of CMD: runs CMD (a bash command line) REPEAT times; prints
# "seconds peak_kb" of the fastest run.
best_of() {
  local best= rss= i t0 t1 s kb out
  for i in $(seq "$REPEAT"); do
    t0=$(date +%s%N)
    out=$($TIME -f '%x %M' bash -o pipefail -c "$1" 2>&1 >/dev/null | tail -n 1)
    t1=$(date +%s%N)
    kb=${out#* }
    # a failed run is not a fast one
    [ "${out%% *}" = 0 ] || { echo "bench/ngram.sh: exit ${out%% *} from: $1" >&2; exit 1; }
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s rss=$kb; fi
  done
  echo "$best $rss"
}
row() {   # row WHAT LM PEER UNIT higher|lower (which is better)
  awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" -v d="$5" 'BEGIN {
  r = (a + 0 == 0 || b + 0 == 0) ? "-" : sprintf("%.2f", d == "higher" ? a / b : b / a)
  printf "%s\t%s\t%s\t%s\t%s\n", w, a, b, r, u }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

sed 's/<unk>/UNKWORD/g' "$PTB/ptb.train.txt" > "$W/train.txt"
sed 's/<unk>/UNKWORD/g' "$PTB/ptb.test.txt" > "$W/test.txt"
for i in $(seq 20); do cat "$W/test.txt"; done > "$W/test20.txt"
L="$BIN/lm-tokenize" N="$BIN/lm-ngram" S="$BIN/lm-score"
K5="'$KEN/lmplz' -o 5 -S 100M --discount_fallback -T '$W' < '$W/train.txt' 2>/dev/null"

# ---- estimation ---------------------------------------------------------------------
# text -> ARPA (what lmplz does); lm also writes its own model, to /dev/null.
read -r lm_s lm_kb <<< "$(best_of "'$L' --mode word '$W/train.txt' | '$N' -q -o 5 --force --arpa '$W/lm5.arpa' > /dev/null")"
read -r ken_s ken_kb <<< "$(best_of "$K5 > '$W/ken5.arpa'")"
row "text -> ARPA 5-gram, PTB train: lm-tokenize | lm-ngram --arpa vs lmplz, wall" "$lm_s" "$ken_s" s lower
row "text -> ARPA 5-gram, PTB train: peak RSS (lmplz -S 100M)" "$lm_kb" "$ken_kb" KB lower
# text -> the binary model each side queries
read -r lmb_s _ <<< "$(best_of "'$L' --mode word '$W/train.txt' | '$N' -q -o 5 > '$W/kn5.lm'")"
read -r pr_s _ <<< "$(best_of "$K5 > '$W/k.arpa' && '$KEN/build_binary' probing '$W/k.arpa' '$W/ken5.probing'")"
read -r tr_s _ <<< "$(best_of "$K5 > '$W/k.arpa' && '$KEN/build_binary' trie '$W/k.arpa' '$W/ken5.trie'")"
row "text -> binary model: lm-tokenize | lm-ngram vs lmplz + build_binary probing, wall" "$lmb_s" "$pr_s" s lower
row "text -> binary model: lm-tokenize | lm-ngram vs lmplz + build_binary trie, wall" "$lmb_s" "$tr_s" s lower
ngrams=$(awk '/^ngram [0-9]+=/ { split($2, a, "="); s += a[2] } /^\\1-grams:/ { exit } END { print s + 0 }' "$W/lm5.arpa")
row "lm-ngram -o 5 PTB train, n-grams estimated per second (text in)" "$(rate "$ngrams" "$lmb_s")" n/a n-grams/s higher

# ---- the two sides compute the same model -------------------------------------------
"$L" --mode word --vocab "$W/kn5.lm" "$W/test.txt" > "$W/test.tok"
"$L" --mode word --vocab "$W/kn5.lm" "$W/test20.txt" > "$W/test20.tok"
lm_ppl=$("$S" "$W/kn5.lm" "$W/test.tok" | "$BIN/lm-ppl" --json | grep -o '"ppl": *[0-9.e+-]*' | head -1 | awk '{ print $NF }')
ken_ppl=$("$KEN/query" -v summary "$W/ken5.probing" < "$W/test.txt" 2>/dev/null | awk -F'\t' '/^Perplexity including OOVs/ { print $2 }')
row "PTB test perplexity, lm KN5 vs KenLM (equal to 1e-4: ratio 1.00)" "$lm_ppl" "$ken_ppl" ppl lower

# ---- scoring --------------------------------------------------------------------------
# With the load: PTB test (82,430 tokens with </s>), lm from its tokens,
# query from the text (the tokenizer's own time is a row of its own).
tokens=82430
read -r s1 _ <<< "$(best_of "'$S' '$W/kn5.lm' '$W/test.tok'")"
read -r q1 _ <<< "$(best_of "'$KEN/query' -v summary '$W/ken5.probing' < '$W/test.txt'")"
read -r qt1 _ <<< "$(best_of "'$KEN/query' -v summary '$W/ken5.trie' < '$W/test.txt'")"
row "score PTB test with the load: lm-score kn5.lm vs query probing" "$(rate $tokens "$s1")" "$(rate $tokens "$q1")" tokens/s higher
row "score PTB test with the load: lm-score kn5.lm vs query trie" "$(rate $tokens "$s1")" "$(rate $tokens "$qt1")" tokens/s higher
read -r p1 _ <<< "$(best_of "'$L' --mode word --vocab '$W/kn5.lm' '$W/test.txt' | '$S' '$W/kn5.lm' | '$BIN/lm-ppl'")"
row "text -> perplexity: lm-tokenize | lm-score | lm-ppl vs query probing" "$(rate $tokens "$p1")" "$(rate $tokens "$q1")" tokens/s higher
# After the load: the test set 20 times minus once, so the load cancels.
read -r s20 _ <<< "$(best_of "'$S' '$W/kn5.lm' '$W/test20.tok'")"
read -r q20 _ <<< "$(best_of "'$KEN/query' -v summary '$W/ken5.probing' < '$W/test20.txt'")"
after() { awk -v n=$((19 * tokens)) -v a="$1" -v b="$2" 'BEGIN { if (b > a) printf "%.0f", n / (b - a); else print "-" }'; }
row "score after the load (PTB test x20 minus x1): lm-score vs query probing" "$(after "$s1" "$s20")" "$(after "$q1" "$q20")" tokens/s higher
read -r lt _ <<< "$(best_of "'$L' --mode word --vocab '$W/kn5.lm' '$W/test20.txt' > /dev/null")"
row "lm-tokenize --vocab, PTB test x20 (text -> tokens)" "$(rate $((20 * tokens)) "$lt")" n/a tokens/s higher
