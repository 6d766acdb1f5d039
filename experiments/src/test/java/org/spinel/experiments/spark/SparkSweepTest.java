package org.spinel.experiments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.sweep.SweepIndex;
import org.spinel.experiments.sweep.SweepPoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Spark sweep executor (built and run by the {@code spark} Maven profile): the same sweep gives the same
 * {@code index.csv} rows (points, seeds, swept values, status, spikes, errors) and the same point metrics on the local
 * executor, on Spark {@code local[2]} and on Spark with separate executor JVMs ({@code local-cluster}); a killed
 * executor's task is retried and its point appears once; a SIGKILLed driver resumes with every point exactly once;
 * bad masters and outputs are refused before any point runs.
 */
class SparkSweepTest {
    @TempDir
    Path tmp;

    /**
     * 20 quick points: a ring-star of Chialvo maps at five coupling strengths × four seeds; at μ = 50 the maps blow up
     * (those four points fail at run time, with their error, while the others go on).
     */
    static final String TWENTY = "{\"name\": \"sw\", \"dt\": 1, \"duration\": 200, \"populations\": [{\"name\": \"r\", "
            + "\"size\": 20, \"model\": {\"type\": \"chialvo\"}, \"init\": {\"x\": {\"dist\": \"uniform\", \"low\": 0, "
            + "\"high\": 1}}}], \"couplings\": [{\"name\": \"c\", \"population\": \"r\", \"variable\": \"x\", \"graph\": "
            + "{\"type\": \"ring-star\", \"range\": 2, \"mu\": 0.005}}], \"outputs\": {\"formats\": [\"csv\"], \"plots\": "
            + "false}, \"sweep\": {\"grid\": [{\"path\": \"/couplings/0/graph/mu\", \"values\": [0.001, 0.002, 0.005, 50, "
            + "0.01]}], \"seeds\": [1, 2, 3, 4], \"parallel\": 2}}";

    /** A sweep of LIF networks driven by a current (points of adjustable length). */
    static String experiment(int neurons, String duration, String values, String seeds) {
        return "{\"name\": \"sw\", \"duration\": \"" + duration + "\", \"populations\": [{\"name\": \"E\", \"size\": "
                + neurons + ", \"model\": {\"type\": \"lif-cuba\", \"vRest\": \"-60 mV\"}, \"init\": {\"v\": {\"dist\": "
                + "\"uniform\", \"low\": \"-60 mV\", \"high\": \"-50 mV\"}}}], \"projections\": [{\"name\": \"EE\", "
                + "\"pre\": \"E\", \"post\": \"E\", \"target\": \"ge\", \"topology\": {\"type\": \"fixed-probability\", "
                + "\"p\": 0.1}, \"weight\": \"0.5 mV\"}], \"currents\": [{\"name\": \"drive\", \"population\": \"E\", "
                + "\"value\": \"300 pA\"}], \"outputs\": {\"formats\": [\"npy\"], \"plots\": false}, \"sweep\": {\"grid\": "
                + "[{\"path\": \"/currents/0/value\", \"values\": " + values + "}], \"seeds\": " + seeds + ", \"parallel\": "
                + "2}}";
    }


