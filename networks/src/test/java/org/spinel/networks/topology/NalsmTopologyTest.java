package org.spinel.networks.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.NeuronGroup;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SynapseGraph;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;

/**
 * The NALSM1000 topology built through the network builder (spec nalsm.md): 10×10×10 lattice, 80 % E; liquid
 * synapses with probability C·exp(−(D/3)²) per pair type; exactly ⌊1000·784·0.15⌋ input pairs with random signs.
 */
class NalsmTopologyTest {
    static final String[] TYPES = {"E", "I"};
    static final double[][] C = {{0.2, 0.1}, {0.3, 0.05}}; // C[pre][post]: EE, EI, IE, II

    static Network nalsm1000(long seed, LiquidLattice[] latticeOut) {
        RandomStreams streams = new RandomStreams(seed);
        LiquidLattice lattice = new LiquidLattice(10, 10, 10, 0.8, streams.stream("lattice/liquid"));
        latticeOut[0] = lattice;
        long inputs = FixedTotalNumber.ofFraction(784, 1000, 0.15);
        Topology[] input = FixedTotalNumber.across(784, new int[] {lattice.sizeE(), lattice.sizeI()}, inputs,
                streams.stream("input/liquid"));
        Network.Builder b = Network.builder().dt(1).seed(seed)
                .population("E", lattice.sizeE(), LifCurrentNeuron.cuba())
                .population("I", lattice.sizeI(), LifCurrentNeuron.cuba())
                .spikeSource("input", 784, new int[0], new double[0])
                .projection("inE", "input", "E", p -> p.target("ge").topology(input[0]).weight(Values.randomSign(3)))
                .projection("inI", "input", "I", p -> p.target("ge").topology(input[1]).weight(Values.randomSign(3)));
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                String pre = TYPES[a], post = TYPES[c];
                Topology t = lattice.between(pre, post, C[a][c], 3);
                double w = pre.equals("E") ? 3 : -3;
                b.projection(pre + post, pre, post, p -> p.target(pre.equals("E") ? "ge" : "gi").topology(t).weight(w));
            }
        }
        return b.build();
    }

    @Test
    void inputSynapsesAreExactlyTheFifteenPercentOfAllPairsWithRandomSigns() {
        assertEquals(117_600, FixedTotalNumber.ofFraction(784, 1000, 0.15));
        assertEquals(940_800, FixedTotalNumber.ofFraction(784, 8000, 0.15));
        LiquidLattice[] l = new LiquidLattice[1];
        for (long seed : new long[] {1, 2}) {
            Network net = nalsm1000(seed, l);
            SynapseGraph inE = net.graph("inE"), inI = net.graph("inI");
            assertEquals(117_600, inE.size() + inI.size(), "exactly floor(N·784·0.15)");
            // Distinct (input, liquid neuron) pairs.
            Set<Long> pairs = new HashSet<>();
            int positive = 0;
            for (SynapseGraph g : new SynapseGraph[] {inE, inI}) {
                int off = g == inE ? 0 : 800;
                for (int j = 0; j < g.nPre(); j++) {
                    for (int s = g.rowStart()[j]; s < g.rowStart()[j + 1]; s++) {
                        assertTrue(pairs.add(j * 1000L + off + g.targets()[s]), "pair drawn twice");
                        assertEquals(3.0, Math.abs(g.weight(s)), 0);
                        positive += g.weight(s) > 0 ? 1 : 0;
                    }
                }
            }
            // The E share is hypergeometric: mean 0.8·M, variance M·0.8·0.2·(T − M)/(T − 1).
            double m = 117_600, t = 784_000;
            double sdE = Math.sqrt(m * 0.8 * 0.2 * (t - m) / (t - 1));
            assertEquals(0.8 * m, inE.size(), 3 * sdE, "E share");
            assertEquals(m / 2, positive, 3 * Math.sqrt(m / 4), "random signs");
        }
    }

    @Test
    void liquidSynapseCountIsWithinThreeSigmaOfTheLatticeExpectation() {
        LiquidLattice[] l = new LiquidLattice[1];
        for (long seed : new long[] {1, 2, 3}) {
            Network net = nalsm1000(seed, l);
            double mean = 0, var = 0;
            for (int a = 0; a < 2; a++) {
                for (int c = 0; c < 2; c++) {
                    Liquid3D topo = l[0].between(TYPES[a], TYPES[c], C[a][c], 3);
                    int nPre = a == 0 ? l[0].sizeE() : l[0].sizeI(), nPost = c == 0 ? l[0].sizeE() : l[0].sizeI();
                    for (int j = 0; j < nPre; j++) {
                        for (int i = 0; i < nPost; i++) {
                            double p = topo.probability(j, i);
                            mean += p;
                            var += p * (1 - p);
                        }
                    }
                }
            }
            NeuronGroup liquid = new NeuronGroup(net, "E", "I");
            int count = liquid.internalPre().length;
            assertEquals(net.graph("EE").size() + net.graph("EI").size() + net.graph("IE").size() + net.graph("II").size(),
                    count);
            assertEquals(mean, count, 3 * Math.sqrt(var), "seed " + seed);
            int[] pre = liquid.internalPre(), post = liquid.internalPost();
            for (int k = 0; k < count; k++) {
                assertTrue(pre[k] != post[k], "no self connection");
            }
            // Weights: +3 from E, -3 from I (the spec's initial magnitude w_max).
            for (String name : new String[] {"EE", "EI", "IE", "II"}) {
                for (float w : net.graph(name).weights()) {
                    assertEquals(name.startsWith("E") ? 3f : -3f, w);
                }
            }
        }
    }

    @Test
    void fixedTotalNumberIsExactAndUniform() {
        RandomStreams streams = new RandomStreams(9);
        int[] hits = new int[25];
        int reps = 20_000;
        for (int r = 0; r < reps; r++) {
            SynapsePairs p = new FixedTotalNumber(7, true).connect(5, 5, streams.stream("r" + r));
            assertEquals(7, p.size());
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < 7; k++) {
                assertTrue(seen.add(p.pre(k) * 5 + p.post(k)));
                hits[p.pre(k) * 5 + p.post(k)]++;
            }
        }
        double expect = reps * 7 / 25.0, sd = Math.sqrt(reps * (7 / 25.0) * (18 / 25.0));
        for (int h : hits) {
            assertEquals(expect, h, 4 * sd);
        }
        SynapsePairs noSelf = new FixedTotalNumber(20, false).connect(5, 5, streams.stream("x"));
        assertEquals(20, noSelf.size(), "all 20 off-diagonal pairs");
        for (int k = 0; k < 20; k++) {
            assertTrue(noSelf.pre(k) != noSelf.post(k));
        }
        ParameterException e = assertThrows(ParameterException.class,
                () -> new FixedTotalNumber(21, false).connect(5, 5, streams.stream("y")));
        assertTrue(e.getMessage().contains("expected at most 20"), e.getMessage());
        Topology[] parts = FixedTotalNumber.across(4, new int[] {3, 2}, 5, streams.stream("z"));
        e = assertThrows(ParameterException.class, () -> parts[1].connect(4, 3, streams.stream("w")));
        assertTrue(e.getMessage().contains("drawn for 4 pre and 2 post"), e.getMessage());
        assertEquals(5, parts[0].connect(4, 3, null).size() + parts[1].connect(4, 2, null).size());
    }
}
