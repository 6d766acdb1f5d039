package org.spinel.results.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/** Fixed points x* = F(x*) of a map, by Newton's method on G(x) = F(x) − x (Commons Math LU solves). */
public final class FixedPoints {
    private FixedPoints() {
    }

    /**
     * Newton iterations from {@code guess} until the step and the residual |F(x) − x| are below {@code tol} (max norm).
     *
     * @throws ArithmeticException if it does not converge in {@code maxIterations} or meets a singular Jacobian
     */
    public static double[] newton(DifferentiableMap f, double[] guess, double tol, int maxIterations) {
        int d = f.dimension();
        double[] x = guess.clone(), fx = new double[d];
        double[][] jac = new double[d][d];
        for (int it = 0; it < maxIterations; it++) {
            f.apply(x, fx);
            f.jacobian(x, jac);
            double[] g = new double[d];
            double residual = 0;
            for (int i = 0; i < d; i++) {
                g[i] = fx[i] - x[i];
                residual = Math.max(residual, Math.abs(g[i]));
                jac[i][i] -= 1;
            }
            RealVector step;
            try {
                step = new LUDecomposition(new Array2DRowRealMatrix(jac, false)).getSolver()
                        .solve(new ArrayRealVector(g, false));
            } catch (SingularMatrixException e) {
                throw new ArithmeticException("singular Jacobian of F(x) - x at Newton iteration " + it);
            }
            double size = 0;
            for (int i = 0; i < d; i++) {
                x[i] -= step.getEntry(i);
                size = Math.max(size, Math.abs(step.getEntry(i)));
                if (!Double.isFinite(x[i])) {
                    throw new ArithmeticException("Newton diverged at iteration " + it);
                }
            }
            if (size < tol && residual < tol * 10) {
                return x;
            }
        }
        throw new ArithmeticException("Newton did not converge in " + maxIterations + " iterations");
    }
}
