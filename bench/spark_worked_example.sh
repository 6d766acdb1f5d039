#!/usr/bin/env bash
# The worked example of docs/cluster.md: the NALSM |w| sweep (experiments/examples/lsm1000-fmnist.json, 6 points) in
# --quick mode on the local executor (2 at a time) and on Spark local[2]; compares index.csv row for row (point,
# seed, |w|, status, spikes, error) and every point's metrics.json (timings: keys ending in _s, s_per_*, left out). One JSON line per run, then
# the comparison. Needs Fashion-MNIST (dataset-fashion-mnist, or SPINEL_DATA_DIR).
# Usage: bench/spark_worked_example.sh [out=/tmp/spinel-worked-example] > bench/results/spark-worked-example.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-/tmp/spinel-worked-example}"
rm -rf "$OUT"; mkdir -p "$OUT"
F=experiments/examples/lsm1000-fmnist.json
./spinel validate "$F" >/dev/null   # builds the default jar (not timed)
./spinel sweep "$F" --executor spark --master 'local[1]' --help >/dev/null   # builds the spark profile's (not timed)
one() { # label args...
  local label="$1"; shift
  local t0 t1; t0=$(date +%s.%N)
  ./spinel sweep "$F" --quick --out "$OUT/$label" --no-progress "$@" >"$OUT/$label.log" 2>&1 || true
  t1=$(date +%s.%N)
  echo "{\"run\":\"$label\",\"command\":\"./spinel sweep $F --quick --out $OUT/$label --no-progress $*\",\"process_wall_s\":$(python3 -c "print(round($t1-$t0,3))")}"
}
echo "{\"date\":\"$(date -u +%Y-%m-%dT%H:%MZ)\",\"commit\":\"$(git rev-parse --short HEAD)\",\"cores\":$(nproc),\"load_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
one local --set /sweep/parallel=2
one spark --executor spark --master 'local[2]'
python3 - "$OUT" <<'PY'
import csv, glob, json, re, sys
out = sys.argv[1]
def rows(label):
    d = glob.glob(out + "/" + label + "/lsm1000-fmnist/sweep-*")[0]
    res = {}
    for r in csv.DictReader(open(d + "/index.csv")):
        m = json.load(open(d + "/" + r["run_dir"] + "/metrics.json")) if r["run_dir"] else {}
        def strip(x):
            if isinstance(x, dict):
                return {k: strip(v) for k, v in x.items() if not (k.endswith("_s") or k.startswith("s_per_"))}
            return x
        key = {k: v for k, v in r.items() if k not in ("wall_s", "run_dir")}
        key["run_hash"] = re.sub(r"\d{8}-\d{6}-", "", r["run_dir"])
        res[r["point"]] = (key, strip(m), float(r["wall_s"]))
    manifest = json.load(open(d + "/manifest.json"))["manifest"]
    return res, manifest
a, ma = rows("local"); b, mb = rows("spark")
same = sorted(a) == sorted(b) and all(a[p][:2] == b[p][:2] for p in a)
print(json.dumps({"points": len(a), "identical_rows_and_metrics": same,
                  "local_sweep_wall_s": round(ma["wall_s"], 3), "spark_sweep_wall_s": round(mb["wall_s"], 3),
                  "spark": {k: mb.get(k) for k in ("master", "spark_version", "executors", "failed_task_attempts")},
                  "rows": {p: {"abs_w": a[p][0].get("/projections/3/weight"), "status": a[p][0]["status"],
                               "test_accuracy": a[p][1].get("test_accuracy"), "local_wall_s": a[p][2],
                               "spark_wall_s": b[p][2]} for p in sorted(a)}}))
PY
echo "{\"load_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
