#!/usr/bin/env bash
# make examples — every experiment in order, each writing results/NN-name/.
#
#   EX_QUICK=1 examples/run-all.sh     the smoke test: a few minutes in all
#   examples/run-all.sh                full budgets: about 45 minutes for
#                                      01-04 and 06-08, plus up to 2 hours
#                                      for 05 (the PTB LSTM) and about 50
#                                      minutes for 13 (PTB, regularised)
#   EX_SKIP="05 07" examples/run-all.sh   leave some out
# Each script's wall time is appended to $EX_RESULTS/run-all.tsv.
# The other variables (EX_TIME, THREADS, ...) pass through to every script;
# note that EX_TIME then applies to all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
R=${EX_RESULTS:-results}
mkdir -p "$R"
for s in examples/[0-9][0-9]-*.sh; do
  n=$(basename "$s" | cut -c1-2)
  case " ${EX_SKIP:-} " in *" $n "*) echo "=== $s: skipped"; continue ;; esac
  echo "=== $s"
  start=$SECONDS
  "$s"
  echo "=== $s: $((SECONDS - start)) s"
  printf '%s\t%s\t%s\n' "$(basename "$s")" "$((SECONDS - start))" "$(date -u '+%Y-%m-%d %H:%M')" >> "$R/run-all.tsv"
done
