package org.spinel.results.analysis;

/**
 * Synchrony measures of the ring-star spec: the hub-referenced cross-correlation coefficient Γ and the Kuramoto order
 * parameter R with spike-interpolated or geometric phases. Series are indexed [time][node].
 */
public final class Synchrony {
    private Synchrony() {
    }

    /**
     * Γ = mean over nodes i ≠ ref of ⟨x̃_ref x̃_i⟩ / sqrt(⟨x̃_ref²⟩⟨x̃_i²⟩), x̃ = x − ⟨x⟩ (1 for complete synchrony).
     */
    public static double crossCorrelation(double[][] x, int ref) {
        int t = x.length, nodes = x[0].length;
        double[] mean = new double[nodes];
        for (double[] row : x) {
            for (int i = 0; i < nodes; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < nodes; i++) {
            mean[i] /= t;
        }
        double sum = 0;
        for (int i = 0; i < nodes; i++) {
            if (i == ref) {
                continue;
            }
            double c = 0, vr = 0, vi = 0;
            for (double[] row : x) {
                double a = row[ref] - mean[ref], b = row[i] - mean[i];
                c += a * b;
                vr += a * a;
                vi += b * b;
            }
            sum += c / Math.sqrt(vr * vi);
        }
        return sum / (nodes - 1);
    }

    /** R = ⟨|(1/N) Σ_j e^{iθ_j(n)}|⟩_n for phases θ[time][node]. */
    public static double kuramoto(double[][] theta) {
        double sum = 0;
        for (double[] row : theta) {
            double c = 0, s = 0;
            for (double th : row) {
                c += Math.cos(th);
                s += Math.sin(th);
            }
            sum += Math.hypot(c, s) / row.length;
        }
        return sum / theta.length;
    }

    /** Geometric phases θ = atan2(y, x) of each node. */
    public static double[][] geometricPhases(double[][] x, double[][] y) {
        double[][] th = new double[x.length][x[0].length];
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < x[n].length; i++) {
                th[n][i] = Math.atan2(y[n][i], x[n][i]);
            }
        }
        return th;
    }

    /**
     * Spike-interpolated phases on the steps [first, last) where every node has a spike before and after: θ grows
     * by 2π linearly between successive spikes. {@code spikeSteps[i]} are node i's spike steps, ascending.
     *
     * @return phases [last − first][nodes]
     */
    public static double[][] spikePhases(long[][] spikeSteps, long first, long last) {
        int nodes = spikeSteps.length;
        double[][] th = new double[(int) (last - first)][nodes];
        for (int i = 0; i < nodes; i++) {
            long[] s = spikeSteps[i];
            int k = 0;
            for (long n = first; n < last; n++) {
                while (k + 1 < s.length && s[k + 1] <= n) {
                    k++;
                }
                if (s.length < 2 || s[k] > n || k + 1 >= s.length) {
                    throw new IllegalArgumentException("node " + i + " has no spike before and after step " + n
                            + ": choose [first, last) inside every node's spike train");
                }
                th[(int) (n - first)][i] = 2 * Math.PI * (k + (double) (n - s[k]) / (s[k + 1] - s[k]));
            }
        }
        return th;
    }
}
