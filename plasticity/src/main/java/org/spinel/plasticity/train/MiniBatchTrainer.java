package org.spinel.plasticity.train;

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
import org.spinel.plasticity.optim.GradientClipping;
import org.spinel.plasticity.optim.Optimizer;
import org.spinel.plasticity.optim.OptimizerFactory;
import org.spinel.plasticity.optim.OptimizerState;

/**
 * The generic mini-batch trainer of any {@link TrainableModel} (DESIGN.md, "in a trainer"): the credit method is
 * the model's, everything else is here.
 *
 * <p><b>One step</b> ({@link #trainBatch}) on a batch of {@code b} samples:
 * <ol>
 *   <li>the batch is cut into {@link #CHUNKS} contiguous chunks (sample {@code k} in chunk {@code c} when
 *       {@code c·b/16 ≤ k < (c+1)·b/16}, independent of the thread count); each chunk runs its samples in order in
 *       its own workspace, accumulating their credit;</li>
 *   <li>per trained block, the chunks' credits are summed in chunk order (in double) and divided by {@code b}: the
 *       mean gradient; a {@link Projector.Stage#GRADIENT} projector maps it here;</li>
 *   <li>the mean gradients are rounded to float and clipped (global L2 norm over all trained blocks in block order,
 *       then by value);</li>
 *   <li>each block's optimiser proposes new weights from the float weights; their change Δw from the current
 *       weights goes through a {@link Projector.Stage#UPDATE} projector, then the block's {@link WeightBounds} clip
 *       {@code (float)(w + Δw)}: the pipeline {@code bounds(projector(Δw))};</li>
 *   <li>then every observing projector ({@link Projector.Activity#PRESYNAPTIC_RATE}) observes the presynaptic
 *       activity of its block for each sample of the batch, in sample order (recorded in the forward passes, before
 *       the step), so its state learns after it was used (the order of {@link Projector}'s contract).</li>
 * </ol>
 * The same seed therefore gives the same weights for any number of threads. A non-finite mean loss returns before
 * step 2: nothing changes. Frozen blocks ({@link #freeze}) keep their weights, take no part in the clipping norm
 * and their projectors observe nothing; their optimiser state is still checkpointed.
 *
 * <p>Checkpoints: {@link #exportBlocks()} and {@link #importBlocks(List)} save and restore every block by name
 * (weights, optimiser state, projector state); a checkpoint of another model is refused naming the first block
 * that differs.
 *
 * @param <X> the model's sample type
 * @param <W> the model's workspace type
 */
public final class MiniBatchTrainer<X, W extends ModelWorkspace<X>> implements AutoCloseable {
    /** Chunks per batch: the unit of parallel work and of the fixed-order reduction. */
    public static final int CHUNKS = 16;

    /** Called for every sample an evaluation runs, after its forward pass (from worker threads, one per chunk). */
    @FunctionalInterface
    public interface SampleHook<W> {
        /**
         * @param workspace the workspace that ran the sample (its state is the sample's)
         * @param index     the sample's index in the evaluated array
         */
        void sample(W workspace, int index);
    }

    private final TrainableModel<X, W> model;
    private final List<WeightBlock> blocks;
    private final List<W> chunks;
    private final Optimizer[] opt;
    private final float[][] param, grad;
    private final double[][] sum;
    private final boolean[] frozen;
    private final Projector[] projector;
    private final ProjectorState[] projectorState;
    private final WeightBounds[] bounds;
    /** Per block whose projector observes activity: the batch's presynaptic activity, [sample][pre]; else null. */
    private final double[][][] activity;
    private final ExecutorService pool;
    private double clipNorm, clipValue;
    /** Wall time spent in the projectors' stages (observe, project, endTask), nanoseconds. */
    private long projectorNanos;
    /**
     * Per block with an update interval k &gt; 1 ({@link Projector#updateInterval()}): the unprojected changes applied
     * since the last correction, and how many steps they hold (else null / 0).
     */
    private final double[][] pending;
    private final int[] pendingSteps;

