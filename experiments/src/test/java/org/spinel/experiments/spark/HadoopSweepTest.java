package org.spinel.experiments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepIndex;
import org.spinel.experiments.sweep.SweepPlan;
import org.spinel.experiments.sweep.SweepPoint;
import org.spinel.experiments.sweep.SweepPointFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sweeps into Hadoop-compatible URIs with the Spark executor ({@link HadoopSweepStore}): through a Hadoop filesystem
 * of the test's own scheme ({@link TestFileSystems}, registered by {@code --conf spark.hadoop.fs.<scheme>.impl}) the
 * sweep has the local executor's rows and one published directory per point, resumes from what the filesystem
 * lists, and an attempt that loses the race to publish discards its copy; a URI that cannot be written is refused
 * before any point runs, with nothing written.
 */
class HadoopSweepTest {
    @TempDir
    Path tmp;

    static final String FS = "--conf=spark.hadoop.fs.spinelfs.impl=" + TestFileSystems.Mapped.class.getName();

    private static int sweep(Path f, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", f.toString(), "--out", out, "--no-progress"));
        args.addAll(List.of(more));
        return SpinelCli.execute(args.toArray(String[]::new));
    }

    /** Runs the CLI with its standard error captured: exit code, then what it printed. */
    private static Object[] sweepCapturing(Path f, String out, String... more) {
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = sweep(f, out, more);
            return new Object[] {code, bytes.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    /** Files under {@code dir} whose names say they are a temporary copy or a probe (none may be left). */
    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\..*\\.tmp-.*|\\.probe-.*|\\.attempt-.*"))
                    .toList();
        }
    }

