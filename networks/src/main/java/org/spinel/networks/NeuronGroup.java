package org.spinel.networks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.neurons.ParameterException;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.analysis.BranchingFactor;

/**
 * Several populations of a network seen as one index space (each population's neurons at an offset, in the order
 * given), for analyses of a whole liquid split into E and I populations: its internal connectivity (the synapses of
 * every projection whose pre and post both belong to the group) and its merged spike raster. The bridge from a
 * {@link Network} and its {@link Recording} to {@link BranchingFactor}, which works on arrays only.
 */
public final class NeuronGroup {
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int size;
    private final int[] pre, post;

    /**
     * @param network     the network
     * @param populations the group's populations, in index order (at least one, no repeats)
     */
    public NeuronGroup(Network network, String... populations) {
        if (populations.length == 0) {
            throw new ParameterException("NeuronGroup: expected at least one population");
        }
        int n = 0;
        for (String p : populations) {
            if (!network.populations().containsKey(p)) {
                throw new ParameterException("NeuronGroup population \"" + p + "\" does not exist: expected one of the "
                        + "populations " + network.populations().keySet());
            }
            if (offsets.put(p, n) != null) {
                throw new ParameterException("NeuronGroup population \"" + p + "\" is listed twice");
            }
            n += network.populations().get(p).size();
        }
        size = n;
        List<int[]> pres = new ArrayList<>(), posts = new ArrayList<>();
        int m = 0;
        for (ProjectionSpec pr : network.projections().values()) {
            Integer a = offsets.get(pr.pre()), b = offsets.get(pr.post());
            if (a == null || b == null) {
                continue;
            }
            SynapseGraph g = network.graph(pr.name());
            int[] rs = g.rowStart(), tg = g.targets();
            int[] p = new int[g.size()], q = new int[g.size()];
            for (int j = 0; j < g.nPre(); j++) {
                for (int s = rs[j]; s < rs[j + 1]; s++) {
                    p[s] = a + j;
                    q[s] = b + tg[s];
                }
            }
            pres.add(p);
            posts.add(q);
            m += p.length;
        }
        pre = new int[m];
        post = new int[m];
        int k = 0;
        for (int c = 0; c < pres.size(); c++) {
            System.arraycopy(pres.get(c), 0, pre, k, pres.get(c).length);
            System.arraycopy(posts.get(c), 0, post, k, posts.get(c).length);
            k += pres.get(c).length;
        }
    }

    /** Number of neurons in the group. */
    public int size() {
        return size;
    }

    /** Index of a population's neuron 0 in the group. */
    public int offset(String population) {
        Integer o = offsets.get(population);
        if (o == null) {
            throw new ParameterException("NeuronGroup population \"" + population + "\" is not in the group "
                    + offsets.keySet());
        }
        return o;
    }

    /** Presynaptic group index of every internal synapse (copy; parallel to {@link #internalPost()}). */
    public int[] internalPre() {
        return pre.clone();
    }

    /** Postsynaptic group index of every internal synapse (copy). */
    public int[] internalPost() {
        return post.clone();
    }

    /**
     * The group's spikes as one raster named {@code name} (ordered by step, then group index), from a recording
     * that holds the spikes of every population of the group.
     */
    public SpikeTrains mergeSpikes(Recording recording, String name) {
        int total = 0;
        List<SpikeTrains> parts = new ArrayList<>();
        for (String p : offsets.keySet()) {
            SpikeTrains s = recording.spikes().get(p);
            if (s == null) {
                throw new ParameterException("NeuronGroup: no spikes of population \"" + p + "\" were recorded (recorded: "
                        + recording.spikes().keySet() + "); record the spikes of every population of the group");
            }
            parts.add(s);
            total += s.count();
        }
        long[] key = new long[total];
        int k = 0;
        double dt = parts.get(0).dt();
        int c = 0;
        for (String p : offsets.keySet()) {
            SpikeTrains s = parts.get(c++);
            int off = offsets.get(p);
            for (int q = 0; q < s.count(); q++) {
                key[k++] = s.step(q) * size + off + s.sender(q);
            }
        }
        Arrays.sort(key);
        long[] steps = new long[total];
        int[] senders = new int[total];
        for (int q = 0; q < total; q++) {
            steps[q] = key[q] / size;
            senders[q] = (int) (key[q] % size);
        }
        return new SpikeTrains(name, size, dt, steps, senders);
    }

    /** The spec's branching-factor estimator (Δ = 4 steps, pre floored at 1) on the group's internal connectivity. */
    public BranchingFactor branchingFactor() {
        return BranchingFactor.fromPairs(size, pre, post, BranchingFactor.SPEC_WINDOW,
                BranchingFactor.NoPresynapticSpikes.COUNT_AS_ONE);
    }
}
