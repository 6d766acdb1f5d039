package org.spinel.results.analysis;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Sample entropy SampEn(m, r) = −ln(A/B) (Richman &amp; Moorman 2000): B and A count pairs of templates of length m and
 * m + 1 within Chebyshev distance r, self-matches excluded, over the same N − m template starts. O(N²) time.
 */
public final class SampleEntropy {
    private SampleEntropy() {
    }

    /** SampEn with m = 2 and r = 0.2 × standard deviation. */
    public static double of(double[] x) {
        double sd = new StandardDeviation().evaluate(x);
        return of(x, 2, 0.2 * sd);
    }

    /** SampEn(m, r); 0 when the signal is constant (every template matches), +∞ when no m+1 templates match. */
    public static double of(double[] x, int m, double r) {
        int n = x.length;
        if (n <= m + 1) {
            throw new IllegalArgumentException("sample entropy needs more than m + 1 = " + (m + 1) + " samples, got " + n);
        }
        long b = 0, a = 0;
        int starts = n - m;
        for (int i = 0; i < starts; i++) {
            for (int j = i + 1; j < starts; j++) {
                boolean match = true;
                for (int k = 0; k < m && match; k++) {
                    match = Math.abs(x[i + k] - x[j + k]) <= r;
                }
                if (match) {
                    b++;
                    if (i + m < n && j + m < n && Math.abs(x[i + m] - x[j + m]) <= r) {
                        a++;
                    }
                }
            }
        }
        if (b == 0) {
            throw new IllegalArgumentException("no template of length " + m + " matches within r = " + r
                    + ": SampEn is undefined (raise r)");
        }
        return a == 0 ? Double.POSITIVE_INFINITY : -Math.log((double) a / b);
    }
}
