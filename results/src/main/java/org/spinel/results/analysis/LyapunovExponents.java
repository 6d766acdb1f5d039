package org.spinel.results.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Lyapunov exponents of a map (per iteration, natural log): the largest by iterating one tangent vector with
 * renormalisation every step, the full spectrum by iterating an orthonormal frame and re-orthonormalising it with
 * a QR decomposition every step (Benettin et al. 1980; Commons Math's Householder QR). A transient is discarded
 * first.
 */
public final class LyapunovExponents {
    private LyapunovExponents() {
    }

    /** Largest exponent from x0 after {@code transient} iterations, averaged over {@code iterations}. */
    public static double largest(DifferentiableMap f, double[] x0, int transientSteps, int iterations) {
        int d = f.dimension();
        double[] x = settle(f, x0, transientSteps);
        double[] next = new double[d];
        Largest largest = new Largest(d);
        for (int n = 0; n < iterations; n++) {
            double norm = largest.step(f, x, next, true);
            if (!(norm > 0) || Double.isInfinite(norm)) {
                throw new ArithmeticException("tangent vector norm " + norm + " at iteration " + n
                        + ": the orbit hit a singular or divergent point");
            }
            double[] t = x;
            x = next;
            next = t;
            check(x, n);
        }
        return largest.exponent();
    }

    /**
     * The largest exponent accumulated along an orbit that the caller iterates, one {@link #step} per iteration: the
     * tangent vector (initially (1, …, 1)/√d) is mapped by J(x), its norm's log added to the sum when the iteration
     * is measured (so that iterations before the measurement align the vector), and renormalised (left as it was
     * when the norm is 0 or not finite, so that the caller decides what a singular or divergent orbit means). Used by
     * {@link #largest} and by callers that measure other things on the same orbit (the map scans).
     */
    public static final class Largest {
        private final double[] v, w;
        private double logSum;
        private long measured;

        /** @param d the dimension of the map */
        public Largest(int d) {
            v = new double[d];
            w = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = 1 / Math.sqrt(d);
            }
        }

        /**
         * One iteration: {@code next = F(x)} (skipped when null) and the tangent vector advanced; its log growth is
         * added when {@code measure}. Returns the growth factor |J(x)·v|.
         */
        public double step(DifferentiableMap f, double[] x, double[] next, boolean measure) {
            f.step(x, v, next, w);
            double norm = 0;
            for (int i = 0; i < w.length; i++) {
                norm += w[i] * w[i];
            }
            norm = Math.sqrt(norm);
            if (measure) {
                logSum += Math.log(norm);
                measured++;
            }
            if (norm > 0 && norm < Double.POSITIVE_INFINITY) {
                for (int i = 0; i < w.length; i++) {
                    v[i] = w[i] / norm;
                }
            }
            return norm;
        }

        /** The mean log growth over the measured iterations (NaN before any). */
        public double exponent() {
            return logSum / measured;
        }
    }

    /** All d exponents, largest first. */
    public static double[] spectrum(DifferentiableMap f, double[] x0, int transientSteps, int iterations) {
        int d = f.dimension();
        double[] x = settle(f, x0, transientSteps);
        double[] next = new double[d];
        double[][] jac = new double[d][d];
        RealMatrix q = new Array2DRowRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            q.setEntry(i, i, 1);
        }
        double[] sums = new double[d];
        for (int n = 0; n < iterations; n++) {
            f.jacobian(x, jac);
            RealMatrix m = new Array2DRowRealMatrix(jac, false).multiply(q);
            QRDecomposition qr = new QRDecomposition(m);
            RealMatrix r = qr.getR();
            for (int i = 0; i < d; i++) {
                double rii = Math.abs(r.getEntry(i, i));
                if (!(rii > 0) || Double.isInfinite(rii)) {
                    throw new ArithmeticException("R[" + i + "][" + i + "] = " + rii + " at iteration " + n);
                }
                sums[i] += Math.log(rii);
            }
            q = qr.getQ();
            f.apply(x, next);
            double[] t = x;
            x = next;
            next = t;
            check(x, n);
        }
        for (int i = 0; i < d; i++) {
            sums[i] /= iterations;
        }
        java.util.Arrays.sort(sums);
        for (int i = 0; i < d / 2; i++) {
            double t = sums[i];
            sums[i] = sums[d - 1 - i];
            sums[d - 1 - i] = t;
        }
        return sums;
    }

    private static double[] settle(DifferentiableMap f, double[] x0, int transientSteps) {
        if (x0.length != f.dimension()) {
            throw new IllegalArgumentException("x0 has " + x0.length + " entries, expected " + f.dimension());
        }
        double[] x = x0.clone(), next = new double[x.length];
        for (int n = 0; n < transientSteps; n++) {
            f.apply(x, next);
            double[] t = x;
            x = next;
            next = t;
            check(x, n);
        }
        return x;
    }

    private static void check(double[] x, int n) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new ArithmeticException("x[" + i + "] = " + x[i] + " at iteration " + n + ": the map diverged");
            }
        }
    }
}
