package org.spinel.plasticity.ep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.train.BlockRole;
import org.spinel.plasticity.train.WeightBlock;

/**
 * A layered relaxing rate network for equilibrium propagation (spec §3): a clamped input {@code x} of
 * {@code sizes[0]} values and dynamic layers {@code 1..L} of {@code sizes[1..L]} rate units, with the synchronous
 * dynamics {@code u ← u + F(u)},
 * {@code F_l = W_l ρ(u_(l−1)) + b_l + B_(l+1) ρ(u_(l+1)) − u_l} (the input enters unactivated,
 * {@code ρ(u_0) := x}), plus a linear softmax readout {@code R ρ(u_L) + c} onto the classes, whose cross-entropy
 * {@code ℓ} is the loss and whose gradient {@code ∂ℓ/∂ρ(u_L)} is the nudge.
 *
 * <p>The feedback {@code B_l} from layer {@code l} down to {@code l − 1} is the forward block's transpose
 * ({@link #tied()}: a symmetric network with the energy
 * {@code Φ = Σ_l ρ(u_l)·(W_l ρ(u_(l−1)) + b_l) − ½‖u‖²}-like Hopfield form that the free phase descends) or a
 * block of its own (generalized EP, Scellier et al. 2018; Laborieux &amp; Zenke 2024).
 *
 * <p><b>Blocks</b> ({@link #blocks()}, layout {@code [pre][post]} of {@link WeightBlock}), in this order:
 * {@code "forward<l>"} for {@code l = 1..L} ({@code sizes[l−1] × sizes[l]}), {@code "feedback<l>"} for
 * {@code l = 2..L} when untied ({@code sizes[l] × sizes[l−1]}), {@code "bias<l>"} ({@code 1 × sizes[l]}),
 * {@code "readout"} ({@code sizes[L] × classes}) and {@code "readout.bias"} ({@code 1 × classes}).
 */
public final class EquilibriumNetwork {
    private final int[] sizes;
    private final int classes;
    private final RateActivation activation;
    private final boolean tied;
    /** forward[l−1]: layer l−1 → l, [sizes[l−1]][sizes[l]]. */
    private final double[][] forward;
    /** feedback[l−1] for l = 2..L (index 0 unused, null when tied): layer l → l−1, [sizes[l]][sizes[l−1]]. */
    private final double[][] feedback;
    private final double[][] bias;
    private final double[] readout, readoutBias;
    private final List<WeightBlock> blocks;

