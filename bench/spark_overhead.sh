#!/usr/bin/env bash
# Overhead of the Spark sweep executor (docs/cluster.md): one 200-point sweep of quick points (a ring-star of 20
# Chialvo maps, 200 iterations; 10 coupling strengths x 20 seeds) run by `./spinel sweep` on the local executor
# (parallel 2), on Spark local[2] and, with CLUSTER=1, on Spark with two separate executor JVMs
# (local-cluster[2,1,1024]), alternating within each round, each into a fresh output directory.
# Prints one JSON line per run: the process's wall time (JVM and Spark start included), the sweep's own wall time
# from its manifest.json (after the Spark context is up), the mean point wall_s of index.csv, the executors used.
# Usage: bench/spark_overhead.sh [rounds=3] > bench/results/spark-overhead.jsonl     (CLUSTER=1 for local-cluster too)
#        SIZE=200 DURATION=4000 bench/spark_overhead.sh ...   (longer points: maps per ring-star, iterations)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
SPINEL="${SPINEL:-./spinel}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
SIZE="${SIZE:-20}"; DURATION="${DURATION:-200}"
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
# build both launcher jars first (not timed)
"$SPINEL" validate "$WORK/sweep.json" >/dev/null
"$SPINEL" sweep "$WORK/sweep.json" --set /duration=1 --out "$WORK/warm" --executor spark --master 'local[1]' \
  --no-progress >/dev/null 2>&1 || true
rm -rf "$WORK/warm"
one() { # round label args...
  local round="$1" label="$2"; shift 2
  local out="$WORK/$label-$round" t0 t1
  t0=$(date +%s.%N)
  SPARK_HOME="$WORK/spark-home" "$SPINEL" sweep "$WORK/sweep.json" --out "$out" --no-progress "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 - "$out" "$round" "$label" "$t0" "$t1" <<'PY'
import csv, glob, json, sys
out, rnd, label, t0, t1 = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
d = glob.glob(out + "/overhead/sweep-*")[0]
m = json.load(open(d + "/manifest.json"))["manifest"]
rows = list(csv.DictReader(open(d + "/index.csv")))
print(json.dumps({"run": label, "round": rnd, "points": len(rows), "ok": sum(r["status"] == "ok" for r in rows),
                  "process_wall_s": round(t1 - t0, 3), "sweep_wall_s": round(m["wall_s"], 3),
                  "mean_point_wall_s": round(sum(float(r["wall_s"]) for r in rows) / len(rows), 4),
                  "executor": m["executor"], "master": m.get("master"), "executors": m.get("executors"),
                  "spark_version": m.get("spark_version"), "cores": m["cores"]}))
PY
}
CP="$(tr -d '\n' < experiments/target/spark/classpath-app.txt):$(tr -d '\n' < experiments/target/spark/classpath-spark.txt)"
CP="$PWD/experiments/target/spark/spinel-experiments-0.1.0-SNAPSHOT.jar:$CP"
echo "{\"command\":\"SIZE=$SIZE DURATION=$DURATION CLUSTER=${CLUSTER:-0} bench/spark_overhead.sh $ROUNDS\",\"date\":\"$(date -u +%Y-%m-%dT%H:%MZ)\",\"commit\":\"$(git rev-parse --short HEAD)\",\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cores\":$(nproc),\"load_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="local spark"; else order="spark local"; fi
  for side in $order; do
    if [ "$side" = local ]; then one "$r" local; else one "$r" spark-local2 --executor spark --master 'local[2]'; fi
  done
  if [ "${CLUSTER:-0}" = 1 ]; then
    one "$r" spark-local-cluster --executor spark --master 'local-cluster[2,1,1024]' \
      --conf "spark.executor.extraClassPath=$CP" --conf spark.executorEnv.SPARK_TESTING=1 \
      --conf spark.executorEnv.SPARK_SCALA_VERSION=2.13
  fi
done
echo "{\"load_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
