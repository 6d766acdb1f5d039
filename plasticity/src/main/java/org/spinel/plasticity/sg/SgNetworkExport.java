package org.spinel.plasticity.sg;

import java.util.Arrays;

import org.spinel.networks.Network;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.topology.AllToAll;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * A {@link SurrogateGradientNetwork} as an ordinary Spinel {@link Network}, to run forward in the engine on any
 * backend after (or without) training.
 *
 * <p>What is built: a spike-array source {@value #INPUT} with the sample's input spikes; one population
 * {@code layer<l>} of {@link DiscreteLifNeuron}s per layer (the layer's τ_mem, τ_syn, ϑ, reset, spiking or not);
 * per layer an all-to-all projection {@code <below>-layer<l>} into {@code "i"} with the feed-forward weights
 * ({@code <below>} is {@value #INPUT} or {@code layer<l−1>}) and, for a recurrent layer, {@code layer<l>-layer<l>}
 * (autapses included) with the recurrent weights, declared in that order; spike monitors on the input and every
 * spiking layer, and a state monitor on {@code u} of the last layer (the readout trace).
 *
 * <p><b>Step mapping.</b> Every projection has a delay of one step. In the engine the kernel of step t emits S_t
 * and leaves I = α I_t; the one-step delivery of the step-t spikes then completes I_{t+1} = α I_t + W x_t + V S_t
 * before the kernel of step t + 1 (see {@link DiscreteLifNeuron}). Hence step t of every layer of the SG forward pass
 * is engine step t: input event (unit j, step t) is a source spike at time t·dt; {@code spike(l, t, k)} of the SG
 * network is a spike of neuron k of {@code layer<l>} stamped step t; {@code readout(t, k)} = U_{t+1} is the
 * readout's {@code u} sampled at the start of engine step t + 1. A T-step sample therefore runs T + 1 engine steps
 * ({@link #run}); spikes of step T are past the sample and ignored.
 *
 * <p><b>Exactness.</b> The engine stores weights as {@code float}. Trained weights are float values already
 * ({@link BatchTrainer} writes them through its float optimizer); for a freshly initialised network call
 * {@link #roundWeightsToFloat}. With float-valued weights, the Java backend performs the SG forward pass's
 * floating-point operations in the same order, so spikes and readout trace are bit-identical. The OpenCL backend
 * sums each step's synaptic input in 64-bit fixed point (2^-32) before adding it, so its currents differ from the
 * sequential double sums by about 1e-9; spikes agree unless some U lands that close to ϑ.
 *
 * <p>The spike nonlinearity must be a step function (Heaviside forward, as in training); whether U = ϑ spikes is
 * read from it ({@code forward(0)}), so the engine applies the same convention.
 */
public final class SgNetworkExport {
    /** Name of the input spike source. */
    public static final String INPUT = "input";

    private SgNetworkExport() {
    }

    /** Name of the population of layer l. */
    public static String layer(int l) {
        return "layer" + l;
    }

    /** Name of the feed-forward projection into layer l. */
    public static String feedForward(int l) {
        return (l == 0 ? INPUT : layer(l - 1)) + "-" + layer(l);
    }

    /** Name of the recurrent projection of layer l. */
    public static String recurrent(int l) {
        return layer(l) + "-" + layer(l);
    }

    /**
     * The neuron model of layer l.
     *
     * @throws IllegalArgumentException if the network's spike function is not a step (e.g. the smooth sigmoid of
     *                                  gradient checks), which no spiking neuron can reproduce
     */
    public static DiscreteLifNeuron model(SurrogateGradientNetwork net, int l) {
        LayerConfig c = net.layer(l);
        return DiscreteLifNeuron.builder().tauMem(c.tauMemMs()).tauSyn(c.tauSynMs()).threshold(c.threshold())
                .reset(c.reset())
                .spiking(c.spiking()).spikeAtThreshold(spikesAtThreshold(net.spikeFunction())).build();
    }

    /** Θ(0) of a step function; rejects functions that are not 0 below zero and 1 above. */
    static boolean spikesAtThreshold(SpikeFunction f) {
        double below = f.forward(-Double.MIN_VALUE), above = f.forward(Double.MIN_VALUE), zero = f.forward(0.0);
        if (below != 0 || above != 1 || f.forward(-1) != 0 || f.forward(1) != 1 || (zero != 0 && zero != 1)) {
            throw new IllegalArgumentException("spike function " + f + " is not a step (Θ(u) = 0 for u < 0, 1 for u > 0): "
                    + "only step-function networks run as spiking neurons");
        }
        return zero == 1;
    }

    /** Whether every weight of the network is a float value (then the engine reproduces the SG forward pass exactly). */
    public static boolean weightsAreFloats(SurrogateGradientNetwork net) {
        for (int l = 0; l < net.layerCount(); l++) {
            for (double[] w : new double[][] {net.weights(l), net.recurrentWeights(l)}) {
                if (w != null) {
                    for (double x : w) {
                        if ((float) x != x) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Rounds every weight of the network to the nearest float, in place (what the engine would store). */
    public static void roundWeightsToFloat(SurrogateGradientNetwork net) {
        for (int l = 0; l < net.layerCount(); l++) {
            for (double[] w : new double[][] {net.weights(l), net.recurrentWeights(l)}) {
                if (w != null) {
                    for (int k = 0; k < w.length; k++) {
                        w[k] = (float) w[k];
                    }
                }
            }
        }
    }

    /** The network without input spikes (to set them, build it with {@link #toNetwork(SurrogateGradientNetwork, SampleInput)}). */
    public static Network toNetwork(SurrogateGradientNetwork net) {
        return build(net, new int[0], new double[0]);
    }

    /**
     * The network with one sample's input spikes as the source's spike times.
     *
     * @throws IllegalArgumentException if the sample does not fit the network, has an event value other than 1 (an
     *                                  injected current, not a spike) or repeats a (unit, step) pair (the engine
     *                                  merges those, the SG forward pass counts them twice)
     */
    public static Network toNetwork(SurrogateGradientNetwork net, SampleInput sample) {
        if (sample.inputs() != net.inputs()) {
            throw new IllegalArgumentException("sample of " + sample.inputs() + " inputs: expected " + net.inputs());
        }
        int n = sample.events();
        int[] units = new int[n], steps = new int[n];
        for (int t = 0; t < sample.steps(); t++) {
            for (int e = sample.start[t]; e < sample.start[t + 1]; e++) {
                if (sample.value != null && sample.value[e] != 1) {
                    throw new IllegalArgumentException("input event (unit " + sample.unit[e] + ", step " + t + ") has value "
                            + sample.value[e] + ": expected spikes of value 1 (currents are not spike-source input)");
                }
                units[e] = sample.unit[e];
                steps[e] = t;
            }
        }
        return toNetwork(net, units, steps);
    }

    /**
     * The network with input spikes given as parallel arrays (unit {@code units[k]} spikes at step {@code steps[k]}),
     * e.g. the arrays of an encoder's spike events.
     *
     * @throws IllegalArgumentException if a unit is out of range, a step negative, or a (unit, step) pair repeated
     */
    public static Network toNetwork(SurrogateGradientNetwork net, int[] units, int[] steps) {
        if (units.length != steps.length) {
            throw new IllegalArgumentException("input spikes: " + units.length + " units but " + steps.length + " steps");
        }
        long[] key = new long[units.length];
        double[] times = new double[units.length];
        for (int k = 0; k < units.length; k++) {
            if (units[k] < 0 || units[k] >= net.inputs() || steps[k] < 0) {
                throw new IllegalArgumentException("input spike " + k + " (unit " + units[k] + ", step " + steps[k]
                        + "): expected unit in [0, " + (net.inputs() - 1) + "] and step >= 0");
            }
            key[k] = ((long) steps[k] << 32) | units[k];
            times[k] = steps[k] * net.dt();
        }
        Arrays.sort(key);
        for (int k = 1; k < key.length; k++) {
            if (key[k] == key[k - 1]) {
                throw new IllegalArgumentException("input spike (unit " + (int) key[k] + ", step " + (key[k] >>> 32)
                        + ") given twice: a source spikes at most once per step");
            }
        }
        return build(net, units, times);
    }

    private static Network build(SurrogateGradientNetwork net, int[] units, double[] times) {
        Network.Builder b = Network.builder().dt(net.dt()).spikeSource(INPUT, net.inputs(), units, times);
        int top = net.layerCount() - 1;
        for (int l = 0; l <= top; l++) {
            b.population(layer(l), net.layer(l).size(), model(net, l));
        }
        for (int l = 0; l <= top; l++) {
            int size = net.layer(l).size();
            float[] w = floats(net.weights(l));
            b.projection(feedForward(l), l == 0 ? INPUT : layer(l - 1), layer(l), p -> p.target("i")
                    .topology(new AllToAll(true)).weight((pre, post, rng) -> w[pre * size + post]));
            if (net.recurrentWeights(l) != null) {
                float[] v = floats(net.recurrentWeights(l));
                b.projection(recurrent(l), layer(l), layer(l), p -> p.target("i").topology(new AllToAll(true))
                        .weight((pre, post, rng) -> v[pre * size + post]));
            }
        }
        b.recordSpikes(INPUT);
        for (int l = 0; l <= top; l++) {
            if (net.layer(l).spiking()) {
                b.recordSpikes(layer(l));
            }
        }
        b.recordState(layer(top), "u", null, 1);
        return b.build();
    }

    private static float[] floats(double[] w) {
        float[] f = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            f[k] = (float) w[k];
        }
        return f;
    }

    /**
     * Runs one sample forward in the engine: builds the network with the sample's spikes, compiles it on
     * {@code backend}, runs T + 1 steps and returns the spikes and readout trace in the SG network's indexing.
     */
    public static EngineResult run(SurrogateGradientNetwork net, SampleInput sample, Backend backend,
            SimulationOptions options) {
        Network network = toNetwork(net, sample);
        try (Simulation sim = backend.compile(network, options)) {
            sim.runSteps(sample.steps() + 1L);
            return new EngineResult(net, sample.steps(), sim.recording(), sim.backend());
        }
    }

    /**
     * The spikes of every layer and the readout trace of one engine run, indexed like
     * {@link SurrogateGradientNetwork.Workspace#spike} and {@link SurrogateGradientNetwork.Workspace#readout}.
     */
    public static final class EngineResult {
        private final int steps;
        private final int[] sizes;
        private final double[][] spikes;
        private final double[] readout;
        private final String backend;

        EngineResult(SurrogateGradientNetwork net, int steps, Recording rec, String backend) {
            this.steps = steps;
            this.backend = backend;
            int layers = net.layerCount();
            sizes = new int[layers];
            spikes = new double[layers][];
            for (int l = 0; l < layers; l++) {
                sizes[l] = net.layer(l).size();
                spikes[l] = new double[steps * sizes[l]];
                if (net.layer(l).spiking()) {
                    SpikeTrains s = rec.spikes(layer(l));
                    for (int k = 0; k < s.count(); k++) {
                        if (s.step(k) < steps) {
                            spikes[l][(int) s.step(k) * sizes[l] + s.sender(k)] += 1;
                        }
                    }
                }
            }
            StateTrace u = rec.trace(layer(layers - 1), "u");
            int kN = sizes[layers - 1];
            readout = new double[steps * kN];
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < kN; k++) {
                    readout[t * kN + k] = u.value(t + 1, k);
                }
            }
        }

        /** The backend that ran it. */
        public String backend() {
            return backend;
        }

        /** Steps of the sample. */
        public int steps() {
            return steps;
        }

        /** S_t of unit k of layer l (0 or 1; t = 0..T−1). */
        public double spike(int l, int t, int k) {
            return spikes[l][t * sizes[l] + k];
        }

        /** The readout trace y_t = U_{t+1} of unit k of the last layer, t = 0..T−1. */
        public double readout(int t, int k) {
            return readout[t * sizes[sizes.length - 1] + k];
        }

        /** Number of spikes of layer l over the sample's steps. */
        public int spikeCount(int l) {
            int c = 0;
            for (double s : spikes[l]) {
                c += (int) s;
            }
            return c;
        }
    }
}
