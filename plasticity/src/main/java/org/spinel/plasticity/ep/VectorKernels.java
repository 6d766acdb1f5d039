package org.spinel.plasticity.ep;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The {@code jdk.incubator.vector} form of {@link FloatKernels}; loaded only when that module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final int L = S.length();
    /**
     * The panel width of {@link FloatKernels}' packed layout: two vectors, so that a full panel's row is two vector
     * loads feeding {@code 2·count} independent fma chains (8 for four vectors: enough to fill the fma pipelines,
     * and few enough operations per method for C2 to keep every vector in a register).
     */
    static final int PANEL = 2 * L;

    static {
        warmUp();
    }

    private VectorKernels() {
    }

    /**
     * Runs every kernel a few thousand times on small arrays (about 0.1 s), so that C2 compiles them before the
     * first real product: until then {@code jdk.incubator.vector} code runs interpreted or in C1, where each vector
     * operation allocates, a hundred times slower; without this a short run spends its first seconds there. The
     * results are discarded; nothing here depends on or changes any state.
     */
    private static void warmUp() {
        int rows = 8, cols = 4 * PANEL + 16;
        float[] p = new float[rows * cols], u = new float[cols], ui = new float[cols], t1 = new float[cols],
                t2 = new float[cols];
        float[][] x = new float[6][rows], y = new float[6][cols];
        int[] nz = {0, 2, 3, 5};
        for (int i = 0; i < cols; i++) {
            u[i] = (i % 7) * 0.1f;
            ui[i] = (i % 5) * 0.01f;
        }
        for (int it = 0; it < 2500; it++) {
            for (int count = 1; count <= 6; count++) {
                rows(p, rows, cols, x, y, count);
            }
            sparse(p, rows, cols, x[0], nz, nz.length, y[0]);
            activate(true, u, t1, cols);
            sigmoidComplex(u, ui, y[0], y[1], cols, t1, t2);
            change(u, ui, cols);
        }
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    /**
     * See {@link FloatKernels#rows}: the vectors in groups of four (three for the last five or six); per group and
     * pair of full panels the accumulators stay in registers over all rows while each row of the panels is loaded
     * once. Every element is {@code fma(p(r, i), x[r], acc)} over {@code r} ascending, as in the scalar form.
     */
    static void rows(float[] p, int rows, int cols, float[][] x, float[][] y, int count) {
        int k = 0;
        while (count - k >= 4) {
            int rem = count - k;
            if (rem == 5 || rem == 6) {
                rows3(p, rows, cols, x[k], x[k + 1], x[k + 2], y[k], y[k + 1], y[k + 2]);
                k += 3;
            } else {
                rows4(p, rows, cols, x[k], x[k + 1], x[k + 2], x[k + 3], y[k], y[k + 1], y[k + 2], y[k + 3]);
                k += 4;
            }
        }
        switch (count - k) {
            case 3 -> rows3(p, rows, cols, x[k], x[k + 1], x[k + 2], y[k], y[k + 1], y[k + 2]);
            case 2 -> rows2(p, rows, cols, x[k], x[k + 1], y[k], y[k + 1]);
            case 1 -> rows1(p, rows, cols, x[k], y[k]);
            default -> {
            }
        }
    }

    /**
     * See {@link FloatKernels#change}: lane-wise sums of {@code d − d} (not a number where {@code d} is not finite)
     * and of {@code |d|}, then the scalar tail.
     */
    static int change(float[] a, float[] b, int n) {
        int bound = S.loopBound(n);
        FloatVector nan = FloatVector.zero(S), mag = FloatVector.zero(S);
        for (int i = 0; i < bound; i += L) {
            FloatVector d = load(a, i).sub(load(b, i));
            nan = nan.add(d.sub(d));
            mag = mag.add(d.abs());
        }
        if (!nan.compare(VectorOperators.EQ, 0f).allTrue()) {
            return 2;
        }
        int state = mag.compare(VectorOperators.EQ, 0f).allTrue() ? 0 : 1;
        return FloatKernels.scalarChange(a, b, bound, n, state);
    }

    /** {@link #rows} of one vector. */
    static void rows(float[] p, int rows, int cols, float[] x, float[] y) {
        rows1(p, rows, cols, x, y);
    }

    /** See {@link FloatKernels#sparse}: the rows {@code nz[0..nnz)} only, two accumulators per full panel. */
    static void sparse(float[] p, int rows, int cols, float[] x, int[] nz, int nnz, float[] y) {
        int full = cols / PANEL * PANEL;
        for (int c = 0; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a0 = load(y, c), a1 = load(y, c + L);
            for (int k = 0; k < nnz; k++) {
                int r = nz[k], q = base + r * PANEL;
                FloatVector b = FloatVector.broadcast(S, x[r]);
                a0 = load(p, q).fma(b, a0);
                a1 = load(p, q + L).fma(b, a1);
            }
            a0.intoArray(y, c);
            a1.intoArray(y, c + L);
        }
        if (full < cols) {
            narrow1(p, rows, cols, full, x, nz, nnz, y);
        }
    }

    /** The narrow last panel of {@link #sparse}. */
    private static void narrow1(float[] p, int rows, int cols, int full, float[] x, int[] nz, int nnz, float[] y) {
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

    /** 4 vectors: 4×2 accumulators per full panel (see {@link #rows}). */
    private static void rows4(float[] p, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3) {
        int full = cols / PANEL * PANEL, c = 0;
        for (; c + 2 * PANEL <= full; c += 2 * PANEL) {
            pairs4(p, rows, c, x0, x1, x2, x3, y0, y1, y2, y3);
        }
        for (; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L);
            FloatVector a20 = load(y2, c), a21 = load(y2, c + L);
            FloatVector a30 = load(y3, c), a31 = load(y3, c + L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11);
                FloatVector b2 = FloatVector.broadcast(S, x2[r]);
                a20 = w0.fma(b2, a20); a21 = w1.fma(b2, a21);
                FloatVector b3 = FloatVector.broadcast(S, x3[r]);
                a30 = w0.fma(b3, a30); a31 = w1.fma(b3, a31);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L);
            a20.intoArray(y2, c); a21.intoArray(y2, c + L);
            a30.intoArray(y3, c); a31.intoArray(y3, c + L);
        }
        if (full < cols) {
            narrow4(p, rows, cols, full, x0, x1, x2, x3, y0, y1, y2, y3);
        }
    }

    /** Two full panels of four vectors at once: 4×4 accumulators, sixteen independent fma chains per row. */
    private static void pairs4(float[] p, int rows, int c, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3) {
        int base = c * rows, base2 = base + PANEL * rows, d = c + PANEL;
        FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, d), a03 = load(y0, d + L);
        FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, d), a13 = load(y1, d + L);
        FloatVector a20 = load(y2, c), a21 = load(y2, c + L), a22 = load(y2, d), a23 = load(y2, d + L);
        FloatVector a30 = load(y3, c), a31 = load(y3, c + L), a32 = load(y3, d), a33 = load(y3, d + L);
        for (int r = 0; r < rows; r++) {
            int q = base + r * PANEL, q2 = base2 + r * PANEL;
            FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q2), w3 = load(p, q2 + L);
            FloatVector b = FloatVector.broadcast(S, x0[r]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            a02 = w2.fma(b, a02);
            a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(S, x1[r]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            a12 = w2.fma(b, a12);
            a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(S, x2[r]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            a22 = w2.fma(b, a22);
            a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(S, x3[r]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
            a32 = w2.fma(b, a32);
            a33 = w3.fma(b, a33);
        }
        a00.intoArray(y0, c);
        a01.intoArray(y0, c + L);
        a02.intoArray(y0, d);
        a03.intoArray(y0, d + L);
        a10.intoArray(y1, c);
        a11.intoArray(y1, c + L);
        a12.intoArray(y1, d);
        a13.intoArray(y1, d + L);
        a20.intoArray(y2, c);
        a21.intoArray(y2, c + L);
        a22.intoArray(y2, d);
        a23.intoArray(y2, d + L);
        a30.intoArray(y3, c);
        a31.intoArray(y3, c + L);
        a32.intoArray(y3, d);
        a33.intoArray(y3, d + L);
    }

    /** The narrow last panel of {@link #rows4}: columns {@code full..cols}, one vector at a time. */
    private static void narrow4(float[] p, int rows, int cols, int full, float[] x0, float[] x1, float[] x2,
            float[] x3, float[] y0, float[] y1, float[] y2, float[] y3) {
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

    /** 3 vectors: 3×2 accumulators per full panel (see {@link #rows}). */
    private static void rows3(float[] p, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] y0,
            float[] y1, float[] y2) {
        int full = cols / PANEL * PANEL, c = 0;
        for (; c + 2 * PANEL <= full; c += 2 * PANEL) {
            pairs3(p, rows, c, x0, x1, x2, y0, y1, y2);
        }
        for (; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L);
            FloatVector a20 = load(y2, c), a21 = load(y2, c + L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11);
                FloatVector b2 = FloatVector.broadcast(S, x2[r]);
                a20 = w0.fma(b2, a20); a21 = w1.fma(b2, a21);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L);
            a20.intoArray(y2, c); a21.intoArray(y2, c + L);
        }
        if (full < cols) {
            narrow3(p, rows, cols, full, x0, x1, x2, y0, y1, y2);
        }
    }

    /**
     * Two full panels (columns {@code c .. c + 2·PANEL}) of three vectors at once: 3×4 accumulators, twelve
     * independent fma chains per row (more than the fma pipelines hold in flight).
     */
    private static void pairs3(float[] p, int rows, int c, float[] x0, float[] x1, float[] x2, float[] y0,
            float[] y1, float[] y2) {
        int base = c * rows, base2 = base + PANEL * rows, d = c + PANEL;
        FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, d), a03 = load(y0, d + L);
        FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, d), a13 = load(y1, d + L);
        FloatVector a20 = load(y2, c), a21 = load(y2, c + L), a22 = load(y2, d), a23 = load(y2, d + L);
        for (int r = 0; r < rows; r++) {
            int q = base + r * PANEL, q2 = base2 + r * PANEL;
            FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q2), w3 = load(p, q2 + L);
            FloatVector b = FloatVector.broadcast(S, x0[r]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            a02 = w2.fma(b, a02);
            a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(S, x1[r]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            a12 = w2.fma(b, a12);
            a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(S, x2[r]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            a22 = w2.fma(b, a22);
            a23 = w3.fma(b, a23);
        }
        a00.intoArray(y0, c);
        a01.intoArray(y0, c + L);
        a02.intoArray(y0, d);
        a03.intoArray(y0, d + L);
        a10.intoArray(y1, c);
        a11.intoArray(y1, c + L);
        a12.intoArray(y1, d);
        a13.intoArray(y1, d + L);
        a20.intoArray(y2, c);
        a21.intoArray(y2, c + L);
        a22.intoArray(y2, d);
        a23.intoArray(y2, d + L);
    }

    /** The narrow last panel of {@link #rows3}: columns {@code full..cols}, one vector at a time. */
    private static void narrow3(float[] p, int rows, int cols, int full, float[] x0, float[] x1, float[] x2,
            float[] y0, float[] y1, float[] y2) {
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

    /** 2 vectors: 2×2 accumulators per full panel (see {@link #rows}). */
    private static void rows2(float[] p, int rows, int cols, float[] x0, float[] x1, float[] y0, float[] y1) {
        int full = cols / PANEL * PANEL, c = 0;
        for (; c + 2 * PANEL <= full; c += 2 * PANEL) {
            pairs2(p, rows, c, x0, x1, y0, y1);
        }
        for (; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L);
            FloatVector a10 = load(y1, c), a11 = load(y1, c + L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01);
                FloatVector b1 = FloatVector.broadcast(S, x1[r]);
                a10 = w0.fma(b1, a10); a11 = w1.fma(b1, a11);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L);
            a10.intoArray(y1, c); a11.intoArray(y1, c + L);
        }
        if (full < cols) {
            narrow2(p, rows, cols, full, x0, x1, y0, y1);
        }
    }

    /** Two full panels of two vectors at once: 2×4 accumulators, eight independent fma chains per row. */
    private static void pairs2(float[] p, int rows, int c, float[] x0, float[] x1, float[] y0, float[] y1) {
        int base = c * rows, base2 = base + PANEL * rows, d = c + PANEL;
        FloatVector a00 = load(y0, c), a01 = load(y0, c + L), a02 = load(y0, d), a03 = load(y0, d + L);
        FloatVector a10 = load(y1, c), a11 = load(y1, c + L), a12 = load(y1, d), a13 = load(y1, d + L);
        for (int r = 0; r < rows; r++) {
            int q = base + r * PANEL, q2 = base2 + r * PANEL;
            FloatVector w0 = load(p, q), w1 = load(p, q + L), w2 = load(p, q2), w3 = load(p, q2 + L);
            FloatVector b = FloatVector.broadcast(S, x0[r]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            a02 = w2.fma(b, a02);
            a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(S, x1[r]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            a12 = w2.fma(b, a12);
            a13 = w3.fma(b, a13);
        }
        a00.intoArray(y0, c);
        a01.intoArray(y0, c + L);
        a02.intoArray(y0, d);
        a03.intoArray(y0, d + L);
        a10.intoArray(y1, c);
        a11.intoArray(y1, c + L);
        a12.intoArray(y1, d);
        a13.intoArray(y1, d + L);
    }

    /** Four full panels of one vector at once: eight accumulators, eight independent fma chains per row. */
    private static void quads1(float[] p, int rows, int c, float[] x0, float[] y0) {
        int b0 = c * rows, step = PANEL * rows;
        FloatVector a0 = load(y0, c), a1 = load(y0, c + L), a2 = load(y0, c + 2 * L), a3 = load(y0, c + 3 * L);
        FloatVector a4 = load(y0, c + 4 * L), a5 = load(y0, c + 5 * L), a6 = load(y0, c + 6 * L);
        FloatVector a7 = load(y0, c + 7 * L);
        for (int r = 0; r < rows; r++) {
            int q = b0 + r * PANEL;
            FloatVector b = FloatVector.broadcast(S, x0[r]);
            a0 = load(p, q).fma(b, a0);
            a1 = load(p, q + L).fma(b, a1);
            a2 = load(p, q + step).fma(b, a2);
            a3 = load(p, q + step + L).fma(b, a3);
            a4 = load(p, q + 2 * step).fma(b, a4);
            a5 = load(p, q + 2 * step + L).fma(b, a5);
            a6 = load(p, q + 3 * step).fma(b, a6);
            a7 = load(p, q + 3 * step + L).fma(b, a7);
        }
        a0.intoArray(y0, c);
        a1.intoArray(y0, c + L);
        a2.intoArray(y0, c + 2 * L);
        a3.intoArray(y0, c + 3 * L);
        a4.intoArray(y0, c + 4 * L);
        a5.intoArray(y0, c + 5 * L);
        a6.intoArray(y0, c + 6 * L);
        a7.intoArray(y0, c + 7 * L);
    }

    /** The narrow last panel of {@link #rows2}: columns {@code full..cols}, one vector at a time. */
    private static void narrow2(float[] p, int rows, int cols, int full, float[] x0, float[] x1, float[] y0,
            float[] y1) {
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

    /** 1 vector: 1×2 accumulators per full panel (see {@link #rows}). */
    private static void rows1(float[] p, int rows, int cols, float[] x0, float[] y0) {
        int full = cols / PANEL * PANEL, c = 0;
        for (; c + 4 * PANEL <= full; c += 4 * PANEL) {
            quads1(p, rows, c, x0, y0);
        }
        for (; c < full; c += PANEL) {
            int base = c * rows;
            FloatVector a00 = load(y0, c), a01 = load(y0, c + L);
            for (int r = 0; r < rows; r++) {
                int q = base + r * PANEL;
                FloatVector w0 = load(p, q), w1 = load(p, q + L);
                FloatVector b0 = FloatVector.broadcast(S, x0[r]);
                a00 = w0.fma(b0, a00); a01 = w1.fma(b0, a01);
            }
            a00.intoArray(y0, c); a01.intoArray(y0, c + L);
        }
        if (full < cols) {
            narrow1(p, rows, cols, full, x0, y0);
        }
    }

    /** The narrow last panel of {@link #rows1}: columns {@code full..cols}, one vector at a time. */
    private static void narrow1(float[] p, int rows, int cols, int full, float[] x0, float[] y0) {
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

    /**
     * See {@link FloatKernels#sigmoidComplex}: the same operations lane-wise, in three passes over the vectors (each
     * pass small enough for C2 to keep its vectors in registers) with {@code e^(−a)} and the folded {@code b} in
     * {@code sr, si}, then the reduced argument and the quadrant, then {@code sin b, cos b}, in {@code t1, t2}; the
     * tail in scalar code. The caller has checked that every {@code |4·ui| ≤ TRIG_MAX}.
     */
    static void sigmoidComplex(float[] u, float[] ui, float[] sr, float[] si, int n, float[] t1, float[] t2) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            fold(u, ui, sr, si, i);
        }
        for (int i = 0; i < bound; i += L) {
            reduce(si, t1, t2, i);
        }
        for (int i = 0; i < bound; i += L) {
            sinCos(t1, t2, i);
        }
        for (int i = 0; i < bound; i += L) {
            combine(u, sr, si, t1, t2, i);
        }
        for (int i = bound; i < n; i++) {
            FloatKernels.sigmoidComplex(u[i], ui[i], sr, si, i);
        }
    }

    /** {@code a = 4u − 2}, {@code b = 4ui}, both negated where {@code a < 0}: {@code e^(−a)} into sr, {@code b} into si. */
    private static void fold(float[] u, float[] ui, float[] sr, float[] si, int i) {
        FloatVector a = load(u, i).fma(4f, -2f);
        FloatVector b = load(ui, i).mul(4f);
        VectorMask<Float> flip = a.compare(VectorOperators.LT, 0f);
        a = a.blend(a.neg(), flip);
        b.blend(b.neg(), flip).intoArray(si, i);
        exp(a.neg()).intoArray(sr, i);
    }

    /** {@code b = k·π/2 + r}: {@code r} into t1, {@code k + 1.5·2^23} (k in its low mantissa bits) into t2. */
    private static void reduce(float[] b, float[] t1, float[] t2, int i) {
        FloatVector x = load(b, i);
        FloatVector t = x.fma(FloatKernels.TWO_OVER_PI, FloatKernels.ROUND);
        FloatVector nk = t.sub(FloatKernels.ROUND).neg();
        FloatVector r = nk.fma(c(FloatKernels.PIO2_1), x);
        r = nk.fma(c(FloatKernels.PIO2_2), r);
        nk.fma(c(FloatKernels.PIO2_3), r).intoArray(t1, i);
        t.intoArray(t2, i);
    }

    /**
     * {@code sin b} into t1 and {@code cos b} into t2 from {@code r} and {@code k}: the polynomials, swapped where
     * {@code k} is odd, their signs flipped by xor (in the integer domain, where C2 keeps the lanes in registers).
     */
    private static void sinCos(float[] t1, float[] t2, int i) {
        FloatVector r = load(t1, i);
        IntVector k = ((IntVector) load(t2, i).reinterpretAsInts()).sub(FloatKernels.ROUND_BITS);
        FloatVector r2 = r.mul(r);
        FloatVector ps = c(FloatKernels.S9).fma(r2, c(FloatKernels.S7)).fma(r2, c(FloatKernels.S5))
                .fma(r2, c(FloatKernels.S3));
        IntVector sn = (IntVector) ps.mul(r2).fma(r, r).reinterpretAsInts();
        FloatVector pc = c(FloatKernels.K10).fma(r2, c(FloatKernels.K8)).fma(r2, c(FloatKernels.K6))
                .fma(r2, c(FloatKernels.K4)).fma(r2, c(FloatKernels.K2));
        IntVector cs = (IntVector) pc.fma(r2, c(1f)).reinterpretAsInts();
        VectorMask<Integer> odd = k.and(1).compare(VectorOperators.NE, 0);
        IntVector sin = sn.blend(cs, odd), cos = cs.blend(sn, odd);
        sin.lanewise(VectorOperators.XOR, k.and(2).lanewise(VectorOperators.LSHL, 30)).reinterpretAsFloats()
                .intoArray(t1, i);
        cos.lanewise(VectorOperators.XOR, k.add(1).and(2).lanewise(VectorOperators.LSHL, 30)).reinterpretAsFloats()
                .intoArray(t2, i);
    }

    /** {@code p = 1 + e·cos b}, {@code q = e·sin b}, {@code σ = (p + iq)/(p² + q²)}, unfolded where {@code a < 0}. */
    private static void combine(float[] u, float[] sr, float[] si, float[] sin, float[] cos, int i) {
        FloatVector e = load(sr, i);
        FloatVector p = e.fma(load(cos, i), c(1f)), q = e.mul(load(sin, i));
        FloatVector d = p.fma(p, q.mul(q));
        FloatVector x = p.div(d), y = q.div(d);
        VectorMask<Float> flip = load(u, i).fma(4f, -2f).compare(VectorOperators.LT, 0f);
        x.blend(c(1f).sub(x), flip).intoArray(sr, i);
        y.blend(y.neg(), flip).intoArray(si, i);
    }

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
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
