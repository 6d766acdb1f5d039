package org.spinel.plasticity.continual;

import java.util.List;

import org.spinel.plasticity.train.ModelWorkspace;
import org.spinel.plasticity.train.TrainableModel;
import org.spinel.plasticity.train.WeightBlock;

/**
 * Online elastic weight consolidation around any {@link TrainableModel} (so around any credit method): the model's
 * loss plus the quadratic penalty {@code (λ/2) Σ_k F_k (w_k − w*_k)²}, whose gradient {@code λ F_k (w_k − w*_k)}
 * is added to every sample's credit (Kirkpatrick et al., "Overcoming catastrophic forgetting in neural networks",
 * PNAS 2017, Eq. 3; the online form of Schwarz et al., "Progress &amp; Compress", ICML 2018, Eq. 5: one penalty whose
 * importance accumulates over tasks, {@code F ← γF + F_t}, anchored at the weights after the last task).
 *
 * <p>{@code F_t} is the diagonal empirical Fisher information of the finished task: the mean over its samples of the
 * squared per-sample credit ({@link #consolidate}). Before the first consolidation the penalty is zero and the
 * wrapped model trains exactly as without it. The penalty is added in the workspace's {@link
 * ModelWorkspace#trainSamples} after the wrapped model's own credit, so the trainer's reduction, optimiser,
 * projectors and bounds are unchanged.
 *
 * @param <X> the sample type
 * @param <W> the wrapped model's workspace type
 */
public final class OnlineEwc<X, W extends ModelWorkspace<X>> implements TrainableModel<X, OnlineEwc.Penalised<X, W>> {
    private final TrainableModel<X, W> model;
    private final double lambda, gamma;
    private final double[][] fisher, anchor;
    private boolean active;

    /**
     * @param model  the model whose loss is penalised
     * @param lambda the penalty's strength λ (&ge; 0)
     * @param gamma  the decay γ of earlier tasks' importance in [0, 1] (1: plain accumulation)
     */
    public OnlineEwc(TrainableModel<X, W> model, double lambda, double gamma) {
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("EWC lambda = " + lambda + ": expected a finite value >= 0");
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("EWC gamma = " + gamma + ": expected a value in [0, 1]");
        }
        this.model = model;
        this.lambda = lambda;
        this.gamma = gamma;
        List<WeightBlock> b = model.blocks();
        fisher = new double[b.size()][];
        anchor = new double[b.size()][];
        for (int k = 0; k < b.size(); k++) {
            fisher[k] = new double[b.get(k).size()];
            anchor[k] = new double[b.get(k).size()];
        }
    }

    @Override
    public List<WeightBlock> blocks() {
        return model.blocks();
    }

    @Override
    public Penalised<X, W> workspace() {
        return new Penalised<>(model.workspace(), this);
    }

    @Override
    public void weightsChanged() {
        model.weightsChanged();
    }

    /** The accumulated importance of block {@code b}'s weights (live; zero before the first consolidation). */
    public double[] fisher(int b) {
        return fisher[b];
    }

    /** The penalty {@code (λ/2) Σ F (w − w*)²} at the current weights. */
    public double penalty() {
        if (!active) {
            return 0;
        }
        double s = 0;
        List<WeightBlock> b = model.blocks();
        for (int k = 0; k < b.size(); k++) {
            double[] w = b.get(k).weights(), f = fisher[k], a = anchor[k];
            for (int q = 0; q < w.length; q++) {
                double d = w[q] - a[q];
                s += f[q] * d * d;
            }
        }
        return 0.5 * lambda * s;
    }

    /**
     * Ends a task: {@code F ← γF + F_t} with {@code F_t} the mean squared credit of the wrapped model over
     * {@code samples} (one at a time, in order, on one thread), and the anchor set to the current weights.
     */
    public void consolidate(X[] samples, int[] labels) {
        if (samples.length != labels.length || samples.length == 0) {
            throw new IllegalArgumentException(samples.length + " samples and " + labels.length
                    + " labels: expected the same number, at least 1");
        }
        W ws = model.workspace();
        int nb = fisher.length;
        double[][] f = new double[nb][];
        for (int k = 0; k < nb; k++) {
            f[k] = new double[fisher[k].length];
        }
        for (int s = 0; s < samples.length; s++) {
            ws.clearCredit();
            ws.forward(samples[s]);
            ws.backward(labels[s]);
            for (int k = 0; k < nb; k++) {
                double[] g = ws.credit(k), fk = f[k];
                for (int q = 0; q < g.length; q++) {
                    fk[q] += g[q] * g[q];
                }
            }
        }
        List<WeightBlock> b = model.blocks();
        for (int k = 0; k < nb; k++) {
            double[] fk = fisher[k], w = b.get(k).weights();
            for (int q = 0; q < fk.length; q++) {
                fk[q] = gamma * fk[q] + f[k][q] / samples.length;
            }
            System.arraycopy(w, 0, anchor[k], 0, w.length);
        }
        active = true;
    }

    /** Adds {@code n} samples' penalty gradient to the workspace's credit; returns their penalty. */
    private double addPenalty(ModelWorkspace<X> ws, int n) {
        if (!active || n == 0) {
            return 0;
        }
        double s = 0;
        List<WeightBlock> b = model.blocks();
        for (int k = 0; k < b.size(); k++) {
            double[] w = b.get(k).weights(), f = fisher[k], a = anchor[k], g = ws.credit(k);
            for (int q = 0; q < w.length; q++) {
                double d = w[q] - a[q];
                g[q] += n * lambda * f[q] * d;
                s += f[q] * d * d;
            }
        }
        return n * 0.5 * lambda * s;
    }

    /**
     * The wrapped model's workspace with the penalty's gradient added to the credit of every sample it trains.
     *
     * @param <X> the sample type
     * @param <W> the wrapped workspace type
     */
    public static final class Penalised<X, W extends ModelWorkspace<X>> implements ModelWorkspace<X> {
        private final W ws;
        private final OnlineEwc<X, W> ewc;

        Penalised(W ws, OnlineEwc<X, W> ewc) {
            this.ws = ws;
            this.ewc = ewc;
        }

        /** The wrapped workspace. */
        public W wrapped() {
            return ws;
        }

        @Override
        public void forward(X input) {
            ws.forward(input);
        }

        @Override
        public int predict() {
            return ws.predict();
        }

        @Override
        public double loss(int label) {
            return ws.loss(label);
        }

        @Override
        public double backward(int label) {
            return ws.backward(label) + ewc.addPenalty(ws, 1);
        }

        @Override
        public double[] credit(int block) {
            return ws.credit(block);
        }

        @Override
        public void clearCredit() {
            ws.clearCredit();
        }

        @Override
        public void presynapticActivity(int block, double[] out) {
            ws.presynapticActivity(block, out);
        }

        @Override
        public double trainSamples(X[] inputs, int[] labels, int from, int to, SampleVisitor afterForward) {
            return ws.trainSamples(inputs, labels, from, to, afterForward) + ewc.addPenalty(ws, to - from);
        }

        @Override
        public void forwardSamples(X[] inputs, int from, int to, SampleVisitor visitor) {
            ws.forwardSamples(inputs, from, to, visitor);
        }
    }
}
