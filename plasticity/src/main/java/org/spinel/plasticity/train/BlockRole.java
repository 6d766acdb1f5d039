package org.spinel.plasticity.train;

/**
 * What a weight block of a {@link TrainableModel} connects (DESIGN.md, "in a trainer"): the role is descriptive
 * (logs, checkpoints, the engine export), the trainer treats every block alike.
 */
public enum BlockRole {
    /** From the layer (or input) below to a layer: {@code [units below][units]}. */
    FEED_FORWARD,
    /** From a layer to itself, delivered one step later: {@code [units][units]}. */
    RECURRENT,
    /** From a layer above back to a layer below (e.g. equilibrium propagation's symmetric feedback). */
    FEEDBACK,
    /** Between units of one layer within a step (lateral inhibition, HLOP's subspace neurons). */
    LATERAL,
    /** A layer's biases, {@code [1][units]}. */
    BIAS
}
