package org.spinel.networks.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.spinel.networks.RandomStreams;
import org.spinel.neurons.ParameterException;
import org.junit.jupiter.api.Test;

/** The NALSM liquid: lattice assignment and distance-dependent connection counts. */
class LiquidTopologyTest {
    @Test
    void latticeAssignsExactFractionsToDistinctSites() {
        LiquidLattice l = new LiquidLattice(10, 10, 10, 0.8, new RandomStreams(1).stream("lattice"));
        assertEquals(800, l.sizeE());
        assertEquals(200, l.sizeI());
        Set<String> sites = new HashSet<>();
        for (double[] p : l.positionsE()) {
            sites.add(p[0] + "," + p[1] + "," + p[2]);
        }
        for (double[] p : l.positionsI()) {
            sites.add(p[0] + "," + p[1] + "," + p[2]);
        }
        assertEquals(1000, sites.size());
    }

    @Test
    void countsPerPairTypeWithinThreeStandardErrors() {
        String[][] types = {{"E", "E"}, {"E", "I"}, {"I", "E"}, {"I", "I"}};
        double[] c = {0.2, 0.1, 0.3, 0.05};
        for (long seed : new long[] {1, 2}) {
            RandomStreams streams = new RandomStreams(seed);
            LiquidLattice l = new LiquidLattice(10, 10, 10, 0.8, streams.stream("lattice"));
            for (int t = 0; t < 4; t++) {
                Liquid3D topo = l.between(types[t][0], types[t][1], c[t], 3);
                int nPre = types[t][0].equals("E") ? l.sizeE() : l.sizeI();
                int nPost = types[t][1].equals("E") ? l.sizeE() : l.sizeI();
                double mean = 0, var = 0;
                for (int j = 0; j < nPre; j++) {
                    for (int i = 0; i < nPost; i++) {
                        double p = topo.probability(j, i);
                        mean += p;
                        var += p * (1 - p);
                    }
                }
                SynapsePairs s = topo.connect(nPre, nPost, streams.stream("liquid/" + t));
                assertEquals(mean, s.size(), 3 * Math.sqrt(var), types[t][0] + "->" + types[t][1] + " seed " + seed);
                if (types[t][0].equals(types[t][1])) {
                    for (int k = 0; k < s.size(); k++) {
                        assertTrue(s.pre(k) != s.post(k), "no self connection");
                    }
                }
            }
        }
    }

    @Test
    void badParametersNameTheItem() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new LiquidLattice(10, 10, 10, 1.2, new RandomStreams(1).stream("x")));
        assertTrue(e.getMessage().contains("excitatoryFraction = 1.2"), e.getMessage());
        LiquidLattice l = new LiquidLattice(3, 3, 3, 0.8, new RandomStreams(1).stream("x"));
        e = assertThrows(ParameterException.class, () -> l.between("E", "X", 0.1, 3));
        assertTrue(e.getMessage().contains("\"X\""), e.getMessage());
        e = assertThrows(ParameterException.class, () -> l.between("E", "I", 0.1, -3));
        assertTrue(e.getMessage().contains("Liquid3D.lambda = -3.0"), e.getMessage());
    }
}
