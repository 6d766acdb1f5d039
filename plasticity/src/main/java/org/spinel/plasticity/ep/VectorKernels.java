package org.spinel.plasticity.ep;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The {@code jdk.incubator.vector} form of {@link FloatKernels}; loaded only when that module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    /**
     * See {@link FloatKernels#axpyRows}: column blocks outside, rows inside, the accumulator in a register; the last
     * block masked. Each element is {@code fma(m[r][i], x[r], acc)} over {@code r} ascending, as in the scalar form.
     */
    static void axpyRows(float[] m, int rows, int cols, float[] x, float[] y, boolean skipZeros) {
        for (int i = 0; i < cols; i += S.length()) {
            VectorMask<Float> in = S.indexInRange(i, cols);
            FloatVector acc = FloatVector.fromArray(S, y, i, in);
            for (int r = 0, o = i; r < rows; r++, o += cols) {
                float a = x[r];
                if (skipZeros && a == 0f) {
                    continue;
                }
                acc = FloatVector.fromArray(S, m, o, in).fma(FloatVector.broadcast(S, a), acc);
            }
            acc.intoArray(y, i, in);
        }
    }

    /** See {@link FloatKernels#axpyRows4}: each row block loaded once for four vectors. */
    static void axpyRows4(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3, float[] y0,
            float[] y1, float[] y2, float[] y3) {
        for (int i = 0; i < cols; i += S.length()) {
            VectorMask<Float> in = S.indexInRange(i, cols);
            FloatVector a0 = FloatVector.fromArray(S, y0, i, in), a1 = FloatVector.fromArray(S, y1, i, in);
            FloatVector a2 = FloatVector.fromArray(S, y2, i, in), a3 = FloatVector.fromArray(S, y3, i, in);
            for (int r = 0, o = i; r < rows; r++, o += cols) {
                FloatVector w = FloatVector.fromArray(S, m, o, in);
                a0 = w.fma(FloatVector.broadcast(S, x0[r]), a0);
                a1 = w.fma(FloatVector.broadcast(S, x1[r]), a1);
                a2 = w.fma(FloatVector.broadcast(S, x2[r]), a2);
                a3 = w.fma(FloatVector.broadcast(S, x3[r]), a3);
            }
            a0.intoArray(y0, i, in);
            a1.intoArray(y1, i, in);
            a2.intoArray(y2, i, in);
            a3.intoArray(y3, i, in);
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
