package org.spinel.plasticity.sg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.optim.Optimizer;
import org.spinel.plasticity.optim.OptimizerFactory;
import org.spinel.plasticity.optim.GradientClipping;
import org.spinel.plasticity.optim.OptimizerState;

/**
 * Mini-batch training of a {@link SurrogateGradientNetwork}: each batch is cut into a fixed number of contiguous
 * chunks (independent of the thread count), each chunk's gradient is accumulated in its own workspace, the chunks
 * are summed in order and averaged, and one optimizer step per weight block follows. The same seed therefore gives
 * the same weights for any number of threads.
 *
 * <p>Surrogate-gradient learning is the <em>rule</em> of a plasticity pipeline (DESIGN.md, {@code Δw =
 * bounds(projector(modulators(rule)))}): the optimizer proposes new weights, their difference Δw from the current
 * weights goes through the block's {@link Projector} (its state bound to the dense block, whose
 * layout is the weights' {@code [pre][post]} order) and the {@link WeightBounds}, and only then reaches the
 * weights. Frozen blocks ({@link #freeze}, JSON {@code learn: false}) keep their weights.
 */
public final class BatchTrainer implements AutoCloseable {
    /** Chunks per batch: the unit of parallel work and of the fixed-order reduction. */
    public static final int CHUNKS = 16;
    private final SurrogateGradientNetwork net;
    private final Loss loss;
    private final int steps;
    private final SurrogateGradientNetwork.Workspace[] chunks;
    /** Per block (layer l feed-forward = 2l, recurrent = 2l + 1; null where absent). */
    private final Optimizer[] opt;
    private final float[][] param, grad;
    private final double[][] sum;
    private final boolean[] frozen;
    private final ProjectorState[] projector;
    private final WeightBounds[] bounds;
    private final ExecutorService pool;
    private double clipNorm, clipValue;

