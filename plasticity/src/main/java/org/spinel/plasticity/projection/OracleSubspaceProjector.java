package org.spinel.plasticity.projection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * The exact projection oracle of HLOP (issue 21), in the manner of Gradient Projection Memory (GPM; Saha, Garg &amp;
 * Roy, ICLR 2021): what HLOP's Hebbian subspace neurons ({@link HebbianSubspaceProjector}) would hold if Oja's rule
 * converged exactly. It stores the presynaptic activity it observes during a task (the same activity, in the same
 * order, that HLOP learns from) and at the task boundary computes the SVD of the stored activity's residual
 * {@code R̂ = A (I − BᵀB)} (rows of {@code A}: the task's activity vectors; {@code B}: the basis of earlier tasks,
 * orthonormal rows), keeps the top right singular vectors (the principal directions of the uncentred
 * {@code E[xxᵀ]} not yet in the basis, which HLOP's new rows learn since its reconstruction uses the frozen rows),
 * orthonormalises them against the basis (QR) and appends them. The growth schedule is HLOP's: task {@code t} adds
 * {@code rowsPerTask[min(t, last)]} vectors, fewer when the residual has fewer directions with energy
 * ({@code σ² ≤ 1e-12·‖A‖²_F}) or the basis is full.
 *
 * <p>The projection is HLOP's own step ({@code SpanRemoval.removeRows}): {@code ΔW ← ΔW − Bᵀ(BΔW)} along the
 * presynaptic index of the dense {@code [pre][post]} block, nothing before the first boundary; on the update stage.
 *
 * <p>Storage: the activity is kept exactly up to {@value #CHUNK_FACTOR}·pre vectors; beyond that the stored rows are
 * compressed by QR ({@code A = QR}, keeping the pre × pre triangle {@code R}), which has the same singular values
 * and right singular vectors as {@code A} (and as every later {@code [R; new rows]}), so memory stays
 * {@code O(pre²)} for any task length. SVD and QR are Commons Math's. {@code observe} allocates only at such a
 * compression (once every {@value #CHUNK_FACTOR}·pre observations).
 */
public final class OracleSubspaceProjector implements Projector {
    /** Relative squared singular value below which a direction carries no energy. */
    static final double ZERO_ENERGY = 1e-12;
    /** Rows of the store before a QR compression, in units of {@code pre}. */
    static final int CHUNK_FACTOR = 4;
    private final int[] schedule;

    private OracleSubspaceProjector(int[] schedule) {
        this.schedule = schedule;
    }

    /**
     * An oracle with the growth schedule {@code rowsPerTask} (task 0, task 1, ...; the last entry repeats), as HLOP's.
     *
     * @throws IllegalArgumentException if the schedule is empty, task 0 adds no rows or a count is negative
     */
    public static OracleSubspaceProjector of(int... rowsPerTask) {
        return new OracleSubspaceProjector(GrowthSchedule.validated("oracle", rowsPerTask));
    }

    /** The oracle of an HLOP projector: the same growth schedule. */
    public static OracleSubspaceProjector of(HebbianSubspaceProjector hlop) {
        return of(hlop.rowsPerTask());
    }

    /** The schedule (a copy). */
    public int[] rowsPerTask() {
        return schedule.clone();
    }

    /** Vectors added by task {@code t} (the schedule's last entry repeats). */
    public int rowsFor(int task) {
        return GrowthSchedule.rowsFor(schedule, task);
    }

    /**
     * Checks that {@code tasks} tasks fit a block with {@code pre} presynaptic units (as HLOP's check: the scheduled
     * rows may not exceed {@code pre}).
     *
     * @throws IllegalArgumentException naming the task at which the basis would exceed {@code pre}
     */
    public void checkFits(int pre, int tasks) {
        GrowthSchedule.checkFits("oracle", "basis", "vectors", schedule, pre, tasks);
    }

    @Override
    public String describe() {
        return "oracle (exact principal subspace, rows per task " + Arrays.toString(schedule) + ")";
    }

    @Override
    public Activity activity() {
        return Activity.PRESYNAPTIC_RATE;
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
        return o instanceof OracleSubspaceProjector p && Arrays.equals(p.schedule, schedule);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(schedule) * 31 + 7;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The basis of a bound state (a copy, {@code rank × pre} row-major); {@code rank[0]} receives the row count. */
    public static double[] basis(ProjectorState state, int[] rank) {
        if (!(state instanceof OracleSubspaceProjector.State s)) {
            throw new IllegalArgumentException("not the state of an OracleSubspaceProjector");
        }
        rank[0] = s.rank;
        return Arrays.copyOf(s.basis, s.rank * s.pre);
    }

    /** Basis {@code B} (rank × pre), the task's stored activity (triangle and buffer), scratch for the projection. */
    private final class State implements ProjectorState {
        private final int pre, post, capacity;
        private final double[] basis;
        private int rank, task;
        /** Row-major pre × pre: the R factor of the compressed earlier rows of this task (valid when hasR). */
        private final double[] tri;
        private boolean hasR;
        /** Row-major capacity × pre: the rows observed since the last compression. */
        private final double[] buffer;
        private int buffered;
        /** Σ‖a‖² over the task (the squared Frobenius norm of its activity). */
        private double energy;
        private double[][] projected;

        State(int pre, int post) {
            this.pre = pre;
            this.post = post;
            this.capacity = CHUNK_FACTOR * pre;
            this.basis = new double[pre * pre];
            this.tri = new double[pre * pre];
            this.buffer = new double[capacity * pre];
            reset();
        }

        @Override
        public void reset() {
            Arrays.fill(basis, 0);
            rank = task = buffered = 0;
            hasR = false;
            energy = 0;
            projected = new double[0][post];
        }

        @Override
        public void project(double[] delta) {
            SpanRemoval.checkShape(delta, pre, post);
            SpanRemoval.removeRows(delta, pre, post, basis, rank, projected);
        }

        @Override
        public void observe(double[] a) {
            if (a.length != pre) {
                throw new IllegalArgumentException("projector (" + describe() + "): activity of " + a.length
                        + " units: expected " + pre);
            }
            double e = 0;
            for (int j = 0; j < pre; j++) {
                if (!Double.isFinite(a[j])) {
                    throw new IllegalArgumentException("projector (" + describe() + "): activity[" + j + "] = " + a[j]
                            + ": expected a finite value");
                }
                e += a[j] * a[j];
            }
            energy += e;
            System.arraycopy(a, 0, buffer, buffered * pre, pre);
            if (++buffered == capacity) {
                compress();
            }
        }

        /** The stored rows as a matrix: the triangle (if any) above the buffered rows. */
        private RealMatrix stored() {
            int top = hasR ? pre : 0, m = top + buffered;
            double[][] x = new double[m][];
            for (int i = 0; i < top; i++) {
                x[i] = Arrays.copyOfRange(tri, i * pre, (i + 1) * pre);
            }
            for (int i = 0; i < buffered; i++) {
                x[top + i] = Arrays.copyOfRange(buffer, i * pre, (i + 1) * pre);
            }
            return new Array2DRowRealMatrix(x, false);
        }

        /** Replaces the stored rows by the pre × pre triangle of their QR (same singular values and vectors). */
        private void compress() {
            if (buffered == 0 || (!hasR && buffered < pre)) {
                return;
            }
            RealMatrix r = new QRDecomposition(stored()).getR(); // m × pre, zero below row pre
            for (int i = 0; i < pre; i++) {
                for (int j = 0; j < pre; j++) {
                    tri[i * pre + j] = j < i ? 0 : r.getEntry(i, j);
                }
            }
            hasR = true;
            buffered = 0;
        }

        @Override
        public void endTask() {
            int want = Math.min(rowsFor(task), pre - rank);
            if (energy > 0 && want > 0 && (hasR || buffered > 0)) {
                if (hasR ? buffered > 0 : buffered > pre) {
                    compress(); // an SVD of at most pre × pre
                }
                extend(want);
            }
            hasR = false;
            buffered = 0;
            energy = 0;
            task++;
        }

        /** Appends up to {@code want} top right singular vectors of the residual activity (see the class comment). */
        private void extend(int want) {
            RealMatrix a = stored();
            if (rank > 0) { // R̂ = A − (A Bᵀ) B
                RealMatrix b = new Array2DRowRealMatrix(rank, pre);
                for (int k = 0; k < rank; k++) {
                    for (int j = 0; j < pre; j++) {
                        b.setEntry(k, j, basis[k * pre + j]);
                    }
                }
                a = a.subtract(a.multiply(b.transpose()).multiply(b));
            }
            SingularValueDecomposition svd = new SingularValueDecomposition(a);
            double[] sigma = svd.getSingularValues(); // descending
            RealMatrix v = svd.getV(); // pre × min(m, pre)
            int add = 0;
            while (add < want && add < sigma.length && sigma[add] * sigma[add] > ZERO_ENERGY * energy) {
                add++;
            }
            if (add == 0) {
                return;
            }
            // orthonormalise [Bᵀ | V_add] by QR: its columns after the first rank are orthonormal and ⟂ span(B)
            RealMatrix m = new Array2DRowRealMatrix(pre, rank + add);
            for (int k = 0; k < rank; k++) {
                for (int j = 0; j < pre; j++) {
                    m.setEntry(j, k, basis[k * pre + j]);
                }
            }
            for (int k = 0; k < add; k++) {
                for (int j = 0; j < pre; j++) {
                    m.setEntry(j, rank + k, v.getEntry(j, k));
                }
            }
            QRDecomposition qr = new QRDecomposition(m);
            RealMatrix q = qr.getQ(), r = qr.getR();
            int n = rank;
            for (int k = rank; k < rank + add; k++) {
                if (!(Math.abs(r.getEntry(k, k)) > 1e-8)) {
                    continue; // numerically in the span already (V_add has unit columns, so R's diagonal is ~1)
                }
                for (int j = 0; j < pre; j++) {
                    basis[n * pre + j] = q.getEntry(j, k);
                }
                n++;
            }
            rank = n;
            projected = new double[rank][post];
        }

        /**
         * {@code "meta"}: rank, task, buffered rows, whether the triangle is held (0/1), the task's energy;
         * {@code "basis"}: rank × pre; {@code "triangle"}: pre × pre or empty; {@code "buffer"}: buffered × pre.
         */
        @Override
        public Map<String, double[]> exportState() {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("meta", new double[] {rank, task, buffered, hasR ? 1 : 0, energy});
            m.put("basis", Arrays.copyOf(basis, rank * pre));
            m.put("triangle", hasR ? tri.clone() : new double[0]);
            m.put("buffer", Arrays.copyOf(buffer, buffered * pre));
            return m;
        }

        @Override
        public void importState(Map<String, double[]> state) {
            for (String k : new String[] {"meta", "basis", "triangle", "buffer"}) {
                if (!state.containsKey(k)) {
                    throw new IllegalArgumentException("oracle state: entry \"" + k + "\" is missing");
                }
            }
            if (state.size() != 4) {
                throw new IllegalArgumentException("oracle state: entries " + state.keySet()
                        + ", expected [meta, basis, triangle, buffer]");
            }
            double[] meta = state.get("meta");
            if (meta.length != 5) {
                throw new IllegalArgumentException("oracle state: meta of " + meta.length + " values, expected 5");
            }
            int r = (int) meta[0], t = (int) meta[1], b = (int) meta[2];
            boolean h = meta[3] != 0;
            if (r < 0 || r > pre || t < 0 || b < 0 || b >= capacity || !(meta[4] >= 0)) {
                throw new IllegalArgumentException("oracle state: meta " + Arrays.toString(meta) + " does not fit a "
                        + "block of " + pre + " presynaptic units");
            }
            check(state, "basis", r * pre);
            check(state, "triangle", h ? pre * pre : 0);
            check(state, "buffer", b * pre);
            Arrays.fill(basis, 0);
            System.arraycopy(state.get("basis"), 0, basis, 0, r * pre);
            if (h) {
                System.arraycopy(state.get("triangle"), 0, tri, 0, pre * pre);
            }
            System.arraycopy(state.get("buffer"), 0, buffer, 0, b * pre);
            rank = r;
            task = t;
            buffered = b;
            hasR = h;
            energy = meta[4];
            projected = new double[rank][post];
        }

        private void check(Map<String, double[]> state, String key, int length) {
            if (state.get(key).length != length) {
                throw new IllegalArgumentException("oracle state: \"" + key + "\" has " + state.get(key).length
                        + " values, expected " + length);
            }
        }
    }
}
