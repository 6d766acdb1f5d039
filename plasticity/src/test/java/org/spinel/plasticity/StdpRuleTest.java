package org.spinel.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.SynapsePairs;
import org.spinel.networks.topology.Topology;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.junit.jupiter.api.Test;

/** STDP through the engine: a pre source and a post neuron made to spike at chosen steps. */
class StdpRuleTest {
    static final double DT = 0.1;

    static Topology oneToOne() {
        return new Topology() {
            @Override
            public SynapsePairs connect(int nPre, int nPost, org.apache.commons.rng.UniformRandomProvider rng) {
                SynapsePairs s = new SynapsePairs();
                for (int i = 0; i < nPre; i++) {
                    s.add(i, i);
                }
                return s;
            }

            @Override
            public String describe() {
                return "one-to-one";
            }
        };
    }

    /**
     * Pre spikes at {@code preStep}; the post neuron is kicked so that it spikes at {@code postStep}. Returns the
     * weight change of the plastic synapse (initial weight w0).
     */
    static double pairing(StdpRule rule, long preStep, long postStep, double w0, WeightBounds bounds, int threads) {
        // The kick arrives at the start of postStep (source spike one step earlier, delay 1 step) and is large enough
        // to cross threshold within that step's update.
        Network net = Network.builder().dt(DT)
                .spikeSource("pre", 1, new int[] {0}, new double[] {preStep * DT})
                .spikeSource("kick", 1, new int[] {0}, new double[] {(postStep - 1) * DT})
                .population("post", 1, LifCurrentNeuron.builder().vRest(-70).tauE(0.05).build())
                .projection("plastic", "pre", "post", p -> p.target("ge").topology(oneToOne()).weight(w0)
                        .plasticity(PlasticityPipeline.online(rule, bounds)))
                .projection("drive", "kick", "post", p -> p.target("ge").topology(oneToOne()).weight(1e5))
                .recordSpikes("post").build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(threads))) {
            sim.run((Math.max(preStep, postStep) + 20) * DT);
            assertEquals(1, sim.recording().spikes("post").count(), "post spikes once");
            assertEquals(postStep, sim.recording().spikes("post").step(0), "post spike step");
            return sim.weights("plastic")[0] - w0;
        }
    }

    @Test
    void additivePairingReproducesTheExponentialWindow() {
        StdpRule rule = StdpRule.builder().aPlus(0.01).aMinus(0.012).tauPlus(16.8).tauMinus(33.7).build();
        for (int lag = -400; lag <= 400; lag += 25) {
            long pre = 500, post = pre + lag;
            double dtMs = lag * DT;
            double expected = dtMs >= 0 ? 0.01 * Math.exp(-dtMs / 16.8) : -0.012 * Math.exp(dtMs / 33.7);
            double got = pairing(rule, pre, post, 0.5, WeightBounds.none(), 1);
            // Weights are stored as float: 0.5 + Δw is exact to ~3e-8, well inside 1e-6.
            assertEquals(expected, got, 1e-6, "Δt = " + dtMs + " ms");
            assertEquals(rule.window(dtMs), got, 1e-6);
        }
    }

    @Test
    void longGapsPastTheDecayTableFollowTheSameWindow() {
        // Trace decays for gaps below StdpRule.DECAY_TABLE steps are tabulated, longer ones call Math.exp: both sides
        // of the switch must give the exponential window (slow traces make the far end measurable).
        StdpRule rule = StdpRule.builder().aPlus(0.01).aMinus(0.012).tauPlus(1000).tauMinus(1500).build();
        int t = StdpRule.DECAY_TABLE;
        for (int lag : new int[] {t - 1, t, t + 1, 6000, -(t - 1), -t, -(t + 1), -6000}) {
            long pre = lag >= 0 ? 10 : 10 - lag, post = pre + lag;
            double dtMs = lag * DT;
            double expected = dtMs >= 0 ? 0.01 * Math.exp(-dtMs / 1000) : -0.012 * Math.exp(dtMs / 1500);
            assertEquals(expected, pairing(rule, pre, post, 0.5, WeightBounds.none(), 1), 1e-6, "Δt = " + dtMs + " ms");
        }
    }

    @Test
    void pairingIsTheSameWithTwoThreads() {
        StdpRule rule = StdpRule.builder().build();
        assertEquals(pairing(rule, 300, 350, 0.5, WeightBounds.none(), 1),
                pairing(rule, 300, 350, 0.5, WeightBounds.none(), 2), 0.0);
    }

    @Test
    void multiplicativeDependenceScalesWithDistanceToBounds() {
        StdpRule rule = StdpRule.builder().aPlus(0.1).aMinus(0.1).tauPlus(20).tauMinus(20).range(0, 2)
                .weightDependence(StdpRule.WeightDependence.MULTIPLICATIVE).build();
        double w0 = 0.5;
        double up = pairing(rule, 300, 400, w0, WeightBounds.hard(0, 2), 1);
        assertEquals(0.1 * (2 - w0) * Math.exp(-10.0 / 20), up, 1e-6);
        double down = pairing(rule, 400, 300, w0, WeightBounds.hard(0, 2), 1);
        assertEquals(-0.1 * (w0 - 0) * Math.exp(-10.0 / 20), down, 1e-6);
    }

    @Test
    void hardBoundsClip() {
        StdpRule rule = StdpRule.builder().aPlus(1).aMinus(1).build();
        double up = pairing(rule, 300, 301, 0.5, WeightBounds.hard(0, 0.6), 1);
        assertEquals(0.1, up, 1e-6);
        double down = pairing(rule, 301, 300, 0.5, WeightBounds.hard(0.2, 1), 1);
        assertEquals(-0.3, down, 1e-6);
    }

    @Test
    void allToAllSumsPairsNearestKeepsOne() {
        // Two pre spikes 10 ms and 20 ms before one post spike.
        for (StdpRule.Pairing pairing : StdpRule.Pairing.values()) {
            StdpRule rule = StdpRule.builder().aPlus(0.01).aMinus(0).tauPlus(20).pairing(pairing).build();
            Network net = Network.builder().dt(DT)
                    .spikeSource("pre", 1, new int[] {0, 0}, new double[] {10.0, 20.0})
                    .spikeSource("kick", 1, new int[] {0}, new double[] {29.9})
                    .population("post", 1, LifCurrentNeuron.builder().vRest(-70).tauE(0.05).build())
                    .projection("plastic", "pre", "post", p -> p.target("ge").topology(oneToOne()).weight(0.0)
                            .plasticity(PlasticityPipeline.online(rule, WeightBounds.none())))
                    .projection("drive", "kick", "post", p -> p.target("ge").topology(oneToOne()).weight(1e5)).build();
            try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
                sim.run(40);
                double expected = pairing == StdpRule.Pairing.ALL_TO_ALL
                        ? 0.01 * (Math.exp(-10.0 / 20) + Math.exp(-20.0 / 20))
                        : 0.01 * Math.exp(-10.0 / 20);
                assertEquals(expected, sim.weights("plastic")[0], 1e-7, pairing.name());
            }
        }
    }

    @Test
    void perTrialApplicationWaitsForApplyPlasticity() {
        StdpRule rule = StdpRule.builder().aPlus(0.01).build();
        Network net = Network.builder().dt(DT)
                .spikeSource("pre", 1, new int[] {0}, new double[] {10.0})
                .spikeSource("kick", 1, new int[] {0}, new double[] {14.9})
                .population("post", 1, LifCurrentNeuron.builder().vRest(-70).tauE(0.05).build())
                .projection("plastic", "pre", "post", p -> p.target("ge").topology(oneToOne()).weight(0.5)
                        .plasticity(new PlasticityPipeline(rule, java.util.List.of(), null, WeightBounds.hard(0, 1),
                                PlasticityPipeline.Application.PER_TRIAL)))
                .projection("drive", "kick", "post", p -> p.target("ge").topology(oneToOne()).weight(1e5)).build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(30);
            assertEquals(0.5f, sim.weights("plastic")[0]);
            sim.applyPlasticity();
            assertEquals(0.5 + 0.01 * Math.exp(-5.0 / 20), sim.weights("plastic")[0], 1e-7);
        }
    }

    @Test
    void invalidParametersNameTheItem() {
        ParameterException e = assertThrows(ParameterException.class, () -> StdpRule.builder().tauPlus(-1).build());
        assertTrue(e.getMessage().contains("stdp.tauPlus = -1.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> StdpRule.builder().aMinus(Double.NaN).build());
        assertTrue(e.getMessage().contains("stdp.aMinus"), e.getMessage());
    }
}
