#!/usr/bin/python3
"""selective-copy.py L N SEED OUT -- the selective copying task of Gu and
Dao (2023, section 4.1.1) at CPU size, as text for a character model.

Each line is one example: L positions of noise ('.') with 16 data tokens
(letters a-h, uniform) scattered among them at random places, then the
marker '|', then the 16 data tokens again in order, then a newline:

    ..c....a...........f.....   (L chars) |caf...\\n

Copying them needs the model to keep the data tokens and skip the noise,
wherever they fell: a time-invariant recurrence (fixed A, B) cannot
choose what to keep by content, a selective one can.  Writes N examples
(seeded: the same SEED, the same file) to OUT.
"""
import random
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: selective-copy.py L N SEED OUT")
    L, n, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    if L < 16 or n < 1:
        sys.exit("selective-copy.py: L must be at least 16 and N at least 1")
    rng = random.Random(seed)
    with open(out + ".tmp", "w") as f:
        for _ in range(n):
            where = sorted(rng.sample(range(L), 16))
            data = [rng.choice("abcdefgh") for _ in where]
            line = ["."] * L
            for p, d in zip(where, data):
                line[p] = d
            f.write("".join(line) + "|" + "".join(data) + "\n")
    import os
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
