package org.spinel.plasticity.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.sg.BatchTrainer;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.Loss;
import org.spinel.plasticity.sg.SampleInput;
import org.spinel.plasticity.sg.SgNetworkExport;
import org.spinel.plasticity.sg.SpikeFunction;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.surrogate.FastSigmoid;

/**
 * A surrogate-gradient network runs forward in the engine ({@link SgNetworkExport}) and gives the spikes and
 * readout of {@code SurrogateGradientNetwork.Workspace.forward}: a seeded 20-30-5 network with a recurrent hidden
 * layer (reset to zero and by subtraction; also with a second hidden layer and a spiking output), on random spike
 * inputs, before and after {@link BatchTrainer} steps. Every layer's spike raster must be identical. The readout
 * trace must be identical to the last bit where {@link #exactSums()} (the Java backend performs the same double
 * operations in the same order), else within {@link #READOUT_TOLERANCE}.
 */
public abstract class SgEngineConformance {
    /**
     * Readout tolerance for backends without exact sums: a fixed-point (2^-32) rounding of each weight, at most 50
     * events per step, accumulated by 1/(1 − α) ≈ 5.5 in I and 1/(1 − β) ≈ 10.5 in U, stays below 1e-6.
     */
    public static final double READOUT_TOLERANCE = 1e-6;
    static final int IN = 20, HID = 30, OUT = 5, T = 120, SAMPLES = 6;

    /** The backend under test. */
    protected abstract String backendName();

    /** Whether the backend adds each synaptic weight in sequence as the SG forward pass does (bit-identical traces). */
    protected boolean exactSums() {
        return true;
    }

    private Backend backend;

    @BeforeEach
    void requireBackend() {
        backend = org.spinel.networks.conformance.ConformanceBackends.require(backendName());
    }

    static SurrogateGradientNetwork network(DiscreteLifNeuron.Reset reset, boolean deep, long seed) {
        List<LayerConfig> layers = new ArrayList<>();
        layers.add(new LayerConfig(HID, 10, 5, 1, reset, true, true, true));
        if (deep) {
            layers.add(new LayerConfig(15, 8, 4, 0.8, DiscreteLifNeuron.Reset.SUBTRACT, true, false, true));
            layers.add(new LayerConfig(OUT, 10, 5, 1, DiscreteLifNeuron.Reset.ZERO, true, false, true));
        } else {
            layers.add(LayerConfig.readout(OUT));
        }
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(IN, layers, 1, SpikeFunction.surrogate(
                new FastSigmoid(100)));
        net.initialise(seed, 7);
        return net;
    }

