package org.spinel.plasticity.sg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.spinel.plasticity.optim.Optimizer;
import org.spinel.plasticity.optim.OptimizerFactory;

/**
 * Mini-batch training of a {@link SurrogateGradientNetwork}: each batch is cut into a fixed number of contiguous
 * chunks (independent of the thread count), each chunk's gradient is accumulated in its own workspace, the chunks
 * are summed in order and averaged, and one optimizer step per weight block follows. The same seed therefore gives
 * the same weights for any number of threads. Frozen layers ({@link #freeze}) keep their weights.
 */
public final class BatchTrainer implements AutoCloseable {
    /** Chunks per batch: the unit of parallel work and of the fixed-order reduction. */
    public static final int CHUNKS = 16;
    private final SurrogateGradientNetwork net;
    private final Loss loss;
    private final SurrogateGradientNetwork.Workspace[] chunks;
    private final Optimizer[] optW, optV;
    private final float[][] pW, gW, pV, gV;
    private final boolean[] frozen;
    private final ExecutorService pool;

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
        int n = net.layerCount();
        chunks = new SurrogateGradientNetwork.Workspace[CHUNKS];
        for (int c = 0; c < CHUNKS; c++) {
            chunks[c] = net.workspace(steps);
        }
        optW = new Optimizer[n];
        optV = new Optimizer[n];
        pW = new float[n][];
        gW = new float[n][];
        pV = new float[n][];
        gV = new float[n][];
        frozen = new boolean[n];
        for (int l = 0; l < n; l++) {
            optW[l] = opt.build(net.weights(l).length);
            pW[l] = new float[net.weights(l).length];
            gW[l] = new float[pW[l].length];
            if (net.recurrentWeights(l) != null) {
                optV[l] = opt.build(net.recurrentWeights(l).length);
                pV[l] = new float[net.recurrentWeights(l).length];
                gV[l] = new float[pV[l].length];
            }
        }
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sg-trainer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Keeps layer l's weights fixed ({@code learn: false}). */
    public BatchTrainer freeze(int l) {
        frozen[l] = true;
        return this;
    }

    /**
     * One optimizer step on the batch {@code inputs[b]} (dense, steps × inputs) with {@code labels[b]}.
     *
     * @return the mean loss over the batch (before the step)
     */
    public double trainBatch(double[][] inputs, int[] labels) {
        int b = inputs.length;
        double[] losses = new double[CHUNKS];
        run(c -> {
            SurrogateGradientNetwork.Workspace ws = chunks[c];
            ws.clearGradients();
            double sum = 0;
            for (int k = c * b / CHUNKS; k < (c + 1) * b / CHUNKS; k++) {
                ws.forward(inputs[k]);
                sum += ws.backward(loss, labels[k]);
            }
            losses[c] = sum;
        });
        double total = 0;
        for (double x : losses) {
            total += x;
        }
        for (int l = 0; l < net.layerCount(); l++) {
            if (frozen[l]) {
                continue;
            }
            step(net.weights(l), pW[l], gW[l], optW[l], l, false, b);
            if (optV[l] != null) {
                step(net.recurrentWeights(l), pV[l], gV[l], optV[l], l, true, b);
            }
        }
        return total / b;
    }

    private void step(double[] w, float[] p, float[] g, Optimizer opt, int l, boolean recurrent, int batch) {
        java.util.Arrays.fill(g, 0);
        double[] sum = new double[w.length];
        for (SurrogateGradientNetwork.Workspace ws : chunks) {
            double[] gc = recurrent ? ws.recurrentGradient(l) : ws.weightGradient(l);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += gc[k];
            }
        }
        for (int k = 0; k < w.length; k++) {
            p[k] = (float) w[k];
            g[k] = (float) (sum[k] / batch);
        }
        opt.step(p, g);
        for (int k = 0; k < w.length; k++) {
            w[k] = p[k];
        }
    }

    /** Fraction of samples whose predicted class equals the label. */
    public double accuracy(double[][] inputs, int[] labels) {
        int b = inputs.length;
        int[] correct = new int[CHUNKS];
        run(c -> {
            SurrogateGradientNetwork.Workspace ws = chunks[c];
            for (int k = c * b / CHUNKS; k < (c + 1) * b / CHUNKS; k++) {
                ws.forward(inputs[k]);
                if (ws.predict(loss) == labels[k]) {
                    correct[c]++;
                }
            }
        });
        int sum = 0;
        for (int x : correct) {
            sum += x;
        }
        return sum / (double) b;
    }

    private void run(java.util.function.IntConsumer chunk) {
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
