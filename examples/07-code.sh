#!/usr/bin/env bash
# 07 — Code: does a character model learn to balance braces?
#
# The corpus is whatever C is on the machine at run time: this project's
# own sources (libcommon/*.c, tools/*.c) and the system headers
# /usr/include/*.h (about 3.6 MB together on Debian 12; the exact size is
# in meta.txt), in sorted order.  Headers are heavy in comments and
# declarations, the .c files in bodies: a mix of styles (tabs and 2-space
# GNU in glibc, 4 spaces here).  Byte tokens, so that any encoding in the
# headers tokenizes.  Every 20th file is held out (not the last 5 % of the
# text, which would be the tail of the alphabet: mostly sqlite3.h comments).

# A brace or parenthesis opened must be closed, possibly hundreds of
# characters later; indentation follows the nesting.  An n-gram of order 5
# sees 4 characters back and cannot count; an LSTM can in principle.  We
# sample the same number of bytes from an LSTM, a 5-gram (mkn) and a
# unigram, and measure with awk (outside strings and comments too:
# the measure is crude and the same for every row):
#   unmatched }   closing braces at depth 0, per 100 braces
#   open at end   braces still open at the end of the text
#   max depth     deepest nesting reached
#   ( ) lines     lines with parentheses whose ( and ) counts are equal, %
#   indent after {   lines after a line ending in '{' that are indented
#                    deeper than it, %
#   } not deeper  lines starting with '}' indented no deeper than the line
#                 before, %
# The first row is the held-out real C, all of it, the reference for each
# measure; "open at end" and "max depth" grow with the length of the text.
#
#   EX_QUICK=1   EX_TIME=SEC (default 300)   N=bytes per sample (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
OUT=${OUT:-${EX_RESULTS:-results}/07-code}
TIME=${EX_TIME:-$(quick 4 300)}
N=${N:-$(quick 1500 20000)}
mkdir -p "$OUT"
T0=$SECONDS

echo "== Corpus: libcommon/*.c tools/*.c /usr/include/*.h, every 20th file held out"
printf '%s\n' libcommon/*.c tools/*.c | sort > "$OUT/files.txt"
printf '%s\n' /usr/include/*.h | sort >> "$OUT/files.txt"
[ "$QUICK" = 1 ] && { head -40 "$OUT/files.txt" > "$OUT/f.tmp"; mv "$OUT/f.tmp" "$OUT/files.txt"; }
: > "$OUT/train.txt"; : > "$OUT/valid.txt"
i=0
while read -r f; do
  i=$((i + 1))
  if [ $((i % 20)) = 0 ]; then cat "$f" >> "$OUT/valid.txt"; else cat "$f" >> "$OUT/train.txt"; fi
done < "$OUT/files.txt"
lm-tokenize --mode byte "$OUT/train.txt" > "$OUT/train.tok"
lm-tokenize --vocab "$OUT/train.tok" "$OUT/valid.txt" > "$OUT/valid.tok"
size=$(cat "$OUT/train.txt" "$OUT/valid.txt" | wc -c)
stamp "$OUT" "corpus $size bytes ($(wc -l < "$OUT/files.txt") files), LSTM --time $TIME, $N bytes per sample"
echo "   $size bytes: $(wc -c < "$OUT/train.txt") train, $(wc -c < "$OUT/valid.txt") held out"

echo "== Models: LSTM 2 x 256 with a 100-byte window ($TIME s); 5-gram and unigram (mkn)"
lm-train --force --cell lstm --layers 2 --hidden 256 --batch 32 --seq 100 --optimizer adam --lr 0.002 \
  --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" --valid "$OUT/valid.tok" \
  --eval-every "$(quick 20 200)" --log "$OUT/log.tsv" -o "$OUT/lstm.lm" "$OUT/train.tok" 2> "$OUT/lstm.err"
cat "$OUT/lstm.err"
lm-ngram -o 5 "$OUT/train.tok" > "$OUT/ng5.lm"
lm-ngram -o 1 "$OUT/train.tok" > "$OUT/ng1.lm" 2> /dev/null   # order 1 falls back to fixed discounts

echo "== Samples: $N bytes each, the same seed, no prime"
cp "$OUT/valid.txt" "$OUT/sample-real.c"
lm-sample "$OUT/lstm.lm" -n "$N" --seed 3 --temperature 0.8 > "$OUT/sample-lstm-t0.8.c"
lm-sample "$OUT/lstm.lm" -n "$N" --seed 3 > "$OUT/sample-lstm-t1.0.c"
lm-sample "$OUT/ng5.lm" -n "$N" --seed 3 > "$OUT/sample-5gram.c"
lm-sample "$OUT/ng1.lm" -n "$N" --seed 3 > "$OUT/sample-unigram.c"

echo "== Table"
{ printf 'text\tbytes\tmodel bits/byte\tbraces per 1000 bytes\tunmatched } per 100\topen at end\tmax depth\t( ) balanced lines %%\tindent after { %%\t} not deeper %%\n'
  for s in real lstm-t0.8 lstm-t1.0 5gram unigram; do
    f=$OUT/sample-$s.c
    case $s in real) m=lstm ;; lstm*) m=lstm ;; 5gram) m=ng5 ;; unigram) m=ng1 ;; esac
    # the generating model's own bits per byte (for "real": the LSTM's, on held-out text)
    bpb=$(lm-tokenize --vocab "$OUT/$m.lm" < "$f" | lm-score "$OUT/$m.lm" | lm-ppl --json | json bits_per_byte)
    printf '%s\t%s\t%.3f\t%.1f\t%s\n' "$s" "$(wc -c < "$f")" "$bpb" \
      "$(tr -cd '{}' < "$f" | wc -c | awk -v n="$(wc -c < "$f")" '{ print 1000 * $1 / n }')" "$(measure "$f")"
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"
echo "   held-out bits/byte: LSTM $(lm-score --threads "$THREADS" "$OUT/lstm.lm" "$OUT/valid.tok" | lm-ppl --json | json bits_per_byte)," \
  "5-gram $(lm-score "$OUT/ng5.lm" "$OUT/valid.tok" | lm-ppl --json | json bits_per_byte)"

echo "== The first 25 lines of each sample"
for s in lstm-t0.8 5gram; do echo "--- $s"; head -25 "$OUT/sample-$s.c"; echo; done

echo "== Done in $((SECONDS - T0)) s; results in $OUT"
