package org.spinel.experiments.datasets.encoding;

import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Time-to-first-spike code of the SpyTorch Fashion-MNIST tutorial (Zenke, tutorial 2; spec learning-rules §1):
 * T(x) is the time a leaky integrator with time constant τ_eff, driven by the constant intensity x (pixel/255),
 * takes to reach the threshold θ, so brighter pixels fire earlier. Each input unit spikes at most once, at
 * <pre>
 *   T(x) = τ_eff · ln(x / (x − θ))      for x &gt; θ        (in steps; no spike for x ≤ θ)
 *   step = ⌊T(x)⌋ (or rint(T(x)) with {@link Rounding#ROUND}), kept only if step &lt; nSteps
 * </pre>
 * with τ_eff = 20 steps (20 ms at Δt = 1 ms) and θ = 0.2 in the tutorial, so x = 1 fires at ⌊20 ln 1.25⌋ =
 * ⌊4.46⌋ = step 4 and dimmer pixels later (x = 0.21 at step 60, x = 0.205 at step 74). The floor is
 * the tutorial's {@code np.int} cast of {@code current2firing_time}. One detail differs: the tutorial
 * clips x = θ exactly to θ + 1e-7 and so gives it T ≈ 290 steps; here x ≤ θ never spikes, identical for any
 * nSteps &lt; 290 (it uses 100). {@link Rounding#ROUND} (round half to even, as {@code np.round}) is the code of the
 * PyTorch reference script {@code ../shared/bench/spytorch_fmnist.py}, for side-by-side runs on identical inputs.
 *
 * <p>Pixel bytes are converted as {@code pixel / 255.0} in double, as the tutorial's float64 arrays; a 256-entry
 * table makes {@link #encode(LabeledImages, int, int[])} a lookup per pixel. Immutable and thread-safe.
 */
public final class LatencyEncoder {
    /** How the continuous firing time T(x) becomes a step. */
    public enum Rounding {
        /** ⌊T⌋: the SpyTorch tutorial's integer cast. */
        FLOOR,
        /** rint(T), half to even: {@code np.round}, as the PyTorch reference script. */
        ROUND
    }

    private final double tauEff, threshold;
    private final int nSteps;
    private final Rounding rounding;
    private final int[] byPixel = new int[256];

    /**
     * @param tauEffSteps τ_eff in steps (&gt; 0)
     * @param threshold   θ, the intensity below which a unit never spikes (finite, &ge; 0)
     * @param nSteps      the length of the presentation in steps (&ge; 1); later spikes are dropped
     */
    public LatencyEncoder(double tauEffSteps, double threshold, int nSteps) {
        this(tauEffSteps, threshold, nSteps, Rounding.FLOOR);
    }

    /**
     * @param tauEffSteps τ_eff in steps (&gt; 0)
     * @param threshold   θ, the intensity below which a unit never spikes (finite, &ge; 0)
     * @param nSteps      the length of the presentation in steps (&ge; 1); later spikes are dropped
     * @param rounding    how T(x) becomes a step
     */
    public LatencyEncoder(double tauEffSteps, double threshold, int nSteps, Rounding rounding) {
        if (rounding == null) {
            throw new ParameterException("latency.rounding = null: expected floor or round");
        }
        this.rounding = rounding;
        this.tauEff = Check.positive("latency.tauEff", tauEffSteps, "steps");
        this.threshold = Check.nonNegative("latency.threshold", threshold, "");
        this.nSteps = Check.atLeast("latency.steps", nSteps, 1);
        for (int p = 0; p < 256; p++) {
            byPixel[p] = firstSpikeStep(p / 255.0);
        }
    }

    /** The tutorial's code: τ_eff = 20 steps, θ = 0.2, over {@code nSteps} steps (100 in the tutorial). */
    public static LatencyEncoder spyTorch(int nSteps) {
        return new LatencyEncoder(20, 0.2, nSteps);
    }

    /** τ_eff in steps. */
    public double tauEff() {
        return tauEff;
    }

    /** θ. */
    public double threshold() {
        return threshold;
    }

    /** How T(x) becomes a step. */
    public Rounding rounding() {
        return rounding;
    }

    /** The presentation length in steps. */
    public int steps() {
        return nSteps;
    }

    /**
     * The continuous firing time T(x) = τ_eff ln(x/(x − θ)) in steps; {@code +Infinity} for x ≤ θ.
     *
     * @throws ParameterException for NaN
     */
    public double firstSpikeTime(double x) {
        if (x != x) {
            throw new ParameterException("latency: intensity = NaN: expected a number");
        }
        if (x <= threshold) {
            return Double.POSITIVE_INFINITY;
        }
        return tauEff * Math.log(x / (x - threshold));
    }

    /**
     * The step of the single spike for intensity x: ⌊T(x)⌋ (or rint(T(x))) if that is &lt; nSteps, else −1 (no
     * spike).
     */
    public int firstSpikeStep(double x) {
        double t = firstSpikeTime(x);
        if (t == Double.POSITIVE_INFINITY) {
            return -1;
        }
        double step = rounding == Rounding.FLOOR ? Math.floor(t) : Math.rint(t);
        return step < nSteps ? (int) step : -1;
    }

    /** The spike step for a pixel byte value in [0, 255] (table lookup); −1 for no spike. */
    public int firstSpikeStepOfPixel(int pixel) {
        return byPixel[pixel];
    }

    /**
     * Encodes intensities: {@code stepOut[u]} = the spike step of unit u or −1. Allocates nothing.
     *
     * @return the number of units that spike
     */
    public int encode(float[] intensities, int[] stepOut) {
        if (stepOut.length < intensities.length) {
            throw new ParameterException("latency: stepOut has " + stepOut.length + " entries: expected at least "
                    + intensities.length);
        }
        int n = 0;
        for (int u = 0; u < intensities.length; u++) {
            int s = firstSpikeStep(intensities[u]);
            stepOut[u] = s;
            if (s >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Encodes image {@code index}: {@code stepOut[p]} = spike step of pixel p or −1. Allocates nothing.
     *
     * @return the number of pixels that spike
     */
    public int encode(LabeledImages images, int index, int[] stepOut) {
        int np = images.pixelsPerImage();
        if (stepOut.length < np) {
            throw new ParameterException("latency: stepOut has " + stepOut.length + " entries: expected at least "
                    + np);
        }
        int n = 0;
        for (int p = 0; p < np; p++) {
            int s = byPixel[images.pixel(index, p)];
            stepOut[p] = s;
            if (s >= 0) {
                n++;
            }
        }
        return n;
    }

    /** The spikes of image {@code index} as events sorted by step, then pixel. */
    public SpikeEvents events(LabeledImages images, int index) {
        int[] steps = new int[images.pixelsPerImage()];
        encode(images, index, steps);
        return SpikeEvents.fromFirstSpikeSteps(steps);
    }

    @Override
    public String toString() {
        return "latency(tauEff=" + tauEff + " steps, threshold=" + threshold + ", steps=" + nSteps + ", rounding="
                + rounding.name().toLowerCase() + ")";
    }
}
