package org.spinel.plasticity.projection;

import java.util.Arrays;

/**
 * {@code ΔW ← (I − u uᵀ) ΔW} for a unit presynaptic vector {@code u}, on a dense {@code [pre][post]} update: the
 * step shared by the projectors onto the complement of a subspace (one call per orthonormal basis vector gives
 * {@code (I − U Uᵀ) ΔW}). No allocation: the caller owns the scratch row.
 */
final class SpanRemoval {
    private SpanRemoval() {
    }

    /**
     * Removes from {@code delta} its component along {@code u[off .. off+pre)}.
     *
     * @param c scratch of length {@code post} (overwritten with {@code uᵀ ΔW})
     */
    static void remove(double[] delta, int pre, int post, double[] u, int off, double[] c) {
        component(delta, pre, post, u, off, c);
        subtract(delta, pre, post, u, off, c);
    }

    /** {@code c = uᵀ ΔW} for {@code u = u[off .. off+pre)} (length {@code post}). */
    static void component(double[] delta, int pre, int post, double[] u, int off, double[] c) {
        Arrays.fill(c, 0);
        for (int j = 0; j < pre; j++) {
            double uj = u[off + j];
            if (uj != 0) {
                int r = j * post;
                for (int i = 0; i < post; i++) {
                    c[i] += uj * delta[r + i];
                }
            }
        }
    }

    /** {@code ΔW −= u cᵀ}. */
    static void subtract(double[] delta, int pre, int post, double[] u, int off, double[] c) {
        for (int j = 0; j < pre; j++) {
            double uj = u[off + j];
            if (uj != 0) {
                int r = j * post;
                for (int i = 0; i < post; i++) {
                    delta[r + i] -= uj * c[i];
                }
            }
        }
    }

    /**
     * {@code ΔW ← ΔW − Bᵀ (B ΔW)} along the presynaptic index, for the first {@code count} rows of {@code rows}
     * ({@code B}: count × pre, row-major): all of {@code B ΔW} first, then the subtraction, so that rows which are
     * only nearly orthonormal (HLOP's learnt rows) are not removed one at a time. The projection step shared by
     * HLOP ({@link HebbianSubspaceProjector}) and its exact oracle ({@link OracleSubspaceProjector}); for exactly
     * orthonormal rows it is {@code (I − BᵀB) ΔW}.
     *
     * @param scratch at least {@code count} rows of length {@code post} (overwritten)
     */
    static void removeRows(double[] delta, int pre, int post, double[] rows, int count, double[][] scratch) {
        // four rows at a time, so that each row of ΔW is read (and written) once per four basis rows
        int m = 0;
        for (; m + 4 <= count; m += 4) {
            component4(delta, pre, post, rows, m, scratch);
        }
        for (; m < count; m++) {
            component(delta, pre, post, rows, m * pre, scratch[m]);
        }
        m = 0;
        for (; m + 4 <= count; m += 4) {
            subtract4(delta, pre, post, rows, m, scratch);
        }
        for (; m < count; m++) {
            subtract(delta, pre, post, rows, m * pre, scratch[m]);
        }
    }

    /** {@code c[m+q] = u_{m+q}ᵀ ΔW} for q = 0..3, one pass over ΔW. */
    private static void component4(double[] delta, int pre, int post, double[] u, int m, double[][] c) {
        double[] c0 = c[m], c1 = c[m + 1], c2 = c[m + 2], c3 = c[m + 3];
        Arrays.fill(c0, 0, post, 0);
        Arrays.fill(c1, 0, post, 0);
        Arrays.fill(c2, 0, post, 0);
        Arrays.fill(c3, 0, post, 0);
        int o0 = m * pre, o1 = o0 + pre, o2 = o1 + pre, o3 = o2 + pre;
        for (int j = 0; j < pre; j++) {
            double u0 = u[o0 + j], u1 = u[o1 + j], u2 = u[o2 + j], u3 = u[o3 + j];
            if (u0 == 0 && u1 == 0 && u2 == 0 && u3 == 0) {
                continue;
            }
            int r = j * post;
            for (int i = 0; i < post; i++) {
                double d = delta[r + i];
                c0[i] += u0 * d;
                c1[i] += u1 * d;
                c2[i] += u2 * d;
                c3[i] += u3 * d;
            }
        }
    }

    /** {@code ΔW −= Σ_q u_{m+q} c[m+q]ᵀ} for q = 0..3, one pass over ΔW. */
    private static void subtract4(double[] delta, int pre, int post, double[] u, int m, double[][] c) {
        double[] c0 = c[m], c1 = c[m + 1], c2 = c[m + 2], c3 = c[m + 3];
        int o0 = m * pre, o1 = o0 + pre, o2 = o1 + pre, o3 = o2 + pre;
        for (int j = 0; j < pre; j++) {
            double u0 = u[o0 + j], u1 = u[o1 + j], u2 = u[o2 + j], u3 = u[o3 + j];
            if (u0 == 0 && u1 == 0 && u2 == 0 && u3 == 0) {
                continue;
            }
            int r = j * post;
            for (int i = 0; i < post; i++) {
                delta[r + i] -= u0 * c0[i] + u1 * c1[i] + u2 * c2[i] + u3 * c3[i];
            }
        }
    }

    /** Refuses a block without units on either side, naming the projector. */
    static void checkBlock(String projector, int pre, int post) {
        if (pre < 1 || post < 1) {
            throw new IllegalArgumentException("projector (" + projector + "): a block of " + pre + " x " + post
                    + ": expected at least one presynaptic and one postsynaptic unit");
        }
    }

    /** Checks the length of an update of a dense block. */
    static void checkShape(double[] delta, int pre, int post) {
        if (delta.length != pre * post) {
            throw new IllegalArgumentException("update of " + delta.length + " entries: expected " + pre + " x " + post);
        }
    }
}
