#!/usr/bin/env bats
# lm-tokenize --mode bpe: learning and applying byte-level BPE against an
# independent python reference (tests/helpers/bpe_ref.py), minbpe's
# published example, byte-exact round trips, corrupt merge lists, and the
# models on BPE tokens.

load common

REF=$BATS_TEST_DIRNAME/helpers/bpe_ref.py

# The merges and ids of a tokens stream as JSON {"merges": [[l, r]...], "ids": [...]}
# (read from lm-dump's JSON Lines).
stream_json() {
  lm-dump --full "$1" | $PY -c '
import sys, json
lines = sys.stdin.read().splitlines()
v = json.loads(lines[0])["vocab"]
m = v["merges"]["values"] if v["merges"]["u32"] else []
ids = []
for l in lines[1:]:
    ids += json.loads(l)["ids"]["values"]
print(json.dumps({"merges": [m[i:i + 2] for i in range(0, len(m), 2)], "ids": ids}))'
}

# agree N ARGS... TRAIN APPLY: lm and the reference learn the same merges,
# give TRAIN the same ids, and APPLY the same ids under the learnt vocabulary.
agree() {
  local n=$1; shift
  local apply=${*: -1} train=${*: -2:1}
  local opts=("${@:1:$#-2}")
  $PY "$REF" "$n" "${opts[@]}" "$train" "$apply" > "$T/ref.json"
  lm-tokenize --mode bpe --merges "$n" "${opts[@]}" "$train" > "$T/train.tok" 2>/dev/null
  lm-tokenize --vocab "$T/train.tok" "$apply" > "$T/apply.tok"
  stream_json "$T/train.tok" > "$T/lm.json"
  stream_json "$T/apply.tok" > "$T/lm-apply.json"
  $PY - "$T/ref.json" "$T/lm.json" "$T/lm-apply.json" <<'PY'
import json, sys
ref, lm, ap = (json.load(open(f)) for f in sys.argv[1:])
assert lm["merges"] == ref["merges"], ("merges differ", len(lm["merges"]), len(ref["merges"]))
assert lm["ids"] == ref["ids"], "training ids differ"
assert ap["ids"] == ref["apply_ids"], "applied ids differ"
assert len(ref["merges"]) > 0
PY
}

@test "bpe: minbpe's example, aaabdaaabac with 3 merges, is [258, 100, 258, 97, 99]" {
  printf 'aaabdaaabac' > "$T/m"
  lm-tokenize --mode bpe --merges 3 "$T/m" > "$T/m.tok"
  run sh -c "lm-dump --full '$T/m.tok' | sed -n 2p"
  [[ "$output" == *'"values": [258, 100, 258, 97, 99]'* ]]
  # and the independent reference says the same
  run $PY "$REF" 3 "$T/m"
  [[ "$output" == *'"ids": [258, 100, 258, 97, 99]'* ]]
}

@test "bpe: the python reference agrees on Tiny Shakespeare (gpt2 split, with and without </s>)" {
  need_data "$TS"
  head -c 12000 "$TS" > "$T/a"
  sed -n 3000,3200p "$TS" > "$T/b"
  agree 250 "$T/a" "$T/b"
  agree 250 --eos "$T/a" "$T/b"
}

@test "bpe: the python reference agrees with whole lines as chunks" {
  need_data "$TS"
  head -c 8000 "$TS" > "$T/a"
  sed -n 3000,3100p "$TS" > "$T/b"
  agree 200 --split line "$T/a" "$T/b"
}

@test "bpe: the python reference agrees on random bytes, runs of one letter and many ties" {
  head -c 3000 /dev/urandom > "$T/r"
  head -c 1500 /dev/urandom > "$T/r2"
  agree 150 "$T/r" "$T/r2"
  $PY -c "print('a' * 41 + ' ' + 'aaaa ' * 7 + 'aaa\n' * 3 + 'ab' * 30, end='')" > "$T/aa"
  agree 40 --split line "$T/aa" "$T/r2"
  $PY -c "
import random
random.seed(7)
print(''.join(random.choice('aab \n') for _ in range(2500)), end='')" > "$T/ab"
  agree 120 "$T/ab" "$T/aa"
}

@test "bpe: the python reference agrees on digits, tabs, contractions, runs of spaces, CR, </s> in the text" {
  $PY -c "
import random
random.seed(3)
parts = ['it\'s', 'we\'ll', 'they\'re', \"'twas\", \"''s\", '42', '3.14', ' 1999', 'a\tb', '  x', '   y',
         '\t\tz', 'w \r', '</s>', '<s>', 'caf\u00e9', '\u20ac5', 'x!?', ' ;-)', '\x0b', '\x0c', 'end  ', '\n', '\n\n']
print(''.join(random.choice(parts) + random.choice(['', ' ', '  ']) for _ in range(900)), end='')" > "$T/mix"
  head -c 600 "$T/mix" > "$T/mix2"
  agree 150 "$T/mix" "$T/mix2"
  agree 100 --eos "$T/mix" "$T/mix2"
  agree 100 --split line --eos "$T/mix" "$T/mix2"
  lm-tokenize --mode bpe --merges 300 --eos "$T/mix" 2>/dev/null | lm-tokenize --decode | cmp - "$T/mix"
}

