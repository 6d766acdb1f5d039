package org.spinel.networks.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.topology.OneToOne;
import org.spinel.neurons.NalsmLifNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.results.SpikeTrains;

/** External sources: the fed spikes are emitted and delivered; reset removes the feed; bad feeds are reported. */
class ExternalSourceTest {
    static Network net() {
        return Network.builder().dt(1).seed(3).externalSource("drive", 4)
                .population("in", 4, NalsmLifNeuron.nalsm())
                .projection("pulse", "drive", "in", p -> p.target("x").topology(new OneToOne()).weight(100))
                .recordSpikes("drive").recordSpikes("in").build();
    }

    @Test
    void fedSpikesDriveTheInputNeuronsOneStepLater() {
        try (Simulation sim = Backends.get("java").compile(net(), SimulationOptions.threads(2))) {
            sim.runSteps(5);
            assertEquals(0, sim.recording().spikes().get("drive").count(), "silent without a feed");
            sim.reset();
            sim.feed("drive", (step, out) -> {
                if (step < 4) {
                    out[0] = (int) step; // source k spikes in step k
                    return 1;
                }
                return 0;
            });
            sim.runSteps(8);
            SpikeTrains d = sim.recording().spikes().get("drive"), in = sim.recording().spikes().get("in");
            assertEquals(4, d.count());
            assertEquals(4, in.count());
            for (int k = 0; k < 4; k++) {
                assertEquals(k, d.sender(k));
                assertEquals(k, d.step(k));
                assertEquals(k, in.sender(k));
                assertEquals(k + 1, in.step(k), "pulse arrives in the next step, which fires the input neuron");
            }
            sim.reset();
            sim.runSteps(8);
            assertEquals(0, sim.recording().spikes().get("drive").count(), "reset removes the feed");
        }
    }

    @Test
    void badFeedsAndNamesAreReported() {
        try (Simulation sim = Backends.get("java").compile(net(), SimulationOptions.threads(1))) {
            sim.feed("drive", (step, out) -> {
                out[0] = 2;
                out[1] = 1;
                return 2;
            });
            ParameterException e = assertThrows(ParameterException.class, () -> sim.runSteps(1));
            assertTrue(e.getMessage().contains("increasing neuron indices in [0, 3]"), e.getMessage());
            sim.reset();
            sim.feed("drive", (step, out) -> 5);
            e = assertThrows(ParameterException.class, () -> sim.runSteps(1));
            assertTrue(e.getMessage().contains("expected 0 to 4"), e.getMessage());
            e = assertThrows(ParameterException.class, () -> sim.feed("driv", (s, o) -> 0));
            assertTrue(e.getMessage().contains("driv"), e.getMessage());
        }
        Network poisson = Network.builder().dt(1).poissonSource("p", 3, 10).population("a", 1, NalsmLifNeuron.nalsm())
                .build();
        try (Simulation sim = Backends.get("java").compile(poisson, SimulationOptions.threads(1))) {
            ParameterException e = assertThrows(ParameterException.class, () -> sim.feed("p", (s, o) -> 0));
            assertTrue(e.getMessage().contains("not an external source"), e.getMessage());
        }
    }

    @Test
    void sameSpikesForAnyThreadCount() {
        long[][] steps = new long[2][];
        int[][] senders = new int[2][];
        for (int t = 1; t <= 2; t++) {
            try (Simulation sim = Backends.get("java").compile(net(), SimulationOptions.threads(t))) {
                sim.feed("drive", (step, out) -> {
                    int c = 0;
                    for (int k = 0; k < 4; k++) {
                        if ((step * 7 + k * 3) % 5 < 2) {
                            out[c++] = k;
                        }
                    }
                    return c;
                });
                sim.runSteps(50);
                SpikeTrains in = sim.recording().spikes().get("in");
                steps[t - 1] = new long[in.count()];
                senders[t - 1] = new int[in.count()];
                for (int k = 0; k < in.count(); k++) {
                    steps[t - 1][k] = in.step(k);
                    senders[t - 1][k] = in.sender(k);
                }
            }
        }
        assertTrue(steps[0].length > 10);
        assertArrayEquals(steps[0], steps[1]);
        assertArrayEquals(senders[0], senders[1]);
    }
}
