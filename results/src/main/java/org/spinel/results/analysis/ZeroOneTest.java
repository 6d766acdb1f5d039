package org.spinel.results.analysis;

import java.util.Arrays;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The 0-1 test for chaos, correlation method with the modified mean-square displacement (Gottwald &amp; Melbourne,
 * SIAM J. Appl. Dyn. Syst. 8:129, 2009): K ≈ 1 for chaotic, K ≈ 0 for regular dynamics. The frequencies c are drawn
 * uniformly from (π/5, 4π/5) with a seeded generator, so K is reproducible.
 */
public final class ZeroOneTest {
    private ZeroOneTest() {
    }

    /** K for observable {@code phi} with 100 random frequencies (seed 1). */
    public static double k(double[] phi) {
        return k(phi, 100, 1);
    }

    /** K as the median of K_c over {@code frequencies} random c. */
    public static double k(double[] phi, int frequencies, long seed) {
        int n = phi.length;
        if (n < 100) {
            throw new IllegalArgumentException("0-1 test needs at least 100 samples, got " + n);
        }
        double mean = 0;
        for (double v : phi) {
            mean += v;
        }
        mean /= n;
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
            double r = new PearsonsCorrelation().correlation(lags, d);
            kc[f] = Double.isNaN(r) ? 0 : r;
        }
        Arrays.sort(kc);
        return frequencies % 2 == 1 ? kc[frequencies / 2] : (kc[frequencies / 2 - 1] + kc[frequencies / 2]) / 2;
    }
}
