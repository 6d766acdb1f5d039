package org.spinel.plasticity.ep;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.spinel.plasticity.train.ModelWorkspace;
import org.spinel.plasticity.train.TrainableModel;
import org.spinel.plasticity.train.WeightBlock;

/**
 * Equilibrium propagation on an {@link EquilibriumNetwork} as a {@link TrainableModel} (spec §3): the credit of a
 * sample is EP's estimate of the loss gradient, so the {@link org.spinel.plasticity.train.MiniBatchTrainer}'s
 * optimisers, clipping, projectors and bounds apply to it unchanged.
 *
 * <p>Per sample: {@link Workspace#forward} computes the clamped input's drive {@code W_1 x + b_1} once and relaxes
 * the free phase from {@code u = 0} ({@link RelaxationPhases}); {@link Workspace#backward} relaxes the nudged
 * phases of the {@link EpEstimator} from the free fixed point {@code u⁰} (the output layer's drive gets
 * {@code −β ∂ℓ/∂ρ(u_L)}, complex for the holomorphic nudges, whose states are split real/imaginary arrays), forms
 * {@code δ̂ ≈ dρ(u*)/dβ} and adds to every block the loss-gradient estimate
 * {@code −δ̂_post ρ(u⁰_pre)ᵀ} (forward, and untied feedback blocks; a tied block gets its forward and its feedback
 * term; biases {@code −δ̂}); the readout gets its exact gradient at {@code u⁰}. With {@link JacobianHomeostasis}
 * {@code λ∇L_h} is added (Laborieux &amp; Zenke 2024). The update {@code g_W = mean_batch δ̂_post ρ(u_pre)ᵀ} (up to
 * the sign of descent) is the trainer's mean of these credits.
 *
 * <p>The relaxation runs in float on copies of the weights refreshed by {@link #weightsChanged()}; each output
 * element of a product is one chain of fused multiply-adds in a fixed order, so the result of a sample does not
 * depend on the thread that runs it, and samples that have converged stop relaxing. The homeostasis probes
 * {@code ε} of a sample are drawn from a stream keyed by the model's seed, the {@link #setStep step} and the
 * sample's values.
 */
public final class EquilibriumModel implements TrainableModel<float[], EquilibriumModel.Workspace> {
    private final EquilibriumNetwork net;
    private final EpEstimator estimator;
    private final RelaxationPhases phases;
    private final JacobianHomeostasis homeostasis;
    private final long seed;
    private final int layers, classes;
    private final int[] n;
    /** fw[l−1]: forward block into layer l; fb[l−1] (l ≥ 2, untied): feedback block from layer l. */
    private final FloatBlock[] fw, fb;
    private final float[][] biasF;
    private final FloatBlock readout;
    private final float[] readoutBiasF;
    private final List<WeightBlock> blocks;
    /** Block indices: forward[l−1], feedback[l−1] (−1 when tied or l = 1), bias[l−1], readout, readout bias. */
    private final int[] forwardBlock, feedbackBlock, biasBlock;
    private final int readoutBlock, readoutBiasBlock;
    private final List<Workspace> workspaces = new CopyOnWriteArrayList<>();
    private volatile long step;

