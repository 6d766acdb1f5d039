package org.spinel.networks;

/**
 * Injects a current into selected neurons of a population (added to the model's per-step input).
 *
 * @param name       unique name
 * @param population target population
 * @param neurons    target neuron indices, or {@code null} for all
 * @param profile    time course of the current
 */
public record CurrentInputSpec(String name, String population, int[] neurons, CurrentProfile profile) {
}
