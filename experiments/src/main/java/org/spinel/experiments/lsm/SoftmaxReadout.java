package org.spinel.experiments.lsm;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.optim.Optimizer;

/**
 * Multinomial logistic regression (one linear layer, softmax, cross-entropy) on feature rows, the readout of a
 * liquid-state machine (NALSM, nalsm.md "Readout": one linear layer N → 10, softmax cross-entropy, a tiny L2
 * penalty, test accuracy at the epoch of best validation accuracy). Trained with mini-batch Adam (the paper uses
 * Adadelta; Adam is the optimizer of this project's {@code plasticity.optim}) and early stopping on the validation
 * accuracy; the parameters of the best validation epoch are kept.
 *
 * <p>Plain loops over primitive arrays: features are one flat {@code float[]} of {@code rows × features}; the
 * gradient of a mini-batch is accumulated in double. Training is single-threaded and deterministic for a given
 * random stream (the epoch shuffles).
 */
public final class SoftmaxReadout {
    private final int features, classes;
    /** Weights, row-major {@code [class][feature]}, and biases. */
    private final float[] w, b;

    /** A readout with zero weights. */
    public SoftmaxReadout(int features, int classes) {
        this.features = Check.atLeast("readout.features", features, 1);
        this.classes = Check.atLeast("readout.classes", classes, 2);
        this.w = new float[Math.multiplyExact(features, classes)];
        this.b = new float[classes];
    }

    /**
     * Rows of {@code x} with their labels.
     *
     * @param x      {@code rows × features} values, row-major
     * @param labels one label per row, in [0, classes)
     */
    public record Data(float[] x, int[] labels) {
        /** Number of rows. */
        public int rows() {
            return labels.length;
        }
    }

    /**
     * Training settings.
     *
     * @param epochs       most epochs
     * @param batchSize    rows per mini-batch
     * @param learningRate Adam step size
     * @param l2           L2 penalty λ (weight decay on the weights, not the biases)
     * @param patience     epochs without a better validation accuracy before stopping
     */
    public record Config(int epochs, int batchSize, double learningRate, double l2, int patience) {
    }

    /**
     * What a training run gave, per epoch (index 0 = epoch 1).
     *
     * @param trainLoss          mean cross-entropy over the epoch's mini-batches
     * @param trainAccuracy      accuracy on the training rows after the epoch
     * @param validationAccuracy accuracy on the validation rows after the epoch
     * @param testAccuracy       accuracy on the test rows after the epoch
     * @param bestEpoch          the epoch (1-based) of the best validation accuracy (the first of equals)
     * @param confusion          test confusion matrix at the best epoch, {@code [true][predicted]}
     */
    public record Training(double[] trainLoss, double[] trainAccuracy, double[] validationAccuracy,
            double[] testAccuracy, int bestEpoch, int[][] confusion) {
        /** Epochs run. */
        public int epochs() {
            return trainLoss.length;
        }

        /** Validation accuracy at the best epoch. */
        public double bestValidationAccuracy() {
            return validationAccuracy[bestEpoch - 1];
        }

        /** Test accuracy at the best validation epoch (the paper's reported number). */
        public double testAccuracyAtBest() {
            return testAccuracy[bestEpoch - 1];
        }
    }

    /** Number of features. */
    public int features() {
        return features;
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** A copy of the weights, {@code [class][feature]} row-major. */
    public float[] weights() {
        return w.clone();
    }

    /** A copy of the biases. */
    public float[] biases() {
        return b.clone();
    }

    /** The class with the largest logit for row {@code r} of {@code x} (the first of equals). */
    public int predict(float[] x, int r) {
        int off = r * features, best = 0;
        double bestZ = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = b[c];
            int wo = c * features;
            for (int f = 0; f < features; f++) {
                z += w[wo + f] * x[off + f];
            }
            if (z > bestZ) {
                bestZ = z;
                best = c;
            }
        }
        return best;
    }

    /** Fraction of rows classified correctly. */
    public double accuracy(Data d) {
        if (d.rows() == 0) {
            return Double.NaN;
        }
        int ok = 0;
        for (int r = 0; r < d.rows(); r++) {
            if (predict(d.x(), r) == d.labels()[r]) {
                ok++;
            }
        }
        return ok / (double) d.rows();
    }

    /** Confusion matrix {@code [true][predicted]}. */
    public int[][] confusion(Data d) {
        int[][] m = new int[classes][classes];
        for (int r = 0; r < d.rows(); r++) {
            m[d.labels()[r]][predict(d.x(), r)]++;
        }
        return m;
    }