    /**
     * @param net         the network (trained in place)
     * @param estimator   the nudged phases' estimator
     * @param phases      T1, T2 and the convergence tolerance
     * @param homeostasis Jacobian homeostasis ({@link JacobianHomeostasis#none()} for none)
     * @param seed        seed of the homeostasis probes
     * @throws IllegalArgumentException if the holomorphic estimator is asked of a non-holomorphic activation
     */
    public EquilibriumModel(EquilibriumNetwork net, EpEstimator estimator, RelaxationPhases phases,
            JacobianHomeostasis homeostasis, long seed) {
        if (estimator.complex() && !net.activation().isHolomorphic()) {
            throw new IllegalArgumentException("estimator " + estimator.describe() + " needs a holomorphic activation;"
                    + " " + net.activation().id() + " is not (expected one of sigmoid, tanh, or N <= 2)");
        }
        this.net = net;
        this.estimator = estimator;
        this.phases = phases;
        this.homeostasis = homeostasis;
        this.seed = seed;
        this.layers = net.layers();
        this.classes = net.classes();
        this.n = net.sizes();
        fw = new FloatBlock[layers];
        fb = new FloatBlock[layers];
        biasF = new float[layers][];
        for (int l = 1; l <= layers; l++) {
            fw[l - 1] = new FloatBlock(n[l - 1], n[l]);
            if (!net.tied() && l >= 2) {
                fb[l - 1] = new FloatBlock(n[l], n[l - 1]);
            }
            biasF[l - 1] = new float[n[l]];
        }
        readout = new FloatBlock(n[layers], classes);
        readoutBiasF = new float[classes];
        blocks = net.blocks();
        forwardBlock = new int[layers];
        feedbackBlock = new int[layers];
        biasBlock = new int[layers];
        Arrays.fill(feedbackBlock, -1);
        int ro = -1, rb = -1;
        for (int b = 0; b < blocks.size(); b++) {
            String name = blocks.get(b).name();
            for (int l = 1; l <= layers; l++) {
                if (name.equals(EquilibriumNetwork.forwardName(l))) {
                    forwardBlock[l - 1] = b;
                } else if (name.equals(EquilibriumNetwork.feedbackName(l))) {
                    feedbackBlock[l - 1] = b;
                } else if (name.equals(EquilibriumNetwork.biasName(l))) {
                    biasBlock[l - 1] = b;
                }
            }
            if (name.equals("readout")) {
                ro = b;
            } else if (name.equals("readout.bias")) {
                rb = b;
            }
        }
        readoutBlock = ro;
        readoutBiasBlock = rb;
        weightsChanged();
    }

    /** The network. */
    public EquilibriumNetwork network() {
        return net;
    }

    /** The estimator. */
    public EpEstimator estimator() {
        return estimator;
    }

    /** The phases. */
    public RelaxationPhases phases() {
        return phases;
    }

    /** The homeostasis settings. */
    public JacobianHomeostasis homeostasis() {
        return homeostasis;
    }

    /** Whether the kernels run vectorised, as a line for logs. */
    public static String kernels() {
        return FloatKernels.describe();
    }

    @Override
    public List<WeightBlock> blocks() {
        return blocks;
    }

    @Override
    public Workspace workspace() {
        Workspace w = new Workspace();
        workspaces.add(w);
        return w;
    }

    @Override
    public void weightsChanged() {
        for (int l = 1; l <= layers; l++) {
            fw[l - 1].load(net.forward(l));
            if (fb[l - 1] != null) {
                fb[l - 1].load(net.feedback(l));
            }
            double[] b = net.bias(l);
            for (int i = 0; i < b.length; i++) {
                biasF[l - 1][i] = (float) b[i];
            }
        }
        readout.load(net.readout());
        for (int i = 0; i < classes; i++) {
            readoutBiasF[i] = (float) net.readoutBias()[i];
        }
    }

    /**
     * Sets the training step (e.g. the global batch number) that keys the homeostasis probes of the next batch, so
     * that a resumed run draws what an uninterrupted one does.
     */
    public void setStep(long step) {
        this.step = step;
    }

    /** The relaxation statistics summed over every workspace since {@link #resetStatistics()}. */
    public ConvergenceStatistics statistics() {
        long fp = 0, fnc = 0, fs = 0, np = 0, nnc = 0, ns = 0, hc = 0;
        double fr = 0, fmax = 0, hs = 0;
        for (Workspace w : workspaces) {
            fp += w.freePhases;
            fnc += w.freeNotConverged;
            fs += w.freeSteps;
            fr += w.freeResidualSum;
            fmax = Math.max(fmax, w.freeResidualMax);
            np += w.nudgedPhases;
            nnc += w.nudgedNotConverged;
            ns += w.nudgedSteps;
            hs += w.homeostasisSum;
            hc += w.homeostasisCount;
        }
        return new ConvergenceStatistics(fp, fnc, fs, fp == 0 ? 0 : fr / fp, fmax, np, nnc, ns, hc == 0 ? 0 : hs / hc);
    }

    /** Zeroes the statistics of every workspace. */
    public void resetStatistics() {
        for (Workspace w : workspaces) {
            w.freePhases = w.freeNotConverged = w.freeSteps = 0;
            w.nudgedPhases = w.nudgedNotConverged = w.nudgedSteps = 0;
            w.freeResidualSum = w.freeResidualMax = w.homeostasisSum = 0;
            w.homeostasisCount = 0;
        }
    }

