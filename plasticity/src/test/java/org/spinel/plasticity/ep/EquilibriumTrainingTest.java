package org.spinel.plasticity.ep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.plasticity.train.WeightBlock;

/** EP as a credit method of the generic trainer: it learns, and the same seed gives the same weights for any thread count. */
class EquilibriumTrainingTest {
    /** Two classes: which half of a 16-value input carries more mass (noisy). */
    private static float[][] inputs(int count, long seed, int[] labels) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("data");
        float[][] x = new float[count][16];
        for (int k = 0; k < count; k++) {
            labels[k] = rng.nextInt(2);
            for (int i = 0; i < 16; i++) {
                boolean hot = (i < 8) == (labels[k] == 0);
                x[k][i] = (float) (hot ? 0.3 + 0.7 * rng.nextDouble() : 0.6 * rng.nextDouble());
            }
        }
        return x;
    }

    private static List<double[]> train(boolean tied, EpEstimator est, JacobianHomeostasis h, int threads,
            double[] accuracy) {
        EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {16, 12, 6}, 2, RateActivation.SIGMOID, tied,
                tied ? 0 : 90, Double.NaN, 7);
        EquilibriumModel model = new EquilibriumModel(net, est, new RelaxationPhases(40, 10, 1e-5), h, 7);
        int[] labels = new int[400];
        float[][] x = inputs(400, 3, labels);
        int[] testLabels = new int[200];
        float[][] test = inputs(200, 4, testLabels);
        try (MiniBatchTrainer<float[], EquilibriumModel.Workspace> t = new MiniBatchTrainer<>(model,
                SgdMomentum.builder().learningRate(0.05).momentum(0.9), threads)) {
            long step = 0;
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int b = 0; b + 20 <= x.length; b += 20) {
                    model.setStep(step++);
                    float[][] bx = java.util.Arrays.copyOfRange(x, b, b + 20);
                    int[] by = java.util.Arrays.copyOfRange(labels, b, b + 20);
                    t.trainBatch(bx, by, null);
                }
            }
            accuracy[0] = t.evaluate(test, testLabels, null).accuracy();
        }
        return net.blocks().stream().map(WeightBlock::weights).toList();
    }

    @Test
    void learnsASeparableTaskWithEachEstimator() {
        for (EpEstimator est : new EpEstimator[] {EpEstimator.classic(0.1), EpEstimator.centred(0.2),
                EpEstimator.holomorphic(0.5, 4)}) {
            double[] acc = new double[1];
            train(true, est, JacobianHomeostasis.none(), 1, acc);
            assertTrue(acc[0] >= 0.9, est.describe() + ": test accuracy " + acc[0]);
        }
    }

    @Test
    void sameSeedSameWeightsForOneAndTwoThreads() {
        JacobianHomeostasis h = new JacobianHomeostasis(1, JacobianHomeostasis.Estimate.STOCHASTIC, 3,
                JacobianHomeostasis.Jacobian.PREACTIVATION);
        for (boolean tied : new boolean[] {true, false}) {
            double[] a1 = new double[1], a2 = new double[1];
            List<double[]> one = train(tied, EpEstimator.holomorphic(0.5, 4), tied ? JacobianHomeostasis.none() : h, 1, a1);
            List<double[]> two = train(tied, EpEstimator.holomorphic(0.5, 4), tied ? JacobianHomeostasis.none() : h, 2, a2);
            for (int b = 0; b < one.size(); b++) {
                assertArrayEquals(one.get(b), two.get(b), "block " + b + (tied ? " tied" : " untied"));
            }
        }
    }

    /**
     * Tolerance 0 tests the steps before the last only for a fixed point; the smallest positive tolerance, which
     * stops at the same steps, computes every step's residual: the same steps, residuals and credit.
     */
    @Test
    void toleranceZeroStopsWhereTheFullResidualWould() {
        int[] labels = new int[9];
        float[][] x = inputs(9, 11, labels);
        EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {16, 12, 6}, 2, RateActivation.SIGMOID, true, 0,
                Double.NaN, 5);
        double[][] credit = new double[2][];
        ConvergenceStatistics[] st = new ConvergenceStatistics[2];
        for (int v = 0; v < 2; v++) {
            EquilibriumModel model = new EquilibriumModel(net, EpEstimator.holomorphic(0.3, 4),
                    new RelaxationPhases(300, 40, v == 0 ? 0 : Double.MIN_VALUE), JacobianHomeostasis.none(), 3);
            EquilibriumModel.Workspace w = model.workspace();
            w.trainSamples(x, labels, 0, 9, k -> { });
            credit[v] = w.credit(0).clone();
            st[v] = model.statistics();
        }
        assertEquals(st[1], st[0]);
        assertArrayEquals(credit[1], credit[0]);
        assertTrue(st[0].freeSteps() < 9L * 300, "some free phases reach an exact fixed point: " + st[0]);
    }

    @Test
    void aChunkRelaxedTogetherGivesTheBitsOfOneSampleAtATime() {
        int[] labels = new int[7];
        float[][] x = inputs(7, 9, labels);
        for (boolean tied : new boolean[] {true, false}) {
            EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {16, 12, 6}, 2, RateActivation.SIGMOID, tied,
                    60, Double.NaN, 5);
            JacobianHomeostasis h = tied ? JacobianHomeostasis.none() : new JacobianHomeostasis(0.5,
                    JacobianHomeostasis.Estimate.STOCHASTIC, 2, JacobianHomeostasis.Jacobian.ACTIVATION);
            // a tolerance at which samples converge at different steps, so groups shrink as they relax
            EquilibriumModel model = new EquilibriumModel(net, EpEstimator.holomorphic(0.3, 4),
                    new RelaxationPhases(60, 15, 1e-4), h, 3);
            EquilibriumModel.Workspace together = model.workspace(), alone = model.workspace();
            int[] predTogether = new int[7], predAlone = new int[7];
            double lt = together.trainSamples(x, labels, 0, 7, k -> predTogether[k] = together.predict());
            double la = 0;
            for (int k = 0; k < 7; k++) {
                alone.forward(x[k]);
                predAlone[k] = alone.predict();
                la += alone.backward(labels[k]);
            }
            assertEquals(la, lt, 0);
            assertArrayEquals(predAlone, predTogether);
            for (int b = 0; b < model.blocks().size(); b++) {
                assertArrayEquals(alone.credit(b), together.credit(b), "block " + model.blocks().get(b).name());
            }
            assertTrue(model.statistics().freeSteps() < 2L * 7 * 60, "some free phases stopped early");
        }
    }
}
