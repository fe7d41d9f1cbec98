#!/usr/bin/env bats
# Errors where users land: text where tokens belong, a resumed run whose
# budget is spent, and the learning rate of every --log row.

load common

fixtures() {
  printf 'the cat sat on the mat\nthe d\xc3\xb6g sat on the log\n%.0s' $(seq 1 40) > "$T/t.txt"
  lm-tokenize -o "$T/t.tok" "$T/t.txt"
  lm-train --hidden 4 --batch 2 --seq 8 --steps 2 --quiet -o "$T/m.lm" "$T/t.tok"
}

@test "text where a tokens stream belongs: one line with the lm-tokenize hint, every reader" {
  fixtures
  hint="looks like text, not a tokens stream: run lm-tokenize first (lm-tokenize --vocab MODEL for a model's vocabulary)"
  for cmd in "lm-train --steps 1 -o $T/x.lm" "lm-score $T/m.lm" "lm-tokenize --decode"; do
    run $cmd "$T/t.txt"
    assert_error 1 "${cmd%% *}"
    [ "$output" = "${cmd%% *}: $T/t.txt: $hint" ] || { echo "$cmd: $output"; return 1; }
  done
  # readers of any stream name it as such
  for cmd in "lm-ngram -o 2" "lm-dump"; do
    run $cmd "$T/t.txt"
    assert_error 1
    [[ "$output" == *"looks like text, not an lm stream: run lm-tokenize first"* ]]
  done
  run lm-ppl "$T/t.txt"
  assert_error 1 lm-ppl
  [[ "$output" == *"looks like text, not a logprobs stream: lm-ppl reads what lm-score writes"* ]]
  # from standard input too; random bytes are not called text.  The first
  # byte is fixed, not random: one file in a hundred began with a msgpack
  # map header (0xde, 0xdf) and was, rightly, refused as a malformed header.
  run sh -c "lm-train --steps 1 -o '$T/x.lm' < '$T/t.txt'"
  [[ "$output" == "lm-train: stdin: looks like text"* ]]
  printf '\001' > "$T/rand"
  head -c 300 /dev/urandom | tr -d '\200-\217' >> "$T/rand"
  printf '\001\002' >> "$T/rand"
  run lm-train --steps 1 -o "$T/x.lm" "$T/rand"
  assert_error 1 lm-train
  [[ "$output" != *"looks like text"* ]]
  [[ "$output" == *"not an lm stream"* ]]
}

@test "--resume with the budget already reached says so, trains nothing, keeps the checkpoint" {
  fixtures
  cp "$T/m.lm" "$T/m.orig"
  run lm-train --resume "$T/m.lm" --steps 2 -o "$T/m.lm" "$T/t.tok"
  [ "$status" -eq 0 ]
  [ "$output" = "lm-train: $T/m.lm is at step 2, epoch 0: the budget (--steps 2) is already reached; nothing to train (give a larger --steps, --epochs or a --time)" ]
  cmp "$T/m.lm" "$T/m.orig"
  run lm-train --resume "$T/m.lm" --steps 1 -o "$T/m.lm" "$T/t.tok"
  [[ "$output" == *"(--steps 1) is already reached"* ]]
  [[ "$output" != *nan* ]]
  # an epoch budget: train one epoch, then ask for one again
  lm-train --hidden 4 --batch 2 --seq 8 --epochs 1 --quiet -o "$T/e.lm" "$T/t.tok"
  run lm-train --resume "$T/e.lm" --epochs 1 -o "$T/e.lm" "$T/t.tok"
  [ "$status" -eq 0 ]
  [[ "$output" == *"epoch 1: the budget (--epochs 1) is already reached"* ]]
  # a budget beyond the checkpoint still trains
  run lm-train --resume "$T/m.lm" --steps 3 -o "$T/m.lm" "$T/t.tok"
  [[ "$output" == *"3 steps (1 this run)"* ]]
}

@test "--log: every row's lr is the rate its step used (cosine with warm-up, evaluation rows too)" {
  fixtures
  lm-tokenize --vocab "$T/t.tok" -o "$T/v.tok" <(head -3 "$T/t.txt")
  lm-train --hidden 4 --batch 2 --seq 8 --steps 40 --lr 0.01 --lr-min 0.001 --schedule cosine \
    --warmup 5 --valid "$T/v.tok" --eval-every 10 --log-every 1 --log "$T/log.tsv" --quiet \
    -o "$T/c.lm" "$T/t.tok"
  $PY - "$T/log.tsv" <<'PYEOF'
import math, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
assert rows[0][4] == "lr", rows[0]
n_eval = 0
for r in rows[1:]:
    step = int(r[0])
    s = step - 1                      # the step that ended at this row
    lr = 0.001 + 0.5 * (0.01 - 0.001) * (1 + math.cos(math.pi * s / 40))
    if s < 5: lr *= (s + 1) / 5       # linear warm-up over 5 steps
    got = float(r[4])
    assert abs(got - lr) <= 1e-5 * lr, (step, got, lr)
    n_eval += r[7] != ""
assert len(rows) - 1 == 40 + 4 and n_eval == 4, (len(rows), n_eval)
print("44 rows, lr as the formula")
PYEOF
}