    /** The feedback into layer {@code l − 1} from layer {@code l} (2..L): {@code y += B_l x}. */
    private void down(int l, float[] x, float[] y) {
        if (fb[l - 1] != null) {
            fb[l - 1].forward(x, y);
        } else {
            fw[l - 1].backward(x, y);
        }
    }

    /**
     * The per-thread state: the current sample's free fixed point, the nudged phases' scratch states, and the
     * accumulated credit of every block.
     */
    public final class Workspace implements ModelWorkspace<float[]> {
        private float[] x;
        private final float[] xd;
        private final float[][] u, s, nu, u0, s0;
        private final float[][] ui, si, nui;
        private final double[][] delta;
        private final double[][] credit;
        private final float[] z, zi, e, ei, g, gi;
        private final double[][] slopes;
        private int label = -1;
        private boolean freeValid;
        // statistics
        long freePhases, freeNotConverged, freeSteps, nudgedPhases, nudgedNotConverged, nudgedSteps, homeostasisCount;
        double freeResidualSum, freeResidualMax, homeostasisSum;
        private double lastResidual, lastFiniteResidual;
        private int lastSteps;

        Workspace() {
            xd = new float[n[1]];
            u = alloc();
            s = alloc();
            nu = alloc();
            u0 = alloc();
            s0 = alloc();
            ui = alloc();
            si = alloc();
            nui = alloc();
            delta = new double[layers][];
            for (int l = 0; l < layers; l++) {
                delta[l] = new double[n[l + 1]];
            }
            credit = new double[blocks.size()][];
            for (int b = 0; b < credit.length; b++) {
                credit[b] = new double[blocks.get(b).size()];
            }
            z = new float[classes];
            zi = new float[classes];
            e = new float[classes];
            ei = new float[classes];
            g = new float[n[layers]];
            gi = new float[n[layers]];
            slopes = alloc2();
        }

        private double[][] alloc2() {
            double[][] a = new double[layers][];
            for (int l = 0; l < layers; l++) {
                a[l] = new double[n[l + 1]];
            }
            return a;
        }

        private float[][] alloc() {
            float[][] a = new float[layers][];
            for (int l = 0; l < layers; l++) {
                a[l] = new float[n[l + 1]];
            }
            return a;
        }

        @Override
        public void forward(float[] input) {
            if (input.length != n[0]) {
                throw new IllegalArgumentException("sample of " + input.length + " values: the network's input layer has "
                        + n[0]);
            }
            x = input;
            System.arraycopy(biasF[0], 0, xd, 0, xd.length);
            fw[0].forward(input, xd); // the clamped input's drive, once per sample
            for (int l = 0; l < layers; l++) {
                Arrays.fill(u[l], 0f);
                fillActivation(u[l], s[l]);
            }
            int steps = relax(phases.freeSteps(), 0, 0, false);
            freePhases++;
            freeSteps += steps;
            if (lastResidual > phases.tolerance()) {
                freeNotConverged++;
            }
            if (Double.isFinite(lastResidual)) {
                freeResidualSum += lastResidual;
                freeResidualMax = Math.max(freeResidualMax, lastResidual);
                lastFiniteResidual = lastResidual;
            } else {
                freeResidualSum = Double.NaN;
            }
            for (int l = 0; l < layers; l++) {
                System.arraycopy(u[l], 0, u0[l], 0, u[l].length);
                System.arraycopy(s[l], 0, s0[l], 0, s[l].length);
            }
            freeValid = true;
        }

        /** The residual {@code ‖F(u)‖} of the last step of the last phase relaxed. */
        public double lastResidual() {
            return lastResidual;
        }

        /** The last finite free-phase residual this workspace saw (what a divergence report quotes). */
        public double lastFiniteResidual() {
            return lastFiniteResidual;
        }

        /** Steps the last relaxed phase ran. */
        public int lastSteps() {
            return lastSteps;
        }

        /** The free fixed point's activations {@code ρ(u⁰_l)} of layer {@code l} (1..L); live. */
        public float[] freeActivity(int l) {
            return s0[l - 1];
        }

        /** The free fixed point's states {@code u⁰_l} of layer {@code l} (1..L); live. */
        public float[] freeState(int l) {
            return u0[l - 1];
        }

        /** The input drive {@code W_1 x + b_1} of the current sample; live. */
        public float[] inputDrive() {
            return xd;
        }

