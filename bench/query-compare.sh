#!/usr/bin/env bash
# bench/query-compare.sh [TRAIN TEST] — lm-score --text against KenLM's
# query on one ARPA file: KenLM's lmplz -o 5 estimates it from TRAIN (the
# Penn Treebank's by default, as bench/ngram.sh does), then both tools score
# TEST with it, and every token's log10 probability and n-gram length are
# compared (to 1e-4, the precision of the ARPA's own figures).  Prints one
# line: tokens compared, the largest log10 difference, n-gram length
# mismatches; exits 1 on any mismatch.  Exits 77 (skipped) when KenLM is not
# built (bench/build-kenlm.sh builds it from ../shared/peers) or the data is
# absent.  lmplz refuses PTB's literal <unk>, so <unk> is renamed to a plain
# word in both texts, as bench/ngram.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
TRAIN=${1:-${LM_DATA:-../shared/data}/ptb/ptb.train.txt}
TEST=${2:-${LM_DATA:-../shared/data}/ptb/ptb.test.txt}
ORDER=${ORDER:-5}
CACHE=${LM_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lm-bench}
KEN=$CACHE/kenlm/build/bin
[ -x "$KEN/lmplz" ] && [ -x "$KEN/query" ] || { echo "query-compare: KenLM is not built (run bench/build-kenlm.sh)" >&2; exit 77; }
[ -f "$TRAIN" ] && [ -f "$TEST" ] || { echo "query-compare: $TRAIN or $TEST not found" >&2; exit 77; }
W=$(mktemp -d "${TMPDIR:-/tmp}/query-compare.XXXXXX")
trap 'rm -rf "$W"' EXIT
sed 's/<unk>/UNKWORD/g' "$TRAIN" > "$W/train.txt"
sed 's/<unk>/UNKWORD/g' "$TEST" > "$W/test.txt"
"$KEN/lmplz" -o "$ORDER" -S 100M --discount_fallback -T "$W" < "$W/train.txt" > "$W/ken.arpa" 2> "$W/lmplz.err" ||
  { cat "$W/lmplz.err" >&2; exit 1; }
"$KEN/query" "$W/ken.arpa" < "$W/test.txt" > "$W/query.out" 2> /dev/null
"$BIN/lm-tokenize" --vocab "$W/ken.arpa" "$W/test.txt" > "$W/test.tok"
"$BIN/lm-score" --text "$W/ken.arpa" "$W/test.tok" > "$W/lm.out"
/usr/bin/python3 - "$W/query.out" "$W/lm.out" <<'PY'
import sys
# KenLM: one line per sentence, "word=id length log10p" fields split by
# tabs, then "Total: ..."; the summary lines after the last sentence.
ken = []
for line in open(sys.argv[1]):
    if not line.startswith(("Perplexity", "OOVs", "Tokens", "Name", "Memory")):
        for f in line.rstrip("\n").split("\t"):
            if f.startswith("Total:") or not f:
                continue
            wordid, length, lp = f.rsplit(" ", 2)
            ken.append((wordid.rsplit("=", 1)[0], int(length), float(lp)))
# lm: TOKEN id length log10 ln per token; "# " lines are summaries.
lm = []
for line in open(sys.argv[2]):
    if line.startswith("# "):
        continue
    tok, _, length, lp10, _ = line.rstrip("\n").split("\t")
    lm.append((tok, int(length), float(lp10)))
if len(ken) != len(lm):
    sys.exit("query-compare: %d tokens from query, %d from lm-score" % (len(ken), len(lm)))
worst, bad_len, bad_tok = 0.0, 0, 0
for (kw, kl, kp), (lw, ll, lp) in zip(ken, lm):
    bad_tok += kw != lw
    bad_len += kl != ll
    worst = max(worst, abs(kp - lp))
print("tokens %d, largest |log10 p difference| %.3g, n-gram length mismatches %d, token mismatches %d"
      % (len(lm), worst, bad_len, bad_tok))
sys.exit(1 if worst > 1e-4 or bad_len or bad_tok else 0)
PY
