package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.results.SpikeTrains;

/**
 * The one-launch-per-step form of all-LIF-CUBA static networks ({@code FusedLif}) against the per-population,
 * per-projection launches on the same device: both sum synaptic input in the same exact fixed point and update with
 * the same lanes, so spike trains, counts, events and states must be identical (not just close), through heterogeneous
 * delays, populations of different sizes and parameters (offsets, padding, uneven partitions), several runs, weight
 * changes and a reset.
 */
class OpenClFusedLifTest {
    private static Network network(boolean recordAll) {
        LifCurrentNeuron a = LifCurrentNeuron.cuba();
        LifCurrentNeuron b = LifCurrentNeuron.builder().tauM(15).tauE(4).tRef(2).build();
        var v0 = Map.of("v", Values.uniform(-60, -50));
        Network.Builder nb = Network.builder().dt(0.1).seed(7)
                .population("E", 803, a, v0).population("I", 197, b, v0).population("X", 45, a, v0);
        nb.projection("EE", "E", "E", p -> p.target("ge").topology(new FixedProbability(0.05, true)).weight(1.7)
                .delay(Values.uniform(0.1, 1.5)));
        nb.projection("EI", "E", "I", p -> p.target("ge").topology(new FixedProbability(0.05, true)).weight(1.7)
                .delay(0.1));
        nb.projection("IE", "I", "E", p -> p.target("gi").topology(new FixedProbability(0.05, true)).weight(-9)
                .delay(0.3));
        nb.projection("II", "I", "I", p -> p.target("gi").topology(new FixedProbability(0.05, true)).weight(-9));
        nb.projection("EX", "E", "X", p -> p.target("ge").topology(new FixedProbability(0.2, true))
                .weight(Values.uniform(0.5, 2.5)).delay(0.2));
        nb.recordSpikes("E").recordSpikes("X").recordRate("I", 1.0);
        if (recordAll) {
            nb.recordSpikes("I");
        }
        return nb.build();
    }

    private static Simulation compile(Network net, boolean fused) {
        String old = System.getProperty("spinel.opencl.fusedLif");
        System.setProperty("spinel.opencl.fusedLif", Boolean.toString(fused));
        try {
            return new OpenClBackend().compile(net, org.spinel.networks.engine.SimulationOptions.threads(1));
        } finally {
            if (old == null) {
                System.clearProperty("spinel.opencl.fusedLif");
            } else {
                System.setProperty("spinel.opencl.fusedLif", old);
            }
        }
    }

    private static void requireOpenCl() {
        boolean have = OpenClDevice.probe().chosen() != null;
        if ("1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"))) {
            assertTrue(have, "SPINEL_REQUIRE_OPENCL=1 but no OpenCL device: " + OpenClDevice.probe().reason());
        }
        assumeTrue(have, "no OpenCL device");
    }

    private static void assertSame(Simulation a, Simulation b) {
        assertEquals(a.step(), b.step());
        assertEquals(a.spikeCount(), b.spikeCount(), "spikes");
        assertEquals(a.synapticEvents(), b.synapticEvents(), "synaptic events");
        for (String pop : new String[] {"E", "I", "X"}) {
            for (String var : new String[] {"v", "ge", "gi"}) {
                assertArrayEquals(a.state(pop, var), b.state(pop, var), pop + "." + var);
            }
        }
        var ra = a.recording();
        var rb = b.recording();
        for (String pop : ra.spikes().keySet()) {
            SpikeTrains x = ra.spikes().get(pop), y = rb.spikes().get(pop);
            assertArrayEquals(x.steps(), y.steps(), pop + " spike steps");
            assertArrayEquals(x.senders(), y.senders(), pop + " spike senders");
        }
        var qa = ra.rates().get("I");
        var qb = rb.rates().get("I");
        assertEquals(qa.length(), qb.length());
        for (int r = 0; r < qa.length(); r++) {
            assertEquals(qa.count(r), qb.count(r), "I rate bin " + r);
        }
    }

    @Test
    void fusedStepsEqualPerProjectionLaunches() {
        requireOpenCl();
        Network net = network(true);
        assertTrue(OpenClSimulation.fusedLifNetwork(net));
        try (Simulation f = compile(net, true); Simulation u = compile(net, false)) {
            f.runSteps(733);
            u.runSteps(733);
            assertTrue(f.spikeCount() > 300, "the network is active: " + f.spikeCount());
            assertSame(f, u);
            f.runSteps(1); // a run of one step (a flush per run) and a continuation
            u.runSteps(1);
            f.runSteps(400);
            u.runSteps(400);
            assertSame(f, u);
            float[] w = f.weights("EX");
            for (int s = 0; s < w.length; s++) {
                w[s] = s % 3 == 0 ? 0f : 3 * w[s];
            }
            f.setWeights("EX", w);
            u.setWeights("EX", w);
            assertArrayEquals(w, f.weights("EX"));
            f.runSteps(300);
            u.runSteps(300);
            assertSame(f, u);
            long before = f.spikeCount();
            f.reset();
            u.reset();
            f.resetWeights();
            u.resetWeights();
            f.runSteps(733);
            u.runSteps(733);
            assertSame(f, u);
            assertTrue(f.spikeCount() < before);
        }
    }

    @Test
    void onlyStaticLifCurrentNetworksAreFused() {
        assertTrue(OpenClSimulation.fusedLifNetwork(network(false)));
        Network withState = Network.builder().dt(0.1).population("P", 10, LifCurrentNeuron.cuba())
                .recordState("P", "v", new int[] {0, 1}, 1).build();
        assertEquals(false, OpenClSimulation.fusedLifNetwork(withState), "state monitors take the general path");
    }
}
