package org.spinel.networks.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.SynapsePairs;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.results.StateTrace;
import org.junit.jupiter.api.Test;

/** Ring-star structure and diffusive coupling (spec: ../shared/specs/chialvo-ring-star.md). */
class RingStarCouplingTest {

    @Test
    void smallestRingStarIsK4WithFourTriangles() {
        RingStarTopology t = new RingStarTopology(4, 1);
        assertEquals(6, t.edgeCount());
        assertArrayEquals(new int[][] {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}}, t.hubTriangles());
        assertArrayEquals(new int[][] {{1, 2, 3}}, t.ringTriangles());
        SynapsePairs p = t.connect(4, 4, null);
        assertEquals(12, p.size());
    }

    @Test
    void edgeAndTriangleCountsForLargerRings() {
        for (int n : new int[] {10, 51, 200}) {
            for (int r : new int[] {1, 2, 3}) {
                RingStarTopology t = new RingStarTopology(n, r);
                int m = n - 1;
                assertEquals(m * r, t.ringEdgeCount(), "n=" + n + " R=" + r);
                assertEquals(m + m * r, t.edgeCount());
                assertEquals(m * r, t.hubTriangles().length);
                // Ring-only triangles of a circulant graph C_m(1..R): m·R(R−1)/2 when m > 3R; at m = 3R the m/3 triples
                // {a, a+R, a+2R} close as well.
                int expected = m * r * (r - 1) / 2 + (m == 3 * r ? m / 3 : 0);
                assertEquals(expected, t.ringTriangles().length, "n=" + n + " R=" + r);
            }
        }
        RingStarTopology complete = new RingStarTopology(6, 2); // ring of 5 with R = 2 is K5
        assertEquals(10, complete.ringEdgeCount());
        assertEquals(10, complete.ringTriangles().length);
    }

    @Test
    void fourNodeTermsMatchTheSpecFormula() {
        double mu = 0.013, sigma = 0.07, s2h = 0.021, s2r = -0.009;
        CouplingGraph g = new RingStarTopology(4, 1).coupling(mu, sigma, s2h, s2r);
        Random rnd = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = new double[4];
            for (int i = 0; i < 4; i++) {
                x[i] = rnd.nextGaussian();
            }
            double hub = mu * (x[1] - x[0] + x[2] - x[0] + x[3] - x[0])
                    + s2h * ((x[1] + x[2] - 2 * x[0]) + (x[1] + x[3] - 2 * x[0]) + (x[2] + x[3] - 2 * x[0]));
            assertEquals(hub, g.term(0, x), 1e-14);
            for (int i = 1; i <= 3; i++) {
                int j = i % 3 + 1, k = (i + 1) % 3 + 1; // the two other ring nodes
                double ring = mu * (x[0] - x[i]) + sigma / 2 * ((x[j] - x[i]) + (x[k] - x[i]))
                        + s2h * ((x[0] + x[j] - 2 * x[i]) + (x[0] + x[k] - 2 * x[i]))
                        + s2r * (x[j] + x[k] - 2 * x[i]);
                assertEquals(ring, g.term(i, x), 1e-14, "ring node " + i);
            }
        }
    }

    @Test
    void byDegreeNormalisationDividesByInDegree() {
        CouplingGraph g = CouplingGraph.builder(3).edge(0, 1, 1).edge(0, 2, 1)
                .edgeNormalization(CouplingGraph.Normalization.BY_DEGREE).build();
        double[] x = {0, 1, 3};
        assertEquals((1 + 3) / 2.0, g.term(0, x), 1e-15);
        assertEquals(-1, g.term(1, x), 1e-15);
    }

    @Test
    void invalidCouplingsNameTheItem() {
        ParameterException e = assertThrows(ParameterException.class, () -> CouplingGraph.builder(3).triangle(0, 1, 1, 1));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> CouplingGraph.builder(3).edge(0, 5, 1));
        assertTrue(e.getMessage().contains("[0, 2]"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> new RingStarTopology(3, 1));
        assertTrue(e.getMessage().contains("RingStarTopology.n = 3"), e.getMessage());
    }

    static Network chialvoRingStar(int n, double[] x0, double[] y0, CouplingGraph g) {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).build();
        return Network.builder().dt(1)
                .population("ring", n, m, Map.of("x", (a, b, r) -> x0[a], "y", (a, b, r) -> y0[a]))
                .coupling("c", "ring", "x", g)
                .recordState("ring", "x", null, 1).build();
    }

    @Test
    void synchronousManifoldGivesTheSingleMapTrajectoryExactly() {
        int n = 12;
        double[] x0 = new double[n], y0 = new double[n];
        java.util.Arrays.fill(x0, 0.4);
        java.util.Arrays.fill(y0, 1.1);
        ChialvoNeuron single = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).build();
        RingStarTopology t = new RingStarTopology(n, 2);
        CouplingGraph[] couplings = {t.coupling(0.1, 0, 0, 0), t.coupling(0, 0.3, 0, 0), t.coupling(0, 0, 0.05, 0),
                t.coupling(0, 0, 0, 0.05), t.coupling(0.02, -0.1, 0.03, 0.01)};
        for (CouplingGraph g : couplings) {
            try (Simulation sim = Backends.get("java").compile(chialvoRingStar(n, x0, y0, g), SimulationOptions.threads(2))) {
                sim.run(2000);
                StateTrace tr = sim.recording().trace("ring", "x");
                double x = 0.4, y = 1.1;
                for (int s = 0; s < tr.length(); s++) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(x, tr.value(s, i), 0.0, "step " + s + " node " + i);
                    }
                    double xn = single.nextX(x, y, 0), yn = single.nextY(x, y);
                    x = xn;
                    y = yn;
                }
            }
        }
    }

    @Test
    void permutingRingNodesLeavesTheHubTrajectoryUnchanged() {
        int n = 4;
        double[] x0 = {0.3, 0.9, 0.1, 0.5}, y0 = {1.0, 1.2, 0.8, 1.1};
        double[] px0 = {0.3, 0.5, 0.9, 0.1}, py0 = {1.0, 1.1, 1.2, 0.8};
        CouplingGraph g = new RingStarTopology(n, 1).coupling(0.01, 0.02, 0.005, 0.003);
        double[] hubA, hubB;
        try (Simulation a = Backends.get("java").compile(chialvoRingStar(n, x0, y0, g), SimulationOptions.defaults());
                Simulation b = Backends.get("java").compile(chialvoRingStar(n, px0, py0, g), SimulationOptions.defaults())) {
            a.run(60);
            b.run(60);
            hubA = a.recording().trace("ring", "x").series(0);
            hubB = b.recording().trace("ring", "x").series(0);
        }
        // Sums over ring nodes run in another order, so agreement is to rounding (chaos amplifies it only slowly
        // over 60 iterations of a map with λ ≈ 0.05).
        for (int s = 0; s < hubA.length; s++) {
            assertEquals(hubA[s], hubB[s], 1e-9, "step " + s);
        }
    }

    @Test
    void coupledNetworkIsIdenticalForOneAndTwoThreads() {
        int n = 101;
        Random rnd = new Random(9);
        double[] x0 = new double[n], y0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = rnd.nextDouble();
            y0[i] = 1 + 0.2 * rnd.nextDouble();
        }
        CouplingGraph g = new RingStarTopology(n, 3).coupling(0.005, 0.05, 0.002, 0.001);
        try (Simulation a = Backends.get("java").compile(chialvoRingStar(n, x0, y0, g), SimulationOptions.threads(1));
                Simulation b = Backends.get("java").compile(chialvoRingStar(n, x0, y0, g), SimulationOptions.threads(2))) {
            a.run(500);
            b.run(500);
            assertArrayEquals(a.state("ring", "x"), b.state("ring", "x"));
            assertArrayEquals(a.state("ring", "y"), b.state("ring", "y"));
        }
    }
}
