package org.spinel.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.results.SpikeTrains;
import org.spinel.results.analysis.BranchingFactor;

/** A liquid split into E and I seen as one group: internal synapses, merged raster, branching factor. */
class NeuronGroupTest {
    static Network liquid() {
        LifCurrentNeuron lif = LifCurrentNeuron.builder().vRest(-60).build();
        return Network.builder().dt(1).seed(3)
                .population("E", 40, lif, Map.of("v", Values.uniform(-60, -50)))
                .population("I", 10, lif, Map.of("v", Values.uniform(-60, -50)))
                .poissonSource("input", 30, 50)
                .projection("inE", "input", "E", p -> p.target("ge").topology(new FixedProbability(0.3, false)).weight(8))
                .projection("EE", "E", "E", p -> p.target("ge").topology(new FixedProbability(0.1, false)).weight(3))
                .projection("EI", "E", "I", p -> p.target("ge").topology(new FixedProbability(0.2, false)).weight(3))
                .projection("IE", "I", "E", p -> p.target("gi").topology(new FixedProbability(0.3, false)).weight(-6))
                .recordSpikes("E").recordSpikes("I").build();
    }

    @Test
    void groupsInternalSynapsesAndMergesSpikes() {
        Network net = liquid();
        NeuronGroup g = new NeuronGroup(net, "E", "I");
        assertEquals(50, g.size());
        assertEquals(40, g.offset("I"));
        int internal = net.graph("EE").size() + net.graph("EI").size() + net.graph("IE").size();
        assertEquals(internal, g.internalPre().length, "input synapses are not internal");
        int[] pre = g.internalPre(), post = g.internalPost();
        for (int k = 0; k < pre.length; k++) {
            assertTrue(pre[k] >= 0 && pre[k] < 50 && post[k] >= 0 && post[k] < 50);
        }
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(300);
            var rec = sim.recording();
            SpikeTrains m = g.mergeSpikes(rec, "liquid");
            assertEquals(rec.spikes("E").count() + rec.spikes("I").count(), m.count());
            assertTrue(m.count() > 100, "the liquid is active: " + m.count());
            int fromI = 0;
            for (int k = 1; k < m.count(); k++) {
                assertTrue(m.step(k) > m.step(k - 1) || (m.step(k) == m.step(k - 1) && m.sender(k) > m.sender(k - 1)));
            }
            for (int k = 0; k < m.count(); k++) {
                fromI += m.sender(k) >= 40 ? 1 : 0;
            }
            assertEquals(rec.spikes("I").count(), fromI);
            BranchingFactor bf = g.branchingFactor();
            double sigma = bf.sample(m, 25, 275);
            double again = BranchingFactor.fromPairs(50, pre, post, 4, BranchingFactor.NoPresynapticSpikes.COUNT_AS_ONE)
                    .sample(m.steps(), m.senders(), 25, 275);
            assertEquals(again, sigma, 0);
            assertTrue(sigma > 0 && Double.isFinite(sigma), "sigma " + sigma);
        }
    }

    @Test
    void badGroupsAreNamed() {
        Network net = liquid();
        ParameterException e = assertThrows(ParameterException.class, () -> new NeuronGroup(net, "E", "X"));
        assertTrue(e.getMessage().contains("\"X\"") && e.getMessage().contains("[E, I]"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> new NeuronGroup(net, "E", "E"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
}
