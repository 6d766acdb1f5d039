package org.spinel.networks.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.spinel.networks.RandomStreams;
import org.spinel.neurons.ParameterException;
import org.junit.jupiter.api.Test;

/** Exact counts and connection rates of the topology builders. */
class TopologyCountsTest {
    static org.apache.commons.rng.UniformRandomProvider rng(long seed) {
        return new RandomStreams(seed).stream("test");
    }

    @Test
    void exactCounts() {
        assertEquals(30 * 40, new AllToAll(true).connect(30, 40, rng(1)).size());
        assertEquals(30 * 29, new AllToAll(false).connect(30, 30, rng(1)).size());
        SynapsePairs one = new OneToOne().connect(50, 50, rng(1));
        assertEquals(50, one.size());
        for (int k = 0; k < 50; k++) {
            assertEquals(one.pre(k), one.post(k));
        }
        assertEquals(2 * 3 * 40, new RingTopology(3).connect(40, 40, rng(1)).size());
        assertEquals(2 * 19, new StarTopology().connect(20, 20, rng(1)).size());
    }

    @Test
    void fixedInDegreeGivesExactlyKDistinctSources() {
        SynapsePairs p = new FixedInDegree(17, false, false).connect(60, 80, rng(3));
        assertEquals(17 * 80, p.size());
        int[] deg = new int[80];
        Set<Long> seen = new HashSet<>();
        for (int k = 0; k < p.size(); k++) {
            deg[p.post(k)]++;
            assertTrue(seen.add((long) p.pre(k) * 1000 + p.post(k)), "duplicate pair");
        }
        for (int d : deg) {
            assertEquals(17, d);
        }
        SynapsePairs q = new FixedInDegree(29, false, false).connect(30, 30, rng(3));
        for (int k = 0; k < q.size(); k++) {
            assertTrue(q.pre(k) != q.post(k), "no autapse");
        }
        assertThrows(ParameterException.class, () -> new FixedInDegree(30, false, false).connect(30, 30, rng(3)));
    }

    @Test
    void fixedProbabilityRateWithinThreeStandardErrors() {
        for (long seed : new long[] {1, 2}) {
            int n = 2000;
            double p = 0.013;
            SynapsePairs s = new FixedProbability(p, true).connect(n, n, rng(seed));
            double mean = (double) n * n * p, se = Math.sqrt(n * (double) n * p * (1 - p));
            assertEquals(mean, s.size(), 3 * se, "seed " + seed);
        }
        SynapsePairs none = new FixedProbability(0.5, false).connect(200, 200, rng(4));
        for (int k = 0; k < none.size(); k++) {
            assertTrue(none.pre(k) != none.post(k));
        }
    }

    @Test
    void sameSeedSamePairs() {
        SynapsePairs a = new FixedProbability(0.1, true).connect(300, 300, rng(9));
        SynapsePairs b = new FixedProbability(0.1, true).connect(300, 300, rng(9));
        assertArrayEquals(a.preArray(), b.preArray());
        assertArrayEquals(a.postArray(), b.postArray());
    }

    @Test
    void badParametersNameTheItem() {
        ParameterException e = assertThrows(ParameterException.class, () -> new FixedProbability(1.5, true));
        assertTrue(e.getMessage().contains("FixedProbability.p = 1.5") && e.getMessage().contains("[0, 1]"));
        e = assertThrows(ParameterException.class, () -> new RingTopology(0));
        assertTrue(e.getMessage().contains("RingTopology.R = 0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> new OneToOne().connect(3, 4, rng(1)));
        assertTrue(e.getMessage().contains("equal sizes"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void ringStarListsEqualABruteForceEnumerationInOrder() {
        for (int[] nr : new int[][] {{4, 1}, {5, 2}, {7, 3}, {10, 2}, {31, 4}, {12, 5}}) {
            int n = nr[0], r = nr[1], m = n - 1;
            RingStarTopology t = new RingStarTopology(n, r);
            java.util.function.BiPredicate<Integer, Integer> adj = (a, b) -> {
                int d = Math.abs(a - b);
                d = Math.min(d, m - d);
                return d >= 1 && d <= r;
            };
            java.util.List<int[]> edges = new java.util.ArrayList<>(), tris = new java.util.ArrayList<>();
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    if (adj.test(a, b)) {
                        edges.add(new int[] {a + 1, b + 1});
                        for (int c = b + 1; c < m; c++) {
                            if (adj.test(a, c) && adj.test(b, c)) {
                                tris.add(new int[] {a + 1, b + 1, c + 1});
                            }
                        }
                    }
                }
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(edges.toArray(new int[0][]), t.ringEdges(), "edges " + n + "," + r);
            org.junit.jupiter.api.Assertions.assertArrayEquals(tris.toArray(new int[0][]), t.ringTriangles(),
                    "triangles " + n + "," + r);
        }
        RingStarTopology big = new RingStarTopology(1_000_001, 2);
        org.junit.jupiter.api.Assertions.assertEquals(2_000_000, big.ringEdgeCount());
    }
}
