package org.spinel.experiments.datasets.encoding;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * The per-step Bernoulli input code of NALSM (Ivanov &amp; Michmizos 2021; spec nalsm.md "Input encoding"):
 * <pre>
 *   q_ip = x_ip / Σ_p' x_ip'             (each image normalised by its pixel sum)
 *   p_ip = min(1, q_ip / M),  M = max over the split of q_ip
 *   each step, unit p spikes with probability p_ip, independently
 * </pre>
 * so the brightest normalised pixel of the split fires every step. In NALSM each spike is a current of 100
 * (above threshold) into an input LIF neuron; that amplitude belongs to the network, not to this encoder.
 * {@link #nalsm(LabeledImages)} computes M from a split; the test split should reuse the training split's
 * encoder (values above 1 are clipped to 1). A blank image (pixel sum 0) gives all probabilities 0.
 *
 * <p>Sampling ({@link #sampleStep}) draws one {@code nextDouble()} per unit with 0 &lt; p &lt; 1 and step, in
 * unit order, and spikes when it is &lt; p; units with p = 0 never spike and p = 1 always, without a draw. The
 * result therefore depends only on the generator's state (one stream per sample or per trial, from
 * {@code RandomStreams}).
 */
public final class BernoulliEncoder {
    private final double scale;

    /** @param scale 1/M, the factor applied to the sum-normalised pixels (finite, &gt; 0) */
    public BernoulliEncoder(double scale) {
        this.scale = Check.positive("bernoulli.scale", scale, "");
    }

    /** The NALSM encoder of {@code split}: M = the largest sum-normalised pixel over all its images. */
    public static BernoulliEncoder nalsm(LabeledImages split) {
        double max = 0;
        int np = split.pixelsPerImage();
        for (int i = 0; i < split.size(); i++) {
            long sum = 0;
            int peak = 0;
            for (int p = 0; p < np; p++) {
                int v = split.pixel(i, p);
                sum += v;
                peak = Math.max(peak, v);
            }
            if (sum > 0) {
                max = Math.max(max, (double) peak / sum);
            }
        }
        if (max == 0) {
            throw new ParameterException("bernoulli: every image of the split (" + split.size()
                    + ") is blank: cannot normalise by the largest pixel");
        }
        return new BernoulliEncoder(1 / max);
    }

    /** 1/M. */
    public double scale() {
        return scale;
    }

    /** Writes the spike probability of each pixel of image {@code index} into {@code out}; allocates nothing. */
    public void probabilities(LabeledImages images, int index, float[] out) {
        int np = images.pixelsPerImage();
        if (out.length < np) {
            throw new ParameterException("bernoulli: out has " + out.length + " entries: expected at least " + np);
        }
        long sum = 0;
        for (int p = 0; p < np; p++) {
            sum += images.pixel(index, p);
        }
        double f = sum == 0 ? 0 : scale / sum;
        for (int p = 0; p < np; p++) {
            out[p] = (float) Math.min(1, images.pixel(index, p) * f);
        }
    }

    /**
     * One step: the units that spike, in increasing order, into {@code spikingOut}; allocates nothing.
     *
     * @param probability per-unit spike probability in [0, 1]
     * @param spikingOut  at least {@code probability.length} entries
     * @return the number of units that spike
     */
    public static int sampleStep(float[] probability, UniformRandomProvider rng, int[] spikingOut) {
        int n = 0;
        for (int u = 0; u < probability.length; u++) {
            float p = probability[u];
            if (p >= 1 || (p > 0 && rng.nextDouble() < p)) {
                spikingOut[n++] = u;
            }
        }
        return n;
    }

    /** {@code nSteps} steps of {@link #sampleStep} as events sorted by step, then unit. */
    public static SpikeEvents sample(float[] probability, int nSteps, UniformRandomProvider rng) {
        Check.atLeast("bernoulli.steps", nSteps, 0);
        for (int u = 0; u < probability.length; u++) {
            if (!(probability[u] >= 0 && probability[u] <= 1)) {
                throw new ParameterException("bernoulli: probability[" + u + "] = " + probability[u]
                        + ": expected a value in [0, 1]");
            }
        }
        int[] buf = new int[probability.length];
        int[] units = new int[16], steps = new int[16];
        int total = 0;
        for (int s = 0; s < nSteps; s++) {
            int n = sampleStep(probability, rng, buf);
            if (total + n > units.length) {
                int cap = Math.max(total + n, units.length * 2);
                units = java.util.Arrays.copyOf(units, cap);
                steps = java.util.Arrays.copyOf(steps, cap);
            }
            for (int k = 0; k < n; k++) {
                units[total] = buf[k];
                steps[total++] = s;
            }
        }
        return new SpikeEvents(java.util.Arrays.copyOf(units, total), java.util.Arrays.copyOf(steps, total), false);
    }

    @Override
    public String toString() {
        return "bernoulli(scale=" + scale + ")";
    }
}
