#!/usr/bin/env bats
# lm-dump: JSON Lines of any stream; bounded memory; bad input.

load common

@test "header then one line per record, valid JSON" {
  need_data "$TS"
  lm-tokenize "$TS" > "$T/ts.tok"
  lm-dump "$T/ts.tok" > "$T/out"
  [ "$(wc -l < "$T/out")" -eq 19 ]     # header + 17 full records + 1 partial
  $PY -c "
import json
for l in open('$T/out'): json.loads(l)"
  run sh -c "lm-dump --header '$T/ts.tok' | wc -l"
  [ "$output" -eq 1 ]
}

@test "--full shows every value; --head N limits them" {
  printf 'hello' | lm-tokenize > "$T/t.tok"
  run sh -c "lm-dump --full '$T/t.tok' | sed -n 2p"
  [ "$output" = '{"ids": {"u32": 5, "values": [1, 0, 2, 2, 3]}, "bytes": 5, "chars": 5}' ]
  run sh -c "lm-dump --head 2 '$T/t.tok' | sed -n 2p"
  [ "$output" = '{"ids": {"u32": 5, "head": [1, 0, "..."]}, "bytes": 5, "chars": 5}' ]
}

@test "binary token strings that are not UTF-8 are shown as hex" {
  printf 'a\xff' | lm-tokenize > "$T/t.tok"
  run lm-dump --header "$T/t.tok"
  [[ "$output" == *'"tokens": ["a", {"hex": "ff"}]'* ]]
}

@test "a long stream flows through in bounded memory" {
  # 64 MB of tokens through lm-dump: peak RSS stays far below the stream size
  head -c 16000000 /dev/zero | lm-tokenize --mode byte > "$T/big.tok"
  [ "$(stat -c %s "$T/big.tok")" -gt 64000000 ]
  /usr/bin/time -f '%M' -o "$T/rss" lm-dump "$T/big.tok" > /dev/null
  rss_kb=$(tail -n 1 "$T/rss")
  echo "peak RSS ${rss_kb} kB"
  [ "$rss_kb" -lt 40000 ]
}

@test "bad input: empty, text, random bytes, truncated, missing file" {
  : > "$T/empty"
  run lm-dump "$T/empty"
  assert_error 1 lm-dump
  echo 'hello' > "$T/text"
  run lm-dump "$T/text"
  assert_error 1 lm-dump
  [[ "$output" == *"looks like text, not an lm stream"* ]]
  for i in 1 2 3 4 5 6 7 8; do
    head -c 2000 /dev/urandom > "$T/rand"
    run lm-dump "$T/rand"
    [ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
  done
  printf 'abc' | lm-tokenize > "$T/t.tok"
  head -c 20 "$T/t.tok" > "$T/trunc"
  run lm-dump "$T/trunc"
  assert_error 1 lm-dump
  [[ "$output" == *truncated* ]]
  run lm-dump "$T/missing"
  assert_error 1 lm-dump
  [[ "$output" == *"No such file"* ]]
}

@test "a stream from a newer lm is refused with a clear message" {
  # {"lm": "tokens", "version": 99}
  printf '\x82\xa2lm\xa6tokens\xa7version\x63' > "$T/new"
  run lm-dump "$T/new"
  assert_error 1 lm-dump
  [[ "$output" == *"version 99 is newer"* ]]
}

@test "a closed pipe ends lm-dump quietly" {
  need_data "$TS"
  lm-tokenize "$TS" > "$T/ts.tok"
  run sh -c "lm-dump --full '$T/ts.tok' | head -c 10 >/dev/null; echo \${PIPESTATUS:-ok}"
  [[ "$output" != *lm-dump* ]]
}

@test "--help and --version" {
  run lm-dump --help
  [ "$status" -eq 0 ]
  run lm-dump --version
  [[ "$output" == "lm-dump (lm) "* ]]
}

# The python reader of lm-stream(5)'s EXAMPLES, as the page prints it.
man_reader() {
  awk '/^\.\\" tests\/dump.bats runs/ { on = 1; next }
       on && /^\.Bd/ { inside = 1; next }
       inside && /^\.Ed/ { exit }
       inside { print }' "$REPO/man/lm-stream.5" > "$1"
  [ -s "$1" ]
  if grep -q '\\' "$1"; then return 1; fi     # no roff escapes to undo: the page's text is the program
}

@test "lm-stream(5)'s python reader: tokens and logprobs as numpy, equal to lm-dump --full" {
  $PY -c 'import msgpack, numpy' 2> /dev/null || skip "needs python3-msgpack and python3-numpy (make deps)"
  man_reader "$T/lmstream.py"
  printf 'the cat sat on the mat\nthe d\xc3\xb6g sat\n%.0s' $(seq 1 3000) > "$T/t.txt"
  lm-tokenize -o "$T/t.tok" "$T/t.txt"     # more than one record of ids
  lm-ngram -q -o 3 "$T/t.tok" > "$T/m.lm" 2> /dev/null
  lm-score -o "$T/t.lp" "$T/m.lm" "$T/t.tok"
  lm-dump --full "$T/t.tok" > "$T/t.tok.json"
  lm-dump --full "$T/t.lp" > "$T/t.lp.json"
  cd "$T"
  $PY - <<'PYEOF'
import json, sys
import numpy as np
sys.path.insert(0, ".")
import lmstream
def dumped(path):
    lines = [json.loads(l) for l in open(path)]
    return lines[0], lines[1:]
h, recs = dumped("t.tok.json")
assert len(recs) > 1, len(recs)
ids = lmstream.tokens("t.tok")
assert ids.dtype == np.uint32 and ids.tolist() == [i for r in recs for i in r["ids"]["values"]]
h, recs = dumped("t.lp.json")
strings, lids, logp = lmstream.logprobs("t.lp")
assert [t.decode("utf-8") for t in strings] == h["vocab"]["tokens"], strings
assert lids.tolist() == ids.tolist()
want = np.array([x for r in recs for x in r["logp"]["values"]])
assert logp.dtype == np.float64 and np.array_equal(logp, want), np.abs(logp - want).max()
print(len(ids), "ids and log-probabilities agree")
PYEOF
  # as a program: a summary line for tokens, one line per token plus the perplexity for logprobs
  run $PY lmstream.py t.tok
  [ "$status" -eq 0 ]
  [[ "$output" == "$(wc -c < t.txt | awk '{print $1 - 3000}') tokens; the first: ["* ]]
  run $PY lmstream.py t.lp
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq $(( $(wc -c < t.txt) - 3000 + 1 )) ]
  want=$(lm-ppl --json t.lp | $PY -c 'import json,sys; print("%.6f" % json.load(sys.stdin)["ppl"])')
  [ "$(printf '%.6f' "${lines[-1]#perplexity }")" = "$want" ]
}
