package org.spinel.networks.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.spinel.networks.topology.RingStarTopology;

/**
 * {@link RingStencil}, the stencil form of a ring-star coupling, checked from outside the detection: the merged
 * weights against a Laplacian assembled independently from the topology's edge and triangle lists, the stencil terms
 * against the listed terms for every node (with and without triangles, hub, normalisation), the blocked
 * {@code addTerms} against the per-node terms bit for bit for arbitrary partitions and dirty scratch, exact zeros on
 * the synchronous manifold, which relabellings keep the form (rotations, reflection) and which do not, and
 * independence of the order edges and triangles are listed in. Complements {@code RingStencilDetectionTest}.
 */
class RingStencilTest {
    /** The (n, R) ring-stars of the spec's figures and the edge cases: K4, a complete ring (9, 4), a ring tail. */
    private static final int[][] CASES = {{4, 1}, {5, 1}, {12, 2}, {30, 3}, {9, 4}, {101, 2}};
    private static final double MU = 0.013, SIGMA = 0.07, S2HUB = 0.021, S2RING = -0.009;

    private static double[] randomState(int n, long seed, double lo, double hi) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return x;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Σ|w| over node i's listed terms (triangles twice): |term(i)| ≤ 2·max|x|·this. */
    private static double weightMass(CouplingGraph g, int i) {
        double s = 0;
        for (int k = g.edgeStart[i]; k < g.edgeStart[i + 1]; k++) {
            s += Math.abs(g.edgeWeight[k]);
        }
        for (int k = g.triStart[i]; k < g.triStart[i + 1]; k++) {
            s += 2 * Math.abs(g.triWeight[k]);
        }
        return s;
    }

    private static void assertAgreesWithListedTerms(CouplingGraph g, double[] x, String what) {
        double scale = maxAbs(x);
        for (int i = 0; i < g.size(); i++) {
            double tol = 1e-13 * scale * Math.max(1, weightMass(g, i));
            assertEquals(g.listedTerm(i, x), g.term(i, x), tol, what + ", node " + i);
        }
    }

