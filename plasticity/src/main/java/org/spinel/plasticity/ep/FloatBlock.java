package org.spinel.plasticity.ep;

/**
 * A float copy of one dense weight block for the relaxation kernels, in both orientations: {@code a}, the block's
 * {@code [pre][post]} matrix, and {@code t}, its transpose {@code [post][pre]}, so that both directions of a product
 * are axpy passes; each is {@linkplain FloatKernels#pack packed} in column panels with its columns padded with zeros
 * to a multiple of {@link #PAD}, so that every product runs in full vector blocks. The vectors a product writes must
 * have the padded length ({@link #pad}); the padding stays 0.
 */
final class FloatBlock {
    /** Column padding: a multiple of every vector width in floats (so the padded sizes are the same on every machine). */
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

    /** Copies the block's weights {@code w ([pre][post])} to float, both orientations. */
    void load(double[] w) {
        for (int j = 0; j < pre; j++) {
            for (int i = 0; i < post; i++) {
                float v = (float) w[j * post + i];
                a[FloatKernels.index(pre, postPad, j, i)] = v;
                t[FloatKernels.index(post, prePad, i, j)] = v;
            }
        }
    }

    /** {@code y[post] += Σ_j x[j]·w[j][·]}: the block applied to presynaptic values. */
    void forward(float[] x, float[] y) {
        FloatKernels.rows(a, pre, postPad, x, y);
    }

    /** {@link #forward} of {@code x[k]} into {@code y[k]} for {@code k < count}, each with the bits it has alone. */
    void forward(float[][] x, float[][] y, int count) {
        FloatKernels.rows(a, pre, postPad, x, y, count);
    }

    /** {@link #forward} over the inputs {@code nz[0..nnz)} only (the non-zero ones: the clamped input's drive). */
    void forwardSparse(float[] x, int[] nz, int nnz, float[] y) {
        FloatKernels.sparse(a, pre, postPad, x, nz, nnz, y);
    }

    /** {@code y[pre] += Σ_i x[i]·w[·][i]}: the transposed block applied to postsynaptic values. */
    void backward(float[] x, float[] y) {
        FloatKernels.rows(t, post, prePad, x, y);
    }

    /** {@link #backward} of {@code x[k]} into {@code y[k]} for {@code k < count}. */
    void backward(float[][] x, float[][] y, int count) {
        FloatKernels.rows(t, post, prePad, x, y, count);
    }
}
