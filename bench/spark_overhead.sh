#!/usr/bin/env bash
# Overhead of the Spark sweep executor (docs/cluster.md, "Measured overhead"): one 200-point sweep run by
# `./spinel sweep` on the local executor (parallel 2) and on Spark local[2], alternating within each round (the
# order flips every round), each run a fresh process into a fresh output directory; with CLUSTER=1 (the default)
# also once on Spark with two separate executor JVMs (local-cluster[2,1,1024]) after the first round.
#
# WORKLOAD=cuba (default): experiments/examples/cuba.json (the Brette et al. CUBA network, 4000 LIF neurons) for
#   DURATION (default 1 s, the example's) of simulated time, its IE weight at 10 values (-7 ... -11.5 mV) x 20 seeds: points of
#   about 0.3-2 s each (plots off, its spike, rate and state outputs as the example has them); SEEDS=n for fewer.
# WORKLOAD=chialvo: the earlier quick points (a ring-star of SIZE=20 Chialvo maps, DURATION=200 iterations,
#   10 coupling strengths x 20 seeds; about 20 ms a point).
#
# Prints JSON lines: the machine (CPU model, cores, load average, date, commit), one per run (the process's wall time,
# JVM and Spark start included; the sweep's own wall time from its manifest.json; the mean point wall_s of index.csv;
# the load average before and after), then a summary (mean process wall per executor, Spark's ratio to local, and
# its overhead per point).
# Usage: bench/spark_overhead.sh [rounds=2] > bench/results/spark-overhead-cuba-DATE.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-2}"
SPINEL="${SPINEL:-./spinel}"
WORKLOAD="${WORKLOAD:-cuba}"
CLUSTER="${CLUSTER:-1}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ "$WORKLOAD" = cuba ]; then
  DURATION="${DURATION:-1 s}"
  SEEDS="${SEEDS:-20}"; WARM=1ms
  python3 - "$WORK/sweep.json" "$DURATION" "$SEEDS" <<'PY'
import json, sys
e = json.load(open("experiments/examples/cuba.json"))
e["name"] = "overhead"
e["duration"] = sys.argv[2]
e["outputs"] = {"plots": False}
e["sweep"] = {"grid": [{"path": "/projections/2/weight",
                        "values": ["%g mV" % (-7 - 0.5 * k) for k in range(10)]}],
              "seeds": list(range(1, int(sys.argv[3]) + 1)), "parallel": 2}
json.dump(e, open(sys.argv[1], "w"), indent=1)
PY
  DESC="DURATION='$DURATION' SEEDS=$SEEDS"
else
  SIZE="${SIZE:-20}"; DURATION="${DURATION:-200}"; WARM=1
  cat > "$WORK/sweep.json" <<JSON
{"name": "overhead", "dt": 1, "duration": $DURATION,
 "populations": [{"name": "r", "size": $SIZE, "model": {"type": "chialvo"},
                  "init": {"x": {"dist": "uniform", "low": 0, "high": 1}}}],
 "couplings": [{"name": "c", "population": "r", "variable": "x",
                "graph": {"type": "ring-star", "range": 2, "mu": 0.005}}],
 "outputs": {"formats": ["csv"], "plots": false},
 "sweep": {"grid": [{"path": "/couplings/0/graph/mu",
                     "values": [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01]}],
           "seeds": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], "parallel": 2}}
JSON
  DESC="SIZE=$SIZE DURATION=$DURATION"
fi
# build both launcher jars (and the Spark path's class-data archive) first, not timed
"$SPINEL" validate "$WORK/sweep.json" >/dev/null
"$SPINEL" sweep "$WORK/sweep.json" --set /duration=$WARM --out "$WORK/warm" --executor spark --master 'local[1]' \
  --no-progress >/dev/null 2>&1 || true