    @Test
    void aSweepIntoAHadoopUriHasTheLocalExecutorsRowsAndResumesFromTheFilesystem() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, SparkSweepTest.TWENTY);
        Path local = tmp.resolve("local"), remote = tmp.resolve("remote");
        String uri = "spinelfs://" + remote; // spinelfs:///tmp/.../remote
        assertEquals(1, sweep(f, local.toString()), "four points fail");
        assertEquals(1, sweep(f, uri, "--executor", "spark", "--master", "local[2]", FS));
        assertEquals(SparkSweepTest.rows(local), SparkSweepTest.rows(remote), "the same rows and point metrics");
        SparkSweepTest.onePublishedDirectoryPerPoint(remote, 16);
        Path dir = SparkSweepTest.sweepDir(remote);
        assertEquals(List.of(), leftovers(remote));
        for (String name : List.of("sweep.json", "manifest.json", "summary.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertEquals(17, Files.readAllLines(dir.resolve("summary.csv")).size(), "the summary of the 16 points, "
                + "from their metrics fetched from the filesystem");
        assertEquals(Files.readAllLines(SparkSweepTest.sweepDir(local).resolve("summary.csv")).get(0), Files
                .readAllLines(dir.resolve("summary.csv")).get(0), "the same metrics");
        JsonNode m = ExperimentReader.MAPPER.readTree(dir.resolve("manifest.json").toFile()).path("manifest");
        assertEquals("spark", m.path("executor").asText());
        assertEquals(20, m.path("ran").asInt());

        // The driver was killed before it indexed anything: the index has its header only. The resumed sweep finds
        // the 16 published points by listing the filesystem (they do not run again) and runs the 4 failed ones.
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        Files.writeString(dir.resolve("index.csv"), lines.get(0) + "\n");
        // and left what a killed driver and killed tasks leave: a temporary copy of the index, a probe file, a
        // point's staged copy
        Files.writeString(dir.resolve(".index.csv.tmp-1234"), "torn");
        Files.writeString(dir.resolve(".probe-1234"), "\n");
        Files.createDirectories(dir.resolve("points/.attempt-p0000-1234/sw"));
        assertEquals(1, sweep(f, uri, "--executor", "spark", "--master", "local[2]", FS));
        assertEquals(SparkSweepTest.rows(local), SparkSweepTest.rows(remote));
        m = ExperimentReader.MAPPER.readTree(dir.resolve("manifest.json").toFile()).path("manifest");
        assertEquals(4, m.path("ran").asInt(), "only the failed points ran again: " + m);
        SparkSweepTest.onePublishedDirectoryPerPoint(remote, 16);
        List<CSVRecord> rows = SweepIndex.read(dir.resolve("index.csv"));
        assertEquals(20, rows.size());
        assertEquals(List.of(), leftovers(remote));
    }

    @Test
    void urisThatCannotBeWrittenAreRefusedBeforeAnyPointRuns() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, SparkSweepTest.TWENTY);
        Path target = tmp.resolve("ro");
        Object[] r = sweepCapturing(f, "nofs://" + target, "--executor", "spark", "--master", "local[1]");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("--out") && ((String) r[1]).contains("nofs://" + target) && ((String) r[1])
                .contains("No FileSystem for scheme"), (String) r[1]);
        assertFalse(((String) r[1]).contains("points"), "no point ran: " + r[1]);

        r = sweepCapturing(f, "spinelro://" + target, "--executor", "spark", "--master", "local[1]",
                "--conf=spark.hadoop.fs.spinelro.impl=" + TestFileSystems.ReadOnly.class.getName());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("spinelro://" + target) && ((String) r[1]).contains("read-only"),
                (String) r[1]);
        assertFalse(Files.exists(target), "nothing written");

        // The local executor takes paths and file: URIs only.
        r = sweepCapturing(f, "spinelfs://" + target);
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("need --executor spark"), (String) r[1]);
        assertFalse(Files.exists(target), "nothing written");
    }

    @Test
    void aLocalExecutorTakesAFileUri() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, SparkSweepTest.experiment(20, "5 ms", "[\"300 pA\"]", "[1, 2]"));
        assertEquals(0, sweep(f, tmp.resolve("runs").toUri().toString()));
        assertEquals(2, SweepIndex.read(SparkSweepTest.sweepDir(tmp.resolve("runs")).resolve("index.csv")).size());
    }

    @Test
    void anAttemptThatLosesTheRaceToPublishDiscardsItsCopy() throws Exception {
        String json = SparkSweepTest.experiment(50, "20 ms", "[\"300 pA\", \"350 pA\"]", "[1]");
        Experiment e = ExperimentReader.read(ExperimentReader.MAPPER.readTree(json), new java.util.LinkedHashMap<>());
        ObjectNode base = e.resolved().deepCopy();
        base.remove("sweep");
        SweepPoint p = SweepPlan.points(e.sweep()).get(1);
        Path dir = tmp.resolve("sweep");
        HadoopPointFunction race = new HadoopPointFunction(new SweepPointFunction(base, e.protocol(), tmp.resolve(
                "unused")), "spinelrace://" + dir, Map.of("fs.spinelrace.impl", TestFileSystems.Race.class.getName()));
        PointResult r = race.apply(p);
        assertTrue(r.ok(), r.error());
        Path point = dir.resolve("points").resolve(p.id());
        List<Path> runs;
        try (Stream<Path> s = Files.walk(point, 2)) {
            runs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).toList();
        }
        assertEquals(1, runs.size(), "one published run: " + runs);
        try (Stream<Path> s = Files.list(point)) {
            assertEquals(List.of(), s.filter(d -> d.getFileName().toString().startsWith(".")).toList(), "the loser's "
                    + "copy is gone");
        }
        assertEquals(dir.relativize(runs.get(0)).toString(), r.runDir(), "the winner's result");
        assertEquals(List.of(), leftovers(dir));
        // Once published, the point is not run again: its recorded result comes back.
        PointResult again = race.apply(p);
        assertEquals(r.runDir(), again.runDir());
        assertEquals(r.spikes(), again.spikes());
    }
}
