package org.spinel.results.analysis;

import java.util.Arrays;

import org.spinel.results.SpikeTrains;

/**
 * The branching factor σ of a spiking network, the criticality measure of NALSM (Ivanov &amp; Michmizos, NeurIPS
 * 2021; spec nalsm.md): from a spike raster and the network's connectivity, for each spike of neuron j at step t
 * <pre>
 *   pre  = spikes of j's presynaptic neurons in [t − Δ, t)        (taken as 1 when there are none, see below)
 *   post = spikes of j's postsynaptic neurons in [t + 1, t + 1 + Δ)
 *   σ    = post / pre, averaged over j's spikes, then over the neurons that spiked, then over samples
 * </pre>
 * with Δ = {@value #SPEC_WINDOW} steps of 1 ms and only the spikes of steps [25, 225) of each 250-ms sample
 * analysed ({@value #SPEC_DROP} dropped at each end). σ ≈ 1 is critical, &lt; 1 sub-critical, &gt; 1 super-critical.
 * "Presynaptic" and "postsynaptic" are neurons, not synapses: multapses count once, self connections are ignored.
 *
 * <p>The spec's "(at least 1)" for pre is read as a floor ({@link NoPresynapticSpikes#COUNT_AS_ONE}, the default:
 * a spike with no presynaptic activity in its window contributes post/1); {@link NoPresynapticSpikes#SKIP} leaves
 * such spikes out instead.
 *
 * <p>Works on arrays only (it knows nothing of the engine). The estimator is streaming: {@link #begin} a sample,
 * feed it one step at a time with {@link #step} (allocation-free, so a protocol can feed it while a simulation runs,
 * without keeping the raster), and {@link #end} it; a spike's ratio is resolved Δ steps after it, and steps after the
 * last one fed count as silent. {@link #sample(SpikeTrains, long, long)} does the same for a recorded raster. The
 * per-sample values are averaged by {@link #mean()}. Not thread-safe (one instance per thread).
 */
public final class BranchingFactor {
    /** The spec's window Δ in steps (1 step = 1 ms). */
    public static final int SPEC_WINDOW = 4;
    /** Steps dropped at each end of a sample in the spec (25 of 250 ms). */
    public static final int SPEC_DROP = 25;

    /** What a spike without any presynaptic spike in its window contributes. */
    public enum NoPresynapticSpikes {
        /** pre is taken as 1: the ratio is post (the spec's "at least 1"). */
        COUNT_AS_ONE,
        /** The spike is left out of the averages. */
        SKIP
    }

    private final int n, window;
    private final int[] outStart, out, inStart, in;
    private final NoPresynapticSpikes mode;
    // streaming state
    private final int[] cnt;
    private final int[][] ring, ringPre;
    private final int[] ringCount;
    private final long[] ringStep;
    private final double[] sum;
    private final int[] spikes;
    private long from, to, last;
    private boolean open;
    private double sampleSum;
    private int sampleCount;

    /**
     * The spec's estimator (Δ = 4 steps, pre floored at 1) for {@code neurons} neurons whose connectivity is given
     * as outgoing CSR: neuron j's postsynaptic neurons are {@code targets[rowStart[j] .. rowStart[j + 1])}.
     */
    public BranchingFactor(int neurons, int[] rowStart, int[] targets) {
        this(neurons, rowStart, targets, SPEC_WINDOW, NoPresynapticSpikes.COUNT_AS_ONE);
    }

