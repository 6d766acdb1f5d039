package org.spinel.experiments.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.plasticity.train.WeightBlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mutable state of a training run of any {@link org.spinel.plasticity.train.TrainableModel} that the training
 * protocols ({@code train}, {@code ep-train}) share: completed epochs, the per-epoch history (named columns, the rows
 * of {@code epochs.csv}), the early-stopping bookkeeping and the best validation epoch's weights; what goes into and
 * comes back from a {@link Checkpoint}; the epoch shuffle and the {@code --resume} checks.
 */
final class TrainingState {
    /**
     * Settings of the resolved protocol that {@code --resume} may change without a warning: the number of epochs (a
     * resumed run trains to the new count), the network (which must not change: {@link Checkpoint#networkDifferences})
     * and the dataset's directory (the same files may lie elsewhere; the manifest identifies them by their SHA-256).
     */
    static final Set<String> RESUME_FREE = Set.of("/epochs", "/network", "/dataset/directory");

    final List<String> columns;
    final boolean tracksBest;
    /** Whether the run is a --quick one (recorded in the checkpoint). */
    final boolean quick;
    int epoch;
    final Map<String, List<Double>> history = new LinkedHashMap<>();
    int bestEpoch, sinceBest;
    double bestAccuracy = Double.NaN;
    /** The best validation epoch's weights per block (the model's block order). */
    double[][] best;
    boolean stopped;

    /**
     * @param columns    the history's columns
     * @param tracksBest whether the best validation epoch is tracked (early stopping)
     * @param quick      whether this is a --quick run
     */
    TrainingState(List<String> columns, boolean tracksBest, boolean quick) {
        this.columns = List.copyOf(columns);
        this.tracksBest = tracksBest;
        this.quick = quick;
        for (String c : columns) {
            history.put(c, new ArrayList<>());
        }
    }

    /** Continues from a checkpoint. */
    void restore(Checkpoint c) {
        epoch = c.epoch();
        for (String col : columns) {
            double[] v = c.history().get(col);
            if (v != null) {
                for (double x : v) {
                    history.get(col).add(x);
                }
            }
        }
        bestEpoch = c.bestEpoch();
        bestAccuracy = c.bestAccuracy();
        sinceBest = c.sinceBest();
        best = tracksBest ? c.best() : null;
        stopped = c.stopped();
    }

    /**
     * Continues from {@code resumed} (when not null): its blocks into the trainer (refused, exit 2, naming the first
     * block that differs when they are another model's), then its history and early-stopping state.
     *
     * @param resumeArg what {@code --resume} named (for the message)
     */
    void resume(MiniBatchTrainer<?, ?> trainer, Checkpoint resumed, Path resumeArg) {
        if (resumed == null) {
            return;
        }
        try {
            trainer.importBlocks(resumed.blocks());
        } catch (IllegalArgumentException ex) {
            throw new ExperimentException(List.of(new ValidationError("", "--resume " + Checkpoint.locate(resumeArg)
                    + ": " + ex.getMessage(), "a checkpoint of the same model (--resume continues the same network: "
                            + "start a new run to train another one)")));
        }
        restore(resumed);
    }

    /** The training and the writing of the outputs, after the first checkpoint. */
    @FunctionalInterface
    interface Run {
        Outcome run() throws IOException;
    }

    /**
     * Runs {@code run}; if it fails other than by divergence (which says so itself), says on {@code log} that the
     * last checkpoint is kept and how to resume; when it succeeds, prints the final test accuracy.
     *
     * @param what the protocol and experiment, for the messages ({@code "train sg-fmnist"})
     */
    Outcome run(String what, Path work, Path ckpt, PrintStream log, Run run) throws IOException {
        Outcome result;
        try {
            result = run.run();
        } catch (IOException | RuntimeException ex) {
            if (!(ex instanceof TrainingDivergedException)) {
                log.println("spinel: " + what + " stopped (" + ex + "); the checkpoint after epoch " + epoch
                        + " is kept in " + ckpt + " (resume with --resume " + work + ")");
            }
            throw ex;
        }
        log.printf("spinel: %s: test accuracy %.4f after %d epochs%s%n", what,
                result.metrics().path("final_test_accuracy").asDouble(), epoch,
                tracksBest ? " (weights of the best validation epoch " + bestEpoch + ")" : "");
        return result;
    }

    /** Appends one epoch's row, {@code row[c]} for {@code columns.get(c)}. */
    void record(double[] row) {
        for (int c = 0; c < row.length; c++) {
            history.get(columns.get(c)).add(row[c]);
        }
    }

