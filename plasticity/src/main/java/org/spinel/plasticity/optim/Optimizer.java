package org.spinel.plasticity.optim;

/**
 * A first-order optimizer updating one block of parameters in place: {@code params[i] −= f(grads[i], state)}.
 *
 * <p><b>Precision.</b> Parameters and gradients are {@code float[]} (the engine stores weights as float); the
 * optimizer's own state (moments, momentum buffers) is kept in {@code double[]} and every update is computed in
 * double and rounded to float once, when written to the parameter. The state therefore does not lose small
 * contributions (Adam's second moment accumulates terms of order (1 − β₂)·g²), and a checkpoint of it is exact.
 *
 * <p><b>Blocks.</b> An optimizer is bound to one block of {@link #size()} parameters (one weight array of a
 * projection, one bias vector). A trainer with several blocks creates one optimizer per block from the same
 * {@link OptimizerFactory} and steps them together; their step counts then stay equal.
 *
 * <p><b>Learning rate.</b> {@link #step(float[], float[])} takes the rate of the {@link #schedule()} at the
 * current {@link #stepCount()} (0 for the first update); {@link #step(float[], float[], double)} takes an explicit
 * rate. Both count as one step.
 *
 * <p><b>Checkpoints.</b> {@link #exportState()} and {@link #importState(OptimizerState)} save and restore the
 * complete state (step count and every state array, bit-exact), so a resumed run continues exactly as an
 * uninterrupted one. The hyperparameters are configuration, not state: rebuild the optimizer from the same
 * configuration before importing.
 *
 * <p>Steps allocate nothing. Implementations are not thread-safe.
 */
public interface Optimizer {
    /** The JSON name of the method, e.g. {@code "adam"}; also recorded in {@link OptimizerState#optimizer()}. */
    String name();

    /** The number of parameters in the block. */
    int size();

    /** Updates applied so far. */
    long stepCount();

    /** The learning-rate schedule used by {@link #step(float[], float[])}. */
    LearningRateSchedule schedule();

    /** The learning rate the next {@link #step(float[], float[])} will use. */
    default double learningRate() {
        return schedule().rate(stepCount());
    }

    /**
     * One update at the scheduled learning rate.
     *
     * @param params the block's parameters, updated in place (length {@link #size()})
     * @param grads  the gradient of the loss with respect to {@code params} (length {@link #size()}); not modified
     */
    default void step(float[] params, float[] grads) {
        step(params, grads, learningRate());
    }

    /**
     * One update at learning rate {@code learningRate} (finite and &ge; 0).
     *
     * @throws IllegalArgumentException if an array has the wrong length or the rate is negative or not finite
     */
    void step(float[] params, float[] grads, double learningRate);

    /** A deep copy of the state: step count and state arrays. */
    OptimizerState exportState();

    /**
     * Replaces the state by a copy of {@code state}.
     *
     * @throws IllegalArgumentException if the state is of another method or its arrays do not fit this block
     */
    void importState(OptimizerState state);

    /** Back to the initial state: step count 0, state arrays zero. */
    void reset();

    /** The configuration in one line, e.g. {@code "adam(lr=constant(0.001), beta1=0.9, ...)"}. */
    String describe();
}
