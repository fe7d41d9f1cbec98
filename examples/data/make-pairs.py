#!/usr/bin/python3
"""make-pairs.py TASK OUTDIR [--seed S] [--train N] [--valid N] [--test N]

Seeded synthetic SOURCE<TAB>TARGET pairs for lm-tokenize --pairs, since no
parallel corpus ships with lm.  Writes OUTDIR/train.txt, valid.txt and
test.txt; no source appears in two of them (the pairs are drawn without
replacement from one seeded stream, then cut in three).

  dates    a date between 1950 and 2049 in one of many human formats
           ("Thursday, June 3, 2021", "3 jun 2021", "03.06.2021", ...)
           -> ISO 8601 ("2021-06-03"); numeric formats are day first
           only where the separator says so (dots: European), never
           ambiguous slashes
  reverse  a string of 5 to 60 lowercase letters -> the same reversed
           (lengths uniform, so every length is as common)
  add      "a+b" with a, b of 1 to 8 digits -> their sum
"""
import argparse
import datetime
import os
import random

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def ordinal(n):
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def human_date(d, r):
    m, mon, day = MONTHS[d.month - 1], MONTHS[d.month - 1][:3], DAYS[d.weekday()]
    formats = [
        f"{m} {d.day}, {d.year}",
        f"{d.day} {m} {d.year}",
        f"{day}, {m} {d.day}, {d.year}",
        f"{day[:3]} {d.day} {mon} {d.year}",
        f"{mon} {d.day} {d.year}",
        f"{d.day} {mon.lower()} {d.year}",
        f"{ordinal(d.day)} of {m} {d.year}",
        f"{m} {ordinal(d.day)}, {d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d.year}/{d.month:02d}/{d.day:02d}",
        f"{m.upper()} {d.day} {d.year}",
        f"{d.day} {m.lower()}, {d.year}",
    ]
    return r.choice(formats)


def dates(r):
    start = datetime.date(1950, 1, 1)
    d = start + datetime.timedelta(days=r.randrange(36525))
    return human_date(d, r), d.isoformat()


def reverse(r):
    s = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(5, 60)))
    return s, s[::-1]


def add(r):
    a = r.randrange(10 ** r.randint(1, 8))
    b = r.randrange(10 ** r.randint(1, 8))
    return f"{a}+{b}", str(a + b)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("task", choices=["dates", "reverse", "add"])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train", type=int, default=20000)
    ap.add_argument("--valid", type=int, default=1000)
    ap.add_argument("--test", type=int, default=2000)
    a = ap.parse_args()
    gen = {"dates": dates, "reverse": reverse, "add": add}[a.task]
    r = random.Random(a.seed)
    want = a.train + a.valid + a.test
    seen, pairs, tries = set(), [], 0
    while len(pairs) < want:
        tries += 1
        if tries > 50 * want:
            raise SystemExit(f"make-pairs.py: only {len(pairs)} distinct {a.task} sources")
        s, t = gen(r)
        if s in seen:
            continue
        seen.add(s)
        pairs.append((s, t))
    os.makedirs(a.outdir, exist_ok=True)
    cuts = [("train", 0, a.train), ("valid", a.train, a.train + a.valid),
            ("test", a.train + a.valid, want)]
    for name, lo, hi in cuts:
        with open(os.path.join(a.outdir, name + ".txt"), "w") as f:
            for s, t in pairs[lo:hi]:
                f.write(f"{s}\t{t}\n")


if __name__ == "__main__":
    main()
