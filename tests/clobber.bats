#!/usr/bin/env bats
# Never clobber: an output that is an input is refused (exit 2, one line),
# by device and inode (same path, hard link, ./path, symlink); an existing
# model needs --force unless it is the run being resumed; a binary stream
# never goes to a terminal.  Every case checks the input's checksum.

load common

# A text, its tokens, a tiny neural model and an n-gram model.
fixtures() {
  printf 'the cat sat on the mat\nthe dog sat on the log\n%.0s' $(seq 1 40) > "$T/t.txt"
  lm-tokenize -o "$T/t.tok" "$T/t.txt"
  lm-train --hidden 4 --batch 2 --seq 8 --steps 2 --quiet -o "$T/m.lm" "$T/t.tok"
  lm-ngram -q -o 2 "$T/t.tok" > "$T/k.lm"
}

sum() { md5sum < "$1"; }

# refused FILE CMD...: CMD exits 2 with one 'input file is output file'
# line, and FILE is byte for byte what it was.
refused() {
  local file=$1 before
  shift
  before=$(sum "$file")
  run "$@"
  assert_error 2 lm-
  [ "${#lines[@]}" -eq 1 ] || { echo "not one line: $output"; return 1; }
  [[ "$output" == *": input file is output file" ]] || { echo "$output"; return 1; }
  [ "$(sum "$file")" = "$before" ] || { echo "$file changed"; return 1; }
  [ -z "$(ls -A "$T" | grep tmp)" ]
}

# every_tool F SPELLING: each tool's output named by SPELLING (a path to
# the file behind F) while F is an input.
every_tool() {
  local F=$1 O=$2
  case $F in
    t.txt) refused "$T/t.txt" lm-tokenize -o "$O" "$T/t.txt"
           refused "$T/t.txt" lm-tokenize --vocab "$T/t.tok" -o "$O" "$T/t.txt" ;;
    t.tok) refused "$T/t.tok" lm-tokenize --decode -o "$O" "$T/t.tok"
           refused "$T/t.tok" lm-train --steps 1 --quiet -o "$O" "$T/t.tok"
           refused "$T/t.tok" lm-train --steps 1 --quiet --force -o "$T/n.lm" --log "$O" "$T/t.tok"
           refused "$T/t.tok" lm-train --steps 1 --quiet --force -o "$T/n.lm" --valid "$T/t.tok" \
                               --best "$O" "$T/t.tok"
           refused "$T/t.tok" lm-ngram -o 2 --output "$O" "$T/t.tok"
           refused "$T/t.tok" lm-ngram -o 2 --force --output "$O" "$T/t.tok"
           refused "$T/t.tok" lm-ngram -o 2 --counts-only --output "$O" "$T/t.tok"
           refused "$T/t.tok" lm-score -o "$O" "$T/m.lm" "$T/t.tok" ;;
    m.lm)  refused "$T/m.lm" lm-score -o "$O" "$T/m.lm" "$T/t.tok"
           # --resume M -o M is allowed, but M is no --log or --best
           refused "$T/m.lm" lm-train --resume "$T/m.lm" --steps 3 --quiet -o "$T/m.lm" \
                             --log "$O" "$T/t.tok" ;;
  esac
}

@test "clobber: the same path as an input, every tool writing to a path" {
  fixtures
  for f in t.txt t.tok m.lm; do every_tool $f "$T/$f"; done
}

@test "clobber: a hard link to an input" {
  fixtures
  for f in t.txt t.tok m.lm; do ln "$T/$f" "$T/hard.$f"; every_tool $f "$T/hard.$f"; done
}

@test "clobber: ./-prefixed and other spellings of an input's path" {
  fixtures
  cd "$T"
  mkdir sub
  for f in t.txt t.tok m.lm; do every_tool $f "./$f"; every_tool $f "sub/../$f"; done
}

@test "clobber: a symbolic link to an input" {
  fixtures
  for f in t.txt t.tok m.lm; do ln -s "$T/$f" "$T/sym.$f"; every_tool $f "$T/sym.$f"; done
}

@test "clobber: standard output appended to an input, standard input that is the output" {
  fixtures
  refused "$T/t.tok" sh -c "lm-dump '$T/t.tok' >> '$T/t.tok'"
  refused "$T/t.txt" sh -c "lm-tokenize '$T/t.txt' >> '$T/t.txt'"
  refused "$T/t.tok" sh -c "lm-score '$T/m.lm' '$T/t.tok' >> '$T/m.lm'"
  refused "$T/m.lm" sh -c "lm-score '$T/m.lm' '$T/t.tok' >> '$T/m.lm'"
  refused "$T/t.tok" sh -c "lm-sample -n 3 '$T/m.lm' >> '$T/m.lm'"
  refused "$T/t.txt" sh -c "lm-tokenize -o '$T/t.txt' < '$T/t.txt'"
  refused "$T/t.tok" sh -c "lm-train --steps 1 --quiet -o '$T/t.tok' < '$T/t.tok'"
  # a file that is not an input is written as before
  lm-dump "$T/t.tok" >> "$T/other"
  [ -s "$T/other" ]
}

