package org.spinel.networks;

/**
 * {@code size} independent Poisson spike sources at {@code rateHz}: in each step each source spikes with
 * probability {@code rate·dt} (a Bernoulli approximation, exact in the limit of small rate·dt; requires
 * rate·dt &le; 1). Draws come from the stream {@code "source/<name>"}, so they do not depend on thread count.
 *
 * @param name   unique name
 * @param size   number of sources
 * @param rateHz rate per source in Hz
 */
public record PoissonSource(String name, int size, double rateHz) implements SourceSpec {
}
