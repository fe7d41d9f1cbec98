#!/usr/bin/env bats
# lm-score: the model-independent behaviour (bad models, bad input).
# Scoring itself is tested per model type (ngram.bats, train.bats).

load common

@test "a model that is not one: missing, empty, text, a tokens stream, random bytes" {
  printf 'abc' | lm-tokenize > "$T/t.tok"
  run lm-score "$T/missing" "$T/t.tok"
  assert_error 1 lm-score
  : > "$T/empty"
  run lm-score "$T/empty" "$T/t.tok"
  assert_error 1 lm-score
  echo hello > "$T/text"
  run lm-score "$T/text" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"not a model"* ]]
  run lm-score "$T/t.tok" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"expected a model stream, got tokens"* ]]
  head -c 3000 /dev/urandom > "$T/rand"
  run lm-score "$T/rand" "$T/t.tok"
  [ "$status" -eq 1 ]
}

@test "usage: no model, too many arguments, bad --threads" {
  run lm-score
  assert_error 2 lm-score
  run lm-score a b c
  assert_error 2 lm-score
  run lm-score --threads 0 x
  assert_error 2 lm-score
}

@test "--text: the same log10 p and n-gram lengths as KenLM's query on its own ARPA (PTB)" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  [ -x "${LM_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lm-bench}/kenlm/build/bin/query" ] ||
    skip "needs KenLM: bench/build-kenlm.sh builds it from ../shared/peers"
  run env BIN="$(dirname "$(command -v lm-score)")" bash "$REPO/bench/query-compare.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == "tokens 82430, "* ]]
}

@test "--text: lengths and log10 p from the ARPA by the book, ln p as the stream, SRILM lines" {
  head -c 60000 "$TS" | tr -s ' ' > "$T/text"
  head -n 700 "$T/text" > "$T/train"
  sed -n 701,900p "$T/text" > "$T/test"
  lm-tokenize --mode word "$T/train" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$T/test" > "$T/test.tok"
  lm-ngram -q -o 3 --arpa "$T/m.arpa" "$T/train.tok" > "$T/m.lm"
  lm-score --text "$T/m.lm" "$T/test.tok" > "$T/out.txt"
  lm-score "$T/m.lm" "$T/test.tok" | lm-dump --full > "$T/lp.jsonl"
  run $PY - "$T/m.arpa" "$T/test" "$T/out.txt" "$T/lp.jsonl" <<'PY'
import sys, json, math, re
# the ARPA as dicts: n-gram tuple -> (log10 p, log10 bo)
prob, bo, order = {}, {}, 0
for line in open(sys.argv[1]):
    m = re.match(r"\\(\d)-grams:", line)
    if m:
        order = int(m.group(1)); continue
    f = line.split()
    if order and len(f) >= order + 1:
        g = tuple(f[1:1 + order])
        prob[g] = float(f[0])
        if len(f) > order + 1: bo[g] = float(f[order + 1])
N = max(len(g) for g in prob)
vocab = {g[0] for g in prob if len(g) == 1}
def score(ctx, w):
    # the longest stored (ctx suffix, w); the back-offs of the longer contexts
    for n in range(min(len(ctx), N - 1), -1, -1):
        h = tuple(ctx[len(ctx) - n:])
        if h + (w,) in prob:
            lp = prob[h + (w,)]
            for m in range(n + 1, min(len(ctx), N - 1) + 1):
                lp += bo.get(tuple(ctx[len(ctx) - m:]), 0.0)
            return lp, n + 1
want = []
for line in open(sys.argv[2]):
    ws = [w if w in vocab else "<unk>" for w in line.split()] + ["</s>"]
    ctx = ["<s>"]
    for w in ws:
        want.append((w,) + score(ctx, w))
        ctx.append(w)
lnp = []
for line in list(open(sys.argv[4]))[1:]:
    lnp += json.loads(line)["logp"]["values"]
rows, sentences = [], []
for line in open(sys.argv[3]):
    if line.startswith("# "):
        sentences.append(line[2:].strip()); continue
    tok, i, n, l10, ln = line.rstrip("\n").split("\t")
    rows.append((tok, int(n), float(l10), float(ln)))
assert len(rows) == len(want) == len(lnp), (len(rows), len(want), len(lnp))
worst = 0
for (tok, n, l10, ln), (wt, wl10, wn), x in zip(rows, want, lnp):
    assert tok == wt and n == wn, (tok, n, wt, wn)
    worst = max(worst, abs(l10 - wl10))
    assert abs(ln - x) <= 1e-9 * abs(x) + 1e-12 and abs(l10 * math.log(10) - x) <= 1e-9 * abs(x) + 1e-12
assert worst < 2e-6, worst      # the ARPA prints 7 significant digits
# per sentence: SRILM's two lines from the rows
per, k, checked = [], 0, 0
for line in open(sys.argv[2]):
    n = len(line.split()) + 1
    lp10 = [r[3] for r in rows[k:k + n]]; k += n
    logprob = math.fsum(lp10) / math.log(10)
    head = "1 sentences, %d words, 0 OOVs" % (n - 1)
    idx = sentences.index(head, 2 * checked)
    m = re.fullmatch(r"0 zeroprobs, logprob= (\S+) ppl= (\S+) ppl1= (\S+)", sentences[idx + 1])
    got = [float(x) if x != "undefined" else float("nan") for x in m.groups()]
    assert abs(got[0] - logprob) <= 1e-9 * abs(logprob) + 1e-12
    assert abs(got[1] - 10 ** (-logprob / n)) <= 1e-9 * got[1]
    if n > 1: assert abs(got[2] - 10 ** (-logprob / (n - 1))) <= 1e-9 * got[2]
    checked += 1
print("ok", len(rows), "tokens", checked, "sentences, lengths seen", sorted({w[2] for w in want}))
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"lengths seen [1, 2, 3]"* ]]
}

@test "--text in char mode escapes white space; a neural model's n-gram length is 0" {
  printf 'ab a\tb\nab\\ ' > "$T/t"
  lm-tokenize "$T/t" > "$T/t.tok"
  lm-ngram -q -o 2 "$T/t.tok" > "$T/m.lm" 2> /dev/null
  lm-score --text "$T/m.lm" "$T/t.tok" > "$T/out"
  grep -v '^# ' "$T/out" | cut -f1 | tr '\n' ' ' > "$T/toks"
  [ "$(cat "$T/toks")" = 'a b \x20 a \x09 b \x0a a b \\ \x20 ' ]
  if grep -q '^# 1 sentences' "$T/out"; then return 1; fi   # no sentences in char mode
  lm-train --hidden 4 --layers 1 --batch 1 --seq 4 --steps 2 --quiet -o "$T/r.lm" "$T/t.tok"
  lm-score --text "$T/r.lm" "$T/t.tok" | grep -v '^# ' | cut -f3 | sort -u > "$T/len"
  [ "$(cat "$T/len")" = 0 ]
  run lm-score --unk-is-oov "$T/r.lm" "$T/t.tok"
  assert_error 2 lm-score
}
