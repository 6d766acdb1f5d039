package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.Check;

/**
 * Each (pre, post) pair is connected independently with probability {@code p} (Brian 2's {@code connect(p=...)},
 * PyNN's {@code FixedProbabilityConnector}). Generation costs O(number of synapses), not O(nPre·nPost): the gaps
 * between successive connected pairs in the row-major pair index are drawn from the geometric distribution
 * {@code ⌊ln U / ln(1 − p)⌋}.
 */
public final class FixedProbability implements Topology {
    private final double p;
    private final boolean allowAutapses;

    /**
     * @param p             connection probability in [0, 1]
     * @param allowAutapses whether i → i pairs are allowed (only matters when pre and post are the same population)
     */
    public FixedProbability(double p, boolean allowAutapses) {
        this.p = Check.probability("FixedProbability.p", p);
        this.allowAutapses = allowAutapses;
    }

    /** Connection probability. */
    public double p() {
        return p;
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        long total = (long) nPre * nPost;
        SynapsePairs out = new SynapsePairs((int) Math.min(Integer.MAX_VALUE - 16, (long) (total * p * 1.01) + 16));
        if (p == 0 || total == 0) {
            return out;
        }
        double logQ = Math.log1p(-p);
        long k = -1;
        while (true) {
            if (p >= 1) {
                k++;
            } else {
                double u = rng.nextDouble();
                double gap = Math.floor(Math.log1p(-u) / logQ);
                if (gap >= total) {
                    break;
                }
                k += 1 + (long) gap;
            }
            if (k >= total) {
                break;
            }
            int j = (int) (k / nPost), i = (int) (k % nPost);
            if (allowAutapses || i != j) {
                out.add(j, i);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "fixed-probability(p=" + p + (allowAutapses ? "" : ", no autapses") + ")";
    }
}
