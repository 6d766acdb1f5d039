package org.spinel.plasticity.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SGD with momentum: classical, Nesterov and weight decay worked by hand; state round trip. */
class SgdMomentumTest {
    static final float[] P0 = AdamTest.P0;
    static final float[][] G = AdamTest.G;

    /**
     * η = 0.1, μ = 0.9, p₀ = (1, −2, 0.5), gradients (0.5, −1, 0), (0.5, 1, 2), (0.5, 0, −2).
     * <pre>
     * v₁ = g₁ = (0.5, −1, 0)                           p₁ = p₀ − 0.1 v₁ = (0.95, −1.9, 0.5)
     * v₂ = 0.9 v₁ + g₂ = (0.95, 0.1, 2)               p₂ = (0.855, −1.91, 0.3)
     * v₃ = 0.9 v₂ + g₃ = (1.355, 0.09, −0.2)          p₃ = (0.7195, −1.919, 0.32)
     * </pre>
     */
    @Test
    void classicalMomentumWorkedByHand() {
        SgdMomentum sgd = SgdMomentum.builder().learningRate(0.1).momentum(0.9).build(3);
        float[] p = P0.clone();
        float[][] expected = {{0.95f, -1.9f, 0.5f}, {0.855f, -1.91f, 0.3f}, {0.7195f, -1.919f, 0.32f}};
        for (int t = 0; t < 3; t++) {
            sgd.step(p, G[t]);
            assertArrayEquals(expected[t], p, 1e-6f, "after step " + (t + 1));
        }
        assertArrayEquals(new double[] {1.355, 0.09, -0.2}, sgd.exportState().array("velocity"), 1e-12);
    }

    /**
     * Nesterov: p ← p − η (g + μ v) with v already updated.
     * <pre>
     * d₁ = g₁ + 0.9 v₁ = 1.9 g₁ = (0.95, −1.9, 0)                      p₁ = (0.905, −1.81, 0.5)
     * d₂ = g₂ + 0.9 (0.95, 0.1, 2) = (1.355, 1.09, 3.8)               p₂ = (0.7695, −1.919, 0.12)
     * d₃ = g₃ + 0.9 (1.355, 0.09, −0.2) = (1.7195, 0.081, −2.18)      p₃ = (0.59755, −1.9271, 0.338)
     * </pre>
     */
    @Test
    void nesterovWorkedByHand() {
        SgdMomentum sgd = SgdMomentum.builder().learningRate(0.1).momentum(0.9).nesterov(true).build(3);
        float[] p = P0.clone();
        float[][] expected = {{0.905f, -1.81f, 0.5f}, {0.7695f, -1.919f, 0.12f}, {0.59755f, -1.9271f, 0.338f}};
        for (int t = 0; t < 3; t++) {
            sgd.step(p, G[t]);
            assertArrayEquals(expected[t], p, 1e-6f, "after step " + (t + 1));
        }
    }

    /**
     * λ = 0.1: g₁' = g₁ + 0.1 p₀ = (0.6, −1.2, 0.05), p₁ = (0.94, −1.88, 0.495);
     * g₂' = g₂ + 0.1 p₁ = (0.594, 0.812, 2.0495), v₂ = 0.9 g₁' + g₂' = (1.134, −0.268, 2.0945),
     * p₂ = (0.8266, −1.8532, 0.28555).
     */
    @Test
    void weightDecayWorkedByHand() {
        SgdMomentum sgd = SgdMomentum.builder().learningRate(0.1).momentum(0.9).weightDecay(0.1).build(3);
        float[] p = P0.clone();
        sgd.step(p, G[0]);
        assertArrayEquals(new float[] {0.94f, -1.88f, 0.495f}, p, 1e-6f);
        sgd.step(p, G[1]);
        assertArrayEquals(new float[] {0.8266f, -1.8532f, 0.28555f}, p, 1e-6f);
    }

    @Test
    void zeroMomentumIsPlainSgd() {
        SgdMomentum sgd = SgdMomentum.builder().learningRate(0.1).momentum(0).build(3);
        float[] p = P0.clone();
        sgd.step(p, G[0]);
        sgd.step(p, G[1]);
        assertArrayEquals(new float[] {0.9f, -2f, 0.3f}, p, 1e-6f); // p₀ − 0.1 (g₁ + g₂)
    }

    @Test
    void stateRoundTripResumesExactly() {
        OptimizerFactory config = SgdMomentum.builder().learningRate(0.05).nesterov(true);
        Optimizer a = config.build(3);
        float[] pa = P0.clone();
        a.step(pa, G[0]);
        OptimizerState s = a.exportState();
        float[] pb = pa.clone();
        a.step(pa, G[1]);
        a.step(pa, G[2]);
        Optimizer b = config.build(3);
        b.importState(s);
        b.step(pb, G[1]);
        b.step(pb, G[2]);
        assertArrayEquals(pa, pb);
        assertEquals(3, b.stepCount());
    }

    @Test
    void badConfigurationIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SgdMomentum.builder().learningRate(-0.1));
        assertTrue(e.getMessage().contains("learningRate = -0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgdMomentum.builder().momentum(1));
        assertTrue(e.getMessage().contains("sgd-momentum.momentum = 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SgdMomentum.builder().momentum(0).nesterov(true).build(3));
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SgdMomentum.builder().weightDecay(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SgdMomentum.builder().build(-1));
    }
}
