# Loaded by every bats file: the tools under test first on PATH, the shared
# data by relative path, and a scratch directory per test.
REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
export PATH="${LM_BIN:-$REPO/bin}:$PATH"
TESTBIN=${LM_TESTBIN:-$REPO/build/obj/tests}
DATA=$REPO/../shared/data
TS=$DATA/tinyshakespeare/input.txt
PTB=$DATA/ptb
PY=/usr/bin/python3

setup() {
  T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/lm-test.XXXXXX")
}

teardown() {
  rm -rf "$T"
}

# Asserts the last `run` failed with exit status $1 and printed exactly one
# line on stderr+stdout that starts with the tool's name.
assert_error() {
  local want=$1 tool=${2:-lm-}
  if [ "$status" -ne "$want" ]; then
    echo "expected exit $want, got $status; output:"; echo "$output"; return 1
  fi
  case "$output" in
    "$tool"*) ;;
    *) echo "error message does not start with '$tool': $output"; return 1 ;;
  esac
  case "$output" in
    *AddressSanitizer*|*runtime\ error*|*Segmentation*) echo "crash: $output"; return 1 ;;
  esac
}
