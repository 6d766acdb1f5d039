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

    /** {@code y[0..cols) += Σ_r x[r]·m[r·cols + i]} over {@code rows} rows. */
    static void axpyRows(float[] m, int rows, int cols, float[] x, float[] y) {
        if (VECTOR) {
            VectorKernels.axpyRows(m, rows, cols, x, y);
        } else {
            scalarAxpyRows(m, rows, cols, x, y, 0);
        }
    }

    /** The scalar form of {@link #axpyRows} on columns {@code from..cols}. */
    static void scalarAxpyRows(float[] m, int rows, int cols, float[] x, float[] y, int from) {
        for (int r = 0; r < rows; r++) {
            float a = x[r];
            if (a == 0f) {
                continue;
            }
            int o = r * cols;
            for (int i = from; i < cols; i++) {
                y[i] = Math.fma(m[o + i], a, y[i]);
            }
        }
    }

    /** Whether the kernels run vectorised, as a line for logs. */
    static String describe() {
        return VECTOR ? "vector (jdk.incubator.vector)"
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for the vector kernels)";
    }
}
