package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.surrogate.Surrogates;

/**
 * Gradient clipping in {@link BatchTrainer}: with plain SGD (lr 1, no momentum) a step moves the weights by the
 * clipped gradient, so the global norm of Δw over all blocks is the clip norm, and a value clip bounds every
 * component; the predictions returned by a training step are those of the weights before it.
 */
class BatchTrainerClippingTest {
    private static SurrogateGradientNetwork net() {
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(6, List.of(LayerConfig.hidden(5, true),
                LayerConfig.readout(3)), 1, SpikeFunction.surrogate(Surrogates.byName("fast-sigmoid")));
        n.initialise(4, 20);
        return n;
    }

    private static SampleInput[] inputs(int b, int steps) {
        UniformRandomProvider rng = new RandomStreams(9).stream("in");
        SampleInput[] in = new SampleInput[b];
        for (int k = 0; k < b; k++) {
            double[] d = new double[6 * steps];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextDouble() < 0.2 ? 1 : 0;
            }
            in[k] = SampleInput.ofDense(6, steps, d);
        }
        return in;
    }

    private static double[] all(SurrogateGradientNetwork n) {
        double[] a = n.weights(0), r = n.recurrentWeights(0), o = n.weights(1);
        double[] out = new double[a.length + r.length + o.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(r, 0, out, a.length, r.length);
        System.arraycopy(o, 0, out, a.length + r.length, o.length);
        return out;
    }

    @Test
    void normAndValueClippingBoundTheStep() {
        int steps = 30;
        SampleInput[] in = inputs(8, steps);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        SurrogateGradientNetwork n = net();
        double[] before = all(n);
        try (BatchTrainer t = new BatchTrainer(n, SgdMomentum.builder().learningRate(1).momentum(0), Loss.MAX_OVER_TIME_CE,
                steps, 1)) {
            t.clipByGlobalNorm(1e-3);
            int[] predicted = new int[8];
            int[] expected = t.evaluate(in, labels).predicted();
            t.trainBatch(in, labels, predicted);
            assertArrayEquals(expected, predicted, "predictions of the weights before the step");
        }
        double[] after = all(n);
        double s = 0;
        for (int i = 0; i < after.length; i++) {
            s += (after[i] - before[i]) * (after[i] - before[i]);
        }
        assertEquals(1e-3, Math.sqrt(s), 1e-5, "the step's global norm is the clip norm");

        SurrogateGradientNetwork m = net();
        double[] b2 = all(m);
        try (BatchTrainer t = new BatchTrainer(m, SgdMomentum.builder().learningRate(1).momentum(0), Loss.MAX_OVER_TIME_CE,
                steps, 2)) {
            t.clipByValue(1e-4);
            t.trainBatch(in, labels);
        }
        double[] a2 = all(m);
        boolean moved = false;
        for (int i = 0; i < a2.length; i++) {
            assertTrue(Math.abs(a2[i] - b2[i]) <= 1e-4 * (1 + 1e-5) + Math.ulp((float) b2[i]), "component " + i);
            moved |= a2[i] != b2[i];
        }
        assertTrue(moved);
    }
}
