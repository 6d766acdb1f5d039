package org.spinel.networks.plasticity;

import org.spinel.networks.SynapseGraph;

/**
 * The projector stage of a plasticity pipeline, {@code Δw = bounds(projector(modulators(rule)))} (DESIGN.md): a
 * linear map on the weight update (or the gradient) of one projection or trainable weight block, possibly with
 * learned state (HLOP's lateral subspace neurons, an activity subspace of earlier tasks).
 *
 * <p>A {@code Projector} is an immutable description; {@link #bind} creates its running {@link ProjectorState}
 * for one weight block of a given shape. The same projector serves both homes of a learning projection
 * (DESIGN.md): the generic trainer (per weight block) and the engine (per {@code PER_TRIAL} projection).
 *
 * <p>Contract of both homes, per trial (engine) or per mini-batch (trainer):
 * <ol>
 *   <li>the update {@code delta} is computed (the trial's accumulated Δw; the batch's gradient for
 *       {@link Stage#GRADIENT}, the optimiser's Δw for {@link Stage#UPDATE});</li>
 *   <li>{@link ProjectorState#project} maps it in place (with the state learned <em>before</em> this trial or
 *       batch);</li>
 *   <li>the bounds clip the new weights;</li>
 *   <li>then, if {@link #activity()} is not {@link Activity#NONE}, {@link ProjectorState#observe} is called once
 *       per trial (engine) or once per sample in sample order (trainer) with the presynaptic activity vector
 *       (length {@code pre}).</li>
 * </ol>
 * {@link ProjectorState#endTask()} is called at a task boundary (continual learning), never implicitly.
 *
 * <p>Layout of {@code delta}: for a dense block (every pre connected to every post) it is row-major
 * {@code [pre][post]} (the CSR order of an all-to-all {@link SynapseGraph}, and the trainer's weight order). For a
 * sparse projection it is the graph's CSR order; only projectors with {@link #supportsSparse()} accept one, and
 * they receive the graph in {@link #bind}.
 */
public interface Projector {
    /** What a projector observes. */
    enum Activity {
        /** Nothing: the map is fixed (or learned from something else). */
        NONE,
        /**
         * The presynaptic activity of each trial or sample, one value per presynaptic unit: in the engine the
         * number of spikes each presynaptic neuron emitted during the trial (since the last
         * {@code applyPlasticity()}); in the trainer the model's per-sample activity of the block's input (spike
         * counts of a spiking layer, firing rates of a rate layer, the input values).
         */
        PRESYNAPTIC_RATE
    }

    /** Where in the trainer's pipeline the projector acts (in the engine, which has no optimiser, both are the same). */
    enum Stage {
        /** On the batch's mean gradient, before clipping and the optimiser step. */
        GRADIENT,
        /** On the optimiser's proposed change {@code Δw = w_new − w}, before the bounds. */
        UPDATE
    }

    /** A short description for logs and manifests, e.g. {@code "complement of 2 fixed vectors"}. */
    String describe();

    /** What this projector observes ({@link Activity#NONE} by default). */
    default Activity activity() {
        return Activity.NONE;
    }

    /** The stage it acts at ({@link Stage#UPDATE} by default). */
    default Stage stage() {
        return Stage.UPDATE;
    }

    /**
     * {@link Stage#UPDATE} in the trainer: every how many optimiser steps the accumulated change is projected (1, the
     * default: every step). With {@code k > 1} the trainer applies {@code k} steps unprojected and then replaces their
     * sum {@code S} by its projection {@code P(S)}; for a linear projection that is exactly what projecting each step
     * gives for the same steps, and the weights after each correction (and at every task boundary, evaluation and
     * checkpoint) have moved in the projected space only; in between, the {@code k} steps are evaluated at weights that
     * have not yet been corrected. The engine projects every trial and refuses {@code k > 1}.
     */
    default int updateInterval() {
        return 1;
    }

    /**
     * Whether this projector defines how it restricts to the existing synapses of a sparse graph. When false (the
     * default) binding it to a projection that is not dense is refused with a message naming the projection.
     */
    default boolean supportsSparse() {
        return false;
    }

    /**
     * Creates the running state for one weight block.
     *
     * @param pre   presynaptic units (rows of a dense block)
     * @param post  postsynaptic units (columns of a dense block)
     * @param graph the projection's synapses when it is sparse (only if {@link #supportsSparse()}), otherwise null:
     *              the block is dense, {@code [pre][post]}
     * @throws IllegalArgumentException if the shape does not fit the description (e.g. fixed vectors of another length)
     */
    ProjectorState bind(int pre, int post, SynapseGraph graph);

    /**
     * Whether {@code graph} is dense in the projector's sense: {@code nPre·nPost} synapses, row {@code j} holding
     * targets {@code 0..nPost−1} in order (so its CSR order is {@code [pre][post]}).
     */
    static boolean isDense(SynapseGraph graph) {
        int nPre = graph.nPre(), nPost = graph.nPost();
        if ((long) nPre * nPost != graph.size()) {
            return false;
        }
        int[] rs = graph.rowStart(), t = graph.targets();
        for (int j = 0; j < nPre; j++) {
            if (rs[j] != j * nPost) {
                return false;
            }
            for (int i = 0; i < nPost; i++) {
                if (t[rs[j] + i] != i) {
                    return false;
                }
            }
        }
        return true;
    }
}
