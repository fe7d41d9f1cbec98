#!/usr/bin/python3
"""ngram_ref.py - n-gram smoothing by the book, independent of lm's C code.

Works on the raw text (not on lm's tokens or counts), with dicts of tuples:

  ngram_ref.py arpa  MODE ORDER SMOOTH K TRAIN ARPA [PRUNE]
      every n-gram of ARPA (written by lm-ngram --arpa) against the
      reference: same n-grams, log10 probabilities and back-offs within 2e-5;
      PRUNE "T1,T2,..." as lm-ngram --prune: n-grams of order k seen at most
      Tk times are dropped unless a kept longer one has them as suffix or
      context, and back-off weights are renormalised (within 1e-3: they are
      computed from lm's 32-bit probabilities)
  ngram_ref.py score MODE ORDER SMOOTH K TRAIN TEST LOGPROBS.jsonl
      per-token natural-log probabilities of TEST (lm-score | lm-dump --full)
      against the reference's interpolated P(w | history), within 5e-5

MODE is word (one sentence per line, <s> context, </s> predicted) or char
(the whole text one sequence, no start symbol).  SMOOTH is mkn, kn or addk.
Prints the largest difference; exits 1 on a mismatch.
"""
import json
import math
import sys
from collections import defaultdict

BOS, EOS, UNK = "<s>", "</s>", "<unk>"


def sequences(mode, text):
    if mode == "word":
        return [[BOS] + line.split() + [EOS] for line in text.split("\n")[:-1]] \
            if text.endswith("\n") else [[BOS] + line.split() + [EOS] for line in text.split("\n")]
    return [list(text)]


class Model:
    def __init__(self, mode, order, smooth, k, text):
        self.mode, self.N, self.smooth, self.k = mode, order, smooth, k
        seqs = sequences(mode, text)
        start = 1 if mode == "word" else 0
        # raw counts of every n-gram ending at each predicted position
        self.raw = [None] + [defaultdict(int) for _ in range(order)]
        for s in seqs:
            for i in range(start, len(s)):
                for n in range(1, order + 1):
                    if i - n + 1 < 0:
                        break
                    self.raw[n][tuple(s[i - n + 1:i + 1])] += 1
        vocab = {t for s in seqs for t in s}
        if mode == "word":
            vocab |= {UNK, EOS}
            vocab.discard(BOS)
        self.V = len(vocab)
        self.vocab = vocab
        if smooth == "addk":
            self.a = self.raw
        else:
            self.a = [None] + [dict() for _ in range(order)]
            for n in range(1, order + 1):
                # the counts of each n-gram's left extensions (one dict pass:
                # orders up to 32 on a test corpus stay quick)
                left = defaultdict(list)
                if n < order:
                    for g2, c2 in self.raw[n + 1].items():
                        left[g2[1:]].append(c2)
                for g, c in self.raw[n].items():
                    if n == order or g[0] == BOS:
                        self.a[n][g] = c
                    else:
                        ext = left.get(g, [])
                        # an occurrence with nothing before it (start of the
                        # char stream) is one more distinct left context
                        self.a[n][g] = len(ext) + (1 if c > sum(ext) else 0)
            self.D = [None] + [self.discounts(n) for n in range(1, order + 1)]
        # per context: sum of counts, and its extensions
        self.den = [None] + [defaultdict(float) for _ in range(order)]
        self.ext = [None] + [defaultdict(list) for _ in range(order)]
        for n in range(1, order + 1):
            for g, c in self.a[n].items():
                self.den[n][g[:-1]] += c
                self.ext[n][g[:-1]].append(g[-1])
        self.cache = {}

    def discounts(self, n):
        cc = defaultdict(int)
        for c in self.a[n].values():
            cc[c] += 1
        need = [1, 2] if self.smooth == "kn" else [1, 2, 3, 4]
        fallback = [0, 0.75, 0.75, 0.75] if self.smooth == "kn" else [0, 0.5, 1.0, 1.5]
        if any(cc[j] == 0 for j in need):
            return fallback
        y = cc[1] / (cc[1] + 2 * cc[2])
        if self.smooth == "kn":
            return [0, y, y, y]
        d = [0] + [j - (j + 1) * y * cc[j + 1] / cc[j] for j in (1, 2, 3)]
        if any(d[j] < 0 or d[j] > j for j in (1, 2, 3)):
            return fallback
        return d

    def disc(self, n, c):
        return self.D[n][min(c, 3)]

    def p(self, w, ctx):
        """P(w | ctx), ctx a tuple of at most N-1 previous tokens."""
        key = (w, ctx)
        if key in self.cache:
            return self.cache[key]
        n = len(ctx) + 1
        if n == 1:
            if w == BOS:
                r = 1.0
            elif self.smooth == "addk":
                r = (self.raw[1].get((w,), 0) + self.k) / (self.den[1][()] + self.k * self.V)
            else:
                den = self.den[1][()]
                a = self.a[1].get((w,), 0)
                mass = sum(self.disc(1, c) for c in self.a[1].values())
                r = (a - self.disc(1, a) if a else 0) / den + mass / den / self.V
        elif self.den[n].get(ctx, 0) == 0:
            r = self.p(w, ctx[1:])                      # not a context
        elif self.smooth == "addk":
            den = self.den[n][ctx] + self.k * self.V
            c = self.raw[n].get(ctx + (w,), 0)
            r = (c + self.k) / den if c else self.bo(ctx) * self.p(w, ctx[1:])
        else:
            den = self.den[n][ctx]
            a = self.a[n].get(ctx + (w,), 0)
            r = (a - self.disc(n, a) if a else 0) / den + self.bo(ctx) * self.p(w, ctx[1:])
        self.cache[key] = r
        return r

    def bo(self, ctx):
        """The back-off weight of ctx (1 if it is not a context)."""
        n = len(ctx) + 1
        if n > self.N or self.den[n].get(ctx, 0) == 0:
            return 1.0
        ws = self.ext[n][ctx]
        if self.smooth == "addk":
            den = self.den[n][ctx] + self.k * self.V
            left = 1 - sum((self.raw[n][ctx + (w,)] + self.k) / den for w in ws)
            lower = 1 - sum(self.p(w, ctx[1:]) for w in ws)
            return left / lower if left > 0 and lower > 0 else 1.0
        return sum(self.disc(n, self.a[n][ctx + (w,)]) for w in ws) / self.den[n][ctx]


