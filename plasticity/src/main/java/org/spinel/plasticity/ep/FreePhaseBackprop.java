package org.spinel.plasticity.ep;

import java.util.List;
import java.util.function.IntFunction;

import org.spinel.plasticity.train.WeightBlock;

/**
 * The reference gradient of equilibrium propagation: back-propagation through time through the {@code T} steps of
 * the free phase from {@code u = 0}, in double, of the readout's cross-entropy at the last state (Almeida 1987 and
 * Pineda 1987 give the same gradient at a fixed point; EP's estimators approximate it). It is an implementation of
 * its own (double precision, no early stopping, full state history), used by the tests and by the gradient-check
 * experiment to judge the estimators.
 */
public final class FreePhaseBackprop {
    private FreePhaseBackprop() {
    }

    /**
     * The free phase's states in double: {@code states[t][l−1]} is {@code u_l} after {@code t} steps
     * ({@code t = 0..T}, {@code states[0]} all zero).
     */
    public static double[][][] relax(EquilibriumNetwork net, double[] x, int steps) {
        int layers = net.layers();
        double[][][] st = new double[steps + 1][layers][];
        for (int l = 1; l <= layers; l++) {
            st[0][l - 1] = new double[net.size(l)];
        }
        double[] xd = inputDrive(net, x);
        for (int t = 0; t < steps; t++) {
            double[][] s = activations(net, st[t]);
            st[t + 1] = drive(net, xd, s);
        }
        return st;
    }

    /** {@code W_1 x + b_1}. */
    static double[] inputDrive(EquilibriumNetwork net, double[] x) {
        int h = net.size(1);
        double[] xd = net.bias(1).clone();
        double[] w = net.forward(1);
        for (int j = 0; j < x.length; j++) {
            for (int i = 0; i < h; i++) {
                xd[i] += w[j * h + i] * x[j];
            }
        }
        return xd;
    }

    /** {@code ρ(u_l)} for every layer. */
    public static double[][] activations(EquilibriumNetwork net, double[][] u) {
        double[][] s = new double[u.length][];
        for (int l = 0; l < u.length; l++) {
            s[l] = new double[u[l].length];
            for (int i = 0; i < s[l].length; i++) {
                s[l][i] = net.activation().applyDouble(u[l][i]);
            }
        }
        return s;
    }

