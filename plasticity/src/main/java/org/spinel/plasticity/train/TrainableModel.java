package org.spinel.plasticity.train;

import java.util.List;

/**
 * A model trained by a {@link MiniBatchTrainer} (DESIGN.md, "in a trainer"): it exposes its learned parameters as
 * named {@link WeightBlock}s (live arrays) and creates per-thread {@link ModelWorkspace}s that run samples,
 * predict, and accumulate per-sample credit. Credit methods (surrogate gradients, equilibrium propagation, a
 * logistic regression in a test) differ only here; mini-batches, the ordered reduction, optimisers, clipping,
 * projectors, bounds and checkpoints are the trainer's.
 *
 * @param <X> the sample (input) type
 * @param <W> the workspace type
 */
public interface TrainableModel<X, W extends ModelWorkspace<X>> {
    /** The weight blocks in a fixed order (the order of reductions, clipping norms and checkpoints). */
    List<WeightBlock> blocks();

    /** A fresh workspace with zero credit. */
    W workspace();

    /**
     * Called by the trainer after it changed the weights in place (an optimiser step, a checkpoint restored), so
     * that a model caching a derived form of its weights (e.g. float or transposed copies for its kernels) can
     * refresh it; runs on one thread with no workspace in use. Code that writes the blocks' arrays directly calls
     * it too.
     */
    default void weightsChanged() {
    }
}
