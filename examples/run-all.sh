#!/usr/bin/env bash
# make examples — every experiment in order, each writing results/NN-name/.
#
#   EX_QUICK=1 examples/run-all.sh     the smoke test: a few minutes in all
#   examples/run-all.sh                full budgets: about 45 minutes for
#                                      01-04 and 06-08, plus up to 2 hours
#                                      for 05 (the PTB LSTM), about 50
#                                      minutes for 13 (PTB, regularised) and
#                                      2 hours for 14 (the Linux kernel; its
#                                      corpus from `make data` first)
#   EX_SKIP="05 07" examples/run-all.sh   leave some out
# A script that exits 77 is skipped (its data is absent: need_ptb); one
# that fails is named at the end and makes the run exit 1.
# Each script's wall time is appended to $EX_RESULTS/run-all.tsv.
# The other variables (EX_TIME, THREADS, ...) pass through to every script;
# note that EX_TIME then applies to all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
R=${EX_RESULTS:-results}
mkdir -p "$R"
ran=0 skipped=0 failed=()
for s in examples/[0-9][0-9]-*.sh; do
  n=$(basename "$s" | cut -c1-2)
  case " ${EX_SKIP:-} " in *" $n "*) echo "=== $s: skipped"; continue ;; esac
  echo "=== $s"
  start=$SECONDS
  rc=0
  "$s" || rc=$?
  if [ $rc = 77 ]; then skipped=$((skipped + 1)); echo "=== $s: skipped"; continue; fi
  [ $rc = 0 ] || { failed+=("$s (exit $rc)"); echo "=== $s: FAILED, exit $rc"; continue; }
  ran=$((ran + 1))
  echo "=== $s: $((SECONDS - start)) s"
  printf '%s\t%s\t%s\n' "$(basename "$s")" "$((SECONDS - start))" "$(date -u '+%Y-%m-%d %H:%M')" >> "$R/run-all.tsv"
done
echo "examples: $ran ran, ${#failed[@]} failed, $skipped skipped"
[ ${#failed[@]} = 0 ] || { printf '  FAILED %s\n' "${failed[@]}"; exit 1; }
