#!/usr/bin/env bats
# lm-ppl: arithmetic against an independent python calculation, --mix,
# --json, bad input.  Logprobs streams are made by the test helper
# mklogprobs from a tokens stream and a list of numbers, so the test knows
# exactly what lm-ppl is given.

load common

# make_lp TOKENS OUT SEED [CHUNK]: random log-probs for every token of
# TOKENS, written to OUT.txt (numbers) and OUT (logprobs stream).
make_lp() {
  local n
  n=$(lm-dump "$1" | $PY -c 'import sys,json; print(sum(json.loads(l)["ids"]["u32"] for l in list(sys.stdin)[1:]))')
  $PY -c "
import random, math
random.seed($3)
print('\n'.join('%.17g' % math.log(random.uniform(1e-9, 1)) for _ in range($n)))" > "$2.txt"
  "$TESTBIN/mklogprobs" "$1" "$2.txt" ${4:-} > "$2"
}

@test "perplexity, nats, bits per token/char/byte match python (word mode, PTB test)" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  lm-tokenize --mode word "$PTB/ptb.train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$PTB/ptb.test.txt" > "$T/test.tok"
  make_lp "$T/test.tok" "$T/a" 1
  lm-ppl --json "$T/a" > "$T/out.json"
  run $PY - "$T/a.txt" "$T/out.json" "$PTB/ptb.test.txt" <<'PY'
import sys, json, math
lp = [float(x) for x in open(sys.argv[1])]
r = json.load(open(sys.argv[2]))
text = open(sys.argv[3], "rb").read()
words = text.decode().split()
nats = -math.fsum(lp)
n = len(lp)
want = {
    "tokens": n, "oovs": words.count("<unk>"), "nats": nats,
    "ppl": math.exp(nats / n), "bits_per_token": nats / n / math.log(2),
    "chars": len(text.decode()), "bytes": len(text),
    "bits_per_char": nats / math.log(2) / len(text.decode()),
    "bits_per_byte": nats / math.log(2) / len(text),
}
for k, v in want.items():
    got = r[k]
    if isinstance(v, int):
        assert got == v, (k, got, v)
    else:
        assert abs(got - v) <= 1e-12 * abs(v), (k, got, v)
print("ok", n)
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "ok 82430" ]
}

@test "text report has every figure; several files add up" {
  printf 'abcab' > "$T/t"
  lm-tokenize "$T/t" > "$T/t.tok"
  printf '%s\n' -1 -2 -3 -1 -2 > "$T/lp.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/lp.txt" > "$T/lp"
  run lm-ppl "$T/lp"
  [ "$status" -eq 0 ]
  for k in tokens oovs nats ppl nats/token bits/token chars bits/char bytes bits/byte; do
    [[ "$output" == *"$k "* ]] || { echo "missing $k"; return 1; }
  done
  [[ "$output" == *"ppl         6.049647464"* ]]   # exp(9/5)
  run lm-ppl --json "$T/lp" "$T/lp"
  [[ "$output" == *'"tokens": 10,'* ]]
  [[ "$output" == *'"nats": 18.0,'* ]]
}

@test "record boundaries do not change the result" {
  printf 'the quick brown fox\njumps over\n' > "$T/t"
  lm-tokenize --mode word "$T/t" > "$T/t.tok"
  make_lp "$T/t.tok" "$T/a" 7
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/a.txt" 2 > "$T/a2"
  [ "$(lm-dump "$T/a2" | wc -l)" -gt 3 ]
  lm-ppl --json "$T/a" > "$T/a.json"     # files, not <(...): a failure there goes unseen
  lm-ppl --json "$T/a2" > "$T/a2.json"
  diff "$T/a.json" "$T/a2.json"
}

@test "--mix interpolates in log space; matches python, no underflow" {
  need_data "$PTB/ptb.valid.txt"
  lm-tokenize --mode word "$PTB/ptb.valid.txt" > "$T/v.tok"
  make_lp "$T/v.tok" "$T/a" 2
  make_lp "$T/v.tok" "$T/b" 3 5000    # different record boundaries
  # a third stream with probabilities far below double's range when
  # exponentiated naively (log p = -800)
  n=$(wc -l < "$T/a.txt")
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print -800 }' > "$T/c.txt"   # not yes | head: SIGPIPE under pipefail
  "$TESTBIN/mklogprobs" "$T/v.tok" "$T/c.txt" > "$T/c"
  lm-ppl --json --mix 0.25,0.5,0.25 "$T/a" "$T/b" "$T/c" > "$T/out.json"
  run $PY - "$T/a.txt" "$T/b.txt" "$T/c.txt" "$T/out.json" <<'PY'
