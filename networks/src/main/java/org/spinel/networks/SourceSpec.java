package org.spinel.networks;

/**
 * A population of spike sources (no state): Poisson generators, prescribed spike times or spikes
 * fed at run time ({@link ExternalSource}). Sources are valid
 * presynaptic sides of projections.
 */
public sealed interface SourceSpec permits PoissonSource, SpikeArraySource, ExternalSource {
    /** Unique name. */
    String name();

    /** Number of sources. */
    int size();
}
