package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.spinel.experiments.examples.CubaNetwork;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.Recording;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** CUBA N = 4000 against Brian 2's figures (../shared/bench/README.md: 220 831 spikes in 10 s = 5.5 Hz). */
class CubaNetworkTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void meanRateWithinTenPercentOfBrian2(long seed) {
        Network net = CubaNetwork.build(4000, seed, true);
        assertEquals(4000 * 4000 * 0.02, net.synapseCount(), 3 * Math.sqrt(4000 * 4000 * 0.02 * 0.98));
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(4000);
            double rate = sim.spikeCount() / 4000.0 / 4.0;
            assertEquals(5.5, rate, 0.55, "seed " + seed + ": mean rate " + rate + " Hz");
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalSpikeTrains() {
        Network net = CubaNetwork.build(4000, 11, true);
        Recording r1, r2;
        try (Simulation s1 = Backends.get("java").compile(net, SimulationOptions.threads(1));
                Simulation s2 = Backends.get("java").compile(net, SimulationOptions.threads(2))) {
            s1.run(500);
            s2.run(500);
            r1 = s1.recording();
            r2 = s2.recording();
        }
        assertTrue(r1.spikes("E").count() > 1000);
        assertEquals(r1.spikes("E"), r2.spikes("E"));
        assertEquals(r1.spikes("I"), r2.spikes("I"));
    }
}