import sys, json, math
a, b, c = ([float(x) for x in open(f)] for f in sys.argv[1:4])
r = json.load(open(sys.argv[4]))
def mix(x, y, z):
    t = [math.log(0.25) + x, math.log(0.5) + y, math.log(0.25) + z]
    m = max(t)
    return m + math.log(sum(math.exp(v - m) for v in t))
nats = -math.fsum(mix(*t) for t in zip(a, b, c))
assert abs(r["nats"] - nats) <= 1e-10 * nats, (r["nats"], nats)
assert abs(r["ppl"] - math.exp(nats / len(a))) <= 1e-10 * r["ppl"]
print("ok")
PY
  echo "$output"
  [ "$output" = ok ]
  # all weight on one stream = that stream alone
  lm-ppl --json --mix 0,1 "$T/c" "$T/a" > "$T/m.json"
  lm-ppl --json "$T/a" > "$T/a.json"
  $PY -c "
import json
m, a = json.load(open('$T/m.json')), json.load(open('$T/a.json'))
assert abs(m['nats'] - a['nats']) <= 1e-9 * a['nats'], (m, a)"
}

@test "--mix refuses streams over different tokens, and bad weights" {
  printf 'abc' > "$T/1"; printf 'abd' > "$T/2"; printf 'ab' > "$T/3"
  for i in 1 2 3; do lm-tokenize "$T/$i" > "$T/$i.tok"; done
  printf '%s\n' -1 -1 -1 > "$T/lp.txt"
  for i in 1 2 3; do "$TESTBIN/mklogprobs" "$T/$i.tok" "$T/lp.txt" > "$T/$i.lp"; done
  run lm-ppl --mix 0.5,0.5 "$T/1.lp" "$T/2.lp"
  assert_error 1 lm-ppl
  [[ "$output" == *"same tokens"* ]]
  run lm-ppl --mix 0.5,0.5 "$T/1.lp" "$T/3.lp"
  assert_error 1 lm-ppl
  run lm-ppl --mix 0.5,0.6 "$T/1.lp" "$T/1.lp"
  assert_error 2 lm-ppl
  run lm-ppl --mix 0.5,-0.5 "$T/1.lp" "$T/1.lp"
  assert_error 2 lm-ppl
  run lm-ppl --mix 1 "$T/1.lp" "$T/1.lp"
  assert_error 2 lm-ppl
  run lm-ppl --mix 0.5,abc "$T/1.lp" "$T/1.lp"
  assert_error 2 lm-ppl
}

@test "bad input: empty, wrong kind, truncated, random bytes, nan, positive logp" {
  : > "$T/empty"
  run lm-ppl "$T/empty"
  assert_error 1 lm-ppl
  printf 'abc' | lm-tokenize > "$T/t.tok"
  run lm-ppl "$T/t.tok"
  assert_error 1 lm-ppl
  [[ "$output" == "lm-ppl: $T/t.tok: expected a logprobs stream, got tokens" ]]
  printf '%s\n' -1 -1 -1 > "$T/lp.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/lp.txt" > "$T/lp"
  head -c $(( $(wc -c < "$T/lp") - 3 )) "$T/lp" > "$T/trunc"
  run lm-ppl "$T/trunc"
  assert_error 1 lm-ppl
  [[ "$output" == *truncated* ]]
  head -c 4000 /dev/urandom > "$T/rand"
  run lm-ppl "$T/rand"
  assert_error 1 lm-ppl
  printf '%s\n' -1 nan -1 > "$T/nan.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/nan.txt" > "$T/nan"
  run lm-ppl "$T/nan"
  assert_error 1 lm-ppl
  [[ "$output" == *"not finite"* ]]
  printf '%s\n' -1 0.5 -1 > "$T/pos.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/pos.txt" > "$T/pos"
  run lm-ppl "$T/pos"
  assert_error 1 lm-ppl
  # a header but no records: nothing to score
  : | lm-tokenize > "$T/e.tok"
  "$TESTBIN/mklogprobs" "$T/e.tok" /dev/null > "$T/e.lp"
  run lm-ppl "$T/e.lp"
  assert_error 1 lm-ppl
  [[ "$output" == *"no tokens"* ]]
}

@test "--help and --version" {
  run lm-ppl --help
  [ "$status" -eq 0 ]
  [[ "$output" == usage:* ]]
  run lm-ppl --version
  [[ "$output" == "lm-ppl (lm) "* ]]
}

