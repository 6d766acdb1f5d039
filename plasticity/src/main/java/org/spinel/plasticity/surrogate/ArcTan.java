package org.spinel.plasticity.surrogate;

import org.spinel.neurons.Check;

/**
 * The arctangent surrogate (Fang et al. 2021, "Incorporating learnable membrane time constant to enhance
 * learning of spiking neural networks", ICCV; SpikingJelly {@code ATan}, snnTorch {@code atan}):
 * <pre>
 *   forward g(u) = (1/π) arctan(π α u / 2) + 1/2
 *   σ'(u)        = (α/2) / (1 + (π α u / 2)²)
 * </pre>
 * Peak {@code α/2} at {@code u = 0}; normalised (integral 1); heavy (1/u²) tails. Usual α = 2.
 */
public final class ArcTan implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "arctan";
    private final double alpha;

    /** @param alpha α &gt; 0, in 1/(potential unit) */
    public ArcTan(double alpha) {
        this.alpha = Check.positive("surrogate." + NAME + ".alpha", alpha, "");
    }

    /** The smooth forward g(u) = arctan(παu/2)/π + 1/2, whose derivative is {@link #derivative(double)}. */
    public double forward(double u) {
        return Math.atan(Math.PI * alpha * u / 2) / Math.PI + 0.5;
    }

    /** {@inheritDoc} Here (α/2)·(2/(πα))·π = 1 over the peak α/2: {@code 2 / alpha}. */
    @Override
    public double effectiveWidth() {
        return 2 / alpha;
    }

    @Override
    public double derivative(double u) {
        double z = Math.PI * alpha * u / 2;
        return alpha / 2 / (1 + z * z);
    }

    /** The parameter α. */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String parameterName() {
        return "alpha";
    }

    @Override
    public double parameter() {
        return alpha;
    }

    @Override
    public String parameterDescription() {
        return "α of (α/2)/(1+(παu/2)²): larger is sharper; peak α/2, integral 1 (usual 2)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArcTan f && Double.compare(f.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha) * 31 + 3;
    }

    @Override
    public String toString() {
        return describe();
    }
}
