#!/usr/bin/env bats
# lm-train's post-2014 options: --tie-weights, the dropout variants, weight
# drop, AR/TAR, NT-ASGD and weight decay: an independent forward for tied
# weights, exact resume with each, the switch to averaging, what decay
# shrinks, and their bad values.
# (Their gradients are checked in tests/unit/test_grad.c.)

bats_require_minimum_version 1.5.0   # run -N
load common

# The nats of VALID under the one-layer rnn MODEL of H units and
# embedding E, "tied" or "untied", with a final norm ("norm") or without
# ("plain"), by numpy in float64 from the dumped parameters, by lm-score's
# convention (lm-train(1) Evaluation: at most 32 streams of at least 1024
# tokens, each from the zero state; a char text's first token from the
# zero state's output).
numpy_rnn_nats() {
  lm-dump --full "$1" > "$T/model.jsonl"
  lm-dump --full "$2" > "$T/valid.jsonl"
  $PY - "$T/model.jsonl" "$T/valid.jsonl" "$3" "$4" "$5" "$6" <<'EOF'
import json, math, sys
import numpy as np
model = [json.loads(l) for l in open(sys.argv[1])]
ids = [json.loads(l) for l in open(sys.argv[2])][1]["ids"]["values"]
H, E = int(sys.argv[3]), int(sys.argv[4])
tied, norm = sys.argv[5] == "tied", sys.argv[6] == "norm"
p = np.array(model[1]["params"]["values"], dtype=np.float64)
V = len(model[0]["vocab"]["tokens"])
# the layout lm-train(1) FILE FORMAT gives: E (V, E); the cell's W (H, E),
# U (H, H), b (H); W_p (V, H) untied, or P (E, H) when tied and E != H;
# b_p (V); g (H) with the final norm
sizes = [("emb", V * E), ("W", H * E), ("U", H * H), ("b", H)]
if not tied: sizes.append(("Wp", V * H))
elif E != H: sizes.append(("P", E * H))
sizes.append(("bp", V))
if norm: sizes.append(("g", H))
assert sum(n for _, n in sizes) == len(p), (sum(n for _, n in sizes), len(p))
o, w = 0, {}
for k, n in sizes: w[k], o = p[o:o + n], o + n
emb, W, U = w["emb"].reshape(V, E), w["W"].reshape(H, E), w["U"].reshape(H, H)
if tied:
    Wp = emb @ (w["P"].reshape(E, H) if E != H else np.eye(H))
else:
    Wp = w["Wp"].reshape(V, H)
n = len(ids)
S = min(32, -(-n // 1024)); seg = -(-n // S)
total = 0.0
for s in range(0, n, seg):
    h = np.zeros(H)
    for x in ids[s:s + seg]:
        hn = w["g"] * h / math.sqrt((h * h).mean() + 1e-5) if norm else h
        z = Wp @ hn + w["bp"]
        m = z.max(); total += z[x] - (m + math.log(np.exp(z - m).sum()))
        h = np.tanh(W @ emb[x] + U @ h + w["b"])
print(-total)
EOF
}

# MODEL, trained on the small corpus, scores valid.tok as numpy_rnn_nats
# (its other arguments) computes it, within 1e-4 relative, and lm-sample
# reads it.
scores_as_numpy() {
  local model=$1; shift
  want=$(numpy_rnn_nats "$model" "$T/valid.tok" "$@")
  got=$(lm-score "$model" "$T/valid.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["nats"])')
  echo "$*: numpy $want nats, lm-score $got"
  $PY -c "import sys; w, g = $want, $got; sys.exit(abs(w - g) > 1e-4 * w)"
  lm-sample "$model" --prime 'ROMEO:' -n 40 --seed 3 > "$T/sample.txt"
  [ "$(wc -c < "$T/sample.txt")" -ge 40 ]
}

@test "--tie-weights: one matrix in and out, with or without P; lm-score matches a numpy forward; lm-sample reads it" {
  small_corpus
  for sizes in "6 6" "6 4"; do
    set -- $sizes
    lm-train --cell rnn --layers 1 --hidden $1 --embed $2 --tie-weights --batch 4 --seq 16 \
      --lr 0.01 --steps 60 --quiet --force -o "$T/tied.lm" "$T/train.tok"
    lm-dump --header "$T/tied.lm" | grep -q '"tied": true'
    scores_as_numpy "$T/tied.lm" $1 $2 tied plain
  done
  # an untied model of the same sizes has V * H more parameters (its own W_p)
  lm-train --cell rnn --layers 1 --hidden 6 --steps 0 --quiet -o "$T/untied.lm" "$T/train.tok"
  lm-train --cell rnn --layers 1 --hidden 6 --tie-weights --steps 0 --quiet -o "$T/t0.lm" "$T/train.tok"
  V=$(lm-dump --header "$T/t0.lm" | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["vocab"]["tokens"]))')
  nu=$(lm-dump --header "$T/untied.lm" | $PY -c 'import json,sys; print(json.load(sys.stdin)["params"])')
  nt=$(lm-dump --header "$T/t0.lm" | $PY -c 'import json,sys; print(json.load(sys.stdin)["params"])')
  [ $((nu - nt)) -eq $((V * 6)) ]
}

@test "--final-norm: an RMSNorm with its gain before the softmax; lm-score matches a numpy forward; lm-sample reads it" {
  small_corpus
  for tie in untied tied; do
    t=; [ $tie = tied ] && t=--tie-weights
    lm-train --cell rnn --layers 1 --hidden 6 --final-norm $t --batch 4 --seq 16 \
      --lr 0.01 --steps 60 --quiet --force -o "$T/fn.lm" "$T/train.tok"
    lm-dump --header "$T/fn.lm" | grep -q '"final_norm": true'
    scores_as_numpy "$T/fn.lm" 6 6 $tie norm
  done
  # H more parameters than without; the others' headers do not name it
  lm-train --cell rnn --layers 1 --hidden 6 --steps 0 --quiet -o "$T/plain.lm" "$T/train.tok"
  lm-train --cell rnn --layers 1 --hidden 6 --final-norm --steps 0 --quiet -o "$T/f0.lm" "$T/train.tok"
  if lm-dump --header "$T/plain.lm" | grep -q final_norm; then return 1; fi
  np=$(lm-dump --header "$T/plain.lm" | $PY -c 'import json,sys; print(json.load(sys.stdin)["params"])')
  nf=$(lm-dump --header "$T/f0.lm" | $PY -c 'import json,sys; print(json.load(sys.stdin)["params"])')
  [ $((nf - np)) -eq 6 ]
  # fixed on --resume; not for seq2seq; a non-boolean "final_norm" is refused
  run -2 lm-train --resume "$T/plain.lm" --final-norm --steps 2 -o "$T/b.lm" "$T/train.tok"
  assert_error 2 lm-train
  printf 'a b\tc d\ne f\tg h\n' > "$T/p.txt"
  lm-tokenize --pairs "$T/p.txt" > "$T/p.pairs"
  run lm-train --arch seq2seq --hidden 8 --final-norm --steps 1 -o "$T/s.lm" "$T/p.pairs"
  assert_error 1 lm-train
  [[ "$output" == *"--final-norm"* ]]
  $PY - "$T/f0.lm" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
key = b"\xaafinal_norm\xc3"           # "final_norm": true -> "final_norm": 1
i = b.index(key) + len(key) - 1
open(sys.argv[1] + ".bad", "wb").write(b[:i] + b"\x01" + b[i + 1:])
EOF
  run lm-score "$T/f0.lm.bad" "$T/valid.tok"
  [ "$status" -ne 0 ]
  [[ "$output" == *final_norm* ]]
}

@test "resume is byte-identical with each new option (1 and 2 threads), and lm-score equals validation" {
  small_corpus
  base="--hidden 24 --batch 6 --seq 12 --quiet --force --valid $T/valid.tok --eval-every 10"
  for opts in "--tie-weights --embed 16" "--dropout 0.3 --dropout-mode locked" \
              "--dropout-in 0.2 --dropout-hidden 0.1 --dropout-out 0.3" "--dropout-embed 0.2" \
              "--weight-drop 0.3" "--ar 2 --tar 1" "--asgd 1 --lr 0.02" \
              "--asgd 2 --average 0.99 --lr 0.02" "--weight-decay 0.3" \
              "--cell mamba --hidden 16 --weight-decay 0.1 --dropout 0.1" \
              "--cell mamba --hidden 16 --dropout-branch 0.2 --dropout-mode locked --dropout-out 0.1" \
              "--cell mamba --hidden 16 --final-norm --tie-weights --weight-decay 0.3 --dropout 0.1" \
              "--cell gru --tie-weights --dropout 0.2 --dropout-mode locked --dropout-embed 0.1 --weight-drop 0.2 --ar 1 --tar 1"; do
    for th in 1 2; do
      lm-train $base $opts --threads $th --steps 40 -o "$T/full.lm" "$T/train.tok"
      lm-train $base $opts --threads $th --steps 20 -o "$T/half.lm" "$T/train.tok"
      lm-train --resume "$T/half.lm" --valid "$T/valid.tok" --eval-every 10 --threads $th \
        --steps 40 --quiet --force -o "$T/resumed.lm" "$T/train.tok"
      echo "$opts, $th threads"
      cmp "$T/full.lm" "$T/resumed.lm"
    done
    # and the same options once more give the same bytes (the masks are seeded)
    lm-train $base $opts --threads 2 --steps 40 -o "$T/again.lm" "$T/train.tok"
    cmp "$T/full.lm" "$T/again.lm"
  done
  # regularisers act in training only: the model scores as lm-train validated it
  lm-train --hidden 24 --batch 6 --seq 12 --steps 30 --dropout 0.3 --dropout-mode locked \
    --dropout-embed 0.2 --weight-drop 0.3 --ar 2 --tar 1 --tie-weights --valid "$T/valid.tok" \
    -o "$T/m.lm" "$T/train.tok" 2> "$T/err"
  want=$(grep -o 'valid loss [0-9.]*' "$T/err" | tail -1 | cut -d' ' -f3)
  got=$(lm-score "$T/m.lm" "$T/valid.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["nats_per_token"])')
  echo "lm-train $want, lm-score $got"
  $PY -c "import sys; w, g = $want, $got; sys.exit(abs(w - g) > 1e-4 * w)"
}

@test "--dropout-branch P (mamba): in the checkpoint, fixed on resume, training only; it changes the steps" {
  small_corpus
  base="--cell mamba --layers 2 --hidden 16 --batch 4 --seq 16 --lr 0.01 --force"
  lm-train $base --steps 30 --quiet -o "$T/plain.lm" "$T/train.tok"
  lm-train $base --steps 30 --dropout-branch 0.3 --valid "$T/valid.tok" --eval-every 30 \
    -o "$T/br.lm" "$T/train.tok" 2> "$T/err"
  lm-dump --header "$T/br.lm" | grep -q '"dropout_branch": 0.3'
  if lm-dump --header "$T/plain.lm" | grep -q dropout_branch; then return 1; fi
  # the masks change the updates (else the option would do nothing)
  if cmp -s "$T/plain.lm" "$T/br.lm"; then return 1; fi
  # evaluation runs without the masks: lm-score agrees with lm-train's validation
  want=$(grep -o 'valid loss [0-9.]*' "$T/err" | tail -1 | cut -d' ' -f3)
  got=$(lm-score "$T/br.lm" "$T/valid.tok" | lm-ppl --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["nats_per_token"])')
  echo "lm-train $want, lm-score $got"
  $PY -c "import sys; w, g = $want, $got; sys.exit(abs(w - g) > 1e-4 * w)"
  # fixed on --resume, like the other regularisers
  run -2 lm-train --resume "$T/br.lm" --dropout-branch 0.1 --steps 40 -o "$T/r.lm" "$T/train.tok"
  echo "$output"
  [[ "$output" == *"--dropout-branch 0.1 differs from the resumed checkpoint's 0.3"* ]]
}

@test "--weight-decay W: one step shrinks the matrices by lr W and leaves the biases (AdamW's order: decay, then Adam)" {
  small_corpus
  # From the same initial weights p0, Adam's first step is the same with
  # and without decay (it reads the gradient only), so the two models
  # differ by exactly -lr W p0 where decay applies, and not at all elsewhere.
  base="--cell gru --layers 1 --hidden 4 --embed 3 --batch 4 --seq 8 --lr 0.01 --quiet --force"
  lm-train $base --steps 0 -o "$T/p0.lm" "$T/train.tok"
  lm-train $base --steps 1 -o "$T/plain.lm" "$T/train.tok"
  lm-train $base --steps 1 --weight-decay 0.5 -o "$T/wd.lm" "$T/train.tok"
  for m in p0 plain wd; do lm-dump --full "$T/$m.lm" > "$T/$m.jsonl"; done
  $PY - "$T/p0.jsonl" "$T/plain.jsonl" "$T/wd.jsonl" <<'EOF'
import json, sys
import numpy as np
def params(f):
    recs = [json.loads(l) for l in open(f)]
    return recs[0], np.array(recs[1]["params"]["values"], dtype=np.float64)
h, p0 = params(sys.argv[1])
_, plain = params(sys.argv[2])
_, wd = params(sys.argv[3])
V, E, H = len(h["vocab"]["tokens"]), 3, 4
# lm-train(1) FILE FORMAT: emb (V, E); GRU W (3H, E), U (3H, H), b (3H), c_n (H); W_p (V, H), b_p (V)
sizes = [("emb", V * E, 1), ("W", 3 * H * E, 1), ("U", 3 * H * H, 1), ("b", 3 * H, 0),
         ("c_n", H, 0), ("W_p", V * H, 1), ("b_p", V, 0)]
assert sum(n for _, n, _ in sizes) == len(p0), (sum(n for _, n, _ in sizes), len(p0))
off = 0
for name, n, decays in sizes:
    got = wd[off:off + n] - plain[off:off + n]
    want = -0.01 * 0.5 * p0[off:off + n] * decays
    err = np.abs(got - want).max()
    print(f"{name}: max |(wd - plain) - (-lr W p0)| = {err:.2e}, max |lr W p0| = {np.abs(want).max():.2e}")
    assert err < 1e-6 * (1 + np.abs(p0[off:off + n]).max()), name
    off += n
EOF
  # the key is in the checkpoint only when the run has decay
  lm-dump --header "$T/wd.lm" | grep -q '"weight_decay": 0.5'
  if lm-dump --header "$T/plain.lm" | grep -q weight_decay; then return 1; fi
}

@test "--asgd N switches to averaging at the first evaluation worse than all but the last N, as the log says" {
  small_corpus
  # a high learning rate on a tiny text: validation soon stops improving
  lm-train --hidden 32 --batch 4 --seq 16 --lr 0.03 --steps 300 --asgd 2 --valid "$T/valid.tok" \
    --eval-every 10 --log "$T/log.tsv" -o "$T/m.lm" "$T/train.tok" 2> "$T/err"
  cat "$T/err"
  said=$(grep -o 'step [0-9]*: validation has not improved' "$T/err" | cut -d' ' -f2 | tr -d :)
  # the rule, read from the log by python: the first evaluation k > n
  # whose loss exceeds min(losses[0 .. k-n-1])
  want=$($PY - "$T/log.tsv" <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["valid_loss"]]
hist, n = [], 2
for r in rows:
    v = float(r["valid_loss"])
    if len(hist) > n and v > min(hist[:-n]):
        print(r["step"]); break
    hist.append(v)
EOF
)
  echo "lm-train switched at step '$said', the rule says '$want'"
  [ -n "$want" ]
  [ "$said" = "$want" ]
  # from then on the checkpoint holds the optimizer's weights apart from the model
  lm-dump --head 0 "$T/m.lm" | grep -q '"weights"'
  lm-dump --head 0 "$T/m.lm" | grep -q "\"asgd_start\": $want"
  # before the switch the model is the weights themselves: a run stopped
  # there has no separate weights
  lm-train --hidden 32 --batch 4 --seq 16 --lr 0.03 --steps $((want - 10)) --asgd 2 \
    --valid "$T/valid.tok" --eval-every 10 --quiet -o "$T/early.lm" "$T/train.tok"
  if lm-dump --head 0 "$T/early.lm" | grep -q '"weights"'; then return 1; fi
}

@test "bad values of the new options: one line, exit 2; a checkpoint with bad ones is refused" {
  small_corpus
  for opt in "--dropout-in 1" "--dropout-hidden -0.1" "--dropout-out x" "--dropout-mode sticky" \
             "--dropout-embed 1" "--weight-drop 2" "--ar -1" "--tar nan" "--asgd 0" \
             "--asgd 1.5" "--tie-weights=yes" "--weight-decay -0.1" "--weight-decay nan" \
             "--weight-decay 101" "--dropout-branch 1" "--dropout-branch -0.5"; do
    run -2 lm-train $opt --valid "$T/valid.tok" -o "$T/m.lm" "$T/train.tok"
    echo "$opt: $output"
    assert_error 2 lm-train
  done
  # weight drop needs a recurrent matrix U: mamba has none
  run lm-train --cell mamba --hidden 8 --weight-drop 0.2 --steps 1 -o "$T/m.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *"no recurrent matrix U"* ]]
  # branch dropout needs a residual branch: the recurrent cells have none
  run lm-train --cell gru --hidden 8 --dropout-branch 0.2 --steps 1 -o "$T/m.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *"no residual branch"* ]]
  run -2 lm-train --asgd 2 -o "$T/m.lm" "$T/train.tok"
  assert_error 2 lm-train
  [[ "$output" == *"--asgd needs --valid"* ]]
  # a decay that would zero the weights in one step; decay on a seq2seq model
  run lm-train --optimizer sgd --lr 1 --weight-decay 1 --steps 1 -o "$T/m.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *"at least 1"* ]]
  printf 'a b\tc d\ne f\tg h\n' > "$T/p.txt"
  lm-tokenize --pairs "$T/p.txt" > "$T/p.pairs"
  run lm-train --arch seq2seq --hidden 8 --weight-decay 0.1 --steps 1 -o "$T/s.lm" "$T/p.pairs"
  assert_error 1 lm-train
  [[ "$output" == *"--weight-decay"* ]]
  # a resumed run keeps its regularisers and its tying
  lm-train --hidden 16 --steps 4 --weight-drop 0.2 --quiet -o "$T/a.lm" "$T/train.tok"
  for opt in "--weight-drop 0.3" "--tie-weights" "--dropout-mode locked" "--ar 1" \
             "--weight-decay 0.1"; do
    run -2 lm-train --resume "$T/a.lm" $opt --steps 8 -o "$T/b.lm" "$T/train.tok"
    echo "$opt: $output"
    assert_error 2 lm-train
  done
  # a checkpoint whose header holds a rate out of range, or a non-boolean
  # "tied": the reader names it (the bytes edited in place: same lengths)
  lm-train --hidden 16 --steps 4 --weight-drop 0.25 --tie-weights --quiet -o "$T/c.lm" "$T/train.tok"
  $PY - "$T/c.lm" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
key = b"\xabweight_drop\xcb"          # msgpack: str "weight_drop", then a float64
i = b.index(key) + len(key)
open(sys.argv[1] + ".rate", "wb").write(b[:i] + struct.pack(">d", 1.5) + b[i + 8:])
key = b"\xa4tied\xc3"                 # "tied": true -> "tied": 1 (positive fixint)
i = b.index(key) + len(key) - 1
open(sys.argv[1] + ".tied", "wb").write(b[:i] + b"\x01" + b[i + 1:])
EOF
  run lm-train --resume "$T/c.lm.rate" --steps 8 -o "$T/d.lm" "$T/train.tok"
  assert_error 1 lm-train
  [[ "$output" == *weight_drop* ]]
  run lm-score "$T/c.lm.tied" "$T/valid.tok"
  assert_error 1 lm-score
  [[ "$output" == *tied* ]]
}
