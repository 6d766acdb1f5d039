package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.CurrentProfile;
import org.spinel.networks.Network;
import org.spinel.networks.SynapseGraph;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.AllToAll;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.Topology;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;
import org.spinel.plasticity.StdpRule;
import org.spinel.results.SpikeTrains;

/**
 * The engine home of a projector (issue 18): a {@code PER_TRIAL} STDP projection from a Poisson source into a
 * driven LIF population. Its projector observes, at each {@code applyPlasticity()}, the presynaptic spike counts of
 * the trial, which must equal those of the source's spike monitor, for 1 and 2 threads; a complement projector onto
 * {@code q} keeps {@code qᵀW} (per postsynaptic neuron) while STDP changes {@code W}.
 */
class EngineProjectorTest {
    static final double DT = 0.1, TRIAL_MS = 50;
    static final int PRE = 8, POST = 4;
    static final String PROJ = "inOut";

    static Network net(Projector projector, Topology topology) {
        StdpRule stdp = StdpRule.builder().aPlus(0.05).aMinus(0.05).tauPlus(10).tauMinus(10).range(-100, 100).build();
        return Network.builder().dt(DT).seed(7)
                .poissonSource("input", PRE, 40)
                .population("out", POST, LifCurrentNeuron.cuba())
                .current("drive", "out", CurrentProfile.constant(1000))
                .projection(PROJ, "input", "out", p -> p.target("ge").topology(topology).weight(Values.uniform(0.5, 2))
                        .plasticity(new PlasticityPipeline(stdp, List.of(), projector, WeightBounds.none(),
                                PlasticityPipeline.Application.PER_TRIAL)))
                .recordSpikes("input").recordSpikes("out").build();
    }

    static Simulation compile(Network net, int threads) {
        return Backends.get("java").compile(net, SimulationOptions.threads(threads));
    }

    /** Wraps a projector and records (copies of) what its state observes. */
    static final class Recording implements Projector {
        final Projector inner;
        final List<double[]> observed = new ArrayList<>();

        Recording(Projector inner) {
            this.inner = inner;
        }

        @Override
        public String describe() {
            return "recording " + inner.describe();
        }

        @Override
        public Activity activity() {
            return Activity.PRESYNAPTIC_RATE;
        }

        @Override
        public ProjectorState bind(int pre, int post, SynapseGraph graph) {
            ProjectorState s = inner.bind(pre, post, graph);
            return new ProjectorState() {
                @Override
                public void project(double[] delta) {
                    s.project(delta);
                }

                @Override
                public void observe(double[] activity) {
                    observed.add(activity.clone());
                    s.observe(activity);
                }

                @Override
                public void endTask() {
                    s.endTask();
                }

                @Override
                public void reset() {
                    s.reset();
                }

                @Override
                public Map<String, double[]> exportState() {
                    return s.exportState();
                }

                @Override
                public void importState(Map<String, double[]> state) {
                    s.importState(state);
                }
            };
        }
    }

    /** Spikes per neuron of {@code s} in steps [from, to). */
    static double[] counts(SpikeTrains s, long from, long to) {
        double[] c = new double[s.size()];
        for (int k = 0; k < s.count(); k++) {
            if (s.step(k) >= from && s.step(k) < to) {
                c[s.sender(k)]++;
            }
        }
        return c;
    }

    static double[] qW(float[] w, double[] q) {
        double[] r = new double[POST];
        for (int j = 0; j < PRE; j++) {
            for (int i = 0; i < POST; i++) {
                r[i] += q[j] * w[j * POST + i];
            }
        }
        return r;
    }

