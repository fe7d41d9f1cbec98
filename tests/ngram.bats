#!/usr/bin/env bats
# lm-ngram: probabilities against an independent python implementation of
# the formulas (tests/helpers/ngram_ref.py), KenLM's published PTB
# perplexities, ARPA round trips, count merging, bad ARPA input.
# The PTB runs are skipped in the sanitized build (LABEL=sanitized or
# LM_SANITIZED=1): they test numbers, which the normal build covers.

load common

REF=$REPO/tests/helpers/ngram_ref.py
KENLM=${KENLM_BIN:-$HOME/.cache/lm-bench/kenlm/build/bin}

sanitized() { [ "${LABEL:-}" = sanitized ] || [ "${LM_SANITIZED:-0}" = 1 ]; }

# A seeded random word corpus: small vocabulary, so counts-of-counts exist.
corpus() {   # corpus SEED NLINES WORDS... > file
  $PY - "$@" <<'PY'
import random, sys
r = random.Random(int(sys.argv[1])); n = int(sys.argv[2]); W = sys.argv[3:]
for _ in range(n):
    print(" ".join(r.choice(W[:r.randint(2, len(W))]) for _ in range(r.randint(0, 7))))
PY
}

# check MODE ORDER SMOOTH K: $T/train.txt and $T/test.txt against ngram_ref.py
check() {
  local mode=$1 o=$2 s=$3 k=$4 opts=()
  [ "$mode" = word ] && opts+=(--force --arpa "$T/m.arpa")   # remade per case
  [ "$s" = addk ] && opts+=(--add-k "$k")
  lm-tokenize --mode "$mode" < "$T/train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" < "$T/test.txt" > "$T/test.tok"
  lm-ngram -q -o "$o" --smoothing "$s" "${opts[@]}" "$T/train.tok" > "$T/m.lm" 2> /dev/null
  if [ "$mode" = word ]; then
    $PY "$REF" arpa word "$o" "$s" "$k" "$T/train.txt" "$T/m.arpa" || { echo "ARPA: $mode $o $s"; return 1; }
  fi
  lm-score "$T/m.lm" "$T/test.tok" | lm-dump --full > "$T/lp.jsonl"
  $PY "$REF" score "$mode" "$o" "$s" "$k" "$T/train.txt" "$T/test.txt" "$T/lp.jsonl" \
    || { echo "scores: $mode $o $s"; return 1; }
}

@test "word mode, orders 1-4, mkn/kn/addk: every ARPA entry and test score as the python reference" {
  corpus 7 300 the a cat dog sat ran on under mat log > "$T/train.txt"
  corpus 8 60 the a cat dog sat ran on mat bird > "$T/test.txt"
  for o in 1 2 3 4; do
    check word $o mkn 0
    check word $o kn 0
    check word $o addk 1
  done
  check word 3 addk 0.25
}

@test "word mode, a tiny hand-made corpus (discount fallbacks), orders 1-4" {
  printf 'a b c\na b\nb c a\n\nc c c c\n' > "$T/train.txt"
  printf 'a b c d\nc a b\n' > "$T/test.txt"
  for o in 1 2 3 4; do for s in mkn kn; do check word $o $s 0; done; check word $o addk 1; done
}

@test "char mode, orders 1-4, mkn/kn/addk: scores as the python reference" {
  printf 'abracadabra cab cad\nbarbara\nbanana bandana\n' > "$T/train.txt"
  printf 'abracab arba\nnab\n' > "$T/test.txt"
  for o in 1 2 3 4; do for s in mkn kn; do check char $o $s 0; done; check char $o addk 1; done
}

@test "orders 20 and 32, word and char mode, mkn/kn/addk: ARPA entries and scores as the python reference" {
  # Long lines (25-40 words) so that sentences hold 32-grams; some lines
  # repeat, so high-order n-grams have counts above 1 and left contexts.
  $PY - > "$T/train.txt" <<'PY'
import random
r = random.Random(20); W = "the a cat dog sat ran on under mat log".split()
lines = [" ".join(r.choice(W) for _ in range(r.randint(25, 40))) for _ in range(30)]
for i in range(45): print(lines[r.randrange(len(lines))] if i % 3 else lines[i % 30])
PY
  corpus 21 20 the a cat dog sat ran on mat bird > "$T/test.txt"
  head -3 "$T/train.txt" >> "$T/test.txt"
  for o in 20 32; do check word $o mkn 0; check word $o kn 0; check word $o addk 1; done
  $PY - > "$T/train.txt" <<'PY'
import random
r = random.Random(32); P = ["abracadabra ", "banana bandana ", "cab cad ", "barbara\n"]
print("".join(r.choice(P) for _ in range(90)), end="")
PY
  printf 'abracadabra banana cab barbara\nabracab arba\n' > "$T/test.txt"
  for o in 20 32; do check char $o mkn 0; check char $o kn 0; check char $o addk 1; done
}

