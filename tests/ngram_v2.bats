#!/usr/bin/env bats
# The version-2 n-gram model stream (lm-stream(5)): lm-score maps a model
# file and scores through its lookup tables; everything else (a pipe,
# stdin, a version-1 file, ARPA) is read as before and walks the trie.
# Both must give the same numbers to the last bit, and a corrupt table
# must give one clear error, never a crash, a hang or a silent NaN.

load common

V2=$REPO/tests/helpers/ngram_v2.py

sanitized() { [ "${LABEL:-}" = sanitized ] || [ "${LM_SANITIZED:-0}" = 1 ]; }

corpus() {   # corpus SEED NLINES WORDS... > file
  $PY - "$@" <<'PY'
import random, sys
r = random.Random(int(sys.argv[1])); n = int(sys.argv[2]); W = sys.argv[3:]
for _ in range(n):
    print(" ".join(r.choice(W[:r.randint(2, len(W))]) for _ in range(r.randint(0, 9))))
PY
}

# scores FILE...: the logprobs records of lm-score on each, the same or not
same_scores() {   # same_scores TOKENS MODEL... (each MODEL: a path, or "pipe:PATH", "stdin:PATH")
  local tok=$1 m first= out
  shift
  for m in "$@"; do
    out=$T/scores.$RANDOM
    case $m in
      pipe:*) cat "${m#pipe:}" | lm-score /dev/stdin "$tok" ;;
      stdin:*) lm-score "${m#stdin:}" < "$tok" ;;
      *) lm-score "$m" "$tok" ;;
    esac | lm-dump --full | tail -n +2 > "$out"
    [ -s "$out" ] || { echo "no scores from $m"; return 1; }
    if [ -z "$first" ]; then first=$out
    else cmp "$first" "$out" || { echo "$m scores differently"; return 1; }
    fi
  done
}

small_model() {   # $T/m.lm (version 2), $T/m.arpa, $T/m1.lm (version 1), $T/s.tok
  corpus 5 300 the a cat dog sat ran on under mat log bird > "$T/train.txt"
  corpus 6 80 the a cat dog sat ran on mat bird fish > "$T/test.txt"
  lm-tokenize --mode word < "$T/train.txt" > "$T/t.tok"
  lm-tokenize --vocab "$T/t.tok" < "$T/test.txt" > "$T/s.tok"
  lm-ngram -q -o "${1:-4}" --force --arpa "$T/m.arpa" "$T/t.tok" > "$T/m.lm" 2> /dev/null
  $PY "$V2" v1 "$T/m.lm" "$T/m1.lm"
}

@test "v2: lm-ngram writes version 2 with one record and one table per order" {
  small_model 4
  run lm-dump "$T/m.lm"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *'"version": 2'* ]]
  [ "$(printf '%s\n' "${lines[@]}" | tail -n +2 | grep -c '"table": {"slot"')" -eq 4 ]
  [ "$(printf '%s\n' "${lines[@]}" | tail -n +2 | grep -o '"order": [0-9]*' | tr -d '\n')" = \
    '"order": 1"order": 2"order": 3"order": 4' ]
  # the version-1 copy is the same model in the old layout
  run lm-dump "$T/m1.lm"
  [[ "${lines[0]}" == *'"version": 1'* ]]
  [[ "$output" != *'"table"'* ]]
}

@test "v2: mapped tables, pipe, stdin, version 1 and ARPA score the same, to the bit" {
  for o in 1 2 3 5; do
    small_model $o
    same_scores "$T/s.tok" "$T/m.lm" "pipe:$T/m.lm" "stdin:$T/m.lm" "$T/m1.lm" "pipe:$T/m1.lm" "$T/m.arpa"
  done
}

@test "v2: char mode and an order above the text's contexts score as version 1" {
  printf 'abracadabra cab cad\nbarbara\nbanana bandana\n' > "$T/train.txt"
  printf 'abracab arba\nnab bandanabarb\n' > "$T/test.txt"
  lm-tokenize --mode char < "$T/train.txt" > "$T/t.tok"
  lm-tokenize --vocab "$T/t.tok" < "$T/test.txt" > "$T/s.tok"
  for o in 3 9; do
    lm-ngram -q -o $o "$T/t.tok" > "$T/c.lm" 2> /dev/null
    $PY "$V2" v1 "$T/c.lm" "$T/c1.lm"
    same_scores "$T/s.tok" "$T/c.lm" "pipe:$T/c.lm" "$T/c1.lm"
  done
}

