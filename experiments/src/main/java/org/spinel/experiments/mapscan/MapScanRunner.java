package org.spinel.experiments.mapscan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.MapScanSpec;
import org.spinel.experiments.spec.Problems;
import org.spinel.experiments.spec.Overrides;
import org.spinel.networks.Network;
import org.spinel.networks.coupling.ChialvoNetworkMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The {@code map-scan} protocol: for every point of a one- or two-parameter grid (each an ordinary experiment with
 * the swept values set by JSON pointer, so any parameter of the model or the coupling can be scanned), build the
 * population's {@link ChialvoNetworkMap} (the engine's arithmetic, bit for bit), iterate it from each initial
 * condition and measure the orbit ({@link OrbitAnalysis}). Points run in parallel on {@code threads} workers; the
 * results are placed by index, so the output does not depend on the thread count. A point whose orbit overflows is
 * recorded as {@code diverged} with the node and iteration, and the scan goes on.
 *
 * <p>Writes {@code scan.csv} (one row per point and initial condition), NPY columns, {@code bifurcation.npy},
 * {@code scan.h5}, plots (bifurcation diagram and measure curves for 1-D scans, regime and measure maps for 2-D scans,
 * basin maps), {@code metrics.json} and {@code manifest.json}, atomically.
 */
public final class MapScanRunner {
    /** Caps applied by {@code --quick}: iterations, transient, points per axis, initial conditions, basin side. */
    static final int QUICK_ITERATIONS = 3000, QUICK_TRANSIENT = 1000, QUICK_POINTS = 8, QUICK_ICS = 3, QUICK_BASIN = 6;

    private MapScanRunner() {
    }

