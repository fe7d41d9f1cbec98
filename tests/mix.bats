#!/usr/bin/env bats
# Mixtures: lm-ppl --fit-mix (EM) against an independent python EM and a
# grid search; mix model files (mix_model.h) scored and sampled like any
# model, their scores equal to lm-ppl --mix of the components'.

load common

# a char-mode n-gram and a tiny LSTM on the same tokens, and a held-out text
two_models() {
  head -c 20000 "$TS" > "$T/train"
  head -c 24000 "$TS" | tail -c 3000 > "$T/test"
  lm-tokenize "$T/train" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$T/test" > "$T/test.tok"
  lm-ngram -q -o 3 "$T/train.tok" > "$T/ng.lm" 2> /dev/null
  lm-train --hidden 16 --layers 1 --batch 4 --seq 16 --steps 40 --seed 1 --quiet -o "$T/rnn.lm" "$T/train.tok"
  lm-score "$T/ng.lm" "$T/test.tok" > "$T/ng.lp"
  lm-score "$T/rnn.lm" "$T/test.tok" > "$T/rnn.lp"
}

logp_values() {   # logp_values LP: one natural log per line
  lm-dump --full "$1" | tail -n +2 | $PY -c '
import sys, json
for line in sys.stdin:
    for x in json.loads(line)["logp"]["values"]: print(repr(x))'
}

@test "--fit-mix: EM weights match a python EM and a grid search; the perplexity is the mixture's" {
  two_models
  # two n-gram models whose best mixture is inside (0, 1): a 5-gram and an
  # add-k trigram (the tiny LSTM is too weak beside them: weight 0)
  lm-ngram -q -o 5 "$T/train.tok" 2> /dev/null | lm-score /dev/stdin "$T/test.tok" > "$T/n5.lp"
  lm-ngram -q -o 3 --add-k 0.1 "$T/train.tok" 2> /dev/null | lm-score /dev/stdin "$T/test.tok" > "$T/k3.lp"
  lm-ppl --json --fit-mix "$T/n5.lp" "$T/k3.lp" > "$T/fit.json"
  logp_values "$T/n5.lp" > "$T/a.txt"
  logp_values "$T/k3.lp" > "$T/b.txt"
  run $PY - "$T/a.txt" "$T/b.txt" "$T/fit.json" <<'PY'
import sys, json, math
a = [float(x) for x in open(sys.argv[1])]
b = [float(x) for x in open(sys.argv[2])]
r = json.load(open(sys.argv[3]))
def nats(w):
    return -math.fsum(math.log(w * math.exp(x) + (1 - w) * math.exp(y)) for x, y in zip(a, b))
# EM by the textbook: posterior responsibility of component 1, averaged
w = 0.5
for _ in range(2000):
    w = sum(w * math.exp(x) / (w * math.exp(x) + (1 - w) * math.exp(y)) for x, y in zip(a, b)) / len(a)
grid = min((nats(g / 1000), g / 1000) for g in range(1, 1000))[1]
got = r["weights"]
assert abs(sum(got) - 1) < 1e-9, got
assert abs(got[0] - w) < 1e-6, (got, w)
assert abs(got[0] - grid) <= 0.01, (got, grid)
assert abs(r["nats"] - nats(got[0])) <= 1e-9 * r["nats"], (r["nats"], nats(got[0]))
assert 0.02 < w < 0.98, w        # an interior optimum, or the test shows little
print("ok %.4f %.3f" % (got[0], grid))
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == "ok "* ]]
  # the text report names the weights in a form --mix takes back
  w=$(lm-ppl --fit-mix "$T/n5.lp" "$T/k3.lp" | awk '$1 == "weights" { print $2 }')
  lm-ppl --json --mix "$w" "$T/n5.lp" "$T/k3.lp" > "$T/again.json"
  $PY -c "
import json
a, b = json.load(open('$T/again.json')), json.load(open('$T/fit.json'))
assert abs(a['nats'] - b['nats']) <= 1e-9 * b['nats'], (a['nats'], b['nats'])"
}

@test "--fit-mix: three components, and usage errors" {
  two_models
  cp "$T/ng.lp" "$T/ng2.lp"
  run lm-ppl --json --fit-mix "$T/ng.lp" "$T/rnn.lp" "$T/ng2.lp"
  [ "$status" -eq 0 ]
  # two identical components share their weight evenly (EM from uniform keeps them equal)
  $PY -c "
import json; w = json.loads('''$output''')['weights']
assert len(w) == 3 and abs(w[0] - w[2]) < 1e-12 and abs(sum(w) - 1) < 1e-9, w"
  run lm-ppl --fit-mix "$T/ng.lp"
  assert_error 2 lm-ppl
  run lm-ppl --fit-mix --mix 0.5,0.5 "$T/ng.lp" "$T/rnn.lp"
  assert_error 2 lm-ppl
}

