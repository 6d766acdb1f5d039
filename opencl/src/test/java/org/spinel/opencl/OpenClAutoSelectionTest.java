package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.LifCurrentNeuron;

/**
 * {@code auto} passes over OpenCL where it would be slower than Java: on a CPU device every network but a fused
 * Chialvo ring-star runs on Java, saying why; on a GPU OpenCL is taken. Naming the backend always runs it.
 */
class OpenClAutoSelectionTest {
    private static Network lif() {
        return Network.builder().dt(0.1).population("P", 100, LifCurrentNeuron.cuba())
                .projection("PP", "P", "P", p -> p.target("ge").topology(new org.spinel.networks.topology.FixedProbability(0.1,
                        false)).weight(1)).build();
    }

    private static Network ringStar() {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).build();
        return Network.builder().dt(1).population("rs", 50, m, java.util.Map.of("x", Values.uniform(0, 1)))
                .coupling("c", "rs", "x", new RingStarTopology(50, 2).coupling(0.001, 0.02, 0, 0.005)).recordSpikes("rs")
                .build();
    }

    @Test
    void autoTakesOpenClOnlyWhereItIsExpectedToBeFaster() {
        OpenClDevice.Probe p = OpenClDevice.probe();
        OpenClBackend b = new OpenClBackend();
        if (p.chosen() == null) {
            assertEquals("java", Backends.select("auto", lif()).backend().name());
            return;
        }
        assertEquals(null, b.slowerThanJava(ringStar()), "a fused ring-star is faster on OpenCL on any device");
        assertEquals("opencl", Backends.select("auto", ringStar()).backend().name());
        var sel = Backends.select("auto", lif());
        if (p.chosen().gpu()) {
            assertEquals("opencl", sel.backend().name());
        } else {
            assertEquals("java", sel.backend().name());
            assertTrue(sel.reason().contains("CPU") && sel.reason().contains("--backend opencl"), sel.reason());
        }
        assertEquals("opencl", Backends.select("opencl", lif()).backend().name(), "naming it still runs it");
    }
}
