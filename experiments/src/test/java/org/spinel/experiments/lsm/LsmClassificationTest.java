package org.spinel.experiments.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.datasets.DatasetNotFoundException;
import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The lsm-classification protocol end to end on a tiny NALSM (4×4×4 liquid, 8×8 images of 4 classes told apart
 * by a bright band): it learns well above chance, the plasticity organises the weights, the results do not depend
 * on the number of threads, and bad input is reported by JSON pointer.
 */
class LsmClassificationTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void dataset() throws Exception {
        TinyImages.write(data, 160, 60, 8, 8, 4, 11);
    }

    /** A tiny NALSM experiment (the structure of examples/nalsm1000-fmnist.json). */
    static ObjectNode tiny() throws Exception {
        String stdp = "{\"rule\": {\"type\": \"stdp\", \"aPlus\": 0.15, \"aMinus\": 0.15, \"tauPlus\": \"10 ms\", "
                + "\"tauMinus\": \"10 ms\", \"traceIncrement\": 0.1, \"simultaneous\": \"ignored\"%s}, \"modulators\": [{\"type\": "
                + "\"astrocyte\", \"feeds\": {\"E\": 1, \"I\": 1, \"input\": -1}, \"tau\": \"100 ms\", \"weight\": 0.015, "
                + "\"bias\": 0.15}], \"bounds\": {\"type\": \"hard\", \"min\": %s, \"max\": %s}}";
        String exc = String.format(stdp, "", "0", "3"), inh = String.format(stdp, ", \"presynaptic\": \"inhibitory\"", "-3", "0"),
                in = String.format(stdp, "", "-3", "3");
        String json = "{\"name\": \"tiny-nalsm\", \"seed\": 5, \"dt\": \"1 ms\", \"duration\": \"100 ms\", \"threads\": 1,"
                + "\"lattices\": [{\"name\": \"liquid\", \"shape\": [4, 4, 4]}],"
                + "\"populations\": [{\"name\": \"input\", \"size\": 64, \"model\": {\"type\": \"lif-nalsm\"}},"
                + " {\"name\": \"E\", \"lattice\": {\"name\": \"liquid\", \"type\": \"E\"}, \"model\": {\"type\": \"lif-nalsm\"}},"
                + " {\"name\": \"I\", \"lattice\": {\"name\": \"liquid\", \"type\": \"I\"}, \"model\": {\"type\": \"lif-nalsm\"}}],"
                + "\"sources\": [{\"name\": \"pixels\", \"type\": \"external\", \"size\": 64}],"
                + "\"projections\": ["
                + " {\"name\": \"drive\", \"pre\": \"pixels\", \"post\": \"input\", \"target\": \"x\", \"topology\": {\"type\": \"one-to-one\"}, \"weight\": 100},"
                + " {\"name\": \"inE\", \"pre\": \"input\", \"post\": \"E\", \"target\": \"u\", \"topology\": {\"type\": \"fixed-total-number\", \"fraction\": 0.15, \"group\": \"in\"}, \"weight\": {\"dist\": \"random-sign\", \"magnitude\": 3}, \"plasticity\": " + in + "},"
                + " {\"name\": \"inI\", \"pre\": \"input\", \"post\": \"I\", \"target\": \"u\", \"topology\": {\"type\": \"fixed-total-number\", \"fraction\": 0.15, \"group\": \"in\"}, \"weight\": {\"dist\": \"random-sign\", \"magnitude\": 3}, \"plasticity\": " + in + "},"
                + " {\"name\": \"EE\", \"pre\": \"E\", \"post\": \"E\", \"target\": \"u\", \"topology\": {\"type\": \"liquid\", \"c\": 0.2}, \"weight\": 3, \"plasticity\": " + exc + "},"
                + " {\"name\": \"EI\", \"pre\": \"E\", \"post\": \"I\", \"target\": \"u\", \"topology\": {\"type\": \"liquid\", \"c\": 0.1}, \"weight\": 3, \"plasticity\": " + exc + "},"
                + " {\"name\": \"IE\", \"pre\": \"I\", \"post\": \"E\", \"target\": \"u\", \"topology\": {\"type\": \"liquid\", \"c\": 0.3}, \"weight\": -3, \"plasticity\": " + inh + "},"
                + " {\"name\": \"II\", \"pre\": \"I\", \"post\": \"I\", \"target\": \"u\", \"topology\": {\"type\": \"liquid\", \"c\": 0.05}, \"weight\": -3, \"plasticity\": " + inh + "}],"
                + "\"monitors\": {\"spikes\": [\"E\", \"I\"]},"
                + "\"protocol\": {\"type\": \"lsm-classification\", \"dataset\": {\"directory\": \"" + data + "\", \"train\": 100,"
                + " \"validation\": 60, \"test\": 60}, \"input\": \"pixels\", \"liquid\": [\"E\", \"I\"],"
                + " \"initialization\": {\"samples\": 40, \"checkpoints\": 2}, \"readout\": {\"epochs\": 60, \"learningRate\": 0.02,"
                + " \"batchSize\": 20, \"patience\": 15}, \"branching\": {\"samples\": 5}},"
                + "\"outputs\": {\"formats\": [\"csv\", \"npy\"], \"plots\": true}}";
        return (ObjectNode) ExperimentReader.parseJson(json, "test");
    }

    static ExperimentRunner.Result run(JsonNode doc, Path out) throws Exception {
        Experiment e = ExperimentReader.read(doc, Map.of());
        return ExperimentRunner.run(e, out, new ExperimentRunner.Options(false, false, null));
    }

    @Test
    void learnsTheTinyDatasetAndWritesEveryOutput(@TempDir Path out) throws Exception {
        ExperimentRunner.Result r = run(tiny(), out);
        JsonNode m = r.metrics();
        assertTrue(m.path("test_accuracy").asDouble() > 0.8, "4 classes, chance 0.25: " + m);
        assertEquals(100 + 60 + 60, m.path("features").path("samples").asInt());
        assertEquals(Math.floorDiv(64 * 64 * 15, 100), countInputSynapses(m), "exact input count");
        double sigma0 = m.path("branching_factor").path("initial").asDouble();
        assertTrue(sigma0 > 0 && Double.isFinite(sigma0), m.toString());
        assertEquals(3, m.path("branching_factor").path("during_initialization").size(), "checkpoints 0, 20, 40");
        assertTrue(m.path("features").path("mean_liquid_rate_hz").asDouble() > 1, "the liquid responds");
        for (String f : List.of("manifest.json", "metrics.json", "epochs.csv", "confusion.csv", "confusion.npy",
                "branching.csv", "weights.csv", "accuracy.png", "branching.png", "confusion.png", "weights.png")) {
            assertTrue(Files.size(r.directory().resolve(f)) > 0, f);
        }
        List<String> epochs = Files.readAllLines(r.directory().resolve("epochs.csv"));
        assertEquals(m.path("readout").path("epochs_run").asInt() + 1, epochs.size());
        List<String> weights = Files.readAllLines(r.directory().resolve("weights.csv"));
        assertTrue(weights.stream().filter(l -> l.startsWith("EE,")).anyMatch(l -> Double.parseDouble(l.split(",")[6]) > 0),
                "STDP changed the liquid's weights during initialisation: " + weights);
        JsonNode manifest = ExperimentReader.MAPPER.readTree(r.directory().resolve("manifest.json").toFile());
        assertEquals("lsm-classification", manifest.path("manifest").path("protocol").asText());
    }

    static int countInputSynapses(JsonNode m) {
        return m.path("synapses").asInt() - m.path("liquid_synapses").asInt() - 64; // minus the 64 drive synapses
    }

    /**
     * The feature phase's reported spike count against an independent count: the feature network rebuilt from the
     * document, the organised weights read back from the {@code weights_<projection>_after.npy} exports, every
     * training, validation and test image presented from those weights on one fresh Java simulation with the sample's
     * own input stream ({@code lsm/input/<split>/<index>}), and the liquid's spikes counted from the engine's
     * recording.
     */
    @Test
    void featureSpikesEqualAnIndependentCountFromTheExportedWeights(@TempDir Path out) throws Exception {
        ObjectNode doc = tiny();
        ((ObjectNode) doc.path("protocol")).with("dataset").put("train", 20).put("validation", 10).put("test", 10);
        ((ObjectNode) doc.path("protocol")).with("initialization").put("samples", 10);
        ExperimentRunner.Result r = run(doc, out);
        Experiment e = ExperimentReader.read(doc, Map.of());
        org.spinel.experiments.spec.LsmClassificationSpec spec = e.lsm();
        org.spinel.experiments.datasets.LabeledImages[] splits = LsmClassificationRunner.loadSplits(spec);
        org.spinel.networks.Network net = LsmClassificationRunner.featureExperiment(e, spec).network();
        var encoder = org.spinel.experiments.datasets.encoding.BernoulliEncoder.nalsm(splits[0]);
        org.spinel.networks.RandomStreams streams = new org.spinel.networks.RandomStreams(e.seed());
        long steps = Math.round(e.durationMs() / e.dt());
        float[] probabilities = new float[net.sizeOf(spec.input())];
        String[] names = {"train", "validation", "test"};
        long count = 0;
        try (org.spinel.networks.engine.Simulation sim = org.spinel.networks.engine.Backends.get("java").compile(net,
                org.spinel.networks.engine.SimulationOptions.threads(1))) {
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < splits[k].size(); i++) {
                    sim.reset();
                    for (String p : net.projections().keySet()) {
                        sim.setWeights(p, floats(r.directory().resolve("weights_" + p + "_after.npy")));
                    }
                    encoder.probabilities(splits[k], i, probabilities);
                    var rng = streams.stream("lsm/input/" + names[k] + "/" + i);
                    sim.feed(spec.input(), (step, spikes) -> org.spinel.experiments.datasets.encoding.BernoulliEncoder
                            .sampleStep(probabilities, rng, spikes));
                    sim.runSteps(steps);
                    for (String pop : spec.liquid()) {
                        count += sim.recording().spikes().get(pop).count();
                    }
                }
            }
        }
        assertTrue(count > 0);
        assertEquals(count, r.metrics().path("spikes").asLong(), "the liquid's spikes over the 40 feature samples");
    }

    /** A 1-D {@code <f8} NPY file (version 1) as floats (the exported weights are floats widened to double). */
    private static float[] floats(Path f) throws Exception {
        byte[] b = Files.readAllBytes(f);
        int header = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertTrue(new String(b, 10, header, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("{'descr': '<f8'"));
        java.nio.DoubleBuffer d = java.nio.ByteBuffer.wrap(b, 10 + header, b.length - 10 - header)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        float[] w = new float[d.remaining()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) d.get(i);
        }
        return w;
    }

    @Test
    void resultsDoNotDependOnTheThreadCount(@TempDir Path out) throws Exception {
        ObjectNode a = tiny(), b = tiny();
        ((ObjectNode) a.path("protocol")).with("dataset").put("train", 40).put("validation", 20).put("test", 20);
        ((ObjectNode) a.path("protocol")).with("initialization").put("samples", 15);
        ((ObjectNode) b.path("protocol")).setAll((ObjectNode) a.path("protocol").deepCopy());
        b.put("threads", 3).put("name", "tiny-nalsm-3");
        ExperimentRunner.Result r1 = run(a, out), r3 = run(b, out);
        assertEquals(Files.readString(r1.directory().resolve("epochs.csv")), Files.readString(r3.directory().resolve("epochs.csv")));
        assertEquals(Files.readString(r1.directory().resolve("confusion.csv")),
                Files.readString(r3.directory().resolve("confusion.csv")));
        assertEquals(Files.readString(r1.directory().resolve("weights.csv")), Files.readString(r3.directory().resolve("weights.csv")));
        assertEquals(r1.metrics().path("branching_factor").toString(), r3.metrics().path("branching_factor").toString());
    }

    @Test
    void badInputIsReportedWithPointers() throws Exception {
        ObjectNode d = tiny();
        ((ObjectNode) d.path("protocol")).put("input", "input");
        ((ObjectNode) d.path("protocol")).putArray("liquid").add("E").add("J");
        ((ObjectNode) d.path("protocol")).with("readout").put("epochs", 0);
        ((ObjectNode) d.path("protocol")).with("dataset").put("name", "fashion");
        ExperimentException e = assertThrows(ExperimentException.class, () -> ExperimentReader.read(d, Map.of()));
        String msg = e.getMessage();
        assertTrue(msg.contains("/protocol/input") && msg.contains("external"), msg);
        assertTrue(msg.contains("/protocol/liquid/1"), msg);
        assertTrue(msg.contains("/protocol/readout/epochs"), msg);
        assertTrue(msg.contains("/protocol/dataset/name") && msg.contains("fashion-mnist"), msg);

        ObjectNode big = tiny();
        ((ObjectNode) big.path("protocol")).with("dataset").put("train", 150);
        ExperimentException e2 = assertThrows(ExperimentException.class, () -> run(big, data.resolve("never")));
        assertTrue(e2.getMessage().contains("/protocol/dataset/train") && e2.getMessage().contains("at most 160"),
                e2.getMessage());

        ObjectNode missing = tiny();
        ((ObjectNode) missing.path("protocol")).with("dataset").put("directory", data.resolve("nowhere").toString());
        DatasetNotFoundException e3 = assertThrows(DatasetNotFoundException.class, () -> run(missing, data.resolve("never")));
        assertTrue(e3.getMessage().contains("nowhere"), e3.getMessage());

        ObjectNode group = tiny();
        ((ObjectNode) group.path("projections").get(2).path("topology")).put("fraction", 0.2);
        ExperimentException e4 = assertThrows(ExperimentException.class, () -> ExperimentReader.read(group, Map.of()));
        assertTrue(e4.getMessage().contains("/projections/2/topology") && e4.getMessage().contains("group \"in\""),
                e4.getMessage());
    }
}