@test "a mix model scores as lm-ppl --mix of its components (1e-9), per token and in total" {
  two_models
  mkdir "$T/sub"
  printf 'lm-mix 1\n# an n-gram and an LSTM\n0.35 ../ng.lm\n\n0.65 %s\n' "$T/rnn.lm" > "$T/sub/m.mix"
  (cd / && lm-score "$T/sub/m.mix" "$T/test.tok") > "$T/mix.lp"    # paths from the mix file's directory
  lm-ppl --json "$T/mix.lp" > "$T/a.json"
  lm-ppl --json --mix 0.35,0.65 "$T/ng.lp" "$T/rnn.lp" > "$T/b.json"
  logp_values "$T/mix.lp" > "$T/m.txt"
  logp_values "$T/ng.lp" > "$T/a.txt"
  logp_values "$T/rnn.lp" > "$T/b.txt"
  run $PY - "$T/a.json" "$T/b.json" "$T/m.txt" "$T/a.txt" "$T/b.txt" <<'PY'
import sys, json, math
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert abs(a["nats"] - b["nats"]) <= 1e-9 * b["nats"], (a["nats"], b["nats"])
m, x, y = ([float(v) for v in open(f)] for f in sys.argv[3:6])
worst = max(abs(p - math.log(0.35 * math.exp(u) + 0.65 * math.exp(v))) for p, u, v in zip(m, x, y))
assert len(m) == len(x) == len(y) > 1000 and worst <= 1e-9, worst
print("ok")
PY
  echo "$output"
  [ "$output" = ok ]
  # --text works on it; a mixture has no n-gram length
  lm-score --text "$T/sub/m.mix" "$T/test.tok" | grep -v '^# ' | cut -f3 | sort -u > "$T/len"
  [ "$(cat "$T/len")" = 0 ]
}

@test "sampling from a mix model: runs, is seeded, and weight 1 on a component samples that component" {
  two_models
  printf 'lm-mix 1\n0.5 ng.lm\n0.5 rnn.lm\n' > "$T/m.mix"
  lm-sample "$T/m.mix" -n 200 --seed 4 > "$T/s1"
  lm-sample "$T/m.mix" -n 200 --seed 4 > "$T/s2"
  cmp "$T/s1" "$T/s2"
  [ "$(wc -m < "$T/s1")" -ge 150 ]
  printf 'lm-mix 1\n1 ng.lm\n0 rnn.lm\n' > "$T/one.mix"
  lm-sample "$T/one.mix" -n 200 --seed 4 > "$T/s3"
  lm-sample "$T/ng.lm" -n 200 --seed 4 > "$T/s4"
  cmp "$T/s3" "$T/s4"
  if cmp -s "$T/s1" "$T/s3"; then return 1; fi
  # the tokenizer takes a mix file as the vocabulary
  lm-tokenize --vocab "$T/m.mix" "$T/test" | cmp - "$T/test.tok"
}

@test "bad mix files: one clear line each" {
  two_models
  printf 'abc' > "$T/t"
  lm-tokenize --mode byte "$T/t" > "$T/b.tok"
  lm-ngram -q -o 2 "$T/b.tok" > "$T/byte.lm" 2> /dev/null
  printf 'lm-mix 1\n0.5 ng.lm\n0.5 rnn.lm\n' > "$T/ok.mix"
  i=0
  for body in 'lm-mix 2\n0.5 ng.lm\n0.5 rnn.lm\n' 'lm-mixture\n' 'lm-mix 1\n0.5 ng.lm\n0.6 rnn.lm\n' \
              'lm-mix 1\n1 ng.lm\n' 'lm-mix 1\n0.5\n0.5 rnn.lm\n' 'lm-mix 1\nx ng.lm\n0.5 rnn.lm\n' \
              'lm-mix 1\n-0.5 ng.lm\n1.5 rnn.lm\n' 'lm-mix 1\nnan ng.lm\n0.5 rnn.lm\n' \
              'lm-mix 1\n0.5 missing.lm\n0.5 rnn.lm\n' 'lm-mix 1\n0.5 ok.mix\n0.5 rnn.lm\n' \
              'lm-mix 1\n0.5 ng.lm\n0.5 byte.lm\n' 'lm-mix 1\n0.5 ng.lm\n0.5 t\n'; do
    i=$((i + 1))
    printf "$body" > "$T/bad$i.mix"
    run lm-score "$T/bad$i.mix" "$T/test.tok"
    assert_error 1 lm-score
  done
  run lm-score "$T/bad3.mix" "$T/test.tok"
  [[ "$output" == *"sum to 1.1"* ]]
  run lm-score "$T/bad10.mix" "$T/test.tok"
  [[ "$output" == *"do not nest"* ]]
  run lm-score "$T/bad11.mix" "$T/test.tok"
  [[ "$output" == *"different vocabularies"* ]]
}
