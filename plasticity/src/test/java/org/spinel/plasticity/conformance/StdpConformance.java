package org.spinel.plasticity.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.OneToOne;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.plasticity.StdpRule;

/**
 * The plasticity part of the conformance suite (the engine part is {@code BackendConformance} in the networks
 * test-jar): STDP weight changes against the closed-form pairing window, bounds, and agreement with the Java
 * backend on a recurrent network. Window values hold to 1e-6 relative (weights are floats; a backend's exp() may
 * differ in the last bit).
 */
public abstract class StdpConformance {
    /** The backend under test. */
    protected abstract String backendName();

    private Backend backend;

    @BeforeEach
    void requireBackend() {
        backend = org.spinel.networks.conformance.ConformanceBackends.require(backendName());
    }

    /** Pair k: pre spikes at step 100, post at step 100 + lag[k] (lag in steps, either sign). */
    @Test
    void pairingProtocolReproducesTheStdpWindow() {
        int[] lags = {-200, -60, -20, -5, -1, 1, 5, 20, 60, 200};
        int n = lags.length;
        double dt = 0.1;
        StdpRule rule = StdpRule.builder().aPlus(0.01).aMinus(0.012).tauPlus(16.8).tauMinus(33.7).build();
        int[] ids = new int[n];
        double[] preT = new double[n], kickT = new double[n];
        for (int k = 0; k < n; k++) {
            ids[k] = k;
            preT[k] = 1000 * dt;
            kickT[k] = (1000 + lags[k] - 1) * dt; // the kick arrives one step later and fires the post neuron then
        }
        Network net = Network.builder().dt(dt)
                .spikeSource("pre", n, ids, preT)
                .spikeSource("kick", n, ids, kickT)
                .population("post", n, LifCurrentNeuron.builder().vRest(-65).tauE(0.05).build()) // ge gone in a step
                .projection("kick-post", "kick", "post", p -> p.target("ge").topology(new OneToOne()).weight(20000))
                .projection("stdp", "pre", "post", p -> p.target("ge").topology(new OneToOne()).weight(0)
                        .plasticity(PlasticityPipeline.online(rule, WeightBounds.none())))
                .recordSpikes("post").build();
        try (Simulation sim = backend.compile(net, SimulationOptions.defaults())) {
            sim.run(150);
            var post = sim.recording().spikes("post");
            assertEquals(n, post.count());
            float[] w = sim.weights("stdp");
            for (int k = 0; k < n; k++) {
                double lagMs = lags[k] * dt;
                double want = lagMs > 0 ? 0.01 * Math.exp(-lagMs / 16.8) : -0.012 * Math.exp(lagMs / 33.7);
                assertEquals(want, w[k], 1e-6 * Math.abs(want) + 1e-12, "lag " + lagMs + " ms");
            }
        }
    }

    /**
     * The NALSM variant (trace increment 0.1, simultaneous spikes ignored, dt = 1 ms) and its mirrored window for
     * inhibitory presynaptic neurons: each pair at lag Δ steps changes w by ±0.15·0.1·e^(−|Δ|/10), Δ = 0 by nothing.
     */
    @Test
    void nalsmVariantAndInhibitoryMirrorReproduceTheirWindows() {
        int[] lags = {-30, -5, -1, 0, 1, 2, 5, 30};
        int n = lags.length;
        for (StdpRule.Presynaptic type : StdpRule.Presynaptic.values()) {
            StdpRule rule = StdpRule.builder().aPlus(0.15).aMinus(0.15).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                    .simultaneous(StdpRule.Simultaneous.IGNORED).presynaptic(type).build();
            int[] ids = new int[n];
            double[] preT = new double[n], kickT = new double[n];
            for (int k = 0; k < n; k++) {
                ids[k] = k;
                preT[k] = 100;
                kickT[k] = 100 + lags[k] - 1;
            }
            Network net = Network.builder().dt(1)
                    .spikeSource("pre", n, ids, preT)
                    .spikeSource("kick", n, ids, kickT)
                    .population("post", n, LifCurrentNeuron.builder().vRest(-65).tauE(0.05).build())
                    .projection("kick-post", "kick", "post", p -> p.target("ge").topology(new OneToOne()).weight(20000))
                    .projection("stdp", "pre", "post", p -> p.target("ge").topology(new OneToOne()).weight(0)
                            .plasticity(PlasticityPipeline.online(rule, WeightBounds.none())))
                    .recordSpikes("post").build();
            try (Simulation sim = backend.compile(net, SimulationOptions.defaults())) {
                sim.run(200);
                var post = sim.recording().spikes("post");
                assertEquals(n, post.count());
                float[] w = sim.weights("stdp");
                for (int k = 0; k < n; k++) {
                    double x = 0.1 * Math.exp(-Math.abs(lags[k]) / 10.0);
                    boolean causal = lags[k] > 0;
                    double want = lags[k] == 0 ? 0
                            : (causal == (type == StdpRule.Presynaptic.EXCITATORY) ? 0.15 * x : -0.15 * x);
                    assertEquals(want, w[k], 1e-6 * Math.abs(want) + 1e-12, type + " lag " + lags[k]);
                    assertEquals(rule.window(lags[k]), w[k], 1e-6 * Math.abs(want) + 1e-12);
                }
            }
        }
    }

    static Network recurrent(WeightBounds bounds) {
        return recurrent(bounds, StdpRule.builder().aPlus(0.05).aMinus(0.055).weightDependence(StdpRule.WeightDependence
                .MULTIPLICATIVE).range(0, 3).build());
    }

    static Network recurrent(WeightBounds bounds, StdpRule rule) {
        return recurrent(PlasticityPipeline.online(rule, bounds));
    }

