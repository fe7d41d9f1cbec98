#!/usr/bin/env bats
# lm-tokenize: modes, round trips, vocabularies, byte/char counts, bad input.

load common

# Sum of a tokens stream's ids/bytes/chars, independently of lm (JSON Lines
# from lm-dump read by python).
totals() {
  lm-dump "$1" | $PY -c '
import sys, json
lines = sys.stdin.read().splitlines()
n = b = c = 0
for l in lines[1:]:
    o = json.loads(l); n += o["ids"]["u32"]; b += o["bytes"]; c += o["chars"]
print(n, b, c)'
}

@test "char round trip: Tiny Shakespeare, byte for byte" {
  need_data "$TS"
  lm-tokenize --mode char < "$TS" > "$T/ts.tok"
  lm-tokenize --decode < "$T/ts.tok" | cmp - "$TS"
}

@test "char round trip: empty input" {
  : > "$T/empty"
  lm-tokenize < "$T/empty" | lm-tokenize --decode > "$T/out"
  cmp "$T/out" "$T/empty"
}

@test "char round trip: random bytes (invalid UTF-8 survives as byte tokens)" {
  head -c 300000 /dev/urandom > "$T/rand"
  lm-tokenize < "$T/rand" | lm-tokenize --decode | cmp - "$T/rand"
}

@test "char round trip: UTF-8 edge cases (overlong, surrogate, truncated, > U+10FFFF)" {
  printf 'a\xc3\xa9b\xe2\x82\xac\xf0\x9f\x98\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82' > "$T/edge"
  lm-tokenize < "$T/edge" | lm-tokenize --decode | cmp - "$T/edge"
}

@test "char mode: Tiny Shakespeare has nanoGPT's 65-character vocabulary and ids" {
  need_data "$TS"
  lm-tokenize --mode char "$TS" > "$T/ts.tok"
  run $PY -c '
import json, subprocess
h = json.loads(subprocess.run(["lm-dump", "--header", "'"$T/ts.tok"'"], capture_output=True, text=True).stdout)
text = open("'"$TS"'").read()
chars = sorted(set(text))
assert h["vocab"]["tokens"] == chars, "vocab differs"
print(len(chars))'
  [ "$status" -eq 0 ]
  [ "$output" = 65 ]
  # first ids as nanoGPT encodes "First Citizen"
  run sh -c "lm-dump '$T/ts.tok' | sed -n 2p"
  [[ "$output" == *'"head": [18, 47, 56, 57, 58, 1, 15, 47,'* ]]
}

@test "char mode: counts of bytes and chars cover the text exactly" {
  printf 'h\xc3\xa9llo w\xc3\xb6rld\n\xff\n' > "$T/u"
  lm-tokenize "$T/u" > "$T/u.tok"
  run totals "$T/u.tok"
  [ "$output" = "14 16 14" ]
}

@test "byte mode: 256-token vocabulary, one token per byte, round trip" {
  printf 'h\xc3\xa9\x00\xff' > "$T/b"
  lm-tokenize --mode byte "$T/b" > "$T/b.tok"
  run totals "$T/b.tok"
  [ "$output" = "5 5 4" ]
  run sh -c "lm-dump --header '$T/b.tok' | $PY -c 'import sys,json; print(len(json.load(sys.stdin)[\"vocab\"][\"tokens\"]))'"
  [ "$output" = 256 ]
  lm-tokenize --decode "$T/b.tok" | cmp - "$T/b"
}

@test "word mode: PTB test has 82430 tokens and covers 449945 bytes" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  lm-tokenize --mode word "$PTB/ptb.train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$PTB/ptb.test.txt" > "$T/test.tok"
  run totals "$T/test.tok"
  [ "$output" = "82430 449945 449945" ]
}

@test "word mode: PTB train vocabulary is <unk> <s> </s> + 9998 words, by count" {
  need_data "$PTB/ptb.train.txt"
  lm-tokenize --mode word --vocab-only "$PTB/ptb.train.txt" > "$T/v"
  run $PY -c '
import json, subprocess, collections
h = json.loads(subprocess.run(["lm-dump", "--full", "'"$T/v"'"], capture_output=True, text=True).stdout)
v = h["vocab"]
words = open("'"$PTB/ptb.train.txt"'").read().split()
c = collections.Counter(words)
assert v["tokens"][:3] == ["<unk>", "<s>", "</s>"], v["tokens"][:3]
assert v["unk"] == 0 and v["bos"] == 1 and v["eos"] == 2
rest = sorted((w for w in c if w != "<unk>"), key=lambda w: (-c[w], w.encode()))
assert v["tokens"][3:] == rest, "order differs"
counts = v["counts"]["values"]
assert counts[0] == c["<unk>"] and counts[2] == 42068, counts[:3]
print(len(v["tokens"]))'
  [ "$status" -eq 0 ]
  [ "$output" = 10001 ]
}