@test "--force: an existing model is kept without it, replaced with it; --resume M -o M needs none" {
  fixtures
  cp "$T/m.lm" "$T/m.orig"
  before=$(sum "$T/m.lm")
  run lm-train --hidden 4 --batch 2 --seq 8 --steps 2 --seed 7 --quiet -o "$T/m.lm" "$T/t.tok"
  assert_error 2 lm-train
  [ "$output" = "lm-train: $T/m.lm exists; give --force to overwrite it" ]
  [ "$(sum "$T/m.lm")" = "$before" ]
  # another run's file as -o of a resumed run: refused too
  cp "$T/m.lm" "$T/r.lm"
  run lm-train --resume "$T/r.lm" --steps 3 --quiet -o "$T/m.lm" "$T/t.tok"
  assert_error 2 lm-train
  [ "$(sum "$T/m.lm")" = "$before" ]
  lm-train --hidden 4 --batch 2 --seq 8 --steps 2 --seed 7 --quiet --force -o "$T/m.lm" "$T/t.tok"
  if cmp -s "$T/m.lm" "$T/m.orig"; then return 1; fi      # another seed, another model: it was overwritten
  lm-train --hidden 4 --batch 2 --seq 8 --steps 2 --seed 7 --quiet -o "$T/fresh.lm" "$T/t.tok"
  cmp "$T/m.lm" "$T/fresh.lm"
  # --resume M -o M continues M in place, and a hard link to M is M
  lm-train --resume "$T/m.lm" --steps 3 --quiet -o "$T/m.lm" "$T/t.tok"
  ln "$T/m.lm" "$T/m.link"
  lm-train --resume "$T/m.lm" --steps 4 -o "$T/m.link" "$T/t.tok" 2> "$T/err"
  grep -q '^lm-train: 4 steps (1 this run)' "$T/err"
  # lm-ngram: a model or ARPA is kept without --force; counts are remade freely
  before=$(sum "$T/k.lm")
  run lm-ngram -q -o 3 --output "$T/k.lm" "$T/t.tok"
  assert_error 2 lm-ngram
  [ "$(sum "$T/k.lm")" = "$before" ]
  echo precious > "$T/k.arpa"
  lm-tokenize --mode word -o "$T/w.tok" "$T/t.txt"
  run lm-ngram -q -o 3 --arpa "$T/k.arpa" "$T/w.tok"
  assert_error 2 lm-ngram
  [ "$(cat "$T/k.arpa")" = precious ]
  lm-ngram -q -o 3 --force --arpa "$T/k.arpa" --output "$T/k.lm" "$T/w.tok"
  head -1 "$T/k.arpa" | grep -q '\\data\\'
  lm-ngram -q -o 3 "$T/w.tok" | cmp - "$T/k.lm"
  lm-ngram -q -o 2 --counts-only --output "$T/c.cnt" "$T/t.tok"
  lm-ngram -q -o 2 --counts-only --output "$T/c.cnt" "$T/t.tok"
}

# tty CMD: runs CMD with standard output on a pseudo-terminal (script(1));
# status and output as `run` leaves them.
tty_run() {
  run script -qec "$1" /dev/null
  output=${output//$'\r'/}
}

@test "binary to a terminal: refused (gzip's rule) with a hint; text still goes to a terminal" {
  command -v script > /dev/null || skip "needs script (util-linux)"
  fixtures
  before=$(sum "$T/t.tok")
  for cmd in "lm-tokenize '$T/t.txt'" "lm-tokenize --vocab-only '$T/t.txt'" \
             "lm-ngram -o 2 '$T/t.tok'" "lm-score '$T/m.lm' '$T/t.tok'" \
             "lm-train --steps 1 --quiet -o - '$T/t.tok'"; do
    tty_run "$cmd"
    [ "$status" -eq 2 ] || { echo "$cmd: status $status: $output"; return 1; }
    [[ "$output" == *"to a terminal (it is binary): redirect it (> FILE) or read it with lm-dump" ]] \
      || { echo "$cmd: $output"; return 1; }
  done
  [ "$(sum "$T/t.tok")" = "$before" ]
  tty_run "lm-tokenize --decode '$T/t.tok'"
  [ "$status" -eq 0 ]
  [[ "$output" == "the cat sat on the mat"* ]]
  tty_run "lm-dump --header '$T/t.tok'"
  [ "$status" -eq 0 ]
  # the same commands into a pipe or a file work
  lm-tokenize "$T/t.txt" | cmp - "$T/t.tok"
}
