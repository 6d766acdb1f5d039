package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SurrogateGradientNetwork#workspaceBytes}, computed without building anything, equals the arrays a built
 * workspace holds: its {@link SurrogateGradientNetwork.Workspace#stateBytes()} plus its weight gradients (as many
 * doubles as the network has weights).
 */
class WorkspaceBytesTest {
    @Test
    void equalsTheBuiltWorkspacesArrays() {
        List<LayerConfig> layers = List.of(LayerConfig.hidden(7, true), LayerConfig.hidden(5, false),
                LayerConfig.readout(3));
        int inputs = 11, steps = 13;
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(inputs, layers, 1,
                SpikeFunction.trueGradient());
        long weights = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            weights += net.weights(l).length + (net.recurrentWeights(l) == null ? 0 : net.recurrentWeights(l).length);
        }
        double built = net.workspace(steps).stateBytes() + 8.0 * weights;
        assertEquals(built, SurrogateGradientNetwork.workspaceBytes(inputs, layers, steps), 0);
        assertEquals(7 * 11 + 7 * 7 + 5 * 7 + 3 * 5, weights, "the weights counted");
    }
}
