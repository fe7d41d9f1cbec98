#!/usr/bin/python3
"""PyTorch peer for make bench: the encoder-decoder lm-train --arch seq2seq
builds (lm-seq2seq(7)) — a bidirectional nn.GRU/nn.LSTM encoder over packed
sequences, s_0 = tanh(W_s <-h_1 + b_s), Bahdanau's additive attention
(or none: c = [->h_N; <-h_1]), a GRUCell/LSTMCell decoder fed
[E y_{i-1}; c_i] with teacher forcing, logits = W_o [s_i; c_i] + b_o —
trained with Adam and global-norm clipping on the mean target-token loss.

    torch_seq2seq.py --pairs PAIRS.json --init INIT.json --steps 20 --threads 1

PAIRS.json is `lm-dump --full` of a pairs stream; INIT.json of an lm-train
--arch seq2seq checkpoint (e.g. --steps 0), whose header gives the shape
and whose weights are loaded (so the two compute the same function).  The
batches are lm's: each epoch's order is the same Fisher-Yates shuffle from
the same xoshiro256** seeded as s2s_train.c seeds it (lm-train --seed).
One 1-layer encoder and decoder; no dropout.  Prints one line of JSON:
the loss of every step, target tokens/s over the steps after --warmup.
"""
import argparse, json, sys, time

import numpy as np
import torch
import torch.nn as nn

M64 = (1 << 64) - 1


