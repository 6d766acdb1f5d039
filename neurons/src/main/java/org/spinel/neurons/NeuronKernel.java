package org.spinel.neurons;

/**
 * One model's per-step update for a fixed time step, with its propagators computed once.
 *
 * <p>A kernel advances neurons {@code [from, to)} from time t to t + dt: it integrates the state (reading
 * {@link NeuronState#input} as the drive of this step), detects spikes, applies reset and refractoriness, and
 * appends the indices of neurons that spiked, in ascending order, to {@code spikes}. Kernels are stateless
 * apart from their precomputed constants, allocate nothing and may be called concurrently on disjoint ranges.
 */
public interface NeuronKernel {
    /**
     * Advances neurons {@code [from, to)} by one step.
     *
     * @param state  population state
     * @param from   first neuron (inclusive)
     * @param to     last neuron (exclusive)
     * @param spikes output buffer for spiking neuron indices
     * @param count  number of entries already in {@code spikes}
     * @return the new number of entries in {@code spikes}
     * @throws NonFiniteStateException if a state variable became NaN or infinite
     */
    int update(NeuronState state, int from, int to, int[] spikes, int count);
}
