#!/usr/bin/env bash
# Equilibrium-propagation training speed, Spinel vs the PyTorch reference (../shared/bench/ep_fmnist.py), run one
# after the other in one session on the same machine with the same settings: the tied 784-256-256-10 network on
# Fashion-MNIST, holomorphic N = 4, |beta| = 0.5, T1 = 150, T2 = 20, SGD 0.01 momentum 0.9, batch 50, one pass over
# LIMIT training samples, THREADS threads for both. Spinel runs twice: every step (tolerance 0, as the reference does)
# and with ep-train's default early stop (a phase ends once its residual is at most 1e-4).
# Prints the JSON line of each (with the machine line first), then a summary line with seconds per 1000 samples,
# the extrapolated seconds per 60 000-sample epoch, the ratio and free-phase sample-steps per second.
# Needs: apt-get install -y dataset-fashion-mnist python3-torch
# Usage: bench/ep_vs_pytorch.sh [LIMIT] [THREADS]   (defaults 60000 and 2; e.g. 4000 1 for a short run)
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=${1:-60000}
THREADS=${2:-2}
PT=${EP_SCRIPT:-../shared/bench/ep_fmnist.py}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 - <<'PY'
import datetime, json, os, platform
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(json.dumps({"machine": {"cpu": cpu, "cores": os.cpu_count(), "load_average": os.getloadavg()[0],
                              "date": datetime.date.today().isoformat()}, "command": "bench/ep_vs_pytorch.sh"}))
PY
./spinel bench ep --limit "$LIMIT" --test-limit 10000 --threads "$THREADS" 2>/dev/null | tee "$WORK/spinel.json"
./spinel bench ep --limit "$LIMIT" --test-limit 10000 --threads "$THREADS" --tolerance 1e-4 2>/dev/null \
  | tee "$WORK/spinel-early.json"
if [ -f "$PT" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 "$PT" --estimator holomorphic --N 4 --beta 0.5 --epochs 1 --limit "$LIMIT" --test-limit 10000 \
    --threads "$THREADS" | tail -1 | tee "$WORK/pytorch.json"
  /usr/bin/python3 - "$WORK/spinel.json" "$WORK/spinel-early.json" "$WORK/pytorch.json" <<'PY'
import json, sys
s, e, p = (json.load(open(f)) for f in sys.argv[1:4])
print(json.dumps({"bench": "ep-fmnist-summary", "samples": s["samples"], "threads": s["threads"],
                  "pytorch_seconds_per_1000": p["seconds_per_1000"], "pytorch_epoch_s": round(60 * p["seconds_per_1000"], 1),
                  "pytorch_free_steps_per_s": round(p["T1"] * p["samples"] / p["train_seconds"]),
                  "pytorch_test_acc": p["test_accuracy"],
                  "spinel_every_step": {"seconds_per_1000": s["seconds_per_1000"],
                                        "epoch_s": round(60 * s["seconds_per_1000"], 1),
                                        "speedup": round(p["seconds_per_1000"] / s["seconds_per_1000"], 2),
                                        "free_steps_per_s": s["free_steps_per_s"], "test_acc": s["test_accuracy"],
                                        "weights_sha256": s.get("weights_sha256")},
                  "spinel_early_stop": {"seconds_per_1000": e["seconds_per_1000"],
                                        "epoch_s": round(60 * e["seconds_per_1000"], 1),
                                        "speedup": round(p["seconds_per_1000"] / e["seconds_per_1000"], 2),
                                        "free_steps_per_s": e["free_steps_per_s"], "mean_free_steps": e["mean_free_steps"],
                                        "test_acc": e["test_accuracy"], "weights_sha256": e.get("weights_sha256")}}))
PY
else
  echo "PyTorch reference not run: needs $PT and python3-torch (apt-get install -y python3-torch)" >&2
fi
