#!/usr/bin/env bash
# build-kenlm.sh — build KenLM's lmplz and query from ../shared/peers into a
# cache directory outside the repository (never committed), once.  Prints
# the directory holding the binaries; exits 1 if the peer is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
TARBALL=../shared/peers/kenlm-src.tar.gz
CACHE=${LM_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lm-bench}
DIR=$CACHE/kenlm
if [ -x "$DIR/build/bin/lmplz" ] && [ -x "$DIR/build/bin/query" ]; then
  echo "$DIR/build/bin"; exit 0
fi
[ -f "$TARBALL" ] || { echo "build-kenlm: $TARBALL not found" >&2; exit 1; }
pkgs="cmake libboost-program-options-dev libboost-system-dev libboost-thread-dev
      libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev"
missing=
for p in $pkgs; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
fi
mkdir -p "$CACHE"
rm -rf "$DIR"
tar -xzf "$TARBALL" -C "$CACHE"
cmake -S "$DIR" -B "$DIR/build" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$DIR/build" -j2 --target lmplz query build_binary >&2
echo "$DIR/build/bin"
