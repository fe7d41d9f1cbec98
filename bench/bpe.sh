#!/usr/bin/env bash
# bench/bpe.sh [BIN] — lm-tokenize's byte-level BPE beside Debian's
# sentencepiece (spm_train --model_type=bpe, spm_encode) on Tiny Shakespeare
# and the PTB training text, both at a vocabulary of 8192.  Prints TSV rows
# on stdout, as bench/ngram.sh does:
#   what <TAB> lm <TAB> peer <TAB> ratio <TAB> unit
# ratio > 1: lm is better (faster); for tokens per byte the ratio is only
# the two side by side (fewer is more compression, not better by itself).
# Each timing is the best of REPEAT runs (default 3), wall clock, model or
# vocabulary loading included.  sentencepiece is required: without it this
# script stops with a message and exit 1 (apt-get install -y sentencepiece).
#
# Same text, same vocabulary size, not the same tokenizer: lm is byte-level
# (any byte is a token, GPT-2-like pre-tokenization, a </s> token per line);
# spm_train normalises the text (NFKC), treats each line as a sentence and
# spaces as U+2581, and keeps characters covering 99.95% of the text (here
# --character_coverage=1.0 so every character is kept).  spm_train runs with
# --num_threads=$(nproc); lm-tokenize is single-threaded.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(dirname "$(command -v lm-tokenize 2>/dev/null || echo bin/lm-tokenize)")}
REPEAT=${REPEAT:-3}
V=${BPE_VOCAB:-8192}
DATA=${LM_DATA:-../shared/data}
TS=$DATA/tinyshakespeare/input.txt
[ -f "$TS" ] || TS=data/tinyshakespeare/input.txt
PTB=$DATA/ptb/ptb.train.txt
TIME=/usr/bin/time
for t in spm_train spm_encode; do
  command -v $t > /dev/null || { echo "bench/bpe.sh: $t (Debian sentencepiece) is missing: apt-get install -y sentencepiece" >&2; exit 1; }
done
[ -f "$PTB" ] || { echo "bench/bpe.sh: $PTB is missing (set LM_DATA)" >&2; exit 1; }
W=$(mktemp -d "${BENCH_WORK:-/tmp}/bpe.XXXXXX")
trap 'rm -rf "$W"' EXIT

best_of() {   # CMD: the fastest wall time of REPEAT runs, in seconds
  local best= i s
  for i in $(seq "$REPEAT"); do
    s=$($TIME -f '%e' bash -c "$1" 2>&1 >/dev/null | tail -n 1)
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best"
}
row() {   # what lm peer unit lower|higher|none
  awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" -v d="$5" 'BEGIN {
    r = (a == "-" || b == "-" || a == 0 || b == 0 || d == "none") ? "-" : sprintf("%.2f", d == "higher" ? a / b : b / a)
    printf "%s\t%s\t%s\t%s\t%s\n", w, a, b, r, u }'
}
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.01; printf "%.2f", b / s / 1e6 }'; }

for corpus in ts ptb; do
  if [ $corpus = ts ]; then text=$TS; name="Tiny Shakespeare"; else text=$PTB; name="PTB train"; fi
  bytes=$(wc -c < "$text")
  lm_train=$(best_of "'$BIN/lm-tokenize' --mode bpe --vocab-size $V --eos --vocab-only '$text' > '$W/lm.vocab'")
  "$BIN/lm-tokenize" --mode bpe --vocab-size $V --eos --vocab-only "$text" > "$W/lm.vocab"
  spm_args="--input=$text --model_prefix=$W/spm --vocab_size=$V --model_type=bpe --character_coverage=1.0 --num_threads=$(nproc) --minloglevel=2"
  spm_train_s=$(best_of "spm_train $spm_args")
  spm_train $spm_args > /dev/null 2>&1
  lm_enc=$(best_of "'$BIN/lm-tokenize' --vocab '$W/lm.vocab' '$text' > '$W/lm.tok'")
  "$BIN/lm-tokenize" --vocab "$W/lm.vocab" "$text" > "$W/lm.tok"
  spm_enc=$(best_of "spm_encode --model='$W/spm.model' --output_format=id < '$text' > '$W/spm.ids'")
  spm_encode --model="$W/spm.model" --output_format=id < "$text" > "$W/spm.ids"
  lm_tokens=$("$BIN/lm-dump" "$W/lm.tok" | tail -n +2 | grep -o '"u32": [0-9]*' | awk '{ s += $2 } END { print s + 0 }')
  spm_tokens=$(wc -w < "$W/spm.ids")
  row "BPE V=$V learn, $name ($bytes bytes): lm-tokenize vs spm_train, wall" "$lm_train" "$spm_train_s" s lower
  row "BPE V=$V encode, $name: lm-tokenize --vocab vs spm_encode" "$(mbps "$bytes" "$lm_enc")" "$(mbps "$bytes" "$spm_enc")" MB/s higher
  row "BPE V=$V tokens per byte, $name (lm: one </s> per line; spm: none)" \
    "$(awk -v t="$lm_tokens" -v b="$bytes" 'BEGIN { printf "%.4f", t / b }')" \
    "$(awk -v t="$spm_tokens" -v b="$bytes" 'BEGIN { printf "%.4f", t / b }')" tokens/byte none
done
