package org.spinel.results.analysis;

/** Period detection on the tail of a trajectory. */
public final class Periods {
    private Periods() {
    }

    /**
     * The smallest p in [1, maxPeriod] such that |x(n + p) − x(n)| &le; tol for every n in the last {@code window}
     * samples, or 0 when there is none (aperiodic at this tolerance: quasi-periodic or chaotic).
     */
    public static int detect(double[] x, int maxPeriod, int window, double tol) {
        if (window + maxPeriod > x.length) {
            throw new IllegalArgumentException("window " + window + " + maxPeriod " + maxPeriod + " exceeds the "
                    + x.length + " samples");
        }
        int start = x.length - window - maxPeriod;
        for (int p = 1; p <= maxPeriod; p++) {
            boolean ok = true;
            for (int n = start; n + p < x.length && ok; n++) {
                ok = Math.abs(x[n + p] - x[n]) <= tol;
            }
            if (ok) {
                return p;
            }
        }
        return 0;
    }
}
