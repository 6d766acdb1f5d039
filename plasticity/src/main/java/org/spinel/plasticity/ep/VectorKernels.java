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

    /** See {@link FloatKernels#axpyRows}: the same fma chain per element, four rows per pass over {@code y}. */
    static void axpyRows(float[] m, int rows, int cols, float[] x, float[] y) {
        int bound = S.loopBound(cols);
        int r = 0;
        while (r < rows) {
            // gather up to four non-zero rows, in order
            int r0 = -1, r1 = -1, r2 = -1, r3 = -1;
            for (; r < rows && r3 < 0; r++) {
                if (x[r] != 0f) {
                    if (r0 < 0) {
                        r0 = r;
                    } else if (r1 < 0) {
                        r1 = r;
                    } else if (r2 < 0) {
                        r2 = r;
                    } else {
                        r3 = r;
                    }
                }
            }
            if (r0 < 0) {
                return;
            }
            if (r3 >= 0) {
                FloatVector a0 = FloatVector.broadcast(S, x[r0]), a1 = FloatVector.broadcast(S, x[r1]);
                FloatVector a2 = FloatVector.broadcast(S, x[r2]), a3 = FloatVector.broadcast(S, x[r3]);
                int o0 = r0 * cols, o1 = r1 * cols, o2 = r2 * cols, o3 = r3 * cols;
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector acc = FloatVector.fromArray(S, y, i);
                    acc = FloatVector.fromArray(S, m, o0 + i).fma(a0, acc);
                    acc = FloatVector.fromArray(S, m, o1 + i).fma(a1, acc);
                    acc = FloatVector.fromArray(S, m, o2 + i).fma(a2, acc);
                    acc = FloatVector.fromArray(S, m, o3 + i).fma(a3, acc);
                    acc.intoArray(y, i);
                }
                float b0 = x[r0], b1 = x[r1], b2 = x[r2], b3 = x[r3];
                for (; i < cols; i++) {
                    y[i] = Math.fma(m[o3 + i], b3, Math.fma(m[o2 + i], b2,
                            Math.fma(m[o1 + i], b1, Math.fma(m[o0 + i], b0, y[i]))));
                }
            } else {
                row(m, cols, bound, x[r0], r0, y);
                if (r1 >= 0) {
                    row(m, cols, bound, x[r1], r1, y);
                }
                if (r2 >= 0) {
                    row(m, cols, bound, x[r2], r2, y);
                }
            }
        }
    }

    private static void row(float[] m, int cols, int bound, float b, int q, float[] y) {
        FloatVector a = FloatVector.broadcast(S, b);
        int o = q * cols;
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, m, o + i).fma(a, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < cols; i++) {
            y[i] = Math.fma(m[o + i], b, y[i]);
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
