#!/usr/bin/env bash
# 11 — Tokenizers: perplexity is not comparable across them, bits per byte
# is.  Experiment 08 with subwords, on two corpora.
#
# Tiny Shakespeare and the Penn Treebank, each as characters, bytes, words
# and byte-level BPE with 512, 2048 and 8192 tokens (learnt on the training
# text, lm-tokenize --mode bpe --eos: </s> at line ends as in word mode).
# For each: an n-gram model (modified Kneser-Ney, the order that is best
# on the validation text) and an LSTM trained for the same time.  Reported
# per tokenizer: vocabulary size, tokens per byte, perplexity, bits per
# token and bits per byte on the validation text.  The perplexities differ
# by orders of magnitude, because a token is worth a different amount of
# text in each; bits per byte divides the same -log2 P(text) by the bytes
# and lines up.  Word rows carry experiment 08's caveat: held-out words
# outside the vocabulary are scored as <unk> (PTB has <unk> in its text
# already), so they are optimistic by the cost of spelling those.
#
# Splits: Tiny Shakespeare as nanoGPT (first 1003854 bytes train, rest
# valid); PTB's train and valid files.  Word mode on Tiny Shakespeare keeps
# the 10000 most frequent words.
#
#   EX_QUICK=1  (PTB train cut to 400 kB, small orders, 1 s LSTMs)
#   EX_TIME=SEC per LSTM (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${BIN:-bin}:$PATH"
. examples/common.sh
need_ptb
OUT=${OUT:-${EX_RESULTS:-results}/11-tokenizers}
TIME=${EX_TIME:-$(quick 1 120)}
HID=$(quick 64 256)
PY=/usr/bin/python3
TOKENIZERS="char byte bpe512 bpe2048 bpe8192 word"
mkdir -p "$OUT"
stamp "$OUT" "n-grams: best mkn order on valid; LSTMs 2 x $HID --time $TIME each, --threads $THREADS"
T0=$SECONDS

echo "== Data"
mkdir -p "$OUT/ts" "$OUT/ptb"
shakespeare "$OUT/ts"
if [ "$QUICK" = 1 ]; then
  head -c 400000 "$DATA/ptb/ptb.train.txt" > "$OUT/ptb/train.txt"
  head -c 40000 "$DATA/ptb/ptb.valid.txt" > "$OUT/ptb/valid.txt"
else
  cp "$DATA/ptb/ptb.train.txt" "$OUT/ptb/train.txt"
  cp "$DATA/ptb/ptb.valid.txt" "$OUT/ptb/valid.txt"
fi

orders() {   # tokenizer -> the n-gram orders tried
  case $1 in
    char|byte) quick "3 5" "4 5 6 7" ;;
    word) quick "2 3" "2 3 4" ;;
    *) quick "2 3" "2 3 4 5" ;;
  esac
}

for corpus in ts ptb; do
  D=$OUT/$corpus
  echo "== $corpus: tokenize six ways"
  for tk in $TOKENIZERS; do
    case $tk in
      char|byte) lm-tokenize --mode $tk "$D/train.txt" > "$D/$tk.train.tok" ;;
      word) mv=(); [ $corpus = ts ] && mv=(--max-vocab 10000)
            lm-tokenize --mode word "${mv[@]}" "$D/train.txt" > "$D/$tk.train.tok" ;;
      bpe*) lm-tokenize --mode bpe --vocab-size "${tk#bpe}" --eos "$D/train.txt" > "$D/$tk.train.tok" ;;
    esac
    lm-tokenize --vocab "$D/$tk.train.tok" "$D/valid.txt" > "$D/$tk.valid.tok"
  done

  echo "== $corpus: n-grams, the best order on valid"
  for tk in $TOKENIZERS; do
    best=
    for n in $(orders $tk); do
      lm-ngram -q -o "$n" "$D/$tk.train.tok" > "$D/$tk.ngram$n.lm" 2>/dev/null
      lm-score "$D/$tk.ngram$n.lm" "$D/$tk.valid.tok" | lm-ppl --json > "$D/$tk.ngram$n.json"
      b=$(json bits_per_byte < "$D/$tk.ngram$n.json")
      echo "  $tk order $n: $b bits/byte"
      if [ -z "$best" ] || awk -v a="$b" -v b="$(json bits_per_byte < "$D/$tk.ngram.json")" 'BEGIN { exit !(a < b) }'; then
        best=$n; cp "$D/$tk.ngram$n.json" "$D/$tk.ngram.json"; echo "$n" > "$D/$tk.ngram.order"
      fi
      rm -f "$D/$tk.ngram$n.lm"
    done
  done

  echo "== $corpus: LSTMs 2 x $HID, $TIME s each"
  for tk in $TOKENIZERS; do
    # windows of comparable text: 100 tokens for chars and bytes, fewer for
    # longer tokens (tokens per byte measured on the training text)
    lm-train --force --cell lstm --layers 2 --hidden "$HID" --batch 32 --seq "$( [ ${tk:0:3} = bpe ] && echo 50 || { [ $tk = word ] && echo 35 || echo 100; })" \
      --optimizer adam --lr 0.002 --clip 5 --seed 1 --time "$TIME" --threads "$THREADS" \
      --quiet -o "$D/$tk.lstm.lm" "$D/$tk.train.tok" 2> "$D/$tk.lstm.err"
    lm-score --threads "$THREADS" "$D/$tk.lstm.lm" "$D/$tk.valid.tok" | lm-ppl --json > "$D/$tk.lstm.json"
  done
