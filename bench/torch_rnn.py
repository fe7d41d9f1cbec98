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
--init FILE loads initial weights exported by lm-train (`lm-train --steps 0`
then `lm-dump --full`, see bench/run) so the two are seen computing the same
function; the loss after the run is printed for comparison.
--time SEC trains for SEC seconds of wall clock instead of --steps, and
--valid FILE (uint32 ids) is scored every --eval-every steps and at the
end in lm's evaluation convention (up to 32 contiguous streams of at least
1024 tokens, from the zero state; lm-train(1) EVALUATION), one TSV line
per evaluation on stderr: step, seconds, train loss, valid loss.  This is
the side-by-side quality-in-a-time-budget peer.  --test FILE scores, at
the end, the last model and the one whose --valid loss was the lowest
(what lm-train --best keeps): JSON "test_loss" and "best_test_loss".
--mode eval scores the ids (no gradient) in --batch parallel streams;
--mode sample generates --steps tokens at batch 1, one at a time, as a
sampling loop does.
"""
import argparse, copy, json, resource, sys, time

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


def load_lm_init(path, model, cell, layers, hidden, embed, vocab):
    """lm's flat parameter layout (lm-train(1) FILE FORMAT) into the module."""
    with open(path) as f:
        f.readline()
        p = np.array(json.loads(f.readline())["params"]["values"], dtype=np.float32)
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[cell]
    off = 0

    def take(*shape):
        nonlocal off
        n = int(np.prod(shape))
        t = torch.from_numpy(p[off : off + n].reshape(shape).copy())
        off += n
        return t

    with torch.no_grad():
        model.emb.weight.copy_(take(vocab, embed))
        for l in range(layers):
            i = embed if l == 0 else hidden
            G = gates * hidden
            getattr(model.rnn, f"weight_ih_l{l}").copy_(take(G, i))
            getattr(model.rnn, f"weight_hh_l{l}").copy_(take(G, hidden))
            getattr(model.rnn, f"bias_ih_l{l}").copy_(take(G))
            bhh = torch.zeros(G)
            if cell == "gru":  # lm's c_n is PyTorch's b_hn
                bhh[2 * hidden :] = take(hidden)
            b = getattr(model.rnn, f"bias_hh_l{l}")
            b.copy_(bhh)
            # lm has one bias where PyTorch has two (b_ih + b_hh): freeze the
            # redundant one, or Adam would move the sum twice as fast.
            if cell == "gru":
                mask = torch.zeros(G)
                mask[2 * hidden :] = 1
                b.register_hook(lambda g, m=mask: g * m)
            else:
                b.requires_grad_(False)
        model.proj.weight.copy_(take(vocab, hidden))
        model.proj.bias.copy_(take(vocab))
    assert off == len(p), (off, len(p))


def run_eval(a, model, ids):
    """Score all ids in a.batch contiguous streams, windows of a.seq."""
    B, T = a.batch, a.seq
    per = len(ids) // B
    data = torch.from_numpy(ids[: per * B].reshape(B, per).T.copy())
    model.eval()
    state = None
    t0 = time.perf_counter()
    nll, n = 0.0, 0
    with torch.no_grad():
        for pos in range(0, per - 1, T):
            x, y = data[pos : min(pos + T, per - 1)], data[pos + 1 : min(pos + T, per - 1) + 1]
            logits, state = model(x, state)
            nll += nn.functional.cross_entropy(logits.reshape(-1, a.vocab), y.reshape(-1), reduction="sum").item()
            n += y.numel()
    secs = time.perf_counter() - t0
    return {"tokens_per_s": n / secs, "loss": nll / n, "seconds": secs}


