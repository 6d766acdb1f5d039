package org.spinel.plasticity.sg;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.networks.RandomStreams;
import org.spinel.neurons.Check;

/**
 * A layered LIF network trained by back-propagation through time with surrogate derivatives (Neftci, Mostafa &amp;
 * Zenke 2019; SpyTorch; spec learning-rules §1). Layers follow {@link LayerConfig}; the last layer is the
 * non-spiking readout the {@link Loss} reads. Weights are plain {@code double[]} arrays, row-major
 * {@code [post][pre]}, owned by this object and shared by every {@link Workspace} (one workspace per thread: it
 * holds one sample's states and accumulates its gradients).
 *
 * <p>Memory: a workspace stores U, I and S of every layer for every step, O(T·N) per sample
 * ({@link Workspace#stateBytes()}).
 */
public final class SurrogateGradientNetwork {
    private final int nIn;
    private final LayerConfig[] layers;
    private final double dt;
    private final SpikeFunction spike;
    final double[][] w, v;
    final double[] alpha, beta;

    /**
     * @param inputs number of input units
     * @param layers hidden layers then the readout (at least the readout; only the last may be non-spiking)
     * @param dtMs   time step
     * @param spike  the spike nonlinearity (forward and backward)
     */
    public SurrogateGradientNetwork(int inputs, List<LayerConfig> layers, double dtMs, SpikeFunction spike) {
        this.nIn = Check.atLeast("inputs", inputs, 1);
        this.layers = layers.toArray(LayerConfig[]::new);
        this.dt = Check.positive("dt", dtMs, "ms");
        this.spike = spike;
        if (this.layers.length == 0 || this.layers[this.layers.length - 1].spiking()) {
            throw new IllegalArgumentException("the last layer must be the non-spiking readout (LayerConfig.readout)");
        }
        for (int l = 0; l < this.layers.length - 1; l++) {
            if (!this.layers[l].spiking()) {
                throw new IllegalArgumentException("layer " + l + " is non-spiking: only the last layer may be");
            }
        }
        int n = this.layers.length;
        w = new double[n][];
        v = new double[n][];
        alpha = new double[n];
        beta = new double[n];
        for (int l = 0; l < n; l++) {
            LayerConfig c = this.layers[l];
            w[l] = new double[c.size() * inputsOf(l)];
            v[l] = c.recurrent() ? new double[c.size() * c.size()] : null;
            alpha[l] = Math.exp(-dt / c.tauSynMs());
            beta[l] = Math.exp(-dt / c.tauMemMs());
        }
    }

    /** Number of input units. */
    public int inputs() {
        return nIn;
    }

    /** Number of layers (the readout included). */
    public int layerCount() {
        return layers.length;
    }

    /** Configuration of layer l. */
    public LayerConfig layer(int l) {
        return layers[l];
    }

    /** Units feeding layer l. */
    public int inputsOf(int l) {
        return l == 0 ? nIn : layers[l - 1].size();
    }

    /** The feed-forward weights of layer l, [post][pre] (live array). */
    public double[] weights(int l) {
        return w[l];
    }

    /** The recurrent weights of layer l, [post][pre] (live array), or null. */
    public double[] recurrentWeights(int l) {
        return v[l];
    }

