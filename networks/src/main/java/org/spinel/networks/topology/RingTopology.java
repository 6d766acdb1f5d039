package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/** A ring: each node linked, in both directions, to its {@code r} nearest neighbours on each side. */
public final class RingTopology implements Topology {
    private final int r;

    /** @param r neighbours on each side (&ge; 1) */
    public RingTopology(int r) {
        this.r = Check.atLeast("RingTopology.R", r, 1);
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        if (nPre != nPost) {
            throw new ParameterException("ring between populations of " + nPre + " and " + nPost
                    + " neurons: expected equal sizes");
        }
        int n = nPre;
        if (2 * r >= n) {
            throw new ParameterException("RingTopology.R = " + r + ": expected 2R < n = " + n);
        }
        SynapsePairs p = new SynapsePairs(2 * r * n);
        for (int i = 0; i < n; i++) {
            for (int d = 1; d <= r; d++) {
                p.add(i, (i + d) % n);
                p.add(i, (i - d + n) % n);
            }
        }
        return p;
    }

    @Override
    public String describe() {
        return "ring(R=" + r + ")";
    }
}
