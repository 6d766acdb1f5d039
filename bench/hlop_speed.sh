#!/usr/bin/env bash
# HLOP's own cost (issue 21 speed item): the 10-task permuted Fashion-MNIST run of hlop-pfmnist.json (784-256-10 LIF,
# surrogate gradients, 6000 training / 1000 test images per task, 1 epoch per task, 1 thread) with HLOP alone
# (compareOracle false: no shadow oracle) projecting every step and every K steps (projectEvery on both blocks), and
# plain fine-tuning (no projector) as the baseline, one after the other in one session. One JSON line per run into
# bench/results/hlop-speed-<date>.jsonl: wall and training seconds, the seconds in the projectors (Hebbian
# iterations + projection + boundaries, MiniBatchTrainer.projectorSeconds), their share, ACC and BWT.
# Needs: apt-get install -y dataset-fashion-mnist
# Usage: bench/hlop_speed.sh [K] [extra --set arguments...]   (default K = 8)
set -euo pipefail
cd "$(dirname "$0")/.."
K=${1:-8}
shift || true
DATE=$(date -u +%Y-%m-%d)
RES=bench/results/hlop-speed-$DATE.jsonl
CPU=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
COMMIT=$(git rev-parse --short HEAD)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
: > "$RES"
run() { # label, then --set arguments
  local label=$1
  shift
  ./spinel run experiments/examples/hlop-pfmnist.json --threads 1 --no-progress --out "$WORK/$label" \
    --set /protocol/compareOracle=false "$@" >&2
  local m
  m=$(find "$WORK/$label" -name metrics.json | head -1)
  /usr/bin/python3 - "$m" "$label" "$CPU" "$DATE" "$COMMIT" "$*" >> "$RES" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(json.dumps({"bench": "hlop-speed", "run": sys.argv[2], "cpu": sys.argv[3], "date": sys.argv[4],
                  "commit": sys.argv[5], "threads": 1, "sets": sys.argv[6],
                  "command": "bench/hlop_speed.sh (hlop-pfmnist.json, 10 tasks x 6000 images, 1 thread)",
                  "wall_s": round(m["wall_s"], 2), "train_s": round(m["train_s"], 2),
                  "projector_s": round(m["projector_s"], 2),
                  "projector_share": round(m["projector_fraction_of_train_s"], 4),
                  "acc": round(m["acc"], 4), "bwt": round(m["bwt"], 4)}))
PY
  tail -n 1 "$RES"
}
run finetune --set '/protocol/method="finetune"' "$@"
run hlop-every-step "$@"
run "hlop-every-$K-steps" --set "/protocol/network/layers/0/projector/projectEvery=$K" \
  --set "/protocol/network/layers/1/projector/projectEvery=$K" "$@"
echo "wrote $RES" >&2
