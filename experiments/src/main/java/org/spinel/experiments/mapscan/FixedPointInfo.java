package org.spinel.experiments.mapscan;

import org.spinel.networks.coupling.ChialvoNetworkMap;
import org.spinel.results.analysis.FixedPoints;
import org.spinel.results.analysis.Stability;

/**
 * The network's fixed point continued from the single-node fixed points (each node's x* solving
 * x = x² e^(y*(x) − x) + k0 with y*(x) = (c − b x)/(1 − a), ring-star spec), refined by Newton on the whole network,
 * with the eigenvalues of its Jacobian: the spectral radius and how the leading eigenvalue crosses (or would cross)
 * the unit circle (+1 saddle-node, −1 period doubling, complex pair Neimark–Sacker). Dense linear algebra: meant for
 * networks of up to a few hundred nodes.
 *
 * @param x        the fixed point (x..., y...)
 * @param radius   spectral radius of the Jacobian there
 * @param crossing the leading eigenvalue's kind
 */
public record FixedPointInfo(double[] x, double radius, Stability.Crossing crossing) {

    /** Finds and classifies the fixed point of {@code f}, or returns null when Newton fails. */
    public static FixedPointInfo of(ChialvoNetworkMap f) {
        int n = f.nodes();
        double[] guess = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = f.model().a(i), b = f.model().b(i), c = f.model().c(i), k0 = f.model().k0(i);
            double x = singleNode(a, b, c, k0);
            if (!Double.isFinite(x)) {
                return null;
            }
            guess[i] = x;
            guess[n + i] = (c - b * x) / (1 - a);
        }
        try {
            double[] fp = FixedPoints.newton(f, guess, 1e-12, 100);
            Stability.Result r = Stability.atFixedPoint(f, fp);
            return new FixedPointInfo(fp, r.radius(), r.crossing());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The smallest root of g(x) = x² e^((c − bx)/(1 − a) − x) + k0 − x by Newton from x = k0 (NaN if none found). */
    static double singleNode(double a, double b, double c, double k0) {
        double x = k0;
        for (int it = 0; it < 100; it++) {
            double e = Math.exp((c - b * x) / (1 - a) - x);
            double g = x * x * e + k0 - x;
            double dg = (2 * x - x * x * (b / (1 - a) + 1)) * e - 1;
            double step = g / dg;
            x -= step;
            if (!Double.isFinite(x)) {
                return Double.NaN;
            }
            if (Math.abs(step) < 1e-15 * (1 + Math.abs(x))) {
                return x;
            }
        }
        return x;
    }
}