    private static CouplingGraph pureRing(int n, int[] offsets, double[] w) {
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < offsets.length; q++) {
                b.edge(i, (i + offsets[q]) % n, w[q]);
            }
        }
        return b.build();
    }

    /** Expected ring offsets of a ring of m with range R: ±1..±R mod m, without 0, ascending. */
    private static int[] expectedOffsets(int m, int r) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int k = 1; k <= r; k++) {
            s.add(k % m);
            s.add(((-k) % m + m) % m);
        }
        s.remove(0);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------ detection and weights

    @Test
    void ringStarsAreDetectedWithHubRingAndOffsets() {
        for (int[] c : CASES) {
            int n = c[0], r = c[1], m = n - 1;
            for (boolean triangles : new boolean[] {false, true}) {
                CouplingGraph g = new RingStarTopology(n, r).coupling(MU, SIGMA, triangles ? S2HUB : 0,
                        triangles ? S2RING : 0);
                String what = "n=" + n + " R=" + r + (triangles ? " with triangles" : "");
                RingStencil st = g.ringStencil();
                assertNotNull(st, what);
                assertEquals(0, st.hub, what);
                assertEquals(1, st.lo, what);
                assertEquals(m, st.m, what);
                assertArrayEquals(expectedOffsets(m, r), st.offsets(), what);
                assertEquals(st.offsets().length, st.weights().length, what);
                assertEquals(st.bytes(), g.evaluatedBytes(), what + ": the engines evaluate the stencil");
                assertTrue(st.bytes() < 12L * g.edgeTerms(), what + ": smaller than the edge list");
            }
        }
        assertArrayEquals(new int[] {1, 2, 9, 10}, new RingStarTopology(12, 2).coupling(MU, SIGMA, 0, 0).ringStencil()
                .offsets());
        // K4 (n = 4, R = 1): the ring of three has offsets {1, 2}
        assertArrayEquals(new int[] {1, 2}, new RingStarTopology(4, 1).coupling(MU, SIGMA, S2HUB, S2RING).ringStencil()
                .offsets());
        // complete ring (9, 4): every other ring node, offsets 1..7
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7}, new RingStarTopology(9, 4).coupling(MU, SIGMA, 0, 0)
                .ringStencil().offsets());
    }

    /**
     * The merged weights equal the Laplacian assembled from the topology's own lists: W_ij = Σ edge weights + Σ over
     * triangles containing i and j of their strength (a triangle term is two edge terms).
     */
    @Test
    void mergedWeightsEqualTheLaplacianOfTheTopology() {
        for (int[] c : CASES) {
            int n = c[0], r = c[1];
            RingStarTopology t = new RingStarTopology(n, r);
            double[][] w = new double[n][n];
            for (int i = 1; i < n; i++) {
                w[0][i] += MU;
                w[i][0] += MU;
            }
            for (int[] e : t.ringEdges()) {
                w[e[0]][e[1]] += SIGMA / (2.0 * r);
                w[e[1]][e[0]] += SIGMA / (2.0 * r);
            }
            for (int[][] tris : new int[][][] {t.hubTriangles(), t.ringTriangles()}) {
                for (int[] tr : tris) {
                    double s2 = tr[0] == 0 ? S2HUB : S2RING; // hub triangles are {0, i, j}
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 3; b++) {
                            if (a != b) {
                                w[tr[a]][tr[b]] += s2;
                            }
                        }
                    }
                }
            }
            RingStencil st = t.coupling(MU, SIGMA, S2HUB, S2RING).ringStencil();
            assertNotNull(st);
            String what = "n=" + n + " R=" + r;
            int m = n - 1;
            int[] offs = st.offsets();
            double[] ws = st.weights();
            for (int i = 1; i < n; i++) {
                assertEquals(w[i][0], st.hubWeight, 1e-15, what + ": hub weight at ring node " + i);
                assertEquals(w[0][i], st.spokeWeight, 1e-15, what + ": spoke weight of ring node " + i);
                for (int q = 0; q < offs.length; q++) {
                    int j = 1 + (i - 1 + offs[q]) % m;
                    assertEquals(w[i][j], ws[q], 1e-15, what + ": weight " + i + " <- " + j);
                }
                // and no other neighbour
                int seen = 1;
                for (int j = 1; j < n; j++) {
                    seen += w[i][j] != 0 ? 1 : 0;
                }
                assertEquals(1 + offs.length, seen, what + ": neighbours of ring node " + i);
            }
        }
    }

    @Test
    void pureRingsAreDetectedWithoutHub() {
        for (int n : new int[] {5, 37, 100, 2500}) {
            CouplingGraph g = pureRing(n, new int[] {1, 2}, new double[] {0.1, 0.05});
            RingStencil st = g.ringStencil();
            assertNotNull(st, "n=" + n);
            assertEquals(-1, st.hub);
            assertEquals(0, st.lo);
            assertEquals(n, st.m);
            assertArrayEquals(new int[] {1, 2, n - 2, n - 1}, st.offsets(), "n=" + n);
            assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.1}, st.weights(), 0.0, "n=" + n);
            assertEquals(0.0, st.hubWeight, 0.0);
            assertEquals(0.0, st.spokeWeight, 0.0);
            assertEquals(0.0, st.hubTerm(randomState(n, 1, -1, 1)), 0.0, "no hub, no hub term");
        }
        // a one-way ring: each node sees only its successor, offset 1
        CouplingGraph.Builder b = CouplingGraph.builder(40);
        for (int i = 0; i < 40; i++) {
            b.directedEdge(i, (i + 1) % 40, 0.3);
        }
        CouplingGraph oneWay = b.build();
        assertNotNull(oneWay.ringStencil());
        assertArrayEquals(new int[] {1}, oneWay.ringStencil().offsets());
        assertAgreesWithListedTerms(oneWay, randomState(40, 2, -1, 2), "one-way ring");
    }

    @Test
    void rotatedAndReflectedRingStarsKeepTheirForm() {
        int n = 30, r = 3, m = n - 1;
        RingStarTopology t = new RingStarTopology(n, r);
        RingStencil original = t.coupling(MU, SIGMA, S2HUB, S2RING).ringStencil();
        for (int shift : new int[] {1, 7, m - 1}) {
            for (boolean reflect : new boolean[] {false, true}) {
                int[] label = new int[n];
                for (int i = 1; i < n; i++) {
                    int p = reflect ? m - 1 - (i - 1) : i - 1;
                    label[i] = 1 + (p + shift) % m;
                }
                CouplingGraph g = relabelled(t, label);
                RingStencil st = g.ringStencil();
                String what = "shift " + shift + (reflect ? ", reflected" : "");
                assertNotNull(st, what);
                assertArrayEquals(original.offsets(), st.offsets(), what);
                assertArrayEquals(original.weights(), st.weights(), 0.0, what);
                assertEquals(original.hubWeight, st.hubWeight, 0.0, what);
                assertEquals(original.spokeWeight, st.spokeWeight, 0.0, what);
            }
        }
    }

    /** t's coupling (MU, SIGMA, S2HUB, S2RING) with node i relabelled label[i] (label[0] = 0). */
    private static CouplingGraph relabelled(RingStarTopology t, int[] label) {
        int r = t.range();
        CouplingGraph.Builder b = CouplingGraph.builder(t.size());
        for (int i = 1; i < t.size(); i++) {
            b.edge(0, label[i], MU);
        }
        for (int[] e : t.ringEdges()) {
            b.edge(label[e[0]], label[e[1]], SIGMA / (2.0 * r));
        }
        for (int[] tr : t.hubTriangles()) {
            b.triangle(label[tr[0]], label[tr[1]], label[tr[2]], S2HUB);
        }
        for (int[] tr : t.ringTriangles()) {
            b.triangle(label[tr[0]], label[tr[1]], label[tr[2]], S2RING);
        }
        return b.build();
    }

    @Test
    void otherShapesAreNotDetectedAndStillEvaluateTheirLists() {
        int n = 25;
        RingStarTopology t = new RingStarTopology(n, 2);
        List<CouplingGraph> others = new ArrayList<>();
        // a ring with one edge missing
        CouplingGraph.Builder b = CouplingGraph.builder(n);
        for (int i = 0; i < n - 1; i++) {
            b.edge(i, i + 1, 0.1);
        }
        others.add(b.build());
        // a ring with one edge of another weight
        b = CouplingGraph.builder(n);
        for (int i = 0; i < n; i++) {
            b.edge(i, (i + 1) % n, i == 11 ? 0.1000000001 : 0.1);
        }
        others.add(b.build());
        // a ring with a chord
        b = CouplingGraph.builder(n);
        for (int i = 0; i < n; i++) {
            b.edge(i, (i + 1) % n, 0.1);
        }
        others.add(b.edge(3, 12, 0.1).build());
        // a ring-star whose hub misses one spoke
        b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            if (i != 9) {
                b.edge(0, i, MU);
            }
        }
        for (int[] e : t.ringEdges()) {
            b.edge(e[0], e[1], SIGMA / 4);
        }
        others.add(b.build());
        // a ring-star whose hub sees one ring node with another weight (ring nodes all see the hub alike)
        b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            b.directedEdge(i, 0, MU).directedEdge(0, i, i == 4 ? 2 * MU : MU);
        }
        for (int[] e : t.ringEdges()) {
            b.edge(e[0], e[1], SIGMA / 4);
        }
        others.add(b.build());
        // a ring-star with its ring nodes in random order
        List<Integer> ring = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            ring.add(i);
        }
        Collections.shuffle(ring, new Random(21));
        int[] label = new int[n];
        for (int i = 1; i < n; i++) {
            label[i] = ring.get(i - 1);
        }
        others.add(relabelled(t, label));
        // the hub in the middle of the labels (node 12), the ring around it
        int[] hubInMiddle = new int[n];
        for (int i = 0; i < n; i++) {
            hubInMiddle[i] = i == 0 ? 12 : i <= 12 ? i - 1 : i;
        }
        b = CouplingGraph.builder(n);
        for (int i = 1; i < n; i++) {
            b.edge(12, hubInMiddle[i], MU);
        }
        for (int[] e : t.ringEdges()) {
            b.edge(hubInMiddle[e[0]], hubInMiddle[e[1]], SIGMA / 4);
        }
        others.add(b.build());
        // a random graph
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        b = CouplingGraph.builder(n);
        for (int k = 0; k < 60; k++) {
            int i = rng.nextInt(n), j = rng.nextInt(n);
            if (i != j) {
                b.edge(i, j, 0.1 * rng.nextDouble());
            }
        }
        others.add(b.build());
        double[] x = randomState(n, 17, -1, 2);
        for (int k = 0; k < others.size(); k++) {
            CouplingGraph g = others.get(k);
            assertNull(g.ringStencil(), "shape " + k + ": " + g.ringStencil());
            for (int i = 0; i < n; i++) {
                assertEquals(g.listedTerm(i, x), g.term(i, x), 0.0, "shape " + k + ": the lists, node " + i);
            }
            double[] out = new double[n];
            g.addTerms(x, out, 0, n, new double[RingStencil.BLOCK]);
            for (int i = 0; i < n; i++) {
                assertEquals(g.listedTerm(i, x), out[i], 0.0, "shape " + k + ": addTerms, node " + i);
            }
        }
        assertNull(CouplingGraph.builder(n).build().ringStencil(), "no terms");
        assertNull(CouplingGraph.builder(1).build().ringStencil(), "one node");
    }

    // ------------------------------------------------------------------ evaluation

    @Test
    void stencilTermsAgreeWithTheListedTermsForEveryNode() {
        for (int[] c : CASES) {
            int n = c[0], r = c[1];
            RingStarTopology t = new RingStarTopology(n, r);
            CouplingGraph[] gs = {t.coupling(MU, SIGMA, 0, 0), t.coupling(MU, SIGMA, S2HUB, S2RING),
                    t.coupling(0, 0, S2HUB, 0), t.coupling(0, 0, 0, S2RING), t.coupling(-0.3, 1.7, 0.2, 0.4)};
            for (int k = 0; k < gs.length; k++) {
                assertNotNull(gs[k].ringStencil(), "n=" + n + " R=" + r + " coupling " + k);
                for (long seed = 1; seed <= 3; seed++) {
                    double span = seed == 3 ? 1e3 : 1;
                    double[] x = randomState(n, 31 * n + seed, -2 * span, 3 * span);
                    assertAgreesWithListedTerms(gs[k], x, "n=" + n + " R=" + r + " coupling " + k + " seed " + seed);
                }
            }
        }
        // by-degree normalisation keeps the form (every ring node has the same degree)
        RingStarTopology t = new RingStarTopology(40, 3);
        CouplingGraph.Builder b = CouplingGraph.builder(40);
        for (int i = 1; i < 40; i++) {
            b.edge(0, i, 0.5);
        }
        for (int[] e : t.ringEdges()) {
            b.edge(e[0], e[1], 0.2);
        }
        for (int[] tr : t.ringTriangles()) {
            b.triangle(tr[0], tr[1], tr[2], 0.03);
        }
        CouplingGraph byDegree = b.edgeNormalization(CouplingGraph.Normalization.BY_DEGREE)
                .triangleNormalization(CouplingGraph.Normalization.BY_DEGREE).build();
        assertNotNull(byDegree.ringStencil());
        assertAgreesWithListedTerms(byDegree, randomState(40, 4, -1, 1), "by-degree");
        // pure rings and the smallest graphs: two nodes (a ring of two), a triangle (a hub and a ring of two)
        assertAgreesWithListedTerms(pureRing(37, new int[] {1, 2}, new double[] {0.01, 0.004}), randomState(37, 5, 0, 1),
                "ring of 37");
        assertAgreesWithListedTerms(pureRing(2500, new int[] {1, 3, 8}, new double[] {0.2, -0.1, 0.05}),
                randomState(2500, 6, -1, 1), "ring of 2500");
        CouplingGraph two = CouplingGraph.builder(2).edge(0, 1, 0.4).build();
        assertNotNull(two.ringStencil());
        assertAgreesWithListedTerms(two, new double[] {0.3, -1.1}, "two nodes");
        CouplingGraph tri = CouplingGraph.builder(3).triangle(0, 1, 2, 0.25).edge(1, 2, 0.125).edge(0, 1, 0.5)
                .edge(0, 2, 0.5).build();
        assertNotNull(tri.ringStencil());
        assertAgreesWithListedTerms(tri, new double[] {0.3, -1.1, 2.5}, "triangle");
    }

    /** Partitions of [0, n): the whole, the hub alone, cuts at and around block and ring boundaries, random cuts. */
    private static List<int[]> partitions(int n, long seed) {
        List<int[]> parts = new ArrayList<>();
        int[] fixed = {0, 1, 2, RingStencil.BLOCK - 1, RingStencil.BLOCK, RingStencil.BLOCK + 1, n / 2, n - 2, n - 1, n};
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int c : fixed) {
            if (c >= 0 && c <= n) {
                cuts.add(c);
            }
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int k = 0; k < 6; k++) {
            cuts.add(rng.nextInt(n + 1));
        }
        parts.add(new int[] {0, n});
        Integer prev = null;
        for (int c : cuts) {
            if (prev != null && prev < c) {
                parts.add(new int[] {prev, c});
            }
            prev = c;
        }
        parts.add(new int[] {1, n});
        parts.add(new int[] {0, 1});
        for (int k = 0; k < 5; k++) {
            int a = rng.nextInt(n), e = a + 1 + rng.nextInt(n - a);
            parts.add(new int[] {a, e});
        }
        parts.add(new int[] {n / 3, n / 3}); // empty
        return parts;
    }

    private static void assertBlockedEqualsPerNode(CouplingGraph g, long seed, String what) {
        int n = g.size();
        double[] x = randomState(n, seed, -1.5, 2.5);
        double[] scratch = new double[RingStencil.BLOCK];
        Arrays.fill(scratch, Double.NaN); // addTerms must not read what the scratch held
        double[] expected = new double[n];
        for (int[] p : partitions(n, seed)) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = expected[i] = 0.125 * i - 3;
            }
            g.addTerms(x, out, p[0], p[1], scratch);
            for (int i = p[0]; i < p[1]; i++) {
                expected[i] += g.term(i, x);
            }
            assertArrayEquals(expected, out, 0.0, what + ": partition [" + p[0] + ", " + p[1] + ")");
        }
        // the pieces of a partition, evaluated in any order into one array, give the single pass
        double[] whole = new double[n], pieces = new double[n];
        g.addTerms(x, whole, 0, n);
        List<int[]> cut = new ArrayList<>();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1);
        for (int a = 0; a < n;) {
            int e = Math.min(n, a + 1 + rng.nextInt(Math.max(1, n / 4)));
            cut.add(new int[] {a, e});
            a = e;
        }
        Collections.shuffle(cut, new Random(seed));
        for (int[] p : cut) {
            g.addTerms(x, pieces, p[0], p[1], scratch);
        }
        assertArrayEquals(whole, pieces, 0.0, what + ": " + cut.size() + " pieces in shuffled order");
    }

    @Test
    void blockedEvaluationEqualsPerNodeTermsBitForBit() {
        int b = RingStencil.BLOCK;
        // ring lengths below, at, one over, and well over (not a multiple of) the block
        for (int n : new int[] {4, 12, 101, b + 1, b + 2, 2500, 2 * b + 2}) {
            for (int r : new int[] {1, 3}) {
                CouplingGraph g = new RingStarTopology(n, r).coupling(MU, SIGMA, S2HUB, S2RING);
                assertNotNull(g.ringStencil());
                assertBlockedEqualsPerNode(g, n + r, "ring-star n=" + n + " R=" + r);
            }
        }
        for (int n : new int[] {3, 37, b, b + 5, 2500}) {
            CouplingGraph g = pureRing(n, new int[] {1, 2}, new double[] {0.1, 0.05});
            assertNotNull(g.ringStencil());
            assertBlockedEqualsPerNode(g, n, "ring n=" + n);
        }
        // offsets as long as the ring allows: the wrap point inside every block
        CouplingGraph wide = pureRing(2500, new int[] {1, 700, 1249}, new double[] {0.1, 0.02, -0.03});
        assertNotNull(wide.ringStencil());
        assertBlockedEqualsPerNode(wide, 99, "ring n=2500, offsets up to 2499");
    }

    @Test
    void everyTermIsExactlyZeroOnTheSynchronousManifold() {
        List<CouplingGraph> gs = new ArrayList<>();
        for (int[] c : CASES) {
            RingStarTopology t = new RingStarTopology(c[0], c[1]);
            gs.add(t.coupling(MU, SIGMA, S2HUB, S2RING));
            gs.add(t.coupling(-0.3, 1.7, 0.2, 0.4));
        }
        gs.add(new RingStarTopology(2500, 2).coupling(0.3, 0.7, 0.11, 0.05));
        gs.add(pureRing(37, new int[] {1, 2}, new double[] {0.01, 0.004}));
        gs.add(pureRing(2500, new int[] {1, 3}, new double[] {-0.2, 0.7}));
        for (double v : new double[] {0.0, 1.2345678901234, -3.7, 1e12, Double.MIN_VALUE}) {
            for (CouplingGraph g : gs) {
                assertNotNull(g.ringStencil());
                int n = g.size();
                double[] x = new double[n];
                Arrays.fill(x, v);
                double[] out = new double[n];
                g.addTerms(x, out, 0, n, new double[RingStencil.BLOCK]);
                for (int i = 0; i < n; i++) {
                    assertEquals(0.0, g.term(i, x), 0.0, "n=" + n + " x=" + v + " node " + i);
                    assertEquals(0.0, out[i], 0.0, "n=" + n + " x=" + v + " addTerms node " + i);
                }
            }
        }
    }

    // ------------------------------------------------------------------ listing order

    @Test
    void theOrderEdgesAndTrianglesAreListedInDoesNotChangeTheStencil() {
        for (int[] c : new int[][] {{12, 2}, {30, 3}, {9, 4}, {101, 2}}) {
            int n = c[0], r = c[1];
            RingStarTopology t = new RingStarTopology(n, r);
            // weights whose sums round differently in different orders
            double mu = 0.1, sigma = 0.3, s2h = 0.07, s2r = 0.011;
            RingStencil ordered = t.coupling(mu, sigma, s2h, s2r).ringStencil();
            assertNotNull(ordered);
            for (long seed = 1; seed <= 4; seed++) {
                Random rnd = new Random(seed * 1000 + n);
                List<Consumer<CouplingGraph.Builder>> adds = new ArrayList<>();
                for (int i = 1; i < n; i++) {
                    int j = i;
                    boolean flip = rnd.nextBoolean();
                    adds.add(b -> b.edge(flip ? j : 0, flip ? 0 : j, mu));
                }
                for (int[] e : t.ringEdges()) {
                    boolean flip = rnd.nextBoolean();
                    adds.add(b -> b.edge(e[flip ? 1 : 0], e[flip ? 0 : 1], sigma / (2.0 * r)));
                }
                for (int[][] tris : new int[][][] {t.hubTriangles(), t.ringTriangles()}) {
                    for (int[] tr : tris) {
                        int rot = rnd.nextInt(3);
                        boolean mirror = rnd.nextBoolean();
                        double w = tr[0] == 0 ? s2h : s2r;
                        int a = tr[rot], bb = tr[(rot + (mirror ? 2 : 1)) % 3], cc = tr[(rot + (mirror ? 1 : 2)) % 3];
                        adds.add(b -> b.triangle(a, bb, cc, w));
                    }
                }
                Collections.shuffle(adds, rnd);
                CouplingGraph.Builder b = CouplingGraph.builder(n);
                adds.forEach(a -> a.accept(b));
                CouplingGraph g = b.build();
                RingStencil shuffled = g.ringStencil();
                String what = "n=" + n + " R=" + r + " seed " + seed;
                assertNotNull(shuffled, what);
                assertArrayEquals(ordered.offsets(), shuffled.offsets(), what);
                assertArrayEquals(ordered.weights(), shuffled.weights(), 0.0, what);
                assertEquals(ordered.hubWeight, shuffled.hubWeight, 0.0, what);
                assertEquals(ordered.spokeWeight, shuffled.spokeWeight, 0.0, what);
                double[] x = randomState(n, seed, -1, 2);
                for (int i = 0; i < n; i++) {
                    assertEquals(ordered.term(i, x), g.term(i, x), 0.0, what + ": node " + i);
                }
            }
        }
    }
}