        /** The estimate {@code δ̂_l} of layer {@code l} (1..L) from the last {@link #backward}; live. */
        public double[] errorVector(int l) {
            return delta[l - 1];
        }

        private void fillActivation(float[] uu, float[] ss) {
            FloatKernels.activate(net.activation(), uu, ss, uu.length);
        }

        /**
         * Relaxes the real state {@code u, s} for at most {@code T} steps with the real nudge {@code beta} (0 = free)
         * towards class {@code label}, or, if {@code complex}, the complex state {@code (u, ui)} with nudge
         * {@code beta + i·betaIm}. Stops early once the residual is at most the tolerance, or on a non-finite residual.
         *
         * @return the steps run
         */
        private int relax(int T, double beta, double betaIm, boolean complex) {
            RateActivation act = net.activation();
            double tol = phases.tolerance();
            lastResidual = Double.NaN;
            int t = 0;
            while (t < T) {
                drive(s, nu, true);
                if (complex) {
                    drive(si, nui, false);
                    nudgeComplex(beta, betaIm);
                } else if (beta != 0) {
                    nudgeReal(beta);
                }
                double r2 = 0;
                for (int l = 0; l < layers; l++) {
                    float[] a = nu[l], b = u[l];
                    for (int i = 0; i < a.length; i++) {
                        double d = a[i] - b[i];
                        r2 += d * d;
                    }
                    if (complex) {
                        float[] ai = nui[l], bi = ui[l];
                        for (int i = 0; i < ai.length; i++) {
                            double d = ai[i] - bi[i];
                            r2 += d * d;
                        }
                    }
                }
                for (int l = 0; l < layers; l++) {
                    float[] tmp = u[l];
                    u[l] = nu[l];
                    nu[l] = tmp;
                    if (complex) {
                        tmp = ui[l];
                        ui[l] = nui[l];
                        nui[l] = tmp;
                        float[] ur = u[l], uim = ui[l], sr = s[l], sim = si[l];
                        for (int i = 0; i < ur.length; i++) {
                            act.applyComplex(ur[i], uim[i], sr, i, sim);
                        }
                    } else {
                        fillActivation(u[l], s[l]);
                    }
                }
                t++;
                lastResidual = Math.sqrt(r2);
                if (!Double.isFinite(r2) || lastResidual <= tol) {
                    break;
                }
            }
            lastSteps = t;
            return t;
        }

        /** {@code out_l = W_l act_(l−1) + b_l + B_(l+1) act_(l+1)}; the input drive and biases only when {@code real}. */
        private void drive(float[][] act, float[][] out, boolean real) {
            for (int l = 1; l <= layers; l++) {
                float[] o = out[l - 1];
                if (!real) {
                    Arrays.fill(o, 0f);
                } else if (l == 1) {
                    System.arraycopy(xd, 0, o, 0, o.length);
                } else {
                    System.arraycopy(biasF[l - 1], 0, o, 0, o.length);
                }
                if (l >= 2) {
                    fw[l - 1].forward(act[l - 2], o);
                }
                if (l < layers) {
                    down(l + 1, act[l], o);
                }
            }
        }

        /** The readout's logits {@code R ρ(u_L) + c} of the real state into {@code z}. */
        private void logits(float[] sOut) {
            System.arraycopy(readoutBiasF, 0, z, 0, classes);
            readout.forward(sOut, z);
        }

        /** Subtracts {@code β ∂ℓ/∂ρ(u_L) = β Rᵀ(softmax(z) − y)} from the output layer's drive. */
        private void nudgeReal(double beta) {
            logits(s[layers - 1]);
            softmaxInto(z, e);
            e[label] -= 1f;
            Arrays.fill(g, 0f);
            readout.backward(e, g);
            float[] o = nu[layers - 1];
            float b = (float) beta;
            for (int j = 0; j < o.length; j++) {
                o[j] -= b * g[j];
            }
        }