@test "v2: --text (lengths and log10 p through the tables) and sampling as version 1" {
  small_model 3
  lm-score --text "$T/m.lm" "$T/s.tok" > "$T/v2.txt"
  lm-score --text "$T/m1.lm" "$T/s.tok" > "$T/v1.txt"
  cmp "$T/v1.txt" "$T/v2.txt"
  lm-sample "$T/m.lm" -n 40 --seed 3 > "$T/v2.sample"
  lm-sample "$T/m1.lm" -n 40 --seed 3 > "$T/v1.sample"
  cmp "$T/v1.sample" "$T/v2.sample"
}

@test "v2: ARPA -> model, pruning and bounded-memory estimation write version 2 that scores as before" {
  small_model 4
  lm-ngram -q --from-arpa "$T/m.arpa" --output "$T/back.lm"
  lm-ngram -q -o 4 --memory 1M -T "$T" "$T/t.tok" > "$T/mem.lm" 2> /dev/null
  lm-ngram -q -o 4 --prune 0,1 "$T/t.tok" > "$T/pr.lm" 2> /dev/null
  $PY "$V2" v1 "$T/pr.lm" "$T/pr1.lm"
  for m in back mem pr; do
    run lm-dump "$T/$m.lm"
    [[ "${lines[0]}" == *'"version": 2'* ]]
  done
  same_scores "$T/s.tok" "$T/m.lm" "$T/back.lm" "$T/mem.lm" "$T/m1.lm"
  same_scores "$T/s.tok" "$T/pr.lm" "$T/pr1.lm" "pipe:$T/pr.lm"
}

@test "v2: PTB 5-gram, the mapped tables and the version-1 trie give the same numbers, every token" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  sanitized && skip "numbers: the normal build checks them"
  lm-tokenize --mode word "$PTB/ptb.train.txt" > "$T/t.tok"
  lm-tokenize --vocab "$T/t.tok" "$PTB/ptb.test.txt" > "$T/s.tok"
  lm-ngram -q -o 5 "$T/t.tok" > "$T/m.lm" 2> /dev/null
  $PY "$V2" v1 "$T/m.lm" "$T/m1.lm"
  same_scores "$T/s.tok" "$T/m.lm" "$T/m1.lm" "pipe:$T/m.lm"
}

@test "v2: a corrupt table is one clear error and exit 1 (slot, non-finite, probe, truncated)" {
  printf 'the cat sat on the mat\nthe dog sat on the log\na cat ran\n' > "$T/tiny.txt"
  lm-tokenize --mode word "$T/tiny.txt" > "$T/tiny.tok"
  lm-ngram -q -o 3 "$T/tiny.tok" > "$T/tiny.lm" 2> /dev/null
  for kind in slot nonfinite probe truncate; do
    $PY "$V2" corrupt $kind "$T/tiny.lm" "$T/bad.lm"
    run lm-score "$T/bad.lm" "$T/tiny.tok" -o "$T/out.lp"
    assert_error 1 lm-score
    [ "${#lines[@]}" -eq 1 ] || { echo "$kind: $output"; return 1; }
    case $kind in
      slot) [[ "$output" == *"corrupt model: slot"* ]] ;;
      nonfinite) [[ "$output" == *"not finite"* ]] ;;
      probe) [[ "$output" == *"longest probe"* ]] ;;
      truncate) [[ "$output" == *"truncated"* ]] ;;
    esac || { echo "$kind: $output"; return 1; }
    [ ! -e "$T/out.lp" ]
  done
}

@test "v2: a newer version is refused; a table on an odd offset is refused" {
  small_model 2
  $PY - "$T/m.lm" "$T/v3.lm" <<'PY'
import msgpack, sys
u = msgpack.Unpacker(raw=False); u.feed(open(sys.argv[1], "rb").read()); objs = list(u)
objs[0]["version"] = 3
open(sys.argv[2], "wb").write(b"".join(msgpack.packb(o, use_bin_type=True) for o in objs))
PY
  run lm-score "$T/v3.lm" "$T/s.tok"
  assert_error 1 lm-score
  [[ "$output" == *"newer"* ]]
  # one more byte of padding before order 1's table moves every payload after it
  $PY - "$T/m.lm" "$T/odd.lm" <<'PY'
import msgpack, sys
u = msgpack.Unpacker(raw=False); u.feed(open(sys.argv[1], "rb").read()); objs = list(u)
objs[1]["pad_table"] = objs[1]["pad_table"] + b"\0" if len(objs[1]["pad_table"]) < 15 else b""
open(sys.argv[2], "wb").write(b"".join(msgpack.packb(o, use_bin_type=True) for o in objs))
PY
  run lm-score "$T/odd.lm" "$T/s.tok"
  assert_error 1 lm-score
  [[ "$output" == *"aligned"* ]]
}