    Map<String, double[]> historyArrays() {
        Map<String, double[]> m = new LinkedHashMap<>();
        history.forEach((k, v) -> m.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return m;
    }

    Checkpoint checkpoint(MiniBatchTrainer<?, ?> trainer, ObjectNode network, ObjectNode training) {
        return new Checkpoint(epoch, network, training, trainer.exportBlocks(), best, historyArrays(), bestEpoch,
                bestAccuracy, sinceBest, stopped, quick);
    }

    /** Records epoch {@code epoch} (1-based) with its validation accuracy; early stopping after the patience. */
    void validated(int epoch, double accuracy, int patience, MiniBatchTrainer<?, ?> trainer) {
        if (improves(accuracy, bestAccuracy)) {
            bestAccuracy = accuracy;
            bestEpoch = epoch;
            sinceBest = 0;
            best = blockWeights(trainer);
        } else if (++sinceBest >= patience) {
            stopped = true;
        }
    }

    /** Puts the best validation epoch's weights back into the blocks (with early stopping). */
    void restoreBest(MiniBatchTrainer<?, ?> trainer) {
        if (tracksBest && best != null) {
            List<WeightBlock> blocks = trainer.blocks();
            for (int b = 0; b < blocks.size(); b++) {
                System.arraycopy(best[b], 0, blocks.get(b).weights(), 0, best[b].length);
            }
            trainer.model().weightsChanged();
        }
    }

    /**
     * The rule of the best epoch, written once: an epoch is better than the best so far when its accuracy is
     * larger (the first epoch always is, {@code best} being NaN then; ties keep the earlier epoch).
     */
    static boolean improves(double accuracy, double best) {
        return !(accuracy <= best);
    }

    /** The index of the best epoch of {@code accuracy} by {@link #improves} (0 for none). */
    static int bestEpochIndex(double[] accuracy) {
        int best = 0;
        double b = Double.NaN;
        for (int i = 0; i < accuracy.length; i++) {
            if (improves(accuracy[i], b)) {
                best = i;
                b = accuracy[i];
            }
        }
        return best;
    }

    private static double[][] blockWeights(MiniBatchTrainer<?, ?> trainer) {
        List<WeightBlock> blocks = trainer.blocks();
        double[][] w = new double[blocks.size()][];
        for (int b = 0; b < w.length; b++) {
            w[b] = blocks.get(b).weights().clone();
        }
        return w;
    }

    /**
     * The metrics every training protocol reports: the final test accuracy and loss, the best epoch (by validation
     * accuracy, or by test accuracy without validation), which weights were kept, epochs, early stopping, and the mean
     * seconds of training ({@code train_s}) and of whole epochs ({@code epoch_s}).
     */
    void putMetrics(ObjectNode m, Map<String, double[]> hist, boolean byValidation, double testAccuracy,
            double testLoss) {
        m.put("final_test_accuracy", testAccuracy);
        m.put("final_test_loss", testLoss);
        double[] val = hist.get("validation_accuracy"), testAcc = hist.get("test_accuracy");
        double[] by = byValidation ? val : testAcc;
        int best = bestEpochIndex(by);
        m.put("best_epoch", by.length == 0 ? 0 : best + 1);
        m.put("best_epoch_by", byValidation ? "validation" : "test");
        if (byValidation && by.length > 0) {
            m.put("best_validation_accuracy", val[best]);
        }
        m.put("weights", tracksBest ? "best validation epoch " + bestEpoch : "last epoch");
        m.put("epochs", epoch);
        m.put("early_stopped", stopped);
        m.put("seconds_per_epoch", TrainRunner.mean(hist.get("train_s")));
        m.put("wall_seconds_per_epoch", TrainRunner.mean(hist.get("epoch_s")));
    }

    /**
     * The order of the training images in epoch {@code epoch} (0-based) into {@code perm}: a Fisher–Yates shuffle
     * with the stream {@code train/shuffle/<epoch>} of the experiment seed.
     */
    static void shuffle(int[] perm, RandomStreams streams, int epoch) {
        int n = perm.length;
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        UniformRandomProvider rng = streams.stream("train/shuffle/" + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /**
     * Refuses a checkpoint of another network or optimiser (every difference named by its pointer), and warns of
     * training settings that differ from the checkpoint's.
     *
     * @param network       the resolved network of the experiment
     * @param optimizerType the experiment's optimiser type
     * @param protocol      the experiment's resolved protocol
     */
    static void checkResume(Checkpoint c, ObjectNode network, String optimizerType, JsonNode protocol, boolean quick,
            PrintStream log) {
        List<ValidationError> diffs = Checkpoint.networkDifferences(c.network(), network);
        String savedOpt = c.training().path("optimizer").path("type").asText();
        if (!savedOpt.equals(optimizerType)) {
            diffs.add(new ValidationError("/protocol/optimizer/type", "\"" + optimizerType
                    + "\" in the experiment", "\"" + savedOpt + "\" as in the checkpoint (its optimizer state "
                            + "belongs to that method)"));
        }
        if (!diffs.isEmpty()) {
            throw new ExperimentException(diffs);
        }
        List<String> changed = Checkpoint.settingDifferences(c.training(), protocol, RESUME_FREE);
        if (c.quick() != null && c.quick() != quick) {
            changed.add(0, "/quick: " + c.quick() + " in the checkpoint, " + quick + " now (--quick caps the images "
                    + "and epochs)");
        }
        if (!changed.isEmpty()) {
            log.println("spinel: resuming with training settings that differ from the checkpoint's (the result will "
                    + "differ from an uninterrupted run): " + String.join("; ", changed));
        }
    }
}
