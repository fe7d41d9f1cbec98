#!/usr/bin/env bats
# lm-train: learning, exact resume, scoring agreement, bad input.

bats_require_minimum_version 1.5.0   # run -N
load common

# Unigram entropy of the training text in nats/char, computed by python.
unigram_entropy() {
  $PY -c '
import collections, math, sys
t = open(sys.argv[1], encoding="utf-8").read()
c = collections.Counter(t); n = len(t)
print(-sum(k / n * math.log(k / n) for k in c.values()))' "$T/train.txt"
}

@test "every cell drives the training loss well below the unigram entropy" {
  small_corpus
  H=$(unigram_entropy)
  for cell in rnn lstm gru; do
    lm-train --cell $cell --layers 2 --hidden 64 --batch 8 --seq 32 --lr 0.01 --steps 150 \
      --quiet --log "$T/$cell.tsv" -o "$T/$cell.lm" "$T/train.tok"
    # mean training loss over the last 20 logged steps
    loss=$(tail -n 2 "$T/$cell.tsv" | cut -f6 | awk '{s+=$1} END {print s/NR}')
    echo "$cell: loss $loss, unigram entropy $H"
    awk -v l="$loss" -v h="$H" 'BEGIN { exit !(l < h - 0.5) }'
  done
}

@test "resume is byte-identical: 40 steps in one go, or 20 + resume 20 (1 and 2 threads)" {
  small_corpus
  for run in "lstm 1" "gru 1" "lstm 2" "rnn 2"; do
    set -- $run
    opts="--cell $1 --threads $2 --hidden 32 --batch 5 --seq 16 --dropout 0.2 --quiet"
    # the loop remakes its files: --force
    lm-train $opts --steps 40 --force -o "$T/full.lm" "$T/train.tok"
    lm-train $opts --steps 20 --force -o "$T/half.lm" "$T/train.tok"
    lm-train --resume "$T/half.lm" --threads $2 --steps 40 --quiet --force -o "$T/resumed.lm" "$T/train.tok"
    cmp "$T/full.lm" "$T/resumed.lm"
  done
}

@test "resume across an epoch boundary and with a validation set" {
  small_corpus
  # 6000 chars / 10 streams / 16 steps: about 38 windows per epoch
  lm-train --hidden 16 --batch 10 --seq 16 --steps 90 --valid "$T/valid.tok" --eval-every 30 \
    --quiet -o "$T/full.lm" "$T/train.tok"
  lm-train --hidden 16 --batch 10 --seq 16 --steps 50 --valid "$T/valid.tok" --eval-every 30 \
    --quiet -o "$T/a.lm" "$T/train.tok"
  lm-train --resume "$T/a.lm" --steps 90 --valid "$T/valid.tok" --eval-every 30 --quiet \
    -o "$T/a.lm" "$T/train.tok"
  cmp "$T/full.lm" "$T/a.lm"
}

