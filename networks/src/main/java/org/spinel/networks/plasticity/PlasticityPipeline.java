package org.spinel.networks.plasticity;

import java.util.List;

/**
 * The learning pipeline of one projection, {@code Δw = bounds(projector(modulators(rule)))} (DESIGN.md):
 * the rule proposes a potentiation and a depression part per synapse, the modulators scale them (third factors),
 * the projector (per-trial application only) maps the accumulated update of the whole projection, and the bounds
 * clip the new weight.
 *
 * @param rule        source of candidate updates
 * @param modulators  third factors, applied in order (may be empty)
 * @param projector   linear map on a trial's accumulated update, or {@code null}
 * @param bounds      weight bounds ({@link WeightBounds#none()} for none)
 * @param application when updates reach the weights
 */
public record PlasticityPipeline(PlasticityRule rule, List<Modulator> modulators, Projector projector,
        WeightBounds bounds, Application application) {

    /** When the pipeline's updates are applied to the weights. */
    public enum Application {
        /** Immediately, at each spike event. */
        ONLINE,
        /** Accumulated, then projected and applied by {@code Simulation.applyPlasticity()} (end of trial/batch). */
        PER_TRIAL
    }

    /** Validates the pipeline. */
    public PlasticityPipeline {
        if (rule == null) {
            throw new IllegalArgumentException("plasticity.rule: expected a rule, found none");
        }
        modulators = modulators == null ? List.of() : List.copyOf(modulators);
        bounds = bounds == null ? WeightBounds.none() : bounds;
        application = application == null ? Application.ONLINE : application;
        if (projector != null && application == Application.ONLINE) {
            throw new IllegalArgumentException("plasticity.projector needs application PER_TRIAL: a projector maps the "
                    + "accumulated update of a whole trial");
        }
    }

    /** An online pipeline of one rule with bounds. */
    public static PlasticityPipeline online(PlasticityRule rule, WeightBounds bounds) {
        return new PlasticityPipeline(rule, List.of(), null, bounds, Application.ONLINE);
    }
}
