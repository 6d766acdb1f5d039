package org.spinel.plasticity.ep;

/**
 * A float copy of one dense weight block for the relaxation kernels, in both layouts: {@code a = [pre][post]} (the
 * block's) and its transpose {@code t = [post][pre]}, so that both directions of a product are axpy passes over
 * contiguous rows. Rows are padded with zeros to a multiple of {@link #PAD} columns, so that every product runs in
 * full vector blocks; the vectors a product writes must have the padded length ({@link #pad}), the padding stays 0.
 */
final class FloatBlock {
    /** Column padding: a multiple of every vector width in floats (so the layout is the same on every machine). */
    static final int PAD = 16;
    final int pre, post, prePad, postPad;
    final float[] a, t;

    FloatBlock(int pre, int post) {
        this.pre = pre;
        this.post = post;
        this.prePad = pad(pre);
        this.postPad = pad(post);
        a = new float[pre * postPad];
        t = new float[post * prePad];
    }

    /** {@code n} rounded up to a multiple of {@link #PAD}. */
    static int pad(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }

    /** Copies the block's weights {@code w ([pre][post])} to float, both layouts. */
    void load(double[] w) {
        for (int j = 0; j < pre; j++) {
            for (int i = 0; i < post; i++) {
                float v = (float) w[j * post + i];
                a[j * postPad + i] = v;
                t[i * prePad + j] = v;
            }
        }
    }

    /** {@code y[post] += Σ_j x[j]·w[j][·]}: the block applied to presynaptic values. */
    void forward(float[] x, float[] y) {
        FloatKernels.axpyRows(a, pre, postPad, x, y);
    }

    /** {@link #forward} skipping zero inputs (the clamped input's drive). */
    void forwardSparse(float[] x, float[] y) {
        FloatKernels.axpyRowsSparse(a, pre, postPad, x, y);
    }

    /** {@link #forward} of four vectors, each with the bits {@link #forward} gives it. */
    void forward4(float[] x0, float[] x1, float[] x2, float[] x3, float[] y0, float[] y1, float[] y2, float[] y3) {
        FloatKernels.axpyRows4(a, pre, postPad, x0, x1, x2, x3, y0, y1, y2, y3);
    }

    /** {@link #forward} of three vectors. */
    void forward3(float[] x0, float[] x1, float[] x2, float[] y0, float[] y1, float[] y2) {
        FloatKernels.axpyRows3(a, pre, postPad, x0, x1, x2, y0, y1, y2);
    }

    /** {@link #backward} of three vectors. */
    void backward3(float[] x0, float[] x1, float[] x2, float[] y0, float[] y1, float[] y2) {
        FloatKernels.axpyRows3(t, post, prePad, x0, x1, x2, y0, y1, y2);
    }

    /** {@code y[pre] += Σ_i x[i]·w[·][i]}: the transposed block applied to postsynaptic values. */
    void backward(float[] x, float[] y) {
        FloatKernels.axpyRows(t, post, prePad, x, y);
    }

    /** {@link #backward} of four vectors. */
    void backward4(float[] x0, float[] x1, float[] x2, float[] x3, float[] y0, float[] y1, float[] y2, float[] y3) {
        FloatKernels.axpyRows4(t, post, prePad, x0, x1, x2, x3, y0, y1, y2, y3);
    }
}
