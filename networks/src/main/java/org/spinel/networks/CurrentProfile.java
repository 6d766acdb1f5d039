package org.spinel.networks;

import org.spinel.neurons.Check;

/**
 * A time course of injected current (in the target model's input unit, pA for LIF). {@link #at(double)} is sampled
 * at the start of each step and held over the step.
 */
@FunctionalInterface
public interface CurrentProfile {
    /** Current at time {@code tMs}. */
    double at(double tMs);

    /** A constant current. */
    static CurrentProfile constant(double value) {
        Check.finite("current", value, "");
        return t -> value;
    }

    /** {@code value} for {@code startMs <= t < stopMs}, else 0. */
    static CurrentProfile step(double value, double startMs, double stopMs) {
        Check.finite("current.value", value, "");
        Check.nonNegative("current.start", startMs, "ms");
        if (!(stopMs > startMs)) {
            throw new org.spinel.neurons.ParameterException("current.stop = " + stopMs + " ms: expected a value > start = "
                    + startMs + " ms");
        }
        return t -> t >= startMs && t < stopMs ? value : 0.0;
    }

    /** Piecewise-constant samples: {@code values[k]} for {@code k·binMs <= t < (k+1)·binMs}, 0 after the end. */
    static CurrentProfile array(double[] values, double binMs) {
        Check.positive("current.dt", binMs, "ms");
        double[] v = values.clone();
        for (int k = 0; k < v.length; k++) {
            Check.finite("current.values[" + k + "]", v[k], "");
        }
        return t -> {
            long k = (long) Math.floor(t / binMs + 1e-9);
            return k >= 0 && k < v.length ? v[(int) k] : 0.0;
        };
    }
}