@test "SRILM summary: sentences, words, OOVs, logprob, ppl, ppl1 match python, both conventions" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  lm-tokenize --mode word "$PTB/ptb.train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$PTB/ptb.test.txt" > "$T/test.tok"
  make_lp "$T/test.tok" "$T/a" 4
  lm-ppl --json "$T/a" > "$T/unk.json"
  lm-ppl --json --unk-is-oov "$T/a" > "$T/oov.json"
  lm-ppl "$T/a" > "$T/unk.txt"
  lm-ppl --unk-is-oov "$T/a" > "$T/oov.txt"
  # the figures from the text and the per-token numbers alone: one
  # sentence per line, each line's words then its </s>
  run $PY - "$T/a.txt" "$PTB/ptb.test.txt" "$T/unk.json" "$T/oov.json" "$T/unk.txt" "$T/oov.txt" "$T/a" <<'PY'
import sys, json, math, re
lp = [float(x) for x in open(sys.argv[1])]
toks = []
for line in open(sys.argv[2]):
    toks += line.split() + ["</s>"]
assert len(toks) == len(lp)
ln10 = math.log(10)
def want(unk_is_oov):
    sent = toks.count("</s>")
    words = len(toks) - sent
    oov = [t == "<unk>" for t in toks] if unk_is_oov else [False] * len(toks)
    noov = sum(oov)
    logprob = math.fsum(p for p, o in zip(lp, oov) if not o) / ln10
    return {"sentences": sent, "words": words, "oovs": noov, "zeroprobs": 0, "logprob": logprob,
            "ppl": 10 ** (-logprob / (words - noov + sent)), "ppl1": 10 ** (-logprob / (words - noov))}
for unk_is_oov, js, txt in ((False, sys.argv[3], sys.argv[5]), (True, sys.argv[4], sys.argv[6])):
    w = want(unk_is_oov)
    j = json.load(open(js))
    got = dict(j, oovs=j["srilm_oovs"], ppl=j["srilm_ppl"])
    assert got["unk_is_oov"] == unk_is_oov
    for k, v in w.items():
        if isinstance(v, int):
            assert got[k] == v, (k, got[k], v)
        else:
            assert abs(got[k] - v) <= 1e-11 * abs(v), (k, got[k], v)
    # SRILM's two lines, figures to the 10 digits printed
    lines = open(txt).read().splitlines()[-2:]
    m = re.fullmatch(r"file (\S+): (\d+) sentences, (\d+) words, (\d+) OOVs", lines[0])
    assert m and m.group(1) == sys.argv[7] and [int(x) for x in m.groups()[1:]] == \
        [w["sentences"], w["words"], w["oovs"]], lines[0]
    m = re.fullmatch(r"0 zeroprobs, logprob= (\S+) ppl= (\S+) ppl1= (\S+)", lines[1])
    assert m, lines[1]
    for x, k in zip(m.groups(), ("logprob", "ppl", "ppl1")):
        assert abs(float(x) - w[k]) <= 1e-9 * abs(w[k]), (k, x, w[k])
# under -unk the SRILM ppl is lm's ppl; closed-vocabulary it is ppl_no_oov
u, o = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
assert abs(u["srilm_ppl"] - u["ppl"]) <= 1e-12 * u["ppl"]
assert abs(o["srilm_ppl"] - o["ppl_no_oov"]) <= 1e-12 * o["ppl"]
assert u["oovs"] == o["oovs"] == o["srilm_oovs"] > 0 == u["srilm_oovs"]
print("ok", want(True)["oovs"])
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == "ok "* ]]
  [ "$output" != "ok 0" ]     # PTB test has <unk>s: the two conventions differ
}

@test "SRILM summary in char mode: no sentences, words = tokens" {
  printf 'abcab' > "$T/t"
  lm-tokenize "$T/t" > "$T/t.tok"
  printf '%s\n' -1 -2 -3 -1 -2 > "$T/lp.txt"
  "$TESTBIN/mklogprobs" "$T/t.tok" "$T/lp.txt" > "$T/lp"
  run lm-ppl "$T/lp"
  [[ "$output" == *"0 sentences, 5 words, 0 OOVs"* ]]
  # logprob = -9 / ln 10; ppl = ppl1 = exp(9/5)
  [[ "$output" == *"0 zeroprobs, logprob= -3.908650337 ppl= 6.049647464 ppl1= 6.049647464"* ]]
}
