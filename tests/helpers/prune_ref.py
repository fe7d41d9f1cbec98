#!/usr/bin/python3
"""prune_ref.py - entropy-based pruning (Stolcke 1998) by the definitions,
independent of lm's C code, on ARPA files.

  prune_ref.py FULL.arpa THRESHOLD PRUNED.arpa

FULL is a back-off model (lm-ngram --arpa); PRUNED what lm-ngram
--prune-entropy THRESHOLD made of the same model.  The reference prunes
FULL itself, with dicts of word tuples and every sum taken over the
vocabulary:

  P(w | h)    the back-off model's probability (longest stored suffix,
              times the back-off weights of the longer contexts)
  P(h)        P(h1) P(h2 | h1) ... ; the history <s> counts as often as </s>
  alpha'(h)   (1 - sum_{v in S(h), v != w} P(v | h)) / (1 - same with P(v | h'))
  D(h, w)     -P(h) sum_v P(v | h) (log P'(v | h) - log P(v | h)), P' the
              model without h w: P'(w | h) = alpha'(h) P(w | h'), and
              P'(v | h) = alpha'(h) / alpha(h) P(v | h) for the backed-off v
  pruned      exp(D) - 1 < THRESHOLD, unless a kept longer n-gram has it as
              its suffix or its context
  new alpha   every context's weight so that its distribution sums to 1
              under the pruned model, shorter contexts first

and checks: the same n-grams in each order, the same probabilities, the
back-off weights within 1e-5 (log10).  Prints counts and the largest
differences; exits 1 on a mismatch.
"""
import math
import re
import sys

BOS, EOS = "<s>", "</s>"


def read_arpa(path):
    prob, bo, order = {}, {}, 0
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        m = re.match(r"\\(\d+)-grams:", line)
        if m:
            order = int(m.group(1))
            continue
        f = line.split()
        if order and len(f) >= order + 1:
            g = tuple(f[1:1 + order])
            prob[g] = float(f[0])
            if len(f) > order + 1:
                bo[g] = float(f[order + 1])
    return prob, bo


class Model:
    def __init__(self, prob, bo):
        self.prob, self.bo = prob, bo
        self.N = max(len(g) for g in prob)
        self.vocab = [g[0] for g in prob if len(g) == 1 and g[0] != BOS]

    def log10p(self, h, w):
        h = tuple(h[max(0, len(h) - (self.N - 1)):])
        if h + (w,) in self.prob:
            return self.prob[h + (w,)]
        return self.bo.get(h, 0.0) + self.log10p(h[1:], w)

    def p(self, h, w):
        return 10 ** self.log10p(h, w)


def history_prob(m, h):
    first = EOS if h[0] == BOS else h[0]
    lp = m.log10p((), first)
    for i in range(1, len(h)):
        lp += m.log10p(h[:i], h[i])
    return 10 ** lp


def main():
    full_path, threshold, pruned_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    prob, bo = read_arpa(full_path)
    m = Model(prob, bo)
    after = {}                                  # S(h)
    for g in prob:
        if len(g) > 1:
            after.setdefault(g[:-1], set()).add(g[-1])
    pruned = set()
    mass = {}               # per history: sum over S(h) of P(v | h), of P(v | h'), and the rest
    for g in prob:
        if len(g) == 1:
            continue
        h, w, hs = g[:-1], g[-1], g[1:-1]
        S = after[h]
        if h not in mass:
            rest = math.fsum(m.p(h, v) for v in m.vocab if v not in S)
            mass[h] = (math.fsum(m.p(h, v) for v in S), math.fsum(m.p(hs, v) for v in S), rest,
                       history_prob(m, h))
        in_h, in_hs, rest, ph = mass[h]
        alpha = 10 ** bo.get(h, 0.0)
        alpha2 = (1 - (in_h - m.p(h, w))) / (1 - (in_hs - m.p(hs, w)))
        # the sum over v of P(v | h) (log P'(v | h) - log P(v | h)): w's term,
        # the backed-off words' (all scaled by alpha' / alpha), none for the rest of S
        pw = m.p(h, w)
        d = pw * (math.log(alpha2 * m.p(hs, w)) - math.log(pw)) + rest * math.log(alpha2 / alpha)
        d *= -ph
        if math.expm1(d) < threshold:
            pruned.add(g)
    keep = {g for g in prob if g not in pruned}
    for n in range(m.N, 2, -1):                     # what kept n-grams need
        for g in [g for g in keep if len(g) == n]:
            keep.add(g[1:])
            keep.add(g[:-1])
    kprob = {g: prob[g] for g in keep}
    kbo = {}
    pm = Model(kprob, kbo)
    contexts = sorted({g for g in keep if len(g) < m.N}, key=len)
    for h in contexts:                               # shorter first: P(v | h') is final
        S = [v for v in m.vocab if h + (v,) in kprob]
        if not S:
            kbo[h] = 0.0
            continue
        num = 1 - sum(10 ** kprob[h + (v,)] for v in S)
        den = 1 - sum(pm.p(h[1:], v) for v in S)
        kbo[h] = math.log10(num / den)
    got_prob, got_bo = read_arpa(pruned_path)
    for n in range(1, m.N + 1):
        a = {g for g in got_prob if len(g) == n}
        b = {g for g in kprob if len(g) == n}
        if a != b:
            sys.exit("order %d: lm keeps %d, the reference %d; only lm: %s; only the reference: %s"
                     % (n, len(a), len(b), sorted(a - b)[:5], sorted(b - a)[:5]))
    dp = max(abs(got_prob[g] - kprob[g]) for g in kprob)
    db = max(abs(got_bo.get(h, 0.0) - kbo[h]) for h in kbo)
    sizes = [sum(1 for g in kprob if len(g) == n) for n in range(1, m.N + 1)]
    full = [sum(1 for g in prob if len(g) == n) for n in range(1, m.N + 1)]
    print("kept %s of %s; largest |log10 p| difference %.2g, |log10 bo| %.2g" % (sizes, full, dp, db))
    if dp > 1e-6 or db > 1e-5:
        sys.exit(1)


main()
