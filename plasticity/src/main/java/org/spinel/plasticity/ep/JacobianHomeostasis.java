package org.spinel.plasticity.ep;

/**
 * Jacobian homeostasis (Laborieux &amp; Zenke, ICLR 2024; spec §3): the penalty
 * {@code L_h = (1/n) E_ε[‖Jε‖² − εᵀJ²ε]}, {@code ε ~ N(0, I)}, whose expectation is {@code ‖J − Jᵀ‖²_F / (2n)}, with
 * {@code J} the Jacobian of {@code F} at the free fixed point over the {@code n} dynamic units; {@code λ ∇L_h} is
 * added to the equilibrium-propagation gradient so that training pulls the network towards the symmetric
 * Jacobian that EP's estimate needs. The fixed point is held constant in the gradient, as in the paper's code.
 *
 * @param lambda   the weight λ (&ge; 0; 0 = off)
 * @param estimate the stochastic estimate ({@code draws} ε per sample) or the exact closed form
 * @param draws    ε draws per sample for {@link Estimate#STOCHASTIC} (&ge; 1)
 * @param jacobian with respect to what {@code J} is taken
 */
public record JacobianHomeostasis(double lambda, Estimate estimate, int draws, Jacobian jacobian) {
    /** How {@code L_h} and its gradient are computed. */
    public enum Estimate {
        /** {@code draws} Gaussian probes per sample (the paper's estimator; any architecture). */
        STOCHASTIC("stochastic"),
        /** {@code ‖J − Jᵀ‖²_F / (2n)} and its gradient in closed form (dense layers). */
        EXACT("exact");

        private final String id;

        Estimate(String id) {
            this.id = id;
        }

        /** The JSON name. */
        public String id() {
            return id;
        }
    }

    /** With respect to what the Jacobian of {@code F} is taken. */
    public enum Jacobian {
        /**
         * {@code J = ∂F/∂ρ(u) = A − I}, {@code A} the block matrix with the forward blocks below the diagonal and the
         * transposed feedback blocks above it: symmetric exactly when feedback = forwardᵀ (the ICLR 2024 code's
         * choice); independent of the state.
         */
        ACTIVATION("activation"),
        /** {@code J = ∂F/∂u = A·diag(ρ'(u)) − I} at the free fixed point. */
        PREACTIVATION("preactivation");

        private final String id;

        Jacobian(String id) {
            this.id = id;
        }

        /** The JSON name. */
        public String id() {
            return id;
        }
    }

    /** Validates λ and the draws. */
    public JacobianHomeostasis {
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("homeostasis lambda = " + lambda + ": expected a finite value >= 0");
        }
        if (estimate == null || jacobian == null) {
            throw new IllegalArgumentException("homeostasis: expected an estimate and a Jacobian");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("homeostasis draws = " + draws + ": expected at least 1");
        }
    }

    /** No homeostasis. */
    public static JacobianHomeostasis none() {
        return new JacobianHomeostasis(0, Estimate.STOCHASTIC, 1, Jacobian.ACTIVATION);
    }

    /** Whether it adds anything ({@code λ > 0}). */
    public boolean active() {
        return lambda > 0;
    }
}
