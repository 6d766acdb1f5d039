package org.spinel.plasticity.projection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * A learned projector in the manner of Gradient Projection Memory (GPM; Saha, Garg &amp; Roy, "Gradient Projection
 * Memory for Continual Learning", ICLR 2021): it keeps an orthonormal basis {@code M} (pre × k) of the presynaptic
 * activity of earlier tasks and maps every update onto the complement, {@code ΔW ← (I − M Mᵀ) ΔW} (presynaptic
 * index of a dense {@code [pre][post]} block), so that the layer's responses {@code xᵀW} to activity {@code x} in
 * the span of earlier tasks' activity do not change.
 *
 * <p>During a task it observes the presynaptic activity {@code a} of every trial or sample
 * ({@link Projector.Activity#PRESYNAPTIC_RATE}) and accumulates the correlation {@code C = Σ a aᵀ} (that is
 * {@code R Rᵀ} for the paper's representation matrix {@code R} of the task's activity as columns). At
 * {@link ProjectorState#endTask()} it extends the basis with the principal directions of the residual
 * {@code Ĉ = (I − M Mᵀ) C (I − M Mᵀ)} (eigen-decomposition as Commons Math's SVD of the symmetric Ĉ; eigenvalue {@code λ_i = σ_i²} of the
 * residual {@code R̂}), in decreasing order:
 * <ul>
 *   <li>{@link #energy(double)}: GPM's criterion, the fewest directions {@code k} such that
 *       {@code ‖M Mᵀ R‖²_F + Σ_{i≤k} λ_i ≥ ε ‖R‖²_F} (paper, eq. 9 and section 4; {@code ε} = the threshold);</li>
 *   <li>{@link #rankPerTask(int)}: a fixed number of directions per task;</li>
 *   <li>a growth schedule (up to {@code schedule[min(t, last)]} directions by task {@code t}): HLOP's exact oracle,
 *       {@link OracleSubspaceProjector}, is this projector with HLOP's schedule.</li>
 * </ul>
 * Directions with (numerically) no energy, {@code λ ≤ 1e-12·‖R‖²_F}, are never added, and the basis is
 * re-orthonormalised (Gram–Schmidt) as it grows; it holds at most {@code pre} vectors. The correlation starts again
 * from zero after each task. Before the first {@code endTask()} the basis is empty and it projects nothing.
 *
 * <p>It acts on the update stage ({@link Projector.Stage#UPDATE}): projecting the gradient (as GPM does with plain
 * SGD) would not keep an adaptive optimiser's step in the complement. Dense blocks only.
 */
public final class ActivitySubspaceProjector implements Projector {
    /** Relative eigenvalue below which a direction carries no energy. */
    static final double ZERO_ENERGY = 1e-12;
    private final double threshold;
    private final int rankPerTask;
    /** A growth schedule (directions added by task 0, 1, ...; the last repeats), or null; and then the name. */
    private final int[] schedule;
    private final String name;

    private ActivitySubspaceProjector(double threshold, int rankPerTask) {
        this(threshold, rankPerTask, null, null);
    }

    private ActivitySubspaceProjector(double threshold, int rankPerTask, int[] schedule, String name) {
        this.threshold = threshold;
        this.rankPerTask = rankPerTask;
        this.schedule = schedule;
        this.name = name;
    }

    /**
     * The same subspace with a growth schedule: task {@code t} adds up to {@code schedule[min(t, last)]} directions.
     * The state of HLOP's exact oracle ({@link OracleSubspaceProjector}), which validates the schedule and names
     * itself {@code name} in messages.
     */
    static ActivitySubspaceProjector scheduled(int[] schedule, String name) {
        return new ActivitySubspaceProjector(Double.NaN, 0, schedule.clone(), name);
    }

    /** Directions that task {@code task} may add. */
    private int limit(int task) {
        return schedule != null ? GrowthSchedule.rowsFor(schedule, task)
                : rankPerTask > 0 ? rankPerTask : Integer.MAX_VALUE;
    }

    /**
     * GPM's energy criterion: each task adds the fewest principal directions that bring the captured fraction of the
     * task's activity energy to {@code threshold}.
     *
     * @param threshold {@code ε} in (0, 1] (the paper uses 0.97 to 0.99 and more)
     */
    public static ActivitySubspaceProjector energy(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("projector threshold = " + threshold + ": expected a fraction in (0, 1]");
        }
        return new ActivitySubspaceProjector(threshold, 0);
    }

    /**
     * A fixed number of principal directions per task (fewer when the task's residual activity has fewer directions
     * with energy, or the basis is full).
     *
     * @param rank directions added per task, at least 1
     */
    public static ActivitySubspaceProjector rankPerTask(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("projector rankPerTask = " + rank + ": expected an integer >= 1");
        }
        return new ActivitySubspaceProjector(Double.NaN, rank);
    }

    /** The energy threshold, or NaN for a fixed rank per task. */
    public double threshold() {
        return threshold;
    }

    /** Directions per task, or 0 for the energy criterion. */
    public int rankPerTask() {
        return rankPerTask;
    }

    @Override
    public String describe() {
        if (name != null) {
            return name;
        }
        return rankPerTask > 0 ? "activity subspace (" + rankPerTask + " direction" + (rankPerTask == 1 ? "" : "s")
                + " per task)" : "activity subspace (energy threshold " + threshold + ")";
    }

    @Override
    public Activity activity() {
        return Activity.PRESYNAPTIC_RATE;
    }

    @Override
    public ProjectorState bind(int pre, int post, SynapseGraph graph) {
        SpanRemoval.checkBlock(describe(), pre, post);
        return new State(pre, post);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivitySubspaceProjector p && Double.compare(p.threshold, threshold) == 0
                && p.rankPerTask == rankPerTask && Arrays.equals(p.schedule, schedule)
                && java.util.Objects.equals(p.name, name);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(threshold) * 31 + rankPerTask + Arrays.hashCode(schedule);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The basis of a bound state (a copy, {@code rank × pre} row-major); {@code rank[0]} receives the row count. */
    static double[] basis(ProjectorState state, int[] rank) {
        if (!(state instanceof ActivitySubspaceProjector.State s)) {
            throw new IllegalArgumentException("not the state of an activity-subspace or oracle projector");
        }
        rank[0] = s.rank;
        return Arrays.copyOf(s.basis, s.rank * s.pre);
    }

    /** The correlation {@code C = Σ a aᵀ} accumulated over the current task by a bound state (a copy, pre × pre). */
    static double[] correlation(ProjectorState state) {
        if (!(state instanceof ActivitySubspaceProjector.State s)) {
            throw new IllegalArgumentException("not the state of an activity-subspace or oracle projector");
        }
        return s.corr.clone();
    }

    /** Basis {@code M} (rows of {@code basis}, {@code rank} of them) and the task's correlation {@code C}. */
    private final class State implements ProjectorState {
        private final int pre, post;
        /** Row-major rank × pre: the orthonormal basis vectors. */
        private final double[] basis;
        private int rank, task;
        /** Row-major pre × pre: Σ a aᵀ over the current task. */
        private final double[] corr;
        /** B ΔW, one row per basis vector (grown with the basis). */
        private double[][] projected = new double[0][];

        State(int pre, int post) {
            this.pre = pre;
            this.post = post;
            this.basis = new double[pre * pre];
            this.corr = new double[pre * pre];
        }

        @Override
        public void project(double[] delta) {
            SpanRemoval.checkShape(delta, pre, post);
            if (projected.length != rank) {
                projected = new double[rank][post];
            }
            SpanRemoval.removeRows(delta, pre, post, basis, rank, projected);
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
            for (int j = 0; j < pre; j++) {
                double aj = a[j];
                if (aj != 0) {
                    int r = j * pre;
                    for (int l = 0; l < pre; l++) {
                        corr[r + l] += aj * a[l];
                    }
                }
            }
        }

        @Override
        public void endTask() {
            double total = 0;
            for (int j = 0; j < pre; j++) {
                total += corr[j * pre + j];
            }
            if (total > 0 && rank < pre) {
                extend(total, limit(task));
            }
            Arrays.fill(corr, 0);
            task++;
        }

        /** Adds the principal directions of the residual correlation (see the class comment). */
        private void extend(double total, int most) {
            RealMatrix cm = new Array2DRowRealMatrix(pre, pre);
            for (int j = 0; j < pre; j++) {
                for (int l = 0; l < pre; l++) {
                    cm.setEntry(j, l, corr[j * pre + l]);
                }
            }
            RealMatrix res = cm;
            if (rank > 0) { // P C P = C − M (CM)ᵀ − (CM) Mᵀ + M (Mᵀ C M) Mᵀ, O(pre²·rank)
                RealMatrix m = new Array2DRowRealMatrix(pre, rank);
                for (int k = 0; k < rank; k++) {
                    for (int j = 0; j < pre; j++) {
                        m.setEntry(j, k, basis[k * pre + j]);
                    }
                }
                RealMatrix cmm = cm.multiply(m);
                RealMatrix mcm = m.transpose().multiply(cmm);
                res = cm.subtract(m.multiply(cmm.transpose())).subtract(cmm.multiply(m.transpose()))
                        .add(m.multiply(mcm).multiply(m.transpose()));
            }
            double residual = 0;
            for (int j = 0; j < pre; j++) {
                residual += res.getEntry(j, j);
                for (int l = j + 1; l < pre; l++) {
                    double s = 0.5 * (res.getEntry(j, l) + res.getEntry(l, j));
                    res.setEntry(j, l, s);
                    res.setEntry(l, j, s);
                }
            }
            double captured = total - residual; // ‖M Mᵀ R‖²_F = tr(Mᵀ C M) = tr(C) − tr(P C P)
            // The residual is symmetric positive semi-definite: its SVD is its eigen-decomposition (singular values
            // = eigenvalues, descending). Commons Math's SVD, not EigenDecomposition, whose QL iteration fails to
            // converge on some such matrices (spike-count correlations with many equal eigenvalues).
            SingularValueDecomposition svd = new SingularValueDecomposition(res);
            double[] lambda = svd.getSingularValues();
            RealMatrix u = svd.getU();
            int added = 0;
            for (int i = 0; i < lambda.length && rank < pre; i++) {
                double l = lambda[i];
                if (l <= ZERO_ENERGY * total) {
                    break;
                }
                if (schedule != null || rankPerTask > 0 ? added >= most : captured >= threshold * total) {
                    break;
                }
                if (append(u.getColumn(i))) {
                    added++;
                    captured += l;
                }
            }
        }

        /** Orthonormalises {@code v} against the basis (modified Gram–Schmidt, twice) and appends it if it remains. */
        private boolean append(double[] v) {
            double n0 = norm(v, 0);
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < rank; k++) {
                    int o = k * pre;
                    double d = 0;
                    for (int j = 0; j < pre; j++) {
                        d += basis[o + j] * v[j];
                    }
                    for (int j = 0; j < pre; j++) {
                        v[j] -= d * basis[o + j];
                    }
                }
            }
            double n = norm(v, 0);
            if (!(n > 1e-8 * n0)) {
                return false;
            }
            int o = rank * pre;
            for (int j = 0; j < pre; j++) {
                basis[o + j] = v[j] / n;
            }
            rank++;
            return true;
        }

        private double norm(double[] v, int off) {
            double s = 0;
            for (int j = 0; j < pre; j++) {
                s += v[off + j] * v[off + j];
            }
            return Math.sqrt(s);
        }

        @Override
        public void reset() {
            rank = task = 0;
            Arrays.fill(basis, 0);
            Arrays.fill(corr, 0);
        }

        /**
         * {@code "basis"}: rank × pre, row-major (the orthonormal vectors); {@code "correlation"}: pre × pre;
         * {@code "task"}: the tasks ended so far (one value; optional on import, 0 when absent).
         */
        @Override
        public Map<String, double[]> exportState() {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("basis", Arrays.copyOf(basis, rank * pre));
            m.put("correlation", corr.clone());
            m.put("task", new double[] {task});
            return m;
        }

        @Override
        public void importState(Map<String, double[]> state) {
            for (String k : state.keySet()) {
                if (!k.equals("basis") && !k.equals("correlation") && !k.equals("task")) {
                    throw new IllegalArgumentException("projector state: unexpected entry \"" + k
                            + "\" (expected basis, correlation and task)");
                }
            }
            double[] b = state.get("basis"), cr = state.get("correlation");
            if (b == null || cr == null) {
                throw new IllegalArgumentException("projector state: missing entry \"" + (b == null ? "basis"
                        : "correlation") + "\"");
            }
            if (b.length % pre != 0 || b.length > pre * pre) {
                throw new IllegalArgumentException("projector state \"basis\" has " + b.length + " entries: expected "
                        + "k x " + pre + " with k <= " + pre);
            }
            if (cr.length != pre * pre) {
                throw new IllegalArgumentException("projector state \"correlation\" has " + cr.length
                        + " entries: expected " + pre + " x " + pre);
            }
            int k = b.length / pre;
            for (int x = 0; x < k; x++) {
                for (int y = x; y < k; y++) {
                    double d = 0;
                    for (int j = 0; j < pre; j++) {
                        d += b[x * pre + j] * b[y * pre + j];
                    }
                    if (!(Math.abs(d - (x == y ? 1 : 0)) <= 1e-9)) {
                        throw new IllegalArgumentException("projector state \"basis\": rows " + x + " and " + y
                                + " have the product " + d + ": expected an orthonormal basis");
                    }
                }
            }
            for (int j = 0; j < cr.length; j++) {
                if (!Double.isFinite(cr[j])) {
                    throw new IllegalArgumentException("projector state \"correlation\"[" + j + "] = " + cr[j]
                            + ": expected a finite value");
                }
            }
            double[] t = state.get("task");
            if (t != null && (t.length != 1 || !(t[0] >= 0) || t[0] != Math.rint(t[0]))) {
                throw new IllegalArgumentException("projector state \"task\": " + Arrays.toString(t)
                        + ", expected one whole number >= 0");
            }
            Arrays.fill(basis, 0);
            System.arraycopy(b, 0, basis, 0, b.length);
            rank = k;
            task = t == null ? 0 : (int) t[0];
            System.arraycopy(cr, 0, corr, 0, cr.length);
        }
    }
}
