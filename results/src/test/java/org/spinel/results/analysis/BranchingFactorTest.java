package org.spinel.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.spinel.results.SpikeTrains;
import org.spinel.results.analysis.BranchingFactor.NoPresynapticSpikes;

/**
 * The branching factor: a hand-computed raster (window edges), agreement with a brute-force transcription of the
 * spec's definition on random rasters, streaming = batch, and σ ≈ 0.5, 1, 2 on synthetic branching processes of
 * those ratios.
 */
class BranchingFactorTest {
    /** Chain 0 → 1 → 2 and 0 → 2 (plus a multapse 0 → 1 and a self connection 2 → 2 that must not count). */
    @Test
    void handComputedRasterRespectsTheWindowEdges() {
        int[] pre = {0, 0, 1, 0, 2};
        int[] post = {1, 1, 2, 2, 2};
        BranchingFactor bf = BranchingFactor.fromPairs(3, pre, post, 4, NoPresynapticSpikes.COUNT_AS_ONE);
        // Neuron 0 at 10; neuron 1 at 11 and 20; neuron 2 at 12, 15 (inside 0's window [11, 15)? no: 15 is outside),
        // 14 and 25.
        long[] steps = {10, 11, 12, 14, 15, 20, 25};
        int[] senders = {0, 1, 2, 2, 2, 1, 2};
        // Spike 0@10: pre 0 → 1; post = spikes of {1, 2} in [11, 15) = 1@11, 2@12, 2@14 = 3 → 3.
        // Spike 1@11: pre = spikes of {0} in [7, 11) = 1; post = spikes of {2} in [12, 16) = 3 → 3.
        // Spike 1@20: pre = spikes of {0} in [16, 20) = 0 → 1; post = spikes of {2} in [21, 25) = 0 → 0.
        // Spikes of 2: no postsynaptic neuron (the self connection is ignored) → 0 each.
        // σ = mean over neurons of the mean over their spikes: (3 + (3 + 0)/2 + 0) / 3 = 1.5.
        assertEquals(1.5, bf.sample(steps, senders, 0, 100), 1e-15);
        // Analysing only steps [11, 20): spikes 1@11, 2@12, 2@14, 2@15 → (3 + 0) / 2.
        assertEquals(1.5, bf.sample(steps, senders, 11, 20), 1e-15);
        // SKIP leaves out 0@10 and 1@20 (no presynaptic spike): neuron 1 → 3, neuron 2 → 0: σ = 1.5 as well, but
        // for [0, 11) only 0@10 remains, which SKIP drops: NaN (no analysed spike).
        BranchingFactor skip = BranchingFactor.fromPairs(3, pre, post, 4, NoPresynapticSpikes.SKIP);
        assertTrue(Double.isNaN(skip.sample(steps, senders, 0, 11)));
        assertEquals(3.0, bf.sample(steps, senders, 0, 11), 1e-15);
        // Window Δ = 1: 0@10 → post in [11, 12) = 1@11 only; 1@11 → pre 0@10 = 1, post 2@12 = 1.
        BranchingFactor one = BranchingFactor.fromPairs(3, pre, post, 1, NoPresynapticSpikes.COUNT_AS_ONE);
        assertEquals((1 + 1) / 2.0, one.sample(steps, senders, 10, 12), 1e-15);
    }

