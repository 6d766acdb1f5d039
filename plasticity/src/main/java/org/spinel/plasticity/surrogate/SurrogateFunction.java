package org.spinel.plasticity.surrogate;

/**
 * A surrogate derivative for the spike nonlinearity. The forward pass keeps the step {@code S = Θ(u)} with
 * {@code u = U − ϑ} the distance of the membrane potential to threshold; the backward pass replaces the
 * derivative {@code Θ'(u)} (zero almost everywhere) by {@link #derivative(double) σ'(u)} (Neftci, Mostafa &amp;
 * Zenke 2019, IEEE Signal Process. Mag. 36:51; spec: docs learning-rules §1).
 *
 * <p>Every implementation is an even function of {@code u} with its maximum at {@code u = 0}, has one shape
 * parameter ({@link #parameterName()}, {@link #parameter()}), is immutable and thread-safe. Instances come from
 * the constructors of the implementing classes or, by their JSON names, from {@link Surrogates#byName}.
 */
public interface SurrogateFunction {
    /**
     * The surrogate derivative σ'(u).
     *
     * @param u distance to threshold, {@code U − ϑ}, in the units of the membrane potential
     */
    double derivative(double u);

    /**
     * The effective width {@code ∫σ'(u) du / σ'(0)} in units of u: the band around threshold through which the
     * surrogate passes gradient. Different shapes have differently named parameters; their effective widths put
     * them on one axis (the comparison of Zenke &amp; Vogels 2021, Neural Comput. 33:899, varies this "steepness").
     */
    double effectiveWidth();

    /** The JSON name, e.g. {@code "fast-sigmoid"} (see {@link Surrogates#names()}). */
    String name();

    /** The name of the shape parameter as it appears in JSON, e.g. {@code "slope"}. */
    String parameterName();

    /** The value of the shape parameter. */
    double parameter();

    /** One line on what the shape parameter means and its usual values. */
    String parameterDescription();

    /**
     * σ'(u[i]) into {@code out[i]} for {@code i} in {@code [from, to)}: the form a backward pass over a
     * population's state arrays calls. {@code u} and {@code out} may be the same array.
     */
    default void derivative(float[] u, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) derivative(u[i]);
        }
    }

    /** For logs and manifests, e.g. {@code "fast-sigmoid(slope=100.0)"}. */
    default String describe() {
        return name() + "(" + parameterName() + "=" + parameter() + ")";
    }
}