done

echo "== Table: validation text"
{ printf 'corpus\ttokens\tmodel\tvocabulary\ttokens/byte\tppl (per token)\tbits/token\tbits/byte\n'
  for corpus in ts ptb; do
    D=$OUT/$corpus
    for model in ngram lstm; do
      for tk in $TOKENIZERS; do
        j=$D/$tk.$model.json
        v=$(lm-dump --header "$D/$tk.valid.tok" | $PY -c 'import json, sys; print(len(json.load(sys.stdin)["vocab"]["tokens"]))')
        name=$([ $model = ngram ] && echo "$(cat "$D/$tk.ngram.order")-gram mkn" || echo "LSTM 2x$HID, $TIME s")
        printf '%s\t%s\t%s\t%s\t%.4f\t%.3f\t%.3f\t%.4f\n' "$corpus" "$tk" "$name" "$v" \
          "$(awk -v t="$(json tokens < "$j")" -v b="$(json bytes < "$j")" 'BEGIN { print t / b }')" \
          "$(json ppl < "$j")" "$(json bits_per_token < "$j")" "$(json bits_per_byte < "$j")"
      done
    done
  done; } > "$OUT/table.tsv"
show "$OUT/table.tsv"

# Left: perplexity per token (log scale), spread over orders of magnitude;
# right: bits per byte of the same models, close together.
for corpus in ts ptb; do
  for model in gram LSTM; do
    awk -F'\t' -v c=$corpus -v m=$model 'NR > 1 && $1 == c && index($3, m)' "$OUT/table.tsv" > "$OUT/plot-$corpus-$model.tsv"
  done
done
series() {   # column: the four series' plot clauses
  local c=$1 first=1 s corpus model
  for s in "ts gram TS n-gram" "ts LSTM TS LSTM" "ptb gram PTB n-gram" "ptb LSTM PTB LSTM"; do
    read -r corpus model title <<< "$s"
    [ $first = 1 ] || printf ', '
    if [ $first = 1 ]; then printf "'%s' using 0:%s:xtic(2)" "$OUT/plot-$corpus-$model.tsv" "$c"
    else printf "'%s' using 0:%s" "$OUT/plot-$corpus-$model.tsv" "$c"; fi
    printf " with linespoints title '%s'" "$title"
    first=0
  done
}
gnuplot -e "$PNG; set output '$OUT/tokenizers.png'; set datafile separator '\t';
  set multiplot layout 1,2 title 'Validation text, six tokenizers: perplexity vs bits per byte';
  set grid ytics; set xtics rotate by -30; set key top left; set pointsize 1.3; set offsets 0.3, 0.3, 0, 0;
  set logscale y; set ylabel 'perplexity (per token, log scale)';
  plot $(series 6);
  unset logscale y; set ylabel 'bits per byte'; set yrange [0:*];
  plot $(series 8);
  unset multiplot"

keep_figures "$OUT"
[ "$QUICK" = 1 ] || cp "$OUT/table.tsv" "examples/figures/$(basename "$OUT")/"
echo "== Done in $((SECONDS - T0)) s; results in $OUT"
