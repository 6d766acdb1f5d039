package org.spinel.experiments.mapscan;

/**
 * Groups the orbits of one parameter point (one per initial condition) into attractors. Two orbits share an attractor
 * when they have the same regime (and period) and each one's last states lie on the other: the median, over the
 * states of one tail, of the distance (max norm) to the nearest state of the other tail is at most 5 % of the
 * attractor's extent (its largest coordinate range), both ways, and, when measured, their largest Lyapunov exponents
 * agree within 30 % (+ 0.005). This recurrence criterion works for chaotic sets, whose finite-time means fluctuate too
 * much to compare. Diverged orbits share one label. Labels are numbered in
 * order of first appearance, so they are deterministic.
 */
public final class AttractorLabels {
    /** Relative distance under which a state counts as on the other attractor. */
    static final double EPS = 0.05;

    private AttractorLabels() {
    }

    /** A label per orbit, 0-based. */
    public static int[] of(OrbitMeasures[] orbits) {
        int[] labels = new int[orbits.length];
        int[] reps = new int[orbits.length];
        int count = 0;
        for (int k = 0; k < orbits.length; k++) {
            int found = -1;
            for (int c = 0; c < count && found < 0; c++) {
                if (same(orbits[reps[c]], orbits[k])) {
                    found = c;
                }
            }
            if (found < 0) {
                reps[count] = k;
                found = count++;
            }
            labels[k] = found;
        }
        return labels;
    }

    static boolean same(OrbitMeasures a, OrbitMeasures b) {
        if (a.regime() != b.regime() || a.period() != b.period()) {
            return false;
        }
        if (a.regime() == Regime.DIVERGED || a.tail().length == 0 || b.tail().length == 0) {
            return a.regime() == Regime.DIVERGED || a.tail().length == 0 && b.tail().length == 0;
        }
        double la = a.lyapunov(), lb = b.lyapunov();
        if (!Double.isNaN(la) && !Double.isNaN(lb) && Math.abs(la - lb) > 0.3 * Math.max(Math.abs(la), Math.abs(lb)) + 0.005) {
            return false;
        }
        double extent = Math.max(extent(a.tail()), extent(b.tail()));
        double tol = EPS * extent + 1e-9;
        return medianNearest(a.tail(), b.tail()) <= tol && medianNearest(b.tail(), a.tail()) <= tol;
    }

    private static double extent(double[][] pts) {
        double e = 0;
        for (int d = 0; d < pts[0].length; d++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] p : pts) {
                lo = Math.min(lo, p[d]);
                hi = Math.max(hi, p[d]);
            }
            e = Math.max(e, hi - lo);
        }
        return e;
    }

    /** Median over the points of {@code from} of the max-norm distance to the nearest point of {@code to}. */
    private static double medianNearest(double[][] from, double[][] to) {
        double[] d = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] q : to) {
                double m = 0;
                for (int k = 0; k < q.length && m < best; k++) {
                    m = Math.max(m, Math.abs(from[i][k] - q[k]));
                }
                best = Math.min(best, m);
            }
            d[i] = best;
        }
        java.util.Arrays.sort(d);
        return d[d.length / 2];
    }
}
