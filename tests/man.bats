#!/usr/bin/env bats
# Every tool has a man page that renders cleanly and documents every option
# its --help lists; every tool answers --help and --version.

load common

tools() {
  for src in "$REPO"/tools/lm-*.c; do basename "$src" .c; done
}

@test "every tool has a man page that renders without warnings" {
  for t in $(tools); do
    [ -f "$REPO/man/$t.1" ] || { echo "no man/$t.1"; return 1; }
  done
  for m in "$REPO"/man/*.[157]; do
    warn=$(LC_ALL=C.UTF-8 groff -mandoc -Tutf8 -ww -z "$m" 2>&1)
    [ -z "$warn" ] || { echo "$m: $warn"; return 1; }
    MANWIDTH=80 man -l "$m" > /dev/null 2>&1 || { echo "man -l $m failed"; return 1; }
  done
}

@test "every option in --help is documented in the man page" {
  for t in $(tools); do
    opts=$("$t" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$REPO/man/$t.1" 2>/dev/null)
    for o in $opts; do
      grep -q -- "$o" <<< "$page" || { echo "$t: $o is not in man/$t.1"; return 1; }
    done
  done
}

@test "every tool: --help exits 0 on stdout, --version names the tool, bad option exits 2" {
  for t in $(tools); do
    run "$t" --help
    [ "$status" -eq 0 ] || { echo "$t --help: $status"; return 1; }
    [[ "$output" == usage:* ]] || { echo "$t --help: $output"; return 1; }
    run "$t" --version
    [[ "$output" == "$t (lm) "* ]] || { echo "$t --version: $output"; return 1; }
    run "$t" --no-such-option
    [ "$status" -eq 2 ] || { echo "$t bad option: $status"; return 1; }
  done
}
