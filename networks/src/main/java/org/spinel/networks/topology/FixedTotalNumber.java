package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.ParameterException;

/**
 * Exactly {@code n} distinct (pre, post) pairs drawn uniformly from all possible ones (NEST's
 * {@code fixed_total_number} without multapses; PyNN's {@code FixedTotalNumberConnector}). Selection sampling (Knuth,
 * TAOCP vol. 2, Algorithm S) visits every candidate pair once with one uniform draw, so generation costs
 * O(nPre·nPost) and the pairs come out in row-major order.
 *
 * <p>NALSM's input → liquid synapses are ⌊N_liquid·N_input·0.15⌋ pairs over the whole liquid; when the liquid is split
 * into E and I populations, {@link #across} draws the pairs once over the concatenated post populations and hands each
 * projection its share, so the total is exact.
 */
public final class FixedTotalNumber implements Topology {
    private final long n;
    private final boolean allowAutapses;

    /**
     * @param n             number of pairs (&ge; 0)
     * @param allowAutapses whether i → i pairs are candidates (only matters when pre and post are the same population)
     */
    public FixedTotalNumber(long n, boolean allowAutapses) {
        if (n < 0) {
            throw new ParameterException("FixedTotalNumber.n = " + n + ": expected an integer >= 0");
        }
        this.n = n;
        this.allowAutapses = allowAutapses;
    }

    /** The NALSM input count ⌊nPost·nPre·fraction⌋ (e.g. 1000·784·0.15 = 117600), computed without rounding error. */
    public static long ofFraction(int nPre, int nPost, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new ParameterException("FixedTotalNumber fraction = " + fraction + ": expected a value in [0, 1]");
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(fraction))
                .multiply(java.math.BigDecimal.valueOf((long) nPre * nPost));
        return exact.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    /** Number of pairs. */
    public long n() {
        return n;
    }

    @Override
    public SynapsePairs connect(int nPre, int nPost, UniformRandomProvider rng) {
        long candidates = (long) nPre * nPost - (allowAutapses ? 0 : Math.min(nPre, nPost));
        if (n > candidates) {
            throw new ParameterException("FixedTotalNumber.n = " + n + ": expected at most " + candidates
                    + " (the distinct pairs of " + nPre + " pre and " + nPost + " post neurons"
                    + (allowAutapses ? "" : " without autapses") + ")");
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new ParameterException("FixedTotalNumber.n = " + n + ": too many synapses for one projection");
        }
        SynapsePairs out = new SynapsePairs((int) n);
        long need = n, left = candidates;
        for (int j = 0; j < nPre && need > 0; j++) {
            for (int i = 0; i < nPost && need > 0; i++) {
                if (!allowAutapses && i == j) {
                    continue;
                }
                if (rng.nextDouble() * left < need) {
                    out.add(j, i);
                    need--;
                }
                left--;
            }
        }
        return out;
    }

    /**
     * Draws {@code n} distinct pairs uniformly over {@code nPre} pre neurons and the concatenation of several post
     * populations (sizes {@code postSizes}, in order), and returns one topology per post population that yields its
     * share (post indices local to that population). The draw happens here, from {@code rng}; the returned
     * topologies ignore the projection streams they are given.
     */
    public static Topology[] across(int nPre, int[] postSizes, long n, UniformRandomProvider rng) {
        int total = 0;
        for (int k = 0; k < postSizes.length; k++) {
            if (postSizes[k] < 1) {
                throw new ParameterException("FixedTotalNumber.across postSizes[" + k + "] = " + postSizes[k]
                        + ": expected at least 1");
            }
            total = Math.addExact(total, postSizes[k]);
        }
        SynapsePairs all = new FixedTotalNumber(n, true).connect(nPre, total, rng);
        int[] offset = new int[postSizes.length + 1];
        for (int k = 0; k < postSizes.length; k++) {
            offset[k + 1] = offset[k] + postSizes[k];
        }
        SynapsePairs[] parts = new SynapsePairs[postSizes.length];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = new SynapsePairs();
        }
        for (int s = 0; s < all.size(); s++) {
            int i = all.post(s);
            int k = java.util.Arrays.binarySearch(offset, i);
            k = k >= 0 ? k : -k - 2;
            parts[k].add(all.pre(s), i - offset[k]);
        }
        Topology[] t = new Topology[parts.length];
        for (int k = 0; k < parts.length; k++) {
            t[k] = new Share(nPre, postSizes[k], parts[k], k, n);
        }
        return t;
    }

    @Override
    public String describe() {
        return "fixed-total-number(n=" + n + (allowAutapses ? "" : ", no autapses") + ")";
    }

    /** One post population's share of a draw made by {@link #across}. */
    private static final class Share implements Topology {
        final int nPre, nPost, part;
        final long total;
        final int[] pre, post;

        Share(int nPre, int nPost, SynapsePairs pairs, int part, long total) {
            this.nPre = nPre;
            this.nPost = nPost;
            this.part = part;
            this.total = total;
            this.pre = pairs.preArray();
            this.post = pairs.postArray();
        }

        @Override
        public SynapsePairs connect(int nPreUsed, int nPostUsed, UniformRandomProvider rng) {
            if (nPreUsed != nPre || nPostUsed != nPost) {
                throw new ParameterException("FixedTotalNumber.across share " + part + " was drawn for " + nPre + " pre and "
                        + nPost + " post neurons, used between populations of " + nPreUsed + " and " + nPostUsed
                        + ": expected equal sizes");
            }
            return SynapsePairs.of(pre, post);
        }

        @Override
        public String describe() {
            return "fixed-total-number(n=" + total + " across post populations, share " + part + ": " + pre.length + ")";
        }
    }
}
