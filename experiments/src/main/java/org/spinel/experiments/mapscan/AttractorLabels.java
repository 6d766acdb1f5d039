package org.spinel.experiments.mapscan;

/**
 * Groups the orbits of one parameter point (one per initial condition) into attractors: two orbits share an attractor
 * when they have the same regime and period and, for every node, their means and standard deviations of x agree
 * within 0.05·(1 + |value|) (finite-time statistics of one chaotic attractor differ far less; coexisting attractors
 * of the ring-star differ in which nodes burst, and so in these statistics). Diverged orbits share one label.
 * Labels are numbered in order of first appearance, so they are deterministic.
 */
public final class AttractorLabels {
    private static final double TOL = 0.05;

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
        if (a.regime() == Regime.DIVERGED) {
            return true;
        }
        for (int i = 0; i < a.meanX().length; i++) {
            if (!close(a.meanX()[i], b.meanX()[i]) || !close(a.stdX()[i], b.stdX()[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double u, double v) {
        return Math.abs(u - v) <= TOL * (1 + Math.max(Math.abs(u), Math.abs(v)));
    }
}
