package org.spinel.networks.engine;

/**
 * Supplies the spikes of an {@link org.spinel.networks.ExternalSource} step by step (a dataset sample's input code,
 * drawn as the simulation runs so that nothing is stored per sample). The engine calls {@link #spikes} once per
 * step, in increasing step order, from one thread at a time.
 */
@FunctionalInterface
public interface SpikeFeed {
    /**
     * Writes the sources that spike in {@code step} into {@code out} in increasing order, each at most once, and
     * returns how many; allocates nothing.
     *
     * @param step the simulation step ({@link Simulation#step()} numbering)
     * @param out  room for one entry per source
     */
    int spikes(long step, int[] out);
}
