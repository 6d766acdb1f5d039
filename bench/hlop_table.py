#!/usr/bin/env python3
"""Markdown tables of continual-protocol runs (docs/reproductions/hlop.md): every metrics.json under the given
directories, grouped by (credit, tasks, training images per task, method): ACC, BWT and forgetting in points as
mean ± sd over the seeds (each seed's value listed), training seconds, the projectors' share of it, and for HLOP
runs shadowed by the oracle the final largest / mean principal angle per block.
Usage: bench/hlop_table.py DIR [DIR ...]"""
import glob, json, os, statistics, sys

ORDER = ["sequential", "oracle", "multitask", "finetune", "ewc", "replay"]
NAMES = {"sequential": "HLOP", "oracle": "oracle (exact GPM subspace)", "multitask": "multitask (joint)",
         "finetune": "fine-tuning", "ewc": "online EWC", "replay": "replay"}

runs = []
for d in sys.argv[1:]:
    for f in glob.glob(os.path.join(d, "**", "metrics.json"), recursive=True):
        man = json.load(open(os.path.join(os.path.dirname(f), "manifest.json")))["manifest"]
        runs.append((json.load(open(f)), man["seed"], os.path.relpath(os.path.dirname(f))))


def fmt(vals, scale=100):
    v = [x * scale for x in vals]
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    return f"{statistics.mean(v):.2f} ± {sd:.2f} ({', '.join(f'{x:.2f}' for x in v)})"


groups = {}
for m, seed, path in runs:
    key = (m.get("credit", "surrogate-gradient"), m["tasks"], m["train_samples_per_task"])
    groups.setdefault(key, {}).setdefault(m["method"], []).append((seed, m, path))
for (credit, tasks, per), methods in sorted(groups.items()):
    print(f"\n**{credit}, {tasks} permuted tasks, {per} training images per task**\n")
    print("| method | seeds | ACC (%) | BWT (points) | forgetting (points) | training s (mean) | projector share |")
    print("|---|---|---|---|---|---|---|")
    for meth in sorted(methods, key=lambda x: ORDER.index(x) if x in ORDER else 99):
        rs = sorted(methods[meth], key=lambda r: r[0])
        ms = [r[1] for r in rs]
        bwt = fmt([m["bwt"] for m in ms]) if "bwt" in ms[0] else "–"
        fg = fmt([m["forgetting"] for m in ms]) if "forgetting" in ms[0] else "–"
        share = statistics.mean(m["projector_s"] / m["train_s"] for m in ms)
        print(f"| {NAMES.get(meth, meth)} | {', '.join(str(r[0]) for r in rs)} | {fmt([m['acc'] for m in ms])} | "
              f"{bwt} | {fg} | {statistics.mean(m['train_s'] for m in ms):.0f} | {share:.2f} |")
    for meth in ("sequential",):
        for seed, m, path in sorted(methods.get(meth, []), key=lambda r: r[0]):
            pa = m.get("principal_angles")
            if pa:
                cells = "; ".join(f"{b}: largest {v['final_largest_deg']:.1f}°, mean {v['final_mean_deg']:.1f}° "
                                  f"({v['hlop_rows'][-1]} rows)" for b, v in pa.items())
                print(f"\nHLOP vs oracle after the last task, seed {seed}: {cells}")
    dirs = sorted({os.path.relpath(os.path.join(r[2], os.pardir)) for ms in methods.values() for r in ms})
    print("\nRun files (one directory per run): " + ", ".join(f"`{d}`" for d in dirs))
