#!/usr/bin/env bash
# 14 — The Linux kernel, as Karpathy's char-RNN post trained on it: 07 and
# 08 at scale (issue 20).
#
# The corpora come from `make data` (examples/data/linux.sh: Debian's
# linux-source-6.1, every .c and .h file in sorted order, split by file).
# Bytes as tokens throughout.
#
# Part 1 (07 at scale): a 3-layer LSTM for a one-hour budget on THREADS
# threads, against char n-grams of order 5, 10 and 20 (modified
# Kneser-Ney), on the 100 MB prefix of the kernel's training split.  The
# LSTM streams the same text but sees only as much of it as an hour
# allows (meta.txt and the log say how much).  Order 20 is trained on the
# first 20 MB only: on 100 MB it would hold about half a billion n-grams
# (lm-ngram(1), Memory), more than this shared machine can spare; the
# table says so.  Held out: the first 1 MB of the validation files (whole
# files never seen in training).  Samples at temperatures 0.5, 0.8 and 1,
# and 07's brace and indentation measures on them and on the held-out C;
# the nesting-depth distribution (brace depth at the start of each line)
# as a table and a plot: does the LSTM keep braces balanced across a
# function where an n-gram cannot count?
#
# Part 2 (08 at scale): a 1-layer LSTM on the 100 MB byte corpus (enwik8's
# size, not its text: C source, not Wikipedia XML), its bits per byte on
# the held-out bytes beside the published enwik8 figures (Graves 2013,
# LSTM: 1.67; Krause et al. 2016, mLSTM: 1.24) — different text, so a
# scale of reference, not a comparison.
#
#   EX_QUICK=1 (seconds, a 2 MB corpus)  EX_TIME=SEC (default 3600 per LSTM)
#   HIDDEN=N (default 512)  N=bytes per sample (default 20000)
#   PARTS="1 2" (default both; PARTS=2 alone needs part 1's ng10.lm in OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/14-linux}
TIME=${EX_TIME:-$(quick 10 3600)}
HIDDEN=${HIDDEN:-$(quick 64 512)}
N=${N:-$(quick 1500 20000)}
LINUX=${LM_DATA:-$HOME/.cache/lm}/linux
PARTS=${PARTS:-1 2}
mkdir -p "$OUT"
T0=$SECONDS
part() { [[ " $PARTS " == *" $1 "* ]]; }

# The corpus is built by `make data` (a download and a minute of work),
# not here: without it the script is skipped (exit 77), as run-all.sh and
# make check-examples expect of missing data.
if [ ! -s "$LINUX/linux.c.100M.txt" ]; then
  echo "skipped: needs the kernel corpora in $LINUX: run 'make data' (examples/data/linux.sh)"
  exit 77
fi
# cut FILE BYTES: the first BYTES of FILE, back to the last line end
cut_at() { head -c "$2" "$1" | awk -v RS='\n' -v ORS='\n' '1' | head -n -1; }
if [ "$QUICK" = 1 ]; then
  head -c 2000000 "$LINUX/linux.c.6M.txt" > "$OUT/train.txt"
  cp "$OUT/train.txt" "$OUT/train20.txt"
  cut_at "$LINUX/linux.c.valid.txt" 50000 > "$OUT/valid.txt"
else
  ln -sf "$LINUX/linux.c.100M.txt" "$OUT/train.txt"
  cut_at "$LINUX/linux.c.100M.txt" 20000000 > "$OUT/train20.txt"
  cut_at "$LINUX/linux.c.valid.txt" 1000000 > "$OUT/valid.txt"
fi
lm-tokenize --mode byte "$OUT/train.txt" > "$OUT/train.tok"
lm-tokenize --vocab "$OUT/train.tok" "$OUT/train20.txt" > "$OUT/train20.tok"
lm-tokenize --vocab "$OUT/train.tok" "$OUT/valid.txt" > "$OUT/valid.tok"
# The curves' evaluations during training use the first 200 kB of the
# held-out text (the tables, the whole of it): one pass of a 3 x 512 LSTM
# over 1 MB takes about two minutes here, which an hour's budget would
# spend many times over.
cut_at "$OUT/valid.txt" 200000 | lm-tokenize --vocab "$OUT/train.tok" - > "$OUT/curve.tok"
budget="train $(wc -c < "$OUT/train.txt") bytes (order 20: $(wc -c < "$OUT/train20.txt")), held out\
 $(wc -c < "$OUT/valid.txt"); LSTM 3 x $HIDDEN and 1 x $HIDDEN, --time $TIME each, --threads $THREADS"
