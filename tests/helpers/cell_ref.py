#!/usr/bin/python3
"""cell_ref.py FILE... -- an independent forward of the recurrent cells.

Each FILE is written by tests/helpers/cell_forward (see its header: a text
line "lm-cell-forward CELL T B IN H S P [N E K R]", then float32 params, x,
state0, hs, state).  This recomputes hs and the final state in float64
from the textbook equations and the parameter layouts documented at the
top of libcommon/cell_{rnn,lstm,gru,mamba}.c -- not from the C loops --
and prints the largest absolute difference per tensor.  Exit 1 if any
exceeds TOL (1e-5).

CELL_REF_WRONG=swap|nobias|reset-before|zoh-b computes a deliberately
wrong reference (LSTM: i and f swapped, GRU: r and z swapped, Mamba: B
and C swapped, RNN: no swap exists, so the bias is dropped; nobias: every
bias dropped; reset-before: the GRU of Cho et al. 2014, r applied to h
before U_n; zoh-b: Mamba with the exact zero-order hold for B,
(exp(dA) - 1)/A B, instead of the reference code's Euler step dB), so a
test can show that the comparison fails when the function differs.
"""
import os
import sys

import numpy as np

TOL = 1e-5
WRONG = os.environ.get("CELL_REF_WRONG", "")


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def split(p, sizes):
    """Carve the flat parameter vector by a list of (name, shape)."""
    out, off = {}, 0
    for name, shape in sizes:
        n = int(np.prod(shape))
        out[name] = p[off:off + n].reshape(shape)
        off += n
    assert off == len(p), ("layout has %d floats, the file %d" % (off, len(p)))
    return out


def rnn(p, x, state, H):
    # h_t = tanh(W x_t + U h_{t-1} + b); W (H, in), U (H, H), b (H)
    q = split(p, [("W", (H, x.shape[2])), ("U", (H, H)), ("b", (H,))])
    b = q["b"] * (0.0 if WRONG in ("swap", "nobias") else 1.0)
    h = state[0]
    hs = [h]
    for xt in x:
        h = np.tanh(xt @ q["W"].T + h @ q["U"].T + b)
        hs.append(h)
    return np.array(hs), np.array([h])


def lstm(p, x, state, H):
    # [i f g o] = [sig sig tanh sig](W x_t + U h_{t-1} + b); W (4H, in), U (4H, H), b (4H)
    # c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t);  state: h then c
    q = split(p, [("W", (4 * H, x.shape[2])), ("U", (4 * H, H)), ("b", (4 * H,))])
    b = q["b"] * (0.0 if WRONG == "nobias" else 1.0)
    h, c = state[0], state[1]
    hs = [h]
    for xt in x:
        a = xt @ q["W"].T + h @ q["U"].T + b
        i, f, g, o = (a[:, k * H:(k + 1) * H] for k in range(4))
        if WRONG == "swap":
            i, f = f, i
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    return np.array(hs), np.array([h, c])


def gru(p, x, state, H):
    # r = sig(W_r x + U_r h + b_r); z = sig(W_z x + U_z h + b_z)
    # n = tanh(W_n x + b_n + r * (U_n h + c_n));  h' = (1 - z) * n + z * h
    # W (3H, in), U (3H, H), b (3H) in the order r z n, then c_n (H)
    q = split(p, [("W", (3 * H, x.shape[2])), ("U", (3 * H, H)), ("b", (3 * H,)), ("cn", (H,))])
    keep = 0.0 if WRONG == "nobias" else 1.0
    W = [q["W"][k * H:(k + 1) * H] for k in range(3)]
    U = [q["U"][k * H:(k + 1) * H] for k in range(3)]
    b = [q["b"][k * H:(k + 1) * H] * keep for k in range(3)]
    cn = q["cn"] * keep
    h = state[0]
    hs = [h]
    for xt in x:
        r = sigmoid(xt @ W[0].T + h @ U[0].T + b[0])
        z = sigmoid(xt @ W[1].T + h @ U[1].T + b[1])
        if WRONG == "swap":
            r, z = z, r
        if WRONG == "reset-before":
            n = np.tanh(xt @ W[2].T + b[2] + (r * h) @ U[2].T + cn)
        else:
            n = np.tanh(xt @ W[2].T + b[2] + r * (h @ U[2].T + cn))
        h = (1 - z) * n + z * h
        hs.append(h)
    return np.array(hs), np.array([h])


def silu(a):
    return a * sigmoid(a)


def softplus(a):
    return np.logaddexp(0.0, a)


