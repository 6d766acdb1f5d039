package org.spinel.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.run.RunDirectory;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The train protocol end to end on a tiny generated dataset: it learns, a resumed run ends with the same weights
 * as an uninterrupted one (from a finished run and from the working directory a diverged run left), the thread
 * count does not change the weights, and each kind of bad input exits non-zero with its JSON pointer and leaves
 * no result.
 */
class TrainProtocolTest {
    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 600, 100);
    }

    /** A small, fast training: 784-24-10, 40 steps, 4 batches of 128 per epoch, 3 epochs. */
    static String doc(String lr) {
        return "{\"name\": \"tiny\", \"seed\": 3, \"protocol\": {\"type\": \"train\", \"dataset\": {\"name\": \"mnist\", "
                + "\"directory\": \"" + data.toString().replace("\\", "\\\\") + "\"}, \"steps\": 40, "
                + "\"network\": {\"inputs\": 784, \"layers\": [{\"size\": 24}, {\"size\": 10, \"spiking\": false}]}, "
                + "\"optimizer\": {\"type\": \"adam\", \"lr\": " + lr + "}, \"epochs\": 3, \"batchSize\": 128}}";
    }

    private Path file(String json) throws Exception {
        Path f = Files.createTempFile(tmp, "exp", ".json");
        Files.writeString(f, json);
        return f;
    }

    /** Runs the CLI; returns {exit code, stderr}. */
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

    static List<Path> runs(Path parent, boolean hidden) throws Exception {
        if (!Files.exists(parent)) {
            return List.of();
        }
        try (var s = Files.list(parent)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(".") == hidden)
                    .sorted().toList();
        }
    }

    static Path onlyRun(Path parent) throws Exception {
        List<Path> r = runs(parent, false);
        assertEquals(1, r.size(), r.toString());
        return r.get(0);
    }

    private static void assertSameWeights(Path a, Path b, String what) throws Exception {
        for (String f : new String[] {"weights_layer0.npy", "weights_layer1.npy"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), what + ": " + f);
        }
    }

    private static double[] column(Path run, int col) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("epochs.csv"));
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            v[i - 1] = Double.parseDouble(lines.get(i).split(",", -1)[col]);
        }
        return v;
    }

    @Test
    void learnsAndWritesEveryOutput() throws Exception {
        Path f = file(doc("0.002"));
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path run = onlyRun(out.resolve("tiny"));
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertTrue(m.path("final_test_accuracy").asDouble() > 0.5, "the bars are learnable: " + m);
        assertEquals(3, m.path("epochs").asInt());
        assertTrue(m.path("state_bytes_per_sample").asLong() > 0);
        assertTrue(m.path("seconds_per_epoch").asDouble() > 0);
        double[] test = column(run, 5);
        assertEquals(3, test.length);
        assertEquals(m.path("final_test_accuracy").asDouble(), test[2], 1e-12, "final = last epoch's test accuracy");
        String err = (String) r[1];
        assertTrue(err.contains("epoch 1/3") && err.contains("epoch 3/3"), "progress lines on stderr: " + err);
        JsonNode manifest = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile());
        assertEquals("train", manifest.path("manifest").path("protocol").asText());
        List<String> files = new ArrayList<>();
        manifest.path("manifest").path("files").forEach(x -> files.add(x.asText()));
        for (String must : List.of("epochs.csv", "epochs.npy", "learning_curve.png", "learning_curve.svg",
                "confusion.csv", "confusion.npy", "confusion.png", "weights_layer0.npy", "weights_layer1.npy",
                "weights.h5", "spike_counts_layer0.csv", "spike_counts_layer0.png", "checkpoint.h5", "metrics.json")) {
            assertTrue(files.contains(must), must + " in " + files);
        }
        for (String x : files) {
            assertTrue(Files.size(run.resolve(x)) > 0, x);
        }
        // the confusion matrix counts every test image once
        long total = 0;
        List<String> rows = Files.readAllLines(run.resolve("confusion.csv"));
        for (int i = 1; i < rows.size(); i++) {
            String[] c = rows.get(i).split(",");
            for (int k = 1; k < c.length; k++) {
                total += Long.parseLong(c[k]);
            }
        }
        assertEquals(100, total);
        assertTrue(runs(out.resolve("tiny"), true).isEmpty(), "no working directory is left");
        // a manifest re-runs its experiment
        Experiment again = ExperimentReader.read(run.resolve("manifest.json"), Map.of());
        assertEquals("train", again.protocol());
        assertEquals(3, again.train().epochs());
    }

    @Test
    void resumedRunsEqualAnUninterruptedOneAndThreadsDoNotMatter() throws Exception {
        Path f = file(doc("0.002"));
        Path full = tmp.resolve("full"), two = tmp.resolve("two"), part = tmp.resolve("part");
        Object[] r = cli("run", f.toString(), "--out", full.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path a = onlyRun(full.resolve("tiny"));
        r = cli("run", f.toString(), "--threads", "2", "--out", two.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        assertSameWeights(a, onlyRun(two.resolve("tiny")), "2 threads");

        // Interrupted after epoch 1 (a finished 1-epoch run), resumed to 3 epochs.
        r = cli("run", f.toString(), "--set", "/protocol/epochs=1", "--out", part.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path b = onlyRun(part.resolve("tiny"));
        Path resumedOut = tmp.resolve("resumed");
        r = cli("run", f.toString(), "--resume", b.toString(), "--out", resumedOut.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path c = onlyRun(resumedOut.resolve("tiny"));
        assertSameWeights(a, c, "resumed from a finished run");
        assertArrayEquals(column(a, 5), column(c, 5), "the same per-epoch test accuracy, history included");

        // A run that diverges in epoch 2 keeps its checkpoint of epoch 1; resuming that working directory with a
        // sane learning rate finishes in it and gives the uninterrupted weights.
        Path bad = file(doc("1e300"));
        Path div = tmp.resolve("div");
        r = cli("run", bad.toString(), "--resume", b.toString(), "--out", div.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(1, r[0], err);
        assertTrue(err.contains("epoch 2, batch 2") && err.contains("last finite batch loss"), err);
        assertTrue(runs(div.resolve("tiny"), false).isEmpty(), "no result claims to be finished");
        List<Path> incomplete = runs(div.resolve("tiny"), true);
        assertEquals(1, incomplete.size());
        Path work = incomplete.get(0);
        assertTrue(work.getFileName().toString().startsWith(TrainRunner.INCOMPLETE));
        assertTrue(Files.exists(work.resolve("checkpoint.h5")));
        assertTrue(err.contains(work.getFileName().toString()), "the message says where the checkpoint is: " + err);
        assertTrue(Files.exists(b.resolve("checkpoint.h5")), "the run resumed from is untouched");
        // As if its process had been killed: the next run into the folder names it with the --resume hint, keeps it.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String owner = Files.readString(work.resolve(RunDirectory.OWNER));
        Files.writeString(work.resolve(RunDirectory.OWNER), owner.replaceFirst("pid \\d+", "pid " + gone.pid()));
        assertEquals(List.of("spinel: " + work + " is a stopped run: continue it with --resume " + work
                + " (or delete it)"), RunDirectory.cleanStale(div.resolve("tiny"), null, null));
        assertTrue(Files.exists(work.resolve("checkpoint.h5")));
        r = cli("run", f.toString(), "--resume", work.toString(), "--out", div.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        assertFalse(Files.exists(work), "the working directory became the run directory");
        Path d = onlyRun(div.resolve("tiny"));
        assertEquals(work.getFileName().toString().substring(TrainRunner.INCOMPLETE.length()),
                d.getFileName().toString());
        assertSameWeights(a, d, "resumed from a diverged run's checkpoint");
        assertFalse(Files.exists(d.resolve(RunDirectory.OWNER)), "the owner file is not published");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("inputs not matching the dataset", List.of("--set", "/protocol/network/inputs=100"),
                        "/protocol/network/inputs", "784"),
                Arguments.of("learning rate 0", List.of("--set", "/protocol/optimizer/lr=0"),
                        "/protocol/optimizer/lr", "> 0"),
                Arguments.of("negative learning rate", List.of("--set", "/protocol/optimizer/lr=-0.01"),
                        "/protocol/optimizer/lr", "> 0"),
                Arguments.of("unknown surrogate", List.of("--set", "/protocol/surrogate={\"fn\": \"fast-sigmod\"}"),
                        "/protocol/surrogate/fn", "fast-sigmoid, sigmoid, arctan, triangle, exponential, "
                                + "straight-through"),
                Arguments.of("unknown loss", List.of("--set", "/protocol/loss=\"max-ce\""), "/protocol/loss",
                        "max-over-time-ce"),
                Arguments.of("readout smaller than the classes",
                        List.of("--set", "/protocol/network/layers/1/size=5"), "/protocol/network/layers/1/size",
                        "10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsTwoWithPointerAndWritesNothing(String label, List<String> extra, String pointer,
            String expected) throws Exception {
        Path f = file(doc("0.002"));
        Path out = tmp.resolve("runs");
        List<String> args = new ArrayList<>(List.of("run", f.toString(), "--out", out.toString(), "--no-progress"));
        args.addAll(extra);
        Object[] r = cli(args.toArray(String[]::new));
        String err = (String) r[1];
        assertEquals(2, r[0], label + ": " + err);
        assertTrue(err.contains(pointer), label + ": " + err);
        assertTrue(err.contains(expected), label + ": " + err);
        assertFalse(Files.exists(out.resolve("tiny")), label + ": nothing written");
    }

    @Test
    void resumingWithAnotherNetworkIsRefusedNamingTheDifference() throws Exception {
        Path f = file(doc("0.002"));
        Path out = tmp.resolve("runs");
        Object[] r = cli("run", f.toString(), "--set", "/protocol/epochs=1", "--out", out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path b = onlyRun(out.resolve("tiny"));
        r = cli("run", f.toString(), "--resume", b.toString(), "--set", "/protocol/network/layers/0/size=20",
                "--set", "/protocol/network/layers/0/recurrent=true", "--out", out.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.contains("/protocol/network/layers/0/size") && err.contains("20 in the experiment")
                && err.contains("24 as in the checkpoint"), err);
        assertTrue(err.contains("/protocol/network/layers/0/recurrent"), err);
        assertEquals(List.of(b), runs(out.resolve("tiny"), false), "the earlier run is kept, nothing added");
        assertTrue(runs(out.resolve("tiny"), true).isEmpty());
        r = cli("run", f.toString(), "--resume", tmp.resolve("nowhere").toString(), "--out", out.toString(),
                "--no-progress");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("nowhere"), (String) r[1]);
    }

    /** Runs {@link #doc} with a 20 % validation split, early stopping of {@code patience} and 4 epochs. */
    private Path earlyStoppingRun(String lr, int patience) throws Exception {
        Path f = file(doc(lr));
        Path out = tmp.resolve("runs-" + lr + "-" + patience);
        Object[] r = cli("run", f.toString(), "--set", "/protocol/dataset/validationFraction=0.2", "--set",
                "/protocol/earlyStopping={\"patience\": " + patience + "}", "--set", "/protocol/epochs=4", "--out",
                out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        return onlyRun(out.resolve("tiny"));
    }

    /**
     * The epochs a run with early stopping of {@code patience} trains, from its validation accuracies: it stops after
     * the first epoch that ends {@code patience} epochs without a strictly better validation accuracy than the best
     * so far, else after all {@code epochs}.
     */
    private static int epochsUntilStop(double[] val, int patience, int epochs) {
        double best = Double.NEGATIVE_INFINITY;
        int since = 0;
        for (int e = 0; e < val.length; e++) {
            if (val[e] > best) {
                best = val[e];
                since = 0;
            } else if (++since >= patience) {
                return e + 1;
            }
        }
        return epochs;
    }

    private static int bestEpoch(double[] val) {
        int best = 0;
        for (int i = 1; i < val.length; i++) {
            if (val[i] > val[best]) {
                best = i;
            }
        }
        return best + 1;
    }

    @Test
    void earlyStoppingUsesTheBestValidationEpoch() throws Exception {
        Path run = earlyStoppingRun("0.002", 1);
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals(480, m.path("train_samples").asInt());
        assertEquals(120, m.path("validation_samples").asInt());
        double[] val = column(run, 3);
        int best = bestEpoch(val);
        assertEquals(best, m.path("best_epoch").asInt());
        assertEquals("validation", m.path("best_epoch_by").asText());
        assertTrue(m.path("weights").asText().contains("best validation epoch " + best), m.toString());
        // Whether it stops follows from the recorded validation accuracies (either way, the rule is checked).
        int expected = epochsUntilStop(val, 1, 4);
        assertEquals(expected, val.length, "epochs trained: " + java.util.Arrays.toString(val));
        assertEquals(expected, m.path("epochs").asInt());
        assertEquals(expected < 4, m.path("early_stopped").asBoolean(), m.toString());
    }

    /**
     * Early stopping must fire: with a learning rate of 1e-300 every Adam step (at most lr in size) rounds away in
     * the float weights, so the validation accuracy of epoch 2 equals that of epoch 1, which is no improvement: with
     * patience 1 the run stops after epoch 2 of 4 and keeps the weights of epoch 1.
     */
    @Test
    void earlyStoppingFiresWhenTheValidationAccuracyStopsImproving() throws Exception {
        Path run = earlyStoppingRun("1e-300", 1);
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        double[] val = column(run, 3);
        assertEquals(2, val.length, "stopped after epoch 2: " + java.util.Arrays.toString(val));
        assertEquals(val[0], val[1], "the weights did not move");
        assertTrue(m.path("early_stopped").asBoolean(), m.toString());
        assertEquals(2, m.path("epochs").asInt(), m.toString());
        assertEquals(1, m.path("best_epoch").asInt(), m.toString());
        assertTrue(m.path("weights").asText().contains("best validation epoch 1"), m.toString());
    }

    /**
     * Early stopping must not fire when the patience exceeds the epochs after the first: the same frozen run with
     * patience 4 over 4 epochs ends with 3 epochs without improvement, fewer than the patience, so it trains all 4
     * (with patience 3 it would stop, after epoch 4).
     */
    @Test
    void earlyStoppingDoesNotFireWithinThePatience() throws Exception {
        Path run = earlyStoppingRun("1e-300", 4);
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        double[] val = column(run, 3);
        assertEquals(4, val.length, java.util.Arrays.toString(val));
        assertFalse(m.path("early_stopped").asBoolean(), m.toString());
        assertEquals(4, m.path("epochs").asInt());
        assertEquals(1, m.path("best_epoch").asInt(), "no later epoch is better");
    }
}