def prune(m, spec):
    """The kept n-grams and the back-off weights after pruning."""
    t = [0] + [int(x) for x in spec.split(",")]
    t += [t[-1]] * (m.N + 1 - len(t))
    keep = {(w,) for w in m.vocab | {BOS}}
    need = set()
    for n in range(m.N, 1, -1):
        for g in m.a[n]:
            if m.raw[n][g] > t[n] or g in need:
                keep.add(g)
                need.add(g[1:])
                need.add(g[:-1])
    bo = {}
    for g in keep:
        n = len(g)
        if n == m.N or m.den[n + 1].get(g, 0) == 0:
            bo[g] = 1.0
            continue
        kept = [w for w in m.ext[n + 1][g] if g + (w,) in keep]
        left = 1 - sum(m.p(w, g) for w in kept)
        lower = 1 - sum(m.p(w, g[1:]) for w in kept)
        bo[g] = left / lower if left > 0 and lower > 0 else 1.0
    return keep, bo


def check_arpa(m, path, spec=None):
    got = {}
    sec = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("\\") and line.endswith("-grams:"):
            sec = int(line[1:-7])
            continue
        if not sec or not line or line.startswith("\\"):
            continue
        f = line.split("\t")
        got[tuple(f[1].split(" "))] = (float(f[0]), float(f[2]) if len(f) > 2 else 0.0)
    want = {}
    for n in range(1, m.N + 1):
        for g in m.a[n]:
            want[g] = None
    for w in m.vocab | {BOS}:
        want[(w,)] = None
    bo = None
    if spec:
        keep, bo = prune(m, spec)
        want = {g: None for g in keep}
    if set(got) != set(want):
        extra, missing = set(got) - set(want), set(want) - set(got)
        print("n-gram sets differ: extra", sorted(extra)[:5], "missing", sorted(missing)[:5])
        return 1
    worst = 0.0
    for g, (lp, lb) in got.items():
        wp = 0.0 if g == (BOS,) else math.log10(m.p(g[-1], g[:-1]))
        wb = math.log10(bo[g] if bo else m.bo(g)) if len(g) < m.N else 0.0
        # pruned back-off weights are 1 - (a sum of 32-bit probabilities):
        # where the kept n-grams hold nearly all the mass that cancels digits
        d = max(abs(lp - wp), abs(lb - wb) * (0.02 if spec else 1))
        if d > worst:
            worst = d
        if d > 2e-5:
            print(f"{' '.join(g)}: lm {lp} {lb}, reference {wp:.7f} {wb:.7f}")
            return 1
    print(f"{len(got)} n-grams, max |diff| {worst:.2e} (log10)")
    return 0


def check_score(m, text, path):
    seqs = sequences(m.mode, text)
    want = []
    for s in seqs:
        start = 1 if m.mode == "word" else 0
        for i in range(start, len(s)):
            w = s[i] if s[i] in m.vocab else UNK
            hist = tuple(t if t in m.vocab or t == BOS else UNK for t in s[max(0, i - m.N + 1):i])
            want.append(math.log(m.p(w, hist)))
    got = []
    for line in open(path):
        rec = json.loads(line)
        if "logp" in rec:
            got += rec["logp"]["values"]
    if len(got) != len(want):
        print(f"lm scored {len(got)} tokens, the reference {len(want)}")
        return 1
    worst = max((abs(a - b) for a, b in zip(got, want)), default=0.0)
    print(f"{len(got)} tokens, max |diff| {worst:.2e} (nats)")
    return 0 if worst < 5e-5 else 1


def main():
    what, mode, order, smooth, k, train = sys.argv[1:7]
    text = open(train, encoding="utf-8").read()
    m = Model(mode, int(order), smooth, float(k), text)
    if what == "arpa":
        return check_arpa(m, sys.argv[7], sys.argv[8] if len(sys.argv) > 8 else None)
    test = open(sys.argv[7], encoding="utf-8").read()
    return check_score(m, test, sys.argv[8])


if __name__ == "__main__":
    sys.exit(main())
