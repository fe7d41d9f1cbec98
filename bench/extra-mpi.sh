#!/usr/bin/env bash
# bench/extra-mpi.sh [BIN] — lm-train data-parallel under mpirun on this machine:
# tokens/s of 1 process x 1 thread, 1 process x 2 threads and 2 ranks x 1
# thread (mpirun -np 2), and the ranks' communication per step, for the
# S, L and W configurations.  Prints TSV rows on stdout like bench/ngram.sh
# (bench/run takes them as one of its bench/extra-*.sh):
#   what <TAB> lm <TAB> peer <TAB> ratio <TAB> unit
# and, on stderr, one "model NAME:PARAMS:SECONDS" line per configuration
# (compute per step of the machine) for bench/mpi_model.py.
#
# The tools come from $BENCH_MPI_BIN (default build/bench-mpi/bin), which
# must hold an lm-train built with MPI=1 (`make bench` builds it when mpicc
# is there); bench/run's BIN argument, the build without MPI, is not used.  Both sides of every
# row run that one binary (outside mpirun it is a single rank), so only the
# layout differs.  Without mpirun or an MPI build it prints no rows and
# says why on stderr: no figure is ever made up.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BENCH_MPI_BIN:-build/bench-mpi/bin}
PTB=${LM_DATA:-../shared/data}/ptb
TS=data/tinyshakespeare/input.txt
W=$(mktemp -d "${BENCH_WORK:-/tmp}/mpi.XXXXXX")
trap 'rm -rf "$W"' EXIT
if ! command -v mpirun > /dev/null; then
  echo "bench/extra-mpi.sh: no mpirun (Debian: openmpi-bin): no MPI rows" >&2; exit 0
fi
if [ ! -x "$BIN/lm-train" ] || ! ldd "$BIN/lm-train" | grep -q libmpi; then
  echo "bench/extra-mpi.sh: $BIN/lm-train is not an MPI build (make MPI=1): no MPI rows" >&2; exit 0
fi
# --bind-to none: the ranks scheduled as freely as the threads they are
# compared with (mpirun pins 2 ranks to cores by default, and a rank pinned
# to a core another job is using waits there, and the other rank with it).
MPIRUN=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && MPIRUN+=(--allow-run-as-root)

head -c 1003854 "$TS" > "$W/ts.txt"
"$BIN/lm-tokenize" --mode char "$W/ts.txt" > "$W/ts.tok"
have_ptb=0
if [ -f "$PTB/ptb.train.txt" ]; then
  "$BIN/lm-tokenize" --mode word "$PTB/ptb.train.txt" > "$W/ptb.tok"; have_ptb=1
fi

# run LAUNCH THREADS WARM STEPS args...: "tokens/s comm_ms_per_step params";
# the rate over the steps after WARM, from the log (start-up excluded).
run() {
  local launch=$1 threads=$2 warm=$3 steps=$4; shift 4
  local pre=()
  [ "$launch" -gt 0 ] && pre=("${MPIRUN[@]}" -np "$launch")
  OPENBLAS_NUM_THREADS=$threads "${pre[@]}" "$BIN/lm-train" "$@" --threads "$threads" \
    --steps $((warm + steps)) --log "$W/rate.tsv" --log-every 1 --force -o "$W/rate.lm" 2> "$W/err" ||
    { cat "$W/err" >&2; echo "- - -"; return; }
  local rate comm params
  rate=$(awk -F'\t' -v w="$warm" 'NR > 1 && $1 == w { t0 = $4; k0 = $3 } NR > 1 { t = $4; k = $3 }
    END { if (t > t0) printf "%.0f", (k - k0) / (t - t0); else print "-" }' "$W/rate.tsv")
  comm=$(sed -n -E 's/.*communication ([0-9.]+) ms\/step.*/\1/p' "$W/err" | tail -1)
  params=$(sed -n -E 's/.*: ([0-9]+) parameters;.*/\1/p' "$W/err" | head -1)
  echo "$rate ${comm:--} ${params:--}"
}

row() {   # what lm peer unit [-]: ratio lm / peer (none with -)
  local ratio=-
  [ "${5:-}" = - ] ||
    ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$ratio" "$4"
}

# name data layers hidden batch seq steps
CONFIGS="S:ts:2:128:50:50:40 L:ts:2:512:64:128:6 W:ptb:2:200:20:20:100"
for cfg in $CONFIGS; do
  IFS=: read -r name data L H B T steps <<< "$cfg"
  [ "$data" = ptb ] && [ $have_ptb = 0 ] && { echo "bench/extra-mpi.sh: no $PTB: no W rows" >&2; continue; }
  shape=(--layers "$L" --hidden "$H" --batch "$B" --seq "$T" "$W/$data.tok")
  read -r r11 _ params <<< "$(run 0 1 2 "$steps" "${shape[@]}")"
  read -r r12 _ _ <<< "$(run 0 2 2 "$steps" "${shape[@]}")"
  read -r r21 comm _ <<< "$(run 2 1 2 "$steps" "${shape[@]}")"
  row "train $name lstm ${L}x$H b$B t$T: mpirun -np 2 x 1 thread vs 1 x 2 threads" "$r21" "$r12" tok/s
  row "train $name: mpirun -np 2 x 1 thread vs 1 process x 1 thread" "$r21" "$r11" tok/s
  # the share of a step the ranks spend communicating
  share=$(awk -v c="$comm" -v r="$r21" -v b="$B" -v t="$T" 'BEGIN {
    if (c + 0 > 0 && r + 0 > 0) printf "%.1f%%", 100 * (c / 1e3) / (b * t / r); else print "?" }')
  row "train $name: -np 2 communication per step ($share of the step)" "$comm" n/a ms -
  # compute per step of this whole machine (1 x 2 threads), and at 1
  # thread, for the scaling model (bench/mpi_model.py, lm-train(1))
  step() { awk -v r="$1" -v b="$B" -v t="$T" 'BEGIN { if (r + 0 > 0) printf "%.5f", b * t / r; else print "-" }'; }
  echo "model $name:$params:$(step "$r12") (1 thread: $(step "$r11") s; np 2 communication $comm ms/step)" >&2
done
