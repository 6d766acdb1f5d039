package org.spinel.plasticity.projection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * Hebbian learning based orthogonal projection (HLOP; Xiao et al., ICLR 2024; spec §2): lateral "subspace neurons"
 * {@code y = Hx} ({@code H}: M × pre) learn, with Oja's Hebbian/anti-Hebbian subspace rule, an orthonormal basis of
 * the principal subspace of the block's presynaptic activity {@code x}; updates of later tasks are projected onto
 * its complement, so that the block's responses to earlier tasks' activity stay as they were.
 *
 * <ul>
 *   <li><b>Rule</b> (per Hebbian minibatch of {@code batch} observed activities {@code X}, {@code iterations} times):
 *       {@code Y = X Hᵀ}, {@code ΔH = clip((1/B) Yᵀ(X − Y H), ±clip)} on the current task's rows only,
 *       {@code V ← m V + (1 − m) ΔH}, {@code H ← H + η V} (spec: m = 0.9, 5 iterations, η = 0.01, 0.001 on a 784-d
 *       input layer, clip 10). The reconstruction uses every row, so new rows learn what the frozen ones miss.</li>
 *   <li><b>Growth</b>: task {@code t} adds {@code schedule[min(t, last)]} rows, initialised orthonormal to each other
 *       and to the earlier rows (a seeded Gaussian draw, Gram–Schmidt); at {@link ProjectorState#endTask()} the
 *       partial Hebbian batch is used, the task's rows are frozen, and the next task's rows are added.</li>
 *   <li><b>Projection</b>: {@code ΔW ← (I − H_oldᵀ H_old) ΔW} along the presynaptic index of the dense
 *       {@code [pre][post]} block, i.e. the update's presynaptic factor becomes {@code x − H_oldᵀ(H_old x)}, with
 *       {@code H_old} the rows of earlier tasks (none on task 0). On the update stage, so that it holds for any
 *       optimiser's step.</li>
 * </ul>
 * State ({@code exportState}): {@code H}, its momentum, the row counts and task, and the Hebbian batch being filled,
 * so that a resumed run continues bit for bit.
 */
public final class HebbianSubspaceProjector implements Projector {
    private final int[] schedule;
    private final double learningRate, momentum, clip;
    private final int iterations, batch, every;
    private final long seed;

    private HebbianSubspaceProjector(int[] schedule, double learningRate, double momentum, int iterations, double clip,
            int batch, long seed, int every) {
        this.every = every;
        this.schedule = schedule;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.iterations = iterations;
        this.clip = clip;
        this.batch = batch;
        this.seed = seed;
    }

    /** A builder with the spec's constants: η 0.01, momentum 0.9, 5 iterations, clip 10, Hebbian batch 64. */
    public static Builder builder(int... rowsPerTask) {
        return new Builder(rowsPerTask);
    }

    /** Builds a {@link HebbianSubspaceProjector}; every setter validates its value. */
    public static final class Builder {
        private final int[] schedule;
        private double learningRate = 0.01, momentum = 0.9, clip = 10;
        private int iterations = 5, batch = 64, every = 1;
        private long seed = 1;

        private Builder(int[] schedule) {
            this.schedule = GrowthSchedule.validated("hlop", schedule);
        }

        /** η (&gt; 0). */
        public Builder learningRate(double eta) {
            if (!(eta > 0 && eta < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("hlop learningRate = " + eta + ": expected a finite value > 0");
            }
            this.learningRate = eta;
            return this;
        }

        /** Momentum m in [0, 1). */
        public Builder momentum(double m) {
            if (!(m >= 0 && m < 1)) {
                throw new IllegalArgumentException("hlop momentum = " + m + ": expected a value in [0, 1)");
            }
            this.momentum = m;
            return this;
        }

        /** Rule iterations per Hebbian batch (&ge; 1). */
        public Builder iterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("hlop iterations = " + n + ": expected at least 1");
            }
            this.iterations = n;
            return this;
        }

        /** The clip of ΔH's entries (&gt; 0). */
        public Builder clip(double c) {
            if (!(c > 0)) {
                throw new IllegalArgumentException("hlop clip = " + c + ": expected a value > 0");
            }
            this.clip = c;
            return this;
        }

        /** Observed activities per Hebbian update (&ge; 1). */
        public Builder batch(int b) {
            if (b < 1) {
                throw new IllegalArgumentException("hlop batch = " + b + ": expected at least 1");
            }
            this.batch = b;
            return this;
        }

        /** Optimiser steps per projection in the trainer ({@link Projector#updateInterval()}; &ge; 1, default 1). */
        public Builder projectEvery(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("hlop projectEvery = " + k + ": expected at least 1");
            }
            this.every = k;
            return this;
        }

        /** Seed of the new rows' initialisation. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The projector. */
        public HebbianSubspaceProjector build() {
            return new HebbianSubspaceProjector(schedule, learningRate, momentum, iterations, clip, batch, seed, every);
        }
    }

    /** The schedule: rows added by task 0, 1, ... (the last entry repeats); a copy. */
    public int[] rowsPerTask() {
        return schedule.clone();
    }

    /** Rows added by task {@code t} (the schedule's last entry repeats). */
    public int rowsFor(int task) {
        return GrowthSchedule.rowsFor(schedule, task);
    }

    /**
     * Checks that {@code tasks} tasks fit a block with {@code pre} presynaptic units.
     *
     * @throws IllegalArgumentException naming the task at which the rows would exceed {@code pre}
     */
    public void checkFits(int pre, int tasks) {
        GrowthSchedule.checkFits("hlop", "subspace", "rows", schedule, pre, tasks);
    }

    @Override
    public String describe() {
        return "hlop (rows per task " + Arrays.toString(schedule) + ", eta " + learningRate + ", momentum " + momentum
                + ", " + iterations + " iterations per batch of " + batch + ", clip " + clip + ", seed " + seed
                + (every > 1 ? ", projected every " + every + " steps" : "") + ")";
    }

    @Override
    public Activity activity() {
        return Activity.PRESYNAPTIC_RATE;
    }

    @Override
    public int updateInterval() {
        return every;
    }

    @Override
    public ProjectorState bind(int pre, int post, SynapseGraph graph) {
        SpanRemoval.checkBlock(describe(), pre, post);
        if (graph != null && !Projector.isDense(graph)) {
            throw new IllegalArgumentException("projector (" + describe() + "): needs a dense (all-to-all) projection");
        }
        checkFits(pre, 1);
        return new State(pre, post);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HebbianSubspaceProjector p && Arrays.equals(p.schedule, schedule)
                && p.learningRate == learningRate && p.momentum == momentum && p.iterations == iterations
                && p.clip == clip && p.batch == batch && p.seed == seed && p.every == every;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(schedule) * 31 + Double.hashCode(learningRate) + iterations + batch;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** H (rows × pre, row-major), the momentum of the current task's rows, the Hebbian batch being filled. */
    private final class State implements ProjectorState {
        private final int pre, post;
        private double[] h;
        private double[] v;
        /** Rows in H; rows of earlier tasks (frozen, used by the projection); the task index. */
        private int rows, frozen, task;
        private final double[] buffer;
        private int buffered;
        /** y = H_new x of one activity; ΔH of the current rows; H_old ΔW per frozen row. */
        private double[] yAll, delta;
        /** The buffered activities less their frozen-row reconstruction; one activity's full residual. */
        private final double[] residual, r;
        /** H_old x of one activity; H_oldᵀ and H_newᵀ (pre × rows, row-major) for the sparse products. */
        private double[] yOld, newT, oldT;
        private double[][] projected;

        State(int pre, int post) {
            this.pre = pre;
            this.post = post;
            this.buffer = new double[batch * pre];
            this.residual = new double[batch * pre];
            this.r = new double[pre];
            reset();
        }

        @Override
        public void reset() {
            h = new double[0];
            v = new double[0];
            rows = frozen = task = buffered = 0;
            grow(rowsFor(0));
        }

        /** Appends {@code add} rows orthonormal to the existing ones; the momentum restarts for them. */
        private void grow(int add) {
            if (rows + add > pre) {
                throw new IllegalArgumentException("projector (" + describe() + "): task " + task + " would bring the "
                        + "subspace to " + (rows + add) + " rows, more than the " + pre + " presynaptic units");
            }
            double[] nh = Arrays.copyOf(h, (rows + add) * pre);
            UniformRandomProvider rng = new RandomStreams(seed).stream("hlop/task" + task);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int r = rows; r < rows + add; r++) {
                double norm = 0;
                while (norm < 1e-8) {
                    for (int j = 0; j < pre; j++) {
                        nh[r * pre + j] = g.sample();
                    }
                    for (int pass = 0; pass < 2; pass++) {
                        for (int q = 0; q < r; q++) {
                            double d = 0;
                            for (int j = 0; j < pre; j++) {
                                d += nh[q * pre + j] * nh[r * pre + j];
                            }
                            double qq = 0;
                            for (int j = 0; j < pre; j++) {
                                qq += nh[q * pre + j] * nh[q * pre + j];
                            }
                            for (int j = 0; j < pre; j++) {
                                nh[r * pre + j] -= d / qq * nh[q * pre + j];
                            }
                        }
                    }
                    norm = 0;
                    for (int j = 0; j < pre; j++) {
                        norm += nh[r * pre + j] * nh[r * pre + j];
                    }
                    norm = Math.sqrt(norm);
                }
                for (int j = 0; j < pre; j++) {
                    nh[r * pre + j] /= norm;
                }
            }
            h = nh;
            rows += add;
            sized();
            v = new double[(rows - frozen) * pre];
        }

        /** Scratch arrays for the current row counts. */
        private void sized() {
            yAll = new double[rows - frozen];
            yOld = new double[frozen];
            delta = new double[(rows - frozen) * pre];
            newT = new double[(rows - frozen) * pre];
            oldT = transpose(h, 0, frozen, new double[frozen * pre]); // the frozen rows change only here
            projected = new double[frozen][post];
        }

        /**
         * {@code y[0..k) = M x} for the k rows M, given as their transpose {@code t} (pre × k), and
         * {@code x = a[xo .. xo+pre)}: a sum over the non-zero entries of x (spike counts are mostly zero) of
         * contiguous k-vectors.
         */
        private void times(double[] a, int xo, double[] t, int k, double[] y) {
            Arrays.fill(y, 0, k, 0);
            for (int j = 0; j < pre; j++) {
                double xj = a[xo + j];
                if (xj != 0) {
                    axpy(xj, t, j * k, y, 0, k);
                }
            }
        }

        /** Rows {@code from .. from+k} of H transposed into {@code out} (pre × k, row-major). */
        private double[] transpose(double[] hh, int from, int k, double[] out) {
            for (int m = 0; m < k; m++) {
                int o = (from + m) * pre;
                for (int j = 0; j < pre; j++) {
                    out[j * k + m] = hh[o + j];
                }
            }
            return out;
        }

        @Override
        public void project(double[] delta) {
            SpanRemoval.checkShape(delta, pre, post);
            // ΔW ← ΔW − H_oldᵀ (H_old ΔW) along the presynaptic index (the step the exact oracle shares)
            SpanRemoval.removeRows(delta, pre, post, h, frozen, projected);
        }

        @Override
        public void observe(double[] a) {
            if (a.length != pre) {
                throw new IllegalArgumentException("projector (" + describe() + "): activity of " + a.length
                        + " units: expected " + pre);
            }
            for (int j = 0; j < pre; j++) {
                if (!Double.isFinite(a[j])) {
                    throw new IllegalArgumentException("projector (" + describe() + "): activity[" + j + "] = " + a[j]
                            + ": expected a finite value");
                }
            }
            System.arraycopy(a, 0, buffer, buffered * pre, pre);
            if (++buffered == batch) {
                learn();
            }
        }

        /**
         * The rule on the buffered activities, {@code iterations} times, then the buffer empties. The frozen rows do
         * not change within a task, so their part of the reconstruction, {@code x − H_oldᵀ(H_old x)}, is computed once
         * per Hebbian batch; each iteration then costs three passes of the current rows over the batch
         * ({@code y = H_new x} over the non-zero entries of x with the rows transposed, {@code r = x_old − H_newᵀ y},
         * {@code ΔH += y rᵀ}), each over contiguous arrays.
         */
        private void learn() {
            int b = buffered, fresh = rows - frozen;
            if (b == 0 || fresh == 0) {
                buffered = 0;
                return;
            }
            for (int s = 0; s < b; s++) { // x_old = x − H_oldᵀ (H_old x)
                int xo = s * pre;
                System.arraycopy(buffer, xo, residual, xo, pre);
                if (frozen > 0) {
                    times(buffer, xo, oldT, frozen, yOld);
                    for (int m = 0; m < frozen; m++) {
                        axpy(-yOld[m], h, m * pre, residual, xo, pre);
                    }
                }
            }
            for (int it = 0; it < iterations; it++) {
                transpose(h, frozen, fresh, newT);
                Arrays.fill(delta, 0);
                for (int s = 0; s < b; s++) {
                    int xo = s * pre;
                    times(buffer, xo, newT, fresh, yAll); // y = H_new x
                    System.arraycopy(residual, xo, r, 0, pre); // r = x_old − H_newᵀ y
                    for (int m = 0; m < fresh; m++) {
                        axpy(-yAll[m], h, (frozen + m) * pre, r, 0, pre);
                    }
                    for (int m = 0; m < fresh; m++) { // ΔH_new += y rᵀ
                        axpy(yAll[m], r, 0, delta, m * pre, pre);
                    }
                }
                for (int k = 0; k < delta.length; k++) {
                    double d = Math.max(-clip, Math.min(clip, delta[k] / b));
                    v[k] = momentum * v[k] + (1 - momentum) * d;
                    h[frozen * pre + k] += learningRate * v[k];
                }
            }
            buffered = 0;
        }

        @Override
        public void endTask() {
            learn();
            frozen = rows;
            sized();
            task++;
            int add = rowsFor(task);
            if (rows + add > pre) {
                add = pre - rows; // a full subspace: later tasks learn nothing new (checked before training)
            }
            grow(add);
        }

        @Override
        public Map<String, double[]> exportState() {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("meta", new double[] {rows, frozen, task, buffered});
            m.put("H", h.clone());
            m.put("momentum", v.clone());
            m.put("buffer", Arrays.copyOf(buffer, buffered * pre));
            return m;
        }

        @Override
        public void importState(Map<String, double[]> state) {
            for (String k : new String[] {"meta", "H", "momentum", "buffer"}) {
                if (!state.containsKey(k)) {
                    throw new IllegalArgumentException("hlop state: entry \"" + k + "\" is missing");
                }
            }
            if (state.size() != 4) {
                throw new IllegalArgumentException("hlop state: entries " + state.keySet()
                        + ", expected [meta, H, momentum, buffer]");
            }
            double[] meta = state.get("meta");
            if (meta.length != 4) {
                throw new IllegalArgumentException("hlop state: meta of " + meta.length + " values, expected 4");
            }
            int r = (int) meta[0], f = (int) meta[1], t = (int) meta[2], b = (int) meta[3];
            if (r < 0 || r > pre || f < 0 || f > r || t < 0 || b < 0 || b >= batch) {
                throw new IllegalArgumentException("hlop state: meta " + Arrays.toString(meta) + " does not fit a block"
                        + " of " + pre + " presynaptic units with a Hebbian batch of " + batch);
            }
            check(state, "H", r * pre);
            check(state, "momentum", (r - f) * pre);
            check(state, "buffer", b * pre);
            rows = r;
            frozen = f;
            task = t;
            buffered = b;
            h = state.get("H").clone();
            v = state.get("momentum").clone();
            System.arraycopy(state.get("buffer"), 0, buffer, 0, b * pre);
            sized();
        }

        private void check(Map<String, double[]> state, String key, int length) {
            if (state.get(key).length != length) {
                throw new IllegalArgumentException("hlop state: \"" + key + "\" has " + state.get(key).length
                        + " values, expected " + length);
            }
        }
    }

    /** {@code y[yo..yo+n) += alpha · x[xo..xo+n)}. */
    private static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        if (alpha == 0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            y[yo + j] += alpha * x[xo + j];
        }
    }

    /** The rows of {@code H} of a bound state (a copy), {@code rows × pre} row-major, and the count of frozen rows. */
    public static double[] rows(ProjectorState state, int[] rowsAndFrozen) {
        if (!(state instanceof HebbianSubspaceProjector.State s)) {
            throw new IllegalArgumentException("not the state of a HebbianSubspaceProjector");
        }
        rowsAndFrozen[0] = s.rows;
        rowsAndFrozen[1] = s.frozen;
        return s.h.clone();
    }
}
