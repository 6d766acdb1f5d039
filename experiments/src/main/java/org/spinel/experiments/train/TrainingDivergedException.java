package org.spinel.experiments.train;

import java.nio.file.Path;

/**
 * Training stopped because a batch's loss was NaN or infinite (the weights were not changed by that batch), or (the
 * {@code ep-train} protocol) a relaxation diverged. Says where (epoch and batch, both 1-based), the last finite batch
 * loss or residual, and where the last checkpoint was kept so the
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
        this("training diverged: the loss of epoch " + epoch + ", batch " + batch + " is " + loss
                + (Double.isNaN(lastFiniteLoss) ? " (no finite loss before it)"
                        : "; the last finite batch loss was " + lastFiniteLoss)
                + ". The weights were left as before that batch", epoch, batch, lastFiniteLoss, checkpoint,
                checkpointEpoch);
    }

    /**
     * A relaxation that diverged (the {@code ep-train} protocol): some quantity other than the loss (the free-phase
     * residual) became NaN or infinite.
     *
     * @param quantity       what diverged, in words
     * @param value          its non-finite value
     * @param also           what else is known of the batch (e.g. its loss), or null
     * @param lastFinite     the last finite value of the quantity (NaN if there was none)
     */
    public TrainingDivergedException(int epoch, int batch, String quantity, double value, String also,
            double lastFinite, Path checkpoint, int checkpointEpoch) {
        this("training diverged: the " + quantity + " of epoch " + epoch + ", batch " + batch + " is " + value
                + (also == null ? "" : " (" + also + ")") + (Double.isNaN(lastFinite) ? "; no finite value before it"
                        : "; the last finite value, of the batch before, was " + lastFinite), epoch, batch,
                lastFinite, checkpoint, checkpointEpoch);
    }

    private TrainingDivergedException(String what, int epoch, int batch, double lastFinite, Path checkpoint,
            int checkpointEpoch) {
        super(what + "; the checkpoint after epoch " + checkpointEpoch + " is kept in " + checkpoint
                + " (resume with --resume " + checkpoint.getParent()
                + " after lowering the learning rate or adding gradient clipping)");
        this.epoch = epoch;
        this.batch = batch;
        this.lastFiniteLoss = lastFinite;
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

    /** The last finite batch loss, or the last finite value of the quantity that diverged (NaN if none). */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The checkpoint kept. */
    public Path checkpoint() {
        return checkpoint;
    }
}
