package org.spinel.networks;

import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.topology.Topology;
import org.spinel.networks.topology.ValueDistribution;

/**
 * An event (chemical) projection: on a presynaptic spike, after the synapse's delay, its weight is added to
 * variable {@code target} of the postsynaptic neuron.
 *
 * @param name       unique name
 * @param pre        presynaptic population or source name
 * @param post       postsynaptic population name
 * @param target     postsynaptic variable the weight is added to (one of the model's synaptic targets)
 * @param topology   connectivity rule
 * @param weight     weight per synapse, in the unit of {@code target}
 * @param delayMs    delay per synapse in ms; rounded to whole steps, at least one step
 * @param plasticity learning pipeline, or {@code null} for fixed weights
 */
public record ProjectionSpec(String name, String pre, String post, String target, Topology topology,
        ValueDistribution weight, ValueDistribution delayMs, PlasticityPipeline plasticity) {
}
