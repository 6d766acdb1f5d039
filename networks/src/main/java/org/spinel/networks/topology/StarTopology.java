package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.ParameterException;

/** A star: hub node 0 linked in both directions to every other node. */
public final class StarTopology implements Topology {
    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        if (nPre != nPost) {
            throw new ParameterException("star between populations of " + nPre + " and " + nPost
                    + " neurons: expected equal sizes");
        }
        SynapsePairs p = new SynapsePairs(2 * nPre);
        for (int i = 1; i < nPre; i++) {
            p.add(0, i);
            p.add(i, 0);
        }
        return p;
    }

    @Override
    public String describe() {
        return "star(hub=0)";
    }
}
