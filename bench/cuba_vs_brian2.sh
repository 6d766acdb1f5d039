#!/usr/bin/env bash
# Runs Spinel's CUBA benchmark and Brian2's (../shared/bench/brian2_net.py, cpp_standalone, 1 thread) side by side in
# one session and prints one JSON line per run. Needs `apt-get install -y python3-brian cython3 g++` for Brian2.
# Usage: bench/cuba_vs_brian2.sh [repeats]   (N = 4000 for 10 s, N = 40000 and 200000 for 1 s)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${1:-3}
B2=${BRIAN2_SCRIPT:-../shared/bench/brian2_net.py}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for spec in "4000 10" "40000 1" "200000 1"; do
  set -- $spec
  for r in $(seq "$REPEATS"); do
    for t in 1 2; do
      ./spinel bench cuba --neurons "$1" --duration "${2}s" --backend java --threads "$t"
    done
    ./spinel bench cuba --neurons "$1" --duration "${2}s" --backend java --threads 1 --warmup 0s | sed 's/^{/{"cold":true,/'
    if [ -f "$B2" ] && /usr/bin/python3 -c 'import brian2' 2>/dev/null; then
      /usr/bin/python3 "$B2" --model cuba --N "$1" --duration "$2" --target cpp_standalone \
        --build-dir "$WORK/b2-$1" 2>/dev/null | tail -1
    fi
  done
done