def mamba(p, x, state, H, hp):
    # Gu and Dao 2023, one block with pre-norm and residual (cell_mamba.c):
    #   xn = x / sqrt(mean(x^2) + 1e-5) * w;  [u0, z] = W_in xn
    #   u = silu(causal depthwise conv_K(u0) + b_conv);  [d, B, C] = W_x u
    #   Delta = softplus(W_dt d + b_dt);  A = -exp(A_log)
    #   h = exp(Delta A) h + (Delta u) B^T;  y = h C + D u
    #   out = x + W_out (y * silu(z))
    N, E, K, R = hp
    D, Di = H, E * H
    q = split(p, [("norm", (D,)), ("in", (2 * Di, D)), ("cw", (Di, K)), ("cb", (Di,)),
                  ("xp", (R + 2 * N, Di)), ("dtw", (Di, R)), ("dtb", (Di,)),
                  ("Alog", (Di, N)), ("D", (Di,)), ("out", (D, Di))])
    keep = 0.0 if WRONG == "nobias" else 1.0
    T, B = x.shape[0], x.shape[1]
    A = -np.exp(q["Alog"])
    ssm = state[1:1 + E * N].transpose(1, 0, 2).reshape(B, Di, N).copy()
    tail = state[1 + E * N:].transpose(1, 0, 2).reshape(B, K - 1, Di)
    xn = x / np.sqrt(np.mean(x * x, axis=2, keepdims=True) + 1e-5) * q["norm"]
    xz = xn @ q["in"].T
    u0 = np.concatenate([tail.transpose(1, 0, 2), xz[:, :, :Di]], axis=0)  # (T+K-1, B, Di)
    z = xz[:, :, Di:]
    hs = [state[0]]
    for t in range(T):
        conv = sum(u0[t + k] * q["cw"][:, k] for k in range(K)) + q["cb"] * keep
        u = silu(conv)
        dbc = u @ q["xp"].T
        dl, Bt, Ct = dbc[:, :R], dbc[:, R:R + N], dbc[:, R + N:]
        if WRONG == "swap":
            Bt, Ct = Ct, Bt
        delta = softplus(dl @ q["dtw"].T + q["dtb"] * keep)               # (B, Di)
        dA = np.exp(delta[:, :, None] * A)                                  # (B, Di, N)
        if WRONG == "zoh-b":
            dB = (dA - 1) / A * Bt[:, None, :]
        else:
            dB = delta[:, :, None] * Bt[:, None, :]
        ssm = dA * ssm + dB * u[:, :, None]
        y = np.einsum("bcn,bn->bc", ssm, Ct) + q["D"] * u
        hs.append(x[t] + (y * silu(z[t])) @ q["out"].T)
    S = 1 + E * N + (K - 1) * E
    out = np.zeros((S, B, H))
    out[0] = hs[-1]
    out[1:1 + E * N] = ssm.reshape(B, E * N, H).transpose(1, 0, 2)
    out[1 + E * N:] = u0[T:].transpose(1, 0, 2).reshape(B, (K - 1) * E, H).transpose(1, 0, 2)
    return np.array(hs), out


CELLS = {"rnn": (rnn, 1), "lstm": (lstm, 2), "gru": (gru, 1), "mamba": (mamba, None)}


def check(path):
    data = open(path, "rb").read()
    nl = data.index(b"\n")
    magic, cell, T, B, nin, H, S, P, *hp = data[:nl].decode().split()
    assert magic == "lm-cell-forward", path
    T, B, nin, H, S, P = map(int, (T, B, nin, H, S, P))
    hp = tuple(map(int, hp))
    fn, want_S = CELLS[cell]
    if want_S is None:   # mamba: S from its hyper-parameters
        N, E, K, R = hp
        want_S = 1 + E * N + (K - 1) * E
        base = fn
        fn = lambda p, x, s0, H: base(p, x, s0, H, hp)
    assert S == want_S, "%s: %d state vectors, the equations carry %d" % (cell, S, want_S)
    a = np.frombuffer(data[nl + 1:], dtype="<f4").astype(np.float64)
    sizes = [P, T * B * nin, S * B * H, (T + 1) * B * H, S * B * H]
    assert len(a) == sum(sizes), "%s: %d floats, expected %d" % (path, len(a), sum(sizes))
    parts, off = [], 0
    for n in sizes:
        parts.append(a[off:off + n])
        off += n
    p, x, s0, hs, s1 = parts
    x = x.reshape(T, B, nin)
    s0 = s0.reshape(S, B, H)
    want_hs, want_s = fn(p, x, s0, H)
    dh = np.max(np.abs(want_hs - hs.reshape(T + 1, B, H)))
    ds = np.max(np.abs(want_s - s1.reshape(S, B, H)))
    ok = dh <= TOL and ds <= TOL
    print("%-5s T=%d B=%d in=%d H=%d: max |hs - ref| %.3g, max |state - ref| %.3g%s"
          % (cell, T, B, nin, H, dh, ds, "" if ok else "  > %g" % TOL))
    return ok


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: cell_ref.py FILE...")
    bad = [f for f in sys.argv[1:] if not check(f)]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
