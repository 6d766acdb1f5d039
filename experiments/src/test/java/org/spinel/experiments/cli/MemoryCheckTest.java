package org.spinel.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.MemoryEstimate;
import org.spinel.experiments.train.TinyImages;

/**
 * The memory a run needs is estimated from the document, before anything is allocated: {@code inspect} prints it, and
 * a run (or an {@code inspect}) whose network, recordings or protocol buffers cannot fit in the heap exits 2 naming
 * the field of the largest part and the launcher's heap setting, without a stack trace and without writing anything.
 */
class MemoryCheckTest {
    @TempDir
    Path tmp;

    /** Runs the CLI; returns {exit code, stdout, stderr}. */
    private static Object[] cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            int code = SpinelCli.execute(args);
            return new Object[] {code, out.toString(), err.toString()};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path file(String json) throws Exception {
        Path f = tmp.resolve("exp.json");
        Files.writeString(f, json);
        return f;
    }

    /** Exit 2, the pointer and the heap hint on stderr, no stack trace, nothing under {@code out}. */
    private static void assertRefused(Object[] r, String pointer, Path out) throws Exception {
        String err = (String) r[2];
        assertEquals(2, r[0], err);
        assertTrue(err.contains(pointer), err);
        assertTrue(err.contains("SPINEL_JAVA_OPTS=\"-Xmx<size>\"") && err.contains("Java heap of"), err);
        assertFalse(err.contains("Exception") || err.contains("Error:") || err.contains("\tat "), err);
        assertFalse(out != null && Files.exists(out), "nothing written");
    }

    @Test
    void inspectOfTwoHundredMillionNeuronsIsRefusedBeforeBuilding() throws Exception {
        // 2·10⁸ current-based LIF neurons: 3 state variables and a spike flag, at least 32 bytes each = 6.0 GiB.
        assumeTrue(Runtime.getRuntime().maxMemory() < 6.4e9, "a test JVM of less than 6.4 GB heap (surefire: 4g)");
        Path f = file("{\"name\": \"big\", \"duration\": 10, \"populations\": [{\"name\": \"E\", \"size\": 200000000, "
                + "\"model\": {\"type\": \"lif-cuba\"}}]}");
        Object[] r = cli("inspect", f.toString());
        assertRefused(r, "/populations/0/size", null);
        assertTrue(((String) r[2]).contains("population \"E\" (200000000 neurons), 6.0 GiB"), (String) r[2]);
        assertEquals("", r[1], "nothing printed before the refusal");
    }

    @Test
    void aMonitorOverTwoBillionMillisecondsIsRefused() throws Exception {
        // dt 1 ms, 2·10⁹ steps: the state monitor of 10 neurons needs at least 2·10⁹ rows of 10 doubles.
        Path f = file("{\"name\": \"long\", \"dt\": 1, \"duration\": 2e9, \"populations\": [{\"name\": \"E\", "
                + "\"size\": 10, \"model\": {\"type\": \"lif-cuba\"}}], \"monitors\": {\"spikes\": [], "
                + "\"rates\": [{\"population\": \"E\"}], \"state\": [{\"population\": \"E\", \"variable\": \"v\"}]}}");
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertRefused(r, "/monitors/state/0", out);
        assertTrue(((String) r[2]).contains("state monitor /monitors/state/0 (2000000001 rows of 10 neurons)"),
                (String) r[2]);
        r = cli("inspect", f.toString());
        assertRefused(r, "/monitors/state/0", null);
    }

    @Test
    void aTrainingWhoseWorkspacesCannotFitIsRefused() throws Exception {
        Path data = TinyImages.write(tmp.resolve("data"), 20, 10);
        // 16 workspaces of 20000 steps × 20010 units: at least 16 · 5 · 20001 · 20010 doubles ≈ 238 GiB.
        Path f = file("{\"name\": \"wide\", \"protocol\": {\"type\": \"train\", \"dataset\": {\"name\": \"mnist\", "
                + "\"directory\": \"" + data.toString().replace("\\", "\\\\") + "\"}, \"steps\": 20000, "
                + "\"network\": {\"layers\": [{\"size\": 20000}, {\"size\": 10, \"spiking\": false}]}, "
                + "\"epochs\": 1, \"batchSize\": 4}}");
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertRefused(r, "/protocol/steps", out);
        assertTrue(((String) r[2]).contains("the trainer's 16 BPTT workspaces (each 20000 steps × 20010 units"),
                (String) r[2]);
    }

    @Test
    void aMapScanWhoseOrbitCannotFitIsRefused() throws Exception {
        // 4 nodes, 2·10⁹ measured iterations: at least 8 · 4 · 2·10⁹ bytes = 59.6 GiB for one orbit.
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", Path.of("examples", "chialvo-n4-mu-scan.json").toString(), "--set",
                "/protocol/iterations=2000010000", "--out", out.toString(), "--no-progress");
        assertRefused(r, "/protocol/iterations", out);
        assertTrue(((String) r[2]).contains("the orbit of 2000000000 measured iterations × 4 nodes"), (String) r[2]);
    }

    @Test
    void lsmFeatureMatricesThatCannotFitAreRefused() throws Exception {
        // 8000 liquid neurons × (200000 training samples and the example's validation and test samples) floats.
        assumeTrue(Runtime.getRuntime().maxMemory() < 6.4e9, "a test JVM of less than 6.4 GB heap (surefire: 4g)");
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", Path.of("examples", "nalsm8000-fmnist.json").toString(), "--set",
                "/protocol/dataset/train=200000", "--out", out.toString(), "--no-progress");
        assertRefused(r, "/protocol/dataset/train", out);
        assertTrue(((String) r[2]).contains("the feature matrices (") && ((String) r[2]).contains(
                " samples × 8000 liquid neurons)"), (String) r[2]);
    }

    @Test
    void inspectPrintsTheEstimateOfAnExample() throws Exception {
        Object[] r = cli("inspect", Path.of("examples", "cuba.json").toString());
        String out = (String) r[1];
        assertEquals(0, r[0], (String) r[2]);
        String heap = MemoryEstimate.format(Runtime.getRuntime().maxMemory());
        assertTrue(out.startsWith("memory: the run needs at least ") && out.contains(" of the Java heap's " + heap), out);
        // 3200 neurons of 3 state variables and a spike flag: 3200 · 32 bytes; 800 of them: 800 · 32 bytes.
        assertTrue(out.contains("100.0 KiB  population \"E\" (3200 neurons) at /populations/0/size"), out);
        assertTrue(out.contains("25.0 KiB  population \"I\" (800 neurons) at /populations/1/size"), out);
        // the rate monitors: 10000 steps in 1 ms bins of 10 steps, 1001 counts of 8 bytes each
        assertTrue(out.contains("7.8 KiB  rate monitor /monitors/rates/0"), out);
        assertTrue(out.indexOf("memory: the run needs") < out.indexOf("population E"), "the estimate before the build");
        r = cli("inspect", Path.of("examples", "chialvo-n4-mu-scan.json").toString());
        out = (String) r[1];
        assertEquals(0, r[0], (String) r[2]);
        // 201 values of mu, one initial condition; 10000 measured iterations of 4 nodes
        assertTrue(out.contains("3.9 KiB  the scan table (201 points × 1 initial conditions) at /protocol/axes"), out);
        assertTrue(out.contains("312.5 KiB  the orbit of 10000 measured iterations × 4 nodes at /protocol/iterations"),
                out);
    }
}
