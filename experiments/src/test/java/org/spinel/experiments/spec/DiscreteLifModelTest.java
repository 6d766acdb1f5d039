package org.spinel.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.neurons.DiscreteLifNeuron;

/** {@code "type": "lif-discrete"} selects {@link DiscreteLifNeuron} with every parameter read, or its defaults. */
class DiscreteLifModelTest {
    static Experiment read(String model) {
        String doc = "{\"name\": \"t\", \"duration\": \"10 ms\", \"dt\": \"1 ms\", \"populations\": [{\"name\": \"H\", "
                + "\"size\": 3, \"model\": " + model + "}]}";
        return ExperimentReader.read(ExperimentReader.parseJson(doc, "test"), Map.of());
    }

    @Test
    void parametersAreReadAndDefaultsAreTheBuilders() {
        var m = (DiscreteLifNeuron) read("{\"type\": \"lif-discrete\", \"tauMem\": \"20 ms\", \"tauSyn\": \"0.004 s\", "
                + "\"threshold\": 0.5, \"reset\": \"subtract\", \"spiking\": false, \"spikeAtThreshold\": true}")
                .network().populations().get("H").model();
        assertEquals(20, m.tauMem());
        assertEquals(4, m.tauSyn(), 1e-12);
        assertEquals(0.5, m.threshold());
        assertEquals(DiscreteLifNeuron.Reset.SUBTRACT, m.reset());
        assertFalse(m.spiking());
        assertTrue(m.spikeAtThreshold());
        var d = (DiscreteLifNeuron) read("{\"type\": \"lif-discrete\"}").network().populations().get("H").model();
        assertEquals(10, d.tauMem());
        assertEquals(5, d.tauSyn());
        assertEquals(DiscreteLifNeuron.Reset.ZERO, d.reset());
        assertTrue(d.spiking());
        assertFalse(d.spikeAtThreshold());
    }

    @Test
    void badResetIsNamedWithItsPointer() {
        ExperimentException e = assertThrows(ExperimentException.class, () -> read("{\"type\": \"lif-discrete\", "
                + "\"reset\": \"subtact\"}"));
        assertTrue(e.getMessage().contains("/populations/0/model/reset") && e.getMessage().contains("subtract"),
                e.getMessage());
    }
}
