package org.spinel.experiments.mapscan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVPrinter;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.MapScanSpec;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.ScanPlots;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/**
 * The results of a map scan as a table (one row per parameter point and initial condition, row-major) and its
 * exports: {@code scan.csv}, NPY columns {@code scan_<column>.npy} and {@code bifurcation.npy} [rows × samples],
 * {@code scan.h5} (one dataset per column plus {@code bifurcation}), and plots.
 */
final class ScanTable {
    private static final String REGIME_CODES = "0 fixed point, 1 periodic, 2 quasi-periodic, 3 chaotic, 4 diverged";
    private final MapScanSpec spec;
    private final List<MapScanSpec.Axis> axes;
    private final OrbitMeasures[][] results;
    private final int[][] labels;
    private final double[][] icStates;
    private final int nodes, points, ics;
    private final Map<String, double[]> columns = new LinkedHashMap<>();

    ScanTable(MapScanSpec spec, List<MapScanSpec.Axis> axes, OrbitMeasures[][] results, int[][] labels,
            double[][] icStates, int nodes) {
        this.spec = spec;
        this.axes = axes;
        this.results = results;
        this.labels = labels;
        this.icStates = icStates;
        this.nodes = nodes;
        this.points = results.length;
        this.ics = results[0].length;
        int rows = points * ics;
        for (MapScanSpec.Axis a : axes) {
            columns.put(a.label(), new double[rows]);
        }
        if (spec.basins() != null) {
            columns.put(spec.basins().first().label(), new double[rows]);
            columns.put(spec.basins().second().label(), new double[rows]);
        }
        for (String c : List.of("point", "initial_condition", "regime_code", "period", "lyapunov", "zero_one",
                "sample_entropy", "cross_correlation", "kuramoto_geometric", "kuramoto_spike", "spike_rate", "isi_cv",
                "attractor", "diverged_node", "diverged_iteration", "fp_x0", "fp_radius", "fp_crossing")) {
            columns.put(c, new double[rows]);
        }
        for (int p = 0; p < points; p++) {
            double[] v = MapScanRunner.pointValues(axes, p);
            for (int k = 0; k < ics; k++) {
                int r = p * ics + k;
                OrbitMeasures o = results[p][k];
                for (int a = 0; a < axes.size(); a++) {
                    columns.get(axes.get(a).label())[r] = v[a];
                }
                if (spec.basins() != null) {
                    columns.get(spec.basins().first().label())[r] = icStates[k][spec.basins().first().stateIndex(nodes)];
                    columns.get(spec.basins().second().label())[r] = icStates[k][spec.basins().second().stateIndex(nodes)];
                }
                put("point", r, p);
                put("initial_condition", r, k);
                put("regime_code", r, o.regime().code);
                put("period", r, o.period());
                put("lyapunov", r, o.lyapunov());
                put("zero_one", r, o.zeroOne());
                put("sample_entropy", r, o.sampleEntropy());
                put("cross_correlation", r, o.crossCorrelation());
                put("kuramoto_geometric", r, o.kuramotoGeometric());
                put("kuramoto_spike", r, o.kuramotoSpike());
                put("spike_rate", r, o.spikeRate());
                put("isi_cv", r, o.isiCv());
                put("attractor", r, labels[p][k]);
                put("diverged_node", r, o.divergedNode());
                put("diverged_iteration", r, o.divergedIteration());
                FixedPointInfo fp = o.fixedPoint();
                put("fp_x0", r, fp == null ? Double.NaN : fp.x()[0]);
                put("fp_radius", r, fp == null ? Double.NaN : fp.radius());
                put("fp_crossing", r, fp == null ? Double.NaN : fp.crossing().ordinal());
            }
        }
    }

    private void put(String column, int row, double v) {
        columns.get(column)[row] = v;
    }

