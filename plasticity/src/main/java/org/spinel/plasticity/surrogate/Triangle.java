package org.spinel.plasticity.surrogate;

import org.spinel.neurons.Check;

/**
 * The triangular (hat) surrogate, piecewise linear with half-width w:
 * <pre>
 *   σ'(u) = max(0, 1 − |u|/w) / w
 * </pre>
 * Peak {@code 1/w} at {@code u = 0}, zero for {@code |u| ≥ w}, normalised (integral 1). This is the
 * pseudo-derivative of Esser et al. 2016 (PNAS 113:11441) and of Bellec et al. 2018 (LSNN, NeurIPS), where it
 * appears as {@code γ max(0, 1 − |u|)} with a dampening factor γ = 0.3 and w = 1 in units of the threshold — that
 * is this function with w = 1 times γ (apply γ in the trainer if wanted). Note that one popular library's
 * "triangular" surrogate is not hat-shaped; this one is. Usual w = 1.
 */
public final class Triangle implements SurrogateFunction {
    /** The JSON name. */
    public static final String NAME = "triangle";
    private final double width;

    /** @param width half-width w &gt; 0 of the support, in potential units */
    public Triangle(double width) {
        this.width = Check.positive("surrogate." + NAME + ".width", width, "");
    }

    /** {@inheritDoc} Here 1 over the peak 1/w: {@code width}. */
    @Override
    public double effectiveWidth() {
        return width;
    }

    @Override
    public double derivative(double u) {
        double h = 1 - Math.abs(u) / width;
        return h > 0 ? h / width : 0;
    }

    /** The half-width w. */
    public double width() {
        return width;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String parameterName() {
        return "width";
    }

    @Override
    public double parameter() {
        return width;
    }

    @Override
    public String parameterDescription() {
        return "half-width w of max(0, 1−|u|/w)/w: zero beyond ±w, peak 1/w, integral 1 (usual 1)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Triangle f && Double.compare(f.width, width) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(width) * 31 + 4;
    }

    @Override
    public String toString() {
        return describe();
    }
}
