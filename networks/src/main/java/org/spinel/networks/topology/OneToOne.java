package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.ParameterException;

/** Neuron i to neuron i; both populations must have the same size. */
public final class OneToOne implements Topology {
    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        if (nPre != nPost) {
            throw new ParameterException("one-to-one between populations of " + nPre + " and " + nPost
                    + " neurons: expected equal sizes");
        }
        SynapsePairs p = new SynapsePairs(nPre);
        for (int i = 0; i < nPre; i++) {
            p.add(i, i);
        }
        return p;
    }

    @Override
    public String describe() {
        return "one-to-one";
    }
}