@test "lm-score on the validation text equals lm-train's validation loss" {
  small_corpus
  lm-train --hidden 32 --batch 8 --seq 20 --steps 30 --threads 2 --valid "$T/valid.tok" \
    -o "$T/m.lm" "$T/train.tok" 2> "$T/err"
  want=$(grep -o 'valid loss [0-9.]*' "$T/err" | tail -1 | cut -d' ' -f3)
  for threads in 1 2; do
    got=$(lm-score --threads $threads "$T/m.lm" "$T/valid.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["nats_per_token"])')
    echo "lm-train $want, lm-score --threads $threads $got"
    $PY -c "import sys; w, g = $want, $got; sys.exit(abs(w - g) > 1e-4 * w)"
  done
}

@test "a trained model is a vocabulary for lm-tokenize" {
  small_corpus
  lm-train --hidden 8 --batch 2 --seq 8 --steps 2 --quiet -o "$T/m.lm" "$T/train.tok"
  lm-tokenize --vocab "$T/m.lm" "$T/valid.txt" | cmp - "$T/valid.tok"
}

@test "word mode: PTB-style text trains and scores, </s> first" {
  need_data "$PTB/ptb.train.txt"
  head -n 300 "$PTB/ptb.train.txt" > "$T/w.txt"
  lm-tokenize --mode word "$T/w.txt" > "$T/w.tok"
  lm-train --hidden 16 --batch 4 --seq 10 --steps 20 --quiet -o "$T/w.lm" "$T/w.tok"
  lm-score "$T/w.lm" "$T/w.tok" | lm-ppl --json > "$T/r.json"
  $PY -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(not (1 < r["ppl"] < 1e5))' "$T/r.json"
}

@test "bad input: cell, sizes, budget, files -- one line, exit 2 or 1, nothing overwritten" {
  small_corpus
  echo precious > "$T/keep.lm"
  run lm-train --cell transformer --force -o "$T/keep.lm" "$T/train.tok"
  assert_error 2 lm-train
  for opt in "--hidden 0" "--hidden -3" "--layers 0" "--batch 0" "--seq 0" "--lr -1" \
             "--dropout 1" "--steps -1" "--clip x" "--optimizer rmsprop" "--schedule wavy" \
             "--threads 0" "--params 0"; do
    run lm-train $opt --force -o "$T/keep.lm" "$T/train.tok"
    assert_error 2 lm-train
  done
  run lm-train "$T/train.tok"
  assert_error 2 lm-train
  run lm-train -o "$T/no/such/dir/m.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *"cannot write checkpoints"* ]]
  run lm-train --valid "$T/missing" --force -o "$T/keep.lm" "$T/train.tok"
  assert_error 1 lm-train
  echo garbage > "$T/bad.lm"
  run lm-train --resume "$T/bad.lm" --force -o "$T/keep.lm" "$T/train.tok"
  assert_error 1 lm-train
  run lm-train --hidden 10000000 --force -o "$T/keep.lm" "$T/train.tok"
  assert_error 2 lm-train
  run lm-train --layers 1 --hidden 60000 --embed 60000 --force -o "$T/keep.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *GB* ]]
  [ "$(cat "$T/keep.lm")" = precious ]
  [ -z "$(ls -A "$T" | grep tmp)" ]     # no temp files left behind
}

@test "resume refuses other data, another vocabulary, a changed architecture" {
  small_corpus
  lm-train --hidden 8 --batch 2 --seq 8 --steps 4 --quiet -o "$T/m.lm" "$T/train.tok"
  cp "$T/m.lm" "$T/m.orig"
  run lm-train --resume "$T/m.lm" --steps 8 -o "$T/m.lm" "$T/valid.tok"
  assert_error 1 lm-train
  printf 'xyz' | lm-tokenize > "$T/other.tok"
  run lm-train --resume "$T/m.lm" --steps 8 -o "$T/m.lm" "$T/other.tok"
  assert_error 1 lm-train
  run lm-train --resume "$T/m.lm" --hidden 16 --steps 8 -o "$T/m.lm" "$T/train.tok"
  assert_error 2 lm-train
  head -c 2000 "$T/m.lm" > "$T/trunc.lm"
  run lm-train --resume "$T/trunc.lm" --steps 8 --force -o "$T/m.lm" "$T/train.tok"
  assert_error 1 lm-train
  cmp "$T/m.lm" "$T/m.orig"
}

@test "SIGINT writes a checkpoint, says where, exits 130; it resumes" {
  small_corpus
  lm-train --hidden 32 --batch 4 --seq 16 --steps 100000 -o "$T/m.lm" "$T/train.tok" 2> "$T/err" &
  pid=$!
  sleep 1.5
  kill -INT $pid
  status=0; wait $pid || status=$?
  cat "$T/err"
  [ "$status" -eq 130 ]
  grep -q "interrupted at step" "$T/err"
  lm-train --resume "$T/m.lm" --steps 100000 --time 0.5 --quiet -o "$T/m.lm" "$T/train.tok"
  lm-score "$T/m.lm" "$T/valid.tok" > /dev/null
}

@test "--params picks the hidden size whose model is closest to N parameters" {
  small_corpus
  for cell in rnn lstm gru; do
    lm-train --cell $cell --params 100000 --steps 0 --force -o "$T/p.lm" "$T/train.tok" 2> "$T/err"
    n=$(grep -o '[0-9]* parameters' "$T/err" | cut -d' ' -f1)
    h=$(grep -o "$cell 2x[0-9]*" "$T/err" | cut -dx -f2)
    # independent count: embedding V*H, cells, projection V*H + V (V = 55 here)
    want=$($PY -c "
V, g = 55, {'rnn': 1, 'lstm': 4, 'gru': 3}['$cell']
def count(H): return V*H + sum(g*(H*H + H*H + H) + (H if '$cell' == 'gru' else 0) for l in range(2)) + V*H + V
best = min(range(1, 1000), key=lambda H: abs(count(H) - 100000))
print(best, count(best))")
    echo "$cell: hidden $h, $n parameters; python says $want"
    [ "$h $n" = "$want" ]
  done
}

@test "--forget-bias sets exactly the LSTM's forget-gate biases; refused on resume" {
  small_corpus
  for fb in 1 0 0.25; do
    lm-train --cell lstm --hidden 8 --embed 6 --forget-bias $fb --steps 0 --force -o "$T/f.lm" "$T/train.tok"
    # lm-train(1)'s layout: embedding V*E; per layer W (4H x in), U (4H x H),
    # b (4H) in gate order i f g o; projection.  Python reads the biases.
    lm-dump --full "$T/f.lm" | $PY -c "
import json, sys
lines = sys.stdin.read().split('\n')
p = json.loads(lines[1])['params']['values']
V, E, H, fb = 55, 6, 8, float('$fb')
off = V * E
for l, inp in enumerate((E, H)):
    b = p[off + 4*H*inp + 4*H*H : off + 4*H*inp + 4*H*H + 4*H]
    assert all(abs(x - fb) < 1e-7 for x in b[H:2*H]), (l, b[H:2*H])
    k = H ** -0.5
    assert all(abs(x) <= k and x != fb for x in b[:H] + b[2*H:]), l
    off += 4*H*inp + 4*H*H + 4*H
print('forget bias', fb, 'ok')"
  done
  lm-train --cell lstm --hidden 8 --steps 2 --quiet -o "$T/m.lm" "$T/train.tok"
  cp "$T/m.lm" "$T/m.orig"
  run lm-train --resume "$T/m.lm" --forget-bias 0 --steps 4 -o "$T/m.lm" "$T/train.tok"
  assert_error 2 lm-train
  cmp "$T/m.lm" "$T/m.orig"
  run lm-train --forget-bias abc --steps 1 -o "$T/x.lm" "$T/train.tok"
  assert_error 2 lm-train
}

@test "--best keeps the checkpoint with the lowest validation loss, across a resume" {
  small_corpus
  lm-train --hidden 16 --batch 4 --seq 16 --steps 60 --eval-every 10 --valid "$T/valid.tok" \
    --best "$T/best.lm" --log "$T/log.tsv" --quiet -o "$T/m.lm" "$T/train.tok"
  # the lowest valid_loss in the log, by awk; the best model must score exactly that
  want=$(awk -F'\t' 'NR > 1 && $8 != "" && (b == "" || $8 < b) { b = $8 } END { print b }' "$T/log.tsv")
  got=$(lm-score "$T/best.lm" "$T/valid.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["nats_per_token"])')
  echo "log's best $want, best.lm scores $got"
  awk -v a="$want" -v b="$got" 'BEGIN { exit !(a - b < 1e-4 && b - a < 1e-4) }'
  # a resumed run with a high learning rate gets worse: best.lm must not change
  cp "$T/best.lm" "$T/best.orig"
  lm-train --resume "$T/m.lm" --lr 0.5 --steps 80 --eval-every 10 --valid "$T/valid.tok" \
    --best "$T/best.lm" --log "$T/log2.tsv" --quiet -o "$T/m.lm" "$T/train.tok"
  later=$(awk -F'\t' 'NR > 1 && $8 != "" && (b == "" || $8 < b) { b = $8 } END { print b }' "$T/log2.tsv")
  echo "resumed run's best $later"
  if awk -v a="$later" -v b="$want" 'BEGIN { exit !(a >= b) }'; then
    cmp "$T/best.lm" "$T/best.orig"
  else
    run -1 cmp -s "$T/best.lm" "$T/best.orig"   # a better model replaced it
  fi
  run lm-train --best "$T/b.lm" --steps 2 -o "$T/x.lm" "$T/train.tok"
  assert_error 2 lm-train
  [ ! -e "$T/x.lm" ]
}

@test "--average: the model is the moving average of the weights, which train as without it" {
  small_corpus
  opts="--hidden 8 --batch 4 --seq 10 --lr 0.01 --quiet"
  # the weights after 0..12 steps, from runs without averaging
  for s in $(seq 0 12); do
    lm-train $opts --steps $s -o "$T/w$s.lm" "$T/train.tok"
    lm-dump --full "$T/w$s.lm" | sed -n 2p > "$T/w$s.json"
  done
  lm-train $opts --average 0.6 --steps 12 -o "$T/avg.lm" "$T/train.tok"
  lm-dump --full "$T/avg.lm" > "$T/avg.json"
  # python averages the snapshots with lm-train(1)'s decay, min(D, (1+s)/(10+s))
  $PY - "$T" <<'PYEOF'
import json, sys
t = sys.argv[1]
w = [json.loads(open("%s/w%d.json" % (t, s)).readline())["params"]["values"] for s in range(13)]
lines = open(t + "/avg.json").read().split("\n")
model = json.loads(lines[1])["params"]["values"]
weights = json.loads(lines[2])["weights"]["values"]
assert weights == w[12], "averaging changed the training trajectory"
avg = list(w[0])   # the average starts at the initial weights
for s in range(1, 13):
    d = min(0.6, (1 + s) / (10 + s))
    avg = [a + (1 - d) * (x - a) for a, x in zip(avg, w[s])]
err = max(abs(a - m) for a, m in zip(avg, model))
print("max |python - lm-train| =", err)
assert err < 1e-5, err
assert max(abs(a - b) for a, b in zip(model, w[12])) > 1e-3, "the average is the last weights"
PYEOF
  # resume is exact with averaging too; the decay cannot change on resume
  lm-train $opts --average 0.6 --steps 6 -o "$T/half.lm" "$T/train.tok"
  lm-train --resume "$T/half.lm" --steps 12 --quiet -o "$T/resumed.lm" "$T/train.tok"
  cmp "$T/avg.lm" "$T/resumed.lm"
  cp "$T/half.lm" "$T/half.orig"
  run lm-train --resume "$T/half.lm" --average 0.9 --steps 12 -o "$T/half.lm" "$T/train.tok"
  assert_error 2 lm-train
  cmp "$T/half.lm" "$T/half.orig"
  run lm-train --average 1 --steps 1 -o "$T/x.lm" "$T/train.tok"
  assert_error 2 lm-train
  [ ! -e "$T/x.lm" ]
}

@test "--log - writes the log on stdout as it goes, the same table as --log FILE" {
  small_corpus
  opts="--cell rnn --hidden 16 --batch 5 --seq 16 --steps 12 --log-every 1 --quiet"
  lm-train $opts --log "$T/log.tsv" -o "$T/a.lm" "$T/train.tok"
  lm-train $opts --log - -o "$T/b.lm" "$T/train.tok" > "$T/stdout.tsv"
  [ ! -e ./- ] && [ ! -e "$T/-" ]
  [ "$(wc -l < "$T/stdout.tsv")" -eq 13 ]      # the header and 12 steps
  cut -f 1-3,5- "$T/log.tsv" > "$T/a.cols"      # all but the seconds
  cut -f 1-3,5- "$T/stdout.tsv" > "$T/b.cols"
  cmp "$T/a.cols" "$T/b.cols"
  cmp "$T/a.lm" "$T/b.lm"
}
