package org.spinel.plasticity.sg;

import org.spinel.neurons.Check;

/**
 * A firing-rate penalty added to the loss of every sample, on the spike counts {@code c_k = Σ_t S_t[k]} of one
 * spiking layer (Zenke &amp; Vogels 2021 use upper per-neuron and lower population bounds; SpyTorch's tutorial 3 an
 * L1 on all spikes plus an L2 on per-neuron counts):
 * <pre>
 *   per neuron, upper:  λ Σ_k max(0, c_k − θ)^p        lower:  λ Σ_k max(0, θ − c_k)^p
 *   population, upper:  λ max(0, c̄ − θ)^p             lower:  λ max(0, θ − c̄)^p      (c̄ = mean_k c_k)
 * </pre>
 * with p = 1 (L1) or 2 (L2) and θ in spikes per sample. Its gradient enters BPTT as a constant adjoint of every
 * S_t[k], so it reaches the weights through the surrogate like any other loss.
 *
 * @param layer      index of a spiking layer
 * @param perNeuron  per-neuron counts (true) or the population mean (false)
 * @param power      1 or 2
 * @param upper      penalise counts above θ (true) or below θ (false)
 * @param threshold  θ, spikes per sample (&ge; 0)
 * @param strength   λ (&ge; 0)
 */
public record RateRegularizer(int layer, boolean perNeuron, int power, boolean upper, double threshold,
        double strength) {
    /** Validates. */
    public RateRegularizer {
        Check.atLeast("regularizer layer", layer, 0);
        if (power != 1 && power != 2) {
            throw new IllegalArgumentException("regularizer power = " + power + ": expected 1 (L1) or 2 (L2)");
        }
        Check.nonNegative("regularizer threshold", threshold, "spikes");
        Check.nonNegative("regularizer strength", strength, "");
    }

    /**
     * The penalty for the counts {@code c[0..n−1]}; adds dR/dc_k to {@code grad} when it is not null.
     */
    public double apply(double[] c, int n, double[] grad) {
        if (perNeuron) {
            double r = 0;
            for (int k = 0; k < n; k++) {
                double ex = upper ? c[k] - threshold : threshold - c[k];
                if (ex > 0) {
                    r += power == 1 ? ex : ex * ex;
                    if (grad != null) {
                        grad[k] += strength * (upper ? 1 : -1) * (power == 1 ? 1 : 2 * ex);
                    }
                }
            }
            return strength * r;
        }
        double mean = 0;
        for (int k = 0; k < n; k++) {
            mean += c[k];
        }
        mean /= n;
        double ex = upper ? mean - threshold : threshold - mean;
        if (ex <= 0) {
            return 0;
        }
        if (grad != null) {
            double g = strength * (upper ? 1 : -1) * (power == 1 ? 1 : 2 * ex) / n;
            for (int k = 0; k < n; k++) {
                grad[k] += g;
            }
        }
        return strength * (power == 1 ? ex : ex * ex);
    }
}