    /** Writes scan.csv and, as asked, NPY and HDF5 exports; returns the file names. */
    List<String> write(Path dir, Experiment.Outputs out) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> header = new ArrayList<>(columns.keySet());
        header.add(header.indexOf("regime_code"), "regime");
        try (CSVPrinter csv = MapScanRunner.printer(dir.resolve("scan.csv"), header)) {
            int rows = points * ics;
            List<Object> rec = new ArrayList<>(header.size());
            for (int r = 0; r < rows; r++) {
                rec.clear();
                for (String h : header) {
                    if (h.equals("regime")) {
                        rec.add(results[r / ics][r % ics].regime().label());
                    } else {
                        double v = columns.get(h)[r];
                        rec.add(Double.isNaN(v) ? "" : v == Math.rint(v) && Math.abs(v) < 1e15 && integral(h)
                                ? Long.toString((long) v) : Double.toString(v));
                    }
                }
                csv.printRecord(rec);
            }
        }
        files.add("scan.csv");
        double[][] bif = bifurcation();
        if (out.npy()) {
            for (var c : columns.entrySet()) {
                NpyWriter.write(dir.resolve("scan_" + c.getKey() + ".npy"), c.getValue());
                files.add("scan_" + c.getKey() + ".npy");
            }
            if (bif != null) {
                NpyWriter.write(dir.resolve("bifurcation.npy"), bif);
                files.add("bifurcation.npy");
            }
        }
        if (out.hdf5()) {
            try (WritableHdfFile h = HdfFile.write(dir.resolve("scan.h5"))) {
                var g = h.putGroup("scan");
                for (var c : columns.entrySet()) {
                    g.putDataset(c.getKey(), c.getValue());
                }
                if (bif != null && bif.length > 0 && bif[0].length > 0) {
                    h.putDataset("bifurcation", bif);
                }
            }
            files.add("scan.h5");
        }
        return files;
    }

    private static boolean integral(String column) {
        return switch (column) {
            case "point", "initial_condition", "regime_code", "period", "attractor", "diverged_node",
                    "diverged_iteration", "fp_crossing" -> true;
            default -> false;
        };
    }

    /** Attractor samples per row (diverged rows padded with NaN), or null when not asked for. */
    private double[][] bifurcation() {
        if (!spec.has("bifurcation")) {
            return null;
        }
        double[][] b = new double[points * ics][spec.samples()];
        for (int r = 0; r < b.length; r++) {
            double[] s = results[r / ics][r % ics].samples();
            java.util.Arrays.fill(b[r], Double.NaN);
            System.arraycopy(s, 0, b[r], 0, Math.min(s.length, b[r].length));
        }
        return b;
    }

    /** Writes the plots that fit the scan's shape; returns the file names. */
    List<String> plots(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        String obs = "x[" + spec.observableNode() + "]";
        if (spec.basins() != null) {
            MapScanSpec.Coordinate a = spec.basins().first(), b = spec.basins().second();
            double[][] lab = new double[a.values().length][b.values().length];
            double[][] reg = new double[a.values().length][b.values().length];
            for (int k = 0; k < ics; k++) {
                lab[k / b.values().length][k % b.values().length] = labels[0][k];
                reg[k / b.values().length][k % b.values().length] = results[0][k].regime().code;
            }
            ScanPlots.heatMap(dir.resolve("basins.png"), "Basins: attractor label per initial condition", a.label(),
                    a.values(), b.label(), b.values(), lab);
            ScanPlots.heatMap(dir.resolve("basins_regime.png"), "Regime per initial condition (" + REGIME_CODES + ")",
                    a.label(), a.values(), b.label(), b.values(), reg);
            files.add("basins.png");
            files.add("basins_regime.png");
        }
        if (axes.size() == 1) {
            MapScanSpec.Axis ax = axes.get(0);
            double[] x = ax.values();
            if (spec.has("bifurcation")) {
                double[] param = new double[points * ics];
                double[][] samples = new double[points * ics][];
                int[] group = ics > 1 ? new int[points * ics] : null;
                for (int r = 0; r < param.length; r++) {
                    param[r] = x[r / ics];
                    samples[r] = results[r / ics][r % ics].samples();
                    if (group != null) {
                        group[r] = Math.min(r % ics, 9);
                    }
                }
                ScanPlots.bifurcation(dir.resolve("bifurcation.png"), "Bifurcation diagram", ax.label(), obs, param,
                        samples, group);
                files.add("bifurcation.png");
            }
            curves(dir, files, x, ax.label(), "lyapunov.png", "Largest Lyapunov exponent", "λ_max", "lyapunov");
            curves(dir, files, x, ax.label(), "zero-one.png", "0-1 test for chaos", "K", "zero_one");
            curves(dir, files, x, ax.label(), "sample-entropy.png", "Sample entropy of " + obs, "SampEn",
                    "sample_entropy");
            curves(dir, files, x, ax.label(), "fixed-point.png", "Spectral radius of the fixed point's Jacobian "
                    + "(> 1: unstable)", "max |eigenvalue|", "fp_radius");
            curves(dir, files, x, ax.label(), "regimes.png", "Regime (" + REGIME_CODES + ")", "regime", "regime_code");
            Map<String, double[]> sync = new LinkedHashMap<>();
            for (String c : List.of("cross_correlation", "kuramoto_geometric", "kuramoto_spike")) {
                double[] v = firstIc(c);
                if (finite(v)) {
                    sync.put(c, v);
                }
            }
            if (!sync.isEmpty()) {
                ScanPlots.curves(dir.resolve("synchrony.png"), "Synchrony (initial condition 0)", ax.label(), "Γ, R", x,
                        sync);
                files.add("synchrony.png");
            }
        } else if (axes.size() == 2) {
            MapScanSpec.Axis ax = axes.get(0), ay = axes.get(1);
            for (String[] m : new String[][] {{"regime_code", "regimes.png", "Regime (" + REGIME_CODES + ")"},
                    {"lyapunov", "lyapunov.png", "Largest Lyapunov exponent"}, {"zero_one", "zero-one.png", "0-1 test K"},
                    {"cross_correlation", "cross-correlation.png", "Cross-correlation Γ"},
                    {"kuramoto_geometric", "kuramoto.png", "Kuramoto R (geometric phases)"},
                    {"sample_entropy", "sample-entropy.png", "Sample entropy"}}) {
                double[] v = firstIc(m[0]);
                if (!finite(v)) {
                    continue;
                }
                double[][] z = new double[ax.values().length][ay.values().length];
                for (int p = 0; p < points; p++) {
                    z[p / ay.values().length][p % ay.values().length] = v[p];
                }
                ScanPlots.heatMap(dir.resolve(m[1]), m[2] + " (initial condition 0)", ax.label(), ax.values(),
                        ay.label(), ay.values(), z);
                files.add(m[1]);
            }
        } else if (spec.has("bifurcation") && spec.basins() == null) {
            Map<String, double[]> tail = new LinkedHashMap<>();
            double[] idx = new double[spec.samples()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = spec.iterations() - spec.samples() + i + 1;
            }
            for (int k = 0; k < Math.min(ics, 5); k++) {
                double[] s = results[0][k].samples();
                if (s.length == idx.length) {
                    tail.put("initial condition " + k, s);
                }
            }
            ScanPlots.curves(dir.resolve("orbit.png"), "Attractor: last " + idx.length + " iterations of " + obs,
                    "iteration", obs, idx, tail);
            files.add("orbit.png");
        }
        return files;
    }

    private void curves(Path dir, List<String> files, double[] x, String xLabel, String file, String title,
            String yLabel, String column) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] all = columns.get(column);
        for (int k = 0; k < Math.min(ics, 5); k++) {
            double[] v = new double[points];
            for (int p = 0; p < points; p++) {
                v[p] = all[p * ics + k];
            }
            if (finite(v)) {
                series.put(ics == 1 ? yLabel : "initial condition " + k, v);
            }
        }
        if (!series.isEmpty()) {
            ScanPlots.curves(dir.resolve(file), title, xLabel, yLabel, x, series);
            files.add(file);
        }
    }

    private double[] firstIc(String column) {
        double[] all = columns.get(column), v = new double[points];
        for (int p = 0; p < points; p++) {
            v[p] = all[p * ics];
        }
        return v;
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }
}
