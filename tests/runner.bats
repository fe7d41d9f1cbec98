#!/usr/bin/env bats
# tests/run itself, on small fixture directories made under the test's
# scratch directory (never on tests/: the runner running this file would
# recurse).  A green run that executed nothing, or fewer tests than the
# files define, is a red run; skipped tests are counted apart.
#
# The fixtures' bats files are written with printf so that no line of this
# file starts with the test keyword: tests/run and bats both count those.

bats_require_minimum_version 1.5.0   # run -N
load common

# fixture: $T/fx/tests (2 unit sources, 2 bats files: 3 passing tests and
# 1 skipped), $T/fx/tb (the 2 unit "binaries", shell scripts), $T/fx/bin.
fixture() {
  F=$T/fx
  mkdir -p "$F/tests/unit" "$F/tb" "$F/bin"
  for u in test_one test_two; do
    echo "/* $u: the source only has to exist */" > "$F/tests/unit/$u.c"
    printf '#!/bin/sh\necho %s ran\nexit 0\n' "$u" > "$F/tb/$u"
    chmod +x "$F/tb/$u"
  done
  printf '%s\n' '@test "passes" { true; }' '@test "passes too" { [ 1 -eq 1 ]; }' \
    '@test "is skipped" { skip "not here"; }' > "$F/tests/a.bats"
  printf '%s\n' '@test "b passes" { true; }' > "$F/tests/b.bats"
}

# run_fx [VAR=value...]: tests/run on the fixture, LABEL=fx
run_fx() {
  run "$REPO/tests/run" BIN="$F/bin" TESTBIN="$F/tb" LABEL=fx TESTS_DIR="$F/tests" "$@"
  echo "$output"
}

# closing LINE: the runner's last line is exactly LINE
closing() {
  local last=${lines[${#lines[@]} - 1]}
  [ "$last" = "$1" ] || { echo "closing line: '$last', wanted '$1'"; return 1; }
  # the shape CI reads: one word and a colon, N passed, N failed, N skipped
  [[ "$last" =~ ^[A-Za-z0-9_-]+:\ [0-9]+\ passed,\ [0-9]+\ failed,\ [0-9]+\ skipped$ ]]
}

@test "runner: all pass: exit 0, skipped counted as skipped, not passed" {
  fixture
  run_fx
  [ "$status" -eq 0 ]
  closing "fx: 5 passed, 0 failed, 1 skipped"
  [[ "$output" == *"6 tests expected"* ]]
}

@test "runner: a failing bats test, a failing unit test, a crashing unit test: exit 1" {
  fixture
  printf '%s\n' '@test "fails" { false; }' >> "$F/tests/b.bats"
  run_fx
  [ "$status" -eq 1 ]
  closing "fx: 5 passed, 1 failed, 1 skipped"
  fixture
  printf '#!/bin/sh\nexit 3\n' > "$F/tb/test_two"
  run_fx
  [ "$status" -eq 1 ]
  closing "fx: 4 passed, 1 failed, 1 skipped"
  [[ "$output" == *"FAIL test_two (exit 3)"* ]]
  printf '#!/bin/sh\nkill -SEGV $$\n' > "$F/tb/test_two"
  run_fx
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL test_two (exit 139)"* ]]
}

@test "runner: a unit binary missing, or none at all: exit 1, naming what is missing" {
  fixture
  rm "$F/tb/test_two"
  run_fx
  [ "$status" -eq 1 ]
  [[ "$output" == *"test_two: no binary"* ]]
  closing "fx: 4 passed, 1 failed, 1 skipped"
  rm "$F/tb/test_one"
  run_fx
  [ "$status" -eq 1 ]
  closing "fx: 3 passed, 2 failed, 1 skipped"
  run_fx TESTBIN="$T/no-such-dir"
  [ "$status" -eq 1 ]
  closing "fx: 3 passed, 2 failed, 1 skipped"
}

@test "runner: fewer bats tests ran than the file defines: exit 1" {
  # a test inside a conditional: in bats' plan and in the file, never run
  fixture
  printf '%s\n' 'if false; then' '@test "never defined" { true; }' 'fi' >> "$F/tests/b.bats"
  run_fx
  [ "$status" -eq 1 ]
  [[ "$output" == *"b.bats: 2 tests expected, 1 ran"* ]]
  closing "fx: 5 passed, 1 failed, 1 skipped"
  # a test that kills bats: the tests after it never run
  fixture
  printf '%s\n' '@test "kills bats" { kill -9 $PPID; }' '@test "after" { true; }' > "$F/tests/b.bats"
  run_fx
  [ "$status" -eq 1 ]
  [[ "$output" == *"b.bats: 2 tests expected, "[01]" ran"* ]]
  # a file that cannot load its helpers: bats stops before any test
  fixture
  printf '%s\n' 'load no_such_helper' '@test "b passes" { true; }' '@test "b2" { true; }' > "$F/tests/b.bats"
  run_fx
  [ "$status" -eq 1 ]
  [[ "$output" == *"b.bats: 2 tests expected, 1 ran"* ]]
}

@test "runner: bats missing from PATH: exit 1, its tests counted as failed" {
  fixture
  mkdir "$T/path"
  for c in bash dirname basename grep sed head tail tee mktemp rm cat; do
    ln -s "$(command -v "$c")" "$T/path/$c"
  done
  run env PATH="$T/path" "$REPO/tests/run" BIN="$F/bin" TESTBIN="$F/tb" LABEL=fx TESTS_DIR="$F/tests"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"a.bats: bats is not on PATH: its 3 tests did not run"* ]]
  closing "fx: 2 passed, 4 failed, 0 skipped"
}

@test "runner: no tests at all: exit 1" {
  mkdir -p "$T/empty/tests" "$T/empty/bin" "$T/empty/tb"
  run "$REPO/tests/run" BIN="$T/empty/bin" TESTBIN="$T/empty/tb" LABEL=fx TESTS_DIR="$T/empty/tests"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no tests in"* ]]
  closing "fx: 0 passed, 1 failed, 0 skipped"
  # a bats file without tests is still no test
  printf '# nothing here\n' > "$T/empty/tests/x.bats"
  run "$REPO/tests/run" BIN="$T/empty/bin" TESTBIN="$T/empty/tb" LABEL=fx TESTS_DIR="$T/empty/tests"
  [ "$status" -eq 1 ]
  closing "fx: 0 passed, 1 failed, 0 skipped"
}

@test "runner: an unknown argument is a usage error" {
  run "$REPO/tests/run" BOGUS=1
  [ "$status" -eq 2 ]
  [[ "$output" == usage:* ]]
}