    /** Runs the scan of {@code e} with {@code spec} ({@link #quick} applied in quick mode) into the run's directory. */
    static Outcome run(Experiment e, MapScanSpec spec, RunContext options) throws IOException {
        long t0 = System.nanoTime();
        ObjectNode base = e.resolved().deepCopy();
        base.remove("sweep");
        base.putObject("protocol").put("type", "simulate");
        List<MapScanSpec.Axis> axes = spec.axes();
        int points = 1;
        for (MapScanSpec.Axis a : axes) {
            points *= a.values().length;
        }
        int ics = spec.basins() != null ? spec.basins().size() : spec.initialConditions();
        // Check the corners of the grid before anything runs: a bad value fails the whole scan with its pointer.
        pointNetwork(base, axes, 0, e.seed());
        pointNetwork(base, axes, points - 1, e.seed());
        OrbitMeasures[][] results = new OrbitMeasures[points][];
        double[][] icStates = new double[ics][];
        int threads = Math.max(1, Math.min(e.threads(), points));
        long t1 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "map-scan");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<OrbitAnalysis> analysis = ThreadLocal.withInitial(() -> new OrbitAnalysis(spec));
        final int nPoints = points;
        try (ProgressBar pb = options.progress() && points > 1 ? new ProgressBarBuilder().setTaskName(e.name())
                .setInitialMax(points).setStyle(ProgressBarStyle.ASCII).setUnit(" points", 1).build() : null) {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < nPoints; p++) {
                final int point = p;
                futures.add(pool.submit(() -> {
                    Network net = pointNetwork(base, axes, point, e.seed());
                    ChialvoNetworkMap f = ChialvoNetworkMap.of(net, spec.population());
                    OrbitMeasures[] row = new OrbitMeasures[ics];
                    FixedPointInfo fp = spec.has("fixed-point") ? FixedPointInfo.of(f) : null;
                    for (int k = 0; k < ics; k++) {
                        double[] s0 = initialCondition(net, spec, e.seed(), k, f.nodes());
                        if (point == 0) {
                            icStates[k] = s0;
                        }
                        row[k] = analysis.get().analyse(f, s0, fp);
                    }
                    results[point] = row;
                    if (pb != null) {
                        pb.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("map scan interrupted", ex);
        } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
        long t2 = System.nanoTime();
        int nodes = icStates[0].length / 2;
        int[][] labels = new int[points][];
        int maxAttractors = 0;
        for (int p = 0; p < points; p++) {
            labels[p] = AttractorLabels.of(results[p]);
            maxAttractors = Math.max(maxAttractors, Arrays.stream(labels[p]).max().orElse(0) + 1);
        }
        ObjectNode metrics = metrics(e, spec, axes, results, labels, points, ics, nodes, maxAttractors, t1 - t0, t2 - t1,
                threads);
        Path tmp = options.directory();
        ScanTable table = new ScanTable(spec, axes, results, labels, icStates, nodes);
        table.write(tmp, e.outputs());
        if (e.outputs().plots()) {
            table.plots(tmp);
        }
        options.log().printf("spinel: map-scan %s: %d points x %d initial conditions, %s%n", e.name(), points, ics,
                metrics.path("regimes").toString());
        return new Outcome(metrics, new Outcome.Execution("java",
                "map-scan iterates the network map on the CPU (the Java reference arithmetic)",
                "CPU (Java map iteration, " + threads + " threads)"));
    }

    /** The network of grid point {@code point} (row-major over the axes). */
    static Network pointNetwork(ObjectNode base, List<MapScanSpec.Axis> axes, int point, long seed) {
        JsonNode doc = base.deepCopy();
        double[] v = pointValues(axes, point);
        Problems problems = new Problems();
        for (int a = 0; a < axes.size(); a++) {
            Overrides.setNode(doc, axes.get(a).path(), DoubleNode.valueOf(v[a]), problems);
        }
        problems.throwIfAny();
        try {
            return ExperimentReader.read(doc, Map.of()).network();
        } catch (ExperimentException ex) {
            StringBuilder at = new StringBuilder();
            for (int a = 0; a < axes.size(); a++) {
                at.append(a == 0 ? "" : ", ").append(axes.get(a).label()).append(" = ").append(v[a]);
            }
            throw new ExperimentException(ex.errors().stream().map(err -> new org.spinel.experiments.spec.ValidationError(
                    err.pointer(), err.found() + " (map-scan point " + at + ")", err.expected())).toList());
        }
    }

    /** The axis values of grid point {@code point}. */
    static double[] pointValues(List<MapScanSpec.Axis> axes, int point) {
        double[] v = new double[axes.size()];
        int rest = point;
        for (int a = axes.size() - 1; a >= 0; a--) {
            double[] vals = axes.get(a).values();
            v[a] = vals[rest % vals.length];
            rest /= vals.length;
        }
        return v;
    }

    /**
     * Initial condition k: the population's init drawn with the experiment seed for k = 0 (the engine's initial
     * state), with derived seeds for k &gt; 0; for basins, that state with the two grid coordinates set.
     */
    static double[] initialCondition(Network net, MapScanSpec spec, long seed, int k, int nodes) {
        if (spec.basins() != null) {
            double[] s = ChialvoNetworkMap.initialState(net, spec.population(), seed);
            MapScanSpec.Coordinate a = spec.basins().first(), b = spec.basins().second();
            s[a.stateIndex(nodes)] = a.values()[k / b.values().length];
            s[b.stateIndex(nodes)] = b.values()[k % b.values().length];
            return s;
        }
        long sk = k == 0 ? seed : seed + 0x9E3779B97F4A7C15L * k;
        return ChialvoNetworkMap.initialState(net, spec.population(), sk);
    }

    /** The spec shortened for {@code --quick}. */
    static MapScanSpec quick(MapScanSpec s) {
        int it = Math.min(s.iterations(), QUICK_ITERATIONS);
        int tr = Math.min(s.transientSteps(), Math.min(QUICK_TRANSIENT, it - 500));
        List<MapScanSpec.Axis> axes = new ArrayList<>();
        for (MapScanSpec.Axis a : s.axes()) {
            axes.add(new MapScanSpec.Axis(a.path(), a.label(), thin(a.values(), QUICK_POINTS)));
        }
        MapScanSpec.Basins b = s.basins() == null ? null : new MapScanSpec.Basins(
                new MapScanSpec.Coordinate(s.basins().first().node(), s.basins().first().variable(),
                        thin(s.basins().first().values(), QUICK_BASIN)),
                new MapScanSpec.Coordinate(s.basins().second().node(), s.basins().second().variable(),
                        thin(s.basins().second().values(), QUICK_BASIN)));
        int meas = it - tr;
        return new MapScanSpec(s.population(), axes, it, tr, Math.min(s.initialConditions(), QUICK_ICS), b, s.measures(),
                s.observableNode(), Math.min(s.samples(), meas), s.lyapunovTolerance(), s.periodTolerance(),
                Math.min(s.maxPeriod(), meas / 2 - 1), s.frequencies());
    }

    /** At most {@code max} values, evenly spaced, keeping both ends. */
    static double[] thin(double[] v, int max) {
        if (v.length <= max) {
            return v;
        }
        double[] out = new double[max];
        for (int i = 0; i < max; i++) {
            out[i] = v[(int) Math.round(i * (v.length - 1) / (double) (max - 1))];
        }
        return out;
    }

    private static ObjectNode metrics(Experiment e, MapScanSpec spec, List<MapScanSpec.Axis> axes,
            OrbitMeasures[][] results, int[][] labels, int points, int ics, int nodes, int maxAttractors, long buildNs,
            long runNs, int threads) {
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        m.put("points", points);
        m.put("initial_conditions", ics);
        m.put("orbits", (long) points * ics);
        m.put("nodes", nodes);
        m.put("iterations", spec.iterations());
        m.put("transient", spec.transientSteps());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Regime r : Regime.values()) {
            counts.put(r.label(), 0);
        }
        var diverged = m.putArray("diverged");
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < ics; k++) {
                OrbitMeasures o = results[p][k];
                counts.merge(o.regime().label(), 1, Integer::sum);
                if (o.regime() == Regime.DIVERGED && diverged.size() < 100) {
                    ObjectNode d = diverged.addObject();
                    d.put("point", p);
                    double[] v = pointValues(axes, p);
                    for (int a = 0; a < axes.size(); a++) {
                        d.put(axes.get(a).label(), v[a]);
                    }
                    d.put("initial_condition", k);
                    d.put("node", o.divergedNode());
                    d.put("iteration", o.divergedIteration());
                }
            }
        }
        ObjectNode rc = m.putObject("regimes");
        counts.forEach(rc::put);
        m.put("max_coexisting_attractors", maxAttractors);
        m.put("threads", threads);
        m.put("build_s", buildNs / 1e9);
        m.put("run_s", runNs / 1e9);
        double nodeIterations = (double) points * ics * spec.iterations() * nodes;
        m.put("ns_per_node_iteration", runNs / nodeIterations * threads);
        m.put("orbits_per_s", points * (double) ics / (runNs / 1e9));
        return m;
    }

    /** A CSV printer with {@code header} on a new UTF-8 file. */
    static CSVPrinter printer(Path file, List<String> header) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n').build()
                .print(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
}
