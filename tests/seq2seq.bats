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

@test "pairs: --mode bpe learns from both sides as the python reference does; --vocab and lm-sample --source apply it" {
  need_data "$TS"
  # pairs from Tiny Shakespeare's lines: a line, then its words reversed
  sed -n '100,700p' "$TS" | $PY -c '
import sys
for l in sys.stdin.read().splitlines():
    if l.strip(): print(l + "\t" + " ".join(reversed(l.split())))' > "$T/p.txt"
  lm-tokenize --pairs --mode bpe --merges 300 "$T/p.txt" > "$T/p.pairs"
  # the reference learns from the sides as lines of their own: chunks never
  # cross a line, so the merges are the same; each line's </s> is the
  # target's end symbol (dropped after a source)
  tr '\t' '\n' < "$T/p.txt" > "$T/sides.txt"
  $PY "$BATS_TEST_DIRNAME/helpers/bpe_ref.py" 300 --eos "$T/sides.txt" > "$T/ref.json"
  lm-dump --full "$T/p.pairs" > "$T/p.json"
  $PY - "$T/ref.json" "$T/p.json" <<'PY'
import json, sys
ref = json.load(open(sys.argv[1]))
rows = [json.loads(l) for l in open(sys.argv[2])]
v = rows[0]['vocab']
m = v['merges']['values']
assert [m[i:i + 2] for i in range(0, len(m), 2)] == ref['merges'], 'merges differ'
eos = v['eos']
assert eos == 256 + len(ref['merges']) and v['tokens'][eos] == '</s>'
sides, cur = [], []
for i in ref['ids']:
    cur.append(i)
    if i == eos: sides.append(cur); cur = []
assert len(sides) == 2 * (len(rows) - 1)
for k, r in enumerate(rows[1:]):
    assert r['src']['values'] == sides[2 * k][:-1], ('source', k)
    assert r['tgt']['values'] == sides[2 * k + 1], ('target', k)
print(len(rows) - 1, 'pairs,', len(ref['merges']), 'merges agree')
PY
  # applied: the same stream again; a vocabulary learnt without --eos is refused
  lm-tokenize --pairs --vocab "$T/p.pairs" "$T/p.txt" | cmp - "$T/p.pairs"
  lm-tokenize --mode bpe --merges 50 "$T/sides.txt" > "$T/noeos.tok"
  run lm-tokenize --pairs --vocab "$T/noeos.tok" "$T/p.txt"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no end symbol"* ]]
  # a model on BPE pairs decodes text from a source given as text
  lm-train --arch seq2seq --cell gru --layers 1 --hidden 16 --batch 8 --steps 3 -q \
    -o "$T/m.s2s" "$T/p.pairs"
  lm-sample "$T/m.s2s" --greedy -n 5 --source 'Good morrow' > "$T/out.txt"
  [ "$(wc -l < "$T/out.txt")" -eq 1 ]
  lm-score "$T/m.s2s" "$T/p.pairs" | lm-ppl > /dev/null
}

# Reversal pairs, seeded: python writes them, lm never sees the generator.
reversal() {   # N SEED
  $PY -c "
import random, sys
r = random.Random($2)
for _ in range($1):
    s = ''.join(r.choice('abcdefghij') for _ in range(r.randint(3, 9)))
    print(s + '\t' + s[::-1])"
}

@test "seq2seq: resume is byte-identical (2 threads, dropout, across an epoch)" {
  reversal 200 1 > "$T/r.txt"
  lm-tokenize --pairs "$T/r.txt" > "$T/r.pairs"
  opts="--arch seq2seq --cell lstm --layers 2 --hidden 8 --batch 16 --dropout 0.2 --threads 2 -q"
  lm-train $opts --steps 20 -o "$T/full.s2s" "$T/r.pairs"
  lm-train $opts --steps 7 -o "$T/half.s2s" "$T/r.pairs"
  lm-train --arch seq2seq --threads 2 -q --resume "$T/half.s2s" --steps 20 -o "$T/half.s2s" "$T/r.pairs"
  cmp "$T/full.s2s" "$T/half.s2s"
  run lm-train --arch seq2seq --attention none -q --resume "$T/half.s2s" --steps 21 -o "$T/x.s2s" "$T/r.pairs"
  [ "$status" -eq 2 ]
  [[ "$output" == *"--attention none differs"* ]]
  run lm-train -q --resume "$T/half.s2s" --steps 21 -o "$T/x.s2s" "$T/r.pairs"
  [ "$status" -eq 1 ]
  [[ "$output" == *"expected a tokens stream, got pairs"* ]]
}