@test "fallback discounts: one warning line per order naming it, and a valid model" {
  printf 'a b\n' > "$T/t.txt"
  lm-tokenize --mode word < "$T/t.txt" > "$T/t.tok"
  run lm-ngram -q -o 3 "$T/t.tok" --output "$T/m.lm"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^lm-ngram: warning: order [123]: ' <<< "$output")" -eq 3 ]
  lm-score "$T/m.lm" "$T/t.tok" | lm-ppl --json > "$T/r.json"
  $PY -c 'import json,sys,math; r=json.load(open(sys.argv[1])); assert math.isfinite(r["ppl"]) and r["ppl"] >= 1' "$T/r.json"
}

@test "PTB: orders 2-5 match KenLM's published test perplexities to 0.01%" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  lm-tokenize --mode word < "$PTB/ptb.train.txt" > "$T/train.tok"
  lm-tokenize --mode word --vocab "$T/train.tok" < "$PTB/ptb.test.txt" > "$T/test.tok"
  orders="2:185.7048931511453 3:148.2814995024931 4:142.71560595161773 5:141.1862070921484"
  # under the sanitizers the top order alone (every stage runs at every order below it)
  sanitized && orders="5:141.1862070921484"
  for ow in $orders; do
    o=${ow%%:*} want=${ow#*:}
    lm-ngram -q -o "$o" "$T/train.tok" > "$T/m.lm"
    got=$(lm-score "$T/m.lm" "$T/test.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["ppl"])')
    $PY -c 'import sys; g, w = map(float, sys.argv[1:3]); print(sys.argv[3], g, w, abs(g / w - 1)); assert abs(g / w - 1) < 1e-4' \
      "$got" "$want" "order $o" || return 1
  done
}

@test "ARPA round trip: model, its ARPA and the ARPA converted back score identically" {
  corpus 3 200 x y z w v u > "$T/train.txt"
  corpus 4 40 x y z w v > "$T/test.txt"
  lm-tokenize --mode word < "$T/train.txt" > "$T/t.tok"
  lm-tokenize --vocab "$T/t.tok" < "$T/test.txt" > "$T/s.tok"
  lm-ngram -q -o 4 --arpa "$T/m.arpa" "$T/t.tok" > "$T/m.lm"
  lm-ngram -q --from-arpa "$T/m.arpa" --arpa "$T/again.arpa" --output "$T/back.lm"
  cmp "$T/m.arpa" "$T/again.arpa"
  for m in m.lm m.arpa back.lm; do
    lm-score "$T/$m" "$T/s.tok" | lm-dump --full | tail -n +2 > "$T/$m.out"
  done
  cmp "$T/m.lm.out" "$T/m.arpa.out"
  cmp "$T/m.lm.out" "$T/back.lm.out"
  # tokens made with the ARPA's vocabulary are accepted by the model stream
  lm-tokenize --vocab "$T/m.arpa" < "$T/test.txt" > "$T/s2.tok"
  lm-score "$T/m.lm" "$T/s2.tok" > /dev/null
}

@test "counts: shards cut at line ends merge into the whole corpus's counts and model" {
  corpus 5 500 p q r s t u v > "$T/all.txt"
  lm-tokenize --mode word < "$T/all.txt" > "$T/all.tok"
  split -l 170 "$T/all.txt" "$T/shard."
  for f in "$T"/shard.*; do
    lm-tokenize --vocab "$T/all.tok" < "$f" | lm-ngram -o 5 --counts-only > "$f.cnt"
  done
  lm-ngram --merge "$T"/shard.*.cnt --output "$T/merged.cnt"
  lm-ngram -o 5 --counts-only < "$T/all.tok" > "$T/all.cnt"
  # through files, not <(...): a failing lm-dump there would go unseen
  lm-dump --full "$T/merged.cnt" > "$T/merged.json"
  lm-dump --full "$T/all.cnt" > "$T/all.json"
  cmp "$T/merged.json" "$T/all.json"
  lm-ngram -q -o 5 < "$T/merged.cnt" > "$T/a.lm"
  lm-ngram -q -o 5 < "$T/all.tok" > "$T/b.lm"
  cmp "$T/a.lm" "$T/b.lm"
  # a lower order from higher-order counts is the same model as counted directly
  lm-ngram -q -o 3 "$T/all.cnt" > "$T/c.lm"
  lm-ngram -q -o 3 "$T/all.tok" > "$T/d.lm"
  cmp "$T/c.lm" "$T/d.lm"
}

@test "counts: shards with different vocabularies or orders are refused" {
  printf 'a b\n' | lm-tokenize --mode word | lm-ngram -o 2 --counts-only > "$T/a.cnt"
  printf 'c d\n' | lm-tokenize --mode word | lm-ngram -o 2 --counts-only > "$T/b.cnt"
  printf 'a b\n' | lm-tokenize --mode word | lm-ngram -o 3 --counts-only > "$T/c.cnt"
  run lm-ngram --merge "$T/a.cnt" "$T/b.cnt"
  assert_error 1 lm-ngram
  [[ "$output" == *"vocabulary"* ]]
  run lm-ngram --merge "$T/a.cnt" "$T/c.cnt"
  assert_error 1 lm-ngram
  run lm-ngram -o 3 "$T/a.cnt"
  assert_error 1 lm-ngram
}

# same_totals LOGPROBS.jsonl KEN.tot: per-sentence log10 totals of lm-score's
# output (lm-dump --full) equal query's "Total:" lines to 1e-4
same_totals() {
  $PY - "$1" "$2" <<'PY'
import json, sys, math
recs = [json.loads(l) for l in open(sys.argv[1])]
lp = [v for r in recs for v in r.get("logp", {}).get("values", [])]
ids = [v for r in recs for v in r.get("ids", {}).get("values", [])]
ken = [float(l.split()[1]) for l in open(sys.argv[2])]
tot, s = [], 0.0
for i, p in zip(ids, lp):
    s += p / math.log(10)
    if i == 2: tot.append(s); s = 0.0
assert len(tot) == len(ken), (len(tot), len(ken))
worst = max(abs(a - b) for a, b in zip(tot, ken))
print("max |diff| per sentence (log10):", worst)
assert worst < 1e-4
PY
}

@test "KenLM: our ARPA in query, KenLM's ARPA in lm-score: the same sentence totals" {
  [ -x "$KENLM/lmplz" ] && [ -x "$KENLM/query" ] || skip "KenLM not built (bench/build-kenlm.sh)"
  corpus 9 400 the a cat dog sat ran on under mat log > "$T/train.txt"
  corpus 10 50 the a cat dog sat ran on mat > "$T/test.txt"
  sed -i '/^$/d' "$T/train.txt" "$T/test.txt"
  "$KENLM/lmplz" -o 3 -S 10% --discount_fallback < "$T/train.txt" > "$T/ken.arpa" 2> /dev/null
  lm-tokenize --vocab "$T/ken.arpa" < "$T/test.txt" > "$T/k.tok"
  lm-score "$T/ken.arpa" "$T/k.tok" | lm-dump --full > "$T/lp.jsonl"
  "$KENLM/query" -v sentence "$T/ken.arpa" < "$T/test.txt" 2> /dev/null | grep '^Total:' > "$T/ken.tot"
  same_totals "$T/lp.jsonl" "$T/ken.tot"
  # a bigram missing under its trigrams (as SRILM pruning leaves them): same totals as query
  b=$(grep -m1 -P '^\S+\t\S+ </s>\t' "$T/ken.arpa" | cut -f2)
  grep -c -P "\t\S+ $b\$" "$T/ken.arpa"
  grep -v -P "^\S+\t$b\t" "$T/ken.arpa" | awk '/^ngram 2=/ { sub(/=.*/, "=" substr($0, index($0, "=") + 1) - 1) } 1' > "$T/cut.arpa"
  lm-score "$T/cut.arpa" "$T/k.tok" 2> "$T/err" | lm-dump --full > "$T/lp.jsonl"
  grep -q 'listed without their suffix or context' "$T/err"
  "$KENLM/query" -v sentence "$T/cut.arpa" < "$T/test.txt" 2> /dev/null | grep '^Total:' > "$T/ken.tot"
  same_totals "$T/lp.jsonl" "$T/ken.tot"
  # and ours in KenLM's query
  lm-tokenize --mode word < "$T/train.txt" > "$T/t.tok"
  lm-ngram -q -o 3 --arpa "$T/our.arpa" "$T/t.tok" > /dev/null
  "$KENLM/query" "$T/our.arpa" < "$T/test.txt" > /dev/null 2>&1
}

# bad ARPA files: each is the good one with one thing broken
arpa_good() {
  printf '\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-1.0\t<unk>\t0\n0\t<s>\t-0.3\n-0.5\t</s>\t0\n-0.6\ta\t-0.2\n\n\\2-grams:\n-0.2\t<s> a\n-0.1\ta </s>\n\n\\end\\\n'
}

@test "ARPA: a good small file scores; each broken variant is one clear error naming the line" {
  arpa_good > "$T/good.arpa"
  printf 'a\n' | lm-tokenize --vocab "$T/good.arpa" > "$T/t.tok"
  lm-score "$T/good.arpa" "$T/t.tok" > /dev/null
  bad() {   # bad NAME SED-SCRIPT EXPECTED-LINE
    arpa_good | sed "$2" > "$T/$1.arpa"
    run lm-score "$T/$1.arpa" "$T/t.tok"
    assert_error 1 lm-score || { echo "case $1"; return 1; }
    [[ "$output" == *"$1.arpa:$3:"* ]] || { echo "case $1: $output"; return 1; }
  }
  bad count 's/ngram 2=2/ngram 2=x/' 3
  bad count-order 's/ngram 2=2/ngram 3=2/' 3
  bad section 's/\\2-grams:/\\3-grams:/' 11
  bad number 's/^-0.6\ta/-0.6z\ta/' 9
  bad order 's/^-0.2\t<s> a/-0.2\t<s> a a/' 12
  bad short 's/ngram 2=2/ngram 2=3/' 14
  bad unknown 's/^-0.2\t<s> a/-0.2\t<s> b/' 12
  bad duplicate 's/^-0.1\ta <\/s>/-0.1\t<s> a/' 13
  arpa_good | head -n 12 > "$T/trunc.arpa"
  run lm-score "$T/trunc.arpa" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"trunc.arpa:12:"* ]]
  arpa_good | sed '$d' > "$T/noend.arpa"
  run lm-score "$T/noend.arpa" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"\\end\\"* ]]
  run lm-tokenize --vocab "$T/count.arpa"
  assert_error 1 lm-tokenize
}

