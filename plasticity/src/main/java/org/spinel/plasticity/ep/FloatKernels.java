package org.spinel.plasticity.ep;

/**
 * The dense float kernels of the relaxation: {@code y += Σ_r x[r]·m[r·cols .. r·cols + cols)} (a matrix–vector
 * product in axpy form, rows skipped where {@code x[r] = 0}). Every output element is one chain of fused
 * multiply-adds over the rows in order, {@code y_i ← fma(m_ri, x_r, y_i)}, so the vector implementation
 * ({@code jdk.incubator.vector}, used when the JVM runs with {@code --add-modules jdk.incubator.vector}) and the
 * scalar one ({@link Math#fma}) give the same bits; the launcher and the tests enable the module.
 */
final class FloatKernels {
    /** Whether the vector implementation is in use. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("spinel.scalarKernels");

    private FloatKernels() {
    }

    /** {@code y[0..cols) += Σ_r x[r]·m[r·cols + i]} over all {@code rows} rows. */
    static void axpyRows(float[] m, int rows, int cols, float[] x, float[] y) {
        if (VECTOR) {
            VectorKernels.axpyRows(m, rows, cols, x, y, false);
        } else {
            scalarAxpyRows(m, rows, cols, x, y, false);
        }
    }

    /** {@link #axpyRows} skipping the rows where {@code x[r] = 0} (a sparse input such as an image's background). */
    static void axpyRowsSparse(float[] m, int rows, int cols, float[] x, float[] y) {
        if (VECTOR) {
            VectorKernels.axpyRows(m, rows, cols, x, y, true);
        } else {
            scalarAxpyRows(m, rows, cols, x, y, true);
        }
    }

    /** {@link #axpyRows} for four vectors at once: {@code yk += Σ_r xk[r]·m[r]}, each element the same chain. */
    static void axpyRows4(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] x3, float[] y0,
            float[] y1, float[] y2, float[] y3) {
        if (VECTOR) {
            VectorKernels.axpyRows4(m, rows, cols, x0, x1, x2, x3, y0, y1, y2, y3);
        } else {
            scalarAxpyRows(m, rows, cols, x0, y0, false);
            scalarAxpyRows(m, rows, cols, x1, y1, false);
            scalarAxpyRows(m, rows, cols, x2, y2, false);
            scalarAxpyRows(m, rows, cols, x3, y3, false);
        }
    }

    /** {@link #axpyRows} for three vectors at once. */
    static void axpyRows3(float[] m, int rows, int cols, float[] x0, float[] x1, float[] x2, float[] y0, float[] y1,
            float[] y2) {
        if (VECTOR) {
            VectorKernels.axpyRows3(m, rows, cols, x0, x1, x2, y0, y1, y2);
        } else {
            scalarAxpyRows(m, rows, cols, x0, y0, false);
            scalarAxpyRows(m, rows, cols, x1, y1, false);
            scalarAxpyRows(m, rows, cols, x2, y2, false);
        }
    }

    /** The scalar form of {@link #axpyRows} (and, with {@code skipZeros}, of {@link #axpyRowsSparse}). */
    static void scalarAxpyRows(float[] m, int rows, int cols, float[] x, float[] y, boolean skipZeros) {
        for (int r = 0; r < rows; r++) {
            float a = x[r];
            if (skipZeros && a == 0f) {
                continue;
            }
            int o = r * cols;
            for (int i = 0; i < cols; i++) {
                y[i] = Math.fma(m[o + i], a, y[i]);
            }
        }
    }

    // exp by Cody–Waite range reduction x = n·ln2 + r and a degree-6 Taylor polynomial of e^r on |r| <= ln2/2
    // (error ~1 ulp in float), 2^n by exponent bits: only IEEE add, mul, fma and exact conversions, so the scalar and
    // the vector form give the same bits on every machine.
    static final float LOG2E = 1.44269504f, LN2_HI = 0.693145752f, LN2_LO = 1.42860677e-6f, ROUND = 12582912f;
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720;
    static final float X_MIN = -87f, X_MAX = 88f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /** {@code e^x} for float {@code x} (clamped to [−87, 88]), the portable form of the class comment. */
    static float exp(float x) {
        x = Math.min(Math.max(x, X_MIN), X_MAX);
        float t = Math.fma(x, LOG2E, ROUND);
        float nf = t - ROUND; // x·log2e rounded to the nearest integer
        float r = Math.fma(-nf, LN2_HI, x);
        r = Math.fma(-nf, LN2_LO, r);
        float p = Math.fma(C6, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
    }

    /** {@code σ(4z − 2) = 1/(1 + e^(2 − 4z))}. */
    static float sigmoid(float z) {
        return 1f / (1f + exp(Math.fma(z, -4f, 2f)));
    }

    /** {@code tanh z = 2/(1 + e^(−2z)) − 1}. */
    static float tanh(float z) {
        return 2f / (1f + exp(-2f * z)) - 1f;
    }

    /** {@code s[i] = ρ(u[i])} for {@code i < n}. */
    static void activate(RateActivation act, float[] u, float[] s, int n) {
        if (VECTOR && act != RateActivation.HARD_SIGMOID) {
            VectorKernels.activate(act == RateActivation.SIGMOID, u, s, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            s[i] = act.apply(u[i]);
        }
    }

    /** Whether the kernels run vectorised, as a line for logs. */
    static String describe() {
        return VECTOR ? "vector (jdk.incubator.vector)"
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for the vector kernels)";
    }
}
