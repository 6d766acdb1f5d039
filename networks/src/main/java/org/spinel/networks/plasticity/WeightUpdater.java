package org.spinel.networks.plasticity;

/**
 * The engine's side of a weight update: rules read current weights and hand in a potentiation and a depression
 * part; the engine applies the pipeline's modulators, then (online) the bounds, or (per trial) accumulates.
 */
public interface WeightUpdater {
    /** Current weight of synapse s. */
    double weight(int synapse);

    /**
     * Proposes {@code Δw = potentiation + depression} (depression is usually negative) for synapse s.
     */
    void update(int synapse, double potentiation, double depression);
}