@test "word mode: </s> per line, <unk> for unknown words, literal <unk> is <unk>" {
  printf 'a b a\nc <unk>\n' > "$T/train"
  printf 'a z\n\n<unk> b' > "$T/test"
  lm-tokenize --mode word "$T/train" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$T/test" | lm-tokenize --decode > "$T/out"
  printf 'a <unk>\n\n<unk> b\n' | cmp - "$T/out"
}

@test "word mode: literal <s> and </s> at line ends are dropped, elsewhere <unk>" {
  printf '<s> a </s> b </s>\n' > "$T/t"
  lm-tokenize --mode word "$T/t" | lm-tokenize --decode > "$T/out"
  printf 'a <unk> b\n' | cmp - "$T/out"
}

@test "word mode: --min-count and --max-vocab" {
  printf 'a a a b b c\n' > "$T/t"
  lm-tokenize --mode word --min-count 2 "$T/t" | lm-tokenize -d > "$T/out"
  printf 'a a a b b <unk>\n' | cmp - "$T/out"
  lm-tokenize --mode word --max-vocab 1 "$T/t" | lm-tokenize -d > "$T/out"
  printf 'a a a <unk> <unk> <unk>\n' | cmp - "$T/out"
}

@test "several input files are one text; -o writes atomically" {
  printf 'ab' > "$T/1"; printf 'cd' > "$T/2"
  lm-tokenize -o "$T/out.tok" "$T/1" "$T/2"
  lm-tokenize --decode "$T/out.tok" > "$T/out"
  printf 'abcd' | cmp - "$T/out"
  [ -z "$(ls -A "$T" | grep tmp)" ]
}

@test "--vocab applies a vocabulary from a tokens or vocab stream; char OOV is an error" {
  printf 'abc' > "$T/t"
  lm-tokenize "$T/t" > "$T/t.tok"
  lm-tokenize --vocab-only "$T/t" > "$T/t.vocab"
  printf 'cab' | lm-tokenize --vocab "$T/t.vocab" | lm-tokenize -d > "$T/out"
  printf 'cab' | cmp - "$T/out"
  run sh -c "printf 'abz' | lm-tokenize --vocab '$T/t.tok' >/dev/null"
  assert_error 1 lm-tokenize
  [[ "$output" == *"'z'"*"not in the vocabulary"* ]]
}

@test "bad usage: unknown mode, bad numbers, conflicting options (exit 2)" {
  run lm-tokenize --mode bogus
  assert_error 2 lm-tokenize
  run lm-tokenize --mode word --min-count 0
  assert_error 2 lm-tokenize
  run lm-tokenize --mode word --max-vocab abc
  assert_error 2 lm-tokenize
  run lm-tokenize --min-count 2
  assert_error 2 lm-tokenize
  run lm-tokenize --decode --mode word
  assert_error 2 lm-tokenize
  run lm-tokenize --no-such-option
  assert_error 2 lm-tokenize
}

@test "bad input: missing file, directory, --vocab of text or garbage, --decode of text" {
  run lm-tokenize "$T/nope"
  assert_error 1 lm-tokenize
  run lm-tokenize "$T"
  assert_error 1 lm-tokenize
  echo hello > "$T/text"
  run lm-tokenize --vocab "$T/text" "$T/text"
  assert_error 1 lm-tokenize
  head -c 5000 /dev/urandom > "$T/rand"
  run lm-tokenize --vocab "$T/rand" "$T/text"
  assert_error 1 lm-tokenize
  run lm-tokenize --decode "$T/text"
  assert_error 1 lm-tokenize
  [[ "$output" == *"looks like text, not a tokens stream: run lm-tokenize first"* ]]
}