    /**
     * @param neurons  number of neurons N (indices 0..N−1)
     * @param rowStart outgoing CSR row starts (length N + 1)
     * @param targets  postsynaptic neuron of each connection
     * @param window   Δ in steps (&ge; 1)
     * @param mode     treatment of spikes without presynaptic spikes in their window
     */
    public BranchingFactor(int neurons, int[] rowStart, int[] targets, int window, NoPresynapticSpikes mode) {
        if (neurons < 1) {
            throw new IllegalArgumentException("BranchingFactor.neurons = " + neurons + ": expected at least 1");
        }
        if (window < 1) {
            throw new IllegalArgumentException("BranchingFactor.window = " + window + ": expected at least 1 step");
        }
        if (mode == null) {
            throw new IllegalArgumentException("BranchingFactor.mode: expected COUNT_AS_ONE or SKIP");
        }
        if (rowStart.length != neurons + 1 || rowStart[0] != 0 || rowStart[neurons] > targets.length) {
            throw new IllegalArgumentException("BranchingFactor.rowStart: expected " + (neurons + 1) + " row starts from 0 "
                    + "to at most targets.length = " + targets.length + ", found " + rowStart.length + " entries");
        }
        this.n = neurons;
        this.window = window;
        this.mode = mode;
        // Deduplicated neighbour sets without self connections, outgoing and incoming.
        int[] count = new int[neurons];
        int[][] rows = new int[neurons][];
        for (int j = 0; j < neurons; j++) {
            if (rowStart[j + 1] < rowStart[j]) {
                throw new IllegalArgumentException("BranchingFactor.rowStart[" + (j + 1) + "] = " + rowStart[j + 1]
                        + ": expected a value >= rowStart[" + j + "] = " + rowStart[j]);
            }
            int[] r = Arrays.copyOfRange(targets, rowStart[j], rowStart[j + 1]);
            Arrays.sort(r);
            int m = 0;
            for (int k = 0; k < r.length; k++) {
                if (r[k] < 0 || r[k] >= neurons) {
                    throw new IllegalArgumentException("BranchingFactor.targets: neuron " + r[k] + " in row " + j
                            + ", expected an index in [0, " + (neurons - 1) + "]");
                }
                if (r[k] != j && (m == 0 || r[m - 1] != r[k])) {
                    r[m++] = r[k];
                }
            }
            rows[j] = Arrays.copyOf(r, m);
            for (int k = 0; k < m; k++) {
                count[rows[j][k]]++;
            }
        }
        outStart = new int[neurons + 1];
        inStart = new int[neurons + 1];
        for (int j = 0; j < neurons; j++) {
            outStart[j + 1] = outStart[j] + rows[j].length;
            inStart[j + 1] = inStart[j] + count[j];
        }
        out = new int[outStart[neurons]];
        in = new int[inStart[neurons]];
        int[] fill = Arrays.copyOf(inStart, neurons);
        for (int j = 0; j < neurons; j++) {
            System.arraycopy(rows[j], 0, out, outStart[j], rows[j].length);
            for (int i : rows[j]) {
                in[fill[i]++] = j;
            }
        }
        cnt = new int[neurons];
        ring = new int[window + 1][neurons];
        ringPre = new int[window + 1][neurons];
        ringCount = new int[window + 1];
        ringStep = new long[window + 1];
        sum = new double[neurons];
        spikes = new int[neurons];
    }

    /**
     * The spec's estimator for connectivity given as (pre, post) pairs, e.g. the synapses of several projections
     * concatenated with population offsets.
     */
    public static BranchingFactor fromPairs(int neurons, int[] pre, int[] post, int window, NoPresynapticSpikes mode) {
        if (pre.length != post.length) {
            throw new IllegalArgumentException("BranchingFactor.fromPairs: pre and post differ in length (" + pre.length
                    + " vs " + post.length + ")");
        }
        int[] rowStart = new int[neurons + 1];
        for (int j : pre) {
            if (j < 0 || j >= neurons) {
                throw new IllegalArgumentException("BranchingFactor.fromPairs: pre neuron " + j + ", expected an index in [0, "
                        + (neurons - 1) + "]");
            }
            rowStart[j + 1]++;
        }
        for (int j = 0; j < neurons; j++) {
            rowStart[j + 1] += rowStart[j];
        }
        int[] targets = new int[pre.length];
        int[] fill = Arrays.copyOf(rowStart, neurons);
        for (int k = 0; k < pre.length; k++) {
            targets[fill[pre[k]]++] = post[k];
        }
        return new BranchingFactor(neurons, rowStart, targets, window, mode);
    }

    /** Number of neurons. */
    public int neurons() {
        return n;
    }

    /** Window Δ in steps. */
    public int window() {
        return window;
    }

    // ------------------------------------------------------------------ streaming

    /**
     * Starts a sample: the spikes of steps [{@code analyseFrom}, {@code analyseTo}) will be analysed (the spec: 25
     * and 225 for a 250-step sample); earlier and later spikes still count as pre and post activity.
     */
    public void begin(long analyseFrom, long analyseTo) {
        if (analyseTo < analyseFrom) {
            throw new IllegalArgumentException("BranchingFactor.begin: analyseTo = " + analyseTo + " < analyseFrom = "
                    + analyseFrom);
        }
        from = analyseFrom;
        to = analyseTo;
        last = Long.MIN_VALUE;
        Arrays.fill(cnt, 0);
        Arrays.fill(ringCount, 0);
        Arrays.fill(ringStep, Long.MIN_VALUE);
        Arrays.fill(sum, 0);
        Arrays.fill(spikes, 0);
        open = true;
    }

