package org.spinel.networks.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.engine.InitialState;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.NeuronState;
import org.spinel.neurons.ParameterException;

/** Per-neuron initial values in the Java API: each neuron starts at its own value; sizes and values are checked. */
class PerNeuronValuesTest {
    @Test
    void eachNeuronStartsAtItsValueAndOtherVariablesAtTheirDistributionOrDefault() {
        double[] v = {-70, -65.5, -52, -60.25};
        Network net = Network.builder().population("P", 4, LifConductanceNeuron.coba(),
                Map.of("v", Values.perNeuron(v), "ge", Values.constant(3))).build();
        NeuronState s = InitialState.of(net.populations().get("P"), new RandomStreams(7));
        assertArrayEquals(v, s.vars[LifConductanceNeuron.V], 0.0);
        assertArrayEquals(new double[] {3, 3, 3, 3}, s.vars[LifConductanceNeuron.GE], 0.0);
        assertArrayEquals(new double[4], s.vars[LifConductanceNeuron.GI], 0.0);
    }

    @Test
    void theValuesAreCopiedAndMustBeFiniteAndOnePerNeuron() {
        double[] v = {-70, -65};
        PerNeuronValues p = Values.perNeuron(v);
        v[0] = 0;
        assertTrue(p.value(0) == -70 && p.size() == 2);
        ParameterException e = assertThrows(ParameterException.class, () -> Values.perNeuron(-70, Double.NaN));
        assertTrue(e.getMessage().contains("values[1] = NaN") && e.getMessage().contains("finite"), e.getMessage());
        assertThrows(ParameterException.class, () -> Values.perNeuron());
        e = assertThrows(ParameterException.class, () -> Network.builder().population("P", 3,
                LifConductanceNeuron.coba(), Map.of("v", p)));
        assertTrue(e.getMessage().contains("population \"P\".init.v has 2 per-neuron values: expected 3"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Network.builder().population("P", 2,
                LifConductanceNeuron.coba(), Map.of("w", p)));
        assertTrue(e.getMessage().contains("init.w") && e.getMessage().contains("[v, ge, gi]"), e.getMessage());
    }
}
