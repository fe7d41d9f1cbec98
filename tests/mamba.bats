#!/usr/bin/env bats
# --cell mamba through the tools: training with the carried SSM state and
# conv tail (truncated BPTT), exact resume, scoring, sampling in constant
# memory, the hyper-parameter options and checkpoint field, and the same
# function as the PyTorch block of bench/torch_mamba.py.

load common

# 30 kB to train on; the validation text its last 4 kB (in the vocabulary,
# and enough for what is checked here)
corpus() {
  head -c 30000 "$TS" > "$T/train.txt"
  tail -c 4000 "$T/train.txt" > "$T/valid.txt"
  lm-tokenize "$T/train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$T/valid.txt" > "$T/valid.tok"
}

M="--cell mamba -L 2 -H 16 -b 4 -T 12 --state 4 --conv 3"

@test "mamba learns: the final validation loss is 0.5 nats below the first training loss" {
  corpus
  lm-train $M --steps 150 --lr 0.01 --valid "$T/valid.tok" --eval-every 150 --log "$T/log.tsv" \
    --quiet -o "$T/m.lm" "$T/train.tok"
  first=$(awk -F'\t' 'NR == 2 { print $6 }' "$T/log.tsv")
  last=$(awk -F'\t' '$8 != "" { v = $8 } END { print v }' "$T/log.tsv")
  echo "first train loss $first, final validation loss $last"
  awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 0.5) }'
}

@test "mamba resume is byte-identical (carried h and conv tail in the checkpoint), 1 and 2 threads" {
  corpus
  for threads in 1 2; do
    lm-train $M --threads $threads --steps 30 --quiet -o "$T/full$threads.lm" "$T/train.tok"
    lm-train $M --threads $threads --steps 13 --quiet -o "$T/half$threads.lm" "$T/train.tok"
    lm-train --resume "$T/half$threads.lm" --threads $threads --steps 30 --quiet -o "$T/res$threads.lm" "$T/train.tok"
    cmp "$T/full$threads.lm" "$T/res$threads.lm"
  done
  # the checkpoint says what the hyper-parameters were (dt_rank: ceil(16/16))
  lm-dump "$T/full1.lm" | head -1 | grep -q '"cell_hp": {"state": 4, "expand": 2, "conv": 3, "dt_rank": 1}'
}

@test "mamba: lm-score's total equals lm-train's final validation loss; lm-sample works" {
  corpus
  lm-train $M --steps 20 --valid "$T/valid.tok" --eval-every 20 --log "$T/log.tsv" --quiet \
    -o "$T/m.lm" "$T/train.tok"
  want=$(awk -F'\t' '$8 != "" { v = $8 } END { print v }' "$T/log.tsv")
  got=$(lm-score "$T/m.lm" "$T/valid.tok" | lm-ppl --json | $PY -c "import json,sys; print(json.load(sys.stdin)[\"nats_per_token\"])")
  echo "validation $want, lm-score $got"
  awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(d < 1e-5 && d > -1e-5) }'
  run lm-sample -n 300 --seed 2 "$T/m.lm"
  [ "$status" -eq 0 ]
  [ "${#output}" -ge 250 ]
}

@test "mamba sampling memory is flat in the number of tokens (peak RSS, 10^3 vs 2x10^4 tokens)" {
  [ -x /usr/bin/time ] || skip "needs /usr/bin/time (GNU time)"
  corpus
  lm-train $M --steps 1 --quiet -o "$T/m.lm" "$T/train.tok"
  rss() { /usr/bin/time -f %M lm-sample -n "$1" --seed 1 "$T/m.lm" 2>&1 > /dev/null | tail -1; }
  a=$(rss 1000) b=$(rss 20000)
  echo "peak RSS: $a kB at 1000 tokens, $b kB at 20000"
  [ $((b - a)) -lt 1024 ]
}

@test "mamba options: refused with other cells, bounded, fixed on resume; embed must equal hidden" {
  corpus
  run lm-train --cell lstm --state 8 --steps 1 -o "$T/x.lm" "$T/train.tok"
  assert_error 2 lm-train
  run lm-train --cell mamba --expand 0 --steps 1 -o "$T/x.lm" "$T/train.tok"
  assert_error 2 lm-train
  run lm-train --cell mamba -H 16 --embed 8 --steps 1 -o "$T/x.lm" "$T/train.tok"
  assert_error 1 lm-train
  lm-train $M --steps 2 --quiet -o "$T/m.lm" "$T/train.tok"
  run lm-train --resume "$T/m.lm" --state 8 --steps 3 -o "$T/y.lm" "$T/train.tok"
  assert_error 2 lm-train
  [ ! -e "$T/x.lm" ] && [ ! -e "$T/y.lm" ]
}

@test "mamba computes the same function as bench/torch_mamba.py: every loss of 20 Adam steps from the same weights" {
  $PY -c 'import torch, numpy' 2> /dev/null || skip "needs python3-torch and numpy"
  corpus
  lm-train $M --steps 0 --quiet -o "$T/init.lm" "$T/train.tok"
  lm-dump --full "$T/init.lm" > "$T/init.json"
  lm-dump --full "$T/train.tok" | $PY -c '
import json, sys, numpy as np
next(sys.stdin)
np.array([i for l in sys.stdin for i in json.loads(l)["ids"]["values"]], dtype="<u4").tofile(sys.argv[1])' "$T/train.u32"
  lm-train $M --steps 20 --log "$T/log.tsv" --log-every 1 --quiet -o "$T/m.lm" "$T/train.tok"
  OPENBLAS_NUM_THREADS=1 $PY "$REPO/bench/torch_mamba.py" --ids "$T/train.u32" \
    --vocab "$(lm-dump "$T/train.tok" | head -1 | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["vocab"]["tokens"]))')" \
    --layers 2 --hidden 16 --batch 4 --seq 12 --state 4 --conv 3 --steps 20 --warmup 0 \
    --init "$T/init.json" --losses > "$T/torch.json"
  $PY - "$T/torch.json" "$T/log.tsv" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["losses"]
rows = [l.split("\t") for l in open(sys.argv[2]).read().splitlines()[1:]]
lm = [float(r[5]) for r in rows if r[5]]
assert len(t) == len(lm) == 20, (len(t), len(lm))
d = max(abs(a - b) for a, b in zip(t, lm))
print("20 steps: max |lm - torch| loss %.2e (lm %.6f, torch %.6f at step 20)" % (d, lm[-1], t[-1]))
# lm's log prints 6 decimals; float32 rounding over 20 steps stays below 5e-5
sys.exit(0 if d < 5e-5 else 1)
PY
}
