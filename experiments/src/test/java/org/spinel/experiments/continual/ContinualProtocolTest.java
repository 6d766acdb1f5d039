package org.spinel.experiments.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.train.TinyImages;
import org.spinel.results.analysis.ContinualMetrics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code continual} protocol on a tiny generated dataset (bars, MNIST layout): the outputs and their metrics
 * agree with {@link ContinualMetrics} on the written matrix, the same seed gives the same matrix, a task-incremental
 * split predicts within each task's classes, and bad input exits 2 naming the field and writes nothing.
 */
class ContinualProtocolTest {
    static final int HID = 24;
    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 300, 100);
    }

    static Object[] cli(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            int code = SpinelCli.execute(args);
            return new Object[] {code, err.toString()};
        } finally {
            System.setErr(old);
        }
    }

    static String doc(String tasks, String method, String hiddenExtra, String readoutExtra) {
        return "{\"name\": \"cl\", \"seed\": 5, \"protocol\": {\"type\": \"continual\", \"method\": \"" + method
                + "\", \"tasks\": " + tasks + ", \"dataset\": {\"name\": \"mnist\", \"directory\": \""
                + data.toString().replace("\\", "\\\\") + "\"}, \"steps\": 20, \"encoder\": {\"type\": \"latency\", "
                + "\"tauEff\": \"10 ms\"}, \"network\": {\"inputs\": 784, \"layers\": [{\"size\": " + HID
                + hiddenExtra + "}, {\"size\": 10, \"spiking\": false" + readoutExtra + "}]}, \"optimizer\": "
                + "{\"type\": \"adam\", \"lr\": 0.005}, \"epochs\": 2, \"batchSize\": 20}}";
    }

    /** Equilibrium-propagation credit: a tied 784-16 rate network, a readout onto 10 classes, {@code blocks}. */
    static String epDoc(String tasks, String method, String sizes, String blocks) {
        return "{\"name\": \"cl\", \"seed\": 5, \"protocol\": {\"type\": \"continual\", \"credit\": "
                + "\"equilibrium-propagation\", \"method\": \"" + method + "\", \"tasks\": " + tasks
                + ", \"dataset\": {\"name\": \"mnist\", \"directory\": \"" + data.toString().replace("\\", "\\\\")
                + "\"}, \"network\": {\"sizes\": " + sizes + "}, \"estimator\": {\"kind\": \"centred\", \"beta\": "
                + "0.5}, \"phases\": {\"T1\": 40, \"T2\": 10}, \"optimizer\": {\"type\": \"sgd-momentum\", \"lr\": 0.05}, "
                + "\"epochs\": 2, \"batchSize\": 20" + (blocks.isEmpty() ? "" : ", \"blocks\": " + blocks) + "}}";
    }

    static final String EP_HLOP = "{\"forward1\": {\"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [40, 20], "
            + "\"learningRate\": 0.001}}, \"readout\": {\"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [4, 2]}}}";

    static final String PERMUTED = "{\"type\": \"permuted\", \"count\": 3}";
    static final String HLOP = ", \"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [40, 20], \"learningRate\": "
            + "0.001}";
    static final String HLOP_HIDDEN = ", \"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [6, 4]}";

    private Path file(String json) throws Exception {
        Path f = Files.createTempFile(tmp, "exp", ".json");
        Files.writeString(f, json);
        return f;
    }

    private Path run(String json, String out, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", file(json).toString(), "--out",
                tmp.resolve(out).toString(), "--no-progress"));
        args.addAll(List.of(extra));
        Object[] r = cli(args.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[1]);
        try (Stream<Path> s = Files.list(tmp.resolve(out).resolve("cl"))) {
            List<Path> dirs = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, dirs.size());
            return dirs.get(0);
        }
    }

    @Test
    void permutedRunWritesTheMatrixAndItsMetrics() throws Exception {
        Path run = run(doc(PERMUTED, "sequential", HLOP, HLOP_HIDDEN), "a");
        for (String f : List.of("accuracy_matrix.csv", "accuracy_matrix.npy", "accuracy_matrix.png",
                "learning_curves.csv", "learning_curves.png", "metrics.json", "manifest.json")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        double[][] a = ContinualMetrics.read(run.resolve("accuracy_matrix.npy"));
        double[][] c = ContinualMetrics.read(run.resolve("accuracy_matrix.csv"));
        assertEquals(3, a.length);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(a[j][i], c[j][i], 0, "CSV and NPY agree");
            }
        }
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals(ContinualMetrics.averageAccuracy(a), m.path("acc").asDouble(), 1e-12);
        assertEquals(ContinualMetrics.backwardTransfer(a), m.path("bwt").asDouble(), 1e-12);
        assertEquals(ContinualMetrics.forgetting(a), m.path("forgetting").asDouble(), 1e-12);
        assertEquals(ContinualMetrics.averageIncrementalAccuracy(a), m.path("average_incremental_accuracy")
                .asDouble(), 1e-12);
        assertTrue(a[0][0] > 0.5, "task 0 is learnt: " + a[0][0]);
        // 3 tasks × 2 epochs of learning curves
        assertEquals(1 + 6, Files.readAllLines(run.resolve("learning_curves.csv")).size());
        // the same seed gives the same matrix, for any thread count
        Path again = run(doc(PERMUTED, "sequential", HLOP, HLOP_HIDDEN), "b", "--threads", "3");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(run.resolve("accuracy_matrix.npy")),
                Files.readAllBytes(again.resolve("accuracy_matrix.npy"))));
        // HLOP against its shadow oracle: a row per task and block, the same as the metrics, on any thread count
        List<String> rows = Files.readAllLines(run.resolve("principal_angles.csv"));
        assertEquals("task,block,hlop_rows,oracle_rows,largest_angle_deg,mean_angle_deg,hlop_captured_energy,"
                + "oracle_captured_energy", rows.get(0));
        assertEquals(1 + 3 * 2, rows.size(), rows.toString());
        assertEquals(Files.readAllLines(run.resolve("principal_angles.csv")),
                Files.readAllLines(again.resolve("principal_angles.csv")));
        JsonNode pa = m.path("principal_angles");
        int[][] expectRows = {{40, 60, 80}, {6, 10, 14}};
        for (int b = 0; b < 2; b++) {
            JsonNode blk = pa.path("layer" + b);
            for (int t = 0; t < 3; t++) {
                String[] f = rows.get(1 + 2 * t + b).split(",");
                assertEquals("layer" + b, f[1]);
                assertEquals(expectRows[b][t], Integer.parseInt(f[2]), "HLOP's frozen rows after task " + t);
                assertEquals(expectRows[b][t], blk.path("hlop_rows").get(t).asInt());
                double largest = Double.parseDouble(f[4]), mean = Double.parseDouble(f[5]);
                assertEquals(largest, blk.path("largest_deg").get(t).asDouble(), 0);
                assertTrue(largest >= mean && mean >= 0 && largest <= 90, rows.get(1 + 2 * t + b));
                // captured energies are fractions; after task 0 the oracle's span is the optimal one (Ky Fan), so it
                // holds at least the energy HLOP's span of as many rows holds
                double he = Double.parseDouble(f[6]), oe = Double.parseDouble(f[7]);
                assertEquals(he, blk.path("hlop_captured_energy").get(t).asDouble(), 0);
                assertTrue(he >= 0 && he <= 1 + 1e-12 && oe >= 0 && oe <= 1 + 1e-12, rows.get(1 + 2 * t + b));
                if (t == 0) {
                    assertTrue(he <= oe + 1e-9, rows.get(1 + 2 * t + b));
                }
            }
            assertEquals(blk.path("largest_deg").get(2).asDouble(), blk.path("final_largest_deg").asDouble(), 0);
        }
        long all = Files.readAllLines(run.resolve("principal_angles_all.csv")).size() - 1;
        assertTrue(all > 0, "every angle is written");
    }

    @Test
    void theOracleMethodReplacesHlopWithItsExactSubspace() throws Exception {
        Path oracle = run(doc(PERMUTED, "oracle", HLOP, HLOP_HIDDEN), "o");
        Path hlop = run(doc(PERMUTED, "sequential", HLOP, HLOP_HIDDEN), "h");
        Path ft = run(doc(PERMUTED, "finetune", HLOP, HLOP_HIDDEN), "f");
        JsonNode m = ExperimentReader.MAPPER.readTree(oracle.resolve("metrics.json").toFile());
        assertEquals("oracle", m.path("method").asText());
        assertFalse(m.has("principal_angles"), "no HLOP to compare with");
        assertFalse(Files.exists(oracle.resolve("principal_angles.csv")));
        double[][] a = ContinualMetrics.read(oracle.resolve("accuracy_matrix.npy"));
        double[][] h = ContinualMetrics.read(hlop.resolve("accuracy_matrix.npy"));
        double[][] f = ContinualMetrics.read(ft.resolve("accuracy_matrix.npy"));
        // nothing is projected during task 0: the three methods agree on its row
        assertArrayEquals(f[0], a[0], 0);
        assertArrayEquals(f[0], h[0], 0);
        // (the bar tasks are too easy to forget; the protection itself: SurrogateGradientHlopTest)
    }

    @Test
    void replayAndEwcRunAndRecordTheirSettings() throws Exception {
        Path replay = run(doc(PERMUTED, "replay", "", "").replace("\"epochs\"", "\"replay\": {\"perClass\": 3}, "
                + "\"epochs\""), "r");
        JsonNode m = ExperimentReader.MAPPER.readTree(replay.resolve("metrics.json").toFile());
        assertEquals(3, m.path("replay_per_class").asInt());
        Path ewc = run(doc(PERMUTED, "ewc", "", ""), "e");
        Path ewc3 = run(doc(PERMUTED, "ewc", "", ""), "e3", "--threads", "3");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(ewc.resolve("accuracy_matrix.npy")),
                Files.readAllBytes(ewc3.resolve("accuracy_matrix.npy"))), "EWC: the same matrix on 3 threads");
        m = ExperimentReader.MAPPER.readTree(ewc.resolve("metrics.json").toFile());
        assertEquals(1e5, m.path("ewc_lambda").asDouble());
        assertEquals(200, m.path("ewc_fisher_samples").asInt());
        // the first task trains as without the penalty: the same row-0 entry as fine-tuning
        Path ft = run(doc(PERMUTED, "finetune", "", ""), "f");
        assertEquals(ContinualMetrics.read(ft.resolve("accuracy_matrix.npy"))[0][0],
                ContinualMetrics.read(ewc.resolve("accuracy_matrix.npy"))[0][0], 0);
        assertEquals(ContinualMetrics.read(ft.resolve("accuracy_matrix.npy"))[0][0],
                ContinualMetrics.read(replay.resolve("accuracy_matrix.npy"))[0][0], 0);
    }

    @Test
    void multitaskHasOneJointRow() throws Exception {
        Path run = run(doc(PERMUTED, "multitask", "", ""), "m");
        double[][] a = ContinualMetrics.read(run.resolve("accuracy_matrix.npy"));
        assertEquals(1, a.length);
        assertEquals(3, a[0].length);
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals((a[0][0] + a[0][1] + a[0][2]) / 3, m.path("acc").asDouble(), 1e-12);
        assertFalse(m.has("bwt"));
        // 3 tasks × 2 epochs of curves, interleaved per epoch
        assertEquals(1 + 6, Files.readAllLines(run.resolve("learning_curves.csv")).size());
    }

    @Test
    void taskIncrementalSplitPredictsWithinEachTask() throws Exception {
        String split = "{\"type\": \"split\", \"classes\": [[2, 3], [4, 5], [6, 7]], \"scenario\": "
                + "\"task-incremental\"}";
        Path run = run(doc(split, "finetune", "", "").replace("\"epochs\": 2", "\"epochs\": 10"), "s");
        double[][] a = ContinualMetrics.read(run.resolve("accuracy_matrix.npy"));
        // one head per task: chance is 1/2, and a binary bar task is learnt
        for (int t = 0; t < 3; t++) {
            assertTrue(a[t][t] > 0.7, "task " + t + " after training it: " + a[t][t]);
        }
        String cls = split.replace("task-incremental", "class-incremental");
        Path ci = run(doc(cls, "finetune", "", "").replace("\"epochs\": 2", "\"epochs\": 10"), "ci");
        double[][] b = ContinualMetrics.read(ci.resolve("accuracy_matrix.npy"));
        // a shared head before any training ranges over all 10 classes; after training task 2 only, class-incremental
        // fine-tuning forgets task 0's classes more than task-incremental does
        assertTrue(b[2][0] <= a[2][0], "class-incremental " + b[2][0] + " vs task-incremental " + a[2][0]);
    }

    @Test
    void equilibriumPropagationCreditLearnsTheTasksWithHlopOnItsBlocks() throws Exception {
        Path dir = run(epDoc(PERMUTED, "sequential", "[784, 16]", EP_HLOP), "ep");
        JsonNode m = ExperimentReader.MAPPER.readTree(dir.resolve("metrics.json").toFile());
        assertEquals("equilibrium-propagation", m.path("credit").asText());
        double[][] a = ContinualMetrics.read(dir.resolve("accuracy_matrix.npy"));
        assertEquals(3, a.length);
        assertEquals(ContinualMetrics.backwardTransfer(a), m.path("bwt").asDouble(), 1e-12);
        assertTrue(a[0][0] > 0.3, "EP learns task 0 of the tiny digits: " + a[0][0]);
        // the paper's rule: biases are learnt on task 0 only
        assertEquals("[\"bias1\",\"readout.bias\"]", m.path("biases_frozen_after_task0").toString());
        // both HLOP blocks are shadowed by their oracle: one angle row per task and block
        assertEquals(2, m.path("principal_angles").size());
        assertTrue(m.path("projector_s").asDouble() > 0);
        // the same matrix for 1 and 2 threads
        Path two = run(epDoc(PERMUTED, "sequential", "[784, 16]", EP_HLOP), "ep2", "--threads", "2");
        assertArrayEquals(Files.readAllBytes(dir.resolve("accuracy_matrix.npy")),
                Files.readAllBytes(two.resolve("accuracy_matrix.npy")));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("missing class", doc("{\"type\": \"split\", \"classes\": [[0, 1], [2, 12]]}",
                        "sequential", "", ""), "/protocol/tasks/classes/1/1", "0..9"),
                Arguments.of("class in two tasks", doc("{\"type\": \"split\", \"classes\": [[0, 1], [1, 2]]}",
                        "sequential", "", ""), "/protocol/tasks/classes/1/0", "no other task"),
                Arguments.of("hlop schedule exceeding the block over the tasks", doc(PERMUTED, "sequential", "",
                        ", \"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [10, 8]}"),
                        "/protocol/network/layers/1/projector/rowsPerTask", "24 presynaptic units"),
                Arguments.of("projector on a frozen block", doc(PERMUTED, "sequential", "", ", \"learn\": false"
                        + HLOP_HIDDEN), "/protocol/network/layers/1/learn", "frozen"),
                Arguments.of("inconsistent input size", doc(PERMUTED, "sequential", "", "").replace(
                        "\"inputs\": 784", "\"inputs\": 100"), "/protocol/network/inputs", "784"),
                Arguments.of("unknown task type", doc("{\"type\": \"rotated\", \"count\": 3}", "sequential", "", ""),
                        "/protocol/tasks/type", "permuted"),
                Arguments.of("unknown method", doc(PERMUTED, "ewc-ish", "", ""), "/protocol/method", "finetune"),
                Arguments.of("unknown method lists oracle", doc(PERMUTED, "oracles", "", ""), "/protocol/method",
                        "oracle"),
                Arguments.of("oracle without an hlop schedule", doc(PERMUTED, "oracle", "", ""), "/protocol/method",
                        "at least one \"hlop\""),
                Arguments.of("oracle schedule exceeding the block over the tasks", doc(PERMUTED, "oracle", "",
                        ", \"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [10, 8]}"),
                        "/protocol/network/layers/1/projector/rowsPerTask", "24 presynaptic units"),
                Arguments.of("oracle projector rank above the presynaptic units", doc(PERMUTED, "sequential", "",
                        ", \"projector\": {\"type\": \"oracle\", \"rowsPerTask\": [30]}"),
                        "/protocol/network/layers/1/projector/rowsPerTask/0", "at most the block's 24 presynaptic"),
                Arguments.of("oracle projector schedule over the tasks", doc(PERMUTED, "sequential", "",
                        ", \"projector\": {\"type\": \"oracle\", \"rowsPerTask\": [12, 8]}"),
                        "/protocol/network/layers/1/projector/rowsPerTask", "task 2 brings the basis to 28"),
                Arguments.of("replay settings without replay", doc(PERMUTED, "sequential", "", "").replace(
                        "\"epochs\"", "\"replay\": {\"perClass\": 5}, \"epochs\""), "/protocol/replay",
                        "\"method\": \"replay\""),
                Arguments.of("EP credit with task-incremental heads", epDoc("{\"type\": \"split\", \"classes\": "
                        + "[[0, 1], [2, 3]]}", "sequential", "[784, 16]", ""), "/protocol/tasks/scenario",
                        "class-incremental"),
                Arguments.of("EP input layer not the image", epDoc(PERMUTED, "sequential", "[100, 16]", ""),
                        "/protocol/network/sizes/0", "784"),
                Arguments.of("EP hlop schedule exceeding the block over the tasks", epDoc(PERMUTED, "sequential",
                        "[784, 16]", "{\"readout\": {\"projector\": {\"type\": \"hlop\", \"rowsPerTask\": [8, 6]}}}"),
                        "/protocol/blocks/readout/projector/rowsPerTask", "16 presynaptic units"),
                Arguments.of("EP oracle without an hlop block", epDoc(PERMUTED, "oracle", "[784, 16]", ""),
                        "/protocol/method", "at least one \"hlop\""),
                Arguments.of("unknown credit", doc(PERMUTED, "sequential", "", "").replace("\"method\"",
                        "\"credit\": \"ep\", \"method\""), "/protocol/credit", "equilibrium-propagation"),
                Arguments.of("ewc decay above 1", doc(PERMUTED, "ewc", "", "").replace("\"epochs\"",
                        "\"ewc\": {\"gamma\": 1.5}, \"epochs\""), "/protocol/ewc/gamma", "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputExitsTwoWithPointerAndWritesNothing(String label, String json, String pointer, String expected)
            throws Exception {
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", file(json).toString(), "--out", out.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(2, r[0], label + ": " + err);
        assertTrue(err.contains(pointer), label + ": " + err);
        assertTrue(err.contains(expected), label + ": " + err);
        assertFalse(Files.exists(out.resolve("cl")), label + ": nothing written");
    }
}
