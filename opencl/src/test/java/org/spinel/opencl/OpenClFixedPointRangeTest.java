package org.spinel.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationException;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.AllToAll;
import org.spinel.networks.topology.OneToOne;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.plasticity.StdpRule;

/**
 * The fixed-point range of the OpenCL backend's synaptic sums ({@link FixedPointRange}): the check before the run
 * (on the host: these cases need no device), its limit exactly at 2^31 per neuron and synaptic target, plastic
 * weights at their bounds or under a shared limit that the STDP kernels check, and weights written during a run.
 * The shared conformance suite holds the refusal against the Java backend's results.
 */
class OpenClFixedPointRangeTest {
    /** Sources spiking at 1, 2, 3 ms, one to one into P's 4 neurons by each projection ({@code ws} on ge). */
    private static Network.Builder four(double... ws) {
        int[] src = new int[12];
        double[] times = new double[12];
        for (int k = 0; k < 12; k++) {
            src[k] = k % 4;
            times[k] = 1 + k / 4;
        }
        Network.Builder b = Network.builder().dt(0.1).spikeSource("in", 4, src, times)
                .population("P", 4, LifCurrentNeuron.cuba());
        for (int q = 0; q < ws.length; q++) {
            double w = ws[q];
            b.projection("p" + q, "in", "P", p -> p.target("ge").topology(new OneToOne()).weight(w));
        }
        return b;
    }

    private static String refused(Network net) {
        return assertThrows(ParameterException.class, () -> FixedPointRange.check(net)).getMessage();
    }

    @Test
    void theLimitIsTwoToThe31PerNeuronAndTarget() {
        // four one-to-one projections from the same sources: 4 synapses into every neuron
        FixedPointRange.check(four(0x1p29, 0x1p29, 0x1p29, 0x1p29 - 32).build()); // 2^31 - 32: fits
        String m = refused(four(0x1p29, 0x1p29, 0x1p29, 0x1p29).build()); // 2^31: 2^63 units, one too many
        assertTrue(m.contains("neuron 0 of population \"P\"") && m.contains("target ge") && m.contains("2^31")
                && m.contains("\"p0\": 1 synapse of |w| up to 5.36870912E8") && m.contains("--backend java"), m);
        // signs do not cancel in the bound (the order of the atomics is free, so partial sums must fit too)
        m = refused(four(0x1p30, -0x1p30, 0x1p30, -0x1p30).build());
        assertTrue(m.contains("can receive 4.294967296E9 on target ge"), m);
        // excitatory and inhibitory inputs are separate sums
        Network split = four(0x1p30).projection("inh", "in", "P", p -> p.target("gi").topology(new OneToOne())
                .weight(-0x1p30 - 0x1p29)).build();
        FixedPointRange.check(split);
        // the projection with the largest share is named; the neuron is the first one beyond the range
        Network oneNeuron = four(1).projection("many", "in", "P", p -> p.target("ge").topology(new AllToAll(true))
                .weight(onNeuron3(5.4e8))).build();
        m = refused(oneNeuron);
        assertTrue(m.startsWith("projection \"many\": neuron 3 of population \"P\""), m);
    }

    /**
     * Selection: {@code auto} runs a network beyond the range on Java and says why; naming the backend is an input
     * error that says it, before anything is compiled.
     */
    @Test
    void autoRunsANetworkBeyondTheRangeOnJavaAndANamedBackendRefusesIt() {
        Network over = four(0x1p29, 0x1p29, 0x1p29, 0x1p29).build();
        String why = new OpenClBackend().unsupported(over);
        assertTrue(why.startsWith("synaptic sums beyond its fixed-point range (projection \"p0\": neuron 0"), why);
        assertEquals(null, new OpenClBackend().unsupported(four(0x1p29, 0x1p29, 0x1p29, 0x1p29 - 32).build()));
        String m = assertThrows(ParameterException.class, () -> Backends.select("opencl", over)).getMessage();
        assertTrue(m.startsWith("backend \"opencl\" does not implement synaptic sums beyond its fixed-point range"), m);
        var sel = Backends.select("auto", over);
        assertEquals("java", sel.backend().name());
        if (OpenClDevice.probe().chosen() != null) {
            assertTrue(sel.reason().contains("fixed-point range"), sel.reason());
        }
    }

