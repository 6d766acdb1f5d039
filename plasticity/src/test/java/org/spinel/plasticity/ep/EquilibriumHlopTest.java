package org.spinel.plasticity.ep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.projection.HebbianSubspaceProjector;
import org.spinel.plasticity.train.MiniBatchTrainer;

/** EP credit + HLOP projector, composed by configuration only: old tasks' responses survive a new task's update. */
class EquilibriumHlopTest {
    private static final int N = 16, RANK = 4;

    /** Inputs of a task: non-negative mixtures of RANK fixed patterns (the task's activity subspace). */
    private static float[][] task(long seed, int count, int[] labels) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("patterns");
        double[][] pattern = new double[RANK][N];
        for (double[] p : pattern) {
            for (int i = 0; i < N; i++) {
                p[i] = rng.nextDouble();
            }
        }
        float[][] x = new float[count][N];
        for (int k = 0; k < count; k++) {
            labels[k] = rng.nextInt(2);
            for (int r = 0; r < RANK; r++) {
                double c = rng.nextDouble() * (r % 2 == labels[k] ? 1 : 0.3);
                for (int i = 0; i < N; i++) {
                    x[k][i] += (float) (c * pattern[r][i]);
                }
            }
        }
        return x;
    }

    /** Trains task 0, then one step on task 1; returns the change of the first layer's drive on task 0's inputs. */
    private static double oldResponseChange(boolean hlop) {
        EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {N, 10, 3}, 2, RateActivation.SIGMOID, true, 0,
                Double.NaN, 3);
        EquilibriumModel model = new EquilibriumModel(net, EpEstimator.centred(0.2), new RelaxationPhases(40, 15, 1e-6),
                JacobianHomeostasis.none(), 3);
        int[] y0 = new int[640], y1 = new int[20];
        float[][] t0 = task(1, 640, y0), t1 = task(2, 20, y1);
        try (MiniBatchTrainer<float[], EquilibriumModel.Workspace> t = new MiniBatchTrainer<>(model,
                SgdMomentum.builder().learningRate(0.05).momentum(0), 1)) {
            if (hlop) {
                t.pipeline(EquilibriumNetwork.forwardName(1), HebbianSubspaceProjector.builder(RANK).batch(32).seed(5)
                        .build(), null);
            }
            for (int epoch = 0; epoch < 20; epoch++) { // the subspace neurons learn while the task trains
                for (int b = 0; b < 640; b += 32) {
                    t.trainBatch(Arrays.copyOfRange(t0, b, b + 32), Arrays.copyOfRange(y0, b, b + 32), null);
                }
            }
            t.endTask();
            double[] before = net.forward(1).clone();
            t.trainBatch(t1, y1, null);
            double[] w = net.forward(1);
            double change = 0;
            for (float[] x : Arrays.copyOf(t0, 100)) {
                for (int i = 0; i < 10; i++) {
                    double d = 0;
                    for (int j = 0; j < N; j++) {
                        d += x[j] * (w[j * 10 + i] - before[j * 10 + i]);
                    }
                    change += d * d;
                }
            }
            return Math.sqrt(change);
        }
    }

    @Test
    void hlopKeepsTheFirstLayersResponsesToTheOldTask() {
        double without = oldResponseChange(false), with = oldResponseChange(true);
        assertTrue(without > 0, "the new task's step changes the old responses without a projector");
        assertTrue(with < 0.01 * without, "with HLOP " + with + " vs without " + without);
    }
}
