package org.spinel.experiments.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The protocol registry: protocols found on the test class path ({@link EchoProtocol}, {@link NullPointerProtocol},
 * registered only in the tests' service file) run through {@code spinel run} like the built-in ones, with the run
 * directory, manifest, metrics and exit codes written by the framework; run ids stay unique under concurrent runs.
 */
class ProtocolPluginTest {
    @TempDir
    Path tmp;

    /** Runs the CLI; returns {exit code, stderr}. */
    static Object[] cli(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            int code = SpinelCli.execute(args);
            return new Object[] {code, err.toString()};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private Path experiment(String name, String protocol) throws Exception {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"name\": \"" + name + "\", \"duration\": \"1 ms\", \"populations\": [{\"name\": \"p\", "
                + "\"size\": 1, \"model\": {\"type\": \"lif-cuba\"}}], \"protocol\": " + protocol + "}");
        return f;
    }

    /** Every entry under {@code dir} (relative, sorted), hidden ones included. */
    private static List<String> tree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static Path onlyRun(Path parent) throws Exception {
        try (var s = Files.list(parent)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), "one run directory and nothing else (no working directory left): " + dirs);
            return dirs.get(0);
        }
    }

    @Test
    void registryFindsTheBuiltInProtocolsAndTheTestOnes() {
        assertTrue(Protocols.names().containsAll(List.of("simulate", "map-scan", "lsm-classification", "train",
                "test-echo", "test-null-pointer")), Protocols.names().toString());
        assertTrue(Protocols.get("train").resumes() && Protocols.get("train").ownsNetwork());
        assertFalse(Protocols.get("test-echo").resumes());
    }

    @Test
    void aProtocolFromTheTestClassPathRunsThroughSpinelRun() throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", experiment("echo", "{\"type\": \"test-echo\", \"count\": 3}").toString(), "--out",
                out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path run = onlyRun(out.resolve("echo"));
        assertTrue(run.getFileName().toString().matches("\\d{8}-\\d{6}-[0-9a-f]{8}"), run.toString());
        assertEquals("echo 0\necho 1\necho 2\n", Files.readString(run.resolve("echo.txt")));
        JsonNode manifest = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile());
        JsonNode info = manifest.path("manifest");
        assertEquals("test-echo", info.path("protocol").asText());
        assertEquals(run.getFileName().toString(), info.path("id").asText());
        assertEquals("none", info.path("backend").asText());
        assertFalse(info.path("quick").asBoolean());
        // The manifest lists every file of the directory but itself, metrics.json and nested ones included.
        List<String> listed = new ArrayList<>();
        info.path("files").forEach(f -> listed.add(f.asText()));
        List<String> actual = new ArrayList<>(tree(run).stream().filter(f -> Files.isRegularFile(run.resolve(f)))
                .map(f -> f.replace('\\', '/')).filter(f -> !f.equals("manifest.json")).toList());
        assertEquals(actual, listed);
        assertEquals(List.of("echo.txt", "metrics.json", "nested/count.txt"), listed);
        JsonNode metrics = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals(3, metrics.path("count").asInt());
        assertEquals(metrics, manifest.path("metrics"));
        assertEquals(3, manifest.path("experiment").path("protocol").path("count").asInt(), "resolved by the plug-in");
    }

    @Test
    void theProtocolPartIsValidatedByThePlugInWithPointersAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", experiment("echo", "{\"type\": \"test-echo\", \"count\": 0}").toString(), "--out",
                out.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("/protocol/count"), (String) r[1]);
        r = cli("run", experiment("echo", "{\"type\": \"test-echo\", \"cuont\": 2}").toString(), "--out",
                out.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("/protocol/cuont") && ((String) r[1]).contains("count"), (String) r[1]);
        r = cli("run", experiment("echo", "{\"type\": \"test-ecko\"}").toString(), "--out", out.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("/protocol/type") && ((String) r[1]).contains("test-echo"), (String) r[1]);
        assertEquals(List.of(), tree(out));
    }

    @Test
    void anInternalErrorExitsOneWithOneLineAndLeavesNothing() throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", experiment("npe", "{\"type\": \"test-null-pointer\"}").toString(), "--out",
                out.toString());
        assertEquals(1, r[0], (String) r[1]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("spinel: internal error: java.lang.NullPointerException"), err);
        if (System.getenv("SPINEL_TRACE") == null) {
            assertEquals(1, err.lines().count(), "one line, no stack trace without SPINEL_TRACE: " + err);
        }
        assertEquals(List.of(), tree(out), "the working directory with its partial file is removed");
    }

    @Test
    void resumeIsRefusedForAProtocolThatDoesNotResume() throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", experiment("echo", "{\"type\": \"test-echo\"}").toString(), "--out", out.toString(),
                "--resume", tmp.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("--resume") && ((String) r[1]).contains("train"), (String) r[1]);
        assertEquals(List.of(), tree(out));
    }

    @Test
    void quickReductionsAreRecordedAndTheManifestReRunsTheQuickRun() throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", experiment("echo", "{\"type\": \"test-echo\", \"count\": 5}").toString(), "--quick",
                "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        Path run = onlyRun(out.resolve("echo"));
        JsonNode manifest = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile());
        assertTrue(manifest.path("manifest").path("quick").asBoolean());
        assertTrue(manifest.path("experiment").path("quick").asBoolean());
        assertEquals(2, manifest.path("experiment").path("protocol").path("count").asInt(), "the reduction is recorded");
        Path again = tmp.resolve("again");
        r = cli("run", run.resolve("manifest.json").toString(), "--out", again.toString());
        assertEquals(0, r[0], (String) r[1]);
        Path rerun = onlyRun(again.resolve("echo"));
        assertEquals(Files.readString(run.resolve("echo.txt")), Files.readString(rerun.resolve("echo.txt")));
        assertEquals("echo 0\necho 1\n", Files.readString(rerun.resolve("echo.txt")));
        assertEquals(run.getFileName().toString().substring(16), rerun.getFileName().toString().substring(16),
                "same experiment hash");
    }

    /** Issue 23 item 10: identical runs started at once (same second, same hash) get distinct directories. */
    @Test
    void concurrentIdenticalRunsAllSucceedInDistinctDirectories() throws Exception {
        Experiment e = ExperimentReader.read(experiment("echo", "{\"type\": \"test-echo\"}"), Map.of());
        Path out = tmp.resolve("runs");
        int n = 6;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return ExperimentRunner.run(e, out, new ExperimentRunner.Options(false, false, null)).directory();
                }));
            }
            Set<Path> dirs = new HashSet<>();
            for (Future<Path> f : runs) {
                dirs.add(f.get());
            }
            assertEquals(n, dirs.size(), dirs.toString());
            for (Path d : dirs) {
                JsonNode m = ExperimentReader.MAPPER.readTree(d.resolve("manifest.json").toFile());
                assertEquals(d.getFileName().toString(), m.path("manifest").path("id").asText());
                assertEquals("echo 0\necho 1\necho 2\n", Files.readString(d.resolve("echo.txt")));
            }
            try (var s = Files.list(out.resolve("echo"))) {
                assertEquals(n, s.count(), "no working directory left behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
