package org.spinel.plasticity.projection;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal angles between two subspaces of {@code R^n}, each given by spanning vectors (the rows of a row-major
 * array), after Björck &amp; Golub, "Numerical methods for computing angles between linear subspaces" (Math. Comp.
 * 27, 1973): both bases are orthonormalised by QR ({@code Q1}: n × p, {@code Q2}: n × q, q ≤ p after swapping),
 * the singular values of {@code Q1ᵀQ2} are the cosines of the {@code q} principal angles, and the singular values of
 * {@code (I − Q1Q1ᵀ)Q2} their sines. Angles below 45° are taken from the sines, the others from the cosines, so that
 * small angles keep full precision (acos of a cosine near 1 would not). QR and SVD are Commons Math's.
 *
 * <p>Used to compare HLOP's learnt subspace (the span of its frozen rows {@code H}) with the exact principal subspace
 * of the same activity ({@link OracleSubspaceProjector}): 0° means the same span, 90° a direction of one subspace
 * orthogonal to all of the other.
 */
public final class PrincipalAngles {
    /** Relative size of a QR diagonal entry below which the spanning vectors count as linearly dependent. */
    static final double DEPENDENT = 1e-10;

    private PrincipalAngles() {
    }

    /**
     * The {@code min(p, q)} principal angles in radians, ascending, between the span of the {@code p} rows of
     * {@code a} and the span of the {@code q} rows of {@code b} (both row-major, rows of length {@code n}).
     *
     * @throws IllegalArgumentException if an array is shorter than its rows, a value is not finite, or the rows of
     *                                  one basis are linearly dependent (they span fewer dimensions than rows)
     */
    public static double[] radians(double[] a, int p, double[] b, int q, int n) {
        if (n < 1 || p < 0 || q < 0 || p > n || q > n) {
            throw new IllegalArgumentException("principal angles of " + p + " and " + q + " vectors in R^" + n
                    + ": expected at most n vectors each, n >= 1");
        }
        if (a.length < p * n || b.length < q * n) {
            throw new IllegalArgumentException("principal angles: " + a.length + " and " + b.length
                    + " values for " + p + " and " + q + " rows of " + n);
        }
        if (p == 0 || q == 0) {
            return new double[0];
        }
        if (q > p) { // the angles are symmetric; keep the smaller basis second
            return radians(b, q, a, p, n);
        }
        RealMatrix q1 = orthonormal(a, p, n, "first"), q2 = orthonormal(b, q, n, "second");
        RealMatrix c = q1.transpose().multiply(q2); // p × q
        double[] cos = new SingularValueDecomposition(c).getSingularValues(); // descending, q of them
        RealMatrix s = q2.subtract(q1.multiply(c)); // (I − Q1Q1ᵀ) Q2, n × q
        // its singular values through the q × q triangle of its QR (cheaper than the SVD of n × q, the same values)
        RealMatrix r = new QRDecomposition(s).getR().getSubMatrix(0, q - 1, 0, q - 1);
        double[] sin = new SingularValueDecomposition(r).getSingularValues(); // descending
        double[] theta = new double[q];
        for (int i = 0; i < q; i++) {
            double ci = Math.min(1, cos[i]), si = Math.min(1, sin[q - 1 - i]);
            theta[i] = ci * ci >= 0.5 ? StrictMath.asin(si) : StrictMath.acos(ci);
        }
        java.util.Arrays.sort(theta);
        return theta;
    }

    /** {@link #radians} in degrees. */
    public static double[] degrees(double[] a, int p, double[] b, int q, int n) {
        double[] t = radians(a, p, b, q, n);
        for (int i = 0; i < t.length; i++) {
            t[i] = StrictMath.toDegrees(t[i]); // StrictMath: the same digits on every JVM (golden outputs)
        }
        return t;
    }

    /** The largest of {@code angles} (0 for none). */
    public static double largest(double[] angles) {
        double m = 0;
        for (double x : angles) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** The mean of {@code angles} (NaN for none). */
    public static double mean(double[] angles) {
        double s = 0;
        for (double x : angles) {
            s += x;
        }
        return angles.length == 0 ? Double.NaN : s / angles.length;
    }

    /** An orthonormal basis (n × k, columns) of the span of the k rows, by QR of their transpose. */
    static RealMatrix orthonormal(double[] rows, int k, int n, String which) {
        RealMatrix m = new Array2DRowRealMatrix(n, k);
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < n; j++) {
                double v = rows[r * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("principal angles: the " + which + " basis has the value " + v
                            + " at row " + r + ", column " + j + ": expected finite values");
                }
                m.setEntry(j, r, v);
            }
        }
        QRDecomposition qr = new QRDecomposition(m);
        RealMatrix rr = qr.getR();
        double big = 0;
        for (int i = 0; i < k; i++) {
            big = Math.max(big, Math.abs(rr.getEntry(i, i)));
        }
        for (int i = 0; i < k; i++) {
            if (!(Math.abs(rr.getEntry(i, i)) > DEPENDENT * big)) {
                throw new IllegalArgumentException("principal angles: the " + which + " basis' " + k + " rows are "
                        + "linearly dependent (row " + i + " lies in the span of the rows before it): expected "
                        + "independent spanning vectors");
            }
        }
        return qr.getQ().getSubMatrix(0, n - 1, 0, k - 1);
    }
}
