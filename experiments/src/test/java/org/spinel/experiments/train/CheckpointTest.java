package org.spinel.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.projection.ComplementProjector;
import org.spinel.plasticity.sg.BatchTrainer;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.Loss;
import org.spinel.plasticity.sg.SampleInput;
import org.spinel.plasticity.sg.SpikeFunction;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.surrogate.Surrogates;
import org.spinel.plasticity.train.BlockRole;
import org.spinel.plasticity.train.BlockState;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/**
 * {@code checkpoint.h5} stores blocks by name with their optimiser and projector states: an HDF5 round trip gives
 * back every block exactly, a trainer restored from it continues bit for bit like the one that wrote it, a model
 * with another block is refused naming it, and a version-1 checkpoint is refused as an input error.
 */
class CheckpointTest {
    static final int IN = 10, HID = 7, OUT = 3, T = 25, B = 24;

    @TempDir
    Path tmp;

    static SurrogateGradientNetwork net(boolean recurrent, int hidden) {
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(IN, List.of(LayerConfig.hidden(hidden, recurrent),
                LayerConfig.readout(OUT)), 1, SpikeFunction.surrogate(Surrogates.byName("fast-sigmoid")));
        n.initialise(8, 20);
        return n;
    }

    static SampleInput[] inputs() {
        UniformRandomProvider rng = new RandomStreams(5).stream("in");
        SampleInput[] in = new SampleInput[B];
        for (int k = 0; k < B; k++) {
            double[] d = new double[IN * T];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextDouble() < 0.15 ? 1 : 0;
            }
            in[k] = SampleInput.ofDense(IN, T, d);
        }
        return in;
    }

    static int[] labels() {
        int[] y = new int[B];
        for (int k = 0; k < B; k++) {
            y[k] = k % OUT;
        }
        return y;
    }

    static BatchTrainer trainer(SurrogateGradientNetwork n) {
        double[] q = new double[n.layer(0).size()];
        Arrays.fill(q, 1);
        BatchTrainer t = new BatchTrainer(n, Adam.builder().learningRate(5e-3), Loss.MAX_OVER_TIME_CE, T, 2);
        t.pipeline(0, false, new RateSum(), null);
        if (n.recurrentWeights(0) != null) {
            t.pipeline(0, true, new ComplementProjector(List.of(q)), null);
        }
        return t;
    }

    static void steps(BatchTrainer t, int k) {
        for (int s = 0; s < k; s++) {
            t.trainBatch(inputs(), labels());
        }
    }

    @Test
    void roundTripByBlockNameContinuesExactly() throws Exception {
        SurrogateGradientNetwork a = net(true, HID);
        ObjectNode network = ExperimentReader.MAPPER.createObjectNode().put("inputs", IN);
        ObjectNode training = ExperimentReader.MAPPER.createObjectNode().put("type", "train");
        Map<String, double[]> history = new LinkedHashMap<>();
        history.put("epoch", new double[] {1, 2});
        history.put("test_accuracy", new double[] {0.25, 0.5});
        Path file = tmp.resolve(Checkpoint.FILE);
        Checkpoint written;
        try (BatchTrainer t = trainer(a)) {
            steps(t, 3);
            List<BlockState> blocks = t.trainer().exportBlocks();
            double[][] best = new double[blocks.size()][];
            for (int b = 0; b < best.length; b++) {
                best[b] = blocks.get(b).weights().clone();
                best[b][0] += 1;
            }
            written = new Checkpoint(2, network, training, blocks, best, history, 2, 0.5, 0, false, true);
            written.write(file);
            steps(t, 2);
        }
        Checkpoint read = Checkpoint.read(file);
        assertEquals(Boolean.TRUE, read.quick(), "the quick flag is read back");
        assertEquals(List.of("layer0", "layer0.recurrent", "layer1"), read.blocks().stream().map(BlockState::name)
                .toList());
        assertEquals(List.of(BlockRole.FEED_FORWARD, BlockRole.RECURRENT, BlockRole.FEED_FORWARD),
                read.blocks().stream().map(BlockState::role).toList());
        for (int b = 0; b < 3; b++) {
            BlockState w = written.blocks().get(b), r = read.blocks().get(b);
            assertEquals(w.pre(), r.pre());
            assertEquals(w.post(), r.post());
            assertArrayEquals(w.weights(), r.weights(), w.name());
            assertEquals(w.optimizer(), r.optimizer(), w.name() + " optimiser state");
            assertEquals(w.projector(), r.projector(), w.name() + " projector");
            assertEquals(w.projectorState().keySet(), r.projectorState().keySet());
            for (String k : w.projectorState().keySet()) {
                assertArrayEquals(w.projectorState().get(k), r.projectorState().get(k), w.name() + " " + k);
            }
            assertArrayEquals(written.best()[b], read.best()[b]);
        }
        assertEquals("rate sum", read.blocks().get(0).projector());
        assertTrue(read.blocks().get(0).projectorState().get("sum")[0] > 0, "a learned projector state was stored");
        assertEquals("complement of 1 fixed vector", read.blocks().get(1).projector());
        assertNull(read.blocks().get(2).projector());
        assertArrayEquals(history.get("test_accuracy"), read.history().get("test_accuracy"));
        assertEquals(2, read.epoch());
        assertEquals(0.5, read.bestAccuracy());

        // A trainer restored from the file continues exactly like the one that wrote it.
        SurrogateGradientNetwork b = net(true, HID);
        b.initialise(77, 20);
        try (BatchTrainer t = trainer(b)) {
            t.trainer().importBlocks(read.blocks());
            steps(t, 2);
        }
        assertArrayEquals(a.weights(0), b.weights(0));
        assertArrayEquals(a.recurrentWeights(0), b.recurrentWeights(0));
        assertArrayEquals(a.weights(1), b.weights(1));

        // Another model is refused, naming the block that differs, and keeps its weights.
        SurrogateGradientNetwork plain = net(false, HID);
        double[] before = plain.weights(1).clone();
        try (BatchTrainer t = trainer(plain)) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> t.trainer().importBlocks(read.blocks()));
            assertTrue(ex.getMessage().contains("\"layer0.recurrent\"") && ex.getMessage().contains("\"layer1\""),
                    ex.getMessage());
        }
        assertArrayEquals(before, plain.weights(1));
        try (BatchTrainer t = trainer(net(true, HID + 1))) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> t.trainer().importBlocks(read.blocks()));
            assertTrue(ex.getMessage().contains("\"layer0\"") && ex.getMessage().contains("10 x 8"), ex.getMessage());
        }
    }

    @Test
    void aVersionOneCheckpointIsRefusedAsInput() throws Exception {
        Path file = tmp.resolve("old.h5");
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("format", Checkpoint.FORMAT);
            h.putAttribute("version", 1L);
        }
        ExperimentException ex = assertThrows(ExperimentException.class, () -> Checkpoint.read(file));
        assertTrue(ex.getMessage().contains("version 1") && ex.getMessage().contains("start a new run"),
                ex.getMessage());
        assertFalse(ex.getMessage().isBlank());
    }

    /** A stateful test projector: sums the observed presynaptic rates, projects nothing away. */
    static final class RateSum implements Projector {
        @Override
        public String describe() {
            return "rate sum";
        }

        @Override
        public Activity activity() {
            return Activity.PRESYNAPTIC_RATE;
        }

        @Override
        public ProjectorState bind(int pre, int post, SynapseGraph graph) {
            double[] sum = new double[pre];
            return new ProjectorState() {
                @Override
                public void project(double[] delta) {
                }

                @Override
                public void observe(double[] activity) {
                    for (int j = 0; j < pre; j++) {
                        sum[j] += activity[j];
                    }
                }

                @Override
                public void reset() {
                    Arrays.fill(sum, 0);
                }

                @Override
                public Map<String, double[]> exportState() {
                    return Map.of("sum", sum.clone());
                }

                @Override
                public void importState(Map<String, double[]> state) {
                    System.arraycopy(state.get("sum"), 0, sum, 0, pre);
                }
            };
        }
    }
}
