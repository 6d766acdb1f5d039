package org.spinel.plasticity.surrogate;

import org.spinel.neurons.Check;

/**
 * The fast-sigmoid surrogate of SuperSpike (Zenke &amp; Ganguli 2018, Neural Comput. 30:1514):
 * <pre>
 *   σ'(u) = 1 / (β|u| + 1)²
 * </pre>
 * the derivative of the fast sigmoid {@code u / (1 + β|u|)} (up to the factor β). Its peak is 1 at {@code u = 0}
 * for any β and its integral is {@code 2/β}, so it is not normalised: a larger slope both sharpens it and scales
 * the total gradient down. Usual slopes: β = 100 (SpyTorch tutorials, potentials in units of the threshold),
 * 25 (snnTorch {@code fast_sigmoid}).
 */
public final class FastSigmoid implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "fast-sigmoid";
    private final double slope;

    /** @param slope β &gt; 0, in 1/(potential unit) */
    public FastSigmoid(double slope) {
        this.slope = Check.positive("surrogate." + NAME + ".slope", slope, "");
    }

    /** {@inheritDoc} Here 2/k over the peak 1: {@code 2 / slope}. */
    @Override
    public double effectiveWidth() {
        return 2 / slope;
    }

    @Override
    public double derivative(double u) {
        double d = slope * Math.abs(u) + 1;
        return 1 / (d * d);
    }

    /** The slope β. */
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
        return "slope β of 1/(β|u|+1)²: larger is sharper; peak 1, integral 2/β (SpyTorch 100, snnTorch 25)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastSigmoid f && Double.compare(f.slope, slope) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(slope) * 31 + 1;
    }

    @Override
    public String toString() {
        return describe();
    }
}
