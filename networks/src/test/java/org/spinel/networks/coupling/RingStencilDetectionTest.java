package org.spinel.networks.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.topology.RingStarTopology;

/**
 * The ring-star stencil form of a coupling: found exactly when the graph has it, and evaluating the same Laplacian
 * as the edge and triangle lists (to rounding), with the blocked evaluation bit-equal to the per-node one.
 */
class RingStencilDetectionTest {

    private static double[] randomState(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble(-2, 3);
        }
        return x;
    }

    @Test
    void ringStarCouplingsAreDetectedWithTheirOffsets() {
        int[][] cases = {{4, 1}, {5, 1}, {12, 2}, {30, 3}, {9, 4}, {101, 2}};
        for (int[] c : cases) {
            int n = c[0], r = c[1], m = n - 1;
            for (double s2 : new double[] {0, 0.01}) {
                CouplingGraph g = new RingStarTopology(n, r).coupling(0.02, 0.1, s2, s2 / 2);
                RingStencil st = g.ringStencil();
                assertNotNull(st, "n=" + n + " R=" + r + " s2=" + s2);
                assertEquals(0, st.hub);
                assertEquals(1, st.lo);
                assertEquals(m, st.m);
                java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
                for (int k = 1; k <= r; k++) {
                    expected.add(k % m);
                    expected.add(((-k) % m + m) % m);
                }
                expected.remove(0);
                assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), st.offsets(),
                        "n=" + n + " R=" + r);
            }
        }
        assertArrayEquals(new int[] {1, 2, 9, 10}, new RingStarTopology(12, 2).coupling(0.02, 0.1, 0, 0).ringStencil()
                .offsets());
    }

    @Test
    void stencilAgreesWithTheListedTermsToRounding() {
        for (int[] c : new int[][] {{4, 1}, {12, 2}, {30, 3}, {9, 4}, {2500, 2}}) {
            CouplingGraph g = new RingStarTopology(c[0], c[1]).coupling(0.013, 0.07, 0.021, -0.009);
            assertNotNull(g.ringStencil());
            double[] x = randomState(c[0], c[0]);
            for (int i = 0; i < c[0]; i++) {
                double listed = g.listedTerm(i, x), stencil = g.term(i, x);
                assertEquals(listed, stencil, 1e-13 * Math.max(1, c[0] * 0.013 * 3), "node " + i + " of " + c[0]);
            }
        }
    }

    @Test
    void blockedEvaluationEqualsPerNodeTermsBitForBit() {
        int n = 2500;
        CouplingGraph g = new RingStarTopology(n, 3).coupling(0.001, 0.05, 0.002, 0.003);
        double[] x = randomState(n, 9);
        int[][] parts = {{0, n}, {0, 1}, {1, n}, {0, 1300}, {1300, n}, {7, 1031}, {1031, 2499}, {2499, n}, {0, 1025}};
        for (int[] p : parts) {
            double[] out = new double[n], expected = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = expected[i] = 0.25 * i;
            }
            g.addTerms(x, out, p[0], p[1], new double[RingStencil.BLOCK]);
            for (int i = p[0]; i < p[1]; i++) {
                expected[i] += g.term(i, x);
            }
            assertArrayEquals(expected, out, 0.0, "partition [" + p[0] + ", " + p[1] + ")");
        }
    }

    @Test
    void everyTermVanishesExactlyOnTheSynchronousManifold() {
        CouplingGraph g = new RingStarTopology(300, 2).coupling(0.3, 0.7, 0.11, 0.05);
        double[] x = new double[300];
        java.util.Arrays.fill(x, 1.2345678901234);
        double[] out = new double[300];
        g.addTerms(x, out, 0, 300, new double[RingStencil.BLOCK]);
        for (int i = 0; i < 300; i++) {
            assertEquals(0.0, out[i], 0.0, "node " + i);
            assertEquals(0.0, g.term(i, x), 0.0);
        }
    }

    @Test
    void aPureRingIsDetectedWithoutHub() {
        int n = 37;
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 0; i < n; i++) {
            b.edge(i, (i + 1) % n, 0.1).edge(i, (i + 2) % n, 0.05);
        }
        CouplingGraph g = b.build();
        RingStencil st = g.ringStencil();
        assertNotNull(st);
        assertEquals(-1, st.hub);
        assertEquals(0, st.lo);
        assertEquals(n, st.m);
        assertArrayEquals(new int[] {1, 2, n - 2, n - 1}, st.offsets());
        double[] x = randomState(n, 3);
        for (int i = 0; i < n; i++) {
            assertEquals(g.listedTerm(i, x), g.term(i, x), 1e-15);
        }
    }

    @Test
    void graphsOfOtherShapesAreNotDetected() {
        int n = 20;
        // a ring with one edge missing
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 0; i < n - 1; i++) {
            b.edge(i, i + 1, 0.1);
        }
        assertNull(b.build().ringStencil());
        // one edge with another weight
        b = CouplingGraph.builder(n);
        for (int i = 0; i < n; i++) {
            b.edge(i, (i + 1) % n, i == 5 ? 0.2 : 0.1);
        }
        assertNull(b.build().ringStencil());
        // a ring-star with its ring nodes relabelled
        RingStarTopology t = new RingStarTopology(n, 2);
        int[] perm = new int[n];
        List<Integer> ring = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            ring.add(i);
        }
        Collections.shuffle(ring, new java.util.Random(4));
        for (int i = 1; i < n; i++) {
            perm[i] = ring.get(i - 1);
        }
        b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            b.edge(0, perm[i], 0.01);
        }
        for (int[] e : t.ringEdges()) {
            b.edge(perm[e[0]], perm[e[1]], 0.05);
        }
        CouplingGraph relabelled = b.build();
        assertNull(relabelled.ringStencil());
        // ... whose terms still equal the original's, node for node (the fallback evaluates the lists)
        CouplingGraph original = new RingStarTopology(n, 2).coupling(0.01, 0.2, 0, 0);
        double[] x = randomState(n, 8), xp = new double[n];
        for (int i = 0; i < n; i++) {
            xp[perm[i]] = x[i];
        }
        for (int i = 0; i < n; i++) {
            assertEquals(original.term(i, x), relabelled.term(perm[i], xp), 1e-14);
        }
        // a random graph, and no terms at all
        SplittableRandom rnd = new SplittableRandom(1);
        b = CouplingGraph.builder(n);
        for (int k = 0; k < 40; k++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (i != j) {
                b.edge(i, j, 0.1);
            }
        }
        assertNull(b.build().ringStencil());
        assertNull(CouplingGraph.builder(n).build().ringStencil());
    }

    @Test
    void theOrderTermsAreListedInDoesNotChangeTheWeights() {
        int n = 15;
        RingStarTopology t = new RingStarTopology(n, 2);
        List<Runnable> adds = new ArrayList<>();
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            int j = i;
            adds.add(() -> b.edge(0, j, 0.03));
        }
        for (int[] e : t.ringEdges()) {
            adds.add(() -> b.edge(e[1], e[0], 0.1 / 4));
        }
        for (int[] tr : t.hubTriangles()) {
            adds.add(() -> b.triangle(tr[2], tr[0], tr[1], 0.007));
        }
        for (int[] tr : t.ringTriangles()) {
            adds.add(() -> b.triangle(tr[1], tr[2], tr[0], 0.0031));
        }
        Collections.shuffle(adds, new java.util.Random(12));
        adds.forEach(Runnable::run);
        RingStencil shuffled = b.build().ringStencil();
        RingStencil ordered = t.coupling(0.03, 0.1, 0.007, 0.0031).ringStencil();
        assertNotNull(shuffled);
        assertArrayEquals(ordered.offsets(), shuffled.offsets());
        assertArrayEquals(ordered.weights(), shuffled.weights(), 0.0);
        assertEquals(ordered.hubWeight, shuffled.hubWeight, 0.0);
        assertEquals(ordered.spokeWeight, shuffled.spokeWeight, 0.0);
    }
}
