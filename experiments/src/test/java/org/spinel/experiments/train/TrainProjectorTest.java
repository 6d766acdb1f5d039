package org.spinel.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.SpikeFunction;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.surrogate.Surrogates;

import com.fasterxml.jackson.databind.JsonNode;

import io.jhdf.HdfFile;

/**
 * A projector per trainable block in the train protocol's JSON: a complement projector on the readout keeps
 * {@code q·W} of the trained weights equal to that of the initial weights, the manifest and checkpoint carry it, and
 * bad projector settings exit 2 naming the field by JSON pointer and write nothing.
 */
class TrainProjectorTest {
    static final int HID = 24;
    @TempDir
    static Path data;
    @TempDir
    Path tmp;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 300, 60);
    }

    static double[] q() {
        double[] q = new double[HID];
        for (int j = 0; j < HID; j++) {
            q[j] = Math.cos(0.7 * j) + 0.3;
        }
        return q;
    }

    static String vector(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int j = 0; j < v.length; j++) {
            b.append(j == 0 ? "" : ", ").append(v[j]);
        }
        return b.append(']').toString();
    }

    static String doc(String readoutExtra) {
        return "{\"name\": \"proj\", \"seed\": 3, \"protocol\": {\"type\": \"train\", \"dataset\": {\"name\": \"mnist\", "
                + "\"directory\": \"" + data.toString().replace("\\", "\\\\") + "\"}, \"steps\": 30, "
                + "\"network\": {\"inputs\": 784, \"layers\": [{\"size\": " + HID + "}, {\"size\": 10, \"spiking\": "
                + "false" + readoutExtra + "}]}, \"optimizer\": {\"type\": \"adam\", \"lr\": 0.005}, \"epochs\": 1, "
                + "\"batchSize\": 100}}";
    }

    private Path file(String json) throws Exception {
        Path f = Files.createTempFile(tmp, "exp", ".json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void complementProjectorOnTheReadoutConservesQw() throws Exception {
        double[] q = q();
        Path f = file(doc(", \"projector\": {\"type\": \"complement\", \"vectors\": [" + vector(q) + "]}"));
        Path out = tmp.resolve("runs");
        Object[] r = TrainProtocolTest.cli("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r[0], (String) r[1]);
        Path run = TrainProtocolTest.onlyRun(out.resolve("proj"));
        double[][] trained;
        try (HdfFile h = new HdfFile(run.resolve("weights.h5"))) {
            trained = (double[][]) h.getDatasetByPath("layer1/feedforward").getData();
        }
        // the initial weights of the same seed, as the protocol initialises them
        SurrogateGradientNetwork init = new SurrogateGradientNetwork(784, List.of(LayerConfig.hidden(HID, false),
                LayerConfig.readout(10)), 1, SpikeFunction.surrogate(Surrogates.byName("fast-sigmoid", 100)));
        init.initialise(3, 7, 7);
        double[] w0 = init.weights(1);
        double moved = 0;
        for (int i = 0; i < 10; i++) {
            double a = 0, b = 0;
            for (int j = 0; j < HID; j++) {
                a += q[j] * w0[j * 10 + i];
                b += q[j] * trained[j][i];
                moved = Math.max(moved, Math.abs(trained[j][i] - w0[j * 10 + i]));
            }
            assertEquals(a, b, 1e-5, "q·W[:, " + i + "]");
        }
        assertTrue(moved > 1e-3, "the readout learned (max |Δw| " + moved + ")");
        JsonNode manifest = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile());
        JsonNode p = manifest.findPath("projector");
        assertEquals("complement", p.path("type").asText(), manifest.toString());
        assertEquals(HID, p.path("vectors").path(0).size());
        Checkpoint c = Checkpoint.read(run.resolve(Checkpoint.FILE));
        assertEquals("complement of 1 fixed vector", c.blocks().get(1).projector());
        assertEquals("complement", c.network().path("layers").path(1).path("projector").path("type").asText());
        // resuming with another projector is refused naming it
        double[] other = q.clone();
        other[0] += 1;
        r = TrainProtocolTest.cli("run", file(doc(", \"projector\": {\"type\": \"complement\", \"vectors\": ["
                + vector(other) + "]}")).toString(), "--resume", run.toString(), "--out", tmp.resolve("again")
                        .toString(), "--no-progress");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("/protocol/network/layers/1/projector/vectors/0/0"), (String) r[1]);
    }

    static Stream<Arguments> badProjectors() {
        String v23 = vector(new double[HID - 1]).replace("0.0", "1");
        return Stream.of(
                Arguments.of("vector of the wrong length", ", \"projector\": {\"type\": \"complement\", \"vectors\": ["
                        + v23 + "]}", "/protocol/network/layers/1/projector/vectors/0", "24 numbers"),
                Arguments.of("unknown type", ", \"projector\": {\"type\": \"complment\", \"vectors\": [[1]]}",
                        "/protocol/network/layers/1/projector/type", "complement"),
                Arguments.of("zero vector", ", \"projector\": {\"type\": \"complement\", \"vectors\": ["
                        + vector(new double[HID]) + "]}", "/protocol/network/layers/1/projector/vectors/0",
                        "non-zero"),
                Arguments.of("not a number", ", \"projector\": {\"type\": \"complement\", \"vectors\": [["
                        + "\"a\"" + ", 1".repeat(HID - 1) + "]]}", "/protocol/network/layers/1/projector/vectors/0/0",
                        "finite number"),
                Arguments.of("no vectors", ", \"projector\": {\"type\": \"complement\"}",
                        "/protocol/network/layers/1/projector/vectors", "array"),
                Arguments.of("unknown field", ", \"projector\": {\"type\": \"complement\", \"vectors\": [" + vector(q())
                        + "], \"vector\": 1}", "/protocol/network/layers/1/projector/vector", "vectors"),
                Arguments.of("recurrent projector without recurrence", ", \"recurrentProjector\": {\"type\": "
                        + "\"complement\", \"vectors\": [[1]]}", "/protocol/network/layers/1/recurrentProjector",
                        "recurrent"),
                Arguments.of("projector on a frozen layer", ", \"learn\": false, \"projector\": {\"type\": "
                        + "\"complement\", \"vectors\": [" + vector(q()) + "]}", "/protocol/network/layers/1/learn",
                        "frozen"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProjectors")
    void badProjectorExitsTwoWithPointerAndWritesNothing(String label, String extra, String pointer, String expected)
            throws Exception {
        Path f = file(doc(extra));
        Path out = tmp.resolve("runs");
        List<String> args = new ArrayList<>(List.of("validate", f.toString()));
        Object[] r = TrainProtocolTest.cli(args.toArray(String[]::new));
        String err = (String) r[1];
        assertEquals(2, r[0], label + ": " + err);
        assertTrue(err.contains(pointer), label + ": " + err);
        assertTrue(err.contains(expected), label + ": " + err);
        r = TrainProtocolTest.cli("run", f.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(2, r[0], label + ": " + r[1]);
        assertFalse(Files.exists(out.resolve("proj")), label + ": nothing written");
    }

    @Test
    void aProjectorOfLayerZeroIsCheckedAgainstTheDatasetsInputs() throws Exception {
        // without "inputs" the length of layer 0's vectors is known only from the dataset: checked before any file
        String json = doc("").replace("\"inputs\": 784, ", "").replace("[{\"size\": " + HID + "}",
                "[{\"size\": " + HID + ", \"projector\": {\"type\": \"complement\", \"vectors\": [[1, 2, 3]]}}");
        Path out = tmp.resolve("runs");
        Object[] r = TrainProtocolTest.cli("run", file(json).toString(), "--out", out.toString(), "--no-progress");
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.contains("/protocol/network/layers/0/projector") && err.contains("784"), err);
        assertFalse(Files.exists(out.resolve("proj")));
    }
}
