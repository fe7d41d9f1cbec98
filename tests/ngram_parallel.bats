#!/usr/bin/env bats
# Counting across processes with GNU parallel (lm-ngram(1) EXAMPLES,
# examples/13-parallel-count.sh): blocks cut at line ends, counted
# apart, merged, estimate the single-process model byte for byte.

bats_require_minimum_version 1.5.0   # run -N
load common

need_parallel() {
  command -v parallel > /dev/null || skip "needs GNU parallel (Debian: parallel)"
}

# ptb_head N: the first N lines of PTB train in $T/c.txt, its vocabulary in $T/v.
ptb_head() {
  need_data "$PTB/ptb.train.txt"
  head -n "$1" "$PTB/ptb.train.txt" > "$T/c.txt"
  lm-tokenize --mode word --vocab-only "$T/c.txt" > "$T/v"
}

# count_blocks BYTES LIST: parallel --pipepart blocks of BYTES, each
# tokenized and counted at order 5; the shards' file names into LIST.
count_blocks() {
  mkdir -p "$T/shards"
  (cd "$T" && parallel --pipepart -a "$T/c.txt" --block "$1" --files --tmpdir shards \
     'lm-tokenize --vocab v | lm-ngram -q -o 5 --counts-only') > "$2"
}

@test "parallel --pipepart blocks counted apart and merged: the single-process model byte for byte; a cut inside lines is not" {
  need_parallel
  ptb_head 4000
  count_blocks 30k "$T/list"
  n=$(wc -l < "$T/list")
  echo "$n shards"
  [ "$n" -ge 8 ]
  (cd "$T" && lm-ngram -q --merge $(cat list)) | lm-ngram -q -o 5 > "$T/parallel.lm"
  lm-tokenize --mode word "$T/c.txt" | lm-ngram -q -o 5 > "$T/single.lm"
  cmp "$T/parallel.lm" "$T/single.lm"
  # the same over parallel's ssh path (-S with the local host ':')
  (cd "$T" && parallel -S 2/: --pipepart -a "$T/c.txt" --block 30k --files --tmpdir shards \
     'lm-tokenize --vocab v | lm-ngram -q -o 5 --counts-only') > "$T/list2"
  (cd "$T" && lm-ngram -q --merge $(cat list2)) | lm-ngram -q -o 5 | cmp - "$T/single.lm"
  # every block ends at a line end: the shards' sentence counts (</s>) add
  # up to the text's lines
  total=0
  for f in $(cd "$T" && cat list); do
    s=$(lm-dump --full "$T/$f" | $PY -c '
import json, sys
h = json.loads(sys.stdin.readline())
v = h["vocab"]["tokens"]; eos = v.index("</s>")
for line in sys.stdin:
    r = json.loads(line)
    if r["order"] == 1: print(r["count"]["values"][eos])')
    total=$((total + s))
  done
  echo "sentences in the shards: $total, lines: $(wc -l < "$T/c.txt")"
  [ "$total" -eq "$(wc -l < "$T/c.txt")" ]
  # cut inside lines, the counts (and so the model) differ
  split -n 8 "$T/c.txt" "$T/shards/b."
  for f in "$T"/shards/b.??; do lm-tokenize --vocab "$T/v" "$f" | lm-ngram -q -o 5 --counts-only > "$f.cnt"; done
  lm-ngram -q --merge "$T"/shards/b.??.cnt | lm-ngram -q -o 5 > "$T/bytecut.lm"
  run -1 cmp -s "$T/bytecut.lm" "$T/single.lm"
}

@test "--merge of 16 shards streams: peak memory under the program's own + 2 MB a shard + 4 bytes a shard entry, not the sum's" {
  need_parallel
  [ "${LABEL:-normal}" = normal ] || skip "memory measured in the normal pass (ASan's shadow memory is not the program's)"
  need_data "$PTB/ptb.train.txt"
  cp "$PTB/ptb.train.txt" "$T/c.txt"
  lm-tokenize --mode word --vocab-only "$T/c.txt" > "$T/v"
  size=$(stat -c %s "$T/c.txt")
  count_blocks $((size / 16 + 1)) "$T/list"
  # 16 blocks, or 17 where parallel ends a block at the line after the cut
  nshards=$(wc -l < "$T/list")
  [ "$nshards" -ge 16 ] && [ "$nshards" -le 17 ]
  cd "$T"
  /usr/bin/time -f %M -o all.kb lm-ngram -q --merge $(cat list) > all.cnt
  # the fixed cost: the program and its libraries merging one shard alone
  /usr/bin/time -f %M -o one.kb lm-ngram -q --merge $(head -n 1 list) > one.cnt
  merged=$(stat -c %s all.cnt)
  shards=$(cat list | xargs stat -c %s | awk '{ s += $1 } END { print s }')
  peak=$(tail -n 1 all.kb) base=$(tail -n 1 one.kb)
  # per shard a record and its read buffer (2 MB), per shard entry 4
  # bytes (12 bytes an entry in a counts file: at most shards / 3)
  bound=$(( base + 2048 * (nshards + 1) + shards / 3 / 1024 ))
  echo "peak $peak kB; bound $bound kB (one shard alone $base kB, merged counts $merged B, shards $shards B)"
  [ "$peak" -le "$bound" ]
  # below what keeping the sum and rebuilding an order beside it takes
  [ "$bound" -lt $(( base + 2 * merged / 1024 )) ]
  # and the merge is the sum: the same counts as one count of the text
  lm-tokenize --vocab v c.txt | lm-ngram -q -o 5 --counts-only | cmp - all.cnt
}