    /** 400 LIF neurons driven by Poisson noise, their recurrent projection "EE" plastic with {@code pipe}. */
    static Network recurrent(PlasticityPipeline pipe) {
        LifCurrentNeuron lif = LifCurrentNeuron.builder().vRest(-60).build();
        return Network.builder().dt(0.1).seed(9)
                .poissonSource("noise", 400, 20)
                .population("E", 400, lif, Map.of("v", Values.uniform(-60, -50)))
                .projection("in", "noise", "E", p -> p.target("ge").topology(new FixedProbability(0.1, false)).weight(6))
                .projection("EE", "E", "E", p -> p.target("ge").topology(new FixedProbability(0.1, false)).weight(1.5)
                        .plasticity(pipe))
                .recordSpikes("E").build();
    }

    @Test
    void recurrentStdpAgreesWithTheJavaBackendAndRespectsBounds() {
        recurrentAgrees(recurrent(WeightBounds.hard(1.0, 2.0)));
    }

    /** The NALSM options (trace increment, ignored simultaneous spikes, mirrored window) on a recurrent network. */
    @Test
    void recurrentMirroredStdpAgreesWithTheJavaBackend() {
        recurrentAgrees(recurrent(WeightBounds.hard(1.0, 2.0), StdpRule.builder().aPlus(0.5).aMinus(0.4)
                .traceIncrement(0.1).simultaneous(StdpRule.Simultaneous.IGNORED)
                .presynaptic(StdpRule.Presynaptic.INHIBITORY).weightDependence(StdpRule.WeightDependence.MULTIPLICATIVE)
                .range(0, 3).build()));
    }

    private void recurrentAgrees(Network net) {
        float[] a, b;
        long sa, sb;
        try (Simulation sim = backend.compile(net, SimulationOptions.defaults())) {
            sim.run(500);
            a = sim.weights("EE");
            sa = sim.spikeCount();
        }
        try (Simulation ref = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            ref.run(500);
            b = ref.weights("EE");
            sb = ref.spikeCount();
        }
        int changed = 0;
        double sumA = 0, sumB = 0;
        for (int s = 0; s < a.length; s++) {
            assertTrue(a[s] >= 1.0f && a[s] <= 2.0f, "bounds hold: " + a[s]);
            if (a[s] != 1.5f) {
                changed++;
            }
            sumA += a[s];
            sumB += b[s];
        }
        assertTrue(sb > 1000 && changed > 2000, "plasticity at work: " + changed + " of " + a.length + ", " + sb + " spikes");
        assertEquals(sb, sa, 0.05 * sb, "spike counts");
        assertEquals(sumB / b.length, sumA / a.length, 0.01 * Math.abs(sumB / b.length), "mean weight");
        if (backendName().equals("java")) {
            assertArrayEquals(b, a);
        }
    }

    /** The recurrent network with its STDP modulated by an astrocyte fed by E (+1) and the noise (-1) at density 1/2. */
    static Network recurrentWithAstrocyte(boolean astrocyte) {
        StdpRule rule = StdpRule.builder().aPlus(0.05).aMinus(0.05).weightDependence(StdpRule.WeightDependence
                .MULTIPLICATIVE).range(0, 3).build();
        var mods = astrocyte ? java.util.List.<org.spinel.networks.plasticity.Modulator>of(
                org.spinel.plasticity.AstrocyteModulator.builder().feed("E", 1).feed("noise", -1).weight(0.01)
                        .bias(0.05).initial(0.05).tau(20).density(0.5).build())
                : java.util.List.<org.spinel.networks.plasticity.Modulator>of();
        return recurrent(new PlasticityPipeline(rule, mods, null, WeightBounds.hard(1.0, 2.0),
                PlasticityPipeline.Application.ONLINE));
    }

    private static double meanWeight(Simulation sim) {
        double sum = 0;
        float[] w = sim.weights("EE");
        for (float v : w) {
            sum += v;
        }
        return sum / w.length;
    }

    /**
     * Astrocyte-modulated STDP (NALSM's third factor): the same mean weight and spike count as on the Java backend,
     * and an effect of the astrocyte much larger than that tolerance; reset restores the astrocyte's initial state.
     */
    @Test
    void astrocyteModulatedStdpAgreesWithTheJavaBackend() {
        double with, without, ref;
        long spikes, refSpikes;
        try (Simulation sim = backend.compile(recurrentWithAstrocyte(true), SimulationOptions.defaults())) {
            sim.run(300);
            with = meanWeight(sim);
            spikes = sim.spikeCount();
            sim.reset();
            sim.resetWeights();
            sim.run(300);
            assertEquals(with, meanWeight(sim), 0.0, "reset restores the astrocyte: the same run again");
        }
        try (Simulation sim = Backends.get("java").compile(recurrentWithAstrocyte(true), SimulationOptions.defaults())) {
            sim.run(300);
            ref = meanWeight(sim);
            refSpikes = sim.spikeCount();
        }
        try (Simulation sim = Backends.get("java").compile(recurrentWithAstrocyte(false), SimulationOptions.defaults())) {
            sim.run(300);
            without = meanWeight(sim);
        }
        assertTrue(refSpikes > 1000, "spikes: " + refSpikes);
        assertEquals(refSpikes, spikes, 0.05 * refSpikes, "spike counts");
        double tol = 0.005 * ref;
        assertEquals(ref, with, tol, "mean weight with the astrocyte");
        assertTrue(Math.abs(ref - without) > 5 * tol, "the astrocyte matters: " + ref + " vs " + without + " without it");
    }
}
