package org.spinel.plasticity.ep;

/**
 * The dense float kernels of the relaxation: {@code y += Σ_r x[r]·m[r][·]} (a matrix–vector product in axpy form)
 * for several vectors {@code x} at once through one matrix, and its sparse form that visits only listed rows (an
 * image's non-zero pixels). The matrix is {@linkplain #pack packed} in column panels of {@link #PANEL} columns
 * (row-major inside a panel), so that a kernel streams contiguous memory and keeps a panel's accumulators in
 * registers over all rows. Every output element is one chain of fused multiply-adds over the rows in ascending
 * order, {@code y_i ← fma(m_ri, x_r, y_i)}, whatever the number of vectors, so the vector implementation
 * ({@code jdk.incubator.vector}, used when the JVM runs with {@code --add-modules jdk.incubator.vector}) and the
 * scalar one ({@link Math#fma}) give the same bits, and so does a vector computed alone or with others; the
 * launcher and the tests enable the module.
 */
final class FloatKernels {
    /** Whether the vector implementation is in use. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("spinel.scalarKernels");
    /**
     * The panel width of the packed layout (two vectors of the machine's preferred width; 32 for the scalar
     * kernels): a divisor of {@link FloatBlock#PAD} or a multiple of it. The layout varies by machine, the
     * arithmetic does not.
     */
    static final int PANEL = VECTOR ? VectorKernels.PANEL : 32;

    private FloatKernels() {
    }

    /**
     * Where element {@code (r, c)} of a {@code rows × cols} matrix lies in its packed form: the columns in panels of
     * {@code panel} (the last one, of the remaining {@code cols mod panel} columns, narrower), the panel starting at
     * column {@code c0} at offset {@code c0·rows}, row-major inside a panel.
     */
    static int index(int rows, int cols, int panel, int r, int c) {
        int full = cols / panel * panel;
        int c0 = c < full ? c / panel * panel : full;
        int w = c < full ? panel : cols - full;
        return c0 * rows + r * w + (c - c0);
    }

    /** {@link #index} with this machine's {@link #PANEL}. */
    static int index(int rows, int cols, int r, int c) {
        return index(rows, cols, PANEL, r, c);
    }

    /**
     * {@code y[k][0..cols) += Σ_r x[k][r]·m(r, ·)} for {@code k < count}, {@code m} the packed {@code rows × cols}
     * matrix {@code p} ({@code cols} a multiple of {@link FloatBlock#PAD}).
     */
    static void rows(float[] p, int rows, int cols, float[][] x, float[][] y, int count) {
        if (VECTOR) {
            VectorKernels.rows(p, rows, cols, x, y, count);
        } else {
            for (int k = 0; k < count; k++) {
                scalarRows(p, rows, cols, PANEL, x[k], y[k], null, rows);
            }
        }
    }

    /** {@link #rows} of one vector. */
    static void rows(float[] p, int rows, int cols, float[] x, float[] y) {
        if (VECTOR) {
            VectorKernels.rows(p, rows, cols, x, y);
        } else {
            scalarRows(p, rows, cols, PANEL, x, y, null, rows);
        }
    }

    /** {@link #rows} of one vector over the rows {@code nz[0..nnz)} only (ascending; the rows where x is not 0). */
    static void sparse(float[] p, int rows, int cols, float[] x, int[] nz, int nnz, float[] y) {
        if (VECTOR) {
            VectorKernels.sparse(p, rows, cols, x, nz, nnz, y);
        } else {
            scalarRows(p, rows, cols, PANEL, x, y, nz, nnz);
        }
    }

    /**
     * The scalar form of {@link #rows} (all rows when {@code nz} is null) and of {@link #sparse}, for a matrix
     * packed with panel width {@code panel}.
     */
    static void scalarRows(float[] p, int rows, int cols, int panel, float[] x, float[] y, int[] nz, int nnz) {
        int full = cols / panel * panel, w = cols - full;
        for (int k = 0; k < nnz; k++) {
            int r = nz == null ? k : nz[k];
            float a = x[r];
            for (int c0 = 0; c0 < full; c0 += panel) {
                for (int j = 0, q = c0 * rows + r * panel; j < panel; j++) {
                    y[c0 + j] = Math.fma(p[q + j], a, y[c0 + j]);
                }
            }
            for (int j = 0, q = full * rows + r * w; j < w; j++) {
                y[full + j] = Math.fma(p[q + j], a, y[full + j]);
            }
        }
    }

