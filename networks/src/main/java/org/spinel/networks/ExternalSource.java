package org.spinel.networks;

/**
 * Sources whose spikes are supplied while the simulation runs, step by step, by a
 * {@link org.spinel.networks.engine.SpikeFeed} set with {@link org.spinel.networks.engine.Simulation#feed}: the input
 * layer of a protocol that presents one dataset sample per trial (the Bernoulli-coded pixels of NALSM's
 * lsm-classification). Without a feed the sources are silent.
 *
 * @param name unique name
 * @param size number of sources
 */
public record ExternalSource(String name, int size) implements SourceSpec {
}
