package org.spinel.experiments.train;

import java.nio.file.Path;

/**
 * Training stopped because a batch's loss was NaN or infinite (the weights were not changed by that batch). Says
 * where (epoch and batch, both 1-based), the last finite batch loss, and where the last checkpoint was kept so the
 * run can be resumed (with a smaller learning rate, clipping, ...) by {@code --resume}.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch, batch;
    private final double lastFiniteLoss;
    private final transient Path checkpoint;

    /**
     * @param epoch          the epoch (1-based) of the bad batch
     * @param batch          the batch (1-based) within the epoch
     * @param loss           the non-finite loss
     * @param lastFiniteLoss the last finite batch loss (NaN if there was none)
     * @param checkpoint     the checkpoint kept (completed epochs only)
     * @param checkpointEpoch the epochs that checkpoint holds
     */
    public TrainingDivergedException(int epoch, int batch, double loss, double lastFiniteLoss, Path checkpoint,
            int checkpointEpoch) {
        super("training diverged: the loss of epoch " + epoch + ", batch " + batch + " is " + loss
                + (Double.isNaN(lastFiniteLoss) ? " (no finite loss before it)"
                        : "; the last finite batch loss was " + lastFiniteLoss)
                + ". The weights were left as before that batch; the checkpoint after epoch " + checkpointEpoch
                + " is kept in " + checkpoint + " (resume with --resume " + checkpoint.getParent()
                + " after lowering the learning rate or adding gradient clipping)");
        this.epoch = epoch;
        this.batch = batch;
        this.lastFiniteLoss = lastFiniteLoss;
        this.checkpoint = checkpoint;
    }

    /** The epoch (1-based) of the bad batch. */
    public int epoch() {
        return epoch;
    }

    /** The batch (1-based) within the epoch. */
    public int batch() {
        return batch;
    }

    /** The last finite batch loss (NaN if none). */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The checkpoint kept. */
    public Path checkpoint() {
        return checkpoint;
    }
}
