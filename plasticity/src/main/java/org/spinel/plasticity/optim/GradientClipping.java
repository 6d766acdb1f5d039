package org.spinel.plasticity.optim;

import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Gradient clipping over one or more gradient blocks, in place, before the optimizer step.
 * <ul>
 *   <li>{@link #byGlobalNorm}: if the L2 norm of all blocks together, ‖g‖ = √(Σ_blocks Σ_i g_i²), exceeds
 *       {@code maxNorm}, every gradient is scaled by {@code maxNorm/‖g‖} (Pascanu, Mikolov &amp; Bengio 2013), so
 *       the direction is kept and the clipped norm is exactly {@code maxNorm} (up to float rounding). PyTorch's
 *       {@code clip_grad_norm_} divides by {@code ‖g‖ + 1e-6}; here there is no such offset.</li>
 *   <li>{@link #byValue}: each component is clamped to {@code [−limit, limit]}.</li>
 * </ul>
 * Sums are accumulated in double. A gradient containing NaN or an infinity is reported as an error rather than
 * silently spread through the parameters.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global L2 norm of the blocks (accumulated in double). */
    public static double globalNorm(float[]... grads) {
        double s = 0;
        for (float[] g : grads) {
            for (float x : g) {
                s += (double) x * x;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Scales all blocks by {@code maxNorm/‖g‖} when their global L2 norm ‖g‖ exceeds {@code maxNorm}.
     *
     * @param maxNorm finite, &gt; 0
     * @return the global norm before clipping (for logging)
     * @throws IllegalArgumentException if the gradient holds NaN or an infinity, or maxNorm is not &gt; 0
     */
    public static double byGlobalNorm(double maxNorm, float[]... grads) {
        Check.positive("gradientClipping.maxNorm", maxNorm, "");
        double norm = globalNorm(grads);
        if (!Double.isFinite(norm)) {
            throw new ParameterException("gradient clipping: the gradient's global L2 norm is " + norm
                    + " (it holds NaN or an infinity)");
        }
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (float[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (g[i] * scale);
                }
            }
        }
        return norm;
    }

    /**
     * Clamps every component of every block to {@code [−limit, limit]}.
     *
     * @param limit finite, &gt; 0
     * @return the number of components that were clamped
     * @throws IllegalArgumentException if a component is NaN, or limit is not &gt; 0
     */
    public static long byValue(double limit, float[]... grads) {
        Check.positive("gradientClipping.limit", limit, "");
        float hi = (float) limit, lo = -hi;
        long clipped = 0;
        for (int b = 0; b < grads.length; b++) {
            float[] g = grads[b];
            for (int i = 0; i < g.length; i++) {
                float x = g[i];
                if (x > hi) {
                    g[i] = hi;
                    clipped++;
                } else if (x < lo) {
                    g[i] = lo;
                    clipped++;
                } else if (x != x) {
                    throw new ParameterException("gradient clipping: block " + b + " component " + i + " is NaN");
                }
            }
        }
        return clipped;
    }
}
