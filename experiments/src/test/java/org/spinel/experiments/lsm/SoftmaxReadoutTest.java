package org.spinel.experiments.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.spinel.neurons.ParameterException;

/** The softmax readout: gradient = finite differences, separable data learnt, early stopping, determinism. */
class SoftmaxReadoutTest {
    static UniformRandomProvider rng(long s) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s, 17});
    }

    /** Gaussian blobs around distinct class means in {@code f} dimensions. */
    static SoftmaxReadout.Data blobs(int rows, int f, int classes, double sd, long seed, boolean randomLabels) {
        UniformRandomProvider r = rng(seed);
        float[] x = new float[rows * f];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % classes;
            y[i] = randomLabels ? r.nextInt(classes) : c;
            for (int k = 0; k < f; k++) {
                double mean = k % classes == c ? 1.0 : 0.0;
                x[i * f + k] = (float) (mean + sd * gauss(r));
            }
        }
        return new SoftmaxReadout.Data(x, y);
    }

    static double gauss(UniformRandomProvider r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void gradientEqualsCentralDifferences() throws Exception {
        int f = 4, c = 3;
        SoftmaxReadout.Data d = blobs(7, f, c, 0.5, 3, false);
        SoftmaxReadout m = new SoftmaxReadout(f, c);
        // Non-zero parameters: one training step from zero.
        m.train(d, d, d, new SoftmaxReadout.Config(1, 7, 0.3, 0, 5), rng(1));
        int[] order = {0, 1, 2, 3, 4, 5, 6};
        double[] gw = new double[f * c], gb = new double[c], z = new double[c];
        m.lossAndGradient(d.x(), d.labels(), order, 0, 7, gw, gb, z);
        var wf = SoftmaxReadout.class.getDeclaredField("w");
        wf.setAccessible(true);
        float[] w = (float[]) wf.get(m);
        for (int k = 0; k < w.length; k++) {
            float keep = w[k];
            double h = 1e-2;
            w[k] = (float) (keep + h);
            double hi = m.lossAndGradient(d.x(), d.labels(), order, 0, 7, new double[f * c], new double[c], z);
            float up = w[k];
            w[k] = (float) (keep - h);
            double lo = m.lossAndGradient(d.x(), d.labels(), order, 0, 7, new double[f * c], new double[c], z);
            float down = w[k];
            w[k] = keep;
            assertEquals((hi - lo) / (up - down), gw[k], 1e-3, "dL/dw[" + k + "]");
        }
    }

    @Test
    void separableBlobsAreLearntAndTheBestEpochIsReported() {
        SoftmaxReadout.Data train = blobs(600, 10, 5, 0.3, 1, false), val = blobs(200, 10, 5, 0.3, 2, false),
                test = blobs(200, 10, 5, 0.3, 3, false);
        SoftmaxReadout m = new SoftmaxReadout(10, 5);
        SoftmaxReadout.Training t = m.train(train, val, test, new SoftmaxReadout.Config(40, 32, 0.01, 1e-6, 5), rng(4));
        assertTrue(t.testAccuracyAtBest() > 0.95, "test accuracy " + t.testAccuracyAtBest());
        assertEquals(t.bestValidationAccuracy(), m.accuracy(val), 0.0, "the best epoch's parameters are kept");
        assertEquals(t.testAccuracyAtBest(), m.accuracy(test), 0.0);
        for (int e = 0; e < t.epochs(); e++) {
            assertTrue(t.validationAccuracy()[e] <= t.bestValidationAccuracy());
        }
        int total = 0, diag = 0;
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                total += t.confusion()[r][c];
                diag += r == c ? t.confusion()[r][c] : 0;
            }
        }
        assertEquals(200, total);
        assertEquals(t.testAccuracyAtBest(), diag / 200.0, 1e-12);
        assertTrue(t.trainLoss()[t.epochs() - 1] < t.trainLoss()[0], "the loss falls");
    }

    @Test
    void randomLabelsStopEarlyAndStayNearChance() {
        SoftmaxReadout.Data train = blobs(300, 10, 5, 0.3, 1, true), val = blobs(300, 10, 5, 0.3, 2, true);
        SoftmaxReadout m = new SoftmaxReadout(10, 5);
        SoftmaxReadout.Training t = m.train(train, val, val, new SoftmaxReadout.Config(500, 30, 0.01, 0, 3), rng(5));
        assertTrue(t.epochs() < 500, "early stopping: " + t.epochs() + " epochs");
        assertTrue(t.epochs() - t.bestEpoch() == 3, "stops patience epochs after the best");
        assertTrue(t.bestValidationAccuracy() < 0.4, "chance is 0.2: " + t.bestValidationAccuracy());
    }

    @Test
    void sameStreamSameModel() {
        SoftmaxReadout.Data d = blobs(100, 6, 3, 0.5, 9, false);
        SoftmaxReadout a = new SoftmaxReadout(6, 3), b = new SoftmaxReadout(6, 3);
        a.train(d, d, d, new SoftmaxReadout.Config(5, 10, 0.01, 0, 5), rng(7));
        b.train(d, d, d, new SoftmaxReadout.Config(5, 10, 0.01, 0, 5), rng(7));
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.biases(), b.biases());
    }

    @Test
    void l1NormalisationThenScale() {
        float[] x = {1, 3, 0, 0, 0, 0, 2, 2, 0}; // rows of 3: [1,3,0], [0,0,0], [2,2,0]
        float max = SoftmaxReadout.l1Normalise(x, 3);
        assertArrayEquals(new float[] {0.25f, 0.75f, 0, 0, 0, 0, 0.5f, 0.5f, 0}, x);
        assertEquals(0.75f, max);
        SoftmaxReadout.scale(x, max);
        assertEquals(1f, x[1]);
        assertEquals(0.5f / 0.75f, x[6], 1e-7);
    }

    @Test
    void badDataIsReported() {
        SoftmaxReadout m = new SoftmaxReadout(3, 2);
        SoftmaxReadout.Data bad = new SoftmaxReadout.Data(new float[5], new int[2]);
        SoftmaxReadout.Data ok = new SoftmaxReadout.Data(new float[6], new int[2]);
        ParameterException e = assertThrows(ParameterException.class,
                () -> m.train(bad, ok, ok, new SoftmaxReadout.Config(1, 1, 0.1, 0, 1), rng(1)));
        assertTrue(e.getMessage().contains("rows × 3"), e.getMessage());
        SoftmaxReadout.Data label = new SoftmaxReadout.Data(new float[6], new int[] {0, 2});
        e = assertThrows(ParameterException.class,
                () -> m.train(ok, label, ok, new SoftmaxReadout.Config(1, 1, 0.1, 0, 1), rng(1)));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}
