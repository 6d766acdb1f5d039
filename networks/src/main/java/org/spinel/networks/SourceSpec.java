package org.spinel.networks;

/**
 * A population of spike sources (no state): Poisson generators or prescribed spike times. Sources are valid
 * presynaptic sides of projections.
 */
public sealed interface SourceSpec permits PoissonSource, SpikeArraySource {
    /** Unique name. */
    String name();

    /** Number of sources. */
    int size();
}
