package org.spinel.networks.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.spinel.networks.CurrentProfile;
import org.spinel.networks.Network;
import org.spinel.networks.topology.SynapsePairs;
import org.spinel.networks.topology.Topology;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;
import org.junit.jupiter.api.Test;

/** Engine semantics of the Java backend: delays, determinism across threads, continuation, errors. */
class JavaEngineTest {

    /** Random connectivity written here (independent of the topology package): each pair with probability p. */
    static Topology bernoulli(double p) {
        return new Topology() {
            @Override
            public SynapsePairs connect(int nPre, int nPost, org.apache.commons.rng.UniformRandomProvider rng) {
                SynapsePairs s = new SynapsePairs();
                for (int j = 0; j < nPre; j++) {
                    for (int i = 0; i < nPost; i++) {
                        if (rng.nextDouble() < p) {
                            s.add(j, i);
                        }
                    }
                }
                return s;
            }

            @Override
            public String describe() {
                return "bernoulli(" + p + ")";
            }
        };
    }

    static Topology pairs(int[] pre, int[] post) {
        return new Topology() {
            @Override
            public SynapsePairs connect(int nPre, int nPost, org.apache.commons.rng.UniformRandomProvider rng) {
                return SynapsePairs.of(pre, post);
            }

            @Override
            public String describe() {
                return "explicit";
            }
        };
    }

