package org.spinel.plasticity.sg;

import org.spinel.plasticity.surrogate.SigmoidDerivative;
import org.spinel.plasticity.surrogate.SurrogateFunction;

/**
 * The spike nonlinearity of a trainable layer: its forward value S(u) and the derivative used in the backward pass,
 * with u = U − ϑ. Training uses the Heaviside step forward and a surrogate derivative backward
 * ({@link #surrogate}); gradient checks use a smooth sigmoid forward with its exact derivative ({@link #smooth}),
 * so that back-propagation through time can be compared with finite differences.
 */
public interface SpikeFunction {
    /** Forward value S(u). */
    double forward(double u);

    /** The derivative used by the backward pass at u. */
    double derivative(double u);

    /** Heaviside forward (S = 1 when u ≥ 0), {@code surrogate} derivative backward. */
    static SpikeFunction surrogate(SurrogateFunction surrogate) {
        return new Heaviside("heaviside/" + surrogate.name() + "(" + surrogate.parameter() + ")", surrogate::derivative);
    }

    /**
     * Heaviside forward with its true derivative, zero almost everywhere: the baseline that shows why surrogates are
     * needed (no gradient reaches the weights below a spiking layer).
     */
    static SpikeFunction trueGradient() {
        return new Heaviside("heaviside/true-gradient", u -> 0);
    }

    /**
     * The step forward with a chosen backward derivative.
     *
     * @param label      description
     * @param derivative the backward derivative
     */
    record Heaviside(String label, java.util.function.DoubleUnaryOperator derivative) implements SpikeFunction {
        @Override
        public double forward(double u) {
            return u > 0 ? 1 : 0; // Θ(0) = 0: a spike needs U > ϑ, as SpyTorch and snnTorch
        }

        @Override
        public double derivative(double u) {
            return derivative.applyAsDouble(u);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Smooth σ(k·u) forward with its exact derivative (a differentiable model for gradient checks). */
    static SpikeFunction smooth(double slope) {
        SigmoidDerivative s = new SigmoidDerivative(slope);
        return new SpikeFunction() {
            @Override
            public double forward(double u) {
                return s.sigmoid(u);
            }

            @Override
            public double derivative(double u) {
                return s.derivative(u);
            }

            @Override
            public String toString() {
                return "sigmoid(" + slope + ")";
            }
        };
    }
}
