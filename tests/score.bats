#!/usr/bin/env bats
# lm-score: the model-independent behaviour (bad models, bad input).
# Scoring itself is tested per model type (ngram.bats, train.bats).

load common

@test "a model that is not one: missing, empty, text, a tokens stream, random bytes" {
  printf 'abc' | lm-tokenize > "$T/t.tok"
  run lm-score "$T/missing" "$T/t.tok"
  assert_error 1 lm-score
  : > "$T/empty"
  run lm-score "$T/empty" "$T/t.tok"
  assert_error 1 lm-score
  echo hello > "$T/text"
  run lm-score "$T/text" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"not a model"* ]]
  run lm-score "$T/t.tok" "$T/t.tok"
  assert_error 1 lm-score
  [[ "$output" == *"expected a model stream, got tokens"* ]]
  head -c 3000 /dev/urandom > "$T/rand"
  run lm-score "$T/rand" "$T/t.tok"
  [ "$status" -eq 1 ]
}

@test "usage: no model, too many arguments, bad --threads" {
  run lm-score
  assert_error 2 lm-score
  run lm-score a b c
  assert_error 2 lm-score
  run lm-score --threads 0 x
  assert_error 2 lm-score
}
