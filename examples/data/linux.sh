#!/usr/bin/env bash
# examples/data/linux.sh — the Linux kernel as corpora (issue 20), built
# from Debian's linux-source-6.1 package into $LM_DATA/linux (default
# ~/.cache/lm/linux; never inside the repository, never committed).
#
#   linux.c.txt            every .c and .h file, sorted by path (LC_ALL=C),
#                          each preceded by a line "/* linux/PATH */"
#   linux.c.{train,valid,test}.txt
#                          the same files split by file: file i (0-based in
#                          that order) goes to valid when i % 100 == 98, to
#                          test when i % 100 == 99, else to train
#   linux.c.100M.txt       the first 10^8 bytes of train (enwik8's size),
#                          cut back to the last line end
#   linux.c.6M.txt         the first 6*10^6 bytes of train, cut likewise
#   linux.doc.{txt,train,valid,test}.txt
#                          Documentation/'s .rst and .txt files the same way,
#                          each preceded by a line ".. linux/PATH"
#
# Idempotent and cached: a second run finds SHA256SUMS and the stamp of this
# recipe's version and only prints them.  LINUX_FORCE=1 rebuilds.
set -euo pipefail
export LC_ALL=C
RECIPE=1                                   # bump when the output changes
ROOT=${LM_DATA:-$HOME/.cache/lm}
OUT=$ROOT/linux
TARBALL=/usr/src/linux-source-6.1.tar.xz
mkdir -p "$OUT"

report() {
  (cd "$OUT" && while read -r sum name; do
     printf '%-26s %11d bytes  sha256 %s\n' "$name" "$(stat -c %s "$name")" "$sum"
   done < SHA256SUMS)
}

if [ "${LINUX_FORCE:-0}" != 1 ] && [ -f "$OUT/SHA256SUMS" ] &&
   [ "$(cat "$OUT/.recipe" 2>/dev/null)" = "$RECIPE" ]; then
  echo "linux.sh: cached in $OUT"
  report
  exit 0
fi

# apt-get, retried while another process holds the dpkg lock.
apt_install() {
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  for try in 1 2 3 4 5 6 7 8 9 10; do
    if $sudo apt-get install -y "$@"; then return 0; fi
    if [ "$try" = 1 ]; then $sudo apt-get update || true; fi
    echo "linux.sh: apt-get install failed (dpkg lock held?); retry $try in 20 s" >&2
    sleep 20
  done
  return 1
}
if [ ! -f "$TARBALL" ]; then
  echo "linux.sh: installing linux-source-6.1 (about 140 MB)" >&2
  apt_install linux-source-6.1 >&2
fi
[ -f "$TARBALL" ] || { echo "linux.sh: $TARBALL missing after installing linux-source-6.1" >&2; exit 1; }

SRC=$OUT/src.tmp
rm -rf "$SRC"
mkdir -p "$SRC"
trap 'rm -rf "$SRC"' EXIT
echo "linux.sh: extracting $TARBALL" >&2
tar -xJf "$TARBALL" -C "$SRC" --wildcards '*.c' '*.h' '*/Documentation/*'
top=$(cd "$SRC" && ls)

echo "linux.sh: writing the corpora" >&2
/usr/bin/python3 - "$SRC/$top" "$OUT" <<'PY'
import os, sys
src, out = sys.argv[1], sys.argv[2]

def files(pred, under=""):
    found = []
    for d, dirs, names in os.walk(os.path.join(src, under)):
        for n in names:
            p = os.path.join(d, n)
            if pred(n) and os.path.isfile(p) and not os.path.islink(p):
                found.append(os.path.relpath(p, src))
    return sorted(found, key=lambda s: s.encode())      # byte order, as LC_ALL=C

def write(names, prefix, header):
    parts = {k: open(os.path.join(out, f"{prefix}.{k}.tmp"), "wb")
             for k in ("txt", "train.txt", "valid.txt", "test.txt")}
    for i, name in enumerate(names):
        with open(os.path.join(src, name), "rb") as f:
            body = f.read()
        if body and not body.endswith(b"\n"):
            body += b"\n"
        rec = header(name).encode() + b"\n" + body
        split = "valid.txt" if i % 100 == 98 else "test.txt" if i % 100 == 99 else "train.txt"
        parts["txt"].write(rec)
        parts[split].write(rec)
    for k, f in parts.items():
        f.close()
        os.rename(f.name, os.path.join(out, f"{prefix}.{k}"))

def prefix(name, size, dest):
    with open(os.path.join(out, name), "rb") as f:
        head = f.read(size)
    head = head[:head.rfind(b"\n") + 1]
    with open(os.path.join(out, dest + ".tmp"), "wb") as f:
        f.write(head)
    os.rename(os.path.join(out, dest + ".tmp"), os.path.join(out, dest))

write(files(lambda n: n.endswith((".c", ".h"))), "linux.c", lambda p: f"/* linux/{p} */")
prefix("linux.c.train.txt", 10**8, "linux.c.100M.txt")
prefix("linux.c.train.txt", 6 * 10**6, "linux.c.6M.txt")
write(files(lambda n: n.endswith((".rst", ".txt")), "Documentation"), "linux.doc",
      lambda p: f".. linux/{p}")
PY

(cd "$OUT" && sha256sum linux.c.txt linux.c.train.txt linux.c.valid.txt linux.c.test.txt \
   linux.c.100M.txt linux.c.6M.txt linux.doc.txt linux.doc.train.txt linux.doc.valid.txt \
   linux.doc.test.txt > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "$RECIPE" > "$OUT/.recipe"
echo "linux.sh: built in $OUT from $(dpkg-query -W -f '${Package} ${Version}' linux-source-6.1 2>/dev/null || echo "$TARBALL")"
report
