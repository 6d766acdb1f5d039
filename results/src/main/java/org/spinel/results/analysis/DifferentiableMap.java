package org.spinel.results.analysis;

/** A discrete-time map x(n+1) = F(x(n)) on R^d with its Jacobian, for Lyapunov exponents. */
public interface DifferentiableMap {
    /** The dimension d. */
    int dimension();

    /** Writes F(x) into {@code out} (distinct from x). */
    void apply(double[] x, double[] out);

    /** Writes the Jacobian ∂F_i/∂x_j at x into {@code jac[i][j]}. */
    void jacobian(double[] x, double[][] jac);
}
