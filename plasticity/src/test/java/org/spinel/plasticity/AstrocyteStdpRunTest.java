package org.spinel.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.CurrentProfile;
import org.spinel.networks.Network;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.Modulator;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.OneToOne;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.results.SpikeTrains;

/**
 * End to end on the Java backend: a small liquid (LIF neurons under a constant drive, recurrent NALSM STDP under
 * the astrocyte) and a Poisson input feed one astrocyte; a probe synapse, depressed by one pair per 100 ms under the
 * same astrocyte, reads A₋(t) out of its weight changes. A₋ must follow the spec's update iterated on the recorded
 * spike counts, to float precision, and rise towards b + w·(liquid − input rate).
 */
class AstrocyteStdpRunTest {
    static final double DT = 1;
    static final int LIQUID = 60, INPUT = 50;
    /** Probe pairs: post spike at t − 1, pre spike at t (depression by A₋(t)·0.1·e^(−1/10) plus older post tails). */
    static final long[] PROBE = {50, 150, 250, 350, 450, 550, 650, 750, 850, 950};

    static Network network(AstrocyteModulator astro) {
        double[] preT = new double[PROBE.length], kickT = new double[PROBE.length];
        int[] zeros = new int[PROBE.length];
        for (int k = 0; k < PROBE.length; k++) {
            preT[k] = PROBE[k] * DT;
            kickT[k] = (PROBE[k] - 2) * DT; // arrives one step later and fires the probe at PROBE[k] − 1
        }
        List<Modulator> mods = List.of(astro);
        StdpRule nalsm = StdpRule.builder().aPlus(0.15).aMinus(0.15).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).build();
        StdpRule depressionOnly = StdpRule.builder().aPlus(0).aMinus(0.15).tauPlus(10).tauMinus(10).traceIncrement(0.1)
                .simultaneous(StdpRule.Simultaneous.IGNORED).build();
        LifCurrentNeuron lif = LifCurrentNeuron.builder().vRest(-60).tRef(2).build();
        return Network.builder().dt(DT).seed(11)
                .population("liquid", LIQUID, lif, Map.of("v", Values.uniform(-60, -50)))
                .current("drive", "liquid", CurrentProfile.constant(1000))
                .poissonSource("input", INPUT, 40)
                .projection("in", "input", "liquid", p -> p.target("ge").topology(new FixedProbability(0.1, false))
                        .weight(2).plasticity(new PlasticityPipeline(nalsm, mods, null, WeightBounds.hard(-3, 3),
                                PlasticityPipeline.Application.ONLINE)))
                .projection("rec", "liquid", "liquid", p -> p.target("ge").topology(new FixedProbability(0.1, false))
                        .weight(0.5).plasticity(new PlasticityPipeline(nalsm, mods, null, WeightBounds.hard(0, 3),
                                PlasticityPipeline.Application.ONLINE)))
                .spikeSource("probePre", 1, zeros, preT)
                .spikeSource("kick", 1, zeros, kickT)
                .population("probe", 1, LifCurrentNeuron.builder().vRest(-65).tauE(0.05).build())
                .projection("kick-probe", "kick", "probe", p -> p.target("ge").topology(new OneToOne()).weight(20000))
                .projection("probeSyn", "probePre", "probe", p -> p.target("ge").topology(new OneToOne()).weight(0)
                        .plasticity(new PlasticityPipeline(depressionOnly, mods, null, WeightBounds.none(),
                                PlasticityPipeline.Application.ONLINE)))
                .recordSpikes("liquid").recordSpikes("input").recordSpikes("probe").build();
    }

    /** Spikes per step of the recorded trains, counting only neurons with {@code mask[i]} (null: all). */
    static int[] perStep(SpikeTrains s, int steps, boolean[] mask) {
        int[] c = new int[steps];
        for (int k = 0; k < s.count(); k++) {
            if (mask == null || mask[s.sender(k)]) {
                c[(int) s.step(k)]++;
            }
        }
        return c;
    }

    /** Runs the probe protocol; returns measured A₋ at each probe step and checks it against the prediction. */
    static double[] runAndCheck(AstrocyteModulator astro, boolean[] liquidMask, boolean[] inputMask) {
        Network net = network(astro);
        List<Double> measured = new ArrayList<>();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            double prev = 0;
            for (long t : PROBE) {
                sim.runSteps(t + 1 - sim.step());
                double w = sim.weights("probeSyn")[0];
                double xPost = 0; // post spikes at PROBE[m] − 1, m ≤ k
                for (long tm : PROBE) {
                    if (tm <= t) {
                        xPost += 0.1 * Math.exp(-(t - (tm - 1)) / 10.0);
                    }
                }
                // Δw = −aMinus·(A₋(t)/A₋(0))·x_post = −A₋(t)·x_post, since aMinus = A₋(0) = 0.15.
                measured.add(-(w - prev) / xPost);
                prev = w;
            }
            int steps = (int) sim.step();
            var rec = sim.recording();
            assertEquals(PROBE.length, rec.spikes("probe").count(), "the probe fires once per pair");
            int[] liquid = perStep(rec.spikes("liquid"), steps, liquidMask);
            int[] input = perStep(rec.spikes("input"), steps, inputMask);
            // The spec's update, iterated on the recorded counts: STDP at step t uses A₋ after t updates.
            double a = 0.15;
            int k = 0;
            double[] predicted = new double[PROBE.length];
            for (int n = 0; n <= PROBE[PROBE.length - 1]; n++) {
                if (k < PROBE.length && n == PROBE[k]) {
                    predicted[k++] = a;
                }
                a = a + (astro.weight() * (liquid[n] - input[n]) + astro.bias() - a) / astro.tau();
            }
            // Late in the run A₋ sits near its fixed point b + w·⟨L − I⟩ (rates of the last 400 ms), far above b.
            double excess = 0;
            for (int n = 550; n < 950; n++) {
                excess += liquid[n] - input[n];
            }
            double fixed = astro.bias() + astro.weight() * excess / 400;
            assertTrue(fixed > (astro.density() == 1 ? 0.25 : 0.2), "the liquid outfires the input: fixed point " + fixed);
            assertEquals(fixed, measured.get(PROBE.length - 1), 0.1 * (fixed - astro.bias()), "A- near its fixed point");
            double[] out = new double[PROBE.length];
            for (int j = 0; j < PROBE.length; j++) {
                out[j] = measured.get(j);
                assertEquals(predicted[j], out[j], 2e-5 * predicted[j], "A- at step " + PROBE[j]);
            }
            return out;
        }
    }

    @Test
    void aMinusFollowsTheSpecUpdateOnTheRecordedCounts() {
        AstrocyteModulator astro = AstrocyteModulator.builder().feed("liquid", +1).feed("input", -1).build();
        double[] a = runAndCheck(astro, null, null);
        // Rises from b = 0.15 within the first τ and then stays up: depression about twice as strong.
        assertTrue(a[0] > 0.17 && a[2] > 0.25, java.util.Arrays.toString(a));
    }

    /** One global unit shared by three projections; the run is bit-identical for any thread count. */
    @Test
    void sameWeightsForAnyThreadCount() {
        Network net = network(AstrocyteModulator.builder().feed("liquid", +1).feed("input", -1).decay(0.999).build());
        float[][] ref = null;
        for (int threads : new int[] {1, 3}) {
            try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(threads))) {
                sim.run(400);
                float[][] w = {sim.weights("in"), sim.weights("rec"), sim.weights("probeSyn")};
                if (ref == null) {
                    ref = w;
                    assertTrue(!java.util.Arrays.equals(w[1], net.graph("rec").weights()), "the liquid learned");
                } else {
                    for (int k = 0; k < 3; k++) {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(ref[k], w[k], "projection " + k);
                    }
                }
            }
        }
    }

    @Test
    void densityFeedsOnlyTheSelectedNeurons() {
        AstrocyteModulator astro = AstrocyteModulator.builder().feed("liquid", +1).feed("input", -1).density(0.5).build();
        RandomStreams streams = new RandomStreams(11);
        boolean[] liquid = AstrocyteModulator.select(LIQUID, 0.5, streams.stream("modulator/astrocyte/liquid"));
        boolean[] input = AstrocyteModulator.select(INPUT, 0.5, streams.stream("modulator/astrocyte/input"));
        runAndCheck(astro, liquid, input);
    }
}
