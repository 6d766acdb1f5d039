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
            biasF[l - 1] = new float[FloatBlock.pad(n[l])];
        }
        readout = new FloatBlock(n[layers], classes);
        readoutBiasF = new float[FloatBlock.pad(classes)];
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

    /** The feedback into layer {@code l − 1} from layer {@code l} (2..L): {@code y[k] += B_l x[k]}, {@code k < count}. */
    private void down(int l, float[][] x, float[][] y, int count) {
        if (fb[l - 1] != null) {
            fb[l - 1].forward(x, y, count);
        } else {
            fw[l - 1].backward(x, y, count);
        }
    }

    /** One sample's relaxation state: the clamped input, its drive, the current, next and free states. */
    private final class Slot {
        float[] x;
        final float[] xd = new float[FloatBlock.pad(n[1])];
        float[][] u = alloc(), s = alloc(), nu = alloc(), ui = alloc(), si = alloc(), nui = alloc();
        final float[][] u0 = alloc(), s0 = alloc();
        final double[][] delta = new double[layers][];
        /** ρ(u⁰) in double (exact), for the credit's products. */
        final double[][] s0d = new double[layers][];
        int label = -1, steps;
        double residual, loss;
        boolean active;

        Slot() {
            for (int l = 0; l < layers; l++) {
                delta[l] = new double[n[l + 1]];
                s0d[l] = new double[n[l + 1]];
            }
        }

        private float[][] alloc() {
            float[][] a = new float[layers][];
            for (int l = 0; l < layers; l++) {
                a[l] = new float[FloatBlock.pad(n[l + 1])];
            }
            return a;
        }
    }

    /**
     * The per-thread state: the slots of the samples it relaxes together, the credit accumulated over its samples,
     * and scratch arrays. Samples of a chunk ({@link #trainSamples}, {@link #forwardSamples}) relax together: each
     * product takes every active sample's vector (and, in a complex phase, its imaginary part) through the weight
     * block in one call ({@link FloatKernels#rows}); a sample that has converged leaves the products. Without
     * homeostasis the chunk's credit is added in one pass over each block. Every sample's arithmetic is the one it
     * has alone ({@link #forward}, {@link #backward}), so results do not depend on the grouping.
     */
    public final class Workspace implements ModelWorkspace<float[]> {
        private Slot[] slots = new Slot[0];
        private Slot current;
        private Slot[] activeList = new Slot[0];
        private float[][] groupIn = new float[0][], groupOut = new float[0][];
        private final int[] nonZero = new int[n[0]];
        private final double[] sums = new double[4];
        private final float[] t1, t2;
        private final double[][] credit;
        private final float[] z, zi, e, ei, g, gi;
        private final double[][] slopes;
        private final Slot[] one = new Slot[1];
        // statistics
        long freePhases, freeNotConverged, freeSteps, nudgedPhases, nudgedNotConverged, nudgedSteps, homeostasisCount;
        double freeResidualSum, freeResidualMax, homeostasisSum;
        private double lastFiniteResidual;

        Workspace() {
            credit = new double[blocks.size()][];
            for (int b = 0; b < credit.length; b++) {
                credit[b] = new double[blocks.get(b).size()];
            }
            int max = 0;
            for (int v : n) {
                max = Math.max(max, FloatBlock.pad(v));
            }
            t1 = new float[max];
            t2 = new float[max];
            z = new float[FloatBlock.pad(classes)];
            zi = new float[z.length];
            e = new float[z.length];
            ei = new float[z.length];
            g = new float[FloatBlock.pad(n[layers])];
            gi = new float[g.length];
            slopes = new double[layers][];
            for (int l = 0; l < layers; l++) {
                slopes[l] = new double[n[l + 1]];
            }
        }

        private void ensureSlots(int count) {
            if (slots.length < count) {
                Slot[] more = Arrays.copyOf(slots, count);
                for (int k = slots.length; k < count; k++) {
                    more[k] = new Slot();
                }
                slots = more;
                activeList = new Slot[count];
                groupIn = new float[2 * count][];
                groupOut = new float[2 * count][];
            }
        }

        @Override
        public void forward(float[] input) {
            ensureSlots(1);
            checkInput(input);
            one[0] = slots[0];
            free(one, 1, input, null, 0);
            current = slots[0];
        }

        @Override
        public void forwardSamples(float[][] inputs, int from, int to, SampleVisitor visitor) {
            int count = to - from;
            ensureSlots(count);
            for (int k = from; k < to; k++) {
                checkInput(inputs[k]);
            }
            free(slots, count, null, inputs, from);
            for (int k = 0; k < count; k++) {
                current = slots[k];
                visitor.visit(from + k);
            }
        }

        @Override
        public double trainSamples(float[][] inputs, int[] labels, int from, int to, SampleVisitor afterForward) {
            int count = to - from;
            forwardSamples(inputs, from, to, afterForward);
            for (int k = 0; k < count; k++) {
                Slot sl = slots[k];
                checkLabel(labels[from + k]);
                sl.label = labels[from + k];
                sl.loss = lossOf(sl, sl.label);
            }
            estimate(slots, count);
            double sum = 0;
            if (!homeostasis.active()) { // the EP credit of the chunk's samples in one pass over each block
                int m = 0;
                for (int k = 0; k < count; k++) {
                    if (Double.isFinite(slots[k].loss)) {
                        activeList[m++] = slots[k];
                    }
                }
                accumulate(activeList, m);
            }
            for (int k = 0; k < count; k++) {
                Slot sl = slots[k];
                current = sl;
                if (homeostasis.active() && Double.isFinite(sl.loss)) {
                    learn(sl);
                }
                sum += sl.loss;
            }
            return sum;
        }

        private void checkInput(float[] input) {
            if (input.length != n[0]) {
                throw new IllegalArgumentException("sample of " + input.length + " values: the network's input layer has "
                        + n[0]);
            }
        }

        /** Free phases of {@code list[0..count)} with inputs {@code single} or {@code inputs[from + k]}. */
        private void free(Slot[] list, int count, float[] single, float[][] inputs, int from) {
            for (int k = 0; k < count; k++) {
                Slot sl = list[k];
                sl.x = single != null ? single : inputs[from + k];
                System.arraycopy(biasF[0], 0, sl.xd, 0, sl.xd.length);
                // the clamped input's drive, once per sample, over its non-zero values
                fw[0].forwardSparse(sl.x, nonZero, FloatKernels.nonZeros(sl.x, n[0], nonZero), sl.xd);
                for (int l = 0; l < layers; l++) {
                    Arrays.fill(sl.u[l], 0f);
                    fillActivation(sl.u[l], sl.s[l], n[l + 1]);
                }
            }
            relax(list, count, phases.freeSteps(), 0, 0, false);
            for (int k = 0; k < count; k++) {
                Slot sl = list[k];
                freePhases++;
                freeSteps += sl.steps;
                if (!(sl.residual <= phases.tolerance())) {
                    freeNotConverged++;
                }
                if (Double.isFinite(sl.residual)) {
                    freeResidualSum += sl.residual;
                    freeResidualMax = Math.max(freeResidualMax, sl.residual);
                    lastFiniteResidual = sl.residual;
                } else {
                    freeResidualSum = Double.NaN;
                }
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(sl.u[l], 0, sl.u0[l], 0, sl.u[l].length);
                    System.arraycopy(sl.s[l], 0, sl.s0[l], 0, sl.s[l].length);
                    for (int i = 0; i < n[l + 1]; i++) {
                        sl.s0d[l][i] = sl.s0[l][i];
                    }
                }
            }
        }

        /** The residual {@code ‖F(u)‖} of the last step of the current sample's last phase. */
        public double lastResidual() {
            return current().residual;
        }

        /** The last finite free-phase residual this workspace saw (what a divergence report quotes). */
        public double lastFiniteResidual() {
            return lastFiniteResidual;
        }

        /** Steps the current sample's last relaxed phase ran. */
        public int lastSteps() {
            return current().steps;
        }

        /** The free fixed point's activations {@code ρ(u⁰_l)} of layer {@code l} (1..L) of the current sample (a copy). */
        public float[] freeActivity(int l) {
            return Arrays.copyOf(current().s0[l - 1], n[l]);
        }

        /** The free fixed point's states {@code u⁰_l} of layer {@code l} (1..L) of the current sample (a copy). */
        public float[] freeState(int l) {
            return Arrays.copyOf(current().u0[l - 1], n[l]);
        }

        /** The input drive {@code W_1 x + b_1} of the current sample (a copy). */
        public float[] inputDrive() {
            return Arrays.copyOf(current().xd, n[1]);
        }

        /** The estimate {@code δ̂_l} of layer {@code l} (1..L) from the current sample's last {@link #backward}; live. */
        public double[] errorVector(int l) {
            return current().delta[l - 1];
        }

        private Slot current() {
            if (current == null) {
                throw new IllegalStateException("no sample: call forward first");
            }
            return current;
        }

        /** {@code s = ρ(u)} on the layer's units (the padding of {@code s} is never read). */
        private void fillActivation(float[] uu, float[] ss, int units) {
            FloatKernels.activate(net.activation(), uu, ss, units);
        }

        /**
         * Relaxes the states {@code u, s} (and, if {@code complex}, {@code ui, si}) of {@code list[0..count)} for at
         * most {@code T} steps each, with the nudge {@code β = br + i·bi} on the output layer (0 = free) towards each
         * slot's label; a slot stops once its residual is at most the tolerance, or is not finite.
         */
        private void relax(Slot[] list, int count, int T, double br, double bi, boolean complex) {
            RateActivation act = net.activation();
            double tol = phases.tolerance();
            for (int k = 0; k < count; k++) {
                list[k].steps = 0;
                list[k].residual = Double.NaN;
                list[k].active = true;
            }
            for (int t = 0; t < T; t++) {
                int na = 0;
                for (int k = 0; k < count; k++) {
                    if (list[k].active) {
                        activeList[na++] = list[k];
                    }
                }
                if (na == 0) {
                    break;
                }
                drive(activeList, na, complex);
                for (int k = 0; k < na; k++) {
                    Slot sl = activeList[k];
                    if (complex) {
                        nudgeComplex(sl, br, bi);
                    } else if (br != 0) {
                        nudgeReal(sl, br);
                    }
                    // ‖F(u)‖²: computed in full where a step's value can matter (a tolerance, the last step); with
                    // tolerance 0 the other steps only need to know whether it is 0 (a fixed point) or not finite
                    double r2;
                    int state = tol == 0 && t < T - 1 ? change(sl, complex) : -1;
                    if (state == 0) {
                        r2 = 0;
                    } else if (state == 1) {
                        r2 = Double.POSITIVE_INFINITY; // above the tolerance; replaced by a later step's value
                    } else {
                        r2 = residual2(sl, complex);
                    }
                    float[][] tmp = sl.u;
                    sl.u = sl.nu;
                    sl.nu = tmp;
                    if (complex) {
                        tmp = sl.ui;
                        sl.ui = sl.nui;
                        sl.nui = tmp;
                        for (int l = 0; l < layers; l++) {
                            FloatKernels.activateComplex(act, sl.u[l], sl.ui[l], sl.s[l], sl.si[l], n[l + 1], t1, t2);
                        }
                    } else {
                        for (int l = 0; l < layers; l++) {
                            fillActivation(sl.u[l], sl.s[l], n[l + 1]);
                        }
                    }
                    sl.steps++;
                    sl.residual = Math.sqrt(r2);
                    if (state != 1 && (!Double.isFinite(r2) || sl.residual <= tol)) {
                        sl.active = false;
                    }
                }
            }
        }

        /**
         * The squared residual {@code Σ (nu − u)²} over every unit (and the imaginary parts if {@code complex}) of
         * the slot's step, the differences in float, their squares summed in double in four interleaved partial sums
         * (unit {@code i} of a layer's part into sum {@code i mod 4}, the layers' parts in order), then
         * {@code (s0 + s1) + (s2 + s3)}.
         */
        private double residual2(Slot sl, boolean complex) {
            double[] acc = sums;
            acc[0] = acc[1] = acc[2] = acc[3] = 0;
            for (int l = 0; l < layers; l++) {
                squares(sl.nu[l], sl.u[l], n[l + 1], acc);
                if (complex) {
                    squares(sl.nui[l], sl.ui[l], n[l + 1], acc);
                }
            }
            return (acc[0] + acc[1]) + (acc[2] + acc[3]);
        }

        private void squares(float[] a, float[] b, int units, double[] acc) {
            double s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
            int i = 0;
            for (; i + 4 <= units; i += 4) {
                double d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1], d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (int j = 0; i < units; i++, j++) {
                double d = a[i] - b[i];
                if (j == 0) {
                    s0 += d * d;
                } else if (j == 1) {
                    s1 += d * d;
                } else {
                    s2 += d * d;
                }
            }
            acc[0] = s0;
            acc[1] = s1;
            acc[2] = s2;
            acc[3] = s3;
        }

        /**
         * Whether the slot's step changed nothing (0), changed a unit (1) or produced a difference that is not finite
         * (2, where {@link #residual2} is not finite either).
         */
        private int change(Slot sl, boolean complex) {
            int worst = 0;
            for (int l = 0; l < layers; l++) {
                worst = Math.max(worst, FloatKernels.change(sl.nu[l], sl.u[l], n[l + 1]));
                if (complex) {
                    worst = Math.max(worst, FloatKernels.change(sl.nui[l], sl.ui[l], n[l + 1]));
                }
            }
            return worst;
        }

        /**
         * {@code nu_l = W_l s_(l−1) + b_l + B_(l+1) s_(l+1)} for the slots {@code list[0..na)} together through
         * each block; with {@code complex} also the imaginary parts {@code nui} from {@code si} (without the input's
         * drive and the biases), as further vectors of the same products.
         */
        private void drive(Slot[] list, int na, boolean complex) {
            for (int l = 1; l <= layers; l++) {
                for (int k = 0; k < na; k++) {
                    Slot sl = list[k];
                    float[] o = sl.nu[l - 1];
                    System.arraycopy(l == 1 ? sl.xd : biasF[l - 1], 0, o, 0, o.length);
                    if (complex) {
                        Arrays.fill(sl.nui[l - 1], 0f);
                    }
                }
                if (l >= 2) {
                    fw[l - 1].forward(groupIn, groupOut, group(list, na, l - 2, l - 1, complex));
                }
                if (l < layers) {
                    down(l + 1, groupIn, groupOut, group(list, na, l, l - 1, complex));
                }
            }
        }

        /**
         * Points groupIn/groupOut at the slots' activations of layer index {@code in} and next states of {@code out}
         * (real, then imaginary parts if {@code complex}); returns the number of vectors.
         */
        private int group(Slot[] list, int na, int in, int out, boolean complex) {
            int c = 0;
            for (int k = 0; k < na; k++) {
                Slot sl = list[k];
                groupIn[c] = sl.s[in];
                groupOut[c++] = sl.nu[out];
                if (complex) {
                    groupIn[c] = sl.si[in];
                    groupOut[c++] = sl.nui[out];
                }
            }
            return c;
        }

        /** The readout's logits {@code R ρ(u_L) + c} of a real output activation into {@code z}. */
        private void logits(float[] sOut) {
            System.arraycopy(readoutBiasF, 0, z, 0, classes);
            readout.forward(sOut, z);
        }

        /** Subtracts {@code β ∂ℓ/∂ρ(u_L) = β Rᵀ(softmax(z) − y)} from the slot's output drive. */
        private void nudgeReal(Slot sl, double beta) {
            logits(sl.s[layers - 1]);
            softmaxInto(z, e);
            e[sl.label] -= 1f;
            Arrays.fill(g, 0f);
            readout.backward(e, g);
            float[] o = sl.nu[layers - 1];
            float b = (float) beta;
            for (int j = 0; j < o.length; j++) {
                o[j] -= b * g[j];
            }
        }

        /** The complex nudge: softmax of complex logits, {@code (β + iβ') Rᵀ(p − y)} off the output's drive. */
        private void nudgeComplex(Slot sl, double br, double bi) {
            logits(sl.s[layers - 1]);
            Arrays.fill(zi, 0f);
            readout.forward(sl.si[layers - 1], zi);
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
                e[k] = (float) (pr - (k == sl.label ? 1 : 0));
                ei[k] = (float) pim;
            }
            Arrays.fill(g, 0f);
            Arrays.fill(gi, 0f);
            readout.backward(e, g);
            readout.backward(ei, gi);
            float[] o = sl.nu[layers - 1], oi = sl.nui[layers - 1];
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

        @Override
        public int predict() {
            Slot sl = current();
            logits(sl.s0[layers - 1]);
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
            checkLabel(label);
            return lossOf(current(), label);
        }

        private double lossOf(Slot sl, int label) {
            logits(sl.s0[layers - 1]);
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
            Slot sl = current();
            checkLabel(label);
            sl.label = label;
            sl.loss = lossOf(sl, label);
            if (!Double.isFinite(sl.loss)) {
                return sl.loss;
            }
            one[0] = sl;
            estimate(one, 1);
            learn(sl);
            return sl.loss;
        }

        /** δ̂ of every slot with a finite loss from the estimator's nudged phases, the slots relaxing together. */
        private void estimate(Slot[] list, int count) {
            int m = 0;
            for (int k = 0; k < count; k++) {
                Slot sl = list[k];
                for (double[] d : sl.delta) {
                    Arrays.fill(d, 0);
                }
                if (Double.isFinite(sl.loss)) {
                    activeList[m] = sl; // the slots to nudge, in order
                    m++;
                }
            }
            // relax() reuses activeList as scratch: nudge a copy when some slot is left out (a non-finite loss)
            Slot[] nudged = m == count ? list : Arrays.copyOf(activeList, m);
            int nn = estimator.nudges();
            double b = estimator.beta();
            int runs = nn == 1 ? 1 : nn / 2 + 1;
            for (int k = 0; k < runs; k++) {
                double ang = 2 * Math.PI * k / nn;
                boolean real = k == 0 || 2 * k == nn;
                double br = real ? (k == 0 ? b : -b) : b * Math.cos(ang), bim = real ? 0 : b * Math.sin(ang);
                double weight = real ? 1 : 2;
                for (int q = 0; q < m; q++) {
                    Slot sl = nudged[q];
                    for (int l = 0; l < layers; l++) {
                        System.arraycopy(sl.u0[l], 0, sl.u[l], 0, sl.u0[l].length);
                        System.arraycopy(sl.s0[l], 0, sl.s[l], 0, sl.s0[l].length);
                        if (!real) { // ρ(u⁰ + 0i) is real for a real u⁰
                            Arrays.fill(sl.ui[l], 0f);
                            Arrays.fill(sl.si[l], 0f);
                        }
                    }
                }
                relax(nudged, m, phases.nudgedSteps(), br, bim, !real);
                double m2 = br * br + bim * bim;
                for (int q = 0; q < m; q++) {
                    Slot sl = nudged[q];
                    nudgedPhases++;
                    nudgedSteps += sl.steps;
                    if (!(sl.residual <= phases.tolerance())) {
                        nudgedNotConverged++;
                    }
                    for (int l = 0; l < layers; l++) {
                        float[] sr = sl.s[l], sz = sl.s0[l], sim = sl.si[l];
                        double[] d = sl.delta[l];
                        for (int i = 0; i < d.length; i++) {
                            double diff = sr[i] - sz[i];
                            d[i] += real ? weight * diff / br : weight * (diff * br + sim[i] * bim) / m2;
                        }
                    }
                }
            }
            for (int q = 0; q < m; q++) {
                for (double[] d : nudged[q].delta) {
                    for (int i = 0; i < d.length; i++) {
                        d[i] /= nn;
                    }
                }
            }
        }

        /** Adds the slot's gradient estimate (and homeostasis) to every block's credit. */
        private void learn(Slot sl) {
            one[0] = sl;
            accumulate(one, 1);
            if (homeostasis.active()) {
                homeostasis(sl);
            }
        }

        /**
         * Adds the EP credit of {@code list[0..count)} to every block, row by row of each block (a row stays in cache
         * while every sample adds its terms to it); each element receives the samples' terms in sample order, the
         * forward term before the tied feedback term of the same sample: what adding the samples one at a time gives.
         */
        private void accumulate(Slot[] list, int count) {
            for (int l = 1; l <= layers; l++) {
                double[] c = credit[forwardBlock[l - 1]];
                int post = n[l];
                boolean tiedBack = l >= 2 && feedbackBlock[l - 1] < 0;
                for (int j = 0; j < n[l - 1]; j++) {
                    int o = j * post;
                    for (int k = 0; k < count; k++) {
                        Slot sl = list[k];
                        double a = -(l == 1 ? sl.x : sl.s0[l - 2])[j];
                        if (a != 0) {
                            double[] d = sl.delta[l - 1];
                            for (int i = 0; i < post; i++) {
                                c[o + i] += a * d[i];
                            }
                        }
                        if (tiedBack) { // the feedback from layer l into l − 1: −δ̂_(l−1) ρ(u⁰_l)ᵀ
                            double b = -sl.delta[l - 2][j];
                            double[] sl0 = sl.s0d[l - 1];
                            for (int i = 0; i < post; i++) {
                                c[o + i] += b * sl0[i];
                            }
                        }
                    }
                }
                double[] cb = credit[biasBlock[l - 1]];
                for (int k = 0; k < count; k++) {
                    double[] d = list[k].delta[l - 1];
                    for (int i = 0; i < post; i++) {
                        cb[i] -= d[i];
                    }
                }
                if (l >= 2 && !tiedBack) {
                    double[] cf = credit[feedbackBlock[l - 1]];
                    int lo = n[l - 1], hi = n[l];
                    for (int p = 0; p < hi; p++) {
                        int o = p * lo;
                        for (int k = 0; k < count; k++) {
                            double a = -list[k].s0[l - 1][p];
                            double[] dl = list[k].delta[l - 2];
                            for (int q = 0; q < lo; q++) {
                                cf[o + q] += a * dl[q];
                            }
                        }
                    }
                }
            }
            // the readout's exact gradient at the free fixed point
            double[] cr = credit[readoutBlock], cc = credit[readoutBiasBlock];
            for (int k = 0; k < count; k++) {
                Slot sl = list[k];
                float[] so = sl.s0[layers - 1];
                logits(so);
                softmaxInto(z, e);
                e[sl.label] -= 1f;
                for (int j = 0; j < n[layers]; j++) {
                    double a = so[j];
                    int o = j * classes;
                    for (int q = 0; q < classes; q++) {
                        cr[o + q] += a * e[q];
                    }
                }
                for (int q = 0; q < classes; q++) {
                    cc[q] += e[q];
                }
            }
        }

        /** Adds {@code λ ∇L_h} of this sample to the forward (layers 2..L) and feedback credits. */
        private void homeostasis(Slot sl) {
            double[][] d = null;
            if (homeostasis.jacobian() == JacobianHomeostasis.Jacobian.PREACTIVATION) {
                RateActivation act = net.activation();
                for (int l = 0; l < layers; l++) {
                    for (int i = 0; i < slopes[l].length; i++) {
                        slopes[l][i] = act.derivative(sl.u0[l][i]);
                    }
                }
                d = slopes;
            }
            double lambda = homeostasis.lambda();
            double lh;
            if (homeostasis.estimate() == JacobianHomeostasis.Estimate.EXACT) {
                lh = JacobianPenalty.exact(net, d, lambda, this::creditOfForward, this::creditOfFeedback);
            } else {
                long key = seed * 0x9E3779B97F4A7C15L + step * 0xC2B2AE3D27D4EB4FL + Arrays.hashCode(sl.x);
                UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(key);
                lh = JacobianPenalty.stochastic(net, d, homeostasis.draws(),
                        ZigguratSampler.NormalizedGaussian.of(rng), lambda, this::creditOfForward,
                        this::creditOfFeedback);
            }
            homeostasisSum += lh;
            homeostasisCount++;
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
            Slot sl = current();
            for (int l = 1; l <= layers; l++) {
                if (block == forwardBlock[l - 1]) {
                    copy(l == 1 ? sl.x : sl.s0[l - 2], out);
                    return;
                }
                if (block == feedbackBlock[l - 1]) {
                    copy(sl.s0[l - 1], out);
                    return;
                }
                if (block == biasBlock[l - 1]) {
                    out[0] = 1;
                    return;
                }
            }
            if (block == readoutBlock) {
                copy(sl.s0[layers - 1], out);
            } else if (block == readoutBiasBlock) {
                out[0] = 1;
            } else {
                throw new IllegalArgumentException("block " + block + ": expected 0.." + (blocks.size() - 1));
            }
        }

        private void copy(float[] a, double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        }
    }
}
