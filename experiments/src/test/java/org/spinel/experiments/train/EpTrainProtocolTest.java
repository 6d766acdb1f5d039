package org.spinel.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code ep-train} protocol end to end on {@link TinyImages} (28 × 28 bars in 10 classes): it learns the easy
 * task well above chance, writes the outputs it documents, gives the same weights for 1 and 2 threads and after a
 * resume as an uninterrupted run (with stochastic homeostasis, whose probes are keyed by the global batch), stops
 * a diverging relaxation with its epoch, batch and last finite residual, and refuses bad input by JSON pointer
 * (a layer size that does not match the dataset, a checkpoint of another network).
 */
class EpTrainProtocolTest {
    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 200, 50);
    }

    /** A small EP run: 784-{hidden}-10, classic |β| = 0.5, T1 = 30, T2 = 10, batch 20, SGD 0.05 momentum 0.9. */
    private Path file(String name, String network, String extra) throws Exception {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"name\": \"" + name + "\", \"seed\": 5, \"protocol\": {\"type\": \"ep-train\", "
                + "\"dataset\": {\"name\": \"mnist\", \"directory\": \"" + data.toString().replace("\\", "\\\\")
                + "\"}, \"network\": " + network + ", \"estimator\": {\"kind\": \"classic\", \"beta\": 0.5}, "
                + "\"phases\": {\"T1\": 30, \"T2\": 10, \"tolerance\": 1e-4}, \"optimizer\": {\"type\": "
                + "\"sgd-momentum\", \"lr\": 0.05, \"momentum\": 0.9}, \"batchSize\": 20" + extra + "}}");
        return f;
    }

    private static final String SMALL = "{\"sizes\": [784, 24, 10]}";
    private static final String UNTIED = "{\"sizes\": [784, 12, 10], \"feedback\": \"untied\", \"angle\": 60}";

    private Path run(Path f, String out, String... more) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("run", f.toString(), "--out", tmp.resolve(out).toString(),
                "--no-progress"));
        a.addAll(List.of(more));
        Object[] r = TrainProtocolTest.cli(a.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[1]);
        String name = f.getFileName().toString().replace(".json", "");
        return TrainProtocolTest.onlyRun(tmp.resolve(out).resolve(name));
    }

    @Test
    void learnsAnEasyTaskAndWritesItsOutputs() throws Exception {
        Path run = run(file("easy", SMALL, ", \"epochs\": 3"), "easy");
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertTrue(m.path("final_test_accuracy").asDouble() > 0.5, "well above chance (0.1): " + m);
        assertEquals(3, m.path("epochs").asInt());
        assertEquals(1.0, m.path("symmetry").asDouble(), 1e-12, "tied: a symmetric Jacobian");
        for (String f : List.of("epochs.csv", "epochs.npy", "confusion.csv", "confusion.png", "learning_curve.png",
                "loss_curve.png", "symmetry.png", "convergence.png", "weights_forward1.npy", "weights_forward2.npy",
                "weights_bias1.npy", "weights_readout.npy", "weights.h5", "checkpoint.h5")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> lines = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(String.join(",", EpTrainRunner.HISTORY_COLUMNS), lines.get(0));
        assertEquals(4, lines.size());
        String[] last = lines.get(3).split(",", -1);
        int phases = EpTrainRunner.HISTORY_COLUMNS.indexOf("free_phases");
        assertEquals(200 / 20 * 20, (int) Double.parseDouble(last[phases]), "one free phase per training sample");
        double steps = Double.parseDouble(last[EpTrainRunner.HISTORY_COLUMNS.indexOf("free_steps_mean")]);
        assertTrue(steps >= 1 && steps <= 30, "mean free-phase steps within [1, T1]: " + steps);
    }

    @Test
    void oneAndTwoThreadsAndAResumeGiveTheSameWeights() throws Exception {
        String homeo = ", \"homeostasis\": {\"lambda\": 1, \"draws\": 2}, \"epochs\": 2";
        Path f = file("gep", UNTIED, homeo);
        Path one = run(f, "one", "--set", "/threads=1");
        Path two = run(f, "two", "--set", "/threads=2");
        Path part = run(f, "part", "--set", "/protocol/epochs=1");
        Path resumed = run(f, "resumed", "--resume", part.toString());
        for (String w : List.of("weights_forward1.npy", "weights_forward2.npy", "weights_feedback2.npy",
                "weights_bias2.npy", "weights_readout.npy")) {
            byte[] ref = Files.readAllBytes(one.resolve(w));
            assertArrayEquals(ref, Files.readAllBytes(two.resolve(w)), "2 threads: " + w);
            assertArrayEquals(ref, Files.readAllBytes(resumed.resolve(w)), "resumed: " + w);
        }
        JsonNode m = ExperimentReader.MAPPER.readTree(one.resolve("metrics.json").toFile());
        assertTrue(m.path("final_homeostasis_loss").asDouble() > 0, m.toString());
        assertTrue(m.path("feedback_angle").asDouble() > 1, "untied at 60°: " + m);
        assertTrue(m.path("symmetry").asDouble() < 1, m.toString());
    }

    @Test
    void resumingAnotherNetworkIsRefusedNamingWhatDiffers() throws Exception {
        Path part = run(file("net", SMALL, ", \"epochs\": 1"), "part");
        Path other = file("net", "{\"sizes\": [784, 16, 10], \"activation\": \"tanh\"}", ", \"epochs\": 2");
        Object[] r = TrainProtocolTest.cli("run", other.toString(), "--resume", part.toString(), "--out",
                tmp.resolve("again").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.contains("/protocol/network/sizes/1"), err);
        assertTrue(err.contains("/protocol/network/activation"), err);
        assertTrue(err.contains("as in the checkpoint"), err);
        assertFalse(Files.exists(tmp.resolve("again").resolve("net")) && Files.list(tmp.resolve("again")
                .resolve("net")).anyMatch(p -> !p.getFileName().toString().startsWith(".")), "nothing published");
    }

    @Test
    void anInputLayerThatIsNotTheImageIsRefused() throws Exception {
        Path f = file("size", "{\"sizes\": [100, 16, 10]}", ", \"epochs\": 1");
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--out", tmp.resolve("o").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.contains("/protocol/network/sizes/0") && err.contains("784, the pixels per image"), err);
        assertFalse(Files.exists(tmp.resolve("o")) && Files.walk(tmp.resolve("o")).anyMatch(Files::isRegularFile),
                "nothing written");
    }

    @Test
    void aDivergingRelaxationStopsWithEpochBatchAndTheLastFiniteResidual() throws Exception {
        // lr 1e300: the first step makes the weights overflow float, the second batch's relaxation is NaN
        Path f = file("diverge", SMALL, ", \"epochs\": 1");
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--set", "/protocol/optimizer/lr=1e300", "--set",
                "/protocol/optimizer/momentum=0", "--out", tmp.resolve("d").toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(1, r[0], err);
        assertTrue(err.contains("epoch 1, batch 2"), err);
        assertTrue(err.contains("free-phase residual"), err);
        assertTrue(err.contains("the last finite value, of the batch before, was "), err);
        List<Path> left = TrainProtocolTest.runs(tmp.resolve("d").resolve("diverge"), true);
        assertEquals(1, left.size(), left.toString());
        assertTrue(Files.isRegularFile(left.get(0).resolve(Checkpoint.FILE)), "the last checkpoint is kept");
    }

    private static double[][] block(Path run, String name) {
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(run.resolve("weights.h5"))) {
            return (double[][]) h.getDatasetByPath("blocks/" + name).getData();
        }
    }

    @Test
    void aFrozenBlockKeepsItsWeightsAndBoundsHold() throws Exception {
        String blocks = ", \"epochs\": 1, \"blocks\": {\"forward1\": {\"learn\": false}, \"readout\": {\"bounds\": "
                + "[-0.05, 0.05]}}";
        Path f = file("frozen", SMALL, blocks);
        Path a = run(f, "a");
        Path b = run(f, "b", "--set", "/protocol/optimizer/lr=0.02");
        assertTrue(java.util.Arrays.deepEquals(block(a, "forward1"), block(b, "forward1")),
                "frozen: the initial weights whatever the learning rate");
        assertFalse(java.util.Arrays.deepEquals(block(a, "forward2"), block(b, "forward2")), "trained blocks differ");
        for (double[] row : block(a, "readout")) {
            for (double w : row) {
                assertTrue(w >= -0.05 && w <= 0.05, "bounded readout weight " + w);
            }
        }
    }

    @Test
    void tooManyUnconvergedFreePhasesStopTrainingWhenAsked() throws Exception {
        // T1 = 2 steps cannot relax the network to 1e-4: every free phase ends above the tolerance
        Path f = file("unconverged", SMALL, ", \"epochs\": 3, \"nonConvergence\": {\"action\": \"stop\", "
                + "\"maxFraction\": 0.5}");
        Path run = run(f, "u", "--set", "/protocol/phases/T1=2");
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals(1, m.path("epochs").asInt(), m.toString());
        assertEquals("non-convergence", m.path("stopped_by").asText(), m.toString());
        assertEquals(1.0, m.path("final_train_free_not_converged_fraction").asDouble(), m.toString());
        Path cont = run(f, "c", "--set", "/protocol/phases/T1=2", "--set", "/protocol/nonConvergence/action=continue");
        JsonNode mc = ExperimentReader.MAPPER.readTree(cont.resolve("metrics.json").toFile());
        assertEquals(3, mc.path("epochs").asInt(), "continue: all epochs run; " + mc);
        assertEquals("none", mc.path("stopped_by").asText());
    }
}
