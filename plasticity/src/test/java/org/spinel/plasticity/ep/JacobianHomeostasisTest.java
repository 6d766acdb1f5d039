package org.spinel.plasticity.ep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;

/** Jacobian homeostasis: the closed form against a dense Jacobian, the stochastic estimate against the closed form. */
class JacobianHomeostasisTest {
    private static final int[] SIZES = {5, 6, 4, 3};

    /** The dense {@code J = A·diag(d) − I} over the dynamic units, built element by element from the weights. */
    private static double[][] denseJacobian(EquilibriumNetwork net, double[][] slopes) {
        int n = net.dynamicUnits();
        int[] off = new int[net.layers() + 1];
        for (int l = 1; l <= net.layers(); l++) {
            off[l] = off[l - 1] + net.size(l);
        }
        double[][] a = new double[n][n];
        for (int l = 2; l <= net.layers(); l++) {
            int lo = net.size(l - 1), hi = net.size(l);
            for (int q = 0; q < lo; q++) {
                for (int p = 0; p < hi; p++) {
                    a[off[l - 1] + p][off[l - 2] + q] = net.forward(l)[q * hi + p];
                    a[off[l - 2] + q][off[l - 1] + p] = net.feedbackWeight(l, p, q);
                }
            }
        }
        double[] d = new double[n];
        for (int l = 1; l <= net.layers(); l++) {
            for (int i = 0; i < net.size(l); i++) {
                d[off[l - 1] + i] = slopes == null ? 1 : slopes[l - 1][i];
            }
        }
        double[][] j = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                j[r][c] = a[r][c] * d[c] - (r == c ? 1 : 0);
            }
        }
        return j;
    }

    private static double antisymmetricNorm(double[][] j) {
        double s = 0;
        for (int r = 0; r < j.length; r++) {
            for (int c = 0; c < j.length; c++) {
                s += (j[r][c] - j[c][r]) * (j[r][c] - j[c][r]);
            }
        }
        return s / (2 * j.length);
    }

    private static double[][] randomSlopes(long seed) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("slopes");
        double[][] d = new double[SIZES.length - 1][];
        for (int l = 0; l < d.length; l++) {
            d[l] = new double[SIZES[l + 1]];
            for (int i = 0; i < d[l].length; i++) {
                d[l][i] = rng.nextDouble();
            }
        }
        return d;
    }

    @Test
    void exactFormEqualsTheFrobeniusNormOfTheAntisymmetricPart() {
        for (long seed = 1; seed <= 4; seed++) {
            EquilibriumNetwork net = EquilibriumNetwork.create(SIZES, 3, RateActivation.SIGMOID, false, 60, 0.7, seed);
            for (double[][] slopes : new double[][][] {null, randomSlopes(seed)}) {
                double dense = antisymmetricNorm(denseJacobian(net, slopes));
                assertEquals(dense, JacobianPenalty.closedForm(net, slopes), 1e-12 * dense);
                double[][] credit = credits(net);
                double lh = JacobianPenalty.exact(net, slopes, 1.0, l -> credit[2 * (l - 1)], l -> credit[2 * (l - 1) + 1]);
                assertEquals(dense, lh, 1e-12 * dense);
                // its gradient against central finite differences of the dense form, on every forward and feedback weight
                for (int l = 2; l <= net.layers(); l++) {
                    for (boolean fb : new boolean[] {false, true}) {
                        double[] w = fb ? net.feedback(l) : net.forward(l);
                        double[] g = credit[2 * (l - 1) + (fb ? 1 : 0)];
                        for (int k = 0; k < w.length; k++) {
                            double keep = w[k], h = 1e-6;
                            w[k] = keep + h;
                            double up = antisymmetricNorm(denseJacobian(net, slopes));
                            w[k] = keep - h;
                            double down = antisymmetricNorm(denseJacobian(net, slopes));
                            w[k] = keep;
                            assertEquals((up - down) / (2 * h), g[k], 1e-6, "layer " + l + (fb ? " feedback " : " forward ") + k);
                        }
                    }
                }
            }
        }
    }

    private static double[][] credits(EquilibriumNetwork net) {
        double[][] c = new double[2 * net.layers()][];
        for (int l = 1; l <= net.layers(); l++) {
            c[2 * (l - 1)] = new double[net.forward(l).length];
            c[2 * (l - 1) + 1] = net.feedback(l) == null ? null : new double[net.feedback(l).length];
        }
        return c;
    }

    @Test
    void stochasticEstimateConvergesToTheClosedForm() {
        int draws = 10_000;
        for (long seed = 1; seed <= 3; seed++) {
            EquilibriumNetwork net = EquilibriumNetwork.create(SIZES, 3, RateActivation.SIGMOID, false, 60, 0.7, seed);
            for (double[][] slopes : new double[][][] {null, randomSlopes(seed)}) {
                double exact = JacobianPenalty.closedForm(net, slopes);
                ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(
                        new RandomStreams(seed).stream("eps"));
                int layers = net.layers();
                double[][] eps = new double[layers][], v = new double[layers][], w = new double[layers][];
                for (int l = 0; l < layers; l++) {
                    eps[l] = new double[SIZES[l + 1]];
                    v[l] = new double[SIZES[l + 1]];
                    w[l] = new double[SIZES[l + 1]];
                }
                double sum = 0, sum2 = 0;
                for (int k = 0; k < draws; k++) {
                    for (double[] e : eps) {
                        for (int i = 0; i < e.length; i++) {
                            e[i] = g.sample();
                        }
                    }
                    JacobianPenalty.probe(net, slopes, eps, v, w);
                    double val = 0;
                    for (int l = 0; l < layers; l++) {
                        for (int i = 0; i < v[l].length; i++) {
                            val += v[l][i] * v[l][i] - w[l][i] * v[l][i];
                        }
                    }
                    val /= net.dynamicUnits();
                    sum += val;
                    sum2 += val * val;
                }
                double mean = sum / draws, se = Math.sqrt((sum2 / draws - mean * mean) / (draws - 1));
                assertTrue(Math.abs(mean - exact) <= 3 * se, "seed " + seed + ": " + mean + " vs " + exact + " (SE " + se + ")");
                // and the stochastic gradient averages to the exact one
                double[][] ce = credits(net), cs = credits(net);
                JacobianPenalty.exact(net, slopes, 1.0, l -> ce[2 * (l - 1)], l -> ce[2 * (l - 1) + 1]);
                JacobianPenalty.stochastic(net, slopes, draws, g, 1.0, l -> cs[2 * (l - 1)], l -> cs[2 * (l - 1) + 1]);
                double dot = 0, a2 = 0, b2 = 0;
                for (int b = 0; b < ce.length; b++) {
                    if (ce[b] == null || b < 2) {
                        continue;
                    }
                    for (int k = 0; k < ce[b].length; k++) {
                        dot += ce[b][k] * cs[b][k];
                        a2 += ce[b][k] * ce[b][k];
                        b2 += cs[b][k] * cs[b][k];
                    }
                }
                assertTrue(dot / Math.sqrt(a2 * b2) > 0.99, "gradient cosine " + dot / Math.sqrt(a2 * b2));
            }
        }
    }

    @Test
    void symmetryMetricIsOneForTiedAndLowerWhenUntied() {
        EquilibriumNetwork tied = EquilibriumNetwork.create(SIZES, 3, RateActivation.SIGMOID, true, 0, 0.7, 1);
        assertEquals(1.0, tied.symmetry(null), 1e-12);
        assertEquals(0.0, tied.feedbackAngle(), 0);
        EquilibriumNetwork untied = EquilibriumNetwork.create(SIZES, 3, RateActivation.SIGMOID, false, 90, 0.7, 1);
        double[][] j = denseJacobian(untied, null);
        double s = 0, a = 0;
        for (int r = 0; r < j.length; r++) {
            for (int c = 0; c < j.length; c++) {
                s += Math.pow((j[r][c] + j[c][r]) / 2, 2);
                a += Math.pow((j[r][c] - j[c][r]) / 2, 2);
            }
        }
        assertEquals(Math.sqrt(s) / (Math.sqrt(s) + Math.sqrt(a)), untied.symmetry(null), 1e-12);
        assertTrue(untied.feedbackAngle() > 60, "angle " + untied.feedbackAngle());
        EquilibriumNetwork start = EquilibriumNetwork.create(SIZES, 3, RateActivation.SIGMOID, false, 0, 0.7, 1);
        assertEquals(1.0, start.symmetry(null), 1e-12);
        assertEquals(0.0, start.feedbackAngle(), 1e-5);
    }
}