    /** The spec's definition, transcribed literally: O(spikes²). */
    static double bruteForce(int n, int[] pre, int[] post, long[] steps, int[] senders, int window, long from, long to,
            NoPresynapticSpikes mode) {
        List<Set<Integer>> in = new ArrayList<>(), out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            in.add(new HashSet<>());
            out.add(new HashSet<>());
        }
        for (int k = 0; k < pre.length; k++) {
            if (pre[k] != post[k]) {
                out.get(pre[k]).add(post[k]);
                in.get(post[k]).add(pre[k]);
            }
        }
        double[] sum = new double[n];
        int[] cnt = new int[n];
        for (int a = 0; a < steps.length; a++) {
            long t = steps[a];
            int j = senders[a];
            if (t < from || t >= to) {
                continue;
            }
            int p = 0, q = 0;
            for (int b = 0; b < steps.length; b++) {
                if (in.get(j).contains(senders[b]) && steps[b] >= t - window && steps[b] < t) {
                    p++;
                }
                if (out.get(j).contains(senders[b]) && steps[b] >= t + 1 && steps[b] < t + 1 + window) {
                    q++;
                }
            }
            if (p == 0 && mode == NoPresynapticSpikes.SKIP) {
                continue;
            }
            sum[j] += q / (double) Math.max(p, 1);
            cnt[j]++;
        }
        double total = 0;
        int m = 0;
        for (int j = 0; j < n; j++) {
            if (cnt[j] > 0) {
                total += sum[j] / cnt[j];
                m++;
            }
        }
        return m == 0 ? Double.NaN : total / m;
    }

    @Test
    void agreesWithTheLiteralDefinitionOnRandomRasters() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        for (int rep = 0; rep < 20; rep++) {
            int n = 30 + rng.nextInt(30);
            int window = 1 + rng.nextInt(6);
            List<int[]> edges = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    if (rng.nextDouble() < 0.12) {
                        edges.add(new int[] {j, i});
                        if (rng.nextDouble() < 0.1) {
                            edges.add(new int[] {j, i}); // multapse
                        }
                    }
                }
            }
            int[] pre = edges.stream().mapToInt(e -> e[0]).toArray(), post = edges.stream().mapToInt(e -> e[1]).toArray();
            List<long[]> sp = new ArrayList<>();
            for (long t = 0; t < 80; t++) {
                if (t > 30 && t < 40) {
                    continue; // a silent gap longer than the window
                }
                for (int j = 0; j < n; j++) {
                    if (rng.nextDouble() < 0.08) {
                        sp.add(new long[] {t, j});
                    }
                }
            }
            long[] steps = sp.stream().mapToLong(e -> e[0]).toArray();
            int[] senders = sp.stream().mapToInt(e -> (int) e[1]).toArray();
            for (NoPresynapticSpikes mode : NoPresynapticSpikes.values()) {
                BranchingFactor bf = BranchingFactor.fromPairs(n, pre, post, window, mode);
                double want = bruteForce(n, pre, post, steps, senders, window, 10, 70, mode);
                assertEquals(want, bf.sample(steps, senders, 10, 70), 1e-12, "rep " + rep + " " + mode);
                // Streaming, step by step, gives the same.
                bf.begin(10, 70);
                int k = 0;
                while (k < steps.length) {
                    long t = steps[k];
                    int[] buf = new int[n];
                    int c = 0;
                    while (k < steps.length && steps[k] == t) {
                        buf[c++] = senders[k++];
                    }
                    bf.step(t, buf, c);
                }
                assertEquals(want, bf.end(), 1e-12, "streaming, rep " + rep);
            }
        }
    }

    /**
     * A synthetic branching process on a random graph of out-degree K: every spike makes each of its K targets spike
     * one step later with probability ratio/K, so each spike has on average {@code ratio} descendants. Each sample
     * starts from {@code seeds} spikes at step 0 and runs {@code steps} steps; the last step is not analysed (its
     * descendants are not generated).
     */
    static double synthetic(double ratio, int seeds, int steps, long seed) {
        int n = 200_000, k = 4;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int[] rowStart = new int[n + 1], targets = new int[n * k];
        for (int j = 0; j < n; j++) {
            rowStart[j + 1] = (j + 1) * k;
            for (int c = 0; c < k; c++) {
                int i;
                do {
                    i = rng.nextInt(n);
                } while (i == j);
                targets[j * k + c] = i;
            }
        }
        BranchingFactor bf = new BranchingFactor(n, rowStart, targets);
        boolean[] fired = new boolean[n];
        for (int sample = 0; sample < 20; sample++) {
            List<Long> st = new ArrayList<>();
            List<Integer> se = new ArrayList<>();
            int[] now = new int[n];
            int count = 0;
            for (int s = 0; s < seeds; s++) {
                int j = rng.nextInt(n);
                if (!fired[j]) {
                    fired[j] = true;
                    now[count++] = j;
                }
            }
            for (long t = 0; t < steps; t++) {
                int[] next = new int[n];
                int nc = 0;
                for (int q = 0; q < count; q++) {
                    int j = now[q];
                    fired[j] = false;
                    st.add(t);
                    se.add(j);
                }
                for (int q = 0; q < count; q++) {
                    int j = now[q];
                    for (int c = rowStart[j]; c < rowStart[j + 1]; c++) {
                        int i = targets[c];
                        if (rng.nextDouble() < ratio / k && !fired[i]) {
                            fired[i] = true;
                            next[nc++] = i;
                        }
                    }
                }
                if (t == steps - 1) {
                    for (int q = 0; q < nc; q++) {
                        fired[next[q]] = false;
                    }
                    break;
                }
                now = next;
                count = nc;
            }
            long[] steps1 = st.stream().mapToLong(Long::longValue).toArray();
            int[] senders = se.stream().mapToInt(Integer::intValue).toArray();
            // Spikes within a step are in generation order, not sorted by neuron: the estimator does not care.
            bf.sample(new SpikeTrains("liquid", n, 1.0, steps1, senders), 0, steps - 1);
        }
        assertEquals(20, bf.samples());
        return bf.mean();
    }

    @Test
    void syntheticBranchingProcessesGiveTheirRatio() {
        double critical = synthetic(1.0, 60, 10, 1);
        double supercritical = synthetic(2.0, 5, 8, 2);
        double subcritical = synthetic(0.5, 150, 8, 3);
        assertEquals(1.0, critical, 0.07, "ratio 1");
        assertEquals(2.0, supercritical, 0.1, "ratio 2");
        assertEquals(0.5, subcritical, 0.05, "ratio 0.5");
    }

    @Test
    void badInputIsNamed() {
        BranchingFactor bf = BranchingFactor.fromPairs(3, new int[] {0}, new int[] {1}, 4, NoPresynapticSpikes.SKIP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bf.sample(new long[] {5, 3}, new int[] {0, 1}, 0, 10));
        assertTrue(e.getMessage().contains("must not decrease"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bf.sample(new long[] {5}, new int[] {7}, 0, 10));
        assertTrue(e.getMessage().contains("sender 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BranchingFactor.fromPairs(3, new int[] {0}, new int[] {3}, 4, NoPresynapticSpikes.SKIP));
        assertTrue(e.getMessage().contains("neuron 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BranchingFactor.fromPairs(3, new int[] {0}, new int[] {1}, 0, NoPresynapticSpikes.SKIP));
        assertTrue(e.getMessage().contains("window = 0"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> bf.step(1, new int[0], 0));
        bf.begin(0, 10);
        bf.step(3, new int[] {0}, 1);
        e = assertThrows(IllegalArgumentException.class, () -> bf.step(3, new int[] {1}, 1));
        assertTrue(e.getMessage().contains("increasing"), e.getMessage());
    }
}
