package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Each post neuron receives exactly {@code k} synapses from pre neurons drawn uniformly, without replacement
 * (distinct sources; partial Fisher–Yates) or with replacement (multapses possible). NEST's
 * {@code fixed_indegree}.
 */
public final class FixedInDegree implements Topology {
    private final int k;
    private final boolean allowAutapses, withReplacement;

    /**
     * @param k               synapses per post neuron (&ge; 0)
     * @param allowAutapses   whether i → i is allowed (same-size populations)
     * @param withReplacement whether a source may be drawn twice for one target
     */
    public FixedInDegree(int k, boolean allowAutapses, boolean withReplacement) {
        this.k = Check.atLeast("FixedInDegree.k", k, 0);
        this.allowAutapses = allowAutapses;
        this.withReplacement = withReplacement;
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        boolean same = nPre == nPost && !allowAutapses;
        int available = same ? nPre - 1 : nPre;
        if (!withReplacement && k > available) {
            throw new ParameterException("FixedInDegree.k = " + k + ": expected an integer <= " + available
                    + " (the available sources) without replacement");
        }
        if (withReplacement && k > 0 && available < 1) {
            throw new ParameterException("FixedInDegree.k = " + k + ": no source is available");
        }
        SynapsePairs p = new SynapsePairs((int) Math.min(Integer.MAX_VALUE - 16, (long) k * nPost));
        int[] pool = new int[nPre];
        for (int i = 0; i < nPost; i++) {
            if (withReplacement) {
                for (int c = 0; c < k; c++) {
                    int j;
                    do {
                        j = rng.nextInt(nPre);
                    } while (same && j == i);
                    p.add(j, i);
                }
            } else {
                int m = 0;
                for (int j = 0; j < nPre; j++) {
                    if (!(same && j == i)) {
                        pool[m++] = j;
                    }
                }
                for (int c = 0; c < k; c++) {
                    int r = c + rng.nextInt(m - c);
                    int t = pool[c];
                    pool[c] = pool[r];
                    pool[r] = t;
                    p.add(pool[c], i);
                }
            }
        }
        return p;
    }

    @Override
    public String describe() {
        return "fixed-in-degree(k=" + k + (withReplacement ? ", with replacement" : "") + ")";
    }
}
