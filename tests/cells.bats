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

# mamba: forward CELL T B IN H SEED SCALE N E K R (0: the default); IN = H
@test "mamba forwards agree with numpy's equations to 1e-5 (T 1-9, B 1-3, N E K R varied, carried h and conv tail)" {
  need_numpy
  n=0 seed=1
  # T B H N E K R: N around the scan's 8 lanes, K = 1 (no tail) and K > T
  for shape in "1 1 4 16 2 4 0" "5 2 6 3 2 3 2" "7 3 8 8 1 1 1" "2 1 4 9 3 5 3" "9 2 5 17 2 2 1"; do
    set -- $shape
    "$TESTBIN/cell_forward" mamba "$1" "$2" "$3" "$3" $seed "$T/mamba-$seed.bin" 0 "$4" "$5" "$6" "$7"
    seed=$((seed + 1)) n=$((n + 1))
  done
  # weights U(-1, 1): steps and gates far from their initial range (at
  # U(-1.5, 1.5) outputs reach 2e4 and float32 rounding alone exceeds 1e-5)
  "$TESTBIN/cell_forward" mamba 6 2 6 6 99 "$T/mamba-big.bin" 1.0 4 2 3 2
  n=$((n + 1))
  run $PY "$REF" "$T"/mamba-*.bin
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'max |hs - ref|' <<< "$output")" -eq "$n" ]
}

@test "the mamba forward check fails on a wrong reference (B and C swapped, biases dropped, ZOH for B)" {
  need_numpy
  "$TESTBIN/cell_forward" mamba 5 2 6 6 7 "$T/m.bin" 0 3 2 3 2
  for wrong in swap nobias zoh-b; do
    run -1 env CELL_REF_WRONG=$wrong $PY "$REF" "$T/m.bin"
    echo "CELL_REF_WRONG=$wrong: $output"
    [[ "$output" == *"> 1e-05"* ]]
  done
  $PY "$REF" "$T/m.bin"
}
