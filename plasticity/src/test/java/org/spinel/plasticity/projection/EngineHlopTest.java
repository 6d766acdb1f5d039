package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.CurrentProfile;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.networks.topology.AllToAll;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.plasticity.StdpRule;

/**
 * STDP + HLOP on an engine {@code PER_TRIAL} projection, composed by configuration only: during task 0 only
 * presynaptic neurons 0–3 fire, HLOP's subspace neurons learn the span of those trials' spike counts, and the STDP
 * updates of task 1 (every neuron firing) leave the responses {@code xᵀW} to task 0's count vectors nearly as they
 * were, where plain STDP changes them.
 */
class EngineHlopTest {
    static final double DT = 0.1, TRIAL_MS = 50;
    static final int PRE = 8, POST = 4, TASK0 = 120, TASK1 = 10;
    static final String PROJ = "inOut";

    /** Spike times: in task 0's trials only neurons 0–3 fire (a few spikes each), later all eight. */
    static Network net(Projector projector) {
        SplittableRandom rng = new SplittableRandom(11);
        List<double[]> spikes = new ArrayList<>(); // {time, neuron}
        for (int t = 0; t < TASK0 + TASK1; t++) {
            int active = t < TASK0 ? 4 : PRE;
            for (int n = 0; n < active; n++) {
                int count = 1 + rng.nextInt(5);
                for (int k = 0; k < count; k++) {
                    spikes.add(new double[] {t * TRIAL_MS + 1 + rng.nextDouble() * (TRIAL_MS - 2), n});
                }
            }
        }
        spikes.sort((a, b) -> Double.compare(a[0], b[0]));
        int[] who = new int[spikes.size()];
        double[] when = new double[spikes.size()];
        for (int k = 0; k < who.length; k++) {
            when[k] = Math.round(spikes.get(k)[0] / DT) * DT;
            who[k] = (int) spikes.get(k)[1];
        }
        StdpRule stdp = StdpRule.builder().aPlus(0.05).aMinus(0.05).tauPlus(10).tauMinus(10).range(-100, 100).build();
        return Network.builder().dt(DT).seed(7)
                .spikeSource("input", PRE, who, when)
                .population("out", POST, LifCurrentNeuron.cuba())
                .current("drive", "out", CurrentProfile.constant(1000))
                .projection(PROJ, "input", "out", p -> p.target("ge").topology(new AllToAll(true))
                        .weight(Values.uniform(0.5, 2))
                        .plasticity(new PlasticityPipeline(stdp, List.of(), projector, WeightBounds.none(),
                                PlasticityPipeline.Application.PER_TRIAL)))
                .build();
    }

    /** Task 0, a task boundary, task 1; returns the change of xᵀW over task 1 for count-like vectors of task 0. */
    static double oldResponseChange(Projector projector) {
        try (Simulation sim = Backends.get("java").compile(net(projector), SimulationOptions.threads(1))) {
            for (int t = 0; t < TASK0; t++) {
                sim.run(TRIAL_MS);
                sim.applyPlasticity();
            }
            sim.endTask();
            float[] w0 = sim.weights(PROJ);
            for (int t = 0; t < TASK1; t++) {
                sim.run(TRIAL_MS);
                sim.applyPlasticity();
            }
            float[] w = sim.weights(PROJ);
            SplittableRandom rng = new SplittableRandom(5);
            double change = 0;
            for (int s = 0; s < 50; s++) { // vectors in task 0's activity subspace: counts on neurons 0..3
                double[] x = new double[PRE];
                for (int n = 0; n < 4; n++) {
                    x[n] = 1 + rng.nextInt(5);
                }
                for (int i = 0; i < POST; i++) {
                    double d = 0;
                    for (int j = 0; j < PRE; j++) {
                        d += x[j] * (w[j * POST + i] - w0[j * POST + i]);
                    }
                    change += d * d;
                }
            }
            return Math.sqrt(change);
        }
    }

    @Test
    void hlopKeepsTheResponsesToTheFirstTasksActivity() {
        double plain = oldResponseChange(null);
        double hlop = oldResponseChange(HebbianSubspaceProjector.builder(4).batch(4).learningRate(0.05).seed(3).build());
        assertTrue(plain > 0.05, "plain STDP changes the old responses: " + plain);
        assertTrue(hlop < 0.01 * plain, "with HLOP " + hlop + " vs plain " + plain);
    }

    /** The engine projects every trial: an update interval (a trainer setting) is refused, naming the projection. */
    @Test
    void anUpdateIntervalIsRefusedInTheEngine() {
        Projector every2 = HebbianSubspaceProjector.builder(4).projectEvery(2).build();
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Backends.get("java").compile(net(every2), SimulationOptions.threads(1)).close());
        assertTrue(e.getMessage().contains("\"" + PROJ + "\"") && e.getMessage().contains("every 2"), e.getMessage());
    }
}
