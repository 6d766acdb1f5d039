#!/usr/bin/env bash
# Surrogate-gradient training speed and accuracy, Spinel vs the PyTorch reference (../shared/bench/spytorch_fmnist.py),
# run one after the other in one session on the same machine: the 784-100-10 SpyTorch network on Fashion-MNIST,
# 60 000 training samples per epoch, batch 256, 2 threads. Prints one JSON line per epoch of each, then a summary
# line with the ratio of median seconds per training epoch.
# Needs: apt-get install -y dataset-fashion-mnist python3-torch
# Usage: bench/sg_vs_pytorch.sh [epochs]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-2}
PT=${SPYTORCH_SCRIPT:-../shared/bench/spytorch_fmnist.py}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
./spinel run experiments/examples/sg-fmnist.json --set "/protocol/epochs=$EPOCHS" --threads 2 --out "$WORK/runs" \
  --no-progress >&2
EPOCHS_CSV=$(find "$WORK/runs" -name epochs.csv | head -1)
/usr/bin/python3 - "$EPOCHS_CSV" > "$WORK/spinel.jsonl" <<'PY'
import csv, json, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(json.dumps({"bench": "spinel-sg-fmnist", "threads": 2, "epoch": int(r["epoch"]),
                      "epoch_s": round(float(r["train_s"]), 3), "train_loss": round(float(r["train_loss"]), 4),
                      "test_acc": round(float(r["test_accuracy"]), 4)}))
PY
cat "$WORK/spinel.jsonl"
if [ -f "$PT" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 "$PT" --epochs "$EPOCHS" --threads 2 | tee "$WORK/pytorch.jsonl"
  /usr/bin/python3 - "$WORK/spinel.jsonl" "$WORK/pytorch.jsonl" <<'PY'
import json, statistics, sys
s = [json.loads(l) for l in open(sys.argv[1])]
p = [json.loads(l) for l in open(sys.argv[2])]
ms, mp = statistics.median(r["epoch_s"] for r in s), statistics.median(r["epoch_s"] for r in p)
print(json.dumps({"bench": "sg-fmnist-summary", "epochs": len(s), "spinel_epoch_s": ms, "pytorch_epoch_s": mp,
                  "speedup": round(mp / ms, 1), "spinel_test_acc": s[-1]["test_acc"], "pytorch_test_acc": p[-1]["test_acc"]}))
PY
else
  echo "PyTorch reference not run: needs $PT and python3-torch (apt-get install -y python3-torch)" >&2
fi
