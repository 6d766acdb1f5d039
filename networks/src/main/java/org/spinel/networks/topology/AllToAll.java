package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;

/** Every pre neuron to every post neuron; i → i skipped unless autapses are allowed (same-size populations). */
public final class AllToAll implements Topology {
    private final boolean allowAutapses;

    /** @param allowAutapses whether i → i pairs are kept */
    public AllToAll(boolean allowAutapses) {
        this.allowAutapses = allowAutapses;
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        SynapsePairs p = new SynapsePairs((int) Math.min(Integer.MAX_VALUE - 16, (long) nPre * nPost));
        for (int j = 0; j < nPre; j++) {
            for (int i = 0; i < nPost; i++) {
                if (allowAutapses || i != j) {
                    p.add(j, i);
                }
            }
        }
        return p;
    }

    @Override
    public String describe() {
        return "all-to-all" + (allowAutapses ? "" : "(no autapses)");
    }
}