class Xoshiro:
    """rng.c: splitmix64 seeding, xoshiro256**, rejection for below()."""

    def __init__(self, seed):
        x, self.s = seed & M64, []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def u64(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        limit = M64 - (M64 % n)   # UINT64_MAX - UINT64_MAX % n
        while True:
            x = self.u64()
            if x < limit:
                return x % n


def epoch_order(n, seed, epoch):
    r = Xoshiro((seed * 0x9E3779B97F4A7C15 + epoch + 1) & M64)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = r.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


class Seq2Seq(nn.Module):
    def __init__(self, cell, V, E, H, Ha, attention):
        super().__init__()
        self.cell, self.H, self.attention = cell, H, attention
        C = 2 * H
        rnn = {"gru": nn.GRU, "lstm": nn.LSTM}[cell]
        dcell = {"gru": nn.GRUCell, "lstm": nn.LSTMCell}[cell]
        self.src_emb = nn.Embedding(V, E)
        self.enc = rnn(E, H, 1, batch_first=True, bidirectional=True)
        self.Ws = nn.Linear(H, H)
        self.tgt_emb = nn.Embedding(V, E)
        self.dec = dcell(E + C, H)
        if attention:
            self.Wa = nn.Linear(H, Ha, bias=False)
            self.Ua = nn.Linear(C, Ha, bias=False)
            self.va = nn.Parameter(torch.zeros(Ha))
        self.out = nn.Linear(H + C, V)

    def forward(self, src, slen, tgt, tlen, start):
        B, N = src.shape
        T = tgt.shape[1]
        packed = nn.utils.rnn.pack_padded_sequence(self.src_emb(src), slen, batch_first=True,
                                                   enforce_sorted=False)
        out, _ = self.enc(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=N)  # (B, N, C)
        H = self.H
        first_bwd = h[:, 0, H:]
        last_fwd = h[torch.arange(B), slen - 1, :H]
        s = torch.tanh(self.Ws(first_bwd))
        c_state = torch.zeros_like(s)
        mask = torch.arange(N)[None, :] < slen[:, None]
        if self.attention:
            A = self.Ua(h)
        else:
            cfix = torch.cat([last_fwd, first_bwd], 1)
        prev = torch.full((B,), start, dtype=torch.long)
        logits = []
        for i in range(T):
            if self.attention:
                e = torch.tanh(self.Wa(s)[:, None, :] + A) @ self.va
                a = torch.softmax(e.masked_fill(~mask, float("-inf")), 1)
                c = (a[:, :, None] * h).sum(1)
            else:
                c = cfix
            x = torch.cat([self.tgt_emb(prev), c], 1)
            if self.cell == "lstm":
                s, c_state = self.dec(x, (s, c_state))
            else:
                s = self.dec(x, s)
            logits.append(self.out(torch.cat([s, c], 1)))
            prev = tgt[:, i]
        logits = torch.stack(logits, 1)                       # (B, T, V)
        tmask = torch.arange(T)[None, :] < tlen[:, None]
        nll = nn.functional.cross_entropy(logits[tmask], tgt[tmask], reduction="sum")
        return nll, int(tmask.sum())


def load_init(path, model, cell, V, E, H, Ha, attention):
    """lm's flat layout (lm-seq2seq(7) Parameters) into the module; lm has
    one bias per gate where PyTorch has b_ih + b_hh: the redundant one is
    zero and frozen (but a GRU's n-gate b_hn, which is lm's c_n)."""
    with open(path) as f:
        f.readline()
        p = np.array(json.loads(f.readline())["params"]["values"], dtype=np.float32)
    G = {"gru": 3, "lstm": 4}[cell] * H
    off = 0

    def take(*shape):
        nonlocal off
        n = int(np.prod(shape))
        t = torch.from_numpy(p[off:off + n].reshape(shape).copy())
        off += n
        return t

    def cell_into(w_ih, w_hh, b_ih, b_hh, inp):
        w_ih.copy_(take(G, inp)); w_hh.copy_(take(G, H)); b_ih.copy_(take(G))
        bhh = torch.zeros(G)
        if cell == "gru":
            bhh[2 * H:] = take(H)
            m = torch.zeros(G); m[2 * H:] = 1
            b_hh.register_hook(lambda g, m=m: g * m)
        else:
            b_hh.requires_grad_(False)
        b_hh.copy_(bhh)

    with torch.no_grad():
        model.src_emb.weight.copy_(take(V, E))
        e = model.enc
        cell_into(e.weight_ih_l0, e.weight_hh_l0, e.bias_ih_l0, e.bias_hh_l0, E)
        cell_into(e.weight_ih_l0_reverse, e.weight_hh_l0_reverse, e.bias_ih_l0_reverse,
                  e.bias_hh_l0_reverse, E)
        model.Ws.weight.copy_(take(H, H)); model.Ws.bias.copy_(take(H))
        model.tgt_emb.weight.copy_(take(V, E))
        d = model.dec
        cell_into(d.weight_ih, d.weight_hh, d.bias_ih, d.bias_hh, E + 2 * H)
        if attention:
            model.Wa.weight.copy_(take(Ha, H)); model.Ua.weight.copy_(take(Ha, 2 * H))
            model.va.copy_(take(Ha))
        model.out.weight.copy_(take(V, 3 * H)); model.out.bias.copy_(take(V))
    assert off == len(p), (off, len(p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    with open(a.init) as f:
        h = json.loads(f.readline())
    assert h["type"] == "seq2seq" and h["enc_layers"] == 1 and h["dec_layers"] == 1
    assert h["bidirectional"] == 1
    cell, V, E, H, Ha = h["cell"], len(h["vocab"]["tokens"]), h["embed"], h["hidden"], h["attn_size"]
    attention = h["attention"] == "additive"
    tr = h["train"]
    assert tr["dropout"] == 0 and tr["optimizer"] == "adam" and tr["schedule"] == "const"
    model = Seq2Seq(cell, V, E, H, Ha, attention)
    load_init(a.init, model, cell, V, E, H, Ha, attention)
    rows = [json.loads(l) for l in open(a.pairs)]
    eos = rows[0]["vocab"]["eos"]
    pairs = [(r["src"]["values"], r["tgt"]["values"]) for r in rows[1:]]
    B, n = tr["batch"], len(pairs)
    per_epoch = (n + B - 1) // B
    opt = torch.optim.Adam([q for q in model.parameters() if q.requires_grad], lr=tr["lr"],
                           betas=(0.9, 0.999), eps=1e-8)
    losses, tokens, t0 = [], 0, None
    epoch, pos, order = 0, 0, epoch_order(n, tr["seed"], 0)
    for step in range(a.steps):
        if step == a.warmup:
            t0, tokens = time.perf_counter(), 0
        idx = order[pos * B:(pos + 1) * B]
        src = [pairs[i][0] for i in idx]; tgt = [pairs[i][1] for i in idx]
        slen = torch.tensor([len(s) for s in src]); tlen = torch.tensor([len(t) for t in tgt])
        S = torch.zeros(len(idx), int(slen.max()), dtype=torch.long)
        Tt = torch.zeros(len(idx), int(tlen.max()), dtype=torch.long)
        for k, (s, t) in enumerate(zip(src, tgt)):
            S[k, :len(s)] = torch.tensor(s); Tt[k, :len(t)] = torch.tensor(t)
        opt.zero_grad()
        nll, ntok = model(S, slen, Tt, tlen, eos)
        loss = nll / ntok
        loss.backward()
        if tr["clip"] > 0:
            nn.utils.clip_grad_norm_(model.parameters(), tr["clip"])
        opt.step()
        losses.append(loss.item())
        tokens += ntok
        pos += 1
        if pos == per_epoch:
            epoch, pos = epoch + 1, 0
            order = epoch_order(n, tr["seed"], epoch)
    secs = time.perf_counter() - t0 if t0 else float("nan")
    print(json.dumps({"losses": losses, "loss": losses[-1], "tokens_per_s": tokens / secs if t0 else 0,
                      "steps": a.steps}))


if __name__ == "__main__":
    main()
