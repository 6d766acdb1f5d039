package org.spinel.experiments.examples;

import java.util.Map;

import org.spinel.networks.Network;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.ChialvoNeuron;

/**
 * A ring-star network of Chialvo maps with pairwise and higher-order (triangle) diffusive coupling
 * (../shared/specs/chialvo-ring-star.md): hub 0, ring 1..n−1 of range R, the chaotic-bursting parameter set
 * a = 0.89, b = 0.18, c = 0.28, k0 = 0.03, initial x, y uniform in [0, 1) and [1, 1.2) per node (seeded).
 */
public final class ChialvoRingStarNetwork {
    private ChialvoRingStarNetwork() {
    }

    /**
     * @param n          nodes including the hub
     * @param r          ring range
     * @param mu         hub–ring coupling μ
     * @param sigma      ring coupling σ (normalised by 2R)
     * @param sigma2Hub  strength of hub-containing triangles
     * @param sigma2Ring strength of ring-only triangles
     * @param seed       root seed
     */
    public static Network build(int n, int r, double mu, double sigma, double sigma2Hub, double sigma2Ring, long seed) {
        return build(n, r, mu, sigma, sigma2Hub, sigma2Ring, seed, true);
    }

    /** As above; {@code record} = false records nothing (benchmarks of large networks). */
    public static Network build(int n, int r, double mu, double sigma, double sigma2Hub, double sigma2Ring, long seed,
            boolean record) {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).threshold(1.0).build();
        RingStarTopology t = new RingStarTopology(n, r);
        Map<String, ValueDistribution> init = Map.of("x", Values.uniform(0, 1), "y", Values.uniform(1, 1.2));
        Network.Builder b = Network.builder().dt(1).seed(seed)
                .population("ring-star", n, m, init)
                .coupling("diffusive", "ring-star", "x", t.coupling(mu, sigma, sigma2Hub, sigma2Ring));
        if (record) {
            b.recordSpikes("ring-star").recordState("ring-star", "x", null, 1);
        }
        return b.build();
    }
}
