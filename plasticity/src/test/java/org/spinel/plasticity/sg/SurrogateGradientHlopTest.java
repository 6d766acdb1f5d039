package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.projection.HebbianSubspaceProjector;
import org.spinel.plasticity.surrogate.FastSigmoid;

/**
 * Surrogate-gradient credit + HLOP on the input block, composed by configuration only (issue 21's projection test for
 * SG): during task 0 only input units 0–9 fire; after the task boundary, task 1's updates (every unit firing) change
 * the input layer's responses {@code xᵀW} to task 0's count vectors by < 1 % of what the same credit changes them
 * without the projector.
 */
class SurrogateGradientHlopTest {
    static final int IN = 30, HID = 12, OUT = 3, T = 40, B = 32, ACTIVE0 = 10;

    static SampleInput[] batch(long seed, int units) {
        SplittableRandom r = new SplittableRandom(seed);
        SampleInput[] x = new SampleInput[B];
        for (int b = 0; b < B; b++) {
            int n = 40;
            int[] u = new int[n], s = new int[n];
            for (int k = 0; k < n; k++) {
                u[k] = r.nextInt(units);
                s[k] = r.nextInt(T);
            }
            x[b] = SampleInput.ofSpikes(IN, T, u, s);
        }
        return x;
    }

    static int[] labels(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[B];
        for (int b = 0; b < B; b++) {
            y[b] = r.nextInt(OUT);
        }
        return y;
    }

    /** Task 0 (60 batches), boundary, 5 batches of task 1; returns ‖X_old ΔW‖ over task 1 for task-0-like counts. */
    static double oldResponseChange(boolean hlop) {
        return oldResponseChange(hlop ? HebbianSubspaceProjector.builder(ACTIVE0).batch(B).learningRate(0.02).seed(2)
                .build() : null);
    }

    /** As {@link #oldResponseChange(boolean)} with any projector on the input block (null: none). */
    static double oldResponseChange(org.spinel.networks.plasticity.Projector projector) {
        return oldResponseChange(projector, true);
    }

    /** As above; {@code flush}: project the changes pending under an update interval before measuring. */
    static double oldResponseChange(org.spinel.networks.plasticity.Projector projector, boolean flush) {
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(IN, List.of(LayerConfig.hidden(HID, true),
                LayerConfig.readout(OUT)), 1, SpikeFunction.surrogate(new FastSigmoid(100)));
        n.initialise(5, 20);
        try (BatchTrainer t = new BatchTrainer(n, SgdMomentum.builder().learningRate(0.05).momentum(0.9),
                Loss.MAX_OVER_TIME_CE, T, 1)) {
            if (projector != null) {
                t.pipeline(0, false, projector, null);
            }
            for (int s = 0; s < 60; s++) {
                t.trainBatch(batch(100 + s, ACTIVE0), labels(200 + s));
            }
            t.trainer().endTask();
            double[] w0 = n.weights(0).clone();
            for (int s = 0; s < 5; s++) {
                t.trainBatch(batch(300 + s, IN), labels(400 + s));
            }
            if (flush) {
                t.trainer().flushProjections();
            }
            double[] w = n.weights(0);
            SplittableRandom r = new SplittableRandom(9);
            double change = 0;
            for (int k = 0; k < 50; k++) {
                double[] x = new double[IN];
                for (int e = 0; e < 40; e++) {
                    x[r.nextInt(ACTIVE0)] += 1;
                }
                for (int i = 0; i < HID; i++) {
                    double d = 0;
                    for (int j = 0; j < IN; j++) {
                        d += x[j] * (w[j * HID + i] - w0[j * HID + i]);
                    }
                    change += d * d;
                }
            }
            return Math.sqrt(change);
        }
    }

    @Test
    void hlopKeepsTheInputLayersResponsesToTheFirstTask() {
        double plain = oldResponseChange(false), hlop = oldResponseChange(true);
        assertTrue(plain > 0, "without a projector task 1 changes the old responses");
        assertTrue(hlop < 0.01 * plain, "with HLOP " + hlop + " vs without " + plain);
    }

    /**
     * HLOP's exact oracle (the SVD of task 0's stored input activity, the same schedule) protects the old responses
     * up to rounding: task 0's activity lies in a 10-dimensional subspace, which its 10 vectors span exactly.
     */
    @Test
    void theExactOracleKeepsThemUpToRounding() {
        double plain = oldResponseChange(false);
        double oracle = oldResponseChange(org.spinel.plasticity.projection.OracleSubspaceProjector.of(ACTIVE0));
        assertTrue(oracle < 1e-6 * plain, "with the oracle " + oracle + " vs without " + plain);
    }

    /**
     * An update interval of 3 steps: after the 5 steps of task 1 the last 2 are applied unprojected until the pending
     * changes are projected; then the old responses are kept up to rounding as with every step projected.
     */
    @Test
    void anUpdateIntervalKeepsThemOnceThePendingChangesAreProjected() {
        double plain = oldResponseChange(false);
        var oracle = org.spinel.plasticity.projection.OracleSubspaceProjector.of(ACTIVE0).projectEvery(3);
        double pending = oldResponseChange(oracle, false), flushed = oldResponseChange(oracle, true);
        assertTrue(pending > 0.05 * plain, "two unprojected steps move the old responses: " + pending + " vs " + plain);
        assertTrue(flushed < 1e-6 * plain, "after the correction " + flushed + " vs without " + plain);
    }

    /** An update interval needs the update stage and no weight bounds (their clipping is not linear). */
    @Test
    void anUpdateIntervalWithBoundsIsRefused() {
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(IN, List.of(LayerConfig.hidden(HID, true),
                LayerConfig.readout(OUT)), 1, SpikeFunction.surrogate(new FastSigmoid(100)));
        n.initialise(5, 20);
        try (BatchTrainer t = new BatchTrainer(n, SgdMomentum.builder().learningRate(0.05).momentum(0.9),
                Loss.MAX_OVER_TIME_CE, T, 1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> t.pipeline(0, false, HebbianSubspaceProjector.builder(4)
                            .projectEvery(3).build(), org.spinel.networks.plasticity.WeightBounds.hard(-1, 1)));
            assertTrue(e.getMessage().contains("every 3 steps") && e.getMessage().contains("bounds"), e.getMessage());
        }
    }
}