    /** Bernoulli spikes with probability p per unit and step. */
    static SampleInput[] inputs(long seed, double p) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("sg-engine/inputs");
        SampleInput[] in = new SampleInput[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            List<int[]> ev = new ArrayList<>();
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < IN; j++) {
                    if (rng.nextDouble() < p) {
                        ev.add(new int[] {j, t});
                    }
                }
            }
            in[s] = SampleInput.ofSpikes(IN, T, ev.stream().mapToInt(e -> e[0]).toArray(),
                    ev.stream().mapToInt(e -> e[1]).toArray());
        }
        return in;
    }

    /** Compares the SG forward pass and the engine on every sample; returns the hidden layer's total spikes. */
    private int compare(SurrogateGradientNetwork net, SampleInput[] inputs, String what) {
        SurrogateGradientNetwork.Workspace ws = net.workspace(T);
        int hidden = 0;
        double maxAbs = 0, maxDiff = 0;
        for (int s = 0; s < inputs.length; s++) {
            ws.forward(inputs[s]);
            SgNetworkExport.EngineResult r = SgNetworkExport.run(net, inputs[s], backend, SimulationOptions.threads(2));
            String at = what + ", sample " + s + " on " + r.backend();
            for (int l = 0; l < net.layerCount(); l++) {
                for (int t = 0; t < T; t++) {
                    for (int k = 0; k < net.layer(l).size(); k++) {
                        int l0 = l, t0 = t, k0 = k;
                        assertEquals(ws.spike(l, t, k), r.spike(l, t, k), () -> at + ": spike of layer " + l0 + ", step "
                                + t0 + ", unit " + k0);
                    }
                }
            }
            hidden += r.spikeCount(0);
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < OUT; k++) {
                    double want = ws.readout(t, k), got = r.readout(t, k);
                    maxAbs = Math.max(maxAbs, Math.abs(want));
                    maxDiff = Math.max(maxDiff, Math.abs(want - got));
                    if (exactSums()) {
                        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), at + ": readout at step "
                                + t + ", unit " + k + ": " + want + " vs " + got);
                    } else {
                        assertEquals(want, got, READOUT_TOLERANCE, at + ": readout at step " + t + ", unit " + k);
                    }
                }
            }
        }
        System.out.printf("sg-engine %s on %s: %d hidden spikes, max |y| %.3g, max readout difference %.3g%n", what,
                backendName(), hidden, maxAbs, maxDiff);
        assertTrue(maxAbs > 0.05, what + ": the readout moves (max |y| = " + maxAbs + ")");
        return hidden;
    }

    @Test
    void recurrentNetworkGivesTheSgForwardSpikesAndReadout() {
        for (DiscreteLifNeuron.Reset reset : DiscreteLifNeuron.Reset.values()) {
            SurrogateGradientNetwork net = network(reset, false, 11);
            assertFalse(SgNetworkExport.weightsAreFloats(net), "initialised in double");
            SgNetworkExport.roundWeightsToFloat(net);
            assertTrue(SgNetworkExport.weightsAreFloats(net));
            int hidden = compare(net, inputs(3, 0.05), "reset " + reset);
            assertTrue(hidden > 200, "reset " + reset + ": hidden layer active (" + hidden + " spikes)");
        }
    }

    @Test
    void deeperNetworkWithASpikingOutputAgrees() {
        SurrogateGradientNetwork net = network(DiscreteLifNeuron.Reset.ZERO, true, 12);
        SgNetworkExport.roundWeightsToFloat(net);
        assertTrue(compare(net, inputs(4, 0.05), "20-30-15-5") > 200);
    }

    @Test
    void trainedNetworkAgrees() {
        SurrogateGradientNetwork net = network(DiscreteLifNeuron.Reset.SUBTRACT, false, 13);
        SampleInput[] x = inputs(5, 0.05);
        int[] labels = new int[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            labels[s] = s % OUT;
        }
        double[] before = net.weights(0).clone();
        try (BatchTrainer trainer = new BatchTrainer(net, Adam.builder().learningRate(5e-3), Loss.MAX_OVER_TIME_CE, T,
                1)) {
            for (int it = 0; it < 5; it++) {
                trainer.trainBatch(x, labels);
            }
        }
        assertTrue(SgNetworkExport.weightsAreFloats(net), "trained weights are floats");
        double moved = 0;
        for (int k = 0; k < before.length; k++) {
            moved = Math.max(moved, Math.abs(net.weights(0)[k] - before[k]));
        }
        assertTrue(moved > 1e-3, "training changed the weights (max |Δw| = " + moved + ")");
        assertTrue(compare(net, x, "trained") > 200);
        assertTrue(compare(net, inputs(6, 0.05), "trained, new inputs") > 200);
    }

    @Test
    void inputsTheEngineCannotRepresentAreRefused() {
        SurrogateGradientNetwork net = network(DiscreteLifNeuron.Reset.ZERO, false, 14);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> SgNetworkExport.toNetwork(net,
                SampleInput.ofSpikes(IN, T, new int[] {3, 3}, new int[] {7, 7})));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        double[] dense = new double[T * IN];
        dense[5] = 0.5;
        IllegalArgumentException current = assertThrows(IllegalArgumentException.class, () -> SgNetworkExport.toNetwork(
                net, SampleInput.ofDense(IN, T, dense)));
        assertTrue(current.getMessage().contains("value 0.5"), current.getMessage());
        SurrogateGradientNetwork smooth = new SurrogateGradientNetwork(IN, List.of(LayerConfig.readout(OUT)), 1,
                SpikeFunction.smooth(5));
        assertThrows(IllegalArgumentException.class, () -> SgNetworkExport.toNetwork(smooth));
    }
}
