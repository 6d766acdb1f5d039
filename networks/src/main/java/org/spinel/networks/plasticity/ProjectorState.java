package org.spinel.networks.plasticity;

import java.util.Map;

/**
 * The running state of a {@link Projector} on one weight block (see {@link Projector} for the order of calls and the
 * layout of updates). One instance per block; the homes call it from one thread at a time, in a fixed order, so
 * results do not depend on the thread count. {@link #observe} and {@link #project} must not allocate.
 */
public interface ProjectorState {
    /**
     * Maps {@code delta} (a weight update or gradient of the block, layout as in {@link Projector}) in place.
     */
    void project(double[] delta);

    /**
     * Observes the presynaptic activity of one trial or sample ({@code activity.length} = the block's {@code pre});
     * called only when the projector's {@link Projector#activity()} is not {@code NONE}. The array is the caller's:
     * copy what must be kept.
     */
    default void observe(double[] activity) {
    }

    /** A task boundary (continual learning): consolidate what was observed during the task. */
    default void endTask() {
    }

    /** Forgets everything learned (back to the state right after {@link Projector#bind}). */
    void reset();

    /**
     * The learned state as named arrays, in a fixed order, for checkpoints (empty for a fixed map).
     */
    Map<String, double[]> exportState();

    /**
     * Restores a state written by {@link #exportState()}.
     *
     * @throws IllegalArgumentException naming the entry that is missing, unexpected or of another length
     */
    void importState(Map<String, double[]> state);
}
