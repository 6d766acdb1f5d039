package org.spinel.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The analysis suite against known values (spec "Sanity values", Hénon, the Chialvo map's reference regimes). */
class AnalysisKnownValuesTest {
    static final DifferentiableMap LOGISTIC4 = new DifferentiableMap() {
        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public void apply(double[] x, double[] out) {
            out[0] = 4 * x[0] * (1 - x[0]);
        }

        @Override
        public void jacobian(double[] x, double[][] j) {
            j[0][0] = 4 - 8 * x[0];
        }
    };

    static final DifferentiableMap HENON = new DifferentiableMap() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void apply(double[] x, double[] out) {
            out[0] = 1 - 1.4 * x[0] * x[0] + x[1];
            out[1] = 0.3 * x[0];
        }

        @Override
        public void jacobian(double[] x, double[][] j) {
            j[0][0] = -2.8 * x[0];
            j[0][1] = 1;
            j[1][0] = 0.3;
            j[1][1] = 0;
        }
    };

    /** A single Chialvo map x' = x² e^(y−x) + k0, y' = a y − b x + c. */
    static DifferentiableMap chialvo(double a, double b, double c, double k0) {
        return new DifferentiableMap() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void apply(double[] s, double[] out) {
                out[0] = s[0] * s[0] * Math.exp(s[1] - s[0]) + k0;
                out[1] = a * s[1] - b * s[0] + c;
            }

            @Override
            public void jacobian(double[] s, double[][] j) {
                double e = Math.exp(s[1] - s[0]);
                j[0][0] = (2 * s[0] - s[0] * s[0]) * e;
                j[0][1] = s[0] * s[0] * e;
                j[1][0] = -b;
                j[1][1] = a;
            }
        };
    }

    static double[] orbit(DifferentiableMap f, double[] x0, int skip, int n) {
        double[] x = x0.clone(), next = new double[x.length], out = new double[n];
        for (int k = 0; k < skip + n; k++) {
            f.apply(x, next);
            double[] t = x;
            x = next;
            next = t;
            if (k >= skip) {
                out[k - skip] = x[0];
            }
        }
        return out;
    }

    @Test
    void logisticMapAtFourHasLn2AndKNearOne() {
        assertEquals(Math.log(2), LyapunovExponents.largest(LOGISTIC4, new double[] {0.3}, 100, 100_000), 0.01);
        assertTrue(ZeroOneTest.k(orbit(LOGISTIC4, new double[] {0.3}, 100, 5000)) > 0.95);
    }

    @Test
    void fftZeroOneTestEqualsTheDirectDoubleLoop() {
        double[] quasi = new double[3000], noise = new double[3000], p3 = new double[3000];
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < quasi.length; n++) {
            quasi[n] = Math.sin(n * Math.sqrt(2)) + 0.5 * Math.cos(n * Math.sqrt(3));
            noise[n] = r.nextDouble();
            p3[n] = new double[] {0.1, 0.7, 0.4}[n % 3];
        }
        double[][] series = {orbit(LOGISTIC4, new double[] {0.3}, 100, 3000), quasi, noise, p3};
        ZeroOneTest.Workspace w = new ZeroOneTest.Workspace();
        for (double[] x : series) {
            double direct = ZeroOneTest.kDirect(x, 25, 7);
            assertEquals(direct, ZeroOneTest.k(x, 25, 7), 1e-7);
            assertEquals(direct, w.k(x, 25, 7), 1e-7, "a reused workspace gives the same K");
        }
        assertTrue(ZeroOneTest.k(quasi) < 0.1, "quasi-periodic is regular");
        assertTrue(ZeroOneTest.k(noise) > 0.9, "noise is not regular");
    }

    @Test
    void henonSpectrumHasTheKnownLargestExponentAndSumsToLn03() {
        double[] l = LyapunovExponents.spectrum(HENON, new double[] {0.1, 0.1}, 1000, 100_000);
        assertEquals(0.419, l[0], 0.01);
        assertEquals(Math.log(0.3), l[0] + l[1], 1e-6, "the Jacobian determinant is -0.3 everywhere");
        assertEquals(l[0], LyapunovExponents.largest(HENON, new double[] {0.1, 0.1}, 1000, 100_000), 0.01);
    }

    @Test
    void periodTwoIsRegularAndPredictable() {
        double[] p2 = new double[4000];
        for (int n = 0; n < p2.length; n++) {
            p2[n] = n % 2 == 0 ? 0.2 : 0.8;
        }
        assertTrue(ZeroOneTest.k(p2) < 0.1, "K = " + ZeroOneTest.k(p2));
        assertTrue(SampleEntropy.of(p2) < 0.01);
        assertEquals(2, Periods.detect(p2, 16, 200, 1e-12));
        assertEquals(0, Periods.detect(orbit(LOGISTIC4, new double[] {0.3}, 100, 2000), 16, 200, 1e-6));
        assertTrue(SampleEntropy.of(orbit(LOGISTIC4, new double[] {0.3}, 100, 2000)) > 0.3, "chaos is unpredictable");
    }

    /**
     * Periods of a trajectory of states: two nodes of periods 2 and 3 repeat together after 6 (not before); the
     * tolerance is relative to (1 + |x|), so values near 100 may differ by 100 times more than values near 0.
     */
    @Test
    void periodOfSeveralNodesIsTheCommonPeriodWithinARelativeTolerance() {
        double[][] states = new double[300][];
        for (int t = 0; t < states.length; t++) {
            states[t] = new double[] {t % 2 == 0 ? 0.2 : 0.8, t % 3 == 0 ? 100 : -1};
        }
        assertEquals(6, Periods.detect(states, 16, 200, 1e-12));
        assertEquals(2, Periods.detect(java.util.Arrays.stream(states).map(x -> new double[] {x[0]})
                .toArray(double[][]::new), 16, 200, 1e-12));
        double[][] noisy = new double[300][];
        for (int t = 0; t < noisy.length; t++) {
            noisy[t] = new double[] {100 + (t % 2) * 1e-7};
        }
        assertEquals(1, Periods.detect(noisy, 16, 200, 1e-8), "1e-7 apart at 100: within 1e-8·(1 + 100)");
        assertEquals(2, Periods.detect(noisy, 16, 200, 1e-10));
        assertEquals(0, Periods.detect(java.util.Arrays.stream(orbit(LOGISTIC4, new double[] {0.3}, 100, 2000))
                .mapToObj(x -> new double[] {x}).toArray(double[][]::new), 16, 200, 1e-6), "chaos has no period");
    }

    @Test
    void chialvoReferenceRegimesOfTheSpec() {
        // ../shared/specs/chialvo-ring-star.md: (a, b, c, k0) -> largest exponent.
        assertEquals(-0.139, LyapunovExponents.largest(chialvo(0.89, 0.6, 0.28, 0.02), new double[] {0.5, 1.1}, 1000,
                100_000), 0.005);
        assertEquals(0.0, LyapunovExponents.largest(chialvo(0.89, 0.6, 0.28, 0.04), new double[] {0.5, 1.1}, 1000,
                100_000), 0.005);
        assertEquals(0.050, LyapunovExponents.largest(chialvo(0.89, 0.18, 0.28, 0.03), new double[] {0.5, 1.1}, 1000,
                200_000), 0.005);
        double[] spectrum = LyapunovExponents.spectrum(chialvo(0.89, 0.6, 0.28, 0.02), new double[] {0.5, 1.1}, 1000,
                20_000);
        assertEquals(-0.139, spectrum[0], 0.005, "largest of the spectrum at the stable fixed point");
    }

    @Test
    void kuramotoAndCrossCorrelationLimits() {
        int nodes = 100, t = 200;
        double[][] same = new double[t][nodes], random = new double[t][nodes];
        SplittableRandom r = new SplittableRandom(3);
        for (int n = 0; n < t; n++) {
            for (int i = 0; i < nodes; i++) {
                same[n][i] = 0.37 * n;
                random[n][i] = 2 * Math.PI * r.nextDouble();
            }
        }
        assertEquals(1.0, Synchrony.kuramoto(same), 1e-12);
        double rr = Synchrony.kuramoto(random);
        assertEquals(Math.sqrt(Math.PI) / 2 / Math.sqrt(nodes), rr, 0.02, "E|mean of N unit phasors| = sqrt(pi/4N)");
        double[][] x = new double[t][3];
        for (int n = 0; n < t; n++) {
            double v = Math.sin(0.1 * n) + 0.3 * Math.cos(0.77 * n);
            x[n][0] = v;
            x[n][1] = v;
            x[n][2] = 2 * v + 1;
        }
        assertEquals(1.0, Synchrony.crossCorrelation(x, 0), 1e-12, "Γ = 1 for identical (affinely related) signals");
        long[][] spikes = {{0, 10, 20, 30}, {5, 15, 25, 35}};
        double[][] th = Synchrony.spikePhases(spikes, 5, 30);
        assertEquals(Math.PI, th[0][0], 1e-12, "node 0 halfway between spikes 0 and 10 at step 5");
        assertEquals(2 * Math.PI, th[10][1] - th[0][1], 1e-12, "one period later");
        assertEquals(1.0, Synchrony.kuramoto(Synchrony.spikePhases(new long[][] {{0, 10, 20}, {0, 10, 20}}, 0, 20)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Synchrony.spikePhases(spikes, 0, 30));
    }

    @Test
    void divergenceIsReportedWithTheIteration() {
        DifferentiableMap blowUp = new DifferentiableMap() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void apply(double[] x, double[] out) {
                out[0] = x[0] * x[0] + 1;
            }

            @Override
            public void jacobian(double[] x, double[][] j) {
                j[0][0] = 2 * x[0];
            }
        };
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> LyapunovExponents.largest(blowUp, new double[] {2}, 0, 100));
        assertTrue(e.getMessage().contains("iteration"), e.getMessage());
    }
}