    @Test
    void projectorObservesThePerTrialPresynapticSpikeCountsOfTheMonitor() {
        List<List<double[]>> byThreads = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            Recording rec = new Recording(ActivitySubspaceProjector.energy(0.9));
            try (Simulation sim = compile(net(rec, new AllToAll(true)), threads)) {
                sim.run(20);
                sim.reset(); // what the interrupted trial counted is discarded
                int trials = 5;
                long perTrial = Math.round(TRIAL_MS / DT);
                for (int t = 0; t < trials; t++) {
                    sim.run(TRIAL_MS);
                    sim.applyPlasticity();
                }
                SpikeTrains input = sim.recording().spikes().get("input");
                assertEquals(trials, rec.observed.size(), "one observation per applyPlasticity()");
                double total = 0;
                for (int t = 0; t < trials; t++) {
                    double[] expected = counts(input, t * perTrial, (t + 1) * perTrial);
                    assertArrayEquals(expected, rec.observed.get(t), "trial " + t + ", " + threads + " threads");
                    for (double c : expected) {
                        total += c;
                    }
                }
                assertTrue(total > 20, "the source spikes: " + total);
                assertTrue(sim.recording().spikes().get("out").count() > 0, "the post population fires");
            }
            byThreads.add(rec.observed);
        }
        for (int t = 0; t < byThreads.get(0).size(); t++) {
            assertArrayEquals(byThreads.get(0).get(t), byThreads.get(1).get(t));
        }
    }

    /** q·W is conserved by the projected STDP updates (to float rounding) while W changes; without it q·W moves. */
    @Test
    void complementProjectorKeepsQTimesWWhileStdpChangesW() {
        double[] q = new double[PRE];
        SplittableRandom r = new SplittableRandom(5);
        for (int j = 0; j < PRE; j++) {
            q[j] = r.nextDouble(0.2, 1);
        }
        for (boolean projected : new boolean[] {true, false}) {
            Recording rec = new Recording(new ComplementProjector(List.of(q)));
            try (Simulation sim = compile(net(projected ? rec : null, new AllToAll(true)), 2)) {
                float[] w0 = sim.weights(PROJ);
                double[] qw0 = qW(w0, q);
                double maxChange = 0, maxDrift = 0;
                for (int t = 0; t < 6; t++) {
                    sim.run(TRIAL_MS);
                    sim.applyPlasticity();
                    float[] w = sim.weights(PROJ);
                    double[] qw = qW(w, q);
                    for (int i = 0; i < POST; i++) {
                        maxDrift = Math.max(maxDrift, Math.abs(qw[i] - qw0[i]));
                    }
                    for (int s = 0; s < w.length; s++) {
                        maxChange = Math.max(maxChange, Math.abs(w[s] - w0[s]));
                    }
                }
                assertTrue(maxChange > 0.02, "STDP changes W: " + maxChange);
                if (projected) {
                    assertTrue(maxDrift < 2e-5, "q·W conserved: drift " + maxDrift + " for weight changes " + maxChange);
                    assertEquals(6, rec.observed.size());
                } else {
                    assertTrue(maxDrift > 0.01, "without the projector q·W moves: " + maxDrift);
                }
            }
        }
    }

    /**
     * A task boundary through the engine: with an activity subspace of every direction of the first task's counts
     * (ε = 1), later updates leave x·W unchanged for each count vector x of that task; the learned state survives
     * {@code reset()}, travels through projectorState/setProjectorState and is forgotten by {@code resetWeights()}.
     */
    @Test
    void activitySubspaceLearnedInTheEngineProtectsTheFirstTask() {
        Recording rec = new Recording(ActivitySubspaceProjector.energy(1));
        try (Simulation sim = compile(net(rec, new AllToAll(true)), 1)) {
            for (int t = 0; t < 3; t++) {
                sim.run(TRIAL_MS);
                sim.applyPlasticity();
            }
            assertEquals(0, sim.projectorState(PROJ).get("basis").length, "nothing learned before endTask");
            sim.endTask();
            List<double[]> task1 = List.copyOf(rec.observed);
            Map<String, double[]> learned = sim.projectorState(PROJ);
            int rank = learned.get("basis").length / PRE;
            assertTrue(rank >= 1 && rank <= 3, "rank " + rank);
            sim.reset();
            assertArrayEquals(learned.get("basis"), sim.projectorState(PROJ).get("basis"), "reset keeps it");
            float[] w0 = sim.weights(PROJ);
            double maxChange = 0;
            for (int t = 0; t < 4; t++) {
                sim.run(TRIAL_MS + 10 * t); // another stretch of the source's spikes each trial
                sim.applyPlasticity();
            }
            float[] w = sim.weights(PROJ);
            for (int s = 0; s < w.length; s++) {
                maxChange = Math.max(maxChange, Math.abs(w[s] - w0[s]));
            }
            assertTrue(maxChange > 0.02, "W changes in the complement: " + maxChange);
            for (double[] x : task1) {
                double[] a = qW(w0, x), b = qW(w, x);
                for (int i = 0; i < POST; i++) {
                    assertEquals(a[i], b[i], 1e-4 * (1 + Math.abs(a[i])), "x·W of a first-task trial");
                }
            }
            sim.resetWeights();
            assertEquals(0, sim.projectorState(PROJ).get("basis").length, "resetWeights forgets");
            sim.setProjectorState(PROJ, learned);
            assertArrayEquals(learned.get("basis"), sim.projectorState(PROJ).get("basis"));
            ParameterException e = assertThrows(ParameterException.class,
                    () -> sim.setProjectorState(PROJ, Map.of("basis", new double[3])));
            assertTrue(e.getMessage().contains(PROJ) && e.getMessage().contains("activity subspace"), e.getMessage());
        }
        try (Simulation plain = compile(net(null, new AllToAll(true)), 1)) {
            ParameterException e = assertThrows(ParameterException.class, () -> plain.projectorState(PROJ));
            assertTrue(e.getMessage().contains("has no projector"), e.getMessage());
            plain.endTask(); // nothing to do
        }
    }

    @Test
    void sparseProjectionWithADenseOnlyProjectorIsRefusedNamingIt() {
        Projector p = new ComplementProjector(List.of(new double[] {1, 0, 0, 0, 0, 0, 0, 1}));
        ParameterException e = assertThrows(ParameterException.class,
                () -> compile(net(p, new FixedProbability(0.5, true)), 1));
        assertTrue(e.getMessage().contains("projection \"" + PROJ + "\"") && e.getMessage().contains(p.describe())
                && e.getMessage().contains("dense"), e.getMessage());
        // a shape error of bind is reported naming the projection
        ParameterException wrongLength = assertThrows(ParameterException.class,
                () -> compile(net(new ComplementProjector(List.of(new double[] {1, 2})), new AllToAll(true)), 1));
        assertTrue(wrongLength.getMessage().contains("projection \"" + PROJ + "\"")
                && wrongLength.getMessage().contains("length 2"), wrongLength.getMessage());
    }
}
