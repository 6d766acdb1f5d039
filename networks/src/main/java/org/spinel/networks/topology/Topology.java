package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A connectivity rule between a presynaptic population of {@code nPre} neurons and a postsynaptic population of
 * {@code nPost} neurons (strategy object, as PyNN's connectors). Implementations are immutable, validate their
 * parameters at construction (with messages naming the parameter, value and allowed range) and draw all
 * randomness from the stream they are given, so a topology is a pure function of (sizes, stream).
 */
public interface Topology {
    /**
     * Generates the synapse pairs.
     *
     * @param nPre  presynaptic population size
     * @param nPost postsynaptic population size
     * @param rng   the projection's own random stream
     * @return the (pre, post) pairs, in any order
     * @throws org.spinel.neurons.ParameterException if the sizes do not fit the topology (e.g. one-to-one with
     *                                               different sizes)
     */
    SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng);

    /** One-line description for logs and manifests, e.g. {@code "fixed-probability(p=0.02)"}. */
    String describe();
}