    static Path sweepDir(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("sw"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
    }

    /**
     * Each point's row without what legitimately differs between two runs of a sweep (wall time; the run directory's
     * time stamp), with the point's metrics.json (timings removed) appended: point id → that text.
     */
    static TreeMap<String, String> rows(Path out) throws IOException {
        Path dir = sweepDir(out);
        TreeMap<String, String> byPoint = new TreeMap<>();
        for (CSVRecord r : SweepIndex.read(dir.resolve("index.csv"))) {
            Map<String, String> m = new TreeMap<>(r.toMap());
            m.remove("wall_s");
            String runDir = m.remove("run_dir");
            m.put("run_dir_hash", runDir.replaceAll("\\d{8}-\\d{6}-", ""));
            String metrics = "";
            if (!runDir.isEmpty()) {
                JsonNode j = ExperimentReader.MAPPER.readTree(dir.resolve(runDir).resolve("metrics.json").toFile());
                removeTimings(j);
                metrics = j.toString();
            }
            String previous = byPoint.put(r.get("point"), m + " " + metrics);
            assertEquals(null, previous, "point " + r.get("point") + " indexed twice");
        }
        return byPoint;
    }

    private static void removeTimings(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                if (it.next().endsWith("_s")) {
                    it.remove();
                }
            }
        }
        n.forEach(SparkSweepTest::removeTimings);
    }

    /** Each point has exactly one published run directory, and no attempt is left staged. */
    static void onePublishedDirectoryPerPoint(Path out, int okPoints) throws IOException {
        Path points = sweepDir(out).resolve("points");
        int runs = 0;
        try (Stream<Path> s = Files.list(points)) {
            for (Path p : s.toList()) {
                assertFalse(p.getFileName().toString().startsWith("."), "left staged: " + p);
                try (Stream<Path> r = Files.list(Files.list(p).findFirst().orElseThrow())) {
                    List<Path> published = r.filter(d -> !d.getFileName().toString().startsWith(".")).toList();
                    assertEquals(1, published.size(), p + ": " + published);
                    runs++;
                }
            }
        }
        assertEquals(okPoints, runs);
    }

    private int sweep(Path f, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", f.toString(), "--out", out.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return SpinelCli.execute(args.toArray(String[]::new));
    }

    @Test
    void sparkLocal2GivesTheLocalExecutorsRows() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, TWENTY);
        Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
        assertEquals(1, sweep(f, local), "four points fail");
        assertEquals(1, sweep(f, spark, "--executor", "spark", "--master", "local[2]"));
        TreeMap<String, String> expected = rows(local), actual = rows(spark);
        assertEquals(20, expected.size());
        assertEquals(4, expected.values().stream().filter(r -> r.contains("status=failed") && r.contains("blow-up"))
                .count());
        assertEquals(expected, actual);
        onePublishedDirectoryPerPoint(spark, 16);
        JsonNode m = ExperimentReader.MAPPER.readTree(sweepDir(spark).resolve("manifest.json").toFile()).path(
                "manifest");
        assertEquals("spark", m.path("executor").asText());
        assertEquals("local[2]", m.path("master").asText());
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), m.path("spark_version").asText());
        assertEquals(1, m.path("executors").asInt(), "local mode: the driver is the one executor");
        assertEquals("local", ExperimentReader.MAPPER.readTree(sweepDir(local).resolve("manifest.json").toFile())
                .path("manifest").path("executor").asText());
        // Resuming on Spark runs only the failed points again (they fail again) and adds no ok row.
        assertEquals(1, sweep(f, spark, "--executor", "spark", "--master", "local[2]"));
        List<CSVRecord> rows = SweepIndex.read(sweepDir(spark).resolve("index.csv"));
        assertEquals(24, rows.size(), "the four failed points again, nothing else");
        assertEquals(16, rows.stream().filter(r -> r.get("status").equals("ok")).map(r -> r.get("point")).distinct()
                .count());
        onePublishedDirectoryPerPoint(spark, 16);
    }

    @Test
    void badMastersAndOutputsAreRefusedBeforeAnyPointRuns() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, TWENTY);
        Path out = tmp.resolve("runs");
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertEquals(2, sweep(f, out, "--executor", "spark", "--master", "spark://127.0.0.1:" + closedPort));
        assertEquals(2, sweep(f, out, "--executor", "spark", "--master", "nowhere://x"));
        assertEquals(2, SpinelCli.execute("sweep", f.toString(), "--out", "hdfs://namenode:8020/runs", "--no-progress"),
                "a Hadoop URI needs the Spark executor (HadoopSweepTest)");
        assertEquals(2, sweep(f, out, "--executor", "cluster"));
        assertEquals(2, sweep(f, out, "--master", "local[2]"), "--master needs --executor spark");
        assertFalse(Files.exists(out), "nothing written");
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        assertEquals(1, sweep(f, file, "--executor", "spark", "--master", "local[1]"), "an output Spark cannot write");
        assertEquals("x", Files.readString(file), "nothing lost");
    }

    @Test
    void aPointFunctionThatDoesNotSerialiseIsRefusedBeforeAnyPointRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (SparkSweepExecutor spark = new SparkSweepExecutor("t", "local[1]", Map.of())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark.execute(List.of(
                    new SweepPoint("p0000", Map.of(), 1)), p -> {
                        ran.incrementAndGet();
                        return null;
                    }, r -> ran.incrementAndGet()));
            assertTrue(e.getMessage().contains("serialisation"), e.getMessage());
        }
        assertEquals(0, ran.get());
    }

    @Test
    void separateExecutorJvmsGiveTheLocalExecutorsRowsAndAKilledExecutorsPointAppearsOnce() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, TWENTY);
        Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
        assertEquals(1, sweep(f, local));
        assertEquals(1, sweep(f, spark, cluster()));
        assertEquals(rows(local), rows(spark));
        onePublishedDirectoryPerPoint(spark, 16);
        JsonNode m = ExperimentReader.MAPPER.readTree(sweepDir(spark).resolve("manifest.json").toFile()).path(
                "manifest");
        assertEquals(2, m.path("executors").asInt(), "both executor JVMs ran points");

        // Slower points (about a second each); an executor JVM is killed while it runs one.
        Path g = tmp.resolve("k.json");
        Files.writeString(g, experiment(2000, "1500 ms", "[\"250 pA\", \"300 pA\", \"350 pA\"]", "[1, 2]"));
        Path killed = tmp.resolve("killed");
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                try {
                    boolean midPoint;
                    try (Stream<Path> staged = Files.list(sweepDir(killed).resolve("points"))) {
                        midPoint = staged.anyMatch(d -> d.getFileName().toString().startsWith(".attempt-"));
                    }
                    if (midPoint) {
                        ProcessHandle executor = ProcessHandle.current().descendants().filter(h -> commandLine(h)
                                .contains("CoarseGrainedExecutorBackend")).findFirst().orElse(null);
                        if (executor != null) {
                            executor.destroyForcibly(); // SIGKILL, mid-point: both executors run one at a time
                            kills.incrementAndGet();
                            return;
                        }
                    }
                } catch (IOException | RuntimeException notYet) {
                    // the sweep directory or its index is not there yet
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        killer.start();
        assertEquals(0, sweep(g, killed, cluster()));
        killer.join();
        assertEquals(1, kills.get(), "an executor JVM was killed");
        JsonNode km = ExperimentReader.MAPPER.readTree(sweepDir(killed).resolve("manifest.json").toFile()).path(
                "manifest");
        assertTrue(km.path("failed_task_attempts").asInt() >= 1, "the killed executor's task ran again: " + km);
        List<CSVRecord> rows = SweepIndex.read(sweepDir(killed).resolve("index.csv"));
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(6, rows.stream().map(r -> r.get("point")).distinct().count(), "each point once");
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ok")));
        // The killed attempt's staging directory is hidden; the next sweep here (any executor) removes it.
        assertEquals(0, sweep(g, killed));
        onePublishedDirectoryPerPoint(killed, 6);
    }

    /** A process's command line (from /proc: ProcessHandle.Info leaves out long ones). */
    static String commandLine(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * Two executor JVMs of one core and 1 GB each, started by an in-process standalone master and worker
     * ({@code local-cluster}); the executors get this JVM's class path, so no Spark distribution is needed: the
     * worker's command builder, which looks for one's {@code jars/} folder, is told so by {@code SPARK_TESTING=1} and
     * the Scala version.
     */
    static String[] cluster() {
        return new String[] {"--executor", "spark", "--master", "local-cluster[2,1,1024]", "--conf",
                "spark.executor.extraClassPath=" + System.getProperty("java.class.path"), "--conf",
                "spark.executorEnv.SPARK_TESTING=1", "--conf", "spark.executorEnv.SPARK_SCALA_VERSION=2.13", "--conf",
                "spark.task.maxFailures=4"};
    }

    @Test
    void aKilledDriverResumesWithEveryPointExactlyOnceTwiceInARow() throws Exception {
        Path f = tmp.resolve("k.json");
        int points = 12;
        Files.writeString(f, experiment(1500, "600 ms", "[\"250 pA\", \"300 pA\", \"350 pA\"]", "[1, 2, 3, 4]"));
        Path out = tmp.resolve("runs");
        int before = 0;
        for (int kill = 0; kill < 2; kill++) {
            Process p = driver(f, out, tmp.resolve("driver" + kill + ".log"));
            int at = before;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && at < before + 2 && p.isAlive()) {
                Path index = Files.isDirectory(out.resolve("sw")) ? sweepDir(out).resolve("index.csv") : null;
                at = index != null && Files.exists(index) ? SweepIndex.read(index).size() : 0;
                Thread.sleep(20);
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            int rows = SweepIndex.read(sweepDir(out).resolve("index.csv")).size();
            assertTrue(rows >= before + 2 && rows < points, "killed mid-way: " + rows + " rows; log: " + Files
                    .readString(tmp.resolve("driver" + kill + ".log")));
            before = rows;
        }
        assertEquals(0, sweep(f, out, "--executor", "spark", "--master", "local[2]"));
        List<CSVRecord> rows = SweepIndex.read(sweepDir(out).resolve("index.csv"));
        assertEquals(points, rows.size());
        assertEquals(points, rows.stream().map(r -> r.get("point")).distinct().count(), "each point exactly once");
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ok")));
        onePublishedDirectoryPerPoint(out, points);
    }

    /** A sweep driver in its own JVM, with this JVM's class path and Spark's Java 17 options. */
    private static Process driver(Path f, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a
                .startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.spinel.experiments.SpinelCli", "sweep", f
                .toString(), "--out", out.toString(), "--no-progress", "--executor", "spark", "--master", "local[2]"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void theLocalExecutorLoadsNoSparkClass() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, experiment(20, "5 ms", "[\"300 pA\"]", "[1, 2]"));
        Path log = tmp.resolve("classes.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "org.spinel.experiments.SpinelCli",
                "sweep", f.toString(), "--out", tmp.resolve("runs").toString(), "--no-progress").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(log));
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("org.spinel.experiments.sweep.LocalSweepExecutor")),
                "the class log is read");
        List<String> spark = lines.stream().filter(l -> l.startsWith("[") && (l.contains(" org.apache.spark.") || l
                .contains(" scala.") || l.contains(" org.apache.hadoop.") || l.contains(
                        " org.spinel.experiments.spark."))).toList();
        assertEquals(List.of(), spark, "Spark, Scala or Hadoop classes loaded by a local sweep");
        Class.forName("org.apache.spark.SparkContext", false, getClass().getClassLoader()); // it was there to load
    }
}
