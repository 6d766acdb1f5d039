#!/usr/bin/env bash
# The benchmark table of docs/performance.md: `./spinel bench` for CUBA and the Chialvo ring-star on java (1 and 2
# threads) and opencl, one JSON line per run on stdout, then a Markdown table on stderr.
# Usage: bench/table.sh > bench.jsonl     (Brian2 figures: bench/cuba_vs_brian2.sh, or ../shared/bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
run() { ./spinel bench "$@" 2>/dev/null || echo "{\"failed\":\"$*\"}"; }
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
} | tee /dev/stderr | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
out = ["| bench | N | length | backend | threads | loop (s) | ns / neuron-step | ns / synaptic event | memory |",
       "|---|---|---|---|---|---|---|---|---|"]
for r in rows:
    if "failed" in r:
        out.append("| failed: " + r["failed"] + " | | | | | | | | |"); continue
    if r["bench"] == "cuba":
        steps = r["duration_s"] * 1e4
        ns = r["loop_s"] * 1e9 / (r["neurons"] * steps)
        ev = r["loop_s"] * 1e9 / max(1, r["synaptic_events"])
        out.append(f"| CUBA | {r[\"neurons\"]} | {r[\"duration_s\"]:g} s | {r[\"backend\"]} | {r[\"threads\"]} | {r[\"loop_s\"]:.3f} | {ns:.2f} | {ev:.2f} | {r[\"bytes_per_synapse\"]:.2f} B/synapse |")
    else:
        out.append(f"| Chialvo ring-star | {r[\"neurons\"]} | {r[\"iterations\"]} it. | {r[\"backend\"]} | {r[\"threads\"]} | {r[\"loop_s\"]:.3f} | {r[\"ns_per_node_iteration\"]:.2f} | - | {r[\"coupling_bytes\"]/2**20:.1f} MiB coupling |")
print("\n".join(out), file=sys.stderr)
' > /dev/null
