package org.spinel.plasticity.surrogate;

import org.spinel.neurons.ParameterException;

/**
 * The straight-through estimator (Bengio, Léonard &amp; Courville 2013, arXiv:1308.3432): the backward pass treats
 * the step as the identity,
 * <pre>
 *   σ'(u) = 1                  (clip = ∞, the plain estimator)
 *   σ'(u) = 1[|u| ≤ clip]      (the clipped variant: gradient passes only near threshold)
 * </pre>
 * The clipped variant with clip = 1 is the usual "saturating" STE of binarised networks (Hubara et al. 2016).
 * Not normalised: the plain estimator has infinite integral and the clipped one {@code 2·clip}.
 */
public final class StraightThrough implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "straight-through";
    private final double clip;

    /**
     * @param clip half-width of the window where the gradient passes (&gt; 0), or
     *             {@link Double#POSITIVE_INFINITY} for the plain estimator
     */
    public StraightThrough(double clip) {
        if (!(clip > 0)) {
            throw new ParameterException("surrogate." + NAME + ".clip = " + clip
                    + ": expected a value > 0 (or Infinity for no clipping)");
        }
        this.clip = clip;
    }

    /** The plain estimator, σ' ≡ 1. */
    public static StraightThrough identity() {
        return new StraightThrough(Double.POSITIVE_INFINITY);
    }

    /** {@inheritDoc} Here 2·clip over the peak 1 (Infinity without a clip): {@code 2 * clip}. */
    @Override
    public double effectiveWidth() {
        return 2 * clip;
    }

    @Override
    public double derivative(double u) {
        return Math.abs(u) <= clip ? 1 : 0;
    }

    /** The clip half-width ({@code Infinity} when the gradient always passes). */
    public double clip() {
        return clip;
    }

    /** Whether the gradient is zeroed outside {@code |u| ≤ clip}. */
    public boolean clipped() {
        return clip != Double.POSITIVE_INFINITY;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String parameterName() {
        return "clip";
    }

    @Override
    public double parameter() {
        return clip;
    }

    @Override
    public String parameterDescription() {
        return "half-width of the window |u| ≤ clip where the gradient 1 passes; Infinity (default) never clips";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StraightThrough f && Double.compare(f.clip, clip) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(clip) * 31 + 6;
    }

    @Override
    public String toString() {
        return describe();
    }
}