    /**
     * @param model   the model (its weights are trained in place)
     * @param opt     optimiser configuration (one optimiser per block)
     * @param threads worker threads (results do not depend on it)
     */
    public MiniBatchTrainer(TrainableModel<X, W> model, OptimizerFactory opt, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": expected at least 1");
        }
        this.model = model;
        this.blocks = List.copyOf(model.blocks());
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("the model has no weight blocks to train");
        }
        for (int b = 0; b < blocks.size(); b++) {
            for (int a = 0; a < b; a++) {
                if (blocks.get(a).name().equals(blocks.get(b).name())) {
                    throw new IllegalArgumentException("weight block name \"" + blocks.get(b).name()
                            + "\" is used twice: expected unique names");
                }
            }
        }
        List<W> ws = new ArrayList<>(CHUNKS);
        for (int c = 0; c < CHUNKS; c++) {
            ws.add(model.workspace());
        }
        this.chunks = List.copyOf(ws);
        int n = blocks.size();
        this.opt = new Optimizer[n];
        param = new float[n][];
        grad = new float[n][];
        sum = new double[n][];
        pending = new double[n][];
        pendingSteps = new int[n];
        frozen = new boolean[n];
        projector = new Projector[n];
        projectorState = new ProjectorState[n];
        bounds = new WeightBounds[n];
        activity = new double[n][][];
        for (int b = 0; b < n; b++) {
            int size = blocks.get(b).size();
            this.opt[b] = opt.build(size);
            param[b] = new float[size];
            grad[b] = new float[size];
            sum[b] = new double[size];
            bounds[b] = WeightBounds.none();
        }
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mini-batch-trainer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** The model's blocks, in order. */
    public List<WeightBlock> blocks() {
        return blocks;
    }

    /** The model. */
    public TrainableModel<X, W> model() {
        return model;
    }

    /**
     * The index of block {@code name}.
     *
     * @throws IllegalArgumentException naming the blocks there are
     */
    public int blockIndex(String name) {
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("weight block \"" + name + "\": expected one of " + names());
    }

    private List<String> names() {
        return blocks.stream().map(WeightBlock::name).toList();
    }

    /** Keeps block {@code name}'s weights fixed. */
    public MiniBatchTrainer<X, W> freeze(String name) {
        frozen[blockIndex(name)] = true;
        return this;
    }

    /** Whether block {@code b} is frozen. */
    public boolean frozen(int b) {
        return frozen[b];
    }

    /**
     * Sets the projector and bounds stages of one block's pipeline, binding the projector to the dense block.
     *
     * @param projector a projector (its stage says where it acts), or null for none
     * @param bounds    bounds on the new weights, or null for none
     * @throws IllegalArgumentException if the projector does not fit the block's shape
     */
    public MiniBatchTrainer<X, W> pipeline(String name, Projector projector, WeightBounds bounds) {
        int b = blockIndex(name);
        WeightBlock blk = blocks.get(b);
        ProjectorState state = null;
        if (projector != null) {
            try {
                state = projector.bind(blk.pre(), blk.post(), null);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("weight block " + blk.describe() + ": " + ex.getMessage(), ex);
            }
        }
        if (flush(b)) { // what the old projector owes, before it is replaced
            model.weightsChanged();
        }
        int every = projector == null ? 1 : projector.updateInterval();
        if (every > 1 && (projector.stage() != Projector.Stage.UPDATE || (bounds != null
                && !(bounds instanceof WeightBounds.None)))) {
            throw new IllegalArgumentException("weight block " + blk.describe() + ": projector " + projector.describe()
                    + " projects every " + every + " steps, which needs the update stage and no weight bounds "
                    + "(project every step, or drop the bounds)");
        }
        this.projector[b] = projector;
        this.projectorState[b] = state;
        this.activity[b] = null;
        this.bounds[b] = bounds == null ? WeightBounds.none() : bounds;
        this.pending[b] = every > 1 ? new double[blk.size()] : null;
        this.pendingSteps[b] = 0;
        return this;
    }

    /** The running state of block {@code name}'s projector, or null when it has none. */
    public ProjectorState projectorState(String name) {
        return projectorState[blockIndex(name)];
    }

    /**
     * Clips the mean gradient before each optimiser step by its global L2 norm over all trained blocks
     * ({@link GradientClipping#byGlobalNorm}); 0 turns it off.
     *
     * @param maxNorm the largest norm (&ge; 0; 0 = no clipping)
     */
    public MiniBatchTrainer<X, W> clipByGlobalNorm(double maxNorm) {
        if (!(maxNorm >= 0 && maxNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gradient clipping maxNorm = " + maxNorm + ": expected a finite value >= 0");
        }
        clipNorm = maxNorm;
        return this;
    }

    /**
     * Clamps every gradient component to [−limit, limit] before each optimiser step
     * ({@link GradientClipping#byValue}, after the norm clipping if both are on); 0 turns it off.
     */
    public MiniBatchTrainer<X, W> clipByValue(double limit) {
        if (!(limit >= 0 && limit < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gradient clipping limit = " + limit + ": expected a finite value >= 0");
        }
        clipValue = limit;
        return this;
    }

    /**
     * One optimiser step on the batch {@code inputs[k]} with {@code labels[k]} (see the class comment). If the mean
     * loss is not finite, nothing changes and the non-finite value is returned: the caller decides how to stop.
     *
     * @param predicted when not null, receives the predicted class of every sample (from the forward pass before
     *                  the step) in {@code predicted[0..b−1]}
     * @return the mean loss over the batch, before the step
     */
    public double trainBatch(X[] inputs, int[] labels, int[] predicted) {
        int b = inputs.length;
        if (labels.length != b) {
            throw new IllegalArgumentException(b + " inputs but " + labels.length + " labels");
        }
        if (predicted != null && predicted.length < b) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " entries: expected at least " + b);
        }
        int nb = blocks.size();
        for (int k = 0; k < nb; k++) {
            if (observes(k) && (activity[k] == null || activity[k].length < b)) {
                activity[k] = new double[b][blocks.get(k).pre()];
            }
        }
        double[] losses = new double[CHUNKS];
        run(c -> {
            W ws = chunks.get(c);
            ws.clearCredit();
            losses[c] = ws.trainSamples(inputs, labels, c * b / CHUNKS, (c + 1) * b / CHUNKS, k -> {
                if (predicted != null) {
                    predicted[k] = ws.predict();
                }
                for (int blk = 0; blk < nb; blk++) {
                    if (observes(blk)) {
                        ws.presynapticActivity(blk, activity[blk][k]);
                    }
                }
            });
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
        for (int k = 0; k < nb; k++) {
            if (!frozen[k]) {
                gradient(k, b);
                active++;
            }
        }
        if (clipNorm > 0 || clipValue > 0) {
            float[][] gs = new float[active][];
            for (int k = 0, a = 0; k < nb; k++) {
                if (!frozen[k]) {
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
        for (int k = 0; k < nb; k++) {
            if (!frozen[k]) {
                apply(k);
            }
        }
        model.weightsChanged();
        long p0 = System.nanoTime();
        for (int k = 0; k < nb; k++) {
            if (observes(k)) {
                ProjectorState ps = projectorState[k];
                double[][] act = activity[k];
                for (int s = 0; s < b; s++) {
                    ps.observe(act[s]);
                }
            }
        }
        projectorNanos += System.nanoTime() - p0;
        return mean;
    }

    private boolean observes(int b) {
        return projectorState[b] != null && !frozen[b] && projector[b].activity() != Projector.Activity.NONE;
    }

    /**
     * The mean credit of block {@code blk} over the batch into grad[blk] (through a GRADIENT-stage projector), the
     * weights as float into param[blk].
     */
    private void gradient(int blk, int batch) {
        double[] w = blocks.get(blk).weights(), s = sum[blk];
        float[] p = param[blk], g = grad[blk];
        Arrays.fill(s, 0);
        for (W ws : chunks) {
            double[] gc = ws.credit(blk);
            for (int k = 0; k < s.length; k++) {
                s[k] += gc[k];
            }
        }
        ProjectorState pr = projectorState[blk];
        if (pr != null && projector[blk].stage() == Projector.Stage.GRADIENT) {
            for (int k = 0; k < s.length; k++) {
                s[k] /= batch;
            }
            long p0 = System.nanoTime();
            pr.project(s);
            projectorNanos += System.nanoTime() - p0;
            for (int k = 0; k < w.length; k++) {
                p[k] = (float) w[k];
                g[k] = (float) s[k];
            }
            return;
        }
        for (int k = 0; k < w.length; k++) {
            p[k] = (float) w[k];
            g[k] = (float) (s[k] / batch);
        }
    }

    /** The optimiser step on block {@code blk}, then its UPDATE-stage projector and its bounds. */
    private void apply(int blk) {
        double[] w = blocks.get(blk).weights(), s = sum[blk];
        float[] p = param[blk], g = grad[blk];
        opt[blk].step(p, g);
        ProjectorState pr = projectorState[blk] != null && projector[blk].stage() == Projector.Stage.UPDATE
                ? projectorState[blk] : null;
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
        if (pr != null && pending[blk] != null) { // apply unprojected; every k steps replace the sum S by P(S)
            double[] pend = pending[blk];
            for (int k = 0; k < w.length; k++) {
                pend[k] += s[k];
                w[k] = (float) (w[k] + s[k]);
            }
            if (++pendingSteps[blk] == projector[blk].updateInterval()) {
                flush(blk); // trainBatch tells the model after every block's step
            }
            return;
        }
        if (pr != null) {
            long p0 = System.nanoTime();
            pr.project(s);
            projectorNanos += System.nanoTime() - p0;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = wb.clip(k, (float) (w[k] + s[k]));
        }
    }

    /**
     * Projects the changes a block with an update interval k &gt; 1 has accumulated since its last correction: their
     * sum {@code S} becomes {@code P(S)} ({@code w ← w − S + P(S)}). Called at every task boundary, evaluation and
     * export, so that the weights seen there have moved in the projected space only. The caller tells the model
     * that the weights changed.
     *
     * @return whether it changed the weights
     */
    private boolean flush(int blk) {
        if (pending[blk] == null || pendingSteps[blk] == 0) {
            return false;
        }
        long p0 = System.nanoTime();
        double[] pend = pending[blk], w = blocks.get(blk).weights(), s = sum[blk];
        System.arraycopy(pend, 0, s, 0, pend.length);
        projectorState[blk].project(s);
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (w[k] + (s[k] - pend[k]));
        }
        java.util.Arrays.fill(pend, 0);
        pendingSteps[blk] = 0;
        projectorNanos += System.nanoTime() - p0;
        return true;
    }

    /**
     * Projects every block's changes pending under an update interval k &gt; 1 ({@link Projector#updateInterval()})
     * now; a no-op for blocks projected every step. {@link #endTask()}, {@link #evaluate} and {@link #exportBlocks()}
     * call it; call it before reading the weights directly.
     */
    public void flushProjections() {
        boolean changed = false;
        for (int b = 0; b < pending.length; b++) {
            changed |= flush(b);
        }
        if (changed) {
            model.weightsChanged();
        }
    }

    /** A task boundary (continual learning): forwards {@link ProjectorState#endTask()} to every block's projector. */
    public void endTask() {
        flushProjections();
        long p0 = System.nanoTime();
        for (ProjectorState ps : projectorState) {
            if (ps != null) {
                ps.endTask();
            }
        }
        projectorNanos += System.nanoTime() - p0;
    }

    /**
     * Seconds of wall time spent so far in the blocks' projectors: observing the presynaptic activity (HLOP's
     * Hebbian iterations), projecting updates and the task boundaries. Part of {@link #trainBatch}'s time; a
     * measurement, not part of any result.
     */
    public double projectorSeconds() {
        return projectorNanos / 1e9;
    }

    /**
     * Runs every sample forward (no learning): accuracy, mean loss (summed per chunk in sample order, then over
     * the chunks in order) and predictions.
     *
     * @param hook called after each sample's forward pass (e.g. to read spike counts), or null
     */
    public Evaluation evaluate(X[] inputs, int[] labels, SampleHook<? super W> hook) {
        flushProjections();
        int b = inputs.length;
        if (labels.length != b) {
            throw new IllegalArgumentException(b + " inputs but " + labels.length + " labels");
        }
        int[] predicted = new int[b];
        double[] losses = new double[CHUNKS];
        run(c -> {
            W ws = chunks.get(c);
            double[] s = {0};
            ws.forwardSamples(inputs, c * b / CHUNKS, (c + 1) * b / CHUNKS, k -> {
                predicted[k] = ws.predict();
                s[0] += ws.loss(labels[k]);
                if (hook != null) {
                    hook.sample(ws, k);
                }
            });
            losses[c] = s[0];
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
        return new Evaluation(b == 0 ? 0 : correct / (double) b, b == 0 ? 0 : total / b, predicted);
    }

    /**
     * Every block's state, in block order: a copy of its weights, its optimiser state and its projector's state
     * (what a checkpoint stores).
     */
    public List<BlockState> exportBlocks() {
        flushProjections();
        List<BlockState> out = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            WeightBlock blk = blocks.get(b);
            ProjectorState ps = projectorState[b];
            out.add(new BlockState(blk.name(), blk.role(), blk.pre(), blk.post(), blk.weights().clone(),
                    opt[b].exportState(), ps == null ? null : projector[b].describe(),
                    ps == null ? null : ps.exportState()));
        }
        return out;
    }

    /** The optimiser state of every block, in block order. */
    public List<OptimizerState> optimizerStates() {
        List<OptimizerState> out = new ArrayList<>(blocks.size());
        for (Optimizer o : opt) {
            out.add(o.exportState());
        }
        return out;
    }

    /**
     * Restores weights, optimiser and projector states written by {@link #exportBlocks()}. Everything is checked
     * before anything changes.
     *
     * @throws IllegalArgumentException naming the first block that differs (name, role, shape, optimiser, whether
     *                                  it has a projector, or the projector's state)
     */
    public void importBlocks(List<BlockState> saved) {
        int n = blocks.size();
        for (int b = 0; b < Math.max(n, saved.size()); b++) {
            if (b >= saved.size()) {
                throw new IllegalArgumentException("block " + blocks.get(b).describe() + " of the model is not in the "
                        + "checkpoint (it has " + saved.stream().map(BlockState::name).toList() + ")");
            }
            BlockState s = saved.get(b);
            if (b >= n) {
                throw new IllegalArgumentException("checkpoint block \"" + s.name() + "\" is not in the model (it has "
                        + names() + ")");
            }
            WeightBlock blk = blocks.get(b);
            if (!s.name().equals(blk.name()) || s.role() != blk.role() || s.pre() != blk.pre()
                    || s.post() != blk.post()) {
                throw new IllegalArgumentException("checkpoint block " + new WeightBlock(s.name(), s.role(), s.pre(),
                        s.post(), s.weights()).describe() + " differs from the model's block " + (b + 1) + ", "
                        + blk.describe());
            }
            if (!s.optimizer().optimizer().equals(opt[b].name())) {
                throw new IllegalArgumentException("checkpoint block \"" + s.name() + "\": optimiser state of \""
                        + s.optimizer().optimizer() + "\", the model trains it with \"" + opt[b].name() + "\"");
            }
            if ((s.projector() == null) != (projectorState[b] == null)) {
                throw new IllegalArgumentException("checkpoint block \"" + s.name() + "\": "
                        + (s.projector() == null ? "no projector" : "projector " + s.projector())
                        + " in the checkpoint, " + (projectorState[b] == null ? "none" : projector[b].describe())
                        + " in the model");
            }
        }
        OptimizerState[] oldOpt = new OptimizerState[n];
        java.util.Map<String, double[]>[] oldProj = newMapArray(n);
        for (int b = 0; b < n; b++) {
            oldOpt[b] = opt[b].exportState();
            oldProj[b] = projectorState[b] == null ? null : projectorState[b].exportState();
        }
        int b = 0;
        try {
            for (; b < n; b++) {
                BlockState s = saved.get(b);
                opt[b].importState(s.optimizer());
                if (projectorState[b] != null) {
                    projectorState[b].importState(s.projectorState());
                }
            }
        } catch (IllegalArgumentException ex) {
            for (int r = 0; r < n; r++) {
                opt[r].importState(oldOpt[r]);
                if (projectorState[r] != null) {
                    projectorState[r].importState(oldProj[r]);
                }
            }
            throw new IllegalArgumentException("checkpoint block \"" + saved.get(b).name() + "\": " + ex.getMessage(),
                    ex);
        }
        for (int k = 0; k < n; k++) {
            double[] w = blocks.get(k).weights();
            System.arraycopy(saved.get(k).weights(), 0, w, 0, w.length);
        }
        model.weightsChanged();
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, double[]>[] newMapArray(int n) {
        return new java.util.Map[n];
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
}
