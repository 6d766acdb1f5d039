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
}