@test "unwritable output: clear error, exit 1, existing file kept" {
  seq 1 20000 > "$T/in.txt"
  echo precious > "$T/keep"
  run lm-tokenize -o "$T/no-such-dir/out" "$T/in.txt"
  assert_error 1 lm-tokenize
  [[ "$output" == *"no-such-dir/out: cannot create"* ]]
  mkdir "$T/adir"
  run lm-tokenize -o "$T/adir" "$T/in.txt"
  assert_error 1 lm-tokenize
  [[ "$output" == *"adir"* ]]
  # a failed run (bad input) leaves the old output untouched, no temp files
  echo 'not a vocabulary' > "$T/bad"
  run lm-tokenize --vocab "$T/bad" -o "$T/keep" "$T/in.txt"
  assert_error 1 lm-tokenize
  [ "$(cat "$T/keep")" = precious ]
  [ -z "$(ls -A "$T" | grep tmp)" ]
}

@test "output to a full disk: error, exit 1, no partial file" {
  [ -w /dev/full ] || skip "no /dev/full"
  seq 1 20000 > "$T/in.txt"
  run sh -c "lm-tokenize '$T/in.txt' > /dev/full"
  assert_error 1 lm-tokenize
  [[ "$output" == *"No space left on device"* ]]
}

@test "--help and --version" {
  run lm-tokenize --help
  [ "$status" -eq 0 ]
  [[ "$output" == usage:* ]]
  run lm-tokenize --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lm-tokenize (lm) "* ]]
}

@test "--unk: an unseen character becomes <unk> (appended to a char vocabulary without one), ids as python assigns them" {
  printf 'the cat sat\non the mat\n' > "$T/train.txt"
  printf 'th\xc3\xa9 cat\tzz\n' > "$T/test.txt"      # é, a tab and z are unseen
  lm-tokenize -o "$T/train.tok" "$T/train.txt"
  run lm-tokenize --vocab "$T/train.tok" -o "$T/no.tok" "$T/test.txt"
  assert_error 1 lm-tokenize
  [[ "$output" == *"character 'é' (U+00E9) is not in the vocabulary"*"--unk maps it to <unk>)" ]]
  lm-tokenize --vocab "$T/train.tok" --unk -o "$T/test.tok" "$T/test.txt"
  lm-dump --full "$T/test.tok" > "$T/test.json"
  $PY - "$T/train.txt" "$T/test.txt" "$T/test.json" <<'PYEOF'
import json, sys
train = open(sys.argv[1], encoding="utf-8").read()
test = open(sys.argv[2], encoding="utf-8").read()
lines = [json.loads(l) for l in open(sys.argv[3])]
vocab = sorted(set(train), key=lambda c: c.encode())      # char mode: by bytes
v = lines[0]["vocab"]
assert v["tokens"] == vocab + ["<unk>"], v["tokens"]
assert v["unk"] == len(vocab), v["unk"]
unk = len(vocab)
want = [vocab.index(c) if c in vocab else unk for c in test]
got = [i for r in lines[1:] for i in r["ids"]["values"]]
assert got == want, (got, want)
assert sum(r["bytes"] for r in lines[1:]) == len(test.encode())
assert sum(r["chars"] for r in lines[1:]) == len(test)
print(got.count(unk), "unk")
PYEOF
  # decoded, each unseen character reads <unk>
  [ "$(lm-tokenize --decode "$T/test.tok")" = "th<unk> cat<unk><unk><unk>" ]
  # building with --unk: the vocabulary ends with <unk> (count 0); a model
  # trained on it scores unseen characters as OOVs
  lm-tokenize --unk -o "$T/train.unk.tok" "$T/train.txt"
  run sh -c "lm-dump --header '$T/train.unk.tok' | $PY -c 'import json,sys; v=json.load(sys.stdin)[\"vocab\"]; print(v[\"tokens\"][-1], v[\"unk\"], len(v[\"tokens\"]))'"
  [ "$output" = "<unk> 11 12" ]
  lm-ngram -q -o 2 "$T/train.unk.tok" > "$T/m.lm" 2> /dev/null
  lm-tokenize --vocab "$T/m.lm" --unk "$T/test.txt" | lm-score "$T/m.lm" | lm-ppl --json > "$T/ppl.json"
  [ "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["oovs"])' "$T/ppl.json")" = 4 ]
  # a model without <unk> refuses the extended stream with the reason
  lm-ngram -q -o 2 "$T/train.tok" > "$T/plain.lm" 2> /dev/null
  run lm-score "$T/plain.lm" "$T/test.tok"
  assert_error 1 lm-score
  [[ "$output" == *"its <unk> (lm-tokenize --unk) is not in"* ]]
  run lm-tokenize --mode byte --unk "$T/test.txt"
  assert_error 2 lm-tokenize
  run lm-tokenize --decode --unk "$T/test.tok"
  assert_error 2 lm-tokenize
}
