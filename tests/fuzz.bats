#!/usr/bin/env bats
# Replays every saved fuzz input (tests/fuzz/NAME/: crashes found by
# `make fuzz`, kept as regressions) through the harnesses built without
# libFuzzer, plus valid streams and systematic corruptions of them: every
# prefix length and single-byte changes.  Under the sanitized build this
# checks for memory errors; in both builds the harnesses trap on wrong
# answers (an id outside the vocabulary accepted, a round trip broken).

load common

FUZZBIN=${LM_TESTBIN%/tests}/fuzz

replay() {   # replay NAME FILE...
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$FUZZBIN/replay_$1" "${@:2}"
}

corrupt() {   # corrupt FILE DIR: prefixes and byte flips of FILE into DIR
  $PY - "$1" "$2" <<'PY'
import sys, os, random
data = open(sys.argv[1], "rb").read()
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
random.seed(len(data))
step = max(1, len(data) // 300)
for cut in range(0, len(data), step):
    open(f"{out}/cut{cut}", "wb").write(data[:cut])
for i in range(300):
    b = bytearray(data)
    for _ in range(random.randint(1, 4)):
        b[random.randrange(len(b))] = random.randrange(256)
    open(f"{out}/flip{i}", "wb").write(bytes(b))
PY
}

@test "saved fuzz inputs (regressions) replay cleanly" {
  n=0
  for d in "$REPO"/tests/fuzz/*/; do
    [ -d "$d" ] || continue
    name=$(basename "$d")
    files=("$d"*)
    [ -e "${files[0]}" ] || continue
    replay "$name" "${files[@]}"
    n=$((n + ${#files[@]}))
  done
  echo "$n saved inputs replayed"
  [ "$n" -gt 0 ]     # tests/fuzz/ holds seeds: replaying none is a broken glob, not a pass
}

@test "tokens, vocab and dump readers: truncated and corrupted streams" {
  need_data "$TS" "$PTB/ptb.valid.txt"
  head -c 2000 "$TS" | lm-tokenize > "$T/c.tok"
  head -n 5 "$PTB/ptb.valid.txt" | lm-tokenize --mode word > "$T/w.tok"
  corrupt "$T/c.tok" "$T/c"
  corrupt "$T/w.tok" "$T/w"
  for h in tokens vocab dump; do
    replay $h "$T/c.tok" "$T/w.tok" "$T"/c/* "$T"/w/*
  done
}

@test "BPE vocabulary reader: truncated and corrupted merge lists" {
  need_data "$TS"
  head -c 3000 "$TS" > "$T/a"
  lm-tokenize --mode bpe --merges 30 --eos --vocab-only "$T/a" > "$T/b.vocab"
  lm-tokenize --mode bpe --merges 12 --split line "$T/a" > "$T/b.tok"
  corrupt "$T/b.vocab" "$T/v"
  corrupt "$T/b.tok" "$T/t"
  # the vocab harness also encodes each accepted input and checks it decodes back
  for h in vocab tokens dump; do
    replay $h "$T/b.vocab" "$T/b.tok" "$T"/v/* "$T"/t/*
  done
}

@test "logprobs reader: truncated and corrupted streams" {
  printf 'hello world\n' | lm-tokenize > "$T/t.tok"
  seq 1 12 | awk '{ printf "%.17g\n", -log($1 + 1) }' > "$T/lp.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/lp.txt" > "$T/t.lp"
  corrupt "$T/t.lp" "$T/l"
  replay logprobs "$T/t.lp" "$T"/l/*
}

@test "tokenizers: random and hand-made UTF-8" {
  for i in 1 2 3 4 5; do head -c 3000 /dev/urandom > "$T/r$i"; done
  printf 'a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82' > "$T/u"
  printf 'one two\n\nthree <s> </s>\n  \n last' > "$T/w"
  : > "$T/empty"
  replay utf8 "$T"/r* "$T/u" "$T/w" "$T/empty"
}

corrupt_checkpoints() {   # lm-train options...: a model of them, corrupted, replayed
  printf 'to be or not to be\n' | lm-tokenize > "$T/t.tok"
  lm-train "$@" --batch 2 --seq 3 --steps 2 --quiet -o "$T/m.lm" "$T/t.tok"
  corrupt "$T/m.lm" "$T/m"
  replay checkpoint "$T/m.lm" "$T"/m/*
  # and through the tools: one clear error, never a crash
  for f in "$T"/m/cut1* "$T"/m/flip1*; do
    run lm-score "$f" "$T/t.tok"
    case "$output" in *AddressSanitizer*|*runtime\ error*|*Segmentation*) echo "$f: $output"; false ;; esac
  done
}

@test "streaming counts merge: truncated and corrupted counts refused or merged as the in-memory merge does" {
  lm-tokenize --mode word "$PTB/ptb.valid.txt" 2>/dev/null > "$T/w.tok" ||
    printf 'a b c\nb c d\na b\n' | lm-tokenize --mode word > "$T/w.tok"
  lm-ngram -q -o 3 --counts-only "$T/w.tok" > "$T/w.cnt"
  corrupt "$T/w.cnt" "$T/w"
  replay merge "$T/w.cnt" "$T"/w/*
  # and through the tool: one clear error, never a crash
  for f in "$T"/w/cut1* "$T"/w/flip1*; do
    run lm-ngram -q --merge "$f" "$T/w.cnt"
    case "$output" in *AddressSanitizer*|*runtime\ error*|*Segmentation*) echo "$f: $output"; false ;; esac
  done
}

@test "mix-file parser: truncated and corrupted mix files" {
  corrupt "$REPO/tests/fuzz/mix/seed-two.mix" "$T/m"
  replay mix "$T"/m/*
}

@test "neural model reader: truncated and corrupted checkpoints" {
  corrupt_checkpoints --hidden 3 --layers 2
}

@test "neural model reader: truncated and corrupted Mamba checkpoints (cell_hp, its state)" {
  corrupt_checkpoints --cell mamba --hidden 3 --layers 2 --state 2 --conv 3 --dropout-branch 0.2 --weight-decay 0.1 \
    --final-norm --tie-weights
}
