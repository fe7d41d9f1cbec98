#!/usr/bin/env python3
"""bpe_ref.py — byte-level BPE from the textbook definition, to check lm's.

    bpe_ref.py N [--split gpt2|line] [--eos] TRAIN [APPLY]

Prints one JSON object: the merges learnt from TRAIN ([[left, right], ...]),
the ids of TRAIN, and (with APPLY) the ids of APPLY under those merges.

Written from the definition, not from lm's code: no incremental counts, a
recount over every chunk before each merge; pre-tokenization is GPT-2's
regular expression with lm's byte classes (letters = A-Z a-z and bytes
>= 0x80, digits = 0-9), applied to each line.  The rule (lm-tokenize(1)):
the pair with the most adjacent occurrences (overlaps counted), ties to the
smaller left id then the smaller right id; a pair whose bytes are already a
token, or are "</s>", is never merged; occurrences are replaced left to right.  Applying:
the lowest-ranked adjacent pair first, all its occurrences left to right,
until no pair has a rank (minbpe's encode).
"""
import json
import re
import sys
from collections import Counter

GPT2 = re.compile(rb"'(?:s|t|re|ve|m|ll|d)| ?[A-Za-z\x80-\xff]+| ?[0-9]+"
                  rb"| ?[^\sA-Za-z0-9\x80-\xff]+|\s+(?!\S)|\s+")
EOS = None   # marks a line's newline taken as </s>


def chunks_of(data, split, eos):
    """The text as a list of chunks (bytes) and EOS marks."""
    lines = re.findall(rb"[^\n]*\n|[^\n]+", data)
    res = []
    for line in lines:
        cut = eos and line.endswith(b"\n")
        body = line[:-1] if cut else line
        if split == "line":
            if body:
                res.append(body)
        else:
            res.extend(m.group(0) for m in GPT2.finditer(body))
        if cut:
            res.append(EOS)
    return res


def merge(seq, a, b, z):
    out, i = [], 0
    while i < len(seq):
        if i + 1 < len(seq) and seq[i] == a and seq[i + 1] == b:
            out.append(z)
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out


def learn(chunks, n_merges):
    words = Counter(c for c in chunks if c is not EOS)
    seqs = {w: list(w) for w in words}
    tokens = [bytes([i]) for i in range(256)]
    known = set(tokens) | {b"</s>"}   # reserved for the line-end token
    merges = []
    banned = set()
    while len(merges) < n_merges:
        counts = Counter()
        for w, n in words.items():
            s = seqs[w]
            for x, y in zip(s, s[1:]):
                counts[(x, y)] += n
        best = None
        for (x, y), c in counts.items():
            if (x, y) in banned:
                continue
            key = (-c, x, y)
            if best is None or key < best[0]:
                best = (key, x, y)
        if best is None:
            break
        _, x, y = best
        new = tokens[x] + tokens[y]
        if new in known or len(new) > 4096:
            banned.add((x, y))
            continue
        z = len(tokens)
        tokens.append(new)
        known.add(new)
        merges.append((x, y))
        for w in seqs:
            seqs[w] = merge(seqs[w], x, y, z)
    return merges, tokens, seqs


def encode(chunk, ranks):
    seq = list(chunk)
    while len(seq) >= 2:
        pairs = [(ranks[p], p) for p in zip(seq, seq[1:]) if p in ranks]
        if not pairs:
            break
        r, (x, y) = min(pairs)
        seq = merge(seq, x, y, 256 + r)
    return seq


def main():
    args = sys.argv[1:]
    n = int(args.pop(0))
    split, eos = "gpt2", False
    files = []
    while args:
        a = args.pop(0)
        if a == "--split":
            split = args.pop(0)
        elif a == "--eos":
            eos = True
        else:
            files.append(a)
    train = chunks_of(open(files[0], "rb").read(), split, eos)
    merges, tokens, seqs = learn(train, n)
    eos_id = 256 + len(merges)
    ids = []
    for c in train:
        ids.extend([eos_id] if c is EOS else seqs[c])
    out = {"merges": [list(m) for m in merges], "ids": ids}
    if len(files) > 1:
        ranks = {m: k for k, m in enumerate(merges)}
        ids = []
        for c in chunks_of(open(files[1], "rb").read(), split, eos):
            ids.extend([eos_id] if c is EOS else encode(c, ranks))
        out["apply_ids"] = ids
    print(json.dumps(out))


main()
