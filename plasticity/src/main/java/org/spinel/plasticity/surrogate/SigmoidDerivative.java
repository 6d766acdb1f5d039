package org.spinel.plasticity.surrogate;

import org.spinel.neurons.Check;

/**
 * The derivative of a logistic sigmoid of slope k (used as a surrogate e.g. by Zenke &amp; Vogels 2021, Neural
 * Comput. 33:899, and snnTorch {@code sigmoid}):
 * <pre>
 *   σ(u)  = 1 / (1 + e^(−ku))
 *   σ'(u) = k σ(u) (1 − σ(u)) = k e^(−ku) / (1 + e^(−ku))²
 * </pre>
 * Peak {@code k/4} at {@code u = 0}; normalised (integral 1). Usual slope k = 25. The smooth forward
 * {@link #sigmoid(double)} is exposed so a gradient check can compare the surrogate with finite differences of a
 * function whose true derivative it is.
 */
public final class SigmoidDerivative implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "sigmoid";
    private final double slope;

    /** @param slope k &gt; 0, in 1/(potential unit) */
    public SigmoidDerivative(double slope) {
        this.slope = Check.positive("surrogate." + NAME + ".slope", slope, "");
    }

    /** The smooth forward σ(u) = 1/(1 + e^(−ku)), in (0, 1), computed without overflow for any u. */
    public double sigmoid(double u) {
        double z = slope * u;
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** {@inheritDoc} Here 1 over the peak k/4: {@code 4 / slope}. */
    @Override
    public double effectiveWidth() {
        return 4 / slope;
    }

    @Override
    public double derivative(double u) {
        // With e = e^(−k|u|) in (0, 1]: k e / (1 + e)², symmetric by construction and free of overflow.
        double e = Math.exp(-slope * Math.abs(u));
        double d = 1 + e;
        return slope * e / (d * d);
    }

    /** The slope k. */
    public double slope() {
        return slope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String parameterName() {
        return "slope";
    }

    @Override
    public double parameter() {
        return slope;
    }

    @Override
    public String parameterDescription() {
        return "slope k of the logistic σ(ku); σ' = kσ(1−σ) peaks at k/4, integral 1 (usual 25)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigmoidDerivative f && Double.compare(f.slope, slope) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(slope) * 31 + 2;
    }

    @Override
    public String toString() {
        return describe();
    }
}
