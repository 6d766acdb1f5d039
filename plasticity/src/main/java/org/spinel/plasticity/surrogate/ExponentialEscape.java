package org.spinel.plasticity.surrogate;

import org.spinel.neurons.Check;

/**
 * The exponential (escape-rate) surrogate:
 * <pre>
 *   σ'(u) = k e^(−β|u|)
 * </pre>
 * This is the spike escape-rate density {@code ρ = α e^(−β|u − ϑ|)} that SLAYER uses as its surrogate (Shrestha
 * &amp; Orchard 2018, NeurIPS, "SLAYER: spike layer error reassignment in time"); Gygax &amp; Zenke 2025 (Neural
 * Comput. 37:886) show that in stochastic networks the surrogate derivative is the derivative of the neuron's
 * escape-noise function, which motivates the name. Peak k at {@code u = 0}; integral {@code 2k/β}; normalised
 * (a Laplace density) when {@code k = β/2}, see {@link #normalised(double)}.
 *
 * <p>Defaults from the spec (learning-rules §1): β = 1, k = 25 ({@link #DEFAULT_AMPLITUDE}). The shape
 * parameter reported by {@link #parameter()} is the slope β; the amplitude k is the second, optional parameter.
 */
public final class ExponentialEscape implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "exponential";
    /** The spec's default amplitude k. */
    public static final double DEFAULT_AMPLITUDE = 25;
    private final double slope, amplitude;

    /**
     * @param slope     β &gt; 0, the decay rate in 1/(potential unit)
     * @param amplitude k &gt; 0, the peak value
     */
    public ExponentialEscape(double slope, double amplitude) {
        this.slope = Check.positive("surrogate." + NAME + ".slope", slope, "");
        this.amplitude = Check.positive("surrogate." + NAME + ".amplitude", amplitude, "");
    }

    /** β with the spec's default amplitude k = 25. */
    public ExponentialEscape(double slope) {
        this(slope, DEFAULT_AMPLITUDE);
    }

    /** The normalised form (β/2) e^(−β|u|), a Laplace density of integral 1. */
    public static ExponentialEscape normalised(double slope) {
        Check.positive("surrogate." + NAME + ".slope", slope, "");
        return new ExponentialEscape(slope, slope / 2);
    }

    /** {@inheritDoc} Here 2k/β over the peak k: {@code 2 / slope}. */
    @Override
    public double effectiveWidth() {
        return 2 / slope;
    }

    @Override
    public double derivative(double u) {
        return amplitude * Math.exp(-slope * Math.abs(u));
    }

    /** The decay rate β. */
    public double slope() {
        return slope;
    }

    /** The amplitude k (peak value). */
    public double amplitude() {
        return amplitude;
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
        return "decay rate β of k·e^(−β|u|) (usual 1); second parameter \"amplitude\" k (usual 25); integral 2k/β";
    }

    @Override
    public String describe() {
        return NAME + "(slope=" + slope + ", amplitude=" + amplitude + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExponentialEscape f && Double.compare(f.slope, slope) == 0
                && Double.compare(f.amplitude, amplitude) == 0;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(slope) * 31 + Double.hashCode(amplitude)) * 31 + 5;
    }

    @Override
    public String toString() {
        return describe();
    }
}
