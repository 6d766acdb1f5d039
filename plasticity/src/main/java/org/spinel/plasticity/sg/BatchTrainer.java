package org.spinel.plasticity.sg;

import java.util.ArrayList;
import java.util.List;

import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.optim.GradientClipping;
import org.spinel.plasticity.optim.OptimizerFactory;
import org.spinel.plasticity.optim.OptimizerState;
import org.spinel.plasticity.train.BlockState;
import org.spinel.plasticity.train.MiniBatchTrainer;

/**
 * Mini-batch training of a {@link SurrogateGradientNetwork}: a thin facade that addresses the blocks of a
 * {@link SurrogateGradientModel} by layer and runs the generic {@link MiniBatchTrainer} (16 fixed chunks, ordered
 * reduction: the same seed gives the same weights for any number of threads; one optimizer per weight block;
 * clipping; frozen blocks; the pipeline {@code bounds(projector(Δw))} per block). What is specific to spiking
 * networks here is only the evaluation's spike counts.
 *
 * <p>Surrogate-gradient learning is the <em>rule</em> of a plasticity pipeline (DESIGN.md, {@code Δw =
 * bounds(projector(modulators(rule)))}): the optimizer proposes new weights, their difference Δw from the current
 * weights goes through the block's {@link Projector} (bound to the dense block, layout {@code [pre][post]}) and the
 * {@link WeightBounds}, and only then reaches the weights. Frozen layers ({@link #freeze}, JSON
 * {@code learn: false}) keep their weights.
 */
public final class BatchTrainer implements AutoCloseable {
    /** Chunks per batch: the unit of parallel work and of the fixed-order reduction. */
    public static final int CHUNKS = MiniBatchTrainer.CHUNKS;
    private final SurrogateGradientNetwork net;
    private final SurrogateGradientModel model;
    private final MiniBatchTrainer<SampleInput, SurrogateGradientModel.Workspace> trainer;
    private final int steps;

    /**
     * @param net     the network (its weights are trained in place)
     * @param opt     optimizer configuration (one optimizer per weight block)
     * @param loss    the loss (cross-entropy variants; labels per sample)
     * @param steps   time steps per sample
     * @param threads worker threads (results do not depend on it)
     */
    public BatchTrainer(SurrogateGradientNetwork net, OptimizerFactory opt, Loss loss, int steps, int threads) {
        this.net = net;
        this.steps = steps;
        this.model = new SurrogateGradientModel(net, loss, steps);
        this.trainer = new MiniBatchTrainer<>(model, opt, threads);
    }

    /** The generic trainer underneath (block-level settings, {@code endTask()}, checkpoints by block name). */
    public MiniBatchTrainer<SampleInput, SurrogateGradientModel.Workspace> trainer() {
        return trainer;
    }

    /** The network as a trainable model. */
    public SurrogateGradientModel model() {
        return model;
    }

    private String blockOf(int layer, boolean recurrent) {
        if (layer < 0 || layer >= net.layerCount()) {
            throw new IllegalArgumentException("layer " + layer + ": expected 0.." + (net.layerCount() - 1));
        }
        if (recurrent && net.recurrentWeights(layer) == null) {
            throw new IllegalArgumentException("layer " + layer + " has no recurrent weights");
        }
        return SurrogateGradientModel.blockName(layer, recurrent);
    }

    /** Keeps layer l's weights (feed-forward and recurrent) fixed ({@code learn: false}). */
    public BatchTrainer freeze(int l) {
        trainer.freeze(blockOf(l, false));
        if (net.recurrentWeights(l) != null) {
            trainer.freeze(blockOf(l, true));
        }
        return this;
    }

    /**
     * Sets the projector and bounds stages of one weight block's pipeline.
     *
     * @param projector a linear map on each step's Δw or mean gradient (its {@link Projector#stage()}), or null
     * @param bounds    bounds on the new weights (null for none)
     */
    public BatchTrainer pipeline(int layer, boolean recurrent, Projector projector, WeightBounds bounds) {
        trainer.pipeline(blockOf(layer, recurrent), projector, bounds);
        return this;
    }

    /**
     * Clips the gradient before each optimizer step by its global L2 norm over all trained blocks
     * ({@link GradientClipping#byGlobalNorm}); 0 turns it off.
     *
     * @param maxNorm the largest norm (&ge; 0; 0 = no clipping)
     */
    public BatchTrainer clipByGlobalNorm(double maxNorm) {
        trainer.clipByGlobalNorm(maxNorm);
        return this;
    }

