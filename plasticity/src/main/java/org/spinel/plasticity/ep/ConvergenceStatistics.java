package org.spinel.plasticity.ep;

/**
 * How the relaxations of an {@link EquilibriumModel} went since the statistics were last reset: free phases
 * (each sample run forward) and nudged phases (each nudge of each trained sample), how many stopped at their step
 * limit with the residual still above the tolerance, the steps they took, and the mean final residual
 * {@code ‖F(u)‖} of the free phases; plus the mean homeostasis penalty {@code L_h} of the trained samples.
 *
 * @param freePhases          free phases run
 * @param freeNotConverged    free phases that ended above the tolerance
 * @param freeSteps           steps over all free phases
 * @param meanFreeResidual    mean final residual of the free phases (0 if none)
 * @param maxFreeResidual     largest final residual of a free phase
 * @param nudgedPhases        nudged phases run (a complex nudge counts once)
 * @param nudgedNotConverged  nudged phases that ended above the tolerance
 * @param nudgedSteps         steps over all nudged phases
 * @param meanHomeostasisLoss mean {@code L_h} over the samples it was computed for (0 if none)
 */
public record ConvergenceStatistics(long freePhases, long freeNotConverged, long freeSteps, double meanFreeResidual,
        double maxFreeResidual, long nudgedPhases, long nudgedNotConverged, long nudgedSteps,
        double meanHomeostasisLoss) {
}
