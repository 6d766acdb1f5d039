package org.spinel.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.results.plot.ScanPlots;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * After a sweep: {@code summary.csv} joins every finished point's swept values with the scalar metrics of its
 * {@code metrics.json}; with a {@link Experiment.Summary} block, {@code summary-<y>.csv} (series, x, mean, sd, n over
 * the seeds) and {@code summary-<y>.png} (mean ± sd curves) follow.
 */
public final class SweepSummary {
    private SweepSummary() {
    }

    /**
     * Writes the summary files of the sweep in {@code dir} (its {@code index.csv} and point directories).
     *
     * @return the files written
     * @throws ExperimentException if a summary name is neither a metric nor a swept path, or x/y are not
     *                                  numeric
     */
    public static List<Path> write(Path dir, Experiment.SweepSpec spec) throws IOException {
        List<CSVRecord> rows = SweepIndex.read(dir.resolve("index.csv"));
        List<String> axes = spec.axes().stream().flatMap(a -> a.paths().stream()).toList();
        List<Map<String, String>> table = new ArrayList<>();
        TreeSet<String> metricNames = new TreeSet<>();
        for (CSVRecord r : rows) {
            if (!"ok".equals(r.get("status"))) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("point", r.get("point"));
            row.put("seed", r.get("seed"));
            for (String a : axes) {
                row.put(a, r.get(a));
            }
            Path metrics = dir.resolve(r.get("run_dir")).resolve("metrics.json");
            if (Files.exists(metrics)) {
                flatten("", ExperimentReader.MAPPER.readTree(metrics.toFile()), row, metricNames);
            }
            table.add(row);
        }
        table.sort((a, b) -> a.get("point").compareTo(b.get("point")));
        List<String> header = new ArrayList<>(List.of("point", "seed"));
        header.addAll(axes);
        metricNames.stream().filter(n -> !header.contains(n)).forEach(header::add);
        List<Path> written = new ArrayList<>();
        Path all = dir.resolve("summary.csv");
        try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(all), CSVFormat.DEFAULT)) {
            p.printRecord(header);
            for (Map<String, String> row : table) {
                List<String> vals = new ArrayList<>();
                header.forEach(h -> vals.add(row.getOrDefault(h, "")));
                p.printRecord(vals);
            }
        }
        written.add(all);
        Experiment.Summary s = spec.summary();
        if (s == null || table.isEmpty()) {
            return written;
        }
        String[] fields = {"x", "y", "series"}, names = {s.x(), s.y(), s.series()};
        for (int k = 0; k < names.length; k++) {
            if (names[k] != null && !header.contains(names[k])) {
                throw new ExperimentException(List.of(new ValidationError("/sweep/summary/" + fields[k], "\"" + names[k]
                        + "\", neither a metric of the points nor a swept path", "one of " + String.join(", ",
                                header.subList(2, header.size())))));
            }
        }
        // series → x → statistics over the seeds (and any other swept axis not named).
        Map<String, TreeMap<Double, SummaryStatistics>> groups = new TreeMap<>();
        for (Map<String, String> row : table) {
            String series = s.series() == null ? s.y() : row.getOrDefault(s.series(), "");
            double x = number(row, s.x()), y = number(row, s.y());
            groups.computeIfAbsent(series, k -> new TreeMap<>()).computeIfAbsent(x, k -> new SummaryStatistics())
                    .addValue(y);
        }
        String stem = "summary-" + s.y().replaceAll("[^A-Za-z0-9_.-]", "_");
        Path csv = dir.resolve(stem + ".csv");
        Map<String, double[][]> curves = new LinkedHashMap<>();
        try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(csv), CSVFormat.DEFAULT)) {
            p.printRecord(s.series() == null ? "series" : s.series(), s.x(), s.y() + "_mean", s.y() + "_sd", "n");
            for (var g : groups.entrySet()) {
                int n = g.getValue().size(), k = 0;
                double[][] c = new double[3][n];
                for (var e : g.getValue().entrySet()) {
                    SummaryStatistics st = e.getValue();
                    double sd = st.getN() > 1 ? st.getStandardDeviation() : 0;
                    p.printRecord(g.getKey(), e.getKey(), st.getMean(), sd, st.getN());
                    c[0][k] = e.getKey();
                    c[1][k] = st.getMean();
                    c[2][k++] = sd;
                }
                curves.put(g.getKey(), c);
            }
        }
        written.add(csv);
        Path png = dir.resolve(stem + ".png");
        ScanPlots.errorCurves(png, s.y() + " (mean ± sd over seeds)", s.x(), s.y(), s.logX(), curves);
        written.add(png);
        return written;
    }

    /**
     * Puts every scalar of {@code node} into {@code row}: top-level ones by their name, those of nested objects as
     * {@code parent.child} (arrays are skipped: they are series, not point metrics).
     */
    private static void flatten(String prefix, JsonNode node, Map<String, String> row, TreeSet<String> names) {
        node.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            if (e.getValue().isValueNode()) {
                row.put(name, e.getValue().asText());
                names.add(name);
            } else if (e.getValue().isObject()) {
                flatten(name + ".", e.getValue(), row, names);
            }
        });
    }

    private static double number(Map<String, String> row, String name) {
        String v = row.getOrDefault(name, "");
        try {
            return Double.parseDouble(v.replaceAll("^\"|\"$", ""));
        } catch (NumberFormatException e) {
            throw new ExperimentException(List.of(new ValidationError("/sweep/summary", "\"" + name + "\" of point "
                    + row.get("point") + " = \"" + v + "\"", "a metric or swept path with numeric values")));
        }
    }
}