    /**
     * Mean cross-entropy of rows {@code order[from..to)} and its gradient (added into {@code gw}, {@code gb}, which
     * the caller zeroes); no penalty. {@code z} and {@code p} are scratch of {@code classes} entries.
     */
    double lossAndGradient(float[] x, int[] labels, int[] order, int from, int to, double[] gw, double[] gb, double[] z) {
        double loss = 0;
        double inv = 1.0 / (to - from);
        for (int k = from; k < to; k++) {
            int r = order[k];
            int off = r * features;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = b[c];
                int wo = c * features;
                for (int f = 0; f < features; f++) {
                    s += w[wo + f] * x[off + f];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            int y = labels[r];
            loss -= Math.log(z[y] / sum) * inv;
            for (int c = 0; c < classes; c++) {
                double g = (z[c] / sum - (c == y ? 1 : 0)) * inv;
                gb[c] += g;
                int wo = c * features;
                for (int f = 0; f < features; f++) {
                    gw[wo + f] += g * x[off + f];
                }
            }
        }
        return loss;
    }

    private void check(Data d, String name) {
        if (d.x().length != (long) d.rows() * features) {
            throw new ParameterException("readout " + name + ": " + d.x().length + " values for " + d.rows()
                    + " rows: expected rows × " + features);
        }
        for (int y : d.labels()) {
            if (y < 0 || y >= classes) {
                throw new ParameterException("readout " + name + ": label " + y + ": expected a class in [0, "
                        + (classes - 1) + "]");
            }
        }
    }

    /**
     * Trains from the current parameters with early stopping on {@code validation}; afterwards the parameters are
     * those of the best validation epoch.
     *
     * @param rng the stream of the epoch shuffles
     */
    public Training train(Data train, Data validation, Data test, Config cfg, UniformRandomProvider rng) {
        check(train, "training data");
        check(validation, "validation data");
        check(test, "test data");
        Check.atLeast("readout.epochs", cfg.epochs(), 1);
        Check.atLeast("readout.batchSize", cfg.batchSize(), 1);
        Check.atLeast("readout.patience", cfg.patience(), 1);
        if (train.rows() == 0) {
            throw new ParameterException("readout: no training rows");
        }
        Optimizer ow = Adam.builder().learningRate(cfg.learningRate()).weightDecay(cfg.l2()).build(w.length);
        Optimizer ob = Adam.builder().learningRate(cfg.learningRate()).build(b.length);
        double[] gw = new double[w.length], gb = new double[b.length], z = new double[classes];
        float[] fw = new float[w.length], fb = new float[b.length];
        float[] bestW = w.clone(), bestB = b.clone();
        int n = train.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] loss = new double[cfg.epochs()], trAcc = new double[cfg.epochs()], vaAcc = new double[cfg.epochs()],
                teAcc = new double[cfg.epochs()];
        int best = 0, epochs = 0;
        double bestVal = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < cfg.epochs(); e++) {
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            int batches = 0;
            for (int from = 0; from < n; from += cfg.batchSize()) {
                int to = Math.min(n, from + cfg.batchSize());
                Arrays.fill(gw, 0);
                Arrays.fill(gb, 0);
                sum += lossAndGradient(train.x(), train.labels(), order, from, to, gw, gb, z);
                batches++;
                for (int k = 0; k < gw.length; k++) {
                    fw[k] = (float) gw[k];
                }
                for (int k = 0; k < gb.length; k++) {
                    fb[k] = (float) gb[k];
                }
                ow.step(w, fw);
                ob.step(b, fb);
            }
            loss[e] = sum / batches;
            trAcc[e] = accuracy(train);
            vaAcc[e] = accuracy(validation);
            teAcc[e] = accuracy(test);
            epochs = e + 1;
            if (vaAcc[e] > bestVal) {
                bestVal = vaAcc[e];
                best = e;
                System.arraycopy(w, 0, bestW, 0, w.length);
                System.arraycopy(b, 0, bestB, 0, b.length);
            } else if (e - best >= cfg.patience()) {
                break;
            }
        }
        System.arraycopy(bestW, 0, w, 0, w.length);
        System.arraycopy(bestB, 0, b, 0, b.length);
        return new Training(Arrays.copyOf(loss, epochs), Arrays.copyOf(trAcc, epochs), Arrays.copyOf(vaAcc, epochs),
                Arrays.copyOf(teAcc, epochs), best + 1, confusion(test));
    }

    /**
     * NALSM's feature normalisation (nalsm.md "Readout"): each row divided by its L1 norm (rows of zeros stay zero),
     * then every row of every split divided by {@code scale}; returns the largest L1-normalised value of
     * {@code rows} (pass it as the scale of the other splits, and of this one).
     */
    public static float l1Normalise(float[] x, int features) {
        float max = 0;
        for (int off = 0; off < x.length; off += features) {
            double s = 0;
            for (int f = 0; f < features; f++) {
                s += Math.abs(x[off + f]);
            }
            if (s > 0) {
                for (int f = 0; f < features; f++) {
                    x[off + f] = (float) (x[off + f] / s);
                    max = Math.max(max, x[off + f]);
                }
            }
        }
        return max;
    }

    /** Divides every value by {@code scale} (when it is positive). */
    public static void scale(float[] x, float scale) {
        if (scale > 0) {
            for (int k = 0; k < x.length; k++) {
                x[k] /= scale;
            }
        }
    }
}