@test "bad input: a model where tokens or counts belong, a missing file" {
  printf 'x\n' | lm-tokenize --mode word | lm-ngram -o 2 > "$T/m.lm"
  run lm-ngram -o 2 "$T/m.lm"
  assert_error 1 lm-ngram
  [[ "$output" == *"expected a tokens or counts stream"* ]]
  run lm-ngram -o 2 "$T/missing"
  assert_error 1 lm-ngram
}

@test "usage: order missing or out of range, unknown smoothing, conflicting jobs" {
  printf 'x\n' | lm-tokenize --mode word > "$T/t.tok"
  run lm-ngram "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 0 "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 33 "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 2 --smoothing wb "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 2 --smoothing kn --add-k 1 "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram --merge
  assert_error 2 lm-ngram
  run lm-ngram -o 2 --counts-only --arpa x "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 2 "$T/t.tok" "$T/t.tok"
  assert_error 2 lm-ngram
}

@test "char mode: --arpa is refused (ARPA is a word format); the model stream works" {
  printf 'hello world\n' | lm-tokenize > "$T/c.tok"
  run lm-ngram -o 3 --arpa "$T/c.arpa" "$T/c.tok"
  assert_error 1 lm-ngram
  [ ! -e "$T/c.arpa" ]
  lm-ngram -q -o 3 "$T/c.tok" > "$T/c.lm"
  lm-score "$T/c.lm" "$T/c.tok" | lm-ppl --json > /dev/null
}

