#!/usr/bin/python3
"""PyTorch peer of lm-train --cell mamba: the same model (embedding -> L
Mamba blocks with RMSNorm pre-norm and residual -> linear -> softmax
cross-entropy), the block written from the equations with a sequential
scan the way selective_scan_ref (mamba_ssm) and mamba-minimal compute it:
exp(delta A) and delta B u for the whole window first, then a Python loop
over time.  Truncated BPTT carries the SSM state and the convolution's
tail across windows, as lm does; Adam and global-norm clipping as lm-train.

    torch_mamba.py --ids FILE --vocab V --layers 2 --hidden 128 \
                   --batch 50 --seq 50 --steps 20 --threads 1 \
                   [--state 16 --expand 2 --conv 4 --dt-rank 0] [--init JSON]

FILE holds the token ids as little-endian uint32.  --init loads the
weights of `lm-train --cell mamba --steps 0` exported by `lm-dump --full`
(libcommon/cell_mamba.c gives the layout), so that the two compute the
same function; --losses prints every step's training loss (one JSON list)
for comparison with lm-train's log.  Prints one line of JSON: tokens/s
over the steps after --warmup, the last loss, peak RSS.
"""
import argparse, json, resource, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class MambaBlock(nn.Module):
    def __init__(self, D, N, E, K, R):
        super().__init__()
        Di = E * D
        self.D, self.Di, self.N, self.K, self.R = D, Di, N, K, R
        self.norm = nn.Parameter(torch.ones(D))
        self.in_proj = nn.Linear(D, 2 * Di, bias=False)
        self.conv_w = nn.Parameter(torch.zeros(Di, K))
        self.conv_b = nn.Parameter(torch.zeros(Di))
        self.x_proj = nn.Linear(Di, R + 2 * N, bias=False)
        self.dt_proj = nn.Linear(R, Di, bias=True)
        self.A_log = nn.Parameter(torch.zeros(Di, N))
        self.Dskip = nn.Parameter(torch.ones(Di))
        self.out_proj = nn.Linear(Di, D, bias=False)

    def forward(self, x, state):
        """x (T, B, D); state (h (B, Di, N), tail (B, Di, K-1)) or None."""
        T, B, _ = x.shape
        Di, N, K, R = self.Di, self.N, self.K, self.R
        if state is None:
            state = (x.new_zeros(B, Di, N), x.new_zeros(B, Di, K - 1))
        h, tail = state
        xn = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * self.norm
        u0, z = self.in_proj(xn).split(Di, dim=-1)                    # (T, B, Di)
        u0e = torch.cat([tail, u0.permute(1, 2, 0)], dim=2)             # (B, Di, T+K-1)
        u = F.silu(F.conv1d(u0e, self.conv_w.unsqueeze(1), self.conv_b, groups=Di))  # (B, Di, T)
        u = u.permute(2, 0, 1)                                          # (T, B, Di)
        dl, Bm, Cm = self.x_proj(u).split([R, N, N], dim=-1)
        delta = F.softplus(self.dt_proj(dl))                            # (T, B, Di)
        A = -torch.exp(self.A_log)
        dA = torch.exp(delta.unsqueeze(-1) * A)                         # (T, B, Di, N): ZOH
        dBu = (delta * u).unsqueeze(-1) * Bm.unsqueeze(2)               # Euler for B
        ys = []
        for t in range(T):
            h = dA[t] * h + dBu[t]
            ys.append(torch.einsum("bdn,bn->bd", h, Cm[t]))
        y = torch.stack(ys) + self.Dskip * u
        out = x + self.out_proj(y * F.silu(z))
        return out, (h, u0e[:, :, T:])


class Model(nn.Module):
    def __init__(self, vocab, D, layers, N, E, K, R):
        super().__init__()
        self.emb = nn.Embedding(vocab, D)
        self.blocks = nn.ModuleList(MambaBlock(D, N, E, K, R) for _ in range(layers))
        self.proj = nn.Linear(D, vocab)

    def forward(self, ids, state):
        x = self.emb(ids)
        new = []
        for l, blk in enumerate(self.blocks):
            x, s = blk(x, None if state is None else state[l])
            new.append(s)
        return self.proj(x), new


def load_lm_init(path, model, vocab, D, layers):
    """lm's flat layout (cell_mamba.c) into the module."""
    with open(path) as f:
        f.readline()
        p = np.array(json.loads(f.readline())["params"]["values"], dtype=np.float32)
    off = 0

    def take(t):
        nonlocal off
        n = t.numel()
        t.copy_(torch.from_numpy(p[off:off + n].reshape(t.shape).copy()))
        off += n

    with torch.no_grad():
        take(model.emb.weight)
        for b in model.blocks:
            for t in (b.norm, b.in_proj.weight, b.conv_w, b.conv_b, b.x_proj.weight,
                      b.dt_proj.weight, b.dt_proj.bias, b.A_log, b.Dskip, b.out_proj.weight):
                take(t)
        take(model.proj.weight)
        take(model.proj.bias)
    assert off == len(p), (off, len(p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--vocab", type=int, required=True)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--state", type=int, default=16)
    ap.add_argument("--expand", type=int, default=2)
    ap.add_argument("--conv", type=int, default=4)
    ap.add_argument("--dt-rank", type=int, default=0)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--seq", type=int, default=50)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", help="lm-dump --full of an lm-train --cell mamba model")
    ap.add_argument("--losses", action="store_true", help="also print every step's loss")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    R = a.dt_rank or (a.hidden + 15) // 16
    ids = np.fromfile(a.ids, dtype="<u4").astype(np.int64)
    B, T = a.batch, a.seq
    per = len(ids) // B
    data = torch.from_numpy(ids[: per * B].reshape(B, per).T.copy())   # (per, B): lm's streams
    model = Model(a.vocab, a.hidden, a.layers, a.state, a.expand, a.conv, R)
    if a.init:
        load_lm_init(a.init, model, a.vocab, a.hidden, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    state, pos, done, t0, losses = None, 0, 0, None, []
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            t0 = time.perf_counter()
        if pos + T + 1 > per:
            pos, state = 0, None
        x, y = data[pos:pos + T], data[pos + 1:pos + T + 1]
        pos += T
        if state is not None:   # truncated BPTT: carry the state, cut the graph
            state = [(h.detach(), c.detach()) for h, c in state]
        logits, state = model(x, state)
        l = F.cross_entropy(logits.reshape(-1, a.vocab), y.reshape(-1))
        opt.zero_grad()
        l.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        losses.append(l.item())
        if step >= a.warmup:
            done += B * T
    secs = time.perf_counter() - t0 if t0 else float("nan")
    r = {"tokens_per_s": done / secs if done else 0, "loss": losses[-1], "seconds": secs,
         "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
         "threads": a.threads, "torch_threads": torch.get_num_threads()}
    if a.losses:
        r["losses"] = losses
    print(json.dumps(r))


if __name__ == "__main__":
    main()
