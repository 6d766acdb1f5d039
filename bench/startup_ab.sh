#!/usr/bin/env bash
# Start-up of the default path (docs/cluster.md): the wall time of `spinel run` on a 1 ms CUBA network, with the
# launcher and jars of another checkout (BEFORE, e.g. an export of the commit before the Spark executor) and of this
# one, alternating, after one untimed run of each (which builds them). One JSON line per run.
# Usage: BEFORE=/tmp/spinel-before bench/startup_ab.sh [rounds=5] > bench/results/startup-ab.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
BEFORE="${BEFORE:?set BEFORE to the other checkout}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
one() { # side launcher
  "$2" run experiments/examples/cuba.json --set /duration="1 ms" --out "$OUT/$1" --no-progress >/dev/null 2>&1
}
one before "$BEFORE/spinel"; one after ./spinel
echo "{\"command\":\"BEFORE=$BEFORE bench/startup_ab.sh $ROUNDS\",\"date\":\"$(date -u +%Y-%m-%dT%H:%MZ)\",\"commit\":\"$(git rev-parse --short HEAD)\",\"cores\":$(nproc),\"load_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
for r in $(seq "$ROUNDS"); do
  for side in before after; do
    if [ "$side" = before ]; then l="$BEFORE/spinel"; else l=./spinel; fi
    t0=$(date +%s.%N); one "$side" "$l"; t1=$(date +%s.%N)
    echo "{\"side\":\"$side\",\"round\":$r,\"wall_s\":$(python3 -c "print(round($t1-$t0,3))")}"
  done
done
echo "{\"load_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
