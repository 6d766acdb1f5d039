package org.spinel.networks.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.jgrapht.Graph;
import org.jgrapht.generate.GnpRandomGraphGenerator;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.util.SupplierUtil;
import org.spinel.networks.RandomStreams;
import org.spinel.neurons.ParameterException;
import org.junit.jupiter.api.Test;

/** Value distributions, Watts–Strogatz and the JGraphT bridge. */
class ValuesAndGraphsTest {
    static final int N = 200_000;

    static double[] moments(ValueDistribution d, long seed) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("values");
        double s = 0, s2 = 0;
        for (int k = 0; k < N; k++) {
            double v = d.sample(k, k, rng);
            s += v;
            s2 += v * v;
        }
        double mean = s / N;
        return new double[] {mean, Math.sqrt(s2 / N - mean * mean)};
    }

    @Test
    void sampleMomentsWithinThreeStandardErrors() {
        double[] u = moments(Values.uniform(2, 5), 1);
        assertEquals(3.5, u[0], 3 * (3 / Math.sqrt(12)) / Math.sqrt(N));
        double[] g = moments(Values.normal(-1, 2), 2);
        assertEquals(-1, g[0], 3 * 2 / Math.sqrt(N));
        assertEquals(2, g[1], 3 * 2 / Math.sqrt(2.0 * N));
        double[] ln = moments(Values.lognormalFromMean(3, 1), 3);
        assertEquals(3, ln[0], 3 * 1 / Math.sqrt(N));
        assertEquals(1, ln[1], 0.02);
        assertEquals(7.5, moments(Values.constant(7.5), 4)[0], 0.0);
    }

    @Test
    void truncatedNormalStaysInBoundsAndByPairTypePicksTheEntry() {
        ValueDistribution t = Values.normal(0, 1, -0.5, 0.2);
        UniformRandomProvider rng = new RandomStreams(5).stream("t");
        for (int k = 0; k < 10_000; k++) {
            double v = t.sample(0, 0, rng);
            assertTrue(v >= -0.5 && v <= 0.2, "v = " + v);
        }
        ValueDistribution table = Values.byPairType(new int[] {0, 1}, new int[] {0, 1},
                new ValueDistribution[][] {{Values.constant(1), Values.constant(2)}, {Values.constant(3), Values.constant(4)}});
        assertEquals(2, table.sample(0, 1, rng), 0.0);
        assertEquals(3, table.sample(1, 0, rng), 0.0);
        ParameterException e = assertThrows(ParameterException.class, () -> Values.uniform(3, 1));
        assertTrue(e.getMessage().contains("uniform.low = 3.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Values.normal(0, -1));
        assertTrue(e.getMessage().contains("normal.sd = -1.0"), e.getMessage());
    }

    @Test
    void wattsStrogatzWithoutRewiringIsTheRingLattice() {
        UniformRandomProvider rng = new RandomStreams(1).stream("ws");
        SynapsePairs p = new WattsStrogatz(4, 0).connect(100, 100, rng);
        assertEquals(2 * 100 * 4 / 2, p.size());
        for (int k = 0; k < p.size(); k++) {
            int d = Math.abs(p.pre(k) - p.post(k));
            d = Math.min(d, 100 - d);
            assertTrue(d >= 1 && d <= 2, "lattice neighbour distance " + d);
        }
        assertEquals(400, new WattsStrogatz(4, 0.3).connect(100, 100, rng).size()); // rewiring keeps the edge count
        assertThrows(ParameterException.class, () -> new WattsStrogatz(3, 0.1));
    }

    @Test
    void jgraphtRoundTripAndExport() {
        Graph<Integer, DefaultEdge> g = new SimpleGraph<>(SupplierUtil.createIntegerSupplier(),
                SupplierUtil.DEFAULT_EDGE_SUPPLIER, false);
        new GnpRandomGraphGenerator<Integer, DefaultEdge>(50, 0.1, 7L).generateGraph(g);
        SynapsePairs p = GraphConversion.fromGraph(g);
        assertEquals(2 * g.edgeSet().size(), p.size());
        float[] w = new float[p.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = k;
        }
        Graph<Integer, DefaultWeightedEdge> back = GraphConversion.toGraph(50, p, w);
        Set<Long> a = new HashSet<>(), b = new HashSet<>();
        for (int k = 0; k < p.size(); k++) {
            a.add(p.pre(k) * 100L + p.post(k));
        }
        for (DefaultWeightedEdge e : back.edgeSet()) {
            b.add(back.getEdgeSource(e) * 100L + back.getEdgeTarget(e));
        }
        assertEquals(a, b);
        DefaultWeightedEdge e0 = back.getEdge(p.pre(3), p.post(3));
        assertEquals(3.0, back.getEdgeWeight(e0), 0.0);
        StringWriter out = new StringWriter();
        new DOTExporter<Integer, DefaultWeightedEdge>(String::valueOf).exportGraph(back, out);
        assertTrue(out.toString().contains(p.pre(0) + " -> " + p.post(0)), out.toString().substring(0, 80));
    }
}
