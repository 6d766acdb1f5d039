package org.spinel.networks.plasticity;

import org.spinel.neurons.ParameterException;

/** Clips a proposed weight. Implementations are immutable. */
@FunctionalInterface
public interface WeightBounds {
    /** The admissible weight closest to {@code w} for synapse {@code synapse}. */
    double clip(int synapse, double w);

    /** No bounds. */
    static WeightBounds none() {
        return (s, w) -> w;
    }

    /** Hard bounds {@code [lo, hi]}. */
    static WeightBounds hard(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new ParameterException("bounds = [" + lo + ", " + hi + "]: expected lo <= hi");
        }
        return (s, w) -> w < lo ? lo : (w > hi ? hi : w);
    }
}
