#!/usr/bin/python3
"""PyTorch peer for make bench: the same recurrent LM lm-train builds
(embedding -> L cells -> linear -> softmax cross-entropy), trained with
truncated BPTT on a token-id file, Adam and global-norm clipping.

    torch_rnn.py --ids FILE --vocab V --cell lstm --layers 2 --hidden 128 \
                 --batch 50 --seq 50 --steps 100 --threads 1 [--handwritten]

FILE holds the token ids as little-endian uint32.  Prints one line of
JSON: tokens/s over the timed steps (after warm-up), the loss, peak RSS.
--handwritten runs the LSTM as explicit tensor ops per time step (the way
a first course writes it) instead of nn.LSTM.
--init FILE loads initial weights exported by lm-train (see bench/run) so
the two are seen computing the same function.
"""
import argparse, json, resource, sys, time

import numpy as np
import torch
import torch.nn as nn


class HandLSTM(nn.Module):
    """LSTM cell stack written with per-step tensor ops (Lab 01 style)."""

    def __init__(self, embed, hidden, layers):
        super().__init__()
        self.hidden, self.layers = hidden, layers
        self.wx = nn.ModuleList(nn.Linear(embed if l == 0 else hidden, 4 * hidden) for l in range(layers))
        self.wh = nn.ModuleList(nn.Linear(hidden, 4 * hidden, bias=False) for l in range(layers))

    def forward(self, x, state):
        h, c = [list(s) for s in state]
        for l in range(self.layers):
            outs = []
            for t in range(x.shape[0]):
                g = self.wx[l](x[t]) + self.wh[l](h[l])
                i, f, gg, o = g.chunk(4, 1)
                c[l] = torch.sigmoid(f) * c[l] + torch.sigmoid(i) * torch.tanh(gg)
                h[l] = torch.sigmoid(o) * torch.tanh(c[l])
                outs.append(h[l])
            x = torch.stack(outs)
        return x, (torch.stack(h), torch.stack(c))


class Model(nn.Module):
    def __init__(self, cell, vocab, embed, hidden, layers, handwritten):
        super().__init__()
        self.cell = cell
        self.emb = nn.Embedding(vocab, embed)
        if handwritten:
            self.rnn = HandLSTM(embed, hidden, layers)
        else:
            kind = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
            self.rnn = kind(embed, hidden, layers)
        self.proj = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        y, state = self.rnn(self.emb(x), state)
        return self.proj(y), state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--vocab", type=int, required=True)
    ap.add_argument("--cell", default="lstm")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--embed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--seq", type=int, default=50)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--handwritten", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    ids = np.fromfile(a.ids, dtype="<u4").astype(np.int64)
    B, T = a.batch, a.seq
    per = len(ids) // B
    data = torch.from_numpy(ids[: per * B].reshape(B, per).T.copy())  # (per, B)
    embed = a.embed or a.hidden
    model = Model(a.cell, a.vocab, embed, a.hidden, a.layers, a.handwritten)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    lossf = nn.CrossEntropyLoss()

    def zero_state():
        z = torch.zeros(a.layers, B, a.hidden)
        return (z, z.clone()) if a.cell == "lstm" else z

    state = zero_state()
    pos, done, t0, loss = 0, 0, None, float("nan")
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            t0 = time.perf_counter()
        if pos + T + 1 > per:
            pos, state = 0, zero_state()
        x, y = data[pos : pos + T], data[pos + 1 : pos + T + 1]
        pos += T
        # truncated BPTT: carry the state, cut the graph
        state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        logits, state = model(x, state)
        l = lossf(logits.reshape(-1, a.vocab), y.reshape(-1))
        opt.zero_grad()
        l.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        loss = l.item()
        if step >= a.warmup:
            done += B * T
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"tokens_per_s": done / secs, "loss": loss, "seconds": secs,
                      "peak_rss_kb": rss, "threads": a.threads,
                      "torch_threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
