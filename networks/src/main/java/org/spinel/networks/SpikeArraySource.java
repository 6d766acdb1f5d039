package org.spinel.networks;

/**
 * Sources that spike at prescribed times: source {@code neurons[k]} spikes at {@code timesMs[k]}, placed on the
 * step {@code round(t/dt)} (a spike at step n has time n·dt).
 *
 * @param name    unique name
 * @param size    number of sources
 * @param neurons source index of each spike
 * @param timesMs time of each spike in ms (&ge; 0)
 */
public record SpikeArraySource(String name, int size, int[] neurons, double[] timesMs) implements SourceSpec {
}
