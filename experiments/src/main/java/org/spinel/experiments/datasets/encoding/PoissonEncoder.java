package org.spinel.experiments.datasets.encoding;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Rate (Poisson) code: unit p fires at {@code r_p = maxRate · x_p} Hz, x_p = pixel/255.
 * <ul>
 *   <li>Binned ({@link #encode}): in each step of dt ms a unit spikes with probability {@code r·dt} — the
 *       Bernoulli approximation of a Poisson process that the engine's {@code PoissonSource} and the SpyTorch
 *       tutorials use; it requires {@code maxRate·dt ≤ 1} (checked) and is exact as {@code r·dt → 0}.</li>
 *   <li>Continuous ({@link #spikeTimes}): an exact homogeneous Poisson process by exponential inter-spike
 *       intervals, for spike-time sources.</li>
 * </ul>
 */
public final class PoissonEncoder {
    private final double maxRateHz, dtMs, maxProbability;

    /**
     * @param maxRateHz the rate of a pixel of intensity 1 (finite, &gt; 0)
     * @param dtMs      the step in ms (finite, &gt; 0); {@code maxRateHz · dtMs / 1000} must be &le; 1
     */
    public PoissonEncoder(double maxRateHz, double dtMs) {
        this.maxRateHz = Check.positive("poisson.maxRate", maxRateHz, "Hz");
        this.dtMs = Check.positive("poisson.dt", dtMs, "ms");
        this.maxProbability = maxRateHz * dtMs / 1000;
        if (maxProbability > 1) {
            throw new ParameterException("poisson.maxRate = " + maxRateHz + " Hz at dt = " + dtMs
                    + " ms: rate·dt = " + maxProbability + " > 1; lower the rate or the step");
        }
    }

    /** The rate of intensity 1, Hz. */
    public double maxRateHz() {
        return maxRateHz;
    }

    /** The step, ms. */
    public double dtMs() {
        return dtMs;
    }

    /** The per-step spike probability {@code maxRate · x · dt} of intensity x (clipped to [0, 1]). */
    public double probability(double intensity) {
        if (intensity != intensity) {
            throw new ParameterException("poisson: intensity = NaN: expected a number");
        }
        return Math.min(1, Math.max(0, intensity) * maxProbability);
    }

    /** Per-step probabilities of the pixels of image {@code index} into {@code out}; allocates nothing. */
    public void probabilities(LabeledImages images, int index, float[] out) {
        int np = images.pixelsPerImage();
        if (out.length < np) {
            throw new ParameterException("poisson: out has " + out.length + " entries: expected at least " + np);
        }
        for (int p = 0; p < np; p++) {
            out[p] = (float) (images.pixel(index, p) / 255.0 * maxProbability);
        }
    }

    /** {@code nSteps} binned steps of image {@code index}, drawn as {@link BernoulliEncoder#sampleStep} does. */
    public SpikeEvents encode(LabeledImages images, int index, int nSteps, UniformRandomProvider rng) {
        float[] p = new float[images.pixelsPerImage()];
        probabilities(images, index, p);
        return BernoulliEncoder.sample(p, nSteps, rng);
    }

    /**
     * An exact Poisson spike train at {@code rateHz} on [0, durationMs): times in ms, increasing, by exponential
     * intervals {@code −ln(1 − u)/r}.
     */
    public static double[] spikeTimes(double rateHz, double durationMs, UniformRandomProvider rng) {
        Check.nonNegative("poisson.rate", rateHz, "Hz");
        Check.nonNegative("poisson.duration", durationMs, "ms");
        if (rateHz == 0) {
            return new double[0];
        }
        double meanIntervalMs = 1000 / rateHz;
        double[] t = new double[Math.max(4, (int) (durationMs / meanIntervalMs * 1.2) + 4)];
        int n = 0;
        double now = -Math.log1p(-rng.nextDouble()) * meanIntervalMs;
        while (now < durationMs) {
            if (n == t.length) {
                t = java.util.Arrays.copyOf(t, t.length * 2);
            }
            t[n++] = now;
            now += -Math.log1p(-rng.nextDouble()) * meanIntervalMs;
        }
        return java.util.Arrays.copyOf(t, n);
    }

    @Override
    public String toString() {
        return "poisson(maxRate=" + maxRateHz + " Hz, dt=" + dtMs + " ms)";
    }
}
