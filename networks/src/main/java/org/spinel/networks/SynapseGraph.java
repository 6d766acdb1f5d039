package org.spinel.networks;

import org.spinel.networks.topology.SynapsePairs;

/**
 * The realised synapses of one event projection in CSR form by presynaptic neuron: the synapses of pre neuron
 * {@code j} are {@code [rowStart[j], rowStart[j+1])}, sorted by target (stable for repeated pairs). Per synapse:
 * an {@code int} target, a {@code float} weight and, when delays differ, a {@code short} delay in steps
 * (otherwise one {@link #uniformDelay()}): at most 10 bytes per synapse.
 *
 * <p>The incoming view ({@link #incomingStart()}, {@link #incomingSynapse()}), needed by plasticity rules that
 * act on post-synaptic spikes, is built on first use.
 */
public final class SynapseGraph {
    private final int nPre, nPost;
    private final int[] rowStart;
    private final int[] target;
    private final float[] weight;
    private final short[] delay;
    private final int uniformDelay;
    private final int maxDelay;
    private volatile int[][] incoming;

    private SynapseGraph(int nPre, int nPost, int[] rowStart, int[] target, float[] weight, short[] delay,
            int uniformDelay, int maxDelay) {
        this.nPre = nPre;
        this.nPost = nPost;
        this.rowStart = rowStart;
        this.target = target;
        this.weight = weight;
        this.delay = delay;
        this.uniformDelay = uniformDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * Builds the CSR graph from pairs with parallel weights and delays (steps, each &ge; 1).
     */
    public static SynapseGraph fromPairs(int nPre, int nPost, SynapsePairs pairs, float[] weights, int[] delays) {
        int m = pairs.size();
        int[] rowStart = new int[nPre + 1];
        for (int k = 0; k < m; k++) {
            int j = pairs.pre(k), i = pairs.post(k);
            if (j < 0 || j >= nPre || i < 0 || i >= nPost) {
                throw new IllegalArgumentException("synapse " + k + " (" + j + " -> " + i + ") outside populations of "
                        + nPre + " and " + nPost + " neurons");
            }
            rowStart[j + 1]++;
        }
        for (int j = 0; j < nPre; j++) {
            rowStart[j + 1] += rowStart[j];
        }
        // Counting sort by post first (stable), then distribute by pre: rows end up sorted by target.
        int[] postStart = new int[nPost + 1];
        for (int k = 0; k < m; k++) {
            postStart[pairs.post(k) + 1]++;
        }
        for (int i = 0; i < nPost; i++) {
            postStart[i + 1] += postStart[i];
        }
        int[] byPost = new int[m];
        for (int k = 0; k < m; k++) {
            byPost[postStart[pairs.post(k)]++] = k;
        }
        int[] fill = rowStart.clone();
        int[] target = new int[m];
        float[] w = new float[m];
        int minD = Integer.MAX_VALUE, maxD = 0;
        for (int d : delays) {
            minD = Math.min(minD, d);
            maxD = Math.max(maxD, d);
        }
        if (m > 0 && minD < 1) {
            throw new IllegalArgumentException("synaptic delay of " + minD + " steps: expected at least 1 step");
        }
        if (maxD > Short.MAX_VALUE) {
            throw new IllegalArgumentException("synaptic delay of " + maxD + " steps: expected at most " + Short.MAX_VALUE);
        }
        boolean uniform = m == 0 || minD == maxD;
        short[] dl = uniform ? null : new short[m];
        for (int q = 0; q < m; q++) {
            int k = byPost[q];
            int pos = fill[pairs.pre(k)]++;
            target[pos] = pairs.post(k);
            w[pos] = weights[k];
            if (dl != null) {
                dl[pos] = (short) delays[k];
            }
        }
        return new SynapseGraph(nPre, nPost, rowStart, target, w, dl, uniform ? (m == 0 ? 1 : minD) : -1,
                m == 0 ? 1 : maxD);
    }

    /** Presynaptic population size. */
    public int nPre() {
        return nPre;
    }

    /** Postsynaptic population size. */
    public int nPost() {
        return nPost;
    }

    /** Number of synapses. */
    public int size() {
        return target.length;
    }

    /** Row offsets (length nPre + 1); shared, do not modify. */
    public int[] rowStart() {
        return rowStart;
    }

    /** Target of each synapse; shared, do not modify. */
    public int[] targets() {
        return target;
    }

    /** Initial weights (copy). */
    public float[] weights() {
        return weight.clone();
    }

    /** Weight of synapse s. */
    public float weight(int s) {
        return weight[s];
    }

    /** Per-synapse delays in steps, or {@code null} when all are {@link #uniformDelay()}; shared. */
    public short[] delays() {
        return delay;
    }

    /** The common delay (steps) when {@link #delays()} is null, else -1. */
    public int uniformDelay() {
        return uniformDelay;
    }

    /** Delay of synapse s in steps. */
    public int delay(int s) {
        return delay == null ? uniformDelay : delay[s];
    }

    /** Largest delay in steps. */
    public int maxDelay() {
        return maxDelay;
    }

    /** Bytes allocated for the connectivity arrays (row offsets, targets, weights, delays). */
    public long bytes() {
        return 4L * rowStart.length + 4L * target.length + 4L * weight.length + (delay == null ? 0 : 2L * delay.length);
    }

    /** Offsets into {@link #incomingSynapse()} per post neuron (length nPost + 1). */
    public int[] incomingStart() {
        return incoming()[0];
    }

    /** Synapse indices grouped by post neuron, ascending by pre within a group. */
    public int[] incomingSynapse() {
        return incoming()[1];
    }

    /** Pre neuron of each synapse (derived, built with the incoming view). */
    public int[] sources() {
        return incoming()[2];
    }

    private int[][] incoming() {
        int[][] in = incoming;
        if (in == null) {
            synchronized (this) {
                in = incoming;
                if (in == null) {
                    int m = target.length;
                    int[] start = new int[nPost + 1];
                    for (int t : target) {
                        start[t + 1]++;
                    }
                    for (int i = 0; i < nPost; i++) {
                        start[i + 1] += start[i];
                    }
                    int[] fill = start.clone();
                    int[] syn = new int[m];
                    int[] src = new int[m];
                    for (int j = 0; j < nPre; j++) {
                        for (int s = rowStart[j]; s < rowStart[j + 1]; s++) {
                            syn[fill[target[s]]++] = s;
                            src[s] = j;
                        }
                    }
                    in = new int[][] {start, syn, src};
                    incoming = in;
                }
            }
        }
        return in;
    }
}
