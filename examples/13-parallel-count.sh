#!/usr/bin/env bash
# 13 — Counting n-grams across machines with GNU parallel, then one merge:
# the model is byte for byte the one a single process estimates.
#
#   examples/13-parallel-count.sh                 blocks of 100 kB of PTB train
#   HOSTS=host1,host2 examples/13-parallel-count.sh   the same over ssh
#
# The recipe, for a corpus of any size:
#   1. one vocabulary for every shard (a pass that only counts words);
#   2. parallel --pipepart cuts the file into blocks at line ends (its
#      records are lines: a sentence is never split, so no n-gram is lost
#      or invented at a cut) and runs tokenize | count on each block, on
#      this machine's cores or on the hosts of -S (which need the lm tools
#      on their PATH; --basefile copies the vocabulary there);
#   3. lm-ngram --merge sums the shards' counts (exact: counting is
#      additive over sentences) and lm-ngram estimates from the sum.
# A cut inside a line (split -b) does change the counts: the script shows
# that too, so the equality it checks is not a foregone conclusion.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/13-parallel-count}
BLOCK=${BLOCK:-$(quick 400k 100k)}
mkdir -p "$OUT"
stamp "$OUT" "block $BLOCK, hosts ${HOSTS:-local}"
need_ptb
PTB=$DATA/ptb
# exit 77: run-all.sh counts the script as skipped, with this line
command -v parallel > /dev/null || { echo "needs GNU parallel (Debian: parallel)" >&2; exit 77; }
corpus=$(cd "$PTB" && pwd)/ptb.train.txt   # absolute: parallel runs in $OUT

echo "== 1. the vocabulary, once"
lm-tokenize --mode word --vocab-only "$corpus" > "$OUT/v"

echo "== 2. tokenize and count each block of $BLOCK (cut at line ends)"
hosts=()
[ -n "${HOSTS:-}" ] && hosts=(-S "$HOSTS" --basefile "$OUT/v" --workdir ...)
mkdir -p "$OUT/shards"
rm -f "$OUT"/shards/*
( cd "$OUT" &&
  parallel "${hosts[@]}" --pipepart -a "$corpus" --block "$BLOCK" --files --tmpdir shards \
    'lm-tokenize --vocab v | lm-ngram -o 5 --counts-only' ) > "$OUT/shards.list"
echo "$(wc -l < "$OUT/shards.list") shards"

echo "== 3. merge, estimate; and one process on the whole text"
( cd "$OUT" && /usr/bin/time -f '%M' -o merge.kb lm-ngram -q --merge $(cat shards.list) > all.cnt )
lm-ngram -q -o 5 "$OUT/all.cnt" > "$OUT/parallel.lm"
lm-tokenize --mode word "$corpus" | lm-ngram -q -o 5 > "$OUT/single.lm"
if cmp "$OUT/parallel.lm" "$OUT/single.lm"; then same=yes; else same=no; fi

echo "== a cut inside lines (split -b) for contrast"
split -n 8 "$corpus" "$OUT/shards/bytes."
for f in "$OUT"/shards/bytes.*; do
  lm-tokenize --vocab "$OUT/v" "$f" | lm-ngram -q -o 5 --counts-only > "$f.cnt"
done
lm-ngram -q --merge "$OUT"/shards/bytes.*.cnt | lm-ngram -q -o 5 > "$OUT/bytecut.lm"
if cmp -s "$OUT/bytecut.lm" "$OUT/single.lm"; then bsame=yes; else bsame=no; fi

printf 'what\tvalue\n' > "$OUT/result.tsv"
printf 'shards (parallel --pipepart --block %s)\t%s\n' "$BLOCK" "$(wc -l < "$OUT/shards.list")" >> "$OUT/result.tsv"
printf 'merged model = single-process model (cmp)\t%s\n' "$same" >> "$OUT/result.tsv"
printf 'cut inside lines (split -n 8): model equal\t%s\n' "$bsame" >> "$OUT/result.tsv"
printf 'lm-ngram --merge peak RSS (kB)\t%s\n' "$(tail -1 "$OUT/merge.kb")" >> "$OUT/result.tsv"
printf 'largest shard, merged counts (bytes)\t%s, %s\n' \
  "$(cd "$OUT" && cat shards.list | xargs ls -l | awk '$5 > m { m = $5 } END { print m }')" \
  "$(stat -c %s "$OUT/all.cnt")" >> "$OUT/result.tsv"
show "$OUT/result.tsv"
[ "$same" = yes ]