# meta.txt says when each part was run: a run of part 2 alone adds its lines.
if part 1; then stamp "$OUT" "$budget (parts: $PARTS)"
else { echo "part 2 run: $(date -u '+%Y-%m-%d %H:%M UTC') at lm $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
       echo "part 2 budget: $budget"; } >> "$OUT/meta.txt"; fi

# bpb MODEL [TOKENS]: bits per byte of MODEL on TOKENS (default the held-out
# MB); fails rather than print nothing (printf would make that 0.0000).
bpb() {
  local v
  v=$(lm-score --threads "$THREADS" "$1" "${2:-$OUT/valid.tok}" | lm-ppl --json | json bits_per_byte)
  [ -n "$v" ] || { echo "14-linux.sh: no bits per byte for $1" >&2; return 1; }
  echo "$v"
}

if part 1; then

echo "== Part 1: n-grams of order 5, 10 (train) and 20 (its first 20 MB), mkn"
: > "$OUT/ngram.err"
for o in 5 10 20; do
  src=$OUT/train.tok; [ $o = 20 ] && src=$OUT/train20.tok
  /usr/bin/time -f "order $o: %e s, %M KB peak" \
    lm-ngram -q --force -o $o --memory 2G -T "$OUT" "$src" -w "$OUT/ng$o.lm" 2>> "$OUT/ngram.err"
done
cat "$OUT/ngram.err"

echo "== Part 1: LSTM 3 x $HIDDEN, a 200-byte window, $TIME s"
lm-train --force --cell lstm --layers 3 --hidden "$HIDDEN" --batch 32 --seq 200 --optimizer adam --lr 0.002 \
  --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/curve.tok" \
  --eval-every "$(quick 20 200)" --log "$OUT/lstm3.log.tsv" -o "$OUT/lstm3.lm" "$OUT/train.tok" 2> "$OUT/lstm3.err"
tail -3 "$OUT/lstm3.err"

echo "== Samples: $N bytes each, the same seed, no prime"
cp "$OUT/valid.txt" "$OUT/sample-real.c"
for t in 0.5 0.8 1.0; do
  lm-sample "$OUT/lstm3.lm" -n "$N" --seed 3 --temperature $t > "$OUT/sample-lstm-t$t.c"
done
for o in 5 10 20; do lm-sample "$OUT/ng$o.lm" -n "$N" --seed 3 > "$OUT/sample-${o}gram.c"; done

echo "== Table 1: held-out bits/byte, and 07's measures on the samples"
lstm=$(bpb "$OUT/lstm3.lm")
for o in 5 10 20; do
  bpb "$OUT/ng$o.lm" > "$OUT/ng$o.bpb"
  bpb "$OUT/ng$o.lm" "$OUT/curve.tok" > "$OUT/ng$o.curve.bpb"   # the curves' level
done
{ printf 'text\tmodel\theld-out bits/byte\tunmatched } per 100\topen at end\tmax depth\t( ) balanced lines %%\tindent after { %%\t} not deeper %%\n'
  printf 'real\t-\t-\t%s\n' "$(measure "$OUT/sample-real.c")"
  for t in 0.5 0.8 1.0; do
    printf 'lstm-t%s\tLSTM 3x%s, %s s\t%.4f\t%s\n' $t "$HIDDEN" "$TIME" "$lstm" "$(measure "$OUT/sample-lstm-t$t.c")"
  done
  for o in 5 10 20; do
    on=train; [ $o = 20 ] && on="first 20 MB"
    printf '%sgram\t%s-gram mkn (%s)\t%.4f\t%s\n' $o $o "$on" "$(cat "$OUT/ng$o.bpb")" "$(measure "$OUT/sample-${o}gram.c")"
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

# depth FILE: the fraction of non-blank lines that start at brace depth
# 0, 1, ..., 7, 8+ (the depth before the line's own characters), one a line.
depth() {
  awk '{ if ($0 !~ /^[ \t]*$/) { h[d < 8 ? d : 8]++; n++ }
         for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
           if (c == "{") d++; else if (c == "}" && d > 0) d-- } }
       END { for (k = 0; k <= 8; k++) printf "%.4f\n", n ? h[k] / n : 0 }' "$1"
}
echo "== Table 2: nesting depth at line start, fraction of lines (a column per text)"
texts="real lstm-t0.8 lstm-t1.0 5gram 10gram 20gram"
cols=(); for s in $texts; do depth "$OUT/sample-$s.c" > "$OUT/depth-$s.col"; cols+=("$OUT/depth-$s.col"); done
{ printf 'depth'; for s in $texts; do printf '\t%s' "$s"; done; echo
  printf '%s\n' 0 1 2 3 4 5 6 7 8+ | paste - "${cols[@]}"; } > "$OUT/depth.tsv"
