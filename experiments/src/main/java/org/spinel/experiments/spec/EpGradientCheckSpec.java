package org.spinel.experiments.spec;

import java.util.List;

import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.RateActivation;
import org.spinel.plasticity.ep.RelaxationPhases;

/**
 * The {@code ep-gradient-check} protocol: the cosine similarity between equilibrium propagation's estimates and the
 * reference gradient (back-propagation through the free phase) on one random sample of a small network, over a list
 * of |β| (spec learning-rules §3, the 6-4-4-4 toy; docs/experiment-format.md, "protocol ep-gradient-check").
 *
 * @param sizes      the input size, then the dynamic layers' sizes
 * @param classes    the readout's classes
 * @param activation ρ
 * @param initStd    the initial weights' standard deviation (NaN: 1/√fan-in)
 * @param phases     T1 (also the reference's steps), T2 and the tolerance of the estimates
 * @param convergenceThreshold the residual below which a nudged phase counts as converged
 * @param betas      the |β| values
 * @param estimators the estimators' kinds and nudge counts, each evaluated at every |β| (their β is a placeholder)
 */
public record EpGradientCheckSpec(int[] sizes, int classes, RateActivation activation, double initStd,
        RelaxationPhases phases, double convergenceThreshold, double[] betas, List<EpEstimator> estimators) {

    /** {@code "classic"}, {@code "centred"}, {@code "holomorphic-N8"}: the estimator's column label. */
    public static String label(EpEstimator e) {
        return e.kind().id() + (e.kind() == EpEstimator.Kind.HOLOMORPHIC ? "-N" + e.nudges() : "");
    }
}
