package org.spinel.plasticity.sg;

import org.spinel.neurons.Check;

/**
 * One layer of a trainable LIF network with exponential synaptic currents, exactly discretised
 * (α = e^(−dt/τ_syn), β = e^(−dt/τ_mem); spec learning-rules §1, SpyTorch):
 * <pre>
 *   S_t     = Θ(U_t − ϑ)                                  (spiking layers; the readout does not spike)
 *   I_{t+1} = α I_t + W x_t + V S_t                       (x: the layer below; V: recurrent weights, optional)
 *   U_{t+1} = (β U_t + I_t)(1 − S_t)          reset ZERO
 *   U_{t+1} =  β U_t + I_t − ϑ S_t            reset SUBTRACT
 * </pre>
 * with U_0 = I_0 = 0. With {@code resetDetached} the reset term carries no gradient (SpyTorch's choice).
 *
 * @param size          neurons
 * @param tauMemMs      membrane time constant
 * @param tauSynMs      synaptic time constant
 * @param threshold     ϑ
 * @param reset         reset mode (ignored by the readout)
 * @param resetDetached whether the reset is excluded from the gradient
 * @param recurrent     whether the layer has recurrent weights V
 * @param spiking       false for the non-spiking leaky readout
 */
public record LayerConfig(int size, double tauMemMs, double tauSynMs, double threshold, ResetMode reset,
        boolean resetDetached, boolean recurrent, boolean spiking) {
    /** Validates. */
    public LayerConfig {
        Check.atLeast("layer size", size, 1);
        Check.positive("layer tauMem", tauMemMs, "ms");
        Check.positive("layer tauSyn", tauSynMs, "ms");
        Check.finite("layer threshold", threshold, "");
        if (reset == null) {
            throw new IllegalArgumentException("layer reset: expected ZERO or SUBTRACT");
        }
        if (!spiking && recurrent) {
            throw new IllegalArgumentException("the readout layer cannot be recurrent (it does not spike)");
        }
    }

    /** A spiking layer with SpyTorch's defaults (τ_mem 10 ms, τ_syn 5 ms, ϑ = 1, reset to zero, detached). */
    public static LayerConfig hidden(int size, boolean recurrent) {
        return new LayerConfig(size, 10, 5, 1, ResetMode.ZERO, true, recurrent, true);
    }

    /** The non-spiking readout with SpyTorch's time constants. */
    public static LayerConfig readout(int size) {
        return new LayerConfig(size, 10, 5, 1, ResetMode.ZERO, true, false, false);
    }
}