    /** NALSM's targets u and x, and the discrete LIF's i, are rings of their own, held to the same range. */
    @Test
    void everyModelsTargetsAreHeldToTheRange() {
        var nalsm = org.spinel.neurons.NalsmLifNeuron.nalsm();
        java.util.function.BiFunction<Double, Double, Network> net = (wu, wx) -> Network.builder().dt(1)
                .poissonSource("in", 4, 10).population("N", 3, nalsm)
                .projection("toU", "in", "N", p -> p.target("u").topology(new AllToAll(true)).weight(wu))
                .projection("toX", "in", "N", p -> p.target("x").topology(new AllToAll(true)).weight(wx)).build();
        FixedPointRange.check(net.apply(0x1p29 - 32, -(0x1p29 - 32)));
        assertTrue(refused(net.apply(1.0, 0x1p29)).contains("projection \"toX\": neuron 0 of population \"N\" can "
                + "receive 2.147483648E9 on target x"));
        assertTrue(refused(net.apply(-0x1p29, 1.0)).contains("on target u"));
        Network discrete = Network.builder().dt(1).poissonSource("in", 4, 10)
                .population("D", 3, org.spinel.neurons.DiscreteLifNeuron.builder().build())
                .projection("toI", "in", "D", p -> p.target("i").topology(new AllToAll(true)).weight(0x1p29)).build();
        assertTrue(refused(discrete).contains("projection \"toI\": neuron 0 of population \"D\""));
    }

    /** 5.4e8 onto neuron 3 only (4 x 5.4e8 > 2^31), 1 elsewhere. */
    private static org.spinel.networks.topology.ValueDistribution onNeuron3(double big) {
        return (pre, post, rng) -> post == 3 ? big : 1;
    }

    private static StdpRule rule() {
        return StdpRule.builder().aPlus(1e8).aMinus(1e-3).tauPlus(20).tauMinus(20).build();
    }

