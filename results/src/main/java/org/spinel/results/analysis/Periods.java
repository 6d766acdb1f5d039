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

    /**
     * For a trajectory of states ({@code states[t]}, one component per node): the smallest p in [1, maxPeriod] such
     * that every component of each of the last {@code window} states equals the component p states earlier within
     * {@code relTol·(1 + |x|)} (x the later value), or 0 when there is none.
     */
    public static int detect(double[][] states, int maxPeriod, int window, double relTol) {
        int len = states.length;
        if (window + maxPeriod > len) {
            throw new IllegalArgumentException("window " + window + " + maxPeriod " + maxPeriod + " exceeds the "
                    + len + " states");
        }
        for (int p = 1; p <= maxPeriod; p++) {
            boolean ok = true;
            for (int t = len - window; t < len && ok; t++) {
                double[] a = states[t], b = states[t - p];
                for (int i = 0; i < a.length && ok; i++) {
                    ok = Math.abs(a[i] - b[i]) <= relTol * (1 + Math.abs(a[i]));
                }
            }
            if (ok) {
                return p;
            }
        }
        return 0;
    }
}
