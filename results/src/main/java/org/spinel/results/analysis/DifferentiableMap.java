package org.spinel.results.analysis;

/** A discrete-time map x(n+1) = F(x(n)) on R^d with its Jacobian, for Lyapunov exponents. */
public interface DifferentiableMap {
    /** The dimension d. */
    int dimension();

    /** Writes F(x) into {@code out} (distinct from x). */
    void apply(double[] x, double[] out);

    /** Writes the Jacobian ∂F_i/∂x_j at x into {@code jac[i][j]}. */
    void jacobian(double[] x, double[][] jac);

    /**
     * Writes the tangent map J(x)·v into {@code out} (distinct from v). The default forms the dense Jacobian (O(d²)
     * memory and time, allocated per call); maps with sparse Jacobians override it.
     */
    default void tangent(double[] x, double[] v, double[] out) {
        int d = dimension();
        double[][] jac = new double[d][d];
        jacobian(x, jac);
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += jac[i][j] * v[j];
            }
            out[i] = s;
        }
    }

    /**
     * One iteration with its tangent: {@code next = F(x)} (skipped when {@code next} is null) and
     * {@code vOut = J(x)·v}. Arrays must be distinct. The default calls {@link #tangent} then {@link #apply}; maps that
     * share work between the two (the exponentials of a Chialvo network) override it.
     */
    default void step(double[] x, double[] v, double[] next, double[] vOut) {
        tangent(x, v, vOut);
        if (next != null) {
            apply(x, next);
        }
    }
}