    /**
     * @param net     the network (its weights are trained in place)
     * @param opt     optimizer configuration (one optimizer per weight block)
     * @param loss    the loss (cross-entropy variants; labels per sample)
     * @param steps   time steps per sample
     * @param threads worker threads (results do not depend on it)
     */
    public BatchTrainer(SurrogateGradientNetwork net, OptimizerFactory opt, Loss loss, int steps, int threads) {
        this.net = net;
        this.loss = loss;
        this.steps = steps;
        int n = net.layerCount();
        chunks = new SurrogateGradientNetwork.Workspace[CHUNKS];
        for (int c = 0; c < CHUNKS; c++) {
            chunks[c] = net.workspace(steps);
        }
        this.opt = new Optimizer[2 * n];
        param = new float[2 * n][];
        grad = new float[2 * n][];
        sum = new double[2 * n][];
        frozen = new boolean[2 * n];
        projector = new ProjectorState[2 * n];
        bounds = new WeightBounds[2 * n];
        for (int b = 0; b < 2 * n; b++) {
            double[] w = block(b);
            if (w != null) {
                this.opt[b] = opt.build(w.length);
                param[b] = new float[w.length];
                grad[b] = new float[w.length];
                sum[b] = new double[w.length];
                bounds[b] = WeightBounds.none();
            }
        }
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sg-trainer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private double[] block(int b) {
        return b % 2 == 0 ? net.weights(b / 2) : net.recurrentWeights(b / 2);
    }

    private int blockOf(int layer, boolean recurrent) {
        if (layer < 0 || layer >= net.layerCount()) {
            throw new IllegalArgumentException("layer " + layer + ": expected 0.." + (net.layerCount() - 1));
        }
        int b = 2 * layer + (recurrent ? 1 : 0);
        if (block(b) == null) {
            throw new IllegalArgumentException("layer " + layer + " has no recurrent weights");
        }
        return b;
    }

    /** Keeps layer l's weights (feed-forward and recurrent) fixed ({@code learn: false}). */
    public BatchTrainer freeze(int l) {
        frozen[blockOf(l, false)] = true;
        if (net.recurrentWeights(l) != null) {
            frozen[blockOf(l, true)] = true;
        }
        return this;
    }

    /**
     * Sets the projector and bounds stages of one weight block's pipeline.
     *
     * @param projector a linear map on each step's Δw, or null
     * @param bounds    bounds on the new weights (null for none)
     */
    public BatchTrainer pipeline(int layer, boolean recurrent, Projector projector, WeightBounds bounds) {
        int b = blockOf(layer, recurrent);
        int nPre = recurrent ? net.layer(layer).size() : net.inputsOf(layer), nPost = net.layer(layer).size();
        this.projector[b] = projector == null ? null : projector.bind(nPre, nPost, null);
        this.bounds[b] = bounds == null ? WeightBounds.none() : bounds;
        return this;
    }

    /**
     * Clips the gradient before each optimizer step by its global L2 norm over all trained blocks
     * ({@link GradientClipping#byGlobalNorm}); 0 turns it off.
     *
     * @param maxNorm the largest norm (&ge; 0; 0 = no clipping)
     */
    public BatchTrainer clipByGlobalNorm(double maxNorm) {
        if (!(maxNorm >= 0 && maxNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gradient clipping maxNorm = " + maxNorm + ": expected a finite value >= 0");
        }
        clipNorm = maxNorm;
        return this;
    }

    /**
     * Clamps every gradient component to [−limit, limit] before each optimizer step
     * ({@link GradientClipping#byValue}, after the norm clipping if both are on); 0 turns it off.
     */
    public BatchTrainer clipByValue(double limit) {
        if (!(limit >= 0 && limit < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gradient clipping limit = " + limit + ": expected a finite value >= 0");
        }
        clipValue = limit;
        return this;
    }

    /** One optimizer step on dense inputs (steps × inputs each); see {@link #trainBatch(SampleInput[], int[])}. */
    public double trainBatch(double[][] inputs, int[] labels) {
        SampleInput[] in = new SampleInput[inputs.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = SampleInput.ofDense(net.inputs(), steps, inputs[k]);
        }
        return trainBatch(in, labels);
    }

    /**
     * One optimizer step on the batch {@code inputs[b]} with {@code labels[b]}. If the mean loss is not finite, no
     * weight changes and the non-finite value is returned: the caller decides how to stop.
     *
     * @return the mean loss over the batch (before the step), regularisers included
     */
    public double trainBatch(SampleInput[] inputs, int[] labels) {
        return trainBatch(inputs, labels, null);
    }

    /**
     * {@link #trainBatch(SampleInput[], int[])} that also writes the predicted class of every sample (from the
     * forward pass before the step, so the running training accuracy costs no extra pass) into
     * {@code predicted[0..b−1]} when it is not null.
     */
    public double trainBatch(SampleInput[] inputs, int[] labels, int[] predicted) {
        int b = inputs.length;
        if (labels.length != b) {
            throw new IllegalArgumentException(b + " inputs but " + labels.length + " labels");
        }
        if (predicted != null && predicted.length < b) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " entries: expected at least " + b);
        }
        double[] losses = new double[CHUNKS];
        run(c -> {
            SurrogateGradientNetwork.Workspace ws = chunks[c];
            ws.clearGradients();
            double s = 0;
            for (int k = c * b / CHUNKS; k < (c + 1) * b / CHUNKS; k++) {
                ws.forward(inputs[k]);
                if (predicted != null) {
                    predicted[k] = ws.predict(loss);
                }
                s += ws.backward(loss, labels[k]);
            }
            losses[c] = s;
        });
        double total = 0;
        for (double x : losses) {
            total += x;
        }
        double mean = total / b;
        if (!Double.isFinite(mean)) {
            return mean;
        }
        int active = 0;
        for (int k = 0; k < opt.length; k++) {
            if (opt[k] != null && !frozen[k]) {
                gradient(k, b);
                active++;
            }
        }
        if (clipNorm > 0 || clipValue > 0) {
            float[][] gs = new float[active][];
            for (int k = 0, a = 0; k < opt.length; k++) {
                if (opt[k] != null && !frozen[k]) {
                    gs[a++] = grad[k];
                }
            }
            if (clipNorm > 0) {
                GradientClipping.byGlobalNorm(clipNorm, gs);
            }
            if (clipValue > 0) {
                GradientClipping.byValue(clipValue, gs);
            }
        }
        for (int k = 0; k < opt.length; k++) {
            if (opt[k] != null && !frozen[k]) {
                apply(k);
            }
        }
        return mean;
    }

    /** The mean gradient of block {@code blk} over the batch into grad[blk], the weights as float into param[blk]. */
    private void gradient(int blk, int batch) {
        double[] w = block(blk), s = sum[blk];
        float[] p = param[blk], g = grad[blk];
        Arrays.fill(s, 0);
        for (SurrogateGradientNetwork.Workspace ws : chunks) {
            double[] gc = blk % 2 == 1 ? ws.recurrentGradient(blk / 2) : ws.weightGradient(blk / 2);
            for (int k = 0; k < s.length; k++) {
                s[k] += gc[k];
            }
        }
        for (int k = 0; k < w.length; k++) {
            p[k] = (float) w[k];
            g[k] = (float) (s[k] / batch);
        }
    }

    /** The optimizer step on block {@code blk}, then its projector and bounds. */
    private void apply(int blk) {
        double[] w = block(blk), s = sum[blk];
        float[] p = param[blk], g = grad[blk];
        opt[blk].step(p, g);
        ProjectorState pr = projector[blk];
        WeightBounds wb = bounds[blk];
        if (pr == null && wb instanceof WeightBounds.None) {
            for (int k = 0; k < w.length; k++) {
                w[k] = p[k];
            }
            return;
        }
        for (int k = 0; k < w.length; k++) {
            s[k] = p[k] - w[k];
        }
        if (pr != null) {
            pr.project(s);
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = wb.clip(k, (float) (w[k] + s[k]));
        }
    }

    /** Fraction of samples whose predicted class equals the label (dense inputs). */
    public double accuracy(double[][] inputs, int[] labels) {
        SampleInput[] in = new SampleInput[inputs.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = SampleInput.ofDense(net.inputs(), steps, inputs[k]);
        }
        return evaluate(in, labels).accuracy();
    }

    /**
     * Runs every sample forward (no learning): accuracy, mean loss, predictions and the spike counts of every
     * layer.
     */
    public Evaluation evaluate(SampleInput[] inputs, int[] labels) {
        int b = inputs.length, layers = net.layerCount();
        int[] predicted = new int[b];
        double[] losses = new double[CHUNKS];
        float[][] counts = new float[layers][];
        for (int l = 0; l < layers; l++) {
            counts[l] = new float[b * net.layer(l).size()];
        }
        run(c -> {
            SurrogateGradientNetwork.Workspace ws = chunks[c];
            double s = 0;
            for (int k = c * b / CHUNKS; k < (c + 1) * b / CHUNKS; k++) {
                ws.forward(inputs[k]);
                predicted[k] = ws.predict(loss);
                s += ws.loss(loss, labels[k]);
                for (int l = 0; l < layers; l++) {
                    int n = net.layer(l).size();
                    for (int q = 0; q < n; q++) {
                        counts[l][k * n + q] = (float) ws.spikeCount(l, q);
                    }
                }
            }
            losses[c] = s;
        });
        int correct = 0;
        for (int k = 0; k < b; k++) {
            if (predicted[k] == labels[k]) {
                correct++;
            }
        }
        double total = 0;
        for (double x : losses) {
            total += x;
        }
        return new Evaluation(b == 0 ? 0 : correct / (double) b, b == 0 ? 0 : total / b, predicted, counts);
    }

    /**
     * The optimizer state of every trainable block, in block order (layer 0 feed-forward, layer 0 recurrent,
     * layer 1 ...; absent blocks skipped): what a checkpoint stores next to the weights.
     */
    public List<OptimizerState> optimizerStates() {
        List<OptimizerState> out = new ArrayList<>();
        for (Optimizer o : opt) {
            if (o != null) {
                out.add(o.exportState());
            }
        }
        return out;
    }

    /**
     * Restores the optimizer states saved by {@link #optimizerStates()}.
     *
     * @throws IllegalArgumentException if the number of blocks or a block's shape differs
     */
    public void restoreOptimizerStates(List<OptimizerState> states) {
        int k = 0;
        for (Optimizer o : opt) {
            if (o != null) {
                if (k >= states.size()) {
                    throw new IllegalArgumentException("optimizer states: " + states.size()
                            + " blocks saved, this network has more");
                }
                o.importState(states.get(k++));
            }
        }
        if (k != states.size()) {
            throw new IllegalArgumentException("optimizer states: " + states.size() + " blocks saved, this network has "
                    + k);
        }
    }

    private void run(IntConsumer chunk) {
        if (pool == null) {
            for (int c = 0; c < CHUNKS; c++) {
                chunk.accept(c);
            }
            return;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            final int cc = c;
            fs.add(pool.submit(() -> chunk.accept(cc)));
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
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