    /**
     * Clamps every gradient component to [−limit, limit] before each optimizer step
     * ({@link GradientClipping#byValue}, after the norm clipping if both are on); 0 turns it off.
     */
    public BatchTrainer clipByValue(double limit) {
        trainer.clipByValue(limit);
        return this;
    }

    /** One optimizer step on dense inputs (steps × inputs each); see {@link #trainBatch(SampleInput[], int[])}. */
    public double trainBatch(double[][] inputs, int[] labels) {
        return trainBatch(dense(inputs), labels);
    }

    private SampleInput[] dense(double[][] inputs) {
        SampleInput[] in = new SampleInput[inputs.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = SampleInput.ofDense(net.inputs(), steps, inputs[k]);
        }
        return in;
    }

    /**
     * One optimizer step on the batch {@code inputs[b]} with {@code labels[b]}. If the mean loss is not finite, no
     * weight changes and the non-finite value is returned: the caller decides how to stop.
     *
     * @return the mean loss over the batch (before the step), regularisers included
     */
    public double trainBatch(SampleInput[] inputs, int[] labels) {
        return trainer.trainBatch(inputs, labels, null);
    }

    /**
     * {@link #trainBatch(SampleInput[], int[])} that also writes the predicted class of every sample (from the
     * forward pass before the step, so the running training accuracy costs no extra pass) into
     * {@code predicted[0..b−1]} when it is not null.
     */
    public double trainBatch(SampleInput[] inputs, int[] labels, int[] predicted) {
        return trainer.trainBatch(inputs, labels, predicted);
    }

    /** Fraction of samples whose predicted class equals the label (dense inputs). */
    public double accuracy(double[][] inputs, int[] labels) {
        return evaluate(dense(inputs), labels).accuracy();
    }

    /**
     * Runs every sample forward (no learning): accuracy, mean loss, predictions and the spike counts of every
     * layer.
     */
    public Evaluation evaluate(SampleInput[] inputs, int[] labels) {
        int b = inputs.length, layers = net.layerCount();
        float[][] counts = new float[layers][];
        for (int l = 0; l < layers; l++) {
            counts[l] = new float[b * net.layer(l).size()];
        }
        org.spinel.plasticity.train.Evaluation ev = trainer.evaluate(inputs, labels, (ws, k) -> {
            for (int l = 0; l < layers; l++) {
                int n = net.layer(l).size();
                for (int q = 0; q < n; q++) {
                    counts[l][k * n + q] = (float) ws.network().spikeCount(l, q);
                }
            }
        });
        return new Evaluation(ev.accuracy(), ev.meanLoss(), ev.predicted(), counts);
    }

    /**
     * The optimizer state of every weight block, in block order (layer 0 feed-forward, layer 0 recurrent,
     * layer 1 ...; absent blocks skipped).
     */
    public List<OptimizerState> optimizerStates() {
        return trainer.optimizerStates();
    }

    /**
     * Restores the optimizer states saved by {@link #optimizerStates()} (weights and projector states are the
     * caller's; {@link MiniBatchTrainer#importBlocks} restores everything by block name).
     *
     * @throws IllegalArgumentException if the number of blocks or a block's shape differs
     */
    public void restoreOptimizerStates(List<OptimizerState> states) {
        List<BlockState> blocks = trainer.exportBlocks();
        if (states.size() != blocks.size()) {
            throw new IllegalArgumentException("optimizer states: " + states.size() + " blocks saved, this network has "
                    + blocks.size());
        }
        List<BlockState> with = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            BlockState s = blocks.get(k);
            with.add(new BlockState(s.name(), s.role(), s.pre(), s.post(), s.weights(),
                    states.get(k), s.projector(), s.projectorState()));
        }
        trainer.importBlocks(with);
    }

    @Override
    public void close() {
        trainer.close();
    }

    /**
     * The result of {@link #evaluate}.
     *
     * @param accuracy    fraction of correct predictions
     * @param meanLoss    mean loss (regularisers included)
     * @param predicted   predicted class per sample
     * @param spikeCounts per layer, {@code [sample·size + unit]} spike counts
     */
    public record Evaluation(double accuracy, double meanLoss, int[] predicted, float[][] spikeCounts) {
    }
}