    private EquilibriumNetwork(int[] sizes, int classes, RateActivation activation, boolean tied) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes)
                    + ": expected the input size and at least one dynamic layer");
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 1) {
                throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes) + ": layer " + l
                        + " has " + sizes[l] + " units, expected at least 1");
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + ": expected at least 2");
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation: expected one of " + RateActivation.ids());
        }
        this.sizes = sizes.clone();
        this.classes = classes;
        this.activation = activation;
        this.tied = tied;
        int layers = sizes.length - 1;
        forward = new double[layers][];
        feedback = new double[layers][];
        bias = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            forward[l - 1] = new double[sizes[l - 1] * sizes[l]];
            bias[l - 1] = new double[sizes[l]];
            if (!tied && l >= 2) {
                feedback[l - 1] = new double[sizes[l] * sizes[l - 1]];
            }
        }
        readout = new double[sizes[layers] * classes];
        readoutBias = new double[classes];
        List<WeightBlock> b = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            b.add(new WeightBlock(forwardName(l), BlockRole.FEED_FORWARD, sizes[l - 1], sizes[l], forward[l - 1]));
        }
        if (!tied) {
            for (int l = 2; l <= layers; l++) {
                b.add(new WeightBlock(feedbackName(l), BlockRole.FEEDBACK, sizes[l], sizes[l - 1], feedback[l - 1]));
            }
        }
        for (int l = 1; l <= layers; l++) {
            b.add(new WeightBlock(biasName(l), BlockRole.BIAS, 1, sizes[l], bias[l - 1]));
        }
        b.add(new WeightBlock("readout", BlockRole.FEED_FORWARD, sizes[layers], classes, readout));
        b.add(new WeightBlock("readout.bias", BlockRole.BIAS, 1, classes, readoutBias));
        blocks = List.copyOf(b);
    }

    /**
     * A network initialised as in Laborieux et al. (2021) and the reference script: forward weights
     * {@code N(0, 1/fan-in)} (or {@code N(0, std²)}), biases 0, readout {@code N(0, 1/sizes[L])}; untied feedback
     * {@code B ← sin α · B_rand + cos α · Wᵀ} with {@code B_rand ~ N(0, 1/fan-in of the feedback map)} (spec §3:
     * α = 0 starts symmetric, α = 90° independent). Each block draws from its own stream of {@code seed}.
     *
     * @param sizes      input size, then the dynamic layers' sizes
     * @param classes    readout classes
     * @param tied       feedback = forwardᵀ
     * @param angleDeg   α for untied feedback, degrees
     * @param std        initial standard deviation of every weight, or {@code NaN} for {@code 1/√fan-in}
     */
    public static EquilibriumNetwork create(int[] sizes, int classes, RateActivation activation, boolean tied,
            double angleDeg, double std, long seed) {
        if (!Double.isFinite(angleDeg)) {
            throw new IllegalArgumentException("angle = " + angleDeg + ": expected a finite angle in degrees");
        }
        if (!Double.isNaN(std) && !(std > 0 && std < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("init std = " + std + ": expected a finite value > 0");
        }
        EquilibriumNetwork net = new EquilibriumNetwork(sizes, classes, activation, tied);
        RandomStreams streams = new RandomStreams(seed);
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            normal(streams.stream("ep/forward" + l), net.forward[l - 1], Double.isNaN(std) ? 1 / Math.sqrt(sizes[l - 1]) : std);
        }
        double a = Math.toRadians(angleDeg);
        for (int l = 2; l <= layers && !tied; l++) {
            double[] fb = net.feedback[l - 1], w = net.forward[l - 1];
            normal(streams.stream("ep/feedback" + l), fb, Double.isNaN(std) ? 1 / Math.sqrt(sizes[l]) : std);
            int lo = sizes[l - 1], hi = sizes[l];
            for (int p = 0; p < hi; p++) {
                for (int q = 0; q < lo; q++) {
                    fb[p * lo + q] = Math.sin(a) * fb[p * lo + q] + Math.cos(a) * w[q * hi + p];
                }
            }
        }
        normal(streams.stream("ep/readout"), net.readout, Double.isNaN(std) ? 1 / Math.sqrt(sizes[layers]) : std);
        return net;
    }

    /** A network with every weight and bias zero (to be filled through {@link #blocks()}). */
    public static EquilibriumNetwork zeros(int[] sizes, int classes, RateActivation activation, boolean tied) {
        return new EquilibriumNetwork(sizes, classes, activation, tied);
    }

    private static void normal(UniformRandomProvider rng, double[] out, double std) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (std * g.sample()); // the trainer keeps weights at float precision
        }
    }

    /** {@code "forward<l>"}: layer {@code l − 1} → {@code l}. */
    public static String forwardName(int l) {
        return "forward" + l;
    }

    /** {@code "feedback<l>"}: layer {@code l} → {@code l − 1}. */
    public static String feedbackName(int l) {
        return "feedback" + l;
    }

    /** {@code "bias<l>"}. */
    public static String biasName(int l) {
        return "bias" + l;
    }

    /** Input size, then the dynamic layers' sizes (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Number of dynamic layers {@code L}. */
    public int layers() {
        return sizes.length - 1;
    }

    /** Units of layer {@code l} (0 = input). */
    public int size(int l) {
        return sizes[l];
    }

    /** Dynamic units {@code n = sizes[1] + … + sizes[L]}. */
    public int dynamicUnits() {
        int n = 0;
        for (int l = 1; l < sizes.length; l++) {
            n += sizes[l];
        }
        return n;
    }

    /** Readout classes. */
    public int classes() {
        return classes;
    }

    /** The activation. */
    public RateActivation activation() {
        return activation;
    }

    /** Whether feedback is the forward blocks' transpose. */
    public boolean tied() {
        return tied;
    }

    /** The live forward weights into layer {@code l} (1..L), {@code [sizes[l−1]][sizes[l]]}. */
    public double[] forward(int l) {
        return forward[l - 1];
    }

    /** The live feedback weights from layer {@code l} (2..L) to {@code l − 1}, {@code [sizes[l]][sizes[l−1]]}; null when tied. */
    public double[] feedback(int l) {
        return feedback[l - 1];
    }

    /** The live biases of layer {@code l} (1..L). */
    public double[] bias(int l) {
        return bias[l - 1];
    }

    /** The live readout weights, {@code [sizes[L]][classes]}. */
    public double[] readout() {
        return readout;
    }

    /** The live readout biases. */
    public double[] readoutBias() {
        return readoutBias;
    }

    /** The blocks, in the order of the class comment. */
    public List<WeightBlock> blocks() {
        return blocks;
    }

    /**
     * The feedback weight from unit {@code p} of layer {@code l} to unit {@code q} of layer {@code l − 1}: the
     * feedback block's, or the forward weight {@code q → p} when tied.
     */
    double feedbackWeight(int l, int p, int q) {
        return tied ? forward[l - 1][q * sizes[l] + p] : feedback[l - 1][p * sizes[l - 1] + q];
    }

    /**
     * The symmetry metric {@code s/(s + a)} of the Jacobian {@code J} of {@code F} (s, a the Frobenius norms of its
     * symmetric and antisymmetric parts; 1 for a symmetric Jacobian): of {@code ∂F/∂ρ(u)} when {@code slopes} is
     * null, of {@code ∂F/∂u = A·diag(ρ'(u)) − I} with {@code slopes[l−1] = ρ'(u_l)} otherwise.
     */
    public double symmetry(double[][] slopes) {
        double s2 = dynamicUnits(), a2 = 0; // the −I diagonal belongs to the symmetric part
        for (int l = 2; l < sizes.length; l++) {
            int lo = sizes[l - 1], hi = sizes[l];
            double[] w = forward[l - 1];
            for (int q = 0; q < lo; q++) {
                double dq = slopes == null ? 1 : slopes[l - 2][q];
                for (int p = 0; p < hi; p++) {
                    double dp = slopes == null ? 1 : slopes[l - 1][p];
                    double below = w[q * hi + p] * dq;            // J[p in l][q in l−1]
                    double above = feedbackWeight(l, p, q) * dp;  // J[q in l−1][p in l]
                    s2 += 2 * sq((below + above) / 2);
                    a2 += 2 * sq((below - above) / 2);
                }
            }
        }
        double s = Math.sqrt(s2), a = Math.sqrt(a2);
        return s / (s + a);
    }

    /** The angle in degrees between the forward blocks of layers 2..L and the transposed feedback blocks (0 when tied). */
    public double feedbackAngle() {
        if (tied) {
            return 0;
        }
        double dot = 0, ww = 0, bb = 0;
        for (int l = 2; l < sizes.length; l++) {
            int lo = sizes[l - 1], hi = sizes[l];
            for (int q = 0; q < lo; q++) {
                for (int p = 0; p < hi; p++) {
                    double w = forward[l - 1][q * hi + p], b = feedback[l - 1][p * lo + q];
                    dot += w * b;
                    ww += w * w;
                    bb += b * b;
                }
            }
        }
        if (ww == 0 || bb == 0) {
            return 90;
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(ww * bb)))));
    }

    private static double sq(double x) {
        return x * x;
    }
}
