package org.spinel.networks.plasticity;

import org.spinel.neurons.ParameterException;

/** Clips a proposed weight. Implementations are immutable. */
@FunctionalInterface
public interface WeightBounds {
    /** The admissible weight closest to {@code w} for synapse {@code synapse}. */
    double clip(int synapse, double w);

    /** No bounds. */
    static WeightBounds none() {
        return new None();
    }

    /** Hard bounds {@code [lo, hi]}. */
    static WeightBounds hard(double lo, double hi) {
        return new Hard(lo, hi);
    }

    /** No bounds (a named type so that backends can recognise it). */
    record None() implements WeightBounds {
        @Override
        public double clip(int synapse, double w) {
            return w;
        }
    }

    /**
     * Hard bounds: {@code w < lo ? lo : (w > hi ? hi : w)}.
     *
     * @param lo lower bound
     * @param hi upper bound (&ge; lo)
     */
    record Hard(double lo, double hi) implements WeightBounds {
        /** Validates the bounds. */
        public Hard {
            if (!(lo <= hi)) {
                throw new ParameterException("bounds = [" + lo + ", " + hi + "]: expected lo <= hi");
            }
        }

        @Override
        public double clip(int synapse, double w) {
            return w < lo ? lo : (w > hi ? hi : w);
        }
    }
}
