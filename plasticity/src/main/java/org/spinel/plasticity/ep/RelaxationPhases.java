package org.spinel.plasticity.ep;

/**
 * The free and nudged phases of equilibrium propagation: the free phase runs from {@code u = 0} for at most
 * {@code freeSteps} synchronous steps {@code u ← u + F(u)}, stopping early once the residual {@code ‖F(u)‖} (the
 * Euclidean norm over all dynamic units of the last step's change) is at most {@code tolerance}; each nudged phase
 * starts from the free fixed point and runs at most {@code nudgedSteps} steps with the same stopping rule. A
 * tolerance of 0 runs every step (what a reference implementation without early stopping does, step for step).
 *
 * @param freeSteps   T1 (&ge; 1)
 * @param nudgedSteps T2 (&ge; 1)
 * @param tolerance   the residual at which a phase has converged (&ge; 0)
 */
public record RelaxationPhases(int freeSteps, int nudgedSteps, double tolerance) {
    /** Validates the step counts and the tolerance. */
    public RelaxationPhases {
        if (freeSteps < 1) {
            throw new IllegalArgumentException("T1 = " + freeSteps + ": expected at least 1 free-phase step");
        }
        if (nudgedSteps < 1) {
            throw new IllegalArgumentException("T2 = " + nudgedSteps + ": expected at least 1 nudged-phase step");
        }
        if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("tolerance = " + tolerance + ": expected a finite value >= 0");
        }
    }
}
