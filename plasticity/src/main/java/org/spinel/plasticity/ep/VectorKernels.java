package org.spinel.plasticity.ep;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The {@code jdk.incubator.vector} form of {@link FloatKernels}; loaded only when that module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final int L = S.length();
    /**
     * The panel width of {@link FloatKernels}' packed layout: four vectors, so that a full panel's row is four
     * vector loads feeding {@code 4·count} independent fma chains.
     */
    static final int PANEL = 4 * L;

    private VectorKernels() {
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    /**
     * See {@link FloatKernels#rows}: the vectors four at a time ({@code count mod 4} at the end); per group and full
     * panel the accumulators stay in registers over all rows while each row of the panel is loaded once. Every
     * element is {@code fma(p(r, i), x[r], acc)} over {@code r} ascending, as in the scalar form.
     */
    static void rows(float[] p, int rows, int cols, float[][] x, float[][] y, int count) {
        int k = 0;
        for (; k + 4 <= count; k += 4) {
            rows4(p, rows, cols, x[k], x[k + 1], x[k + 2], x[k + 3], y[k], y[k + 1], y[k + 2], y[k + 3]);
        }
        switch (count - k) {
            case 3 -> rows3(p, rows, cols, x[k], x[k + 1], x[k + 2], y[k], y[k + 1], y[k + 2]);
            case 2 -> rows2(p, rows, cols, x[k], x[k + 1], y[k], y[k + 1]);
            case 1 -> rows1(p, rows, cols, x[k], y[k]);
            default -> {
            }
        }
    }

    /** {@link #rows} of one vector. */
    static void rows(float[] p, int rows, int cols, float[] x, float[] y) {
        rows1(p, rows, cols, x, y);
    }

    /** See {@link FloatKernels#sparse}: the rows {@code nz[0..nnz)} only, four accumulators per full panel. */
    static void sparse(float[] p, int rows, int cols, float[] x, int[] nz, int nnz, float[] y) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a0 = load(y, c), a1 = load(y, c + L), a2 = load(y, c + 2 * L), a3 = load(y, c + 3 * L);
            for (int k = 0; k < nnz; k++) {
                int r = nz[k], q = base + r * PANEL;
                FloatVector b = FloatVector.broadcast(S, x[r]);
                a0 = load(p, q).fma(b, a0);
                a1 = load(p, q + L).fma(b, a1);
                a2 = load(p, q + 2 * L).fma(b, a2);
                a3 = load(p, q + 3 * L).fma(b, a3);
            }
            a0.intoArray(y, c);
            a1.intoArray(y, c + L);
            a2.intoArray(y, c + 2 * L);
            a3.intoArray(y, c + 3 * L);
        }
        int w = cols - full, base = full * rows;
        for (int v = 0; v < w; v += L) {
            FloatVector a = load(y, full + v);
            for (int k = 0; k < nnz; k++) {
                int r = nz[k];
                a = load(p, base + r * w + v).fma(FloatVector.broadcast(S, x[r]), a);
            }
            a.intoArray(y, full + v);
        }
    }

    /** 4 vectors: 4×4 accumulators per full panel, then the narrow panel (see {@link #rows}). */
    private static void rows4(float[] p, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, c + 2 * L),
                    a03 = load(y0, c + 3 * L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, c + 2 * L),
                    a13 = load(y1, c + 3 * L);
            FloatVector a20 = load(y2, c), a21 = load(y2, c + L), a22 = load(y2, c + 2 * L),
                    a23 = load(y2, c + 3 * L);
            FloatVector a30 = load(y3, c), a31 = load(y3, c + L), a32 = load(y3, c + 2 * L),
                    a33 = load(y3, c + 3 * L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q + 2 * L), w3 = load(p, q + 3 * L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01); a02 = w2.fma(b0, a02); a03 = w3.fma(b0, a03);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11); a12 = w2.fma(b1, a12); a13 = w3.fma(b1, a13);
                FloatVector b2 = FloatVector.broadcast(S, x2[r]);
                a20 = w0.fma(b2, a20); a21 = w1.fma(b2, a21); a22 = w2.fma(b2, a22); a23 = w3.fma(b2, a23);
                FloatVector b3 = FloatVector.broadcast(S, x3[r]);
                a30 = w0.fma(b3, a30); a31 = w1.fma(b3, a31); a32 = w2.fma(b3, a32); a33 = w3.fma(b3, a33);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L); a02.intoArray(y0, c + 2 * L);
            a03.intoArray(y0, c + 3 * L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L); a12.intoArray(y1, c + 2 * L);
            a13.intoArray(y1, c + 3 * L);
            a20.intoArray(y2, c); a21.intoArray(y2, c + L); a22.intoArray(y2, c + 2 * L);
            a23.intoArray(y2, c + 3 * L);
            a30.intoArray(y3, c); a31.intoArray(y3, c + L); a32.intoArray(y3, c + 2 * L);
            a33.intoArray(y3, c + 3 * L);
        }
        int w = cols - full, base = full * rows;
        for (int v = 0; v < w; v += L) {
            int c = full + v;
            FloatVector a0 = load(y0, c), a1 = load(y1, c), a2 = load(y2, c), a3 = load(y3, c);
            for (int r = 0, q = base + v; r < rows; r++, q += w) {
                FloatVector m = load(p, q);
                a0 = m.fma(FloatVector.broadcast(S, x0[r]), a0);
                a1 = m.fma(FloatVector.broadcast(S, x1[r]), a1);
                a2 = m.fma(FloatVector.broadcast(S, x2[r]), a2);
                a3 = m.fma(FloatVector.broadcast(S, x3[r]), a3);
            }
            a0.intoArray(y0, c); a1.intoArray(y1, c); a2.intoArray(y2, c); a3.intoArray(y3, c);
        }
    }

    /** 3 vectors: 3×4 accumulators per full panel, then the narrow panel (see {@link #rows}). */
    private static void rows3(float[] p, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] y0,
            float[] y1, float[] y2) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, c + 2 * L),
                    a03 = load(y0, c + 3 * L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, c + 2 * L),
                    a13 = load(y1, c + 3 * L);
            FloatVector a20 = load(y2, c), a21 = load(y2, c + L), a22 = load(y2, c + 2 * L),
                    a23 = load(y2, c + 3 * L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q + 2 * L), w3 = load(p, q + 3 * L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01); a02 = w2.fma(b0, a02); a03 = w3.fma(b0, a03);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11); a12 = w2.fma(b1, a12); a13 = w3.fma(b1, a13);
                FloatVector b2 = FloatVector.broadcast(S, x2[r]);
                a20 = w0.fma(b2, a20); a21 = w1.fma(b2, a21); a22 = w2.fma(b2, a22); a23 = w3.fma(b2, a23);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L); a02.intoArray(y0, c + 2 * L);
            a03.intoArray(y0, c + 3 * L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L); a12.intoArray(y1, c + 2 * L);
            a13.intoArray(y1, c + 3 * L);
            a20.intoArray(y2, c); a21.intoArray(y2, c + L); a22.intoArray(y2, c + 2 * L);
            a23.intoArray(y2, c + 3 * L);
        }
        int w = cols - full, base = full * rows;
        for (int v = 0; v < w; v += L) {
            int c = full + v;
            FloatVector a0 = load(y0, c), a1 = load(y1, c), a2 = load(y2, c);
            for (int r = 0, q = base + v; r < rows; r++, q += w) {
                FloatVector m = load(p, q);
                a0 = m.fma(FloatVector.broadcast(S, x0[r]), a0);
                a1 = m.fma(FloatVector.broadcast(S, x1[r]), a1);
                a2 = m.fma(FloatVector.broadcast(S, x2[r]), a2);
            }
            a0.intoArray(y0, c); a1.intoArray(y1, c); a2.intoArray(y2, c);
        }
    }

    /** 2 vectors: 2×4 accumulators per full panel, then the narrow panel (see {@link #rows}). */
    private static void rows2(float[] p, int rows, int cols, float[] x0, float[] x1, float[] y0, float[] y1) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, c + 2 * L),
                    a03 = load(y0, c + 3 * L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, c + 2 * L),
                    a13 = load(y1, c + 3 * L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q + 2 * L), w3 = load(p, q + 3 * L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01); a02 = w2.fma(b0, a02); a03 = w3.fma(b0, a03);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11); a12 = w2.fma(b1, a12); a13 = w3.fma(b1, a13);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L); a02.intoArray(y0, c + 2 * L);
            a03.intoArray(y0, c + 3 * L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L); a12.intoArray(y1, c + 2 * L);
            a13.intoArray(y1, c + 3 * L);
        }
        int w = cols - full, base = full * rows;
        for (int v = 0; v < w; v += L) {
            int c = full + v;
            FloatVector a0 = load(y0, c), a1 = load(y1, c);
            for (int r = 0, q = base + v; r < rows; r++, q += w) {
                FloatVector m = load(p, q);
                a0 = m.fma(FloatVector.broadcast(S, x0[r]), a0);
                a1 = m.fma(FloatVector.broadcast(S, x1[r]), a1);
            }
            a0.intoArray(y0, c); a1.intoArray(y1, c);
        }
    }

    /** 1 vector: 1×4 accumulators per full panel, then the narrow panel (see {@link #rows}). */
    private static void rows1(float[] p, int rows, int cols, float[] x0, float[] y0) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, c + 2 * L),
                    a03 = load(y0, c + 3 * L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q + 2 * L), w3 = load(p, q + 3 * L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01); a02 = w2.fma(b0, a02); a03 = w3.fma(b0, a03);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L); a02.intoArray(y0, c + 2 * L);
            a03.intoArray(y0, c + 3 * L);
        }
        int w = cols - full, base = full * rows;
        for (int v = 0; v < w; v += L) {
            int c = full + v;
            FloatVector a0 = load(y0, c);
            for (int r = 0, q = base + v; r < rows; r++, q += w) {
                FloatVector m = load(p, q);
                a0 = m.fma(FloatVector.broadcast(S, x0[r]), a0);
            }
            a0.intoArray(y0, c);
        }
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
