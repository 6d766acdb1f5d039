package org.spinel.plasticity.train;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.RandomStreams;

/**
 * A two-block toy model for the trainer's tests (not a spiking network): a perceptron with one tanh hidden layer
 * and a softmax readout, {@code h = tanh(x·W1)}, {@code z = h·W2}, cross-entropy loss; blocks {@code "hidden"}
 * ({@code in × hid}) and {@code "readout"} ({@code hid × out}), both {@link BlockRole#FEED_FORWARD}. Its gradient is
 * the textbook back-propagation; its presynaptic activity is {@code x} for {@code hidden} and {@code h} for
 * {@code readout}.
 */
final class ToyPerceptron implements TrainableModel<double[], ToyPerceptron.Workspace> {
    final int in, hid, out;
    final double[] w1, w2;
    private final List<WeightBlock> blocks;

    ToyPerceptron(int in, int hid, int out, long seed) {
        this.in = in;
        this.hid = hid;
        this.out = out;
        w1 = new double[in * hid];
        w2 = new double[hid * out];
        UniformRandomProvider r = new RandomStreams(seed).stream("toy");
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (r.nextDouble() - 0.5) / Math.sqrt(in);
        }
        for (int k = 0; k < w2.length; k++) {
            w2[k] = (r.nextDouble() - 0.5) / Math.sqrt(hid);
        }
        blocks = List.of(new WeightBlock("hidden", BlockRole.FEED_FORWARD, in, hid, w1),
                new WeightBlock("readout", BlockRole.FEED_FORWARD, hid, out, w2));
    }

    @Override
    public List<WeightBlock> blocks() {
        return blocks;
    }

    @Override
    public Workspace workspace() {
        return new Workspace();
    }

    /** Random inputs in [0, 1). */
    static double[][] inputs(int n, int in, long seed) {
        UniformRandomProvider r = new RandomStreams(seed).stream("inputs");
        double[][] x = new double[n][in];
        for (double[] v : x) {
            for (int j = 0; j < in; j++) {
                v[j] = r.nextDouble();
            }
        }
        return x;
    }

    /** The arg-max of three fixed linear scores of x − 0.5 (a learnable task). */
    static int[] labels(double[][] x, int out) {
        int[] y = new int[x.length];
        for (int k = 0; k < x.length; k++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < out; c++) {
                double s = 0;
                for (int j = 0; j < x[k].length; j++) {
                    s += Math.cos(1.7 * j * (c + 1)) * (x[k][j] - 0.5);
                }
                if (s > best) {
                    best = s;
                    y[k] = c;
                }
            }
        }
        return y;
    }

    /** The mean loss over a set, computed directly (no trainer). */
    double meanLoss(double[][] x, int[] y) {
        Workspace ws = workspace();
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            ws.forward(x[k]);
            s += ws.loss(y[k]);
        }
        return s / x.length;
    }

    final class Workspace implements ModelWorkspace<double[]> {
        final double[] x = new double[in], h = new double[hid], z = new double[out], p = new double[out];
        final double[] g1 = new double[in * hid], g2 = new double[hid * out];
        private final double[] dh = new double[hid], dz = new double[out];

        @Override
        public void forward(double[] input) {
            System.arraycopy(input, 0, x, 0, in);
            for (int i = 0; i < hid; i++) {
                double a = 0;
                for (int j = 0; j < in; j++) {
                    a += x[j] * w1[j * hid + i];
                }
                h[i] = Math.tanh(a);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < out; k++) {
                double a = 0;
                for (int i = 0; i < hid; i++) {
                    a += h[i] * w2[i * out + k];
                }
                z[k] = a;
                max = Math.max(max, a);
            }
            double norm = 0;
            for (int k = 0; k < out; k++) {
                p[k] = Math.exp(z[k] - max);
                norm += p[k];
            }
            for (int k = 0; k < out; k++) {
                p[k] /= norm;
            }
        }

        @Override
        public int predict() {
            int best = 0;
            for (int k = 1; k < out; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
            }
            return best;
        }

        @Override
        public double loss(int label) {
            return -Math.log(p[label]);
        }

        @Override
        public double backward(int label) {
            for (int k = 0; k < out; k++) {
                dz[k] = p[k] - (k == label ? 1 : 0);
            }
            Arrays.fill(dh, 0);
            for (int i = 0; i < hid; i++) {
                for (int k = 0; k < out; k++) {
                    g2[i * out + k] += h[i] * dz[k];
                    dh[i] += w2[i * out + k] * dz[k];
                }
                dh[i] *= 1 - h[i] * h[i];
            }
            for (int j = 0; j < in; j++) {
                for (int i = 0; i < hid; i++) {
                    g1[j * hid + i] += x[j] * dh[i];
                }
            }
            return loss(label);
        }

        @Override
        public double[] credit(int block) {
            return block == 0 ? g1 : g2;
        }

        @Override
        public void clearCredit() {
            Arrays.fill(g1, 0);
            Arrays.fill(g2, 0);
        }

        @Override
        public void presynapticActivity(int block, double[] o) {
            System.arraycopy(block == 0 ? x : h, 0, o, 0, o.length);
        }
    }
}
