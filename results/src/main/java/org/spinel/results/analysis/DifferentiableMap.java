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
}
