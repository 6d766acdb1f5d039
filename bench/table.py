#!/usr/bin/env python3
"""Formats `spinel bench` JSON lines (stdin) as the Markdown table of docs/performance.md."""
import json
import sys

rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
out = ["| bench | N | length | backend | threads | loop (s) | ns / neuron-step | ns / synaptic event | memory |",
       "|---|---|---|---|---|---|---|---|---|"]
for r in rows:
    if "failed" in r:
        out.append("| failed: %s | | | | | | | | |" % r["failed"])
    elif r["bench"] == "cuba":
        steps = r["duration_s"] * 1e4
        ns = r["loop_s"] * 1e9 / (r["neurons"] * steps)
        ev = r["loop_s"] * 1e9 / max(1, r["synaptic_events"])
        out.append("| CUBA | %d | %g s | %s | %d | %.3f | %.2f | %.2f | %.2f B/synapse |" % (
            r["neurons"], r["duration_s"], r["backend"], r["threads"], r["loop_s"], ns, ev, r["bytes_per_synapse"]))
    else:
        out.append("| Chialvo ring-star | %d | %d it. | %s | %d | %.3f | %.2f | - | %.1f MiB coupling |" % (
            r["neurons"], r["iterations"], r["backend"], r["threads"], r["loop_s"], r["ns_per_node_iteration"],
            r["coupling_bytes"] / 2 ** 20))
print("\n".join(out))
