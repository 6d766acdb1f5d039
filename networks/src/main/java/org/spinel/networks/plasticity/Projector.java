package org.spinel.networks.plasticity;

import org.spinel.networks.SynapseGraph;

/**
 * A linear map applied to a trial's accumulated weight update of one projection before it reaches the weights,
 * e.g. HLOP's projection of Δw onto the orthogonal complement of earlier tasks' presynaptic subspace.
 */
@FunctionalInterface
public interface Projector {
    /**
     * Maps {@code delta} (one entry per synapse of {@code graph}, CSR order) in place.
     */
    void project(SynapseGraph graph, double[] delta);
}
