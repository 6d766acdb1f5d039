package org.spinel.results.analysis;

import java.util.Arrays;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The 0-1 test for chaos, correlation method with the modified mean-square displacement (Gottwald &amp; Melbourne,
 * SIAM J. Appl. Dyn. Syst. 8:129, 2009): K ≈ 1 for chaotic, K ≈ 0 for regular dynamics. The frequencies c are drawn
 * uniformly from (π/5, 4π/5) with a seeded generator, so K is reproducible.
 *
 * <p>For each c, with z_j = p_c(j) + i q_c(j), the mean-square displacement for lags n = 1..N/10 is
 * M_c(n) = [Σ_{j≥n} |z_j|² + Σ_{j<N−n} |z_j|² − 2 Re Σ_j z_{j+n} conj(z_j)] / (N − n): the squared norms come from
 * prefix sums and the cross term, an autocorrelation, from one forward and one inverse FFT (Commons Math, in place on
 * primitive arrays) of length ≥ N + N/10, so the test costs O(N log N) per c instead of O(N²/10).
 * {@link #kDirect} is the textbook double loop, kept as the reference the tests compare with.
 */
public final class ZeroOneTest {
    private ZeroOneTest() {
    }

    /** K for observable {@code phi} with 100 random frequencies (seed 1). */
    public static double k(double[] phi) {
        return k(phi, 100, 1);
    }

    /** K as the median of K_c over {@code frequencies} random c (FFT method). */
    public static double k(double[] phi, int frequencies, long seed) {
        return new Workspace().k(phi, frequencies, seed);
    }

    /**
     * Reusable buffers for repeated tests on series of similar length (one per thread: scans run thousands of tests).
     */
    public static final class Workspace {
        private double[][] ri = new double[2][0];
        private double[] norm2 = new double[0], kc = new double[0];

        /** As {@link ZeroOneTest#k(double[], int, long)}, reusing this workspace's buffers. */
        public double k(double[] phi, int frequencies, long seed) {
            int n = check(phi, frequencies);
            double mean = mean(phi);
            int nMax = n / 10;
            int len = Integer.highestOneBit(n + nMax) << 1;
            if (ri[0].length != len) {
                ri = new double[2][len];
            }
            if (norm2.length < n + 1) {
                norm2 = new double[n + 1];
            }
            if (kc.length < frequencies) {
                kc = new double[frequencies];
            }
            double[] re = ri[0], im = ri[1];
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            double lagMean = (nMax + 1) / 2.0, lagVar = 0;
            for (int m = 1; m <= nMax; m++) {
                lagVar += (m - lagMean) * (m - lagMean);
            }
            for (int f = 0; f < frequencies; f++) {
                double c = Math.PI / 5 + rng.nextDouble() * 3 * Math.PI / 5;
                double ps = 0, qs = 0, cosc = Math.cos(c), sinc = Math.sin(c), co = 0, si = 0;
                norm2[0] = 0;
                for (int j = 0; j < n; j++) {
                    if ((j & 1023) == 0) { // re-anchor the rotation recurrence against drift
                        co = Math.cos((j + 1) * c);
                        si = Math.sin((j + 1) * c);
                    } else {
                        double t = co * cosc - si * sinc;
                        si = si * cosc + co * sinc;
                        co = t;
                    }
                    ps += phi[j] * co;
                    qs += phi[j] * si;
                    re[j] = ps;
                    im[j] = qs;
                    norm2[j + 1] = norm2[j] + ps * ps + qs * qs;
                }
                Arrays.fill(re, n, len, 0);
                Arrays.fill(im, n, len, 0);
                FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
                for (int j = 0; j < len; j++) {
                    re[j] = re[j] * re[j] + im[j] * im[j];
                    im[j] = 0;
                }
                FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.INVERSE);
                // re[m] = Σ_j Re(z_{j+m} conj z_j); D_c(m) and its correlation with m in one pass.
                double sumD = 0, sumDD = 0, sumMD = 0, osc = mean * mean / (1 - Math.cos(c));
                for (int m = 1; m <= nMax; m++) {
                    double tail = norm2[n] - norm2[m], head = norm2[n - m];
                    double msd = (tail + head - 2 * re[m]) / (n - m);
                    double d = msd - osc * (1 - Math.cos(m * c));
                    sumD += d;
                    sumDD += d * d;
                    sumMD += (m - lagMean) * d;
                }
                double varD = sumDD - sumD * sumD / nMax;
                double r = sumMD / Math.sqrt(lagVar * varD);
                kc[f] = Double.isFinite(r) ? Math.max(-1, Math.min(1, r)) : 0;
            }
            return median(kc, frequencies);
        }
    }

    /** The same K by the direct O(N·N/10) double loop per frequency (reference implementation). */
    public static double kDirect(double[] phi, int frequencies, long seed) {
        int n = check(phi, frequencies);
        double mean = mean(phi);
        int nMax = n / 10;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] kc = new double[frequencies];
        double[] p = new double[n], q = new double[n];
        double[] lags = new double[nMax], d = new double[nMax];
        for (int m = 0; m < nMax; m++) {
            lags[m] = m + 1;
        }
        for (int f = 0; f < frequencies; f++) {
            double c = Math.PI / 5 + rng.nextDouble() * 3 * Math.PI / 5;
            double ps = 0, qs = 0;
            for (int j = 0; j < n; j++) {
                ps += phi[j] * Math.cos((j + 1) * c);
                qs += phi[j] * Math.sin((j + 1) * c);
                p[j] = ps;
                q[j] = qs;
            }
            for (int m = 1; m <= nMax; m++) {
                double s = 0;
                int count = n - m;
                for (int j = 0; j < count; j++) {
                    double dp = p[j + m] - p[j], dq = q[j + m] - q[j];
                    s += dp * dp + dq * dq;
                }
                double msd = s / count;
                d[m - 1] = msd - mean * mean * (1 - Math.cos(m * c)) / (1 - Math.cos(c));
            }
            double r = new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(lags, d);
            kc[f] = Double.isNaN(r) ? 0 : r;
        }
        return median(kc, frequencies);
    }

    private static int check(double[] phi, int frequencies) {
        if (phi.length < 100) {
            throw new IllegalArgumentException("0-1 test needs at least 100 samples, got " + phi.length);
        }
        if (frequencies < 1) {
            throw new IllegalArgumentException("0-1 test frequencies = " + frequencies + ": expected at least 1");
        }
        for (int j = 0; j < phi.length; j++) {
            if (!Double.isFinite(phi[j])) {
                throw new IllegalArgumentException("0-1 test: sample " + j + " = " + phi[j] + ": expected finite values");
            }
        }
        return phi.length;
    }

    private static double mean(double[] phi) {
        double s = 0;
        for (double v : phi) {
            s += v;
        }
        return s / phi.length;
    }

    private static double median(double[] kc, int count) {
        double[] v = Arrays.copyOf(kc, count);
        Arrays.sort(v);
        return count % 2 == 1 ? v[count / 2] : (v[count / 2 - 1] + v[count / 2]) / 2;
    }
}