    /**
     * P (2 neurons) gets static weights of 2^30 in all on ge (a silent source's 2^30 - 2^14, a kick's 2^14 that fires
     * P 1 ms after {@code pre}, every 2 ms) and 4 plastic synapses from {@code pre}: additive STDP of aPlus = 1e8
     * grows their weights past 2^28, the room left to each of them.
     */
    private static Network growing(WeightBounds bounds, double w0) {
        int[] ids = new int[4 * 20], kid = new int[2 * 20];
        double[] preT = new double[ids.length], kickT = new double[kid.length];
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 4; j++) {
                ids[4 * k + j] = j;
                preT[4 * k + j] = 1 + 2 * k;
            }
            for (int j = 0; j < 2; j++) {
                kid[2 * k + j] = j;
                kickT[2 * k + j] = 2 + 2 * k;
            }
        }
        return Network.builder().dt(0.1).spikeSource("quiet", 2, new int[0], new double[0])
                .spikeSource("pre", 4, ids, preT).spikeSource("kick", 2, kid, kickT)
                .population("P", 2, LifCurrentNeuron.cuba())
                .projection("big", "quiet", "P", p -> p.target("ge").topology(new OneToOne()).weight(0x1p30 - 0x1p14))
                .projection("kickP", "kick", "P", p -> p.target("ge").topology(new OneToOne()).weight(0x1p14))
                .projection("stdp", "pre", "P", p -> p.target("ge").topology(new AllToAll(true)).weight(w0)
                        .plasticity(PlasticityPipeline.online(rule(), bounds)))
                .recordSpikes("P").build();
    }

    @Test
    void plasticWeightsCountAtTheirBoundsOrGetALimit() {
        // hard bounds: |w| up to max(|lo|, |hi|) per synapse, the initial weight if larger
        FixedPointRange.check(growing(WeightBounds.hard(-1, 0x1p28 - 64), 0));
        String m = refused(growing(WeightBounds.hard(0, 0x1p28), 0)); // 2^30 + 4 x 2^28 = 2^31
        assertTrue(m.contains("neuron 0 of population \"P\"") && m.contains("(plastic: its bound)"), m);
        // no bounds: the room the static inputs leave, shared by the plastic synapses of each neuron
        FixedPointRange r = FixedPointRange.check(growing(WeightBounds.none(), 0));
        double lim = r.weightLimit("stdp");
        assertTrue(lim <= 0x1p28 && lim > 0x1p28 * (1 - 1e-15), "limit " + lim);
        long units = (long) Math.rint(lim * FixedPointRange.SCALE);
        assertTrue(units <= (Long.MAX_VALUE - (1L << 62)) / 4, "4 plastic synapses at the limit fit beside 2^30");
        assertTrue(r.unbounded("stdp"));
        assertEquals(Double.POSITIVE_INFINITY, r.weightLimit("big"), "static: not checked on the device");
        assertEquals(0x1p28 - 64, FixedPointRange.check(growing(WeightBounds.hard(-1, 0x1p28 - 64), 0))
                .weightLimit("stdp"));
        // initial weights beyond the limit: refused before the run
        m = refused(growing(WeightBounds.none(), 0x1p28 + 64));
        assertTrue(m.startsWith("projection \"stdp\" (plastic, without weight bounds) onto population \"P\", target ge")
                && m.contains("give the plasticity hard bounds"), m);
    }

    @Test
    void writtenWeightsAreCheckedAndARefusedWriteChangesNothing() {
        FixedPointRange r = FixedPointRange.check(four(0x1p29, 0x1p29, 0x1p29, 0).build());
        float[] ok = new float[4];
        Arrays.fill(ok, (float) (0x1p29 - 32));
        r.setWeights("p3", ok);
        float[] over = new float[4];
        over[2] = (float) 0x1p29;
        String m = assertThrows(ParameterException.class, () -> r.setWeights("p3", over)).getMessage();
        assertTrue(m.contains("neuron 2 of population \"P\""), m);
        // the refused write is forgotten: p3 still holds ok, so p2 cannot grow now
        float[] p2 = new float[4];
        Arrays.fill(p2, (float) (0x1p29 + 64));
        assertThrows(ParameterException.class, () -> r.setWeights("p2", p2));
        r.resetWeights(); // p3 back to 0: p2 may take it
        r.setWeights("p2", p2);
        // an unbounded plastic projection's writes are held to its limit
        FixedPointRange g = FixedPointRange.check(growing(WeightBounds.none(), 0));
        float[] w = new float[8];
        w[5] = (float) (0x1p28 + 64);
        m = assertThrows(ParameterException.class, () -> g.setWeights("stdp", w)).getMessage();
        assertTrue(m.startsWith("projection \"stdp\" weight[5] = 2.6843552E8: expected |w| <= "), m);
    }

    private static boolean openCl() {
        boolean have = OpenClDevice.probe().chosen() != null;
        if ("1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"))) {
            assertTrue(have, "SPINEL_REQUIRE_OPENCL=1 but no OpenCL device: " + OpenClDevice.probe().reason());
        }
        return have;
    }

    /**
     * On the device: unbounded STDP that takes a weight past its limit stops the run at the step where the Java
     * backend's weights first pass it (found step by step there), naming the projection and the synapse.
     */
    @Test
    void stdpBeyondTheLimitStopsTheRunAtTheStepJavaPassesIt() {
        assumeTrue(openCl(), "no OpenCL device");
        Network net = growing(WeightBounds.none(), 0);
        double lim = FixedPointRange.check(net).weightLimit("stdp");
        long first = -1;
        try (Simulation ref = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            for (long n = 0; n < 500 && first < 0; n++) {
                ref.runSteps(1);
                for (float x : ref.weights("stdp")) {
                    if (Math.abs(x) > lim) {
                        first = n;
                    }
                }
            }
        }
        assertTrue(first > 20, "the Java weights pass the limit at step " + first);
        try (Simulation sim = new OpenClBackend().compile(net, SimulationOptions.defaults())) {
            String m = assertThrows(SimulationException.class, () -> sim.run(50)).getMessage();
            assertTrue(m.startsWith("projection \"stdp\": STDP took the weight of synapse ") && m.contains("(step " + first
                    + ")") && m.contains("the plasticity has no weight bounds"), m);
        }
        // with bounds inside the range the same network runs to the end
        try (Simulation sim = new OpenClBackend().compile(growing(WeightBounds.hard(0, 0x1p28 - 64), 0),
                SimulationOptions.defaults())) {
            sim.run(50);
            float[] w = sim.weights("stdp");
            assertEquals((float) (0x1p28 - 64), w[0], "clipped at the bound");
        }
    }

    /** On the device: a refused setWeights leaves the weights and the results as they were. */
    @Test
    void aRefusedSetWeightsLeavesTheSimulationAsItWas() {
        assumeTrue(openCl(), "no OpenCL device");
        Network net = four(0x1p29, 0x1p29, 0x1p29, 0x1p29 - 32).recordSpikes("P").build();
        try (Simulation sim = new OpenClBackend().compile(net, SimulationOptions.defaults());
                Simulation ref = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            float[] before = sim.weights("p3");
            float[] over = before.clone();
            over[2] = (float) 0x1p29;
            assertThrows(ParameterException.class, () -> sim.setWeights("p3", over));
            assertArrayEquals(before, sim.weights("p3"));
            sim.run(5);
            ref.run(5);
            assertTrue(ref.recording().spikes("P").count() > 0);
            assertArrayEquals(ref.recording().spikes("P").steps(), sim.recording().spikes("P").steps());
            assertArrayEquals(ref.recording().spikes("P").senders(), sim.recording().spikes("P").senders());
        }
    }
}
