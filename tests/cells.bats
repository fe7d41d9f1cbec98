#!/usr/bin/env bats
# The recurrent cells' forwards against an independent computation, as
# llm.c's test_gpt2: tests/helpers/cell_forward runs a cell (its own init,
# random input and carried state) and tests/helpers/cell_ref.py redoes the
# forward in float64 numpy from the equations and parameter layouts in
# libcommon/cell_*.c's header comments, printing the largest difference
# per tensor (hs, final state).  The gradients are checked against finite
# differences of these forwards in tests/unit/test_grad.c; this checks that
# the forwards compute the functions the comments say.

bats_require_minimum_version 1.5.0   # run -N
load common

REF=$REPO/tests/helpers/cell_ref.py

need_numpy() {
  $PY -c 'import numpy' 2> /dev/null || skip "needs numpy for $PY (python3-numpy; make deps installs it)"
}

# forward CELL T B IN H SEED [SCALE]: $T/CELL-T-B-IN-H-SEED.bin
forward() {
  "$TESTBIN/cell_forward" "$1" "$2" "$3" "$4" "$5" "$6" "$T/$1-$2-$3-$4-$5-$6.bin" ${7:+"$7"}
}

@test "rnn, lstm, gru forwards agree with numpy's textbook equations to 1e-5 (T 1-7, B 1-3, in != H)" {
  need_numpy
  n=0
  for cell in rnn lstm gru; do
    seed=1
    # T B IN H
    for shape in "1 1 3 2" "2 3 1 5" "3 2 7 4" "4 1 4 4" "5 3 5 8" "6 2 16 3" "7 3 9 32"; do
      forward $cell $shape $seed
      seed=$((seed + 1)) n=$((n + 1))
    done
    # large weights: saturated gates, where a wrong nonlinearity shows most
    forward $cell 5 2 6 7 99 2.5
    n=$((n + 1))
  done
  run $PY "$REF" "$T"/*.bin
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'max |hs - ref|' <<< "$output")" -eq "$n" ]
}

@test "the forward check fails on a wrong reference (gates swapped, bias dropped, GRU reset before U_n)" {
  need_numpy
  for cell in rnn lstm gru; do forward $cell 4 2 5 3 7; done
  for case in "rnn swap" "rnn nobias" "lstm swap" "lstm nobias" "gru swap" "gru nobias" "gru reset-before"; do
    set -- $case
    run -1 env CELL_REF_WRONG="$2" $PY "$REF" "$T/$1-4-2-5-3-7.bin"
    echo "CELL_REF_WRONG=$2: $output"
    [[ "$output" == *"> 1e-05"* ]]
  done
  # and the right reference passes on the same files
  $PY "$REF" "$T"/*-4-2-5-3-7.bin
}

@test "cell_forward refuses an unknown cell and bad sizes" {
  run "$TESTBIN/cell_forward" transformer 1 1 1 1 1 "$T/x.bin"
  assert_error 2 cell_forward
  run "$TESTBIN/cell_forward" lstm 0 1 1 1 1 "$T/x.bin"
  assert_error 2 cell_forward
  [ ! -e "$T/x.bin" ]
}
