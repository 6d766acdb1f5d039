#!/bin/bash
# HLOP vs its exact projection oracle on quick permuted Fashion-MNIST (issue 21): hlop-pfmnist.json --quick
# (3 tasks x 2000 training / 300 test images, 1 epoch per task) with Adam 0.002 (the regime of ContinualExamplesTest
# where fine-tuning forgets), methods sequential (HLOP, shadowed by its oracle: principal angles), oracle and
# finetune. One JSON line per method into bench/results/hlop-oracle-<date>.jsonl (CPU model, date, metrics), the
# principal-angle table of the HLOP run next to it.
# Usage: bench/hlop_oracle_angles.sh CLASSPATH   (the classpath of a built checkout: experiments + dependencies)
set -euo pipefail
CP=$1
DATA=${SPINEL_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
DATE=$(date -u +%Y-%m-%d)
OUT=$(mktemp -d)
RES=bench/results/hlop-oracle-$DATE.jsonl
CPU=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
COMMIT=$(git rev-parse --short HEAD)
: > "$RES"
for m in sequential oracle finetune; do
  java -cp "$CP" org.spinel.experiments.SpinelCli run experiments/examples/hlop-pfmnist.json --quick --threads 1 \
    --no-progress --out "$OUT/$m" --set "/protocol/dataset/directory=$DATA" --set "/protocol/method=\"$m\"" \
    --set /protocol/optimizer/lr=0.002 >&2
  run=$(ls -d "$OUT/$m"/hlop-pfmnist/2*)
  python3 - "$run/metrics.json" "$m" "$CPU" "$DATE" "$COMMIT" >> "$RES" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(json.dumps({"bench": "hlop-oracle", "method": sys.argv[2], "cpu": sys.argv[3], "date": sys.argv[4],
                  "commit": sys.argv[5], "threads": 1,
                  "command": "bench/hlop_oracle_angles.sh (hlop-pfmnist.json --quick, Adam 0.002)", "metrics": m}))
PY
  if [ "$m" = sequential ]; then cp "$run/principal_angles.csv" "bench/results/hlop-oracle-angles-$DATE.csv"; fi
done
echo "wrote $RES"