@test "bpe round trip: Tiny Shakespeare, learnt and applied, byte for byte; applying gives the learnt tokens" {
  need_data "$TS"
  lm-tokenize --mode bpe --vocab-size 2048 "$TS" > "$T/ts.tok"
  lm-tokenize --decode "$T/ts.tok" | cmp - "$TS"
  lm-tokenize --vocab "$T/ts.tok" "$TS" > "$T/ts2.tok"
  cmp "$T/ts.tok" "$T/ts2.tok"
  lm-tokenize --mode bpe --vocab-size 2048 --eos --split line "$TS" > "$T/tse.tok"
  lm-tokenize --decode "$T/tse.tok" | cmp - "$TS"
}

@test "bpe round trip: PTB, learnt on train, applied to valid" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.valid.txt"
  lm-tokenize --mode bpe --merges 1000 --eos --vocab-only "$PTB/ptb.train.txt" > "$T/ptb.vocab"
  lm-tokenize --vocab "$T/ptb.vocab" "$PTB/ptb.valid.txt" > "$T/v.tok"
  lm-tokenize --decode "$T/v.tok" | cmp - "$PTB/ptb.valid.txt"
}

@test "bpe round trip: random bytes, invalid UTF-8, empty input, no final newline" {
  head -c 200000 /dev/urandom > "$T/rand"
  lm-tokenize --mode bpe --merges 500 "$T/rand" > "$T/rand.tok"
  lm-tokenize --decode "$T/rand.tok" | cmp - "$T/rand"
  printf 'a\xc3\xa9b\xe2\x82\xac\xf0\x9f\x98\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\n\xe2\x82' > "$T/edge"
  for args in "" "--eos" "--split line" "--split line --eos"; do
    lm-tokenize --mode bpe --merges 5 $args "$T/edge" 2>/dev/null | lm-tokenize --decode | cmp - "$T/edge"
    # a vocabulary learnt elsewhere, applied to bytes it never saw
    lm-tokenize --mode bpe --merges 300 $args --vocab-only "$T/rand" > "$T/r.vocab" 2>/dev/null
    lm-tokenize --vocab "$T/r.vocab" "$T/edge" | lm-tokenize --decode | cmp - "$T/edge"
  done
  : > "$T/empty"
  lm-tokenize --mode bpe --merges 10 "$T/empty" 2>/dev/null > "$T/e.tok"
  lm-tokenize --decode "$T/e.tok" | cmp - "$T/empty"
  lm-tokenize --vocab "$T/r.vocab" "$T/empty" | lm-tokenize --decode | cmp - "$T/empty"
}

