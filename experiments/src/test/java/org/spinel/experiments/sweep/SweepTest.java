package org.spinel.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;

/** Sweeps: grid × seeds, failures recorded, a SIGTERM-killed sweep resumes with every point exactly once. */
class SweepTest {
    @TempDir
    Path tmp;

    static String experiment(int neurons, String duration, String values, String seeds, int parallel) {
        return "{\"name\": \"sw\", \"duration\": \"" + duration + "\", \"populations\": [{\"name\": \"E\", \"size\": "
                + neurons + ", \"model\": {\"type\": \"lif-cuba\", \"vRest\": \"-60 mV\"}, \"init\": {\"v\": {\"dist\": "
                + "\"uniform\", \"low\": \"-60 mV\", \"high\": \"-50 mV\"}}}], \"projections\": [{\"name\": \"EE\", "
                + "\"pre\": \"E\", \"post\": \"E\", \"target\": \"ge\", \"topology\": {\"type\": \"fixed-probability\", "
                + "\"p\": 0.05}, \"weight\": \"0.5 mV\"}], \"currents\": [{\"name\": \"drive\", \"population\": \"E\", "
                + "\"value\": \"300 pA\"}], \"outputs\": {\"formats\": [\"npy\"], \"plots\": false}, \"sweep\": {\"grid\": "
                + "[{\"path\": \"/currents/0/value\", \"values\": " + values + "}], \"seeds\": " + seeds + ", \"parallel\": "
                + parallel + "}}";
    }

