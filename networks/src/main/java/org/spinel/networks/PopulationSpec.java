package org.spinel.networks;

import java.util.Map;

import org.spinel.networks.topology.ValueDistribution;
import org.spinel.neurons.NeuronModel;

/**
 * A population of {@code size} neurons of one model, with optional per-variable initial-value distributions
 * (drawn per neuron from the population's own random stream; variables not listed start at the model's default).
 *
 * @param name  unique name
 * @param size  number of neurons (&ge; 1)
 * @param model the neuron model
 * @param init  initial value distribution per state variable name
 */
public record PopulationSpec(String name, int size, NeuronModel model, Map<String, ValueDistribution> init) {
}