@test "bpe: bytes and chars of the records add up to the text's (counted by python)" {
  printf 'h\xc3\xa9llo w\xc3\xb6rld\n\xff\nit'"'"'s 42 caf\xc3\xa9s\n' > "$T/u"
  lm-tokenize --mode bpe --merges 20 --eos "$T/u" > "$T/u.tok" 2>/dev/null
  run sh -c "lm-dump '$T/u.tok' | $PY -c '
import sys, json
b = c = 0
for l in sys.stdin.read().splitlines()[1:]:
    o = json.loads(l); b += o[\"bytes\"]; c += o[\"chars\"]
print(b, c)'"
  want=$($PY -c "
d = open('$T/u', 'rb').read()
print(len(d), len(d.decode('utf-8', 'replace')))")
  [ "$output" = "$want" ]
}

@test "bpe: --vocab-size counts the 256 bytes and </s>; usage errors" {
  printf 'the cat the hat the bat\n' > "$T/t"
  run sh -c "lm-tokenize --mode bpe --vocab-size 260 --eos --vocab-only '$T/t' | lm-dump | $PY -c '
import sys, json; v = json.loads(sys.stdin.readline())[\"vocab\"]; print(len(v[\"tokens\"]), v[\"eos\"], v[\"tokens\"][-1])'"
  [ "$status" -eq 0 ]
  [ "$output" = "260 259 </s>" ]
  run lm-tokenize --mode bpe "$T/t"
  assert_error 2 lm-tokenize
  run lm-tokenize --merges 10 "$T/t"
  assert_error 2 lm-tokenize
  run lm-tokenize --mode bpe --merges 3 --vocab-size 300 "$T/t"
  assert_error 2 lm-tokenize
  run lm-tokenize --mode bpe --merges 3 --split words "$T/t"
  assert_error 2 lm-tokenize
}

# corrupt HOW: writes $T/bad.vocab, a learnt vocabulary with its merge list spoilt.
corrupt() {
  $PY - "$T/good.vocab" "$T/bad.vocab" "$1" <<'PY'
import msgpack, struct, sys
src, dst, how = sys.argv[1:]
h = msgpack.unpackb(open(src, "rb").read(), raw=False, strict_map_key=False)
v = h["vocab"]
m = list(struct.unpack("<%dI" % (len(v["merges"].data) // 4), v["merges"].data))
toks = v["tokens"]
if how == "unknown":   m[1] = 99999
elif how == "forward": m[0] = 256 + 5          # merge 0 uses token 261, made later
elif how == "cycle":   m[2 * 3] = 256 + 4; m[2 * 4] = 256 + 3   # 259 and 260 from each other
elif how == "duplicate":
    m[2 * 7:2 * 7 + 2] = m[2 * 2:2 * 2 + 2]; toks[256 + 7] = toks[256 + 2] + b"x"
elif how == "bytes":   toks[256 + 1] = toks[256 + 1] + b"!"
elif how == "extra":   toks.append(b"<pad>")
elif how == "odd":     m = m[:-1]
v["merges"] = msgpack.ExtType(3, struct.pack("<%dI" % len(m), *m))
open(dst, "wb").write(msgpack.packb(h, use_bin_type=True))
PY
}

@test "bpe: a corrupt merge list is refused with one line (unknown id, forward reference, cycle, duplicate, wrong bytes)" {
  need_data "$TS"
  head -c 20000 "$TS" > "$T/a"
  lm-tokenize --mode bpe --merges 40 --vocab-only "$T/a" > "$T/good.vocab"
  lm-tokenize --vocab "$T/good.vocab" "$T/a" | lm-tokenize --decode | cmp - "$T/a"
  for how in unknown forward cycle duplicate bytes extra odd; do
    corrupt $how
    run lm-tokenize --vocab "$T/bad.vocab" "$T/a"
    assert_error 1 lm-tokenize
    [ "${#lines[@]}" -eq 1 ]
    case $how in
      unknown|forward|cycle) [[ "$output" == *"not defined before it"* ]] ;;
      duplicate) [[ "$output" == *"repeats merge 2"* ]] ;;
      bytes) [[ "$output" == *"is not the bytes of merge 1"* ]] ;;
      extra) [[ "$output" == *"after its merges"* ]] ;;
      odd) [[ "$output" == *"not pairs"* ]] ;;
    esac
  done
}

@test "bpe: n-gram and LSTM models train, score and sample BPE tokens; lm-sample prints text" {
  need_data "$TS"
  head -c 60000 "$TS" > "$T/a"
  sed -n 5000,5100p "$TS" > "$T/b"
  lm-tokenize --mode bpe --merges 300 --eos "$T/a" > "$T/a.tok"
  lm-ngram -q -o 3 "$T/a.tok" > "$T/a.lm"
  lm-tokenize --vocab "$T/a.lm" "$T/b" | lm-score "$T/a.lm" | lm-ppl --json > "$T/ppl.json"
  run $PY -c "
import json; r = json.load(open('$T/ppl.json'))
import os; assert r['bytes'] == os.path.getsize('$T/b'), r
assert 0.5 < r['bits_per_byte'] < 8, r
print('ok')"
  [ "$output" = ok ]
  run lm-sample "$T/a.lm" --prime 'ROMEO:' -n 40 --seed 1
  [ "$status" -eq 0 ]
  [[ "$output" == "ROMEO:"* ]]
  # text, not ids: mostly letters and spaces, as the training text is
  $PY -c "
import sys; out = sys.stdin.buffer.read()
good = sum(chr(b).isalpha() or chr(b).isspace() for b in out)
assert len(out) > 40 and good > 0.7 * len(out), out" <<< "$output"
  # </s> of a --eos vocabulary ends sentences: --sentences 4 is four more lines
  run sh -c "lm-sample '$T/a.lm' --prime 'ROMEO:
' --sentences 4 --seed 5 | wc -l"
  [ "$output" -eq 5 ]
  lm-train --cell lstm --hidden 16 --layers 1 --batch 4 --seq 16 --steps 3 --quiet -o "$T/a.rnn" "$T/a.tok"
  lm-tokenize --vocab "$T/a.rnn" "$T/b" | lm-score "$T/a.rnn" | lm-ppl > /dev/null
  run lm-sample "$T/a.rnn" --prime 'KING' -n 10 --seed 2
  [ "$status" -eq 0 ]
  [[ "$output" == "KING"* ]]
}
