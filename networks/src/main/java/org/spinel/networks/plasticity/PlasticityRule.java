package org.spinel.networks.plasticity;

import org.spinel.networks.SynapseGraph;

/**
 * Where candidate weight updates come from (STDP, Hebbian rules, or a gradient credit delivered by a trainer).
 * A rule is an immutable description; {@link #bind} creates the per-simulation state for one projection.
 */
public interface PlasticityRule {
    /** Description for logs and manifests. */
    String describe();

    /**
     * Creates the state of this rule for one projection of a compiled simulation.
     *
     * @param graph      the projection's synapses (structure; weights live in the simulation)
     * @param partitions number of target partitions (threads) the engine uses; each partition calls the
     *                   instance only for synapses whose target it owns, with its own partition index
     * @param dt         time step (ms)
     */
    RuleInstance bind(SynapseGraph graph, int partitions, double dt);
}
