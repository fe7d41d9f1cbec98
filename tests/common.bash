# Loaded by every bats file: the tools under test first on PATH, the shared
# data, and a scratch directory per test.
#
# The data (Tiny Shakespeare, PTB) is looked up in $LM_DATA if that is a
# directory, else in ../shared/data beside the checkout.  A test that reads
# it starts with `need_data FILE...`, which skips the test (counted as
# skipped by tests/run, never as passed) when a file is absent.
REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
export PATH="${LM_BIN:-$REPO/bin}:$PATH"
TESTBIN=${LM_TESTBIN:-$REPO/build/obj/tests}
if [ -n "${LM_DATA:-}" ] && [ -d "$LM_DATA" ]; then
  DATA=$LM_DATA
else
  DATA=$REPO/../shared/data
fi
TS=$DATA/tinyshakespeare/input.txt
# Tiny Shakespeare ships with lm (data/): found on a bare clone too.
[ -f "$TS" ] || TS=$REPO/data/tinyshakespeare/input.txt
PTB=$DATA/ptb
PY=/usr/bin/python3

# need_data FILE...: skip the test unless every FILE exists.
need_data() {
  local f
  for f in "$@"; do
    [ -e "$f" ] || skip "needs $f: set LM_DATA or put ../shared/data beside the checkout"
  done
}

setup() {
  # A pipeline fails when any of its commands does, not only the last:
  # `lm-score m t | lm-ppl` must not pass on lm-score's crash.
  set -o pipefail
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

# char_corpus N M: the first N bytes of Tiny Shakespeare, tokenized, in
# $T/train.{txt,tok}; the M bytes after them, without the characters the
# training part lacks, in $T/valid.{txt,tok}.
char_corpus() {
  need_data "$TS"
  head -c "$1" "$TS" > "$T/train.txt"
  head -c $(($1 + $2)) "$TS" | tail -c "$2" |
    $PY -c 'import sys; k = set(open(sys.argv[1]).read()); sys.stdout.write("".join(c for c in sys.stdin.read() if c in k))' \
      "$T/train.txt" > "$T/valid.txt"
  lm-tokenize --mode char "$T/train.txt" > "$T/train.tok"
  lm-tokenize --vocab "$T/train.tok" "$T/valid.txt" > "$T/valid.tok"
}

# (lm-train's tests) A few kilobytes of Tiny Shakespeare, and its held-out continuation.
small_corpus() { char_corpus 6000 2000; }