    /**
     * SpyTorch's initialisation: every weight ~ N(0, (scale·(1 − β))² / n_in) with scale 7 (recurrent weights with
     * n_in = the layer's size), from the stream {@code sg/layer<l>} of {@code seed}.
     */
    public void initialise(long seed, double scale) {
        RandomStreams streams = new RandomStreams(seed);
        for (int l = 0; l < layers.length; l++) {
            UniformRandomProvider rng = streams.stream("sg/layer" + l);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double sd = scale * (1 - beta[l]) / Math.sqrt(inputsOf(l));
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = sd * g.sample();
            }
            if (v[l] != null) {
                double sr = scale * (1 - beta[l]) / Math.sqrt(layers[l].size());
                for (int k = 0; k < v[l].length; k++) {
                    v[l][k] = sr * g.sample();
                }
            }
        }
    }

    /** A workspace for samples of {@code steps} time steps. */
    public Workspace workspace(int steps) {
        return new Workspace(Check.atLeast("steps", steps, 1));
    }

    /** One sample's forward states and the gradients accumulated over the samples it ran (one per thread). */
    public final class Workspace {
        final int steps;
        /** Per layer, flat [(T+1)][n]: U_t, I_t, S_t for t = 0..T. */
        final double[][] u, i, s;
        /** Gradients of the weights, same layout as the weights. */
        final double[][] gw, gv;
        private final double[][] gU, gI, gX;
        /** The loss's dL/dU_t of the readout, [(T+1)][K]; logits and their arg-max times; V^T gI scratch. */
        private final double[] gLoss, z, gS;
        private final int[] argmax;
        /** When set (tests), the reset uses these spikes instead of the current S: a detached reset as a function. */
        double[][] frozenReset;
        private double[] input;
        private int samples;

        Workspace(int steps) {
            this.steps = steps;
            int n = layers.length;
            u = new double[n][];
            i = new double[n][];
            s = new double[n][];
            gw = new double[n][];
            gv = new double[n][];
            gU = new double[n][];
            gI = new double[n][];
            gX = new double[n][];
            int widest = 0;
            for (LayerConfig c : layers) {
                widest = Math.max(widest, c.size());
            }
            int kN = layers[n - 1].size();
            gLoss = new double[(steps + 1) * kN];
            z = new double[kN];
            argmax = new int[kN];
            gS = new double[widest];
            for (int l = 0; l < n; l++) {
                int size = layers[l].size();
                u[l] = new double[(steps + 1) * size];
                i[l] = new double[(steps + 1) * size];
                s[l] = new double[(steps + 1) * size];
                gw[l] = new double[w[l].length];
                gv[l] = v[l] == null ? null : new double[v[l].length];
                gU[l] = new double[(steps + 1) * size];
                gI[l] = new double[(steps + 1) * size];
                gX[l] = new double[steps * inputsOf(l)];
            }
        }

        /** Bytes of state kept per sample (U, I, S and their adjoints). */
        public long stateBytes() {
            long b = 0;
            for (int l = 0; l < layers.length; l++) {
                b += 5L * u[l].length * Double.BYTES + (long) gX[l].length * Double.BYTES;
            }
            return b;
        }

        /** Number of samples whose gradients are accumulated. */
        public int samples() {
            return samples;
        }

        /** Accumulated gradient of the feed-forward weights of layer l (live array). */
        public double[] weightGradient(int l) {
            return gw[l];
        }

        /** Accumulated gradient of the recurrent weights of layer l, or null. */
        public double[] recurrentGradient(int l) {
            return gv[l];
        }

        /** Clears the accumulated gradients. */
        public void clearGradients() {
            for (int l = 0; l < layers.length; l++) {
                java.util.Arrays.fill(gw[l], 0);
                if (gv[l] != null) {
                    java.util.Arrays.fill(gv[l], 0);
                }
            }
            samples = 0;
        }

        /** Readout potential U_t of unit k (t = 0..T). */
        public double readout(int t, int k) {
            int l = layers.length - 1;
            return u[l][t * layers[l].size() + k];
        }

        /** Spike value S_t of unit k in layer l. */
        public double spike(int l, int t, int k) {
            return s[l][t * layers[l].size() + k];
        }

        /**
         * Runs the network on a dense input, {@code input[t·n_in + j]} for t = 0..T−1 (spikes or currents).
         */
        public void forward(double[] input) {
            if (input.length != steps * nIn) {
                throw new IllegalArgumentException("input of " + input.length + " values: expected steps × inputs = "
                        + steps * nIn);
            }
            this.input = input;
            for (int l = 0; l < layers.length; l++) {
                LayerConfig c = layers[l];
                int n = c.size(), m = inputsOf(l);
                double[] x = l == 0 ? input : s[l - 1];
                double[] ul = u[l], il = i[l], sl = s[l], wl = w[l], vl = v[l];
                double a = alpha[l], b = beta[l], th = c.threshold();
                double[] fr = frozenReset == null ? null : frozenReset[l];
                java.util.Arrays.fill(ul, 0, n, 0);
                java.util.Arrays.fill(il, 0, n, 0);
                for (int t = 0; t <= steps; t++) {
                    int o = t * n;
                    if (c.spiking()) {
                        for (int k = 0; k < n; k++) {
                            sl[o + k] = spike.forward(ul[o + k] - th);
                        }
                    }
                    if (t == steps) {
                        break;
                    }
                    int next = o + n, xo = t * m;
                    for (int k = 0; k < n; k++) {
                        double cur = a * il[o + k];
                        int wo = k * m;
                        for (int j = 0; j < m; j++) {
                            double xj = x[xo + j];
                            if (xj != 0) {
                                cur += wl[wo + j] * xj;
                            }
                        }
                        if (vl != null) {
                            int vo = k * n;
                            for (int j = 0; j < n; j++) {
                                double sj = sl[o + j];
                                if (sj != 0) {
                                    cur += vl[vo + j] * sj;
                                }
                            }
                        }
                        il[next + k] = cur;
                        double r = fr != null ? fr[o + k] : sl[o + k];
                        double pre = b * ul[o + k] + il[o + k];
                        ul[next + k] = !c.spiking() ? pre
                                : c.reset() == ResetMode.ZERO ? pre * (1 - r) : pre - th * r;
                    }
                }
            }
        }

        /** The loss of the last forward pass for class {@code label} (cross-entropy losses). */
        public double loss(Loss loss, int label) {
            return lossAndGradient(loss, label, null, false);
        }

        /** The MSE loss of the last forward pass against {@code target[t·K + k]}, t = 0..T−1. */
        public double loss(double[] target) {
            return lossAndGradient(Loss.MSE_TRACE, -1, target, false);
        }

        /** Back-propagates the cross-entropy loss of the last forward pass, accumulating weight gradients. */
        public double backward(Loss loss, int label) {
            double l = lossAndGradient(loss, label, null, true);
            propagate();
            return l;
        }

        /** Back-propagates the MSE loss against a target trace. */
        public double backward(double[] target) {
            double l = lossAndGradient(Loss.MSE_TRACE, -1, target, true);
            propagate();
            return l;
        }

        /** The class with the largest logit (max or mean over time per {@code loss}). */
        public int predict(Loss loss) {
            logits(loss);
            int best = 0;
            for (int k = 1; k < z.length; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
            }
            return best;
        }

        /** Fills {@code z} with the logits (max or mean over t) and {@code argmax} with the max's times. */
        private void logits(Loss loss) {
            int l = layers.length - 1, kN = layers[l].size();
            for (int k = 0; k < kN; k++) {
                double best = Double.NEGATIVE_INFINITY, sum = 0;
                int at = 0;
                for (int t = 0; t < steps; t++) {
                    double val = u[l][t * kN + k];
                    sum += val;
                    if (val > best) {
                        best = val;
                        at = t;
                    }
                }
                z[k] = loss == Loss.MAX_OVER_TIME_CE ? best : sum / steps;
                argmax[k] = at;
            }
        }

        private double lossAndGradient(Loss loss, int label, double[] target, boolean grad) {
            int l = layers.length - 1, kN = layers[l].size();
            double[] g = gLoss;
            if (grad) {
                java.util.Arrays.fill(g, 0);
            }
            if (loss == Loss.MSE_TRACE) {
                if (target == null || target.length != steps * kN) {
                    throw new IllegalArgumentException("MSE target of " + (target == null ? 0 : target.length)
                            + " values: expected steps × readout units = " + steps * kN);
                }
                double sum = 0, norm = 1.0 / (steps * kN);
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < kN; k++) {
                        double d = u[l][t * kN + k] - target[t * kN + k];
                        sum += d * d / 2;
                        if (grad) {
                            g[t * kN + k] = d * norm;
                        }
                    }
                }
                return sum * norm;
            }
            if (label < 0 || label >= kN) {
                throw new IllegalArgumentException("label " + label + ": expected a class in [0, " + (kN - 1) + "]");
            }
            logits(loss);
            double max = Double.NEGATIVE_INFINITY;
            for (double zk : z) {
                max = Math.max(max, zk);
            }
            double norm = 0;
            for (double zk : z) {
                norm += Math.exp(zk - max);
            }
            double logZ = max + Math.log(norm);
            if (grad) {
                for (int k = 0; k < kN; k++) {
                    double d = Math.exp(z[k] - logZ) - (k == label ? 1 : 0);
                    if (loss == Loss.MAX_OVER_TIME_CE) {
                        g[argmax[k] * kN + k] = d;
                    } else {
                        for (int t = 0; t < steps; t++) {
                            g[t * kN + k] = d / steps;
                        }
                    }
                }
            }
            return logZ - z[label];
        }

        /** Reverse sweep: from the readout's dL/dU_t down to the input layer, accumulating weight gradients. */
        private void propagate() {
            for (int l = layers.length - 1; l >= 0; l--) {
                LayerConfig c = layers[l];
                int n = c.size(), m = inputsOf(l);
                double[] x = l == 0 ? input : s[l - 1];
                double[] ul = u[l], il = i[l], sl = s[l], wl = w[l], vl = v[l], gwl = gw[l], gvl = gv[l];
                double[] gu = gU[l], gi = gI[l], gx = gX[l];
                double[] above = l == layers.length - 1 ? null : gX[l + 1];
                double a = alpha[l], b = beta[l], th = c.threshold();
                boolean top = !c.spiking();
                double[] direct = gLoss; // the loss's dL/dU_t (read by the readout only)
                java.util.Arrays.fill(gi, 0);
                java.util.Arrays.fill(gu, 0);
                java.util.Arrays.fill(gx, 0);
                java.util.Arrays.fill(gS, 0);
                for (int t = steps - 1; t >= 0; t--) {
                    int o = t * n, next = o + n, xo = t * m;
                    for (int k = 0; k < n; k++) {
                        double gu1 = t + 1 < steps || !top ? gu[next + k] : 0;
                        double gi1 = gi[next + k];
                        double r = sl[o + k];
                        double dU, dI, dS;
                        if (top) {
                            dU = b;
                            dI = 1;
                            dS = 0;
                        } else if (c.reset() == ResetMode.ZERO) {
                            dU = b * (1 - r);
                            dI = 1 - r;
                            dS = c.resetDetached() ? 0 : -(b * ul[o + k] + il[o + k]);
                        } else {
                            dU = b;
                            dI = 1;
                            dS = c.resetDetached() ? 0 : -th;
                        }
                        double guT;
                        if (top) {
                            guT = direct[o + k] + gu1 * dU;
                        } else {
                            double gs = gS[k] + gu1 * dS + (above == null ? 0 : above[t * n + k]);
                            guT = gu1 * dU + gs * spike.derivative(ul[o + k] - th);
                        }
                        gu[o + k] = guT;
                        gi[o + k] = gu1 * dI + a * gi1;
                    }
                    // Weight gradients and the adjoint of the inputs of step t: I_{t+1} = αI_t + W x_t + V S_t.
                    java.util.Arrays.fill(gS, 0);
                    for (int k = 0; k < n; k++) {
                        double gi1 = gi[next + k];
                        if (gi1 == 0) {
                            continue;
                        }
                        int wo = k * m;
                        for (int j = 0; j < m; j++) {
                            double xj = x[xo + j];
                            if (xj != 0) {
                                gwl[wo + j] += gi1 * xj;
                            }
                            gx[xo + j] += wl[wo + j] * gi1;
                        }
                        if (vl != null) {
                            int vo = k * n;
                            for (int j = 0; j < n; j++) {
                                double sj = sl[o + j];
                                if (sj != 0) {
                                    gvl[vo + j] += gi1 * sj;
                                }
                                gS[j] += vl[vo + j] * gi1;
                            }
                        }
                    }
                    // gS = V^T gI_{t+1} is part of S_t's adjoint: add its path through S_t = f(U_t − ϑ) to gU_t
                    // (gU_t is read as gU_{t+1} only in the next iteration, so it is complete in time).
                    if (vl != null) {
                        for (int k = 0; k < n; k++) {
                            gu[o + k] += gS[k] * spike.derivative(ul[o + k] - th);
                        }
                    }
                    java.util.Arrays.fill(gS, 0);
                }
            }
            samples++;
        }
    }
}
