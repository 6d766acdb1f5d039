package org.spinel.results.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Linear stability of a fixed point of a map from the eigenvalues of its Jacobian (Commons Math, non-symmetric
 * eigen decomposition): stable when every |λ| &lt; 1. The eigenvalue of largest modulus tells how stability is lost
 * when it crosses the unit circle: through +1 a saddle-node (fold), through −1 a period doubling (flip), as a
 * complex pair a Neimark–Sacker bifurcation (a closed invariant curve appears).
 */
public final class Stability {
    /** How the leading eigenvalue sits relative to the unit circle. */
    public enum Crossing {
        /** Leading eigenvalue real and positive. */
        SADDLE_NODE,
        /** Leading eigenvalue real and negative. */
        PERIOD_DOUBLING,
        /** Leading eigenvalues a complex pair. */
        NEIMARK_SACKER
    }

    /**
     * The result.
     *
     * @param re       real parts of the eigenvalues
     * @param im       imaginary parts
     * @param radius   spectral radius max |λ|
     * @param stable   radius &lt; 1
     * @param crossing how the leading eigenvalue would cross (or has crossed) the unit circle
     */
    public record Result(double[] re, double[] im, double radius, boolean stable, Crossing crossing) {
    }

    private Stability() {
    }

    /** Eigenvalues and classification of the Jacobian {@code jac}. */
    public static Result of(double[][] jac) {
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(jac, true));
        double[] re = e.getRealEigenvalues(), im = e.getImagEigenvalues();
        int lead = 0;
        for (int k = 1; k < re.length; k++) {
            if (Math.hypot(re[k], im[k]) > Math.hypot(re[lead], im[lead])) {
                lead = k;
            }
        }
        double radius = Math.hypot(re[lead], im[lead]);
        Crossing c = Math.abs(im[lead]) > 1e-12 * Math.max(1, radius) ? Crossing.NEIMARK_SACKER
                : re[lead] > 0 ? Crossing.SADDLE_NODE : Crossing.PERIOD_DOUBLING;
        return new Result(re, im, radius, radius < 1, c);
    }

    /** Stability of the fixed point {@code x} of {@code f}. */
    public static Result atFixedPoint(DifferentiableMap f, double[] x) {
        double[][] jac = new double[f.dimension()][f.dimension()];
        f.jacobian(x, jac);
        return of(jac);
    }
}
