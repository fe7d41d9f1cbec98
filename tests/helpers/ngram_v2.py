#!/usr/bin/env python3
"""ngram_v2.py — rewrites lm n-gram model streams for the tests (tests/ngram_v2.bats).

    ngram_v2.py v1 IN OUT            the same model as a version-1 stream (no tables)
    ngram_v2.py corrupt KIND IN OUT  a version-2 stream with one defect:
        slot      every stored slot of order 2 names a parent past order 1's table
        nonfinite every log-probability in every table is NaN
        probe     order 2's longest probe is over its table's size
        truncate  the file cut in the middle of the last table

A corrupted stream is repacked field for field; the script first checks
that repacking the untouched stream gives back its exact bytes, so the
16-byte alignment of the payloads survives."""
import struct
import sys

import msgpack


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    u = msgpack.Unpacker(raw=False, strict_map_key=False)
    u.feed(data)
    objs = list(u)
    return data, objs


def pack(objs):
    p = msgpack.Packer(use_bin_type=True)
    return b"".join(p.pack(o) for o in objs)


def to_v1(objs):
    head = dict(objs[0])
    head["version"] = 1
    out = [head]
    for r in objs[1:]:
        out.append({k: v for k, v in r.items() if k in ("order", "word", "parent", "logp", "bo")})
    return out


def slots(ext):
    return [list(struct.unpack_from("<IIff", ext.data, i)) for i in range(0, len(ext.data), 16)]


def unslots(code, rows):
    return msgpack.ExtType(code, b"".join(struct.pack("<IIff", *r) for r in rows))


def main():
    cmd = sys.argv[1]
    if cmd == "v1":
        _, objs = read(sys.argv[2])
        with open(sys.argv[3], "wb") as f:
            f.write(pack(to_v1(objs)))
        return
    kind, src, dst = sys.argv[2:5]
    data, objs = read(src)
    if pack(objs) != data:
        sys.exit("ngram_v2.py: repacking does not give back the same bytes")
    if kind == "truncate":
        last = objs[-1]["table"].data
        at = data.rfind(last) + len(last) // 2
        out = data[:at]
    else:
        for r in objs[1:]:
            t = r["table"]
            rows = slots(t)
            if kind == "slot" and r["order"] == 2:
                for s in rows:
                    if s[1] != 0xFFFFFFFF:
                        s[0] = 0xFFFFFFF0
            elif kind == "nonfinite":
                for s in rows:
                    s[2] = float("nan")
            r["table"] = unslots(t.code, rows)
            if kind == "probe" and r["order"] == 2:
                r["probe"] = len(rows) + 1
        out = pack(objs)
        if len(out) != len(data):   # a field grew: the payloads after it moved
            sys.exit("ngram_v2.py: the corrupted stream changed size (use a smaller model)")
    with open(dst, "wb") as f:
        f.write(out)


main()
