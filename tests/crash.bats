#!/usr/bin/env bats
# Crash safety: a checkpoint being written when the process is killed
# leaves the previous checkpoint intact and loadable.

load common

@test "50 SIGKILLs at random moments during checkpointing: the checkpoint always loads and resumes" {
  need_data "$TS"
  head -c 20000 "$TS" > "$T/train.txt"
  lm-tokenize --mode char "$T/train.txt" > "$T/train.tok"
  # A model big enough that a checkpoint write takes a while (about 4 MB),
  # written after every step.
  lm-train --hidden 192 --batch 4 --seq 8 --steps 1 --save-every 1 --quiet \
    -o "$T/m.lm" "$T/train.tok"
  steps=1
  for i in $(seq 50); do
    lm-train --resume "$T/m.lm" --steps 100000 --save-every 1 --quiet -o "$T/m.lm" \
      "$T/train.tok" &
    pid=$!
    sleep "0.$(( RANDOM % 30 + 5 ))"
    kill -9 $pid
    wait $pid || true
    # the file at the name is a complete model: it loads and scores
    lm-dump "$T/m.lm" > /dev/null
    now=$(lm-dump "$T/m.lm" | tail -1 | $PY -c 'import json,sys; print(json.load(sys.stdin)["step"])')
    [ "$now" -ge "$steps" ]
    steps=$now
  done
  echo "reached step $steps after 50 kills"
  [ "$steps" -gt 1 ]
  head -c 300 "$T/train.txt" | tail -c 100 | lm-tokenize --vocab "$T/m.lm" | lm-score "$T/m.lm" | lm-ppl > /dev/null
}
