package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Draws a per-synapse (weight, delay) or per-neuron (initial state) value. {@code pre} and {@code post} are the
 * indices of the synapse's end points (for per-neuron values, both are the neuron index), so a distribution can
 * depend on the pair type ({@code ByPairType}) or position. Implementations are immutable and validate their
 * parameters at construction.
 */
@FunctionalInterface
public interface ValueDistribution {
    /**
     * One value.
     *
     * @param pre  presynaptic (or neuron) index
     * @param post postsynaptic (or neuron) index
     * @param rng  the stream to draw from
     */
    double sample(int pre, int post, UniformRandomProvider rng);

    /** Description for logs and manifests. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
