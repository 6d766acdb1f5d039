#!/usr/bin/env bash
# The Java backend on a busy machine (docs/performance.md): `bench cuba` with --threads 1, 2 and 1000 (capped at the
# available processors) first on the machine as it is ("load":"none"), then with one CPU-bound process
# (`yes > /dev/null`) per core running ("load":"busy"), alternating the thread counts within each round.
# Prints one JSON line per run on stdout (the bench line with "load" and "round" added).
# Usage: bench/busy_machine.sh [rounds=3] [neurons=40000] [duration=1s] > busy.jsonl
#        SPINEL=/other/checkout/spinel THREADS="1 2" bench/busy_machine.sh ...   (another build, other thread counts)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"; NEURONS="${2:-40000}"; DURATION="${3:-1s}"
SPINEL="${SPINEL:-./spinel}"
THREADS="${THREADS:-1 2 1000}"
CORES="$(nproc)"
"$SPINEL" bench cuba --neurons 1000 --duration 10ms >/dev/null # builds the launcher's jar if needed (not timed)
HOGS=()
stop_hogs() { for p in "${HOGS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; HOGS=(); }
trap stop_hogs EXIT INT TERM
one() { # load round threads
  local line
  line="$("$SPINEL" bench cuba --neurons "$NEURONS" --duration "$DURATION" --threads "$3" 2>/dev/null)" \
      || line="{\"failed\":\"bench cuba --threads $3\"}"
  echo "{\"load\":\"$1\",\"round\":$2,\"requested_threads\":$3,${line#\{}"
}
for load in none busy; do
  if [ "$load" = busy ]; then
    for _ in $(seq "$CORES"); do
      timeout 1800 yes > /dev/null & # bounded in time even if this script is killed with SIGKILL
      HOGS+=("$!")
    done
    sleep 1
  fi
  for r in $(seq "$ROUNDS"); do
    for t in $THREADS; do one "$load" "$r" "$t"; done
  done
done
stop_hogs