        /** The complex nudge: softmax of complex logits, {@code (β + iβ') Rᵀ(p − y)} off the output's drive. */
        private void nudgeComplex(double br, double bi) {
            logits(s[layers - 1]);
            Arrays.fill(zi, 0f);
            readout.forward(si[layers - 1], zi);
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                m = Math.max(m, z[k]);
            }
            double sr = 0, sim = 0;
            for (int k = 0; k < classes; k++) {
                double mag = Math.exp(z[k] - m);
                double er = mag * Math.cos(zi[k]), eim = mag * Math.sin(zi[k]);
                e[k] = (float) er;
                ei[k] = (float) eim;
                sr += er;
                sim += eim;
            }
            double d = sr * sr + sim * sim;
            for (int k = 0; k < classes; k++) {
                double pr = (e[k] * sr + ei[k] * sim) / d, pim = (ei[k] * sr - e[k] * sim) / d;
                e[k] = (float) (pr - (k == label ? 1 : 0));
                ei[k] = (float) pim;
            }
            Arrays.fill(g, 0f);
            Arrays.fill(gi, 0f);
            readout.backward(e, g);
            readout.backward(ei, gi);
            float[] o = nu[layers - 1], oi = nui[layers - 1];
            for (int j = 0; j < o.length; j++) {
                o[j] -= (float) (br * g[j] - bi * gi[j]);
                oi[j] -= (float) (br * gi[j] + bi * g[j]);
            }
        }