rm -rf "$WORK/warm"
RUNS="$WORK/runs.jsonl"
: > "$RUNS"
one() { # round label args...
  local round="$1" label="$2"; shift 2
  local out="$WORK/$label-$round" t0 t1 l0 l1
  l0="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(date +%s.%N)
  SPARK_HOME="$WORK/spark-home" "$SPINEL" sweep "$WORK/sweep.json" --out "$out" --no-progress "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  l1="$(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$out" "$round" "$label" "$t0" "$t1" "$l0" "$l1" <<'PY' | tee -a "$RUNS"
import csv, glob, json, sys
out, rnd, label, t0, t1, l0, l1 = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
d = glob.glob(out + "/overhead/sweep-*")[0]
m = json.load(open(d + "/manifest.json"))["manifest"]
rows = list(csv.DictReader(open(d + "/index.csv")))
w = sorted(float(r["wall_s"]) for r in rows)
print(json.dumps({"run": label, "round": rnd, "points": len(rows), "ok": sum(r["status"] == "ok" for r in rows),
                  "process_wall_s": round(t1 - t0, 3), "sweep_wall_s": round(m["wall_s"], 3),
                  "mean_point_wall_s": round(sum(w) / len(w), 4), "min_point_wall_s": w[0], "max_point_wall_s": w[-1],
                  "executor": m["executor"], "master": m.get("master"), "executors": m.get("executors"),
                  "spark_version": m.get("spark_version"), "cores": m["cores"], "load_before": l0, "load_after": l1}))
PY
  rm -rf "$out"
}
CP="$(tr -d '\n' < experiments/target/spark/classpath-app.txt):$(tr -d '\n' < experiments/target/spark/classpath-spark.txt)"
CP="$PWD/experiments/target/spark/spinel-experiments-0.1.0-SNAPSHOT.jar:$CP"
echo "{\"command\":\"WORKLOAD=$WORKLOAD $DESC CLUSTER=$CLUSTER bench/spark_overhead.sh $ROUNDS\",\"date\":\"$(date -u +%Y-%m-%dT%H:%MZ)\",\"commit\":\"$(git rev-parse --short HEAD)\",\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cores\":$(nproc),\"load_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"java\":\"$(java -version 2>&1 | head -1 | tr -d '"')\"}"
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="local spark"; else order="spark local"; fi
  for side in $order; do
    if [ "$side" = local ]; then one "$r" local; else one "$r" spark-local2 --executor spark --master 'local[2]'; fi
  done
  if [ "$CLUSTER" = 1 ] && [ "$r" = 1 ]; then
    one "$r" spark-local-cluster --executor spark --master 'local-cluster[2,1,1024]' \
      --conf "spark.executor.extraClassPath=$CP" --conf spark.executorEnv.SPARK_TESTING=1 \
      --conf spark.executorEnv.SPARK_SCALA_VERSION=2.13
  fi
done
python3 - "$RUNS" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def mean(label, key):
    v = [r[key] for r in runs if r["run"] == label]
    return sum(v) / len(v) if v else None
out = {"summary": True}
lp, ls = mean("local", "process_wall_s"), mean("local", "sweep_wall_s")
n = runs[0]["points"]
for label in ["local", "spark-local2", "spark-local-cluster"]:
    p = mean(label, "process_wall_s")
    if p is None:
        continue
    out[label] = {"process_wall_s": round(p, 3), "sweep_wall_s": round(mean(label, "sweep_wall_s"), 3),
                  "mean_point_wall_s": round(mean(label, "mean_point_wall_s"), 4)}
    if label != "local":
        out[label].update({"process_ratio_to_local": round(p / lp, 3),
                           "sweep_ratio_to_local": round(mean(label, "sweep_wall_s") / ls, 3),
                           "overhead_per_point_ms": round(1000 * (p - lp) / n, 1),
                           "sweep_overhead_per_point_ms": round(1000 * (mean(label, "sweep_wall_s") - ls) / n, 1)})
print(json.dumps(out))
PY
echo "{\"load_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