@test "seq2seq: lm-score's target logprobs equal a numpy forward of the checkpoint's weights" {
  reversal 40 2 > "$T/r.txt"
  lm-tokenize --pairs "$T/r.txt" > "$T/r.pairs"
  lm-train --arch seq2seq --cell gru --layers 1 --hidden 5 --embed 4 --attn-size 3 --batch 8 \
    --steps 5 -q -o "$T/m.s2s" "$T/r.pairs"
  lm-score "$T/m.s2s" "$T/r.pairs" > "$T/r.lp"
  lm-dump --full "$T/m.s2s" > "$T/m.json"
  lm-dump --full "$T/r.pairs" > "$T/p.json"
  lm-dump --full "$T/r.lp" > "$T/lp.json"
  # The equations of lm-seq2seq(7) and the GRU of cell_gru.c, in float64.
  $PY - "$T" <<'PY'
import json, sys, numpy as np
d = sys.argv[1]
rows = [json.loads(l) for l in open(d + '/m.json')]
h = rows[0]; P = np.array(rows[1]['params']['values'], dtype=np.float64)
V = len(h['vocab']['tokens']); E, H, Ha = h['embed'], h['hidden'], h['attn_size']; C = 2 * H
eos = h['vocab']['eos']
off = [0]
def take(*shape):
    n = int(np.prod(shape)); a = P[off[0]:off[0] + n].reshape(shape); off[0] += n; return a
def gru_params(inp): return take(3 * H, inp), take(3 * H, H), take(3 * H), take(H)
Es = take(V, E); enc = [gru_params(E), gru_params(E)]
Ws = take(H, H); bs = take(H); Et = take(V, E); dec = gru_params(E + C)
Wa = take(Ha, H); Ua = take(Ha, C); va = take(Ha); Wo = take(V, H + C); bo = take(V)
assert off[0] == len(P) == h['params']
sig = lambda x: 1 / (1 + np.exp(-x))
def gru(p, x, hp):
    W, U, b, cn = p
    a, r_ = W @ x, U @ hp
    r = sig(a[:H] + r_[:H] + b[:H]); z = sig(a[H:2*H] + r_[H:2*H] + b[H:2*H])
    n = np.tanh(a[2*H:] + b[2*H:] + r * (r_[2*H:] + cn))
    return (1 - z) * n + z * hp
pairs = [json.loads(l) for l in open(d + '/p.json')][1:]
lps = []
for pr in pairs:
    src, tgt = pr['src']['values'], pr['tgt']['values']
    N = len(src); x = [Es[i] for i in src]
    f = [np.zeros(H)]; bk = [np.zeros(H)]
    for j in range(N): f.append(gru(enc[0], x[j], f[-1]))
    for j in reversed(range(N)): bk.insert(0, gru(enc[1], x[j], bk[0]))
    hj = [np.concatenate([f[j + 1], bk[j]]) for j in range(N)]
    s = np.tanh(Ws @ bk[0] + bs)
    A = [Ua @ v for v in hj]
    prev = eos
    for y in tgt:
        wq = Wa @ s
        e = np.array([va @ np.tanh(wq + a) for a in A]); a = np.exp(e - e.max()); a /= a.sum()
        c = sum(a[j] * hj[j] for j in range(N))
        s = gru(dec, np.concatenate([Et[prev], c]), s)
        lg = Wo @ np.concatenate([s, c]) + bo
        lps.append(lg[y] - (lg.max() + np.log(np.exp(lg - lg.max()).sum())))
        prev = y
got = []
for l in list(open(d + '/lp.json'))[1:]: got += json.loads(l)['logp']['values']
assert len(got) == len(lps), (len(got), len(lps))
worst = max(abs(a - b) for a, b in zip(got, lps))
print('max |lm - numpy|', worst, 'over', len(lps), 'tokens')
assert worst < 2e-5, worst
PY
}

@test "seq2seq: attention learns to reverse held-out strings; lm-sample decodes them" {
  reversal 2000 3 > "$T/all.txt"
  head -n 1800 "$T/all.txt" > "$T/train.txt"
  tail -n 200 "$T/all.txt" > "$T/test.txt"
  lm-tokenize --pairs "$T/train.txt" > "$T/train.pairs"
  lm-train --arch seq2seq --cell gru --layers 1 --hidden 48 --batch 32 --epochs 4 -q \
    -o "$T/m.s2s" "$T/train.pairs"
  cut -f1 "$T/test.txt" | lm-sample "$T/m.s2s" --greedy > "$T/out.txt"
  [ "$(wc -l < "$T/out.txt")" -eq 200 ]
  acc=$(paste <(cut -f2 "$T/test.txt") "$T/out.txt" | awk -F'\t' '$1 == $2 {c++} END {print c / NR}')
  echo "exact match $acc"
  awk -v a="$acc" 'BEGIN { exit !(a >= 0.8) }'
  # the beam's best and --attention-out: each target position's weights sum to 1
  lm-sample "$T/m.s2s" --source abcdefg --beam 3 --attention-out "$T/a.tsv" > "$T/b.txt"
  [ "$(cat "$T/b.txt")" = gfedcba ]
  awk -F'\t' 'NR > 1 { s[$2] += $4; n++ } END { for (i in s) if (s[i] < 0.999 || s[i] > 1.001) exit 1; exit !(n == 8 * 7) }' "$T/a.tsv"
}

@test "seq2seq: bad uses are one clear line" {
  reversal 20 4 > "$T/r.txt"
  lm-tokenize --pairs "$T/r.txt" > "$T/r.pairs"
  lm-train --arch seq2seq --hidden 4 --layers 1 --batch 4 --steps 1 -q -o "$T/m.s2s" "$T/r.pairs"
  printf 'abc' | lm-tokenize --vocab "$T/r.pairs" > "$T/plain.tok"
  run lm-score "$T/m.s2s" "$T/plain.tok"
  [ "$status" -eq 1 ]
  [[ "$output" == *"expected a pairs stream, got tokens"* ]]
  run lm-sample "$T/m.s2s" --prime abc
  [ "$status" -eq 2 ]
  run lm-sample "$T/m.s2s" --source 'abz'
  [ "$status" -eq 1 ]
  [[ "$output" == *"'z' is not in the model's vocabulary"* ]]
  printf 'abc\n' | lm-tokenize > "$T/lm.tok"
  lm-train --hidden 4 --layers 1 --batch 1 --seq 2 --steps 1 -q -o "$T/lm.rnn" "$T/lm.tok"
  run lm-sample "$T/lm.rnn" --source abc
  [ "$status" -eq 2 ]
  run lm-train --attention none --steps 1 -q -o "$T/x" "$T/lm.tok"
  [ "$status" -eq 2 ]
  run lm-train --arch seq2seq --steps 1 -q -o "$T/x" "$T/lm.tok"
  [ "$status" -eq 1 ]
  [[ "$output" == *"expected a pairs stream"* ]]
}
