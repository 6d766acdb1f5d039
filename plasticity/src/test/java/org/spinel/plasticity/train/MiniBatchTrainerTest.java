package org.spinel.plasticity.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.optim.OptimizerFactory;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.projection.ComplementProjector;

/**
 * The generic trainer on a two-block toy model ({@link ToyPerceptron}, not a spiking network): thread-count
 * independence, the mean-gradient step, the pipeline {@code bounds(projector(Δw))} with a complement projector
 * conserving {@code q·W}, the two projector stages, observation of presynaptic activity in sample order after the
 * step, frozen blocks, and block checkpoints by name.
 */
class MiniBatchTrainerTest {
    static final int IN = 8, HID = 6, OUT = 3, N = 150, BATCH = 37;
    static final double[][] X = ToyPerceptron.inputs(N, IN, 11);
    static final int[] Y = ToyPerceptron.labels(X, OUT);

    /** Trains {@code epochs} passes over the data in batches of {@link #BATCH} (the last one shorter). */
    static void train(MiniBatchTrainer<double[], ToyPerceptron.Workspace> t, int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (int from = 0; from < N; from += BATCH) {
                int to = Math.min(N, from + BATCH);
                double loss = t.trainBatch(Arrays.copyOfRange(X, from, to), Arrays.copyOfRange(Y, from, to), null);
                assertTrue(Double.isFinite(loss));
            }
        }
    }

    static OptimizerFactory adam() {
        return Adam.builder().learningRate(0.02);
    }

    @Test
    void oneTwoAndThreeThreadsGiveIdenticalWeights() {
        double[][] w = null;
        double initial = new ToyPerceptron(IN, HID, OUT, 1).meanLoss(X, Y);
        for (int threads : new int[] {1, 2, 3}) {
            ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 1);
            try (MiniBatchTrainer<double[], ToyPerceptron.Workspace> t = new MiniBatchTrainer<>(m, adam(), threads)) {
                t.clipByGlobalNorm(1.0);
                train(t, 8);
            }
            if (w == null) {
                w = new double[][] {m.w1.clone(), m.w2.clone()};
                double after = m.meanLoss(X, Y);
                assertTrue(after < 0.8 * initial, "the toy learns: loss " + initial + " -> " + after);
            } else {
                assertArrayEquals(w[0], m.w1, threads + " threads, block hidden");
                assertArrayEquals(w[1], m.w2, threads + " threads, block readout");
            }
        }
    }

    /** The mean gradient over the batch, computed sample by sample in one workspace (no trainer). */
    static double[][] meanGradient(ToyPerceptron m, double[][] x, int[] y) {
        ToyPerceptron.Workspace ws = m.workspace();
        for (int k = 0; k < x.length; k++) {
            ws.forward(x[k]);
            ws.backward(y[k]);
        }
        double[] g1 = ws.g1.clone(), g2 = ws.g2.clone();
        for (int k = 0; k < g1.length; k++) {
            g1[k] /= x.length;
        }
        for (int k = 0; k < g2.length; k++) {
            g2[k] /= x.length;
        }
        return new double[][] {g1, g2};
    }

    @Test
    void oneStepOfPlainSgdIsTheMeanGradientStep() {
        ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 2);
        double[][] g = meanGradient(m, X, Y);
        double[] w1 = m.w1.clone(), w2 = m.w2.clone();
        try (var t = new MiniBatchTrainer<>(m, SgdMomentum.builder().learningRate(0.5).momentum(0), 2)) {
            t.trainBatch(X, Y, null);
        }
        for (int k = 0; k < w1.length; k++) {
            assertEquals(w1[k] - 0.5 * g[0][k], m.w1[k], 1e-6, "hidden " + k);
        }
        for (int k = 0; k < w2.length; k++) {
            assertEquals(w2[k] - 0.5 * g[1][k], m.w2[k], 1e-6, "readout " + k);
        }
    }

    static double[] unit(int n, double phase) {
        double[] q = new double[n];
        double s = 0;
        for (int j = 0; j < n; j++) {
            q[j] = Math.sin(1.3 * j + phase) + 0.2;
            s += q[j] * q[j];
        }
        for (int j = 0; j < n; j++) {
            q[j] /= Math.sqrt(s);
        }
        return q;
    }

    /** {@code q·W[:, post]} for every post of a {@code [pre][post]} block. */
    static double[] responses(double[] w, int post, double[] q) {
        double[] r = new double[post];
        for (int j = 0; j < q.length; j++) {
            for (int i = 0; i < post; i++) {
                r[i] += q[j] * w[j * post + i];
            }
        }
        return r;
    }

    @Test
    void complementProjectorAndBoundsComposeAndConserveQw() {
        ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 3);
        double[] q = unit(IN, 0.4);
        double[] before = responses(m.w1, HID, q), w1 = m.w1.clone();
        try (var t = new MiniBatchTrainer<>(m, adam(), 2)) {
            t.pipeline("hidden", new ComplementProjector(List.of(q)), WeightBounds.hard(-100, 100));
            t.pipeline("readout", null, WeightBounds.hard(-0.05, 0.05));
            train(t, 6);
        }
        assertArrayEquals(before, responses(m.w1, HID, q), 1e-5, "q·W of the projected block is conserved");
        double moved = 0;
        for (int k = 0; k < w1.length; k++) {
            moved = Math.max(moved, Math.abs(m.w1[k] - w1[k]));
        }
        assertTrue(moved > 0.05, "the hidden block learned in the other directions (max |Δw| " + moved + ")");
        int atBound = 0;
        for (double v : m.w2) {
            assertTrue(Math.abs(v) <= 0.05 + 1e-9, "readout weight " + v + " outside its bounds");
            atBound += Math.abs(v) > 0.05 - 1e-7 ? 1 : 0;
        }
        assertTrue(atBound > OUT, atBound + " readout weights at the bounds: the bounds did the work");
    }

    @Test
    void aGradientStageProjectorActsBeforeTheOptimiserAnUpdateStageOneAfter() {
        double[] q = unit(IN, 1.1);
        // With Adam, which rescales every coordinate, only a projection of the optimiser's Δw keeps q·W.
        double[] drift = new double[2];
        for (Projector.Stage stage : Projector.Stage.values()) {
            ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 4);
            double[] before = responses(m.w1, HID, q);
            try (var t = new MiniBatchTrainer<>(m, adam(), 1)) {
                t.pipeline("hidden", new Staged(new ComplementProjector(List.of(q)), stage), null);
                train(t, 2);
            }
            double[] after = responses(m.w1, HID, q);
            for (int i = 0; i < HID; i++) {
                drift[stage.ordinal()] = Math.max(drift[stage.ordinal()], Math.abs(after[i] - before[i]));
            }
        }
        assertTrue(drift[Projector.Stage.UPDATE.ordinal()] < 1e-5, "UPDATE stage: q·W kept, drift "
                + drift[Projector.Stage.UPDATE.ordinal()]);
        assertTrue(drift[Projector.Stage.GRADIENT.ordinal()] > 1e-3, "GRADIENT stage: Adam's rescaling moves q·W, drift "
                + drift[Projector.Stage.GRADIENT.ordinal()]);

        // What each stage receives, with plain SGD (lr 0.5): the mean gradient, or the step's Δw = −0.5·gradient.
        for (Projector.Stage stage : Projector.Stage.values()) {
            ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 5);
            double[][] g = meanGradient(m, X, Y);
            Recording rec = new Recording(stage, false);
            try (var t = new MiniBatchTrainer<>(m, SgdMomentum.builder().learningRate(0.5).momentum(0), 2)) {
                t.pipeline("readout", rec, null);
                t.trainBatch(X, Y, null);
            }
            double[] got = rec.state.projected.get(0);
            for (int k = 0; k < got.length; k++) {
                if (stage == Projector.Stage.GRADIENT) {
                    assertEquals(g[1][k], got[k], 1e-15 + 1e-12 * Math.abs(g[1][k]), "the mean gradient, " + k);
                } else {
                    assertEquals(-0.5 * g[1][k], got[k], 1e-6, "the optimiser's Δw, " + k);
                }
            }
        }
    }

    @Test
    void observesPresynapticActivityInSampleOrderAfterTheStep() {
        ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 6);
        double[][] x = Arrays.copyOfRange(X, 0, BATCH);
        int[] y = Arrays.copyOfRange(Y, 0, BATCH);
        // the readout's presynaptic activity is h = tanh(x·W1) with the weights before the step
        ToyPerceptron.Workspace ref = m.workspace();
        double[][] h = new double[BATCH][];
        for (int k = 0; k < BATCH; k++) {
            ref.forward(x[k]);
            h[k] = ref.h.clone();
        }
        Recording hidden = new Recording(Projector.Stage.UPDATE, true), readout = new Recording(Projector.Stage.GRADIENT,
                true);
        try (var t = new MiniBatchTrainer<>(m, adam(), 3)) {
            t.pipeline("hidden", hidden, null).pipeline("readout", readout, null);
            t.trainBatch(x, y, null);
            assertEquals(BATCH + 1, hidden.state.log.size());
            assertEquals("project", hidden.state.log.get(0), "the step is projected before the batch is observed");
            assertEquals("project", readout.state.log.get(0));
            for (int k = 0; k < BATCH; k++) {
                assertArrayEquals(x[k], hidden.state.observed.get(k), "hidden observes x of sample " + k);
                assertArrayEquals(h[k], readout.state.observed.get(k), "readout observes h of sample " + k);
            }
            t.endTask();
            assertEquals("endTask", hidden.state.log.get(hidden.state.log.size() - 1));
            assertEquals("endTask", readout.state.log.get(readout.state.log.size() - 1));
        }
        // a frozen block neither changes nor observes
        ToyPerceptron f = new ToyPerceptron(IN, HID, OUT, 6);
        double[] w2 = f.w2.clone(), w1 = f.w1.clone();
        Recording frozen = new Recording(Projector.Stage.UPDATE, true);
        try (var t = new MiniBatchTrainer<>(f, adam(), 1)) {
            t.pipeline("readout", frozen, null).freeze("readout");
            t.trainBatch(x, y, null);
        }
        assertArrayEquals(w2, f.w2);
        assertFalse(Arrays.equals(w1, f.w1), "the other block learned");
        assertTrue(frozen.state.log.isEmpty(), frozen.state.log.toString());
    }

    @Test
    void blocksRoundTripByNameAndAnotherModelIsRefusedNamingTheBlock() {
        ToyPerceptron a = new ToyPerceptron(IN, HID, OUT, 7);
        List<BlockState> saved;
        Map<String, double[]> projectorAfter;
        try (var t = new MiniBatchTrainer<>(a, adam(), 2)) {
            t.pipeline("hidden", new Recording(Projector.Stage.UPDATE, true), null);
            train(t, 2);
            saved = t.exportBlocks();
            train(t, 2);
            projectorAfter = t.projectorState("hidden").exportState();
        }
        assertEquals(List.of("hidden", "readout"), saved.stream().map(BlockState::name).toList());
        assertEquals("recording", saved.get(0).projector());
        assertTrue(saved.get(0).projectorState().get("sum")[0] != 0, "the projector learned something to restore");
        ToyPerceptron b = new ToyPerceptron(IN, HID, OUT, 99); // other initial weights: all comes from the blocks
        try (var t = new MiniBatchTrainer<>(b, adam(), 1)) {
            t.pipeline("hidden", new Recording(Projector.Stage.UPDATE, true), null);
            t.importBlocks(saved);
            train(t, 2);
            assertArrayEquals(projectorAfter.get("sum"), t.projectorState("hidden").exportState().get("sum"));
        }
        assertArrayEquals(a.w1, b.w1, "hidden continues exactly");
        assertArrayEquals(a.w2, b.w2, "readout continues exactly");

        // Without the projector's state the continuation differs (so the test above can fail).
        ToyPerceptron c = new ToyPerceptron(IN, HID, OUT, 7);
        try (var t = new MiniBatchTrainer<>(c, adam(), 1)) {
            t.pipeline("hidden", new Recording(Projector.Stage.UPDATE, true), null);
            List<BlockState> noProjector = new ArrayList<>();
            for (BlockState s : saved) {
                noProjector.add(new BlockState(s.name(), s.role(), s.pre(), s.post(), s.weights(), s.optimizer(),
                        s.projector(), s.name().equals("hidden") ? t.projectorState("hidden").exportState()
                                : s.projectorState()));
            }
            t.importBlocks(noProjector);
            train(t, 2);
        }
        assertFalse(Arrays.equals(a.w1, c.w1));

        ToyPerceptron wider = new ToyPerceptron(IN, HID + 1, OUT, 7);
        try (var t = new MiniBatchTrainer<>(wider, adam(), 1)) {
            t.pipeline("hidden", new Recording(Projector.Stage.UPDATE, true), null);
            double[] w = wider.w1.clone();
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> t.importBlocks(saved));
            assertTrue(ex.getMessage().contains("\"hidden\"") && ex.getMessage().contains("8 x 6")
                    && ex.getMessage().contains("8 x 7"), ex.getMessage());
            assertArrayEquals(w, wider.w1, "a refused checkpoint changes nothing");
        }
        ToyPerceptron plain = new ToyPerceptron(IN, HID, OUT, 7);
        try (var t = new MiniBatchTrainer<>(plain, adam(), 1)) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> t.importBlocks(saved));
            assertTrue(ex.getMessage().contains("\"hidden\"") && ex.getMessage().contains("projector recording"),
                    ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> t.freeze("output"));
            assertTrue(ex.getMessage().contains("[hidden, readout]"), ex.getMessage());
        }
        try (var t = new MiniBatchTrainer<>(new ToyPerceptron(IN, HID, OUT, 7), adam(), 1)) {
            t.pipeline("hidden", new Recording(Projector.Stage.UPDATE, true), null);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> t.importBlocks(saved.subList(0, 1)));
            assertTrue(ex.getMessage().contains("\"readout\"") && ex.getMessage().contains("not in the checkpoint"),
                    ex.getMessage());
        }
    }

    /** A projector with another stage than its delegate's. */
    record Staged(Projector inner, Projector.Stage stage) implements Projector {
        @Override
        public String describe() {
            return inner.describe() + " at " + stage;
        }

        @Override
        public ProjectorState bind(int pre, int post, SynapseGraph graph) {
            return inner.bind(pre, post, graph);
        }
    }

    /**
     * A stateful test projector: it observes presynaptic activity, keeps its sum, and removes from each update its
     * component along that sum (over the presynaptic index); it records what it is given and the order of calls.
     */
    static final class Recording implements Projector {
        final Stage stage;
        final boolean observes;
        RecState state;

        Recording(Stage stage, boolean observes) {
            this.stage = stage;
            this.observes = observes;
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public Stage stage() {
            return stage;
        }

        @Override
        public Activity activity() {
            return observes ? Activity.PRESYNAPTIC_RATE : Activity.NONE;
        }

        @Override
        public ProjectorState bind(int pre, int post, SynapseGraph graph) {
            state = new RecState(pre, post);
            return state;
        }
    }

    static final class RecState implements ProjectorState {
        final int pre, post;
        final double[] sum;
        final List<String> log = new ArrayList<>();
        final List<double[]> projected = new ArrayList<>(), observed = new ArrayList<>();

        RecState(int pre, int post) {
            this.pre = pre;
            this.post = post;
            sum = new double[pre];
        }

        @Override
        public void project(double[] delta) {
            log.add("project");
            projected.add(delta.clone());
            double n = 0;
            for (double s : sum) {
                n += s * s;
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < post; i++) {
                double c = 0;
                for (int j = 0; j < pre; j++) {
                    c += sum[j] * delta[j * post + i];
                }
                for (int j = 0; j < pre; j++) {
                    delta[j * post + i] -= c * sum[j] / n;
                }
            }
        }

        @Override
        public void observe(double[] activity) {
            log.add("observe");
            observed.add(activity.clone());
            for (int j = 0; j < pre; j++) {
                sum[j] += activity[j];
            }
        }

        @Override
        public void endTask() {
            log.add("endTask");
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
            double[] s = state.get("sum");
            if (s == null || s.length != pre || state.size() != 1) {
                throw new IllegalArgumentException("recording projector state: expected \"sum\" of " + pre);
            }
            System.arraycopy(s, 0, sum, 0, pre);
        }
    }
}
