package org.spinel.experiments.lsm;

import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.encoding.BernoulliEncoder;
import org.spinel.networks.NeuronGroup;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.engine.SpikeFeed;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.analysis.BranchingFactor;

/**
 * One independent liquid of the feature phase: its own single-threaded {@link Simulation} of the feature network,
 * which presents one sample at a time starting from given weights (nalsm.md "Protocol" 2: every sample starts from
 * W_INI with all state reset) and returns the spike count of each liquid neuron, optionally with the sample's
 * branching factor. Several workers run side by side on the same weights; a sample's result depends only on the
 * weights and the sample's own random stream, so it does not depend on which worker runs it.
 */
final class LiquidWorker implements AutoCloseable {
    private final Simulation sim;
    private final String input;
    private final String[] liquid;
    private final int[] offsets;
    private final NeuronGroup group;
    private final BranchingFactor bf;
    private final float[] probabilities;
    private final BernoulliFeed feed;
    private final long steps;
    /** Steps dropped at each end of a sample for the branching factor (the spec's 25 ms). */
    private final long drop;

    /**
     * @param group the liquid as one index space (its internal synapses define the branching factor)
     * @param steps presentation length in steps
     */
    LiquidWorker(Backend backend, org.spinel.networks.Network net, String input, String[] liquid, NeuronGroup group,
            long steps) {
        this.sim = backend.compile(net, SimulationOptions.threads(1));
        this.input = input;
        this.liquid = liquid.clone();
        this.group = group;
        this.offsets = new int[liquid.length];
        for (int k = 0; k < liquid.length; k++) {
            offsets[k] = group.offset(liquid[k]);
        }
        this.bf = group.branchingFactor();
        this.probabilities = new float[net.sizeOf(input)];
        this.feed = new BernoulliFeed(probabilities);
        this.steps = steps;
        this.drop = Math.round(BranchingFactor.SPEC_DROP / net.dt());
    }

    /** Number of liquid neurons (features per sample). */
    int liquidSize() {
        return group.size();
    }

    /** Sets every projection's weights (the organised W_INI, or a checkpoint of the initialisation phase). */
    void setWeights(Map<String, float[]> weights) {
        for (var e : weights.entrySet()) {
            sim.setWeights(e.getKey(), e.getValue());
        }
    }

    /**
     * Presents image {@code index} of {@code images} for the worker's presentation length, from {@code weights}, with
     * the input code drawn from {@code rng}; writes the liquid's spike counts (group order) into
     * {@code counts[row·N ..]} and returns the sample's branching factor when {@code branching} (else NaN).
     */
    double present(Map<String, float[]> weights, LabeledImages images, int index, BernoulliEncoder encoder,
            UniformRandomProvider rng, float[] counts, int row, boolean branching) {
        sim.reset();
        setWeights(weights);
        encoder.probabilities(images, index, probabilities);
        feed.rng = rng;
        sim.feed(input, feed);
        sim.runSteps(steps);
        Recording rec = sim.recording();
        int n = group.size();
        int base = row * n;
        for (int k = 0; k < liquid.length; k++) {
            SpikeTrains s = rec.spikes().get(liquid[k]);
            int off = base + offsets[k];
            for (int q = 0, m = s.count(); q < m; q++) {
                counts[off + s.sender(q)] += 1;
            }
        }
        if (!branching) {
            return Double.NaN;
        }
        long from = steps > 2 * drop + BranchingFactor.SPEC_WINDOW ? drop : 0;
        return bf.sample(group.mergeSpikes(rec, "liquid"), from, steps - from);
    }

    @Override
    public void close() {
        sim.close();
    }

    /**
     * The NALSM input code as a {@link SpikeFeed}: each step, unit p spikes with probability p_p (nalsm.md "Input
     * encoding"), drawn by {@link BernoulliEncoder#sampleStep} from the sample's own stream; allocates nothing.
     */
    static final class BernoulliFeed implements SpikeFeed {
        private final float[] probabilities;
        UniformRandomProvider rng;

        BernoulliFeed(float[] probabilities) {
            this.probabilities = probabilities;
        }

        @Override
        public int spikes(long step, int[] out) {
            return BernoulliEncoder.sampleStep(probabilities, rng, out);
        }
    }
}