    static Network randomNet(long seed) {
        return Network.builder().dt(0.1).seed(seed)
                .poissonSource("noise", 200, 20)
                .population("E", 160, LifCurrentNeuron.cuba(), Map.of("v", (a, b, r) -> -60 + 10 * r.nextDouble()))
                .population("I", 40, LifCurrentNeuron.cuba(), Map.of("v", (a, b, r) -> -60 + 10 * r.nextDouble()))
                .projection("noise-E", "noise", "E", p -> p.target("ge").topology(bernoulli(0.1)).weight(2.0)
                        .delay((a, b, r) -> 0.1 + 0.1 * (int) (r.nextDouble() * 20)))
                .projection("EE", "E", "E", p -> p.target("ge").topology(bernoulli(0.1)).weight(1.62))
                .projection("EI", "E", "I", p -> p.target("ge").topology(bernoulli(0.1)).weight(1.62).delay(0.5))
                .projection("IE", "I", "E", p -> p.target("gi").topology(bernoulli(0.1)).weight(-9))
                .projection("II", "I", "I", p -> p.target("gi").topology(bernoulli(0.1)).weight(-9))
                .current("drive", "I", CurrentProfile.step(300, 10, 200))
                .recordSpikes("E").recordSpikes("I").recordState("E", "v", new int[] {0, 5, 159}, 3).build();
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        Network net = randomNet(7);
        Recording r1, r2;
        try (Simulation s1 = Backends.get("java").compile(net, SimulationOptions.threads(1));
                Simulation s2 = Backends.get("java").compile(net, SimulationOptions.threads(2))) {
            s1.run(300);
            s2.run(300);
            r1 = s1.recording();
            r2 = s2.recording();
            assertEquals(s1.synapticEvents(), s2.synapticEvents());
            assertEquals(2, s2.threads());
        }
        assertTrue(r1.spikes("E").count() > 100, "network should be active: " + r1.spikes("E").count());
        assertEquals(r1.spikes("E"), r2.spikes("E"));
        assertEquals(r1.spikes("I"), r2.spikes("I"));
        StateTrace a = r1.trace("E", "v"), b = r2.trace("E", "v");
        for (int r = 0; r < a.length(); r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(a.value(r, c), b.value(r, c), 0.0);
            }
        }
    }

    @Test
    void continuedRunsEqualOneLongRunAndResetRestarts() {
        Network net = randomNet(3);
        try (Simulation one = Backends.get("java").compile(net, SimulationOptions.defaults());
                Simulation split = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            one.run(200);
            split.run(50);
            split.run(0.1);
            split.run(149.9);
            assertEquals(one.step(), split.step());
            assertEquals(one.recording().spikes("E"), split.recording().spikes("E"));
            assertArrayEquals(one.state("E", "v"), split.state("E", "v"));
            SpikeTrains first = one.recording().spikes("E");
            one.reset();
            assertEquals(0, one.step());
            one.run(200);
            assertEquals(first, one.recording().spikes("E"));
        }
    }

    @Test
    void constantCurrentDrivesTheClosedForm() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().vThreshold(1000).build();
        Network net = Network.builder().dt(0.1).population("P", 2, m).current("I", "P", CurrentProfile.constant(100))
                .recordState("P", "v", null, 1).build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(100);
            StateTrace v = sim.recording().trace("P", "v");
            for (int r = 0; r < v.length(); r++) {
                double exact = m.subthreshold(v.time(r), m.vRest(), 0, 0, 100);
                assertEquals(exact, v.value(r, 1), 1e-6 * Math.abs(exact));
            }
        }
    }

    @Test
    void nonFiniteStateNamesPopulationNeuronAndTime() {
        Network net = Network.builder().dt(0.1).population("P", 4, LifCurrentNeuron.builder().vThreshold(1000).build())
                .current("bad", "P", new int[] {2}, t -> t >= 1.0 ? Double.NaN : 0).build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(2))) {
            SimulationException e = assertThrows(SimulationException.class, () -> sim.run(10));
            assertTrue(e.getMessage().contains("\"P\""), e.getMessage());
            assertTrue(e.getMessage().contains("neuron 2"), e.getMessage());
            assertTrue(e.getMessage().contains("t = 1.1 ms"), e.getMessage());
        }
    }

    @Test
    void badDescriptionsNameTheItem() {
        var model = LifCurrentNeuron.cuba();
        assertMessage(() -> Network.builder().population("P", 0, model).build(), "\"P\".size = 0", "at least 1");
        assertMessage(() -> Network.builder().population("P", 10, model)
                .projection("x", "P", "Q", p -> p.target("ge").topology(bernoulli(0.1)).weight(1)).build(),
                "\"x\".post = \"Q\"", "[P]");
        assertMessage(() -> Network.builder().population("P", 10, model)
                .projection("x", "P", "P", p -> p.target("ge").topology(bernoulli(0.5)).weight(1).delay(0.04)).build(),
                "delay", "at least one step");
        assertMessage(() -> Network.builder().population("P", 10, model)
                .projection("x", "P", "P", p -> p.target("gx").topology(bernoulli(0.5)).weight(1)).build(),
                "target = \"gx\"", "[ge, gi]");
        assertMessage(() -> Network.builder().dt(-0.1).population("P", 10, model).build(), "dt = -0.1", "> 0");
        assertMessage(() -> Network.builder().population("P", 10, model)
                .projection("x", "P", "P", p -> p.target("ge").topology(bernoulli(0.5)).weight(Double.NaN)).build(),
                "weight", "finite");
        // finite as a double, infinite as the float weights are stored in
        assertMessage(() -> Network.builder().population("P", 10, model)
                .projection("x", "P", "P", p -> p.target("ge").topology(bernoulli(0.5)).weight(-1e39)).build(),
                "weight", "= -1.0E39", "at most 3.4028235E38 (weights are single precision)");
        assertMessage(() -> LifCurrentNeuron.builder().tauM(-20).build(), "tauM = -20.0", "> 0");
        assertMessage(() -> LifCurrentNeuron.builder().tauE(Double.NaN).build(), "tauE = NaN", "> 0");
        assertMessage(() -> Backends.get("cuda"), "backend = \"cuda\"", "java");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable ex, String... parts) {
        ParameterException e = assertThrows(ParameterException.class, ex);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" should contain \"" + p + "\"");
        }
    }
}
