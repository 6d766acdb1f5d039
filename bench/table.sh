#!/usr/bin/env bash
# The benchmark table of docs/performance.md: `./spinel bench` for CUBA and the Chialvo ring-star on java (1 and 2
# threads) and opencl: the JSON lines on stdout, then the Markdown table (bench/table.py) on stderr.
# Usage: bench/table.sh > bench.jsonl    (Brian2 figures: bench/cuba_vs_brian2.sh, or ../shared/bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
run() { ./spinel bench "$@" 2>/dev/null || echo "{\"failed\":\"$*\"}"; }
LINES=$(mktemp)
trap 'rm -f "$LINES"' EXIT
{
  for spec in "4000 10s" "40000 1s" "200000 1s"; do
    set -- $spec
    run cuba --neurons "$1" --duration "$2" --backend java --threads 1
    run cuba --neurons "$1" --duration "$2" --backend java --threads 2
    run cuba --neurons "$1" --duration "$2" --backend opencl
  done
  for spec in "100 10000" "10000 10000" "1000000 1000"; do
    set -- $spec
    run chialvo --neurons "$1" --iterations "$2" --backend java --threads 1
    run chialvo --neurons "$1" --iterations "$2" --backend java --threads 2
    run chialvo --neurons "$1" --iterations "$2" --backend opencl
  done
} > "$LINES"
cat "$LINES"
python3 bench/table.py < "$LINES" >&2
