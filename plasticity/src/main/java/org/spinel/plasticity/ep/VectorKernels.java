package org.spinel.plasticity.ep;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The {@code jdk.incubator.vector} form of {@link FloatKernels}; loaded only when that module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    /**
     * See {@link FloatKernels#axpyRows}: full column blocks outside, four at a time (four independent fma chains in
     * registers), rows inside; the columns past the last full block row by row in scalar code. Each element is
     * {@code fma(m[r][i], x[r], acc)} over {@code r} ascending, as in the scalar form.
     */
    static void axpyRows(float[] m, int rows, int cols, float[] x, float[] y, boolean skipZeros) {
        if (skipZeros) {
            sparse(m, rows, cols, x, y);
            return;
        }
        int len = S.length(), bound = S.loopBound(cols);
        int i = 0;
        for (; i + 4 * len <= bound; i += 4 * len) {
            block4(m, rows, cols, x, y, i);
        }
        for (; i < bound; i += len) {
            block1(m, rows, cols, x, y, i);
        }
        if (bound < cols) {
            tail(m, rows, cols, x, y, bound);
        }
    }

    /** Columns {@code i .. i + 4·len): four accumulators over all rows. */
    private static void block4(float[] m, int rows, int cols, float[] x, float[] y, int i) {
        int len = S.length();
        FloatVector a0 = FloatVector.fromArray(S, y, i), a1 = FloatVector.fromArray(S, y, i + len);
        FloatVector a2 = FloatVector.fromArray(S, y, i + 2 * len), a3 = FloatVector.fromArray(S, y, i + 3 * len);
        for (int r = 0, o = i; r < rows; r++, o += cols) {
            FloatVector b = FloatVector.broadcast(S, x[r]);
            a0 = FloatVector.fromArray(S, m, o).fma(b, a0);
            a1 = FloatVector.fromArray(S, m, o + len).fma(b, a1);
            a2 = FloatVector.fromArray(S, m, o + 2 * len).fma(b, a2);
            a3 = FloatVector.fromArray(S, m, o + 3 * len).fma(b, a3);
        }
        a0.intoArray(y, i);
        a1.intoArray(y, i + len);
        a2.intoArray(y, i + 2 * len);
        a3.intoArray(y, i + 3 * len);
    }

    /** Columns {@code i .. i + len): one accumulator over all rows. */
    private static void block1(float[] m, int rows, int cols, float[] x, float[] y, int i) {
        FloatVector acc = FloatVector.fromArray(S, y, i);
        for (int r = 0, o = i; r < rows; r++, o += cols) {
            acc = FloatVector.fromArray(S, m, o).fma(FloatVector.broadcast(S, x[r]), acc);
        }
        acc.intoArray(y, i);
    }

    /** Columns {@code from .. cols) row by row in scalar code. */
    private static void tail(float[] m, int rows, int cols, float[] x, float[] y, int from) {
        for (int r = 0; r < rows; r++) {
            float a = x[r];
            for (int c = from, o = r * cols + from; c < cols; c++, o++) {
                y[c] = Math.fma(m[o], a, y[c]);
            }
        }
    }

    /** The sparse form: rows with {@code x[r] = 0} skipped, one column block at a time. */
    private static void sparse(float[] m, int rows, int cols, float[] x, float[] y) {
        int len = S.length(), bound = S.loopBound(cols);
        for (int i = 0; i < bound; i += len) {
            FloatVector acc = FloatVector.fromArray(S, y, i);
            for (int r = 0, o = i; r < rows; r++, o += cols) {
                float a = x[r];
                if (a != 0f) {
                    acc = FloatVector.fromArray(S, m, o).fma(FloatVector.broadcast(S, a), acc);
                }
            }
            acc.intoArray(y, i);
        }
        for (int r = 0; r < rows; r++) {
            float a = x[r];
            if (a != 0f) {
                for (int c = bound, o = r * cols + bound; c < cols; c++, o++) {
                    y[c] = Math.fma(m[o], a, y[c]);
                }
            }
        }
    }

    /** See {@link FloatKernels#axpyRows4}: each row block loaded once for four vectors, two blocks at a time. */
    static void axpyRows4(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3, float[] y0,
            float[] y1, float[] y2, float[] y3) {
        int len = S.length(), bound = S.loopBound(cols);
        int i = 0;
        for (; i + 2 * len <= bound; i += 2 * len) {
            pair4(m, rows, cols, x0, x1, x2, x3, y0, y1, y2, y3, i);
        }
        for (; i < bound; i += len) {
            single4(m, rows, cols, x0, x1, x2, x3, y0, y1, y2, y3, i);
        }
        if (bound < cols) {
            tail(m, rows, cols, x0, y0, bound);
            tail(m, rows, cols, x1, y1, bound);
            tail(m, rows, cols, x2, y2, bound);
            tail(m, rows, cols, x3, y3, bound);
        }
    }

    /** Columns {@code i .. i + 2·len) of four vectors: eight accumulators over all rows. */
    private static void pair4(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3, int i) {
        int len = S.length(), j = i + len;
        FloatVector a0 = FloatVector.fromArray(S, y0, i), a1 = FloatVector.fromArray(S, y1, i);
        FloatVector a2 = FloatVector.fromArray(S, y2, i), a3 = FloatVector.fromArray(S, y3, i);
        FloatVector b0 = FloatVector.fromArray(S, y0, j), b1 = FloatVector.fromArray(S, y1, j);
        FloatVector b2 = FloatVector.fromArray(S, y2, j), b3 = FloatVector.fromArray(S, y3, j);
        for (int r = 0, o = i; r < rows; r++, o += cols) {
            FloatVector w = FloatVector.fromArray(S, m, o), v = FloatVector.fromArray(S, m, o + len);
            FloatVector c0 = FloatVector.broadcast(S, x0[r]), c1 = FloatVector.broadcast(S, x1[r]);
            FloatVector c2 = FloatVector.broadcast(S, x2[r]), c3 = FloatVector.broadcast(S, x3[r]);
            a0 = w.fma(c0, a0);
            a1 = w.fma(c1, a1);
            a2 = w.fma(c2, a2);
            a3 = w.fma(c3, a3);
            b0 = v.fma(c0, b0);
            b1 = v.fma(c1, b1);
            b2 = v.fma(c2, b2);
            b3 = v.fma(c3, b3);
        }
        a0.intoArray(y0, i);
        a1.intoArray(y1, i);
        a2.intoArray(y2, i);
        a3.intoArray(y3, i);
        b0.intoArray(y0, j);
        b1.intoArray(y1, j);
        b2.intoArray(y2, j);
        b3.intoArray(y3, j);
    }

    /** Columns {@code i .. i + len) of four vectors. */
    private static void single4(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3, int i) {
        FloatVector a0 = FloatVector.fromArray(S, y0, i), a1 = FloatVector.fromArray(S, y1, i);
        FloatVector a2 = FloatVector.fromArray(S, y2, i), a3 = FloatVector.fromArray(S, y3, i);
        for (int r = 0, o = i; r < rows; r++, o += cols) {
            FloatVector w = FloatVector.fromArray(S, m, o);
            a0 = w.fma(FloatVector.broadcast(S, x0[r]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x1[r]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x2[r]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x3[r]), a3);
        }
        a0.intoArray(y0, i);
        a1.intoArray(y1, i);
        a2.intoArray(y2, i);
        a3.intoArray(y3, i);
    }

    /** See {@link FloatKernels#axpyRows3}: each row block loaded once for three vectors, two blocks at a time. */
    static void axpyRows3(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] y0, float[] y1,
            float[] y2) {
        int len = S.length(), bound = S.loopBound(cols);
        int i = 0;
        for (; i + 2 * len <= bound; i += 2 * len) {
            pair3(m, rows, cols, x0, x1, x2, y0, y1, y2, i);
        }
        for (; i < bound; i += len) {
            block1(m, rows, cols, x0, y0, i);
            block1(m, rows, cols, x1, y1, i);
            block1(m, rows, cols, x2, y2, i);
        }
        if (bound < cols) {
            tail(m, rows, cols, x0, y0, bound);
            tail(m, rows, cols, x1, y1, bound);
            tail(m, rows, cols, x2, y2, bound);
        }
    }

    /** Columns {@code i .. i + 2·len) of three vectors: six accumulators over all rows. */
    private static void pair3(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] y0,
            float[] y1, float[] y2, int i) {
        int len = S.length(), j = i + len;
        FloatVector a0 = FloatVector.fromArray(S, y0, i), a1 = FloatVector.fromArray(S, y1, i);
        FloatVector a2 = FloatVector.fromArray(S, y2, i);
        FloatVector b0 = FloatVector.fromArray(S, y0, j), b1 = FloatVector.fromArray(S, y1, j);
        FloatVector b2 = FloatVector.fromArray(S, y2, j);
        for (int r = 0, o = i; r < rows; r++, o += cols) {
            FloatVector w = FloatVector.fromArray(S, m, o), v = FloatVector.fromArray(S, m, o + len);
            FloatVector c0 = FloatVector.broadcast(S, x0[r]), c1 = FloatVector.broadcast(S, x1[r]);
            FloatVector c2 = FloatVector.broadcast(S, x2[r]);
            a0 = w.fma(c0, a0);
            a1 = w.fma(c1, a1);
            a2 = w.fma(c2, a2);
            b0 = v.fma(c0, b0);
            b1 = v.fma(c1, b1);
            b2 = v.fma(c2, b2);
        }
        a0.intoArray(y0, i);
        a1.intoArray(y1, i);
        a2.intoArray(y2, i);
        b0.intoArray(y0, j);
        b1.intoArray(y1, j);
        b2.intoArray(y2, j);
    }

    /** {@code s = σ(4u − 2)} ({@code sigmoid}) or {@code tanh u}: {@link FloatKernels#exp} lane-wise, then the scalar tail. */
    static void activate(boolean sigmoid, float[] u, float[] s, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector z = FloatVector.fromArray(S, u, i);
            FloatVector x = sigmoid ? z.fma(-4f, 2f) : z.mul(-2f);
            FloatVector e = exp(x).add(1f);
            (sigmoid ? FloatVector.broadcast(S, 1f).div(e)
                    : FloatVector.broadcast(S, 2f).div(e).sub(1f)).intoArray(s, i);
        }
        for (; i < n; i++) {
            s[i] = sigmoid ? FloatKernels.sigmoid(u[i]) : FloatKernels.tanh(u[i]);
        }
    }

    private static FloatVector exp(FloatVector x) {
        x = x.max(FloatKernels.X_MIN).min(FloatKernels.X_MAX);
        FloatVector t = x.fma(FloatKernels.LOG2E, FloatKernels.ROUND);
        FloatVector nf = t.sub(FloatKernels.ROUND);
        FloatVector r = nf.neg().fma(FloatVector.broadcast(S, FloatKernels.LN2_HI), x);
        r = nf.neg().fma(FloatVector.broadcast(S, FloatKernels.LN2_LO), r);
        FloatVector p = r.fma(FloatKernels.C6, FloatKernels.C5);
        p = p.fma(r, FloatVector.broadcast(S, FloatKernels.C4));
        p = p.fma(r, FloatVector.broadcast(S, FloatKernels.C3));
        p = p.fma(r, FloatVector.broadcast(S, FloatKernels.C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // n is in the low mantissa bits of t = x·log2e + 1.5·2^23: bits(t) − bits(1.5·2^23) = n exactly
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(FloatKernels.ROUND_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
