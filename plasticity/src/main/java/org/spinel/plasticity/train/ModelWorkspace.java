package org.spinel.plasticity.train;

/**
 * The per-thread working memory of a {@link TrainableModel}: one sample's forward state and the credit accumulated
 * over the samples it ran. The {@link MiniBatchTrainer} gives each of its fixed chunks its own workspace and calls
 * it from one thread at a time; the methods below must not allocate per sample.
 *
 * <p>Per sample the trainer calls {@link #forward}, then (as needed) {@link #predict}, {@link #loss} or
 * {@link #backward}, and {@link #presynapticActivity} for blocks whose projector observes activity.
 *
 * @param <X> the model's sample (input) type
 */
public interface ModelWorkspace<X> {
    /** Runs the model on one sample (no learning), replacing the previous sample's state. */
    void forward(X input);

    /** The predicted class of the last forward pass. */
    int predict();

    /** The loss of the last forward pass for class {@code label} (what training minimises). */
    double loss(int label);

    /**
     * Adds the credit of the last forward pass for class {@code label} to every block's {@link #credit}: the
     * gradient of {@link #loss} for gradient methods, or any other estimate whose descent the optimiser takes
     * (an equilibrium-propagation contrast).
     *
     * @return the sample's loss
     */
    double backward(int label);

    /** The credit of block {@code block} (the model's block order) accumulated since {@link #clearCredit()}; live, layout {@code [pre][post]}. */
    double[] credit(int block);

    /** Sets every block's accumulated credit to zero. */
    void clearCredit();

    /**
     * Writes the presynaptic activity of block {@code block} in the last forward pass into {@code out} (length the
     * block's {@code pre}): what a projector with {@code Activity.PRESYNAPTIC_RATE} observes, e.g. the spike count
     * of each presynaptic neuron over the sample, or the input values summed over the sample.
     */
    void presynapticActivity(int block, double[] out);

    /** Called for each sample of {@link #trainSamples} or {@link #forwardSamples} while the workspace holds its state. */
    @FunctionalInterface
    interface SampleVisitor {
        /** @param index the sample's index in the inputs array */
        void visit(int index);
    }

    /**
     * Trains on {@code inputs[from..to)} in order, what the trainer does with one chunk: for each sample
     * {@link #forward}, {@code afterForward.visit(k)} (which may call {@link #predict} and
     * {@link #presynapticActivity}), then {@link #backward} with {@code labels[k]}. A model may run the chunk's samples
     * together (e.g. relaxing them as one matrix product) provided every observable result, the credit's bits
     * included, equals this loop's.
     *
     * @return the sum of the samples' losses, added in sample order
     */
    default double trainSamples(X[] inputs, int[] labels, int from, int to, SampleVisitor afterForward) {
        double s = 0;
        for (int k = from; k < to; k++) {
            forward(inputs[k]);
            afterForward.visit(k);
            s += backward(labels[k]);
        }
        return s;
    }

    /**
     * Runs {@code inputs[from..to)} forward in order, calling {@code visitor.visit(k)} after each sample's forward pass
     * (no learning); the same freedom and the same obligation as {@link #trainSamples}.
     */
    default void forwardSamples(X[] inputs, int from, int to, SampleVisitor visitor) {
        for (int k = from; k < to; k++) {
            forward(inputs[k]);
            visitor.visit(k);
        }
    }
}
