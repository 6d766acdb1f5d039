package org.spinel.networks.plasticity;

/**
 * The running state of a {@link PlasticityRule} on one projection. The engine calls it from the delivery phase
 * of each step: first {@link #onPreSpike} for every presynaptic spike (in ascending neuron order), then
 * {@link #onPostSpike} for every postsynaptic spike of the partition. Calls with different partition indices may
 * run concurrently; an instance must keep per-partition state for anything it writes that another partition
 * reads. Nothing may be allocated per call.
 */
public interface RuleInstance {
    /**
     * Presynaptic neuron {@code pre} spiked at {@code step}; synapses {@code [from, to)} of its row are the ones
     * whose targets the calling partition owns.
     */
    void onPreSpike(int pre, long step, int from, int to, int partition, WeightUpdater updater);

    /** Postsynaptic neuron {@code post} (owned by {@code partition}) spiked at {@code step}. */
    void onPostSpike(int post, long step, int partition, WeightUpdater updater);

    /** Forgets all traces (weights are not the rule's state). */
    void reset();
}
