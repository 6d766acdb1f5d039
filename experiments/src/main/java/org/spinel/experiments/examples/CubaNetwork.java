package org.spinel.experiments.examples;

import java.util.Map;

import org.spinel.networks.Network;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.neurons.LifCurrentNeuron;

/**
 * The CUBA benchmark network of Brette et al. (2007), J. Comput. Neurosci. 23:349, as in Brian 2's
 * {@code examples/CUBA.py}: N LIF neurons (80 % excitatory, 20 % inhibitory), τm 20 ms, τe 5 ms, τi 10 ms, rest
 * −49 mV, threshold −50 mV, reset −60 mV, refractory 5 ms, we = 1.62 mV, wi = −9 mV, connection probability 0.02
 * at N = 4000 and 80/N otherwise, v0 ~ U(−60, −50) mV, dt = 0.1 ms, exact integration. Our minimum delay is one
 * step (0.1 ms) where Brian 2 delivers within the step.
 */
public final class CubaNetwork {
    private CubaNetwork() {
    }

    /** Fewest neurons: the connection probability 80 / n must not exceed 1. */
    public static final int MIN_NEURONS = 80;
    /** The time step, ms. */
    public static final double DT = 0.1;

    /** Connection probability used for {@code n} neurons. */
    public static double probability(int n) {
        return n == 4000 ? 0.02 : 80.0 / n;
    }

    /**
     * The network description.
     *
     * @param n      total neurons
     * @param seed   root seed
     * @param record whether to record spikes of both populations
     */
    public static Network build(int n, long seed, boolean record) {
        int ne = (int) (0.8 * n), ni = n - ne;
        double p = probability(n);
        LifCurrentNeuron lif = LifCurrentNeuron.cuba();
        var v0 = Map.of("v", org.spinel.networks.topology.Values.uniform(-60, -50));
        Network.Builder b = Network.builder().dt(DT).seed(seed)
                .population("E", ne, lif, v0)
                .population("I", ni, lif, v0);
        for (String pre : new String[] {"E", "I"}) {
            for (String post : new String[] {"E", "I"}) {
                boolean exc = pre.equals("E");
                b.projection(pre + post, pre, post, pr -> pr.target(exc ? "ge" : "gi")
                        .topology(new FixedProbability(p, true)).weight(exc ? 60 * 0.27 / 10 : -20 * 4.5 / 10).delay(0.1));
            }
        }
        if (record) {
            b.recordSpikes("E").recordSpikes("I").recordRate("E", 1.0).recordRate("I", 1.0);
        }
        return b.build();
    }
}
