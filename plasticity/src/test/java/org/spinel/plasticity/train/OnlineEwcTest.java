package org.spinel.plasticity.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinel.plasticity.continual.OnlineEwc;
import org.spinel.plasticity.optim.SgdMomentum;

/**
 * Online EWC around the toy perceptron: no change before the first consolidation, the Fisher is the mean squared
 * per-sample gradient, one SGD step is the step on gradient + λF(w − w*), and γ decays earlier importance.
 */
class OnlineEwcTest {
    static final int IN = 6, HID = 5, OUT = 3;
    static final double[][] X = ToyPerceptron.inputs(32, IN, 7);
    static final int[] Y = ToyPerceptron.labels(X, OUT);

    @Test
    void withoutConsolidationTrainingIsUnchanged() {
        ToyPerceptron a = new ToyPerceptron(IN, HID, OUT, 2), b = new ToyPerceptron(IN, HID, OUT, 2);
        try (var ta = new MiniBatchTrainer<>(a, SgdMomentum.builder().learningRate(0.3).momentum(0.9), 2);
                var tb = new MiniBatchTrainer<>(new OnlineEwc<>(b, 50, 1), SgdMomentum.builder().learningRate(0.3)
                        .momentum(0.9), 3)) {
            for (int s = 0; s < 4; s++) {
                assertEquals(ta.trainBatch(X, Y, null), tb.trainBatch(X, Y, null), 0);
            }
        }
        assertArrayEquals(a.w1, b.w1, 0);
        assertArrayEquals(a.w2, b.w2, 0);
    }

    @Test
    void fisherAndOnePenalisedStep() {
        ToyPerceptron m = new ToyPerceptron(IN, HID, OUT, 3);
        OnlineEwc<double[], ToyPerceptron.Workspace> ewc = new OnlineEwc<>(m, 2.0, 0.5);
        double[][] xa = java.util.Arrays.copyOf(X, 16);
        int[] ya = java.util.Arrays.copyOf(Y, 16);
        ewc.consolidate(xa, ya);
        // the Fisher: mean over samples of the squared per-sample gradient, computed here directly
        double[] f1 = new double[m.w1.length];
        ToyPerceptron.Workspace ws = m.workspace();
        for (int s = 0; s < xa.length; s++) {
            ws.clearCredit();
            ws.forward(xa[s]);
            ws.backward(ya[s]);
            for (int k = 0; k < f1.length; k++) {
                f1[k] += ws.credit(0)[k] * ws.credit(0)[k] / xa.length;
            }
        }
        assertArrayEquals(f1, ewc.fisher(0), 1e-15);
        assertEquals(0, ewc.penalty(), 0, "at the anchor");
        // move away from the anchor, then one plain SGD step is w − lr (g + λ F (w − w*))
        double[] anchor = m.w1.clone();
        for (int k = 0; k < m.w1.length; k++) {
            m.w1[k] += 0.1 * Math.sin(k);
        }
        double[] w = m.w1.clone();
        double[][] g = MiniBatchTrainerTest.meanGradient(m, X, Y);
        double penalty = ewc.penalty(), plain = m.meanLoss(X, Y);
        assertTrue(penalty > 0);
        try (var t = new MiniBatchTrainer<>(ewc, SgdMomentum.builder().learningRate(0.5).momentum(0), 2)) {
            assertEquals(plain + penalty, t.trainBatch(X, Y, null), 1e-12, "the loss includes the penalty");
        }
        for (int k = 0; k < w.length; k++) {
            double expected = w[k] - 0.5 * (g[0][k] + 2.0 * f1[k] * (w[k] - anchor[k]));
            assertEquals(expected, m.w1[k], 1e-6, "hidden " + k);
        }
        // a second consolidation: F ← γF + F_t, anchored at the new weights
        double[] before = ewc.fisher(0).clone();
        ewc.consolidate(xa, ya);
        for (int k = 0; k < before.length; k++) {
            assertTrue(ewc.fisher(0)[k] >= 0.5 * before[k] - 1e-15);
        }
        assertEquals(0, ewc.penalty(), 0, "anchored at the current weights");
    }
}