    /**
     * Packs the row-major {@code rows × cols} matrix {@code m} (row stride {@code stride} ≥ cols) into {@code p}
     * ({@link #index}; the columns {@code cols..padCols) zero).
     */
    static void pack(float[] m, int rows, int cols, int stride, int padCols, float[] p) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < padCols; c++) {
                p[index(rows, padCols, r, c)] = c < cols ? m[r * stride + c] : 0f;
            }
        }
    }

    /** The indices of the non-zero values of {@code x[0..n)} into {@code nz}, ascending; returns their count. */
    static int nonZeros(float[] x, int n, int[] nz) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] != 0f) {
                nz[k++] = i;
            }
        }
        return k;
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

    // sin and cos of |b| <= TRIG_MAX by Cody–Waite reduction b = k·π/2 + r (|r| <= π/4, π/2 in three parts) and
    // Taylor polynomials of degree 9 (sin) and 10 (cos), the quadrant from k's low bits: add, mul, fma and exact
    // conversions only, as exp. Beyond TRIG_MAX (a diverged state) both forms take the double path of sigmoidComplex.
    static final float TWO_OVER_PI = 0.636619772f, PIO2_1 = 1.5703125f, PIO2_2 = 4.83751297e-4f,
            PIO2_3 = 7.54978995e-8f, TRIG_MAX = 8192f;
    static final float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880;
    static final float K2 = -1f / 2, K4 = 1f / 24, K6 = -1f / 720, K8 = 1f / 40320, K10 = -1f / 3628800;

    /**
     * {@code σ(4z − 2)} of {@code z = re + i·im} in float into {@code sr[i]}, {@code si[i]}: with {@code w = a + ib
     * = 4z − 2}, folded to {@code a ≥ 0} by {@code σ(w) = 1 − σ(−w)}, {@code 1 + e^(−w) = p − iq} where
     * {@code p = 1 + e^(−a) cos b}, {@code q = e^(−a) sin b}, and {@code σ(w) = (p + iq)/(p² + q²)}.
     */
    static void sigmoidComplex(float re, float im, float[] sr, float[] si, int i) {
        float a = Math.fma(re, 4f, -2f), b = 4f * im;
        boolean flip = a < 0f;
        if (flip) {
            a = -a;
            b = -b;
        }
        float e = exp(-a), c, s;
        if (Math.abs(b) <= TRIG_MAX) {
            float t = Math.fma(b, TWO_OVER_PI, ROUND);
            float kf = t - ROUND;
            int k = Float.floatToRawIntBits(t) - ROUND_BITS;
            float r = Math.fma(-kf, PIO2_1, b);
            r = Math.fma(-kf, PIO2_2, r);
            r = Math.fma(-kf, PIO2_3, r);
            float r2 = r * r;
            float ps = Math.fma(Math.fma(Math.fma(S9, r2, S7), r2, S5), r2, S3);
            float sn = Math.fma(ps * r2, r, r);
            float pc = Math.fma(Math.fma(Math.fma(Math.fma(K10, r2, K8), r2, K6), r2, K4), r2, K2);
            float cs = Math.fma(pc, r2, 1f);
            s = (k & 1) == 0 ? sn : cs;
            c = (k & 1) == 0 ? cs : sn;
            s = (k & 2) == 0 ? s : -s;
            c = ((k + 1) & 2) == 0 ? c : -c;
        } else {
            c = (float) Math.cos(b);
            s = (float) Math.sin(b);
        }
        float p = Math.fma(e, c, 1f), q = e * s;
        float d = Math.fma(p, p, q * q);
        float x = p / d, y = q / d;
        sr[i] = flip ? 1f - x : x;
        si[i] = flip ? -y : y;
    }

    /**
     * {@code ρ(u + i·ui)} into {@code s, si} for {@code i < n}: the float kernels for the sigmoid (the same bits
     * vectorised or not; {@code t1, t2} scratch of at least {@code n} values), {@link RateActivation#applyComplex}
     * otherwise.
     */
    static void activateComplex(RateActivation act, float[] u, float[] ui, float[] s, float[] si, int n, float[] t1,
            float[] t2) {
        if (act == RateActivation.SIGMOID) {
            boolean inRange = true;
            for (int i = 0; i < n; i++) {
                inRange &= Math.abs(4f * ui[i]) <= TRIG_MAX;
            }
            if (VECTOR && inRange) {
                VectorKernels.sigmoidComplex(u, ui, s, si, n, t1, t2);
            } else {
                for (int i = 0; i < n; i++) {
                    sigmoidComplex(u[i], ui[i], s, si, i);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            act.applyComplex(u[i], ui[i], s, i, si);
        }
    }

    /**
     * How {@code a[0..n)} differs from {@code b[0..n)} by the float differences {@code a[i] − b[i]}: 0 if all are
     * 0, 2 if one is not finite, 1 otherwise.
     */
    static int change(float[] a, float[] b, int n) {
        if (VECTOR) {
            return VectorKernels.change(a, b, n);
        }
        return scalarChange(a, b, 0, n, 0);
    }

    /** The scalar form of {@link #change} over {@code from..n}, given the state of the elements before. */
    static int scalarChange(float[] a, float[] b, int from, int n, int state) {
        for (int i = from; i < n; i++) {
            float d = a[i] - b[i];
            if (!Float.isFinite(d)) {
                return 2;
            }
            if (d != 0f) {
                state = 1;
            }
        }
        return state;
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