@test "ARPA, counts and model readers: every cut and random byte changes of valid files" {
  FUZZBIN=${TESTBIN%/tests}/fuzz
  printf 'a b c\nb c a b\n' | lm-tokenize --mode word > "$T/t.tok"
  lm-ngram -q -o 3 --counts-only "$T/t.tok" > "$T/t.cnt"
  lm-ngram -q -o 3 --arpa "$T/t.arpa" "$T/t.tok" > "$T/t.lm"
  for f in t.cnt t.arpa t.lm; do
    $PY - "$T/$f" "$T/c.$f" <<'PY'
import sys, os, random
data = open(sys.argv[1], "rb").read(); out = sys.argv[2]; os.makedirs(out)
r = random.Random(len(data))
for cut in range(0, len(data), max(1, len(data) // 200)):
    open(f"{out}/cut{cut}", "wb").write(data[:cut])
for i in range(200):
    b = bytearray(data)
    for _ in range(r.randint(1, 3)):
        b[r.randrange(len(b))] = r.choice(b"0123456789-. \t\n\\xyz" + bytes(range(256)))
    open(f"{out}/flip{i}", "wb").write(bytes(b))
PY
  done
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$FUZZBIN/replay_counts" "$T/t.cnt" "$T"/c.t.cnt/*
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$FUZZBIN/replay_arpa" "$T/t.arpa" "$T"/c.t.arpa/*
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$FUZZBIN/replay_ngram" "$T/t.lm" "$T"/c.t.lm/*
}

@test "--prune: kept n-grams and renormalised back-offs as the python reference" {
  corpus 7 300 the a cat dog sat ran on under mat log > "$T/train.txt"
  lm-tokenize --mode word < "$T/train.txt" > "$T/t.tok"
  for o in 2 3 4; do for s in mkn kn addk; do
    lm-ngram -q -o $o --smoothing $s --prune 0,1,2 --force --arpa "$T/p.arpa" "$T/t.tok" > /dev/null 2>&1
    $PY "$REF" arpa word $o $s 1 "$T/train.txt" "$T/p.arpa" 0,1,2 || { echo "prune $o $s"; return 1; }
  done; done
  run lm-ngram -o 3 --prune 1 "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 3 --prune 0,x "$T/t.tok"
  assert_error 2 lm-ngram
  run lm-ngram -o 3 --prune 0,1 --counts-only "$T/t.tok"
  assert_error 2 lm-ngram
}

@test "PTB: --prune 0,0,1 at order 5 keeps the n-grams KenLM's lmplz --prune 0 0 1 keeps" {
  need_data "$PTB/ptb.train.txt"
  lm-tokenize --mode word < "$PTB/ptb.train.txt" > "$T/train.tok"
  lm-ngram -q -o 5 --prune 0,0,1 --arpa "$T/p.arpa" "$T/train.tok" > /dev/null
  # lmplz lists one unigram more: its own zero-count <unk> beside PTB's
  diff <(sed -n 2,6p "$T/p.arpa") <(printf 'ngram %s\n' 1=10001 2=264990 3=81305 4=43110 5=22983)
}

@test "counts with a vocabulary above 2^16 ids (two radix passes per order) equal a python count" {
  $PY -c '
import random
r = random.Random(1)
for i in range(40000):
    print(" ".join("w%d" % r.randrange(90000) if r.random() < 0.7 else "c%d" % r.randrange(9)
                   for _ in range(r.randint(0, 12))))' > "$T/big.txt"
  lm-tokenize --mode word < "$T/big.txt" > "$T/big.tok"
  lm-ngram -q -o 3 --counts-only "$T/big.tok" | lm-dump --full > "$T/cnt.jsonl"
  $PY - "$T/cnt.jsonl" "$T/big.txt" <<'PY'
import json, sys
from collections import Counter
lines = open(sys.argv[1]).read().split("\n")
toks = json.loads(lines[0])["vocab"]["tokens"]
assert len(toks) > 65536, len(toks)
lv = {}
for l in filter(None, lines[1:]):
    r = json.loads(l)
    d = lv.setdefault(r["order"], {"w": [], "p": [], "c": []})
    d["w"] += r["word"]["values"]; d["c"] += r["count"]["values"]
    d["p"] += r.get("parent", {"values": []})["values"]
def words(k, i):
    out = []
    while True:
        out.append(toks[lv[k]["w"][i]])
        if k == 1: return tuple(out)
        i = lv[k]["p"][i]; k -= 1
got = [Counter({words(k, i): c for i, c in enumerate(lv[k]["c"]) if c}) for k in (1, 2, 3)]
want = [Counter() for _ in range(3)]
for line in open(sys.argv[2]):
    s = ["<s>"] + line.split() + ["</s>"]
    for i in range(1, len(s)):
        for n in range(1, 4):
            if i - n + 1 >= 0: want[n - 1][tuple(s[i - n + 1:i + 1])] += 1
assert got == want, [len(x) for x in got] + [len(x) for x in want]
PY
}

@test "ARPA: an n-gram listed without its suffix (SRILM pruning) gets the suffix at its back-off value" {
  printf '\\data\\\nngram 1=4\nngram 2=2\nngram 3=1\n\n\\1-grams:\n-1.0\t<unk>\t0\n0\t<s>\t-0.3\n-0.5\t</s>\t0\n-0.6\ta\t-0.2\n\n\\2-grams:\n-0.2\t<s> a\t-0.1\n-0.1\ta </s>\t0\n\n\\3-grams:\n-0.05\t<s> a a\n\n\\end\\\n' > "$T/m.arpa"
  run lm-ngram --from-arpa "$T/m.arpa" --arpa "$T/out.arpa" --output "$T/m.lm"
  [ "$status" -eq 0 ]
  [[ "$output" == *"1 n-grams are listed without their suffix"* ]]
  grep -q -P '^-0.8\ta a\t0$' "$T/out.arpa"     # bo(a) + p(a)
  grep -q '^ngram 2=3$' "$T/out.arpa"
}

@test "--prune-entropy: the same n-grams and back-off weights (1e-5) as a python pruning by the definitions" {
  head -c 25000 "$TS" | tr -s ' ' > "$T/text"
  lm-tokenize --mode word "$T/text" > "$T/t.tok"
  lm-ngram -q -o 3 --arpa "$T/full.arpa" "$T/t.tok" > "$T/full.lm"
  for th in 3e-6 1e-4; do
    lm-ngram -q -o 3 --prune-entropy $th --arpa "$T/p-$th.arpa" "$T/t.tok" > "$T/p-$th.lm"
    run $PY "$REPO/tests/helpers/prune_ref.py" "$T/full.arpa" $th "$T/p-$th.arpa"
    echo "$th: $output"
    [ "$status" -eq 0 ]
    # something was pruned, and something kept, at every order above 1
    [[ "$output" =~ kept\ \[([0-9]+),\ ([0-9]+),\ ([0-9]+)\]\ of\ \[([0-9]+),\ ([0-9]+),\ ([0-9]+)\] ]]
    r=("${BASH_REMATCH[@]}")
    [ "${r[2]}" -lt "${r[5]}" ] && [ "${r[3]}" -lt "${r[6]}" ] && [ "${r[3]}" -gt 0 ]
  done
  # an ARPA input prunes the same way (SRILM prunes any model)
  lm-ngram -q --from-arpa "$T/full.arpa" --prune-entropy 1e-4 --arpa "$T/q.arpa" > /dev/null
  diff "$T/p-1e-4.arpa" "$T/q.arpa"
}

@test "--prune-entropy: a larger threshold keeps fewer n-grams; bad values are usage errors" {
  head -c 25000 "$TS" | lm-tokenize --mode word > "$T/t.tok"
  n() { lm-ngram -q -o 3 --prune-entropy "$1" "$T/t.tok" | lm-dump | grep -o '"word": {"u32": [0-9]*' | awk '{ s += $NF } END { print s }'; }
  a=$(n 1e-7); b=$(n 1e-5); c=$(n 1e-3)
  echo "$a $b $c"
  [ "$a" -gt "$b" ] && [ "$b" -gt "$c" ]
  for bad in 0 -1 abc nan; do
    run lm-ngram -o 3 --prune-entropy $bad "$T/t.tok"
    assert_error 2 lm-ngram
  done
  run lm-ngram --counts-only -o 3 --prune-entropy 1e-5 "$T/t.tok"
  assert_error 2 lm-ngram
}