        private void softmaxInto(float[] logits, float[] out) {
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                m = Math.max(m, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[k] - m);
            }
            for (int k = 0; k < classes; k++) {
                out[k] = (float) (Math.exp(logits[k] - m) / sum);
            }
        }

        private void requireForward() {
            if (!freeValid) {
                throw new IllegalStateException("no sample: call forward first");
            }
        }

        @Override
        public int predict() {
            requireForward();
            logits(s0[layers - 1]);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
            }
            return best;
        }

        @Override
        public double loss(int label) {
            requireForward();
            checkLabel(label);
            logits(s0[layers - 1]);
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                m = Math.max(m, z[k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[k] - m);
            }
            return Math.log(sum) + m - z[label];
        }

        private void checkLabel(int label) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + ": expected 0.." + (classes - 1));
            }
        }

        @Override
        public double backward(int label) {
            double loss = loss(label);
            if (!Double.isFinite(loss)) {
                return loss;
            }
            this.label = label;
            estimate();
            accumulate();
            if (homeostasis.active()) {
                homeostasis();
            }
            return loss;
        }

        /** δ̂ from the estimator's nudged phases. */
        private void estimate() {
            for (double[] d : delta) {
                Arrays.fill(d, 0);
            }
            int nn = estimator.nudges();
            double b = estimator.beta();
            int runs = nn == 1 ? 1 : nn / 2 + 1;
            for (int k = 0; k < runs; k++) {
                double ang = 2 * Math.PI * k / nn;
                boolean real = k == 0 || 2 * k == nn;
                double br = real ? (k == 0 ? b : -b) : b * Math.cos(ang), bim = real ? 0 : b * Math.sin(ang);
                double weight = real ? 1 : 2;
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(u0[l], 0, u[l], 0, u0[l].length);
                    System.arraycopy(s0[l], 0, s[l], 0, s0[l].length);
                    if (!real) {
                        Arrays.fill(ui[l], 0f);
                        Arrays.fill(si[l], 0f);
                        // the imaginary part of ρ(u⁰ + 0i) is 0 for a real u⁰
                    }
                }
                int steps = relax(phases.nudgedSteps(), br, bim, !real);
                nudgedPhases++;
                nudgedSteps += steps;
                if (!(lastResidual <= phases.tolerance())) {
                    nudgedNotConverged++;
                }
                double m2 = br * br + bim * bim;
                for (int l = 0; l < layers; l++) {
                    float[] sr = s[l], sz = s0[l], sim = si[l];
                    double[] d = delta[l];
                    for (int i = 0; i < d.length; i++) {
                        double diff = sr[i] - sz[i];
                        d[i] += real ? weight * diff / br : weight * (diff * br + sim[i] * bim) / m2;
                    }
                }
            }
            for (double[] d : delta) {
                for (int i = 0; i < d.length; i++) {
                    d[i] /= nn;
                }
            }
        }

        /** Adds the sample's gradient estimate to every block's credit. */
        private void accumulate() {
            for (int l = 1; l <= layers; l++) {
                float[] pre = l == 1 ? x : s0[l - 2];
                double[] d = delta[l - 1];
                double[] c = credit[forwardBlock[l - 1]];
                int post = n[l];
                for (int j = 0; j < pre.length; j++) {
                    double a = -pre[j];
                    if (a == 0) {
                        continue;
                    }
                    int o = j * post;
                    for (int i = 0; i < post; i++) {
                        c[o + i] += a * d[i];
                    }
                }
                double[] cb = credit[biasBlock[l - 1]];
                for (int i = 0; i < post; i++) {
                    cb[i] -= d[i];
                }
                if (l >= 2) { // the feedback from layer l into l − 1: −δ̂_(l−1) ρ(u⁰_l)ᵀ
                    float[] sl = s0[l - 1];
                    double[] dl = delta[l - 2];
                    int lo = n[l - 1], hi = n[l];
                    if (feedbackBlock[l - 1] >= 0) {
                        double[] cf = credit[feedbackBlock[l - 1]];
                        for (int p = 0; p < hi; p++) {
                            double a = -sl[p];
                            int o = p * lo;
                            for (int q = 0; q < lo; q++) {
                                cf[o + q] += a * dl[q];
                            }
                        }
                    } else {
                        for (int q = 0; q < lo; q++) {
                            double a = -dl[q];
                            int o = q * hi;
                            for (int p = 0; p < hi; p++) {
                                c[o + p] += a * sl[p];
                            }
                        }
                    }
                }
            }
            // the readout's exact gradient at the free fixed point
            float[] sl = s0[layers - 1];
            logits(sl);
            softmaxInto(z, e);
            e[label] -= 1f;
            double[] cr = credit[readoutBlock], cc = credit[readoutBiasBlock];
            for (int j = 0; j < sl.length; j++) {
                double a = sl[j];
                int o = j * classes;
                for (int k = 0; k < classes; k++) {
                    cr[o + k] += a * e[k];
                }
            }
            for (int k = 0; k < classes; k++) {
                cc[k] += e[k];
            }
        }

        /** Adds {@code λ ∇L_h} of this sample to the forward (layers 2..L) and feedback credits. */
        private void homeostasis() {
            double[][] d = slopes();
            double lambda = homeostasis.lambda();
            double lh;
            if (homeostasis.estimate() == JacobianHomeostasis.Estimate.EXACT) {
                lh = JacobianPenalty.exact(net, d, lambda, this::creditOfForward, this::creditOfFeedback);
            } else {
                long key = seed * 0x9E3779B97F4A7C15L + step * 0xC2B2AE3D27D4EB4FL + Arrays.hashCode(x);
                UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(key);
                lh = JacobianPenalty.stochastic(net, d, homeostasis.draws(),
                        ZigguratSampler.NormalizedGaussian.of(rng), lambda, this::creditOfForward,
                        this::creditOfFeedback);
            }
            homeostasisSum += lh;
            homeostasisCount++;
        }

        private double[][] slopes() {
            if (homeostasis.jacobian() == JacobianHomeostasis.Jacobian.ACTIVATION) {
                return null;
            }
            RateActivation act = net.activation();
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < slopes[l].length; i++) {
                    slopes[l][i] = act.derivative(u0[l][i]);
                }
            }
            return slopes;
        }

        private double[] creditOfForward(int l) {
            return credit[forwardBlock[l - 1]];
        }

        private double[] creditOfFeedback(int l) {
            return feedbackBlock[l - 1] < 0 ? null : credit[feedbackBlock[l - 1]];
        }

        @Override
        public double[] credit(int block) {
            return credit[block];
        }

        @Override
        public void clearCredit() {
            for (double[] c : credit) {
                Arrays.fill(c, 0);
            }
        }

        @Override
        public void presynapticActivity(int block, double[] out) {
            requireForward();
            for (int l = 1; l <= layers; l++) {
                if (block == forwardBlock[l - 1]) {
                    copy(l == 1 ? x : s0[l - 2], out);
                    return;
                }
                if (block == feedbackBlock[l - 1]) {
                    copy(s0[l - 1], out);
                    return;
                }
                if (block == biasBlock[l - 1]) {
                    out[0] = 1;
                    return;
                }
            }
            if (block == readoutBlock) {
                copy(s0[layers - 1], out);
            } else if (block == readoutBiasBlock) {
                out[0] = 1;
            } else {
                throw new IllegalArgumentException("block " + block + ": expected 0.." + (blocks.size() - 1));
            }
        }

        private void copy(float[] a, double[] out) {
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        }
    }
}
