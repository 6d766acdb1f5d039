package org.spinel.networks;

import org.spinel.networks.coupling.CouplingGraph;

/**
 * Diffusive coupling within one population, computed every step: the terms of {@code graph} on state variable
 * {@code variable} (its value at the start of the step) are added to the population's per-step input (for Chialvo
 * maps, the I of {@code x[n+1] = x² e^(y−x) + k0 + I}).
 *
 * @param name       unique name
 * @param population the coupled population
 * @param variable   the coupled state variable (e.g. {@code "x"})
 * @param graph      edges and triangles with their weights
 */
public record CouplingSpec(String name, String population, String variable, CouplingGraph graph) {
}