    /** One synchronous step's new states: {@code W_l s_(l−1) + b_l + B_(l+1) s_(l+1)} (layer 1: {@code xd + B_2 s_2}). */
    public static double[][] drive(EquilibriumNetwork net, double[] xd, double[][] s) {
        int layers = net.layers();
        double[][] out = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            double[] o = l == 1 ? xd.clone() : net.bias(l).clone();
            int hi = net.size(l);
            if (l >= 2) {
                int lo = net.size(l - 1);
                double[] w = net.forward(l);
                for (int q = 0; q < lo; q++) {
                    for (int p = 0; p < hi; p++) {
                        o[p] += w[q * hi + p] * s[l - 2][q];
                    }
                }
            }
            if (l < layers) {
                int up = net.size(l + 1);
                for (int p = 0; p < up; p++) {
                    for (int q = 0; q < hi; q++) {
                        o[q] += net.feedbackWeight(l + 1, p, q) * s[l][p];
                    }
                }
            }
            out[l - 1] = o;
        }
        return out;
    }

    /** The softmax of the readout's logits on {@code ρ(u_L)}. */
    public static double[] probabilities(EquilibriumNetwork net, double[] sOut) {
        int c = net.classes();
        double[] z = net.readoutBias().clone();
        double[] r = net.readout();
        for (int j = 0; j < sOut.length; j++) {
            for (int k = 0; k < c; k++) {
                z[k] += r[j * c + k] * sOut[j];
            }
        }
        double m = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            m = Math.max(m, v);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            z[k] = Math.exp(z[k] - m);
            sum += z[k];
        }
        for (int k = 0; k < c; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /**
     * The gradient of the cross-entropy after {@code steps} free steps for class {@code label}, per block in
     * {@link EquilibriumNetwork#blocks()} order and layout (the readout's at the last state).
     */
    public static double[][] gradient(EquilibriumNetwork net, double[] x, int label, int steps) {
        int layers = net.layers();
        double[][][] st = relax(net, x, steps);
        double[][][] s = new double[steps + 1][][];
        for (int t = 0; t <= steps; t++) {
            s[t] = activations(net, st[t]);
        }
        List<WeightBlock> blocks = net.blocks();
        double[][] grad = new double[blocks.size()][];
        for (int b = 0; b < grad.length; b++) {
            grad[b] = new double[blocks.get(b).size()];
        }
        double[] gForward[] = new double[layers][], gFeedback[] = new double[layers][], gBias[] = new double[layers][];
        double[] gReadout = null, gReadoutBias = null;
        for (int b = 0; b < blocks.size(); b++) {
            String name = blocks.get(b).name();
            for (int l = 1; l <= layers; l++) {
                if (name.equals(EquilibriumNetwork.forwardName(l))) {
                    gForward[l - 1] = grad[b];
                } else if (name.equals(EquilibriumNetwork.feedbackName(l))) {
                    gFeedback[l - 1] = grad[b];
                } else if (name.equals(EquilibriumNetwork.biasName(l))) {
                    gBias[l - 1] = grad[b];
                }
            }
            if (name.equals("readout")) {
                gReadout = grad[b];
            } else if (name.equals("readout.bias")) {
                gReadoutBias = grad[b];
            }
        }
        double[] sOut = s[steps][layers - 1];
        double[] e = probabilities(net, sOut);
        e[label] -= 1;
        int c = net.classes();
        for (int j = 0; j < sOut.length; j++) {
            for (int k = 0; k < c; k++) {
                gReadout[j * c + k] += sOut[j] * e[k];
            }
        }
        for (int k = 0; k < c; k++) {
            gReadoutBias[k] += e[k];
        }
        // ∂ℓ/∂u at the last state
        double[][] gu = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gu[l] = new double[net.size(l + 1)];
        }
        double[] r = net.readout();
        for (int j = 0; j < sOut.length; j++) {
            double v = 0;
            for (int k = 0; k < c; k++) {
                v += r[j * c + k] * e[k];
            }
            gu[layers - 1][j] = v * net.activation().derivative(st[steps][layers - 1][j]);
        }
        for (int t = steps - 1; t >= 0; t--) {
            // u^(t+1)_l = W_l s^t_(l−1) + b_l + B_(l+1) s^t_(l+1); gu holds ∂ℓ/∂u^(t+1)
            double[][] gs = new double[layers][];
            for (int l = 0; l < layers; l++) {
                gs[l] = new double[net.size(l + 1)];
            }
            for (int l = 1; l <= layers; l++) {
                double[] g = gu[l - 1];
                int hi = net.size(l);
                for (int p = 0; p < hi; p++) {
                    gBias[l - 1][p] += g[p];
                }
                int lo = net.size(l - 1);
                double[] pre = l == 1 ? x : s[t][l - 2];
                double[] w = net.forward(l);
                for (int q = 0; q < lo; q++) {
                    for (int p = 0; p < hi; p++) {
                        gForward[l - 1][q * hi + p] += g[p] * pre[q];
                        if (l >= 2) {
                            gs[l - 2][q] += w[q * hi + p] * g[p];
                        }
                    }
                }
                if (l < layers) { // feedback from layer l+1 (units p) into l (units q)
                    int up = net.size(l + 1);
                    for (int p = 0; p < up; p++) {
                        for (int q = 0; q < hi; q++) {
                            double a = g[q] * s[t][l][p];
                            if (net.tied()) {
                                gForward[l][q * up + p] += a;
                            } else {
                                gFeedback[l][p * hi + q] += a;
                            }
                            gs[l][p] += net.feedbackWeight(l + 1, p, q) * g[q];
                        }
                    }
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < gs[l].length; i++) {
                    gs[l][i] *= net.activation().derivative(st[t][l][i]);
                }
            }
            gu = gs;
        }
        return grad;
    }

    /**
     * The cosine similarity between a gradient estimate and a reference over every block but the readout's (what the
     * gradient checks compare: the readout has its exact gradient in both).
     *
     * @param blocks    the model's blocks
     * @param estimate  the estimate of block {@code b} (e.g. a workspace's {@code credit})
     * @param reference per block, in the same layout (e.g. {@link #gradient})
     */
    public static double cosine(List<WeightBlock> blocks, IntFunction<double[]> estimate, double[][] reference) {
        double dot = 0, a2 = 0, b2 = 0;
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).name().startsWith("readout")) {
                continue;
            }
            double[] c = estimate.apply(b);
            for (int k = 0; k < c.length; k++) {
                dot += c[k] * reference[b][k];
                a2 += c[k] * c[k];
                b2 += reference[b][k] * reference[b][k];
            }
        }
        return dot / Math.sqrt(a2 * b2);
    }

    /**
     * The energy of the synchronous free phase after step {@code t ≥ 1} for a tied network: Marcus &amp;
     * Westervelt's (1989, Phys. Rev. A 40:501) Lyapunov function of parallel updates {@code s' = ρ(A s + b)} with a
     * symmetric {@code A},
     * {@code Φ_t = −s_tᵀ A s_(t−1) − bᵀ(s_t + s_(t−1)) + Σ_i G(s_t,i) + G(s_(t−1),i)}, {@code G(s) = ∫ ρ⁻¹},
     * which never increases along the free phase (the input's drive is the first layer's {@code b}); defined for
     * the sigmoid activation.
     */
    public static double energy(EquilibriumNetwork net, double[] x, double[][] uNow, double[][] uPrev) {
        if (!net.tied() || net.activation() != RateActivation.SIGMOID) {
            throw new IllegalArgumentException("the energy is defined for tied networks with the sigmoid activation");
        }
        double[][] s = activations(net, uNow), sp = activations(net, uPrev);
        double[] xd = inputDrive(net, x);
        double phi = 0;
        int layers = net.layers();
        for (int l = 1; l <= layers; l++) {
            double[] b = l == 1 ? xd : net.bias(l);
            for (int i = 0; i < b.length; i++) {
                phi -= b[i] * (s[l - 1][i] + sp[l - 1][i]);
                phi += g(s[l - 1][i]) + g(sp[l - 1][i]);
            }
            if (l >= 2) {
                int lo = net.size(l - 1), hi = net.size(l);
                double[] w = net.forward(l);
                for (int q = 0; q < lo; q++) {
                    for (int p = 0; p < hi; p++) {
                        // the pair (p in l, q in l−1) of the symmetric coupling, both orders of now/previous
                        phi -= w[q * hi + p] * (s[l - 1][p] * sp[l - 2][q] + s[l - 2][q] * sp[l - 1][p]);
                    }
                }
            }
        }
        return phi;
    }

    /** {@code G(s) = ∫_0^s ρ⁻¹}, {@code ρ⁻¹(y) = (logit y + 2)/4}, up to a constant. */
    private static double g(double y) {
        double a = y <= 0 ? 0 : y * Math.log(y), b = y >= 1 ? 0 : (1 - y) * Math.log(1 - y);
        return (a + b + 2 * y) / 4;
    }
}
