package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.plasticity.projection.ComplementProjector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.optim.OptimizerState;
import org.spinel.plasticity.surrogate.FastSigmoid;

/**
 * The trainer as the rule of a plasticity pipeline: projector and bounds stages on each step's Δw, frozen
 * layers, optimizer state round trips, and a non-finite loss that leaves the weights alone.
 */
class BatchTrainerPipelineTest {
    static final int IN = 30, HID = 12, OUT = 3, T = 40, B = 32;

    static SurrogateGradientNetwork net() {
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(IN, List.of(LayerConfig.hidden(HID, true),
                LayerConfig.readout(OUT)), 1, SpikeFunction.surrogate(new FastSigmoid(100)));
        n.initialise(5, 20);
        return n;
    }

    static SampleInput[] inputs() {
        SplittableRandom r = new SplittableRandom(4);
        SampleInput[] x = new SampleInput[B];
        for (int b = 0; b < B; b++) {
            int n = 40;
            int[] u = new int[n], s = new int[n];
            for (int k = 0; k < n; k++) {
                u[k] = r.nextInt(IN);
                s[k] = r.nextInt(T);
            }
            x[b] = SampleInput.ofSpikes(IN, T, u, s);
        }
        return x;
    }

    static int[] labels() {
        int[] y = new int[B];
        for (int b = 0; b < B; b++) {
            y[b] = b % OUT;
        }
        return y;
    }

    @Test
    void projectorKeepsTheProtectedDirectionAndBoundsClip() {
        SurrogateGradientNetwork n = net();
        // HLOP-like projector: remove from each column Δw[:, post] its component along the unit vector q over the
        // presynaptic units, so q·W[:, post] stays what it was for every post (an orthogonal projection).
        double[] q = new double[IN];
        for (int p = 0; p < IN; p++) {
            q[p] = Math.sin(p + 1.0);
        }
        double norm = Math.sqrt(Arrays.stream(q).map(x -> x * x).sum());
        for (int p = 0; p < IN; p++) {
            q[p] /= norm;
        }
        double[] before = projections(n.weights(0), q);
        double[] w1Before = n.weights(0).clone();
        try (BatchTrainer t = new BatchTrainer(n, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, 2)) {
            t.pipeline(0, false, new ComplementProjector(List.of(q)), null);
            t.pipeline(0, true, null, WeightBounds.hard(-0.002, 0.002));
            for (int s = 0; s < 30; s++) {
                t.trainBatch(inputs(), labels());
            }
        }
        double[] after = projections(n.weights(0), q);
        assertArrayEquals(before, after, 1e-6, "q·W[:, post] is conserved by the projected updates");
        assertFalse(Arrays.equals(w1Before, n.weights(0)), "the layer learned in the other directions");
        int atBound = 0;
        for (double v : n.recurrentWeights(0)) {
            assertTrue(Math.abs(v) <= 0.002 + 1e-12, "recurrent weight " + v + " outside the bounds");
            if (Math.abs(v) > 0.002 - 1e-9) {
                atBound++;
            }
        }
        assertTrue(atBound > HID, atBound + " recurrent weights at the bounds: the bounds did the work");
    }

    static double[] projections(double[] w, double[] q) {
        double[] out = new double[HID];
        for (int post = 0; post < HID; post++) {
            for (int p = 0; p < IN; p++) {
                out[post] += q[p] * w[p * HID + post];
            }
        }
        return out;
    }

    @Test
    void frozenLayerKeepsItsWeights() {
        SurrogateGradientNetwork n = net();
        double[] w0 = n.weights(0).clone(), v0 = n.recurrentWeights(0).clone(), w1 = n.weights(1).clone();
        try (BatchTrainer t = new BatchTrainer(n, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, 1)) {
            t.freeze(0);
            for (int s = 0; s < 5; s++) {
                t.trainBatch(inputs(), labels());
            }
        }
        assertArrayEquals(w0, n.weights(0));
        assertArrayEquals(v0, n.recurrentWeights(0));
        assertFalse(Arrays.equals(w1, n.weights(1)), "the readout learned");
    }

    @Test
    void restoredOptimizerStateContinuesExactly() {
        SurrogateGradientNetwork a = net();
        double[][] saved;
        List<OptimizerState> states;
        try (BatchTrainer t = new BatchTrainer(a, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, 2)) {
            for (int s = 0; s < 3; s++) {
                t.trainBatch(inputs(), labels());
            }
            saved = new double[][] {a.weights(0).clone(), a.recurrentWeights(0).clone(), a.weights(1).clone()};
            states = t.optimizerStates();
            for (int s = 0; s < 3; s++) {
                t.trainBatch(inputs(), labels());
            }
        }
        SurrogateGradientNetwork b = net();
        System.arraycopy(saved[0], 0, b.weights(0), 0, saved[0].length);
        System.arraycopy(saved[1], 0, b.recurrentWeights(0), 0, saved[1].length);
        System.arraycopy(saved[2], 0, b.weights(1), 0, saved[2].length);
        try (BatchTrainer t = new BatchTrainer(b, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, 1)) {
            t.restoreOptimizerStates(states);
            for (int s = 0; s < 3; s++) {
                t.trainBatch(inputs(), labels());
            }
            assertThrows(IllegalArgumentException.class, () -> t.restoreOptimizerStates(states.subList(0, 2)));
        }
        assertArrayEquals(a.weights(0), b.weights(0));
        assertArrayEquals(a.recurrentWeights(0), b.recurrentWeights(0));
        assertArrayEquals(a.weights(1), b.weights(1));
    }

    @Test
    void nonFiniteLossLeavesTheWeights() {
        SurrogateGradientNetwork n = net();
        Arrays.fill(n.weights(1), 1e308);
        double[] w0 = n.weights(0).clone();
        try (BatchTrainer t = new BatchTrainer(n, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, 1)) {
            double loss = t.trainBatch(inputs(), labels());
            assertFalse(Double.isFinite(loss), "loss " + loss);
        }
        assertArrayEquals(w0, n.weights(0));
    }

    @Test
    void sparseAndDenseInputsGiveTheSameRun() {
        SurrogateGradientNetwork n = net();
        SampleInput sparse = inputs()[0];
        SurrogateGradientNetwork.Workspace a = n.workspace(T), b = n.workspace(T);
        a.forward(sparse);
        b.forward(sparse.toDense());
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < HID; k++) {
                assertEquals(a.spike(0, t, k), b.spike(0, t, k));
            }
            for (int k = 0; k < OUT; k++) {
                assertEquals(a.readout(t, k), b.readout(t, k));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SampleInput.ofSpikes(IN, T, new int[] {IN}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> a.forward(SampleInput.ofSpikes(IN, T + 1, new int[0], new int[0])));
    }
}
