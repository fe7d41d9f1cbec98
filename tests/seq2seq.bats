#!/usr/bin/env bats
# Pairs of sequences (lm-tokenize --pairs) and the encoder-decoder
# (lm-train --arch seq2seq): the stream, bad lines, training, resume,
# scoring and decoding.

load common

@test "pairs: char, byte and word streams hold each side's ids and the end symbol" {
  printf 'abc\tcba\nhi there\tereht ih\n' > "$T/p.txt"
  for m in char byte word; do
    lm-tokenize --pairs --mode $m "$T/p.txt" > "$T/$m.pairs"
    lm-dump --full "$T/$m.pairs" > "$T/$m.json"
  done
  # Checked against the text itself, by python: every target's ids spell
  # the target and end in the vocabulary's eos; counts include the newline.
  $PY - "$T" <<'PY'
import json, sys
d = sys.argv[1]
lines = [l.split('\t') for l in open(d + '/p.txt').read().splitlines()]
for m in ('char', 'byte', 'word'):
    rows = [json.loads(l) for l in open(d + '/' + m + '.json')]
    h, recs = rows[0], rows[1:]
    v = h['vocab']; toks = v['tokens']; eos = v['eos']
    assert h['pairs'] == len(lines) == len(recs), m
    assert toks[eos] == '</s>', (m, toks[eos])
    if m == 'byte': assert len(toks) == 257 and eos == 256
    for (s, t), r in zip(lines, recs):
        src, tgt = r['src']['values'], r['tgt']['values']
        assert tgt[-1] == eos and eos not in tgt[:-1] and eos not in src, m
        sep = ' ' if m == 'word' else ''
        assert sep.join(toks[i] for i in src) == s, (m, s)
        assert sep.join(toks[i] for i in tgt[:-1]) == t, (m, t)
        assert r['tgt_bytes'] == len(t.encode()) + 1 and r['tgt_chars'] == len(t) + 1
        assert r['src_bytes'] == len(s.encode()) and r['src_chars'] == len(s)
PY
}

@test "pairs: bad lines name the file and line, exit 1" {
  printf 'a\tb\nno tab here\n' > "$T/bad1"
  run lm-tokenize --pairs "$T/bad1"
  [ "$status" -eq 1 ]
  [[ "$output" == *"bad1:2: no TAB"* ]]
  printf 'a\tb\tc\n' > "$T/bad2"
  run lm-tokenize --pairs "$T/bad2"
  [ "$status" -eq 1 ]
  [[ "$output" == *"bad2:1: more than one TAB"* ]]
  printf 'x\ty\n\tb\n' > "$T/bad3"
  run lm-tokenize --pairs "$T/bad3"
  [ "$status" -eq 1 ]
  [[ "$output" == *"bad3:2: empty source"* ]]
  printf 'a\t\n' > "$T/bad4"
  run lm-tokenize --pairs "$T/bad4"
  [ "$status" -eq 1 ]
  [[ "$output" == *"bad4:1: empty target"* ]]
  printf 'a b\t   \n' > "$T/bad5"
  run lm-tokenize --pairs --mode word "$T/bad5"
  [ "$status" -eq 1 ]
  [[ "$output" == *"bad5:1: empty target"* ]]
  run lm-tokenize --pairs "$T/nonexistent"
  [ "$status" -eq 1 ]
}

@test "pairs: --vocab applies a pairs vocabulary; one without an end symbol is refused" {
  printf 'abc\tcba\n' > "$T/p.txt"
  lm-tokenize --pairs "$T/p.txt" > "$T/p.pairs"
  printf 'cab\tbac\n' | lm-tokenize --pairs --vocab "$T/p.pairs" > "$T/q.pairs"
  lm-dump "$T/q.pairs" | head -1 | grep -q '"pairs": 1'
  printf 'abz\tb\n' > "$T/z.txt"
  run lm-tokenize --pairs --vocab "$T/p.pairs" "$T/z.txt"
  [ "$status" -eq 1 ]
  [[ "$output" == *"z.txt:1: byte 3 of the source: 'z' is not in the vocabulary"* ]]
  printf 'abc\n' | lm-tokenize > "$T/plain.tok"
  run lm-tokenize --pairs --vocab "$T/plain.tok" "$T/p.txt"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no end symbol"* ]]
}
