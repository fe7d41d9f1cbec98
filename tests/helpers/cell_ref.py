#!/usr/bin/python3
"""cell_ref.py FILE... -- an independent forward of the recurrent cells.

Each FILE is written by tests/helpers/cell_forward (see its header: a text
line "lm-cell-forward CELL T B IN H S P", then float32 params, x, state0,
hs, state).  This recomputes hs and the final state in float64 from the
textbook equations and the parameter layouts documented at the top of
libcommon/cell_{rnn,lstm,gru}.c -- not from the C loops -- and prints the
largest absolute difference per tensor.  Exit 1 if any exceeds TOL (1e-5).

CELL_REF_WRONG=swap|nobias|reset-before computes a deliberately wrong
reference (LSTM: i and f swapped, GRU: r and z swapped, RNN: no swap
exists, so the bias is dropped; nobias: every bias dropped; reset-before:
the GRU of Cho et al. 2014, r applied to h before U_n), so a test can
show that the comparison fails when the function differs.
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


CELLS = {"rnn": (rnn, 1), "lstm": (lstm, 2), "gru": (gru, 1)}


def check(path):
    data = open(path, "rb").read()
    nl = data.index(b"\n")
    magic, cell, T, B, nin, H, S, P = data[:nl].decode().split()
    assert magic == "lm-cell-forward", path
    T, B, nin, H, S, P = map(int, (T, B, nin, H, S, P))
    fn, want_S = CELLS[cell]
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
    print("%-4s T=%d B=%d in=%d H=%d: max |hs - ref| %.3g, max |state - ref| %.3g%s"
          % (cell, T, B, nin, H, dh, ds, "" if ok else "  > %g" % TOL))
    return ok


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: cell_ref.py FILE...")
    bad = [f for f in sys.argv[1:] if not check(f)]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
