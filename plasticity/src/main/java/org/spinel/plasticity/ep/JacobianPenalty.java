package org.spinel.plasticity.ep;

import java.util.function.IntFunction;

import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * The homeostasis penalty {@code L_h} of {@link JacobianHomeostasis} and its gradient for one sample of an
 * {@link EquilibriumNetwork}. With {@code J = A·D − I} ({@code D = I} for the activation Jacobian,
 * {@code diag(ρ'(u⁰))} for the pre-activation one; {@code A} has {@code W_l} at block {@code (l, l−1)} and the
 * feedback {@code B_l} at {@code (l−1, l)}):
 * <ul>
 *   <li>exact: {@code L_h = ‖J − Jᵀ‖²_F/(2n) = (1/n) Σ_l Σ_(p,q) (W_l[p,q]·d_q − B_l[q,p]·d_p)²};</li>
 *   <li>stochastic: {@code L_h ≈ (1/(nK)) Σ_k ‖Jε_k‖² − ε_kᵀJ²ε_k}, whose gradient with respect to {@code J} is
 *       {@code (1/n)[(2v − w)εᵀ − ε vᵀ]} with {@code v = Jε}, {@code w = Jᵀε}, so {@code ∂/∂A[a][b]} is that
 *       times {@code d_b}.</li>
 * </ul>
 * {@code λ} times the gradient is added to the credit arrays the callbacks return (forward block of layer
 * {@code l}, feedback block of layer {@code l} or null when tied, whose term then goes to the forward block).
 */
final class JacobianPenalty {
    private JacobianPenalty() {
    }

    /** The exact form; returns {@code L_h}. */
    static double exact(EquilibriumNetwork net, double[][] slopes, double lambda, IntFunction<double[]> forwardCredit,
            IntFunction<double[]> feedbackCredit) {
        int nUnits = net.dynamicUnits();
        double lh = 0;
        for (int l = 2; l <= net.layers(); l++) {
            int lo = net.size(l - 1), hi = net.size(l);
            double[] w = net.forward(l), cw = forwardCredit.apply(l), cb = feedbackCredit.apply(l);
            for (int q = 0; q < lo; q++) {
                double dq = slopes == null ? 1 : slopes[l - 2][q];
                for (int p = 0; p < hi; p++) {
                    double dp = slopes == null ? 1 : slopes[l - 1][p];
                    double diff = w[q * hi + p] * dq - net.feedbackWeight(l, p, q) * dp;
                    lh += diff * diff;
                    double gw = lambda * 2 * diff * dq / nUnits, gb = -lambda * 2 * diff * dp / nUnits;
                    cw[q * hi + p] += gw;
                    if (cb != null) {
                        cb[p * lo + q] += gb;
                    } else {
                        cw[q * hi + p] += gb;
                    }
                }
            }
        }
        return lh / nUnits;
    }

    /** The stochastic form with {@code draws} probes from {@code gauss}; returns the estimate of {@code L_h}. */
    static double stochastic(EquilibriumNetwork net, double[][] slopes, int draws, ContinuousSampler gauss,
            double lambda, IntFunction<double[]> forwardCredit, IntFunction<double[]> feedbackCredit) {
        int layers = net.layers(), nUnits = net.dynamicUnits();
        double[][] eps = new double[layers][], v = new double[layers][], w = new double[layers][];
        for (int l = 0; l < layers; l++) {
            eps[l] = new double[net.size(l + 1)];
            v[l] = new double[eps[l].length];
            w[l] = new double[eps[l].length];
        }
        double lh = 0, scale = lambda / ((double) nUnits * draws);
        for (int k = 0; k < draws; k++) {
            for (double[] e : eps) {
                for (int i = 0; i < e.length; i++) {
                    e[i] = gauss.sample();
                }
            }
            probe(net, slopes, eps, v, w);
            double vv = 0, wv = 0;
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < v[l].length; i++) {
                    vv += v[l][i] * v[l][i];
                    wv += w[l][i] * v[l][i];
                }
            }
            lh += (vv - wv) / nUnits;
            for (int l = 2; l <= layers; l++) {
                int lo = net.size(l - 1), hi = net.size(l);
                double[] cw = forwardCredit.apply(l), cb = feedbackCredit.apply(l);
                double[] eLo = eps[l - 2], eHi = eps[l - 1], vLo = v[l - 2], vHi = v[l - 1], wLo = w[l - 2], wHi = w[l - 1];
                for (int q = 0; q < lo; q++) {
                    double dq = slopes == null ? 1 : slopes[l - 2][q];
                    for (int p = 0; p < hi; p++) {
                        double dp = slopes == null ? 1 : slopes[l - 1][p];
                        double gw = scale * ((2 * vHi[p] - wHi[p]) * eLo[q] - eHi[p] * vLo[q]) * dq;
                        double gb = scale * ((2 * vLo[q] - wLo[q]) * eHi[p] - eLo[q] * vHi[p]) * dp;
                        cw[q * hi + p] += gw;
                        if (cb != null) {
                            cb[p * lo + q] += gb;
                        } else {
                            cw[q * hi + p] += gb;
                        }
                    }
                }
            }
        }
        return lh / draws;
    }

    /** {@code v = Jε = A(d∘ε) − ε} and {@code w = Jᵀε = d∘(Aᵀε) − ε}. */
    static void probe(EquilibriumNetwork net, double[][] slopes, double[][] eps, double[][] v, double[][] w) {
        int layers = net.layers();
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < v[l].length; i++) {
                v[l][i] = -eps[l][i];
                w[l][i] = 0;
            }
        }
        for (int l = 2; l <= layers; l++) {
            int lo = net.size(l - 1), hi = net.size(l);
            double[] wt = net.forward(l);
            double[] eLo = eps[l - 2], eHi = eps[l - 1];
            for (int q = 0; q < lo; q++) {
                double dq = slopes == null ? 1 : slopes[l - 2][q];
                for (int p = 0; p < hi; p++) {
                    double dp = slopes == null ? 1 : slopes[l - 1][p];
                    double a = wt[q * hi + p], b = net.feedbackWeight(l, p, q);
                    v[l - 1][p] += a * dq * eLo[q]; // A[p][q] = W_l, times d_q ε_q
                    v[l - 2][q] += b * dp * eHi[p]; // A[q][p] = B_l[q ← p], times d_p ε_p
                    w[l - 2][q] += a * eHi[p];      // (Aᵀε)_q gets A[p][q] ε_p
                    w[l - 1][p] += b * eLo[q];      // (Aᵀε)_p gets A[q][p] ε_q
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < w[l].length; i++) {
                double d = slopes == null ? 1 : slopes[l][i];
                w[l][i] = d * w[l][i] - eps[l][i];
            }
        }
    }

    /** The exact {@code ‖J − Jᵀ‖²_F/(2n)} without a gradient. */
    static double closedForm(EquilibriumNetwork net, double[][] slopes) {
        double lh = 0;
        for (int l = 2; l <= net.layers(); l++) {
            int lo = net.size(l - 1), hi = net.size(l);
            for (int q = 0; q < lo; q++) {
                double dq = slopes == null ? 1 : slopes[l - 2][q];
                for (int p = 0; p < hi; p++) {
                    double dp = slopes == null ? 1 : slopes[l - 1][p];
                    double diff = net.forward(l)[q * hi + p] * dq - net.feedbackWeight(l, p, q) * dp;
                    lh += diff * diff;
                }
            }
        }
        return lh / net.dynamicUnits();
    }
}
