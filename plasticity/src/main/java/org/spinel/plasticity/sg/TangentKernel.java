package org.spinel.plasticity.sg;

/**
 * The empirical tangent kernel of a surrogate-gradient network, {@code K(x, x') = Σ_k Σ_θ ∂z_k(x)/∂θ ·
 * ∂z_k(x')/∂θ} over all weights θ and logits z_k, with the surrogate derivative in place of Θ' at every threshold
 * (the SG-NTK of Eilers, Memmesheimer &amp; Goedeke, NeurIPS 2024; spec learning-rules §1). Summing over the logits
 * gives the trace of the matrix-valued kernel. Comparing the kernel at initialisation and after training shows how
 * far training leaves the linearised ("lazy") regime.
 */
public final class TangentKernel {
    private TangentKernel() {
    }

    /**
     * The P × P kernel of the samples {@code xs}, logits read as {@code loss} reads them.
     *
     * <p>Cost: (outputs × P) forward and backward passes; memory P × (number of weights) doubles.
     */
    public static double[][] compute(SurrogateGradientNetwork net, SampleInput[] xs, Loss loss) {
        int p = xs.length;
        if (p == 0) {
            throw new IllegalArgumentException("tangent kernel: expected at least one sample");
        }
        SurrogateGradientNetwork.Workspace ws = net.workspace(xs[0].steps());
        int size = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            size += net.weights(l).length + (net.recurrentWeights(l) == null ? 0 : net.recurrentWeights(l).length);
        }
        double[][] jac = new double[p][size];
        double[][] k = new double[p][p];
        int outputs = net.layer(net.layerCount() - 1).size();
        for (int out = 0; out < outputs; out++) {
            for (int a = 0; a < p; a++) {
                ws.clearGradients();
                ws.forward(xs[a]);
                ws.backwardLogit(loss, out);
                int o = 0;
                for (int l = 0; l < net.layerCount(); l++) {
                    double[] g = ws.weightGradient(l);
                    System.arraycopy(g, 0, jac[a], o, g.length);
                    o += g.length;
                    double[] gv = ws.recurrentGradient(l);
                    if (gv != null) {
                        System.arraycopy(gv, 0, jac[a], o, gv.length);
                        o += gv.length;
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double dot = 0;
                    double[] ja = jac[a], jb = jac[b];
                    for (int q = 0; q < size; q++) {
                        dot += ja[q] * jb[q];
                    }
                    k[a][b] += dot;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                k[a][b] = k[b][a];
            }
        }
        return k;
    }

    /** ‖K₁ − K₀‖_F / ‖K₀‖_F: how much the kernel moved. */
    public static double relativeChange(double[][] k0, double[][] k1) {
        double num = 0, den = 0;
        for (int a = 0; a < k0.length; a++) {
            for (int b = 0; b < k0.length; b++) {
                double d = k1[a][b] - k0[a][b];
                num += d * d;
                den += k0[a][b] * k0[a][b];
            }
        }
        return Math.sqrt(num / den);
    }

    /** Kernel alignment ⟨K₀, K₁⟩_F / (‖K₀‖_F ‖K₁‖_F) (1 = same shape up to scale; Cristianini et al. 2001). */
    public static double alignment(double[][] k0, double[][] k1) {
        double dot = 0, n0 = 0, n1 = 0;
        for (int a = 0; a < k0.length; a++) {
            for (int b = 0; b < k0.length; b++) {
                dot += k0[a][b] * k1[a][b];
                n0 += k0[a][b] * k0[a][b];
                n1 += k1[a][b] * k1[a][b];
            }
        }
        return dot / Math.sqrt(n0 * n1);
    }
}
