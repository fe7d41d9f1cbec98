# shellcheck shell=bash
# examples/common.sh — small helpers the experiment scripts source after
# their own `set -euo pipefail; cd ...; export PATH=...` lines.  Nothing
# here trains or scores: the scripts themselves are the recipes.
#
# Environment every script honours:
#   EX_QUICK=1     a budget of seconds per run, to smoke-test the whole set
#   EX_TIME=SEC    override the per-run training budget of the full version
#   THREADS=N      threads for lm-train / lm-score (default 2)
#   OUT=DIR        where the results go (default $EX_RESULTS/NN-name)
#   EX_RESULTS=DIR (default results) the root of all of them

DATA=${LM_DATA:-../shared/data}
THREADS=${THREADS:-2}
QUICK=${EX_QUICK:-0}

# need_ptb: the Penn Treebank ($DATA/ptb) or, without it, a line saying
# how to get it and exit 77, which run-all.sh counts as skipped.
need_ptb() {
  if [ ! -s "$DATA/ptb/ptb.train.txt" ]; then
    echo "skipped: needs the Penn Treebank in \$LM_DATA/ptb or ../shared/data/ptb (ptb.{train,valid,test}.txt)"
    exit 77
  fi
}

# quick VALUE FULL: VALUE under EX_QUICK=1, else FULL.
quick() { if [ "$QUICK" = 1 ]; then echo "$1"; else echo "$2"; fi; }

# The terminal for PNGs: cairo when gnuplot has it (anti-aliased), else libgd.
# shellcheck disable=SC2034  # used by the scripts that source this file
if gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo; then
  PNG="set terminal pngcairo size 900,560 font ',10'"
else
  PNG="set terminal png size 900,560"
fi

# json FIELD: one number out of lm-ppl --json's one-line object (stdin).
json() { sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p"; }

# show TSV: print a tab-separated table aligned, for the terminal.
show() { column -t -s "$(printf '\t')" < "$1"; }

# shakespeare DIR: nanoGPT's split of Tiny Shakespeare (first 1003854 bytes
# train, the remaining 111540 valid) as char tokens, DIR/train.tok and
# DIR/valid.tok.  Under EX_QUICK the validation text is cut to its first
# 20000 characters so that each evaluation takes a fraction of a second.
shakespeare() {
  local dir=$1 src=data/tinyshakespeare/input.txt   # shipped with lm
  head -c 1003854 "$src" > "$dir/train.txt"
  tail -c +1003855 "$src" > "$dir/valid.txt"
  [ "$QUICK" = 1 ] && { head -c 20000 "$dir/valid.txt" > "$dir/v.tmp" && mv "$dir/v.tmp" "$dir/valid.txt"; }
  lm-tokenize --mode char "$dir/train.txt" > "$dir/train.tok"
  lm-tokenize --vocab "$dir/train.tok" "$dir/valid.txt" > "$dir/valid.tok"
}

# ptb_words DIR: the Penn Treebank as word tokens: DIR/train.tok (its
# vocabulary: the 10000 types with </s>), and DIR/valid.tok and
# DIR/test.tok under that vocabulary.  Under EX_QUICK the validation text
# is cut to its first 300 lines.
ptb_words() {
  local dir=$1 ptb=$DATA/ptb
  lm-tokenize --mode word "$ptb/ptb.train.txt" > "$dir/train.tok"
  if [ "$QUICK" = 1 ]; then head -300 "$ptb/ptb.valid.txt" > "$dir/valid.txt"; else cp "$ptb/ptb.valid.txt" "$dir/valid.txt"; fi
  lm-tokenize --vocab "$dir/train.tok" "$dir/valid.txt" > "$dir/valid.tok"
  lm-tokenize --vocab "$dir/train.tok" "$ptb/ptb.test.txt" > "$dir/test.tok"
}

# kn5_baseline DIR: modified Kneser-Ney 5-gram on DIR/train.tok (DIR/kn5.lm)
# and its logprobs of the validation and test texts (DIR/kn5.valid.lp,
# DIR/kn5.test.lp), what the neural models are measured and mixed against.
kn5_baseline() {
  local dir=$1
  lm-ngram -o 5 "$dir/train.tok" > "$dir/kn5.lm"
  lm-score "$dir/kn5.lm" "$dir/valid.tok" > "$dir/kn5.valid.lp"
  lm-score "$dir/kn5.lm" "$dir/test.tok" > "$dir/kn5.test.lp"
}

# last_valid LOG: the last validation loss (nats/token) in an lm-train log.
last_valid() { awk -F'\t' 'NR > 1 && $8 != "" { v = $8 } END { print v }' "$1"; }

# train_summary ERR FIELD: from lm-train's stderr, the parameter count
# ("params"), or from its closing line the steps and tokens/s.
train_summary() {
  case $2 in
    params) sed -n 's/.*: \([0-9]*\) parameters;.*/\1/p' "$1" | head -1 ;;
    arch)   sed -n 's/^lm-train: \([a-z]* [0-9]*x[0-9]*\),.*/\1/p' "$1" | head -1 ;;
    steps)  sed -n 's/^lm-train: \([0-9]*\) steps (.*/\1/p' "$1" | tail -1 ;;
    tps)    sed -n 's/.* s, \([0-9.]*\) tokens\/s.*/\1/p' "$1" | tail -1 ;;
  esac
}

# stamp DIR BUDGET...: record when, where and at what budget a result was made.
stamp() {
  local dir=$1; shift
  { echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "lm: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "quick: $QUICK"
    echo "budget: $*"; } > "$dir/meta.txt"
}

# keep_figures DIR: a full run's plots and its meta.txt (date, machine,
# commit, budget), copied to examples/figures/NAME/ (committed:
# examples/README.md shows them); a quick run's are not kept.
keep_figures() {
  [ "$QUICK" = 1 ] && return 0
  local dir
  dir=examples/figures/$(basename "$1")
  mkdir -p "$dir"
  cp "$1"/*.png "$1"/meta.txt "$dir"/
}

# measure FILE: experiment 07's brace and indentation measures of a C
# text (described at the top of 07-code.sh), tab-separated; 14 uses them too.
measure() {
  expand "$1" | awk '
    { line = $0; match(line, /^ */); ind = RLENGTH; blank = (line ~ /^[ \t]*$/)
      # braces, character by character
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (c == "{") { d++; br++; if (d > maxd) maxd = d }
        else if (c == "}") { br++; if (d == 0) unm++; else d-- }
      }
      # parentheses per line
      po = gsub(/\(/, "(", line); pc = gsub(/\)/, ")", line)
      if (po + pc > 0) { pl++; if (po == pc) pb++ }
      # indentation against the previous non-blank line
      if (!blank) {
        if (prevopen) { ao++; if (ind > pind) aok++ }
        if (line ~ /^ *}/ && seen) { cl++; if (ind <= pind) cok++ }
        prevopen = (line ~ /\{[ \t]*$/); pind = ind; seen = 1
      }
    }
    END { printf "%.1f\t%d\t%d\t%.1f\t%.1f\t%.1f\n", br ? 100 * unm / br : 0, d, maxd,
                 pl ? 100 * pb / pl : 0, ao ? 100 * aok / ao : 0, cl ? 100 * cok / cl : 0 }'
}
