package org.spinel.plasticity.sg;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.networks.RandomStreams;
import org.spinel.neurons.Check;
import org.spinel.neurons.DiscreteLifNeuron;

/**
 * A layered LIF network trained by back-propagation through time with surrogate derivatives (Neftci, Mostafa &amp;
 * Zenke 2019; SpyTorch; spec learning-rules §1). Layers follow {@link LayerConfig}; the last layer is the
 * non-spiking readout the {@link Loss} reads. Weights are plain {@code double[]} arrays, row-major
 * {@code [pre][post]} (the CSR order of an all-to-all projection, so one presynaptic event touches one contiguous
 * row), owned by this object and shared by every {@link Workspace} (one workspace per thread: it
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
    private List<RateRegularizer> regularizers = List.of();

    /**
     * @param inputs number of input units
     * @param layers hidden layers then the output layer (at least one; only the last may be non-spiking)
     * @param dtMs   time step
     * @param spike  the spike nonlinearity (forward and backward)
     */
    public SurrogateGradientNetwork(int inputs, List<LayerConfig> layers, double dtMs, SpikeFunction spike) {
        this.nIn = Check.atLeast("inputs", inputs, 1);
        this.layers = layers.toArray(LayerConfig[]::new);
        this.dt = Check.positive("dt", dtMs, "ms");
        this.spike = spike;
        if (this.layers.length == 0) {
            throw new IllegalArgumentException("layers: expected at least the readout layer");
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
            alpha[l] = c.neuron().alpha(dt);
            beta[l] = c.neuron().beta(dt);
        }
    }

    /**
     * Sets the firing-rate penalties added to every sample's loss (replacing earlier ones).
     *
     * @throws IllegalArgumentException if one names a layer that does not exist or does not spike
     */
    public SurrogateGradientNetwork regularize(List<RateRegularizer> list) {
        for (RateRegularizer r : list) {
            if (r.layer() >= layers.length || !layers[r.layer()].spiking()) {
                throw new IllegalArgumentException("regularizer layer " + r.layer() + ": expected a spiking layer in [0, "
                        + (layers.length - 1) + "]");
            }
        }
        regularizers = List.copyOf(list);
        return this;
    }

    /** The firing-rate penalties. */
    public List<RateRegularizer> regularizers() {
        return regularizers;
    }

    /** Time step (ms). */
    public double dt() {
        return dt;
    }

    /** The spike nonlinearity (forward and backward). */
    public SpikeFunction spikeFunction() {
        return spike;
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

    /** The feed-forward weights of layer l, {@code [pre·size + post]} (live array). */
    public double[] weights(int l) {
        return w[l];
    }

    /** The recurrent weights of layer l, {@code [pre·size + post]} (live array), or null. */
    public double[] recurrentWeights(int l) {
        return v[l];
    }

    /**
     * SpyTorch's initialisation: every weight ~ N(0, (scale·(1 − β))² / n_in) with scale 7 (recurrent weights with
     * n_in = the layer's size), from the stream {@code sg/layer<l>} of {@code seed}.
     */
    public void initialise(long seed, double scale) {
        initialise(seed, scale, scale);
    }

    /**
     * As {@link #initialise(long, double)} with a separate scale for the recurrent weights (0 starts a recurrent
     * layer as a feed-forward one; the gradient of V is not zero there, so training can grow the recurrence).
     */
    public void initialise(long seed, double scale, double recurrentScale) {
        RandomStreams streams = new RandomStreams(seed);
        for (int l = 0; l < layers.length; l++) {
            UniformRandomProvider rng = streams.stream("sg/layer" + l);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double sd = scale * (1 - beta[l]) / Math.sqrt(inputsOf(l));
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = sd * g.sample();
            }
            if (v[l] != null) {
                double sr = recurrentScale * (1 - beta[l]) / Math.sqrt(layers[l].size());
                for (int k = 0; k < v[l].length; k++) {
                    v[l][k] = sr * g.sample();
                }
            }
        }
    }

    /**
     * The bytes of the largest arrays a {@link Workspace} of {@code steps} steps allocates, computed without building
     * the network (the memory check before a run): per layer of n units U, I, S and their adjoints ((T+1)·n doubles
     * each), the events (T·n ints and doubles), the input adjoint (T·inputs doubles, past the first layer) and the
     * weight gradients (as many doubles as weights). Smaller arrays (per-unit counts, the loss's adjoint) are left out:
     * it is a lower bound.
     *
     * @param inputs number of input units
     * @param layers the layers (hidden, then the output layer)
     * @param steps  time steps per sample
     */
    public static double workspaceBytes(int inputs, List<LayerConfig> layers, int steps) {
        double b = 0;
        for (int l = 0; l < layers.size(); l++) {
            double n = layers.get(l).size(), in = l == 0 ? inputs : layers.get(l - 1).size();
            b += 5.0 * (steps + 1) * n * Double.BYTES + (double) steps * n * (Integer.BYTES + Double.BYTES)
                    + (l == 0 ? 0 : (double) steps * in * Double.BYTES)
                    + (n * in + (layers.get(l).recurrent() ? n * n : 0)) * Double.BYTES;
        }
        return b;
    }

    /** A workspace for samples of {@code steps} time steps. */
    public Workspace workspace(int steps) {
        return new Workspace(Check.atLeast("steps", steps, 1));
    }

    /**
     * One sample's forward states and the gradients accumulated over the samples it ran (one per thread).
     *
     * <p>The forward pass is event-driven: the input current of step t is the sum of the weight rows of the units
     * that spiked (or carry a value) at t, so its cost grows with the number of events, not with steps × inputs.
     * The backward pass accumulates the weight gradient over the same events only, and skips steps whose current
     * adjoint is zero (with a max-over-time loss, every step after the last arg-max).
     */
    public final class Workspace {
        final int steps;
        /** Per layer, flat [(T+1)][n]: U_t, I_t, S_t for t = 0..T. */
        final double[][] u, i, s;
        /** Per layer, the spikes S_t ≠ 0 of t &lt; T as events grouped by step (the next layer's input). */
        private final int[][] evStart, evUnit;
        private final double[][] evVal;
        /** Per layer, the spike counts c_k = Σ_{t&lt;T} S_t[k], and dL/dc_k of the count losses and regularisers. */
        private final double[][] count, gCount;
        /** Gradients of the weights, same layout as the weights. */
        final double[][] gw, gv;
        private final double[][] gU, gI, gX;
        /** The loss's dL/dU_t of the last layer, [(T+1)][K]; logits and their arg-max U indices; V gI scratch. */
        private final double[] gLoss, z, gS;
        private final int[] argmax;
        private final boolean[] active;
        /** When set (tests), the reset uses these spikes instead of the current S: a detached reset as a function. */
        double[][] frozenReset;
        private SampleInput input;
        private int samples;
        /** When not null, the classes the logits range over (the others' logits are −∞): a task's head. */
        private boolean[] allowedClasses;

        Workspace(int steps) {
            this.steps = steps;
            int n = layers.length;
            u = new double[n][];
            i = new double[n][];
            s = new double[n][];
            evStart = new int[n][];
            evUnit = new int[n][];
            evVal = new double[n][];
            count = new double[n][];
            gCount = new double[n][];
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
            active = new boolean[steps + 1];
            for (int l = 0; l < n; l++) {
                int size = layers[l].size();
                u[l] = new double[(steps + 1) * size];
                i[l] = new double[(steps + 1) * size];
                s[l] = new double[(steps + 1) * size];
                evStart[l] = new int[steps + 1];
                evUnit[l] = new int[steps * size];
                evVal[l] = new double[steps * size];
                count[l] = new double[size];
                gCount[l] = new double[size];
                gw[l] = new double[w[l].length];
                gv[l] = v[l] == null ? null : new double[v[l].length];
                gU[l] = new double[(steps + 1) * size];
                gI[l] = new double[(steps + 1) * size];
                gX[l] = l == 0 ? null : new double[steps * inputsOf(l)];
            }
        }

        /** Bytes of state kept per sample (U, I, S, their adjoints, the spike events and the input adjoints). */
        public long stateBytes() {
            long b = 0;
            for (int l = 0; l < layers.length; l++) {
                b += 5L * u[l].length * Double.BYTES + (long) evUnit[l].length * (Integer.BYTES + Double.BYTES)
                        + (gX[l] == null ? 0 : (long) gX[l].length * Double.BYTES);
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

        /** The last layer's trace y_t = U_{t+1} of unit k, t = 0..T−1. */
        public double readout(int t, int k) {
            int l = layers.length - 1;
            return u[l][(t + 1) * layers[l].size() + k];
        }

        /** Spike value S_t of unit k in layer l (t = 0..T−1). */
        public double spike(int l, int t, int k) {
            return s[l][t * layers[l].size() + k];
        }

        /** Spike count c_k = Σ_{t&lt;T} S_t[k] of unit k in layer l in the last forward pass. */
        public double spikeCount(int l, int k) {
            return count[l][k];
        }

        /** Runs the network on a dense input, {@code input[t·n_in + j]} for t = 0..T−1 (spikes or currents). */
        public void forward(double[] input) {
            if (input.length != steps * nIn) {
                throw new IllegalArgumentException("input of " + input.length + " values: expected steps × inputs = "
                        + steps * nIn);
            }
            forward(SampleInput.ofDense(nIn, steps, input));
        }

        /**
         * Runs the network on one sample.
         *
         * @throws IllegalArgumentException if the sample's inputs or steps differ from the network's
         */
        public void forward(SampleInput in) {
            if (in.inputs() != nIn || in.steps() != steps) {
                throw new IllegalArgumentException("sample of " + in.inputs() + " inputs × " + in.steps()
                        + " steps: expected " + nIn + " inputs × " + steps + " steps");
            }
            this.input = in;
            for (int l = 0; l < layers.length; l++) {
                LayerConfig c = layers[l];
                int n = c.size();
                int[] xStart = l == 0 ? in.start : evStart[l - 1], xUnit = l == 0 ? in.unit : evUnit[l - 1];
                double[] xVal = l == 0 ? in.value : evVal[l - 1];
                double[] ul = u[l], il = i[l], sl = s[l], wl = w[l], vl = v[l], cl = count[l];
                int[] es = evStart[l], eu = evUnit[l];
                double[] ev = evVal[l];
                double a = alpha[l], b = beta[l], th = c.threshold();
                boolean spiking = c.spiking(), zero = c.reset() == DiscreteLifNeuron.Reset.ZERO;
                double[] fr = frozenReset == null ? null : frozenReset[l];
                java.util.Arrays.fill(ul, 0, n, 0);
                java.util.Arrays.fill(il, 0, n, 0);
                java.util.Arrays.fill(cl, 0);
                int e = 0;
                for (int t = 0; t <= steps; t++) {
                    int o = t * n;
                    if (t < steps) {
                        es[t] = e;
                    }
                    if (spiking) {
                        for (int k = 0; k < n; k++) {
                            double sk = spike.forward(ul[o + k] - th);
                            sl[o + k] = sk;
                            if (sk != 0 && t < steps) {
                                eu[e] = k;
                                ev[e++] = sk;
                                cl[k] += sk;
                            }
                        }
                    }
                    if (t == steps) {
                        es[t] = e;
                        break;
                    }
                    int next = o + n;
                    for (int k = 0; k < n; k++) {
                        il[next + k] = a * il[o + k];
                    }
                    for (int x = xStart[t], xEnd = xStart[t + 1]; x < xEnd; x++) {
                        int row = xUnit[x] * n;
                        if (xVal == null) {
                            for (int k = 0; k < n; k++) {
                                il[next + k] += wl[row + k];
                            }
                        } else {
                            double val = xVal[x];
                            for (int k = 0; k < n; k++) {
                                il[next + k] += val * wl[row + k];
                            }
                        }
                    }
                    if (vl != null) {
                        for (int x = es[t]; x < e; x++) {
                            int row = eu[x] * n;
                            double val = ev[x];
                            for (int k = 0; k < n; k++) {
                                il[next + k] += val * vl[row + k];
                            }
                        }
                    }
                    for (int k = 0; k < n; k++) {
                        double pre = b * ul[o + k] + il[o + k];
                        if (!spiking) {
                            ul[next + k] = pre;
                        } else {
                            double r = fr != null ? fr[o + k] : sl[o + k];
                            ul[next + k] = zero ? pre * (1 - r) : pre - th * r;
                        }
                    }
                }
            }
        }

        /** The loss of the last forward pass for class {@code label} (cross-entropy losses), regularisers included. */
        public double loss(Loss loss, int label) {
            return lossAndGradient(loss, label, null, false);
        }

        /** The MSE loss of the last forward pass against {@code target[t·K + k]}, t = 0..T−1, regularisers included. */
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

        /** Logit k of the last forward pass: max or mean over time of the trace, or the spike count, per {@code loss}. */
        public double logit(Loss loss, int k) {
            logits(loss);
            return z[k];
        }

        /**
         * Back-propagates logit k itself (dz_k/dθ, surrogate derivatives at the thresholds), accumulating into the
         * weight gradients: one row of the network's Jacobian, as the tangent kernel needs it.
         */
        public void backwardLogit(Loss loss, int k) {
            int l = layers.length - 1, kN = layers[l].size();
            if (loss == Loss.MSE_TRACE) {
                throw new IllegalArgumentException("MSE_TRACE has no logits");
            }
            if (k < 0 || k >= kN) {
                throw new IllegalArgumentException("logit " + k + ": expected 0.." + (kN - 1));
            }
            java.util.Arrays.fill(gLoss, 0);
            for (double[] gc : gCount) {
                java.util.Arrays.fill(gc, 0);
            }
            logits(loss);
            if (loss == Loss.MAX_OVER_TIME_CE) {
                gLoss[argmax[k] * kN + k] = 1;
            } else if (loss == Loss.SPIKE_COUNT_CE) {
                gCount[l][k] = 1;
            } else {
                for (int t = 1; t <= steps; t++) {
                    gLoss[t * kN + k] = 1.0 / steps;
                }
            }
            propagate();
        }

        /** The class with the largest logit (lowest index on ties). */
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

        /**
         * Restricts the cross-entropy losses and {@link #predict} to the classes with {@code allowed[k]} true (a
         * multi-head readout: the logits of the other classes are −∞, so they get no probability and no gradient), or
         * lifts the restriction ({@code null}). Task-incremental continual learning masks each task's classes so.
         *
         * @throws IllegalArgumentException if the mask's length is not the output size or it allows no class
         */
        public void restrictClasses(boolean[] allowed) {
            if (allowed != null) {
                int kN = layers[layers.length - 1].size();
                boolean any = false;
                for (boolean a : allowed) {
                    any |= a;
                }
                if (allowed.length != kN || !any) {
                    throw new IllegalArgumentException("class mask of " + allowed.length + " entries: expected " + kN
                            + " (the output units) with at least one class allowed");
                }
            }
            allowedClasses = allowed;
        }

        /** Fills {@code z} with the logits and {@code argmax} with the U index of each max. */
        private void logits(Loss loss) {
            logitsUnmasked(loss);
            if (allowedClasses != null) {
                for (int k = 0; k < z.length; k++) {
                    if (!allowedClasses[k]) {
                        z[k] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
        }

        private void logitsUnmasked(Loss loss) {
            int l = layers.length - 1, kN = layers[l].size();
            if (loss == Loss.SPIKE_COUNT_CE) {
                if (!layers[l].spiking()) {
                    throw new IllegalArgumentException("loss SPIKE_COUNT_CE needs a spiking output layer");
                }
                System.arraycopy(count[l], 0, z, 0, kN);
                return;
            }
            for (int k = 0; k < kN; k++) {
                double best = Double.NEGATIVE_INFINITY, sum = 0;
                int at = 1;
                for (int t = 1; t <= steps; t++) {
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
                for (double[] gc : gCount) {
                    java.util.Arrays.fill(gc, 0);
                }
            }
            double reg = 0;
            for (RateRegularizer r : regularizers) {
                reg += r.apply(count[r.layer()], layers[r.layer()].size(), grad ? gCount[r.layer()] : null);
            }
            if (loss == Loss.MSE_TRACE) {
                if (target == null || target.length != steps * kN) {
                    throw new IllegalArgumentException("MSE target of " + (target == null ? 0 : target.length)
                            + " values: expected steps × output units = " + steps * kN);
                }
                double sum = 0, norm = 1.0 / (steps * kN);
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < kN; k++) {
                        double d = u[l][(t + 1) * kN + k] - target[t * kN + k];
                        sum += d * d / 2;
                        if (grad) {
                            g[(t + 1) * kN + k] = d * norm;
                        }
                    }
                }
                return sum * norm + reg;
            }
            if (label < 0 || label >= kN) {
                throw new IllegalArgumentException("label " + label + ": expected a class in [0, " + (kN - 1) + "]");
            }
            if (allowedClasses != null && !allowedClasses[label]) {
                throw new IllegalArgumentException("label " + label + " is outside the allowed classes");
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
                    } else if (loss == Loss.SPIKE_COUNT_CE) {
                        gCount[l][k] += d;
                    } else {
                        for (int t = 1; t <= steps; t++) {
                            g[t * kN + k] = d / steps;
                        }
                    }
                }
            }
            return logZ - z[label] + reg;
        }

        /** Reverse sweep: from the loss's adjoints down to the input layer, accumulating weight gradients. */
        private void propagate() {
            int top = layers.length - 1;
            for (int l = top; l >= 0; l--) {
                LayerConfig c = layers[l];
                int n = c.size(), m = inputsOf(l);
                int[] xStart = l == 0 ? input.start : evStart[l - 1], xUnit = l == 0 ? input.unit : evUnit[l - 1];
                double[] xVal = l == 0 ? input.value : evVal[l - 1];
                double[] ul = u[l], il = i[l], sl = s[l], wl = w[l], vl = v[l], gwl = gw[l], gvl = gv[l];
                double[] gu = gU[l], gi = gI[l], gx = gX[l], gc = gCount[l];
                int[] es = evStart[l], eu = evUnit[l];
                double[] ev = evVal[l];
                double[] above = l == top ? null : gX[l + 1];
                double[] direct = l == top ? gLoss : null;
                double a = alpha[l], b = beta[l], th = c.threshold();
                boolean spiking = c.spiking(), zero = c.reset() == DiscreteLifNeuron.Reset.ZERO, detached = c.resetDetached();
                int last = steps * n;
                for (int k = 0; k < n; k++) {
                    gu[last + k] = direct == null ? 0 : direct[last + k];
                    gi[last + k] = 0;
                }
                if (gx != null) {
                    java.util.Arrays.fill(gx, 0);
                }
                java.util.Arrays.fill(gS, 0, n, 0);
                for (int t = steps - 1; t >= 0; t--) {
                    int o = t * n, next = o + n;
                    // The adjoint of I_{t+1} is complete: its weight gradient, the input adjoint and V gI_{t+1}.
                    boolean nz = false;
                    for (int k = 0; k < n; k++) {
                        if (gi[next + k] != 0) {
                            nz = true;
                            break;
                        }
                    }
                    if (nz) {
                        for (int x = xStart[t], xEnd = xStart[t + 1]; x < xEnd; x++) {
                            int row = xUnit[x] * n;
                            double val = xVal == null ? 1 : xVal[x];
                            for (int k = 0; k < n; k++) {
                                gwl[row + k] += val * gi[next + k];
                            }
                        }
                        if (gx != null) {
                            int xo = t * m;
                            for (int p = 0; p < m; p++) {
                                int row = p * n;
                                double dot = 0;
                                for (int k = 0; k < n; k++) {
                                    dot += wl[row + k] * gi[next + k];
                                }
                                gx[xo + p] = dot;
                            }
                        }
                        if (vl != null) {
                            for (int x = es[t], xEnd = es[t + 1]; x < xEnd; x++) {
                                int row = eu[x] * n;
                                double val = ev[x];
                                for (int k = 0; k < n; k++) {
                                    gvl[row + k] += val * gi[next + k];
                                }
                            }
                            for (int j = 0; j < n; j++) {
                                int row = j * n;
                                double dot = 0;
                                for (int k = 0; k < n; k++) {
                                    dot += vl[row + k] * gi[next + k];
                                }
                                gS[j] = dot;
                            }
                        }
                    } else if (vl != null) {
                        java.util.Arrays.fill(gS, 0, n, 0);
                    }
                    // Adjoints of I_t and U_t from those of step t+1.
                    for (int k = 0; k < n; k++) {
                        double gu1 = gu[next + k], gi1 = gi[next + k];
                        if (!spiking) {
                            gi[o + k] = gu1 + a * gi1;
                            gu[o + k] = direct[o + k] + gu1 * b;
                            continue;
                        }
                        double r = sl[o + k];
                        double dU, dI, dS;
                        if (zero) {
                            dU = b * (1 - r);
                            dI = 1 - r;
                            dS = detached ? 0 : -(b * ul[o + k] + il[o + k]);
                        } else {
                            dU = b;
                            dI = 1;
                            dS = detached ? 0 : -th;
                        }
                        double gs = gu1 * dS + gc[k] + (vl == null ? 0 : gS[k]) + (above == null ? 0 : above[o + k]);
                        gi[o + k] = gu1 * dI + a * gi1;
                        gu[o + k] = (direct == null ? 0 : direct[o + k]) + gu1 * dU
                                + (gs == 0 ? 0 : gs * spike.derivative(ul[o + k] - th));
                    }
                }
            }
            samples++;
        }
    }
}