    /**
     * Feeds the spikes of one step: {@code senders[0 .. count)} (each neuron at most once). Steps must increase;
     * skipped steps are silent.
     */
    public void step(long step, int[] senders, int count) {
        if (!open) {
            throw new IllegalStateException("BranchingFactor.step: call begin(from, to) first");
        }
        if (step <= last) {
            throw new IllegalArgumentException("BranchingFactor.step: step " + step + " after step " + last
                    + ", expected increasing steps");
        }
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("BranchingFactor.step: count = " + count + ", expected 0.." + n);
        }
        if (last != Long.MIN_VALUE) {
            // Silent steps in between; after Δ of them every pending spike is resolved and the window is empty.
            for (long s = last + 1, stop = Math.min(step - 1, last + window); s <= stop; s++) {
                advance(s, senders, 0);
            }
        }
        advance(step, senders, count);
    }

    /** Ends the sample (the steps after the last one fed are silent) and returns its σ (NaN if no spike analysed). */
    public double end() {
        if (!open) {
            throw new IllegalStateException("BranchingFactor.end: no sample begun");
        }
        if (last != Long.MIN_VALUE) {
            for (long s = last + 1, e = last + window; s <= e; s++) {
                advance(s, cnt, 0);
            }
        }
        open = false;
        double total = 0;
        int neuronsWithSpikes = 0;
        for (int j = 0; j < n; j++) {
            if (spikes[j] > 0) {
                total += sum[j] / spikes[j];
                neuronsWithSpikes++;
            }
        }
        if (neuronsWithSpikes == 0) {
            return Double.NaN;
        }
        double sigma = total / neuronsWithSpikes;
        sampleSum += sigma;
        sampleCount++;
        return sigma;
    }

    private void advance(long t, int[] senders, int count) {
        int slot = (int) Math.floorMod(t, (long) (window + 1));
        // a. pre of this step's spikes: cnt holds [t − Δ, t − 1].
        int[] list = ring[slot], pres = ringPre[slot];
        for (int k = 0; k < count; k++) {
            int j = senders[k];
            if (j < 0 || j >= n) {
                throw new IllegalArgumentException("BranchingFactor.step: sender " + j + " at step " + t
                        + ", expected an index in [0, " + (n - 1) + "]");
            }
            int pre = 0;
            for (int q = inStart[j], e = inStart[j + 1]; q < e; q++) {
                pre += cnt[in[q]];
            }
            list[k] = j;
            pres[k] = pre;
        }
        ringCount[slot] = count;
        ringStep[slot] = t;
        // b. window moves to [t − Δ + 1, t].
        for (int k = 0; k < count; k++) {
            cnt[list[k]]++;
        }
        long old = t - window;
        int oldSlot = (int) Math.floorMod(old, (long) (window + 1));
        if (ringStep[oldSlot] == old) {
            int[] ol = ring[oldSlot];
            for (int k = 0, c = ringCount[oldSlot]; k < c; k++) {
                cnt[ol[k]]--;
            }
            // c. the spikes of step t − Δ now see their whole post window [t − Δ + 1, t].
            if (old >= from && old < to) {
                int[] op = ringPre[oldSlot];
                for (int k = 0, c = ringCount[oldSlot]; k < c; k++) {
                    int j = ol[k];
                    int pre = op[k];
                    if (pre == 0 && mode == NoPresynapticSpikes.SKIP) {
                        continue;
                    }
                    int post = 0;
                    for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
                        post += cnt[out[q]];
                    }
                    sum[j] += post / (double) Math.max(pre, 1);
                    spikes[j]++;
                }
            }
        }
        last = t;
    }

    // ------------------------------------------------------------------ batch

    /**
     * σ of one recorded sample, from parallel arrays of spike steps (non-decreasing) and senders; spikes of steps
     * [{@code analyseFrom}, {@code analyseTo}) are analysed. Also counted in {@link #mean()}.
     */
    public double sample(long[] steps, int[] senders, long analyseFrom, long analyseTo) {
        if (steps.length != senders.length) {
            throw new IllegalArgumentException("BranchingFactor.sample: steps and senders differ in length ("
                    + steps.length + " vs " + senders.length + ")");
        }
        begin(analyseFrom, analyseTo);
        try {
            feed(steps, senders);
        } catch (RuntimeException e) {
            open = false;
            throw e;
        }
        return end();
    }

    private void feed(long[] steps, int[] senders) {
        int[] buf = new int[n];
        boolean[] seen = new boolean[n];
        int k = 0;
        while (k < steps.length) {
            long t = steps[k];
            int c = 0;
            while (k < steps.length && steps[k] == t) {
                int j = senders[k++];
                if (j < 0 || j >= n) {
                    throw new IllegalArgumentException("BranchingFactor.sample: sender " + j + " at step " + t
                            + ", expected an index in [0, " + (n - 1) + "]");
                }
                if (!seen[j]) { // a neuron spikes at most once per step
                    seen[j] = true;
                    buf[c++] = j;
                }
            }
            if (k < steps.length && steps[k] < t) {
                throw new IllegalArgumentException("BranchingFactor.sample: steps must not decrease (step " + steps[k]
                        + " after " + t + ")");
            }
            for (int q = 0; q < c; q++) {
                seen[buf[q]] = false;
            }
            step(t, buf, c);
        }
    }

    /** σ of one recorded sample of these neurons (see {@link #sample(long[], int[], long, long)}). */
    public double sample(SpikeTrains s, long analyseFrom, long analyseTo) {
        if (s.size() != n) {
            throw new IllegalArgumentException("BranchingFactor.sample: population \"" + s.population() + "\" has "
                    + s.size() + " neurons, the connectivity " + n);
        }
        return sample(s.steps(), s.senders(), analyseFrom, analyseTo);
    }

    /** The mean of the per-sample σ so far (samples with no analysed spike excluded); NaN if none. */
    public double mean() {
        return sampleCount == 0 ? Double.NaN : sampleSum / sampleCount;
    }

    /** Number of samples in {@link #mean()}. */
    public int samples() {
        return sampleCount;
    }

    /** Forgets the per-sample values. */
    public void clearSamples() {
        sampleSum = 0;
        sampleCount = 0;
    }
}