rm -f "${cols[@]}"
show "$OUT/depth.tsv"

fi

# The plots are drawn from the files in OUT, so a run of part 2 alone redraws part 1's too.
if [ -s "$OUT/depth.tsv" ]; then
gnuplot -e "$PNG; set output '$OUT/depth.png'; set grid ytics;
  set title 'Brace depth at the start of each line: held-out kernel C vs samples';
  set style data histogram; set style histogram clustered gap 1; set style fill solid 0.7 border -1;
  set datafile separator '\t'; set key autotitle columnhead width 3; set xlabel 'depth';
  set ylabel 'fraction of non-blank lines'; plot for [c=2:7] '$OUT/depth.tsv' using c:xtic(1)"
fi

# valid FILE.log.tsv: seconds and held-out bits/byte at each evaluation
valid() { awk -F'\t' 'NR > 1 && $8 != "" { print $4, $8 / log(2) }' "$1"; }

if part 2; then
echo "== Part 2: LSTM 1 x $HIDDEN on the $(wc -c < "$OUT/train.txt")-byte corpus, $TIME s"
lm-train --force --cell lstm --layers 1 --hidden "$HIDDEN" --batch 32 --seq 200 --optimizer adam --lr 0.002 \
  --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/curve.tok" \
  --eval-every "$(quick 20 500)" --log "$OUT/lstm1.log.tsv" -o "$OUT/lstm1.lm" "$OUT/train.tok" 2> "$OUT/lstm1.err"
tail -3 "$OUT/lstm1.err"
seen=$(tail -1 "$OUT/lstm1.log.tsv" | cut -f3)
corpus="kernel C, $(wc -c < "$OUT/train.txt") bytes"
lstm=$(bpb "$OUT/lstm1.lm")
# part 1 scored the 10-gram on the same tokens (a 2.9 GB model: loaded once, not twice)
[ -s "$OUT/ng10.bpb" ] || bpb "$OUT/ng10.lm" > "$OUT/ng10.bpb"
ng10=$(cat "$OUT/ng10.bpb")
{ printf 'model\ttext\ttraining bytes seen\theld-out bits/byte\n'
  printf 'LSTM 1x%s, %s s (lm)\t%s\t%s\t%.4f\n' "$HIDDEN" "$TIME" "$corpus" "$seen" "$lstm"
  printf '10-gram mkn (lm)\t%s\tall\t%.4f\n' "$corpus" "$ng10"
  printf 'LSTM, Graves 2013 (published)\tenwik8 (Wikipedia XML)\t-\t1.67\n'
  printf 'mLSTM, Krause et al. 2016 (published)\tenwik8 (Wikipedia XML)\t-\t1.24\n'; } > "$OUT/enwik.tsv"
show "$OUT/enwik.tsv"
fi

echo "== The held-out curves, with the n-grams' levels"
plots=()
for m in lstm3 lstm1; do
  [ -s "$OUT/$m.log.tsv" ] || continue
  valid "$OUT/$m.log.tsv" > "$OUT/$m.valid.dat"
  plots+=("'$OUT/$m.valid.dat' with linespoints title '$m (LSTM ${m#lstm} x $HIDDEN)'")
done
for o in 5 10 20; do
  [ -s "$OUT/ng$o.curve.bpb" ] && plots+=("$(cat "$OUT/ng$o.curve.bpb") with lines dt 2 title '$o-gram mkn'")
done
gnuplot -e "$PNG; set output '$OUT/valid-seconds.png'; set grid;
  set title 'Kernel C, held-out bits per byte (first 200 kB) while training, $THREADS threads';
  set xlabel 'seconds'; set ylabel 'held-out bits/byte'; plot $(IFS=,; echo "${plots[*]}")"

keep_figures "$OUT"
# the tables and the LSTM's samples go beside the plots (examples/README.md quotes them)
if [ "$QUICK" != 1 ]; then
  for f in table.tsv depth.tsv enwik.tsv sample-lstm-t0.5.c sample-lstm-t0.8.c sample-lstm-t1.0.c sample-10gram.c; do
    if [ -s "$OUT/$f" ]; then cp "$OUT/$f" "examples/figures/$(basename "$OUT")/"; fi
  done
fi
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