def valid_loss(a, model, ids):
    """lm's convention: S <= 32 streams of >= 1024 tokens, zero state; a
    char model has no </s> to feed, so each stream's first token is scored
    from the zero state's output alone (the projection's bias)."""
    n = len(ids)
    S = min(32, (n + 1023) // 1024)
    seg = (n + S - 1) // S
    model.eval()
    nll, cnt = 0.0, 0
    with torch.no_grad():
        streams = [ids[i : i + seg] for i in range(0, n, seg)]
        first = torch.log_softmax(model.proj.bias, 0)
        nll -= sum(first[int(s[0])].item() for s in streams)
        cnt += len(streams)
        L = max(len(s) for s in streams)
        pad = np.zeros((len(streams), L), dtype=np.int64)
        mask = np.zeros((len(streams), L), dtype=bool)
        for i, s in enumerate(streams):
            pad[i, : len(s)], mask[i, : len(s)] = s, True
        full, keep = torch.from_numpy(pad.T.copy()), torch.from_numpy(mask.T.copy())
        state = None
        for pos in range(0, L - 1, 256):
            e = min(pos + 256, L - 1)
            logits, state = model(full[pos:e], state)
            z = nn.functional.cross_entropy(logits.reshape(-1, a.vocab), full[pos + 1 : e + 1].reshape(-1), reduction="none")
            k = keep[pos + 1 : e + 1].reshape(-1)
            nll += z[k].sum().item()
            cnt += int(k.sum())
    model.train()
    return nll / cnt


def run_sample(a, model):
    """Generate a.steps tokens at batch 1: feed, softmax, draw, repeat."""
    model.eval()
    x = torch.zeros(1, 1, dtype=torch.long)
    state = None
    g = torch.Generator().manual_seed(a.seed)
    t0 = time.perf_counter()
    with torch.no_grad():
        for _ in range(a.steps):
            logits, state = model(x, state)
            p = torch.softmax(logits[0, 0], 0)
            x = torch.multinomial(p, 1, generator=g).view(1, 1)
    secs = time.perf_counter() - t0
    return {"tokens_per_s": a.steps / secs, "seconds": secs}


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
    ap.add_argument("--init", help="lm-dump --full of an lm-train model: its weights")
    ap.add_argument("--mode", default="train", choices=["train", "eval", "sample"])
    ap.add_argument("--time", type=float, default=0, help="train for SEC seconds (not --steps)")
    ap.add_argument("--valid", help="uint32 ids scored every --eval-every steps and at the end")
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--test", help="uint32 ids scoring, at the end, the last model and the one with the lowest --valid loss")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    ids = np.fromfile(a.ids, dtype="<u4").astype(np.int64)
    B, T = a.batch, a.seq
    per = len(ids) // B
    data = torch.from_numpy(ids[: per * B].reshape(B, per).T.copy())  # (per, B)
    embed = a.embed or a.hidden
    model = Model(a.cell, a.vocab, embed, a.hidden, a.layers, a.handwritten)
    if a.init:
        load_lm_init(a.init, model, a.cell, a.layers, a.hidden, embed, a.vocab)
    if a.mode != "train":
        r = run_eval(a, model, ids) if a.mode == "eval" else run_sample(a, model)
        r["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(r))
        return
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=a.lr)
    lossf = nn.CrossEntropyLoss()

    def zero_state():
        z = torch.zeros(a.layers, B, a.hidden)
        return (z, z.clone()) if a.cell == "lstm" else z

    valid = np.fromfile(a.valid, dtype="<u4").astype(np.int64) if a.valid else None
    if a.time:
        a.warmup, a.steps = 0, 1 << 40
    state = zero_state()
    pos, done, t0, loss, vl = 0, 0, None, float("nan"), float("nan")
    best_vl, best = float("inf"), None   # what lm-train --best would keep
    # --time counts training only: PyTorch's evaluations (slower than lm's)
    # are not charged to its budget; lm-train's are charged to lm's.
    start, evaluating = time.perf_counter(), 0.0
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            t0 = time.perf_counter()
        if a.time and time.perf_counter() - start - evaluating >= a.time:
            break
        if valid is not None and step and step % a.eval_every == 0:
            e0 = time.perf_counter()
            vl = valid_loss(a, model, valid)
            if a.test and vl < best_vl:
                best_vl, best = vl, copy.deepcopy(model.state_dict())
            evaluating += time.perf_counter() - e0
            print(f"{step}\t{time.perf_counter() - start - evaluating:.1f}\t{loss:.4f}\t{vl:.4f}", file=sys.stderr, flush=True)
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
    secs = time.perf_counter() - t0 - evaluating
    if valid is not None:
        vl = valid_loss(a, model, valid)
        print(f"{step}\t{time.perf_counter() - start - evaluating:.1f}\t{loss:.4f}\t{vl:.4f}", file=sys.stderr, flush=True)
    tl = btl = None
    if a.test:
        test = np.fromfile(a.test, dtype="<u4").astype(np.int64)
        tl = btl = valid_loss(a, model, test)
        if best is not None and best_vl < vl:
            model.load_state_dict(best)
            btl = valid_loss(a, model, test)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"tokens_per_s": done / secs, "loss": loss, "valid_loss": vl, "test_loss": tl,
                      "best_valid_loss": min(vl, best_vl), "best_test_loss": btl, "seconds": secs,
                      "peak_rss_kb": rss, "threads": a.threads,
                      "torch_threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
