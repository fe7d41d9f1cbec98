# bench/data.sh — sourced by bench/run and bench/quality.sh (from the
# project's root): the Tiny Shakespeare data both measure on.
PY=${PY:-/usr/bin/python3}
TS=${TS:-data/tinyshakespeare/input.txt}

# ids_file TOKENS OUT: the token ids as little-endian uint32, for PyTorch.
ids_file() {
  lm-dump --full "$1" | $PY -c '
import json, sys, numpy as np
next(sys.stdin)
ids = [i for l in sys.stdin for i in json.loads(l)["ids"]["values"]]
np.array(ids, dtype="<u4").tofile(sys.argv[1])' "$2"
}

# ts_data DIR: nanoGPT's split (the first 90 % of the bytes train, the rest
# validates) as DIR/ts.{train,valid}.{txt,tok,u32}.
ts_data() {
  local d=$1
  head -c 1003854 "$TS" > "$d/ts.train.txt"
  tail -c +1003855 "$TS" > "$d/ts.valid.txt"
  lm-tokenize --mode char "$d/ts.train.txt" > "$d/ts.train.tok"
  lm-tokenize --vocab "$d/ts.train.tok" "$d/ts.valid.txt" > "$d/ts.valid.tok"
  [ -s "$d/ts.train.u32" ] || ids_file "$d/ts.train.tok" "$d/ts.train.u32"
  [ -s "$d/ts.valid.u32" ] || ids_file "$d/ts.valid.tok" "$d/ts.valid.u32"
}