    private static Path sweepDir(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("sw"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
    }

    @Test
    void gridTimesSeedsInOrderWithStableIds() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, experiment(50, "20 ms", "[\"200 pA\", \"300 pA\", \"400 pA\"]", "[1, 2]", 2));
        Path out = tmp.resolve("runs");
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        List<CSVRecord> rows = SweepIndex.read(sweepDir(out).resolve("index.csv"));
        assertEquals(6, rows.size());
        Map<String, CSVRecord> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.get("point"), r));
        assertEquals("200 pA", byId.get("p0000").get("/currents/0/value"));
        assertEquals("1", byId.get("p0000").get("seed"));
        assertEquals("2", byId.get("p0001").get("seed"));
        assertEquals("400 pA", byId.get("p0005").get("/currents/0/value"));
        for (CSVRecord r : rows) {
            assertEquals("ok", r.get("status"));
            assertTrue(Files.exists(sweepDir(out).resolve(r.get("run_dir")).resolve("manifest.json")), r.toString());
        }
        com.fasterxml.jackson.databind.JsonNode m = org.spinel.experiments.spec.ExperimentReader.MAPPER.readTree(
                sweepDir(out).resolve("manifest.json").toFile()).path("manifest");
        assertEquals("local", m.path("executor").asText(), m.toString());
        assertEquals(2, m.path("parallel").asInt());
        assertEquals(6, m.path("ran").asInt());
        // Running again skips everything.
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        assertEquals(6, SweepIndex.read(sweepDir(out).resolve("index.csv")).size());
        assertEquals(0, org.spinel.experiments.spec.ExperimentReader.MAPPER.readTree(sweepDir(out).resolve(
                "manifest.json").toFile()).path("manifest").path("ran").asInt(), "the manifest of the last invocation");
    }

    @Test
    void summaryJoinsMetricsAndAveragesOverSeeds() throws Exception {
        Path f = tmp.resolve("s.json");
        String json = experiment(50, "20 ms", "[200, 400]", "[1, 2]", 2).replace("\"parallel\": 2}",
                "\"parallel\": 2, \"summary\": {\"x\": \"/currents/0/value\", \"y\": \"spikes\"}}");
        Files.writeString(f, json);
        Path out = tmp.resolve("runs");
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        Path dir = sweepDir(out);
        List<CSVRecord> all = SweepIndex.read(dir.resolve("summary.csv"));
        assertEquals(4, all.size());
        Map<Double, Double> sum = new HashMap<>();
        for (CSVRecord r : all) {
            sum.merge(Double.parseDouble(r.get("/currents/0/value")), Double.parseDouble(r.get("spikes")) / 2, Double::sum);
        }
        List<CSVRecord> stats = SweepIndex.read(dir.resolve("summary-spikes.csv"));
        assertEquals(2, stats.size());
        for (CSVRecord r : stats) {
            assertEquals(sum.get(Double.parseDouble(r.get("/currents/0/value"))), Double.parseDouble(r.get("spikes_mean")), 1e-9);
            assertEquals("2", r.get("n"));
        }
        assertTrue(Double.parseDouble(stats.get(1).get("spikes_mean")) > Double.parseDouble(stats.get(0).get("spikes_mean")),
                "more drive, more spikes");
        assertTrue(Files.size(dir.resolve("summary-spikes.png")) > 1000);
    }

    /**
     * A linked axis sets every linked pointer to scale × value at each point (here the synaptic weight follows the
     * drive), lists them in index.csv and summary.csv, and flattens nested metrics into {@code parent.child} columns.
     */
    @Test
    void aLinkedAxisSetsEveryLinkedPointerToScaleTimesTheValue() throws Exception {
        Path f = tmp.resolve("l.json");
        String json = experiment(50, "20 ms", "[200, 400]", "[1]", 1).replace("\"values\": [200, 400]}",
                "\"values\": [200, 400], \"linked\": [{\"path\": \"/projections/0/weight\", \"scale\": 0.002}, "
                        + "{\"path\": \"/projections/0/topology/p\", \"scale\": 0.0001}]}");
        Files.writeString(f, json);
        Path out = tmp.resolve("runs");
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        Path dir = sweepDir(out);
        List<CSVRecord> rows = SweepIndex.read(dir.resolve("index.csv"));
        assertEquals(2, rows.size());
        for (CSVRecord r : rows) {
            double v = Double.parseDouble(r.get("/currents/0/value"));
            assertEquals(0.002 * v, Double.parseDouble(r.get("/projections/0/weight")), 1e-12, r.toString());
            assertEquals(0.0001 * v, Double.parseDouble(r.get("/projections/0/topology/p")), 1e-12, r.toString());
            com.fasterxml.jackson.databind.JsonNode m = org.spinel.experiments.spec.ExperimentReader.MAPPER.readTree(
                    dir.resolve(r.get("run_dir")).resolve("manifest.json").toFile()).path("experiment");
            assertEquals(0.002 * v, m.at("/projections/0/weight").asDouble(), 1e-12, "the run used the linked value");
            assertEquals(0.0001 * v, m.at("/projections/0/topology/p").asDouble(), 1e-12);
            assertEquals(v, m.at("/currents/0/value").asDouble(), 1e-12);
        }
        List<CSVRecord> summary = SweepIndex.read(dir.resolve("summary.csv"));
        assertTrue(summary.get(0).isMapped("/projections/0/weight"), summary.get(0).toString());
        com.fasterxml.jackson.databind.JsonNode metrics = org.spinel.experiments.spec.ExperimentReader.MAPPER.readTree(
                dir.resolve(rows.get(0).get("run_dir")).resolve("metrics.json").toFile());
        metrics.fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(c -> {
            if (c.getValue().isValueNode()) {
                String name = e.getKey() + "." + c.getKey();
                assertTrue(summary.get(0).isMapped(name), name + " in " + summary.get(0));
            }
        }));
    }

    /** A linked axis needs numbers and pointers it does not set already; each problem names its pointer. */
    @Test
    void aLinkedAxisRejectsNonNumbersAndRepeatedPointers() throws Exception {
        String json = experiment(50, "20 ms", "[200, \"400 pA\"]", "[1]", 1).replace("\"values\": [200, \"400 pA\"]}",
                "\"values\": [200, \"400 pA\"], \"linked\": [{\"path\": \"/currents/0/value\"}, "
                        + "{\"path\": \"/projections/0/weight\", \"scale\": \"x\"}]}");
        org.spinel.experiments.spec.ExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.spinel.experiments.spec.ExperimentException.class,
                () -> org.spinel.experiments.spec.ExperimentReader.read(
                        org.spinel.experiments.spec.ExperimentReader.MAPPER.readTree(json), Map.of()));
        List<String> pointers = e.errors().stream().map(org.spinel.experiments.spec.ValidationError::pointer).toList();
        assertTrue(pointers.contains("/sweep/grid/0/values/1"), pointers.toString());
        assertTrue(pointers.contains("/sweep/grid/0/linked/0/path"), pointers.toString());
        assertTrue(pointers.contains("/sweep/grid/0/linked/1/scale"), pointers.toString());
    }

    @Test
    void oneWriterPerIndex() throws Exception {
        Path f = tmp.resolve("index.csv");
        try (SweepIndex a = new SweepIndex(f, List.of("point", "status"))) {
            java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.nio.file.FileSystemException.class,
                    () -> new SweepIndex(f, List.of("point", "status")));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            a.append(List.of("p0000", "ok"));
        }
        try (SweepIndex b = new SweepIndex(f, List.of("point", "status"))) {
            assertEquals(java.util.Set.of("p0000"), b.finished(), "the lock is released on close");
        }
    }

    @Test
    void aFailingPointIsRecordedAndTheOthersGoOn() throws Exception {
        String json = "{\"name\": \"sw\", \"dt\": 1, \"duration\": 200, \"populations\": [{\"name\": \"r\", \"size\": 20, "
                + "\"model\": {\"type\": \"chialvo\"}, \"init\": {\"x\": {\"dist\": \"uniform\", \"low\": 0, "
                + "\"high\": 1}}}], \"couplings\": [{\"name\": \"c\", \"population\": \"r\", "
                + "\"variable\": \"x\", \"graph\": {\"type\": \"ring-star\", \"range\": 2, \"mu\": 0.005}}], "
                + "\"outputs\": {\"formats\": [\"csv\"], \"plots\": false}, "
                + "\"sweep\": {\"grid\": [{\"path\": \"/couplings/0/graph/mu\", \"values\": [0.005, 50, 0.001]}], "
                + "\"parallel\": 2}}";
        Path f = tmp.resolve("f.json");
        Files.writeString(f, json);
        Path out = tmp.resolve("runs");
        assertEquals(1, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        List<CSVRecord> rows = SweepIndex.read(sweepDir(out).resolve("index.csv"));
        assertEquals(3, rows.size());
        for (CSVRecord r : rows) {
            boolean bad = r.get("/couplings/0/graph/mu").equals("50");
            assertEquals(bad ? "failed" : "ok", r.get("status"), r.toString());
            if (bad) {
                assertTrue(r.get("error").contains("numerical blow-up"), r.get("error"));
            }
        }
    }

    @Test
    void aKilledSweepResumesWithEveryPointExactlyOnce() throws Exception {
        Path f = tmp.resolve("k.json");
        int points = 16;
        Files.writeString(f, experiment(2000, "1500 ms", "[\"250 pA\", \"300 pA\", \"350 pA\", \"400 pA\"]",
                "[1, 2, 3, 4]", 1));
        Path out = tmp.resolve("runs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.spinel.experiments.SpinelCli", "sweep", f.toString(), "--out", out.toString(), "--no-progress")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path index = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int rowsAtKill = 0;
        while (System.nanoTime() < deadline) {
            if (index == null && Files.isDirectory(out.resolve("sw"))) {
                try {
                    index = sweepDir(out).resolve("index.csv");
                } catch (java.util.NoSuchElementException e) {
                    index = null;
                }
            }
            if (index != null && Files.exists(index)) {
                rowsAtKill = SweepIndex.read(index).size();
                if (rowsAtKill >= 3) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child exits on SIGTERM");
        int rowsAfterKill = SweepIndex.read(index).size();
        assertTrue(rowsAtKill >= 3 && rowsAfterKill < points, "killed mid-way: " + rowsAfterKill + " rows; log: "
                + Files.readString(tmp.resolve("child.log")));
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        List<CSVRecord> rows = SweepIndex.read(index);
        assertEquals(points, rows.size());
        assertEquals(points, rows.stream().map(r -> r.get("point")).distinct().count(), "each point exactly once");
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ok")));
    }
}
