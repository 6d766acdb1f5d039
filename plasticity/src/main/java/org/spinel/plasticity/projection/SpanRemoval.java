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
        for (int m = 0; m < count; m++) {
            component(delta, pre, post, rows, m * pre, scratch[m]);
        }
        for (int m = 0; m < count; m++) {
            subtract(delta, pre, post, rows, m * pre, scratch[m]);
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
