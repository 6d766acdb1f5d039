package org.spinel.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.RuleInstance;
import org.spinel.networks.plasticity.WeightUpdater;
import org.spinel.networks.topology.SynapsePairs;

/**
 * The NALSM STDP configuration of {@link StdpRule} against the spec's per-ms equations written out literally
 * (nalsm.md): traces {@code x ← e^(−1/10)·(x + 0.1·S)}, and per synapse j → i with the traces of the previous ms
 * {@code Δw = η₊·x_j·S_i − A₋·x_i·S_j} (excitatory or input j) or {@code −A₋·x_j·S_i + η₊·x_i·S_j} (inhibitory j),
 * on random spike trains through the rule's event-driven handlers, called in the engine's order.
 */
class NalsmStdpReferenceTest {
    static final int PRE = 12, POST = 9, STEPS = 600;
    static final double ETA = 0.15, A_MINUS = 0.15, D = Math.exp(-1 / 10.0);

    static StdpRule nalsm(StdpRule.Presynaptic type) {
        return StdpRule.builder().aPlus(ETA).aMinus(A_MINUS).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).presynaptic(type).build();
    }

    static void compare(StdpRule.Presynaptic type, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        SynapsePairs pairs = new SynapsePairs();
        for (int j = 0; j < PRE; j++) {
            for (int i = 0; i < POST; i++) {
                if (rng.nextDouble() < 0.5) {
                    pairs.add(j, i);
                }
            }
        }
        int m = pairs.size();
        SynapseGraph g = SynapseGraph.fromPairs(PRE, POST, pairs, new float[m], filled(m, 1));
        double[] w = new double[m];
        WeightUpdater u = new WeightUpdater() {
            @Override
            public double weight(int s) {
                return w[s];
            }

            @Override
            public void update(int s, double potentiation, double depression) {
                w[s] += potentiation + depression;
            }
        };
        RuleInstance rule = nalsm(type).bind(g, 1, 1.0);
        // Reference state: traces per neuron, weights per synapse (same CSR order).
        double[] xPre = new double[PRE], xPost = new double[POST], ref = new double[m];
        int[] src = g.sources(), tgt = g.targets(), row = g.rowStart();
        boolean inh = type == StdpRule.Presynaptic.INHIBITORY;
        int events = 0;
        for (int t = 0; t < STEPS; t++) {
            boolean[] sPre = new boolean[PRE], sPost = new boolean[POST];
            for (int j = 0; j < PRE; j++) {
                sPre[j] = rng.nextDouble() < 0.12;
            }
            for (int i = 0; i < POST; i++) {
                sPost[i] = rng.nextDouble() < 0.12;
            }
            // Spec: STDP with the traces of the previous ms, then traces.
            for (int s = 0; s < m; s++) {
                int j = src[s], i = tgt[s];
                double sj = sPre[j] ? 1 : 0, si = sPost[i] ? 1 : 0;
                ref[s] += inh ? -A_MINUS * xPre[j] * si + ETA * xPost[i] * sj
                        : ETA * xPre[j] * si - A_MINUS * xPost[i] * sj;
                events += (sj + si) > 0 ? 1 : 0;
            }
            for (int j = 0; j < PRE; j++) {
                xPre[j] = D * (xPre[j] + (sPre[j] ? 0.1 : 0));
            }
            for (int i = 0; i < POST; i++) {
                xPost[i] = D * (xPost[i] + (sPost[i] ? 0.1 : 0));
            }
            // Engine order: every pre spike (ascending), then every post spike.
            for (int j = 0; j < PRE; j++) {
                if (sPre[j]) {
                    rule.onPreSpike(j, t, row[j], row[j + 1], 0, u);
                }
            }
            for (int i = 0; i < POST; i++) {
                if (sPost[i]) {
                    rule.onPostSpike(i, t, 0, u);
                }
            }
        }
        assertTrue(events > 1000, "enough spike events: " + events);
        double maxAbs = 0;
        for (int s = 0; s < m; s++) {
            assertEquals(ref[s], w[s], 1e-12, type + " synapse " + s);
            maxAbs = Math.max(maxAbs, Math.abs(ref[s]));
        }
        assertTrue(maxAbs > 0.01, "weights moved: " + maxAbs);
    }

    static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void excitatoryAndInputPresynapticFollowTheSpecEquations() {
        compare(StdpRule.Presynaptic.EXCITATORY, 1);
        compare(StdpRule.Presynaptic.EXCITATORY, 2);
    }

    @Test
    void inhibitoryPresynapticSwapsTheSigns() {
        compare(StdpRule.Presynaptic.INHIBITORY, 3);
        compare(StdpRule.Presynaptic.INHIBITORY, 4);
    }

    /** The trace after one spike: 0.1·e^(−Δ/10) Δ ms later, read by a post spike (η₊ = 1 isolates it). */
    @Test
    void traceDecaysAsTheSpecRecurrence() {
        StdpRule rule = StdpRule.builder().aPlus(1).aMinus(0).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).build();
        SynapsePairs one = SynapsePairs.of(new int[] {0}, new int[] {0});
        for (int lag = 0; lag <= 40; lag++) {
            SynapseGraph g = SynapseGraph.fromPairs(1, 1, one, new float[1], new int[] {1});
            double[] w = {0};
            WeightUpdater u = new WeightUpdater() {
                @Override
                public double weight(int s) {
                    return w[s];
                }

                @Override
                public void update(int s, double p, double d) {
                    w[s] += p + d;
                }
            };
            RuleInstance r = rule.bind(g, 1, 1.0);
            r.onPreSpike(0, 100, 0, 1, 0, u);
            r.onPostSpike(0, 100 + lag, 0, u);
            double x = 0; // the spec's recurrence, iterated
            for (int t = 100; t < 100 + lag; t++) {
                x = D * (x + (t == 100 ? 0.1 : 0));
            }
            assertEquals(x, w[0], 1e-15, "lag " + lag);
            assertEquals(lag == 0 ? 0 : 0.1 * Math.exp(-lag / 10.0), w[0], 1e-15);
            // Hand-computed: 0.1·e^(−1/10) = 0.0904837418..., 0.1·e^(−1) = 0.0367879441..., 0.1·e^(−4) = 0.0018315638...
            if (lag == 1) {
                assertEquals(0.09048374180359596, w[0], 1e-15);
            } else if (lag == 10) {
                assertEquals(0.036787944117144235, w[0], 1e-15);
            } else if (lag == 40) {
                assertEquals(0.0018315638888734178, w[0], 1e-15);
            }
        }
    }
}
