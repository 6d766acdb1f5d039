package org.spinel.plasticity.sg;

import org.spinel.neurons.Check;
import org.spinel.neurons.DiscreteLifNeuron;

/**
 * One layer of a trainable LIF network with exponential synaptic currents, exactly discretised
 * (α = e^(−dt/τ_syn), β = e^(−dt/τ_mem); spec learning-rules §1, SpyTorch):
 * <pre>
 *   S_t     = Θ(U_t − ϑ)                                  (spiking layers; the readout does not spike)
 *   I_{t+1} = α I_t + W x_t + V S_t                       (x: the layer below; V: recurrent weights, optional)
 *   U_{t+1} = (β U_t + I_t)(1 − S_t)          reset ZERO
 *   U_{t+1} =  β U_t + I_t − ϑ S_t            reset SUBTRACT
 * </pre>
 * with U_0 = I_0 = 0. The neuron is the engine's {@link DiscreteLifNeuron} (one source of truth for τ_mem, τ_syn,
 * ϑ, the reset modes, spiking or not, and α, β); {@link SurrogateGradientNetwork} takes its constants from it and
 * {@link SgNetworkExport} exports it. Θ(0) is the network's {@link SpikeFunction}'s, not the neuron's
 * {@code spikeAtThreshold}. With {@code resetDetached} the reset term carries no gradient (SpyTorch's choice).
 *
 * @param size          neurons
 * @param neuron        the neuron model (time constants, threshold, reset, spiking)
 * @param resetDetached whether the reset is excluded from the gradient
 * @param recurrent     whether the layer has recurrent weights V
 */
public record LayerConfig(int size, DiscreteLifNeuron neuron, boolean resetDetached, boolean recurrent) {
    /** Validates. */
    public LayerConfig {
        Check.atLeast("layer size", size, 1);
        if (neuron == null) {
            throw new IllegalArgumentException("layer neuron: expected a DiscreteLifNeuron");
        }
        if (!neuron.spiking() && recurrent) {
            throw new IllegalArgumentException("the readout layer cannot be recurrent (it does not spike)");
        }
    }

    /**
     * A layer of {@link DiscreteLifNeuron}s with these constants.
     *
     * @param tauMemMs  membrane time constant
     * @param tauSynMs  synaptic time constant
     * @param threshold ϑ
     * @param reset     reset mode (ignored by the readout)
     * @param spiking   false for the non-spiking leaky readout
     */
    public LayerConfig(int size, double tauMemMs, double tauSynMs, double threshold, DiscreteLifNeuron.Reset reset,
            boolean resetDetached, boolean recurrent, boolean spiking) {
        this(size, neuron(tauMemMs, tauSynMs, threshold, reset, spiking), resetDetached, recurrent);
    }

    private static DiscreteLifNeuron neuron(double tauMemMs, double tauSynMs, double threshold,
            DiscreteLifNeuron.Reset reset, boolean spiking) {
        Check.positive("layer tauMem", tauMemMs, "ms");
        Check.positive("layer tauSyn", tauSynMs, "ms");
        Check.finite("layer threshold", threshold, "");
        if (reset == null) {
            throw new IllegalArgumentException("layer reset: expected ZERO or SUBTRACT");
        }
        return DiscreteLifNeuron.builder().tauMem(tauMemMs).tauSyn(tauSynMs).threshold(threshold).reset(reset)
                .spiking(spiking).build();
    }

    /** Membrane time constant τ_mem (ms). */
    public double tauMemMs() {
        return neuron.tauMem();
    }

    /** Synaptic time constant τ_syn (ms). */
    public double tauSynMs() {
        return neuron.tauSyn();
    }

    /** Threshold ϑ. */
    public double threshold() {
        return neuron.threshold();
    }

    /** Reset mode. */
    public DiscreteLifNeuron.Reset reset() {
        return neuron.reset();
    }

    /** Whether the layer spikes (false: the leaky readout). */
    public boolean spiking() {
        return neuron.spiking();
    }

    /** A spiking layer with SpyTorch's defaults (τ_mem 10 ms, τ_syn 5 ms, ϑ = 1, reset to zero, detached). */
    public static LayerConfig hidden(int size, boolean recurrent) {
        return new LayerConfig(size, DiscreteLifNeuron.builder().build(), true, recurrent);
    }

    /** The non-spiking readout with SpyTorch's time constants. */
    public static LayerConfig readout(int size) {
        return new LayerConfig(size, DiscreteLifNeuron.builder().spiking(false).build(), true, false);
    }
}
