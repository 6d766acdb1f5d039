package org.spinel.plasticity.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Adam: three steps worked by hand, bit-exact resume from exported state, convergence on a quadratic. */
class AdamTest {
    static final float[] P0 = {1f, -2f, 0.5f};
    static final float[][] G = {{0.5f, -1f, 0f}, {0.5f, 1f, 2f}, {0.5f, 0f, -2f}};

    /**
     * η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, p₀ = (1, −2, 0.5).
     * <pre>
     * t = 1, g = (0.5, −1, 0):  m = (0.05, −0.1, 0),  v = (0.00025, 0.001, 0)
     *   m̂ = m/0.1 = (0.5, −1, 0),  v̂ = v/0.001 = (0.25, 1, 0),  Δ = η m̂/(√v̂ + ε) = (0.1, −0.1, 0)
     *   p₁ = (0.9, −1.9, 0.5)                       [the first Adam step is η·sign(g)]
     * t = 2, g = (0.5, 1, 2):  m = 0.9 m + 0.1 g = (0.095, 0.01, 0.2)
     *   v = 0.999 v + 0.001 g² = (0.00049975, 0.001999, 0.004)
     *   1 − β₁² = 0.19, 1 − β₂² = 0.001999:  m̂ = (0.5, 0.0526316, 1.0526316),  v̂ = (0.25, 1, 2.0010005)
     *   Δ = 0.1·(0.5/0.5, 0.0526316/1, 1.0526316/1.4145673) = (0.1, 0.0052632, 0.0744137)
     *   p₂ = (0.8, −1.9052632, 0.4255863)
     * t = 3, g = (0.5, 0, −2):  m = (0.1355, 0.009, −0.02),  v = (0.00074925025, 0.001997001, 0.007996)
     *   1 − β₁³ = 0.271, 1 − β₂³ = 0.002997001:  m̂ = (0.5, 0.0332103, −0.0738007),  v̂ = (0.25, 0.6663331, 2.6680004)
     *   Δ = 0.1·(1, 0.0332103/0.8162923, −0.0738007/1.6334015) = (0.1, 0.0040684, −0.0045182)
     *   p₃ = (0.7, −1.9093316, 0.4301045)
     * </pre>
     * (A constant gradient component moves by exactly η per step: component 0.)
     */
    @Test
    void threeStepsWorkedByHand() {
        Adam adam = Adam.builder().learningRate(0.1).build(3);
        float[] p = P0.clone();
        float[][] expected = {{0.9f, -1.9f, 0.5f}, {0.8f, -1.9052632f, 0.4255863f}, {0.7f, -1.9093316f, 0.4301045f}};
        for (int t = 0; t < 3; t++) {
            adam.step(p, G[t]);
            assertArrayEquals(expected[t], p, 1e-6f, "after step " + (t + 1));
            assertEquals(t + 1, adam.stepCount());
        }
        OptimizerState s = adam.exportState();
        assertArrayEquals(new double[] {0.1355, 0.009, -0.02}, s.array("m"), 1e-12);
        assertArrayEquals(new double[] {0.00074925025, 0.001997001, 0.007996}, s.array("v"), 1e-15);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // λ = 0.5, p = (1, −2, 0.5), ∇ = 0: g = λp = (0.5, −1, 0.25); a first step moves each by η·sign(g).
        Adam adam = Adam.builder().learningRate(0.1).weightDecay(0.5).build(3);
        float[] p = P0.clone();
        adam.step(p, new float[3]);
        assertArrayEquals(new float[] {0.9f, -1.9f, 0.4f}, p, 1e-6f);
    }

    static float[] randomGradient(UniformRandomProvider rng, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return g;
    }

    @Test
    void exportedStateResumesBitExactly() {
        int n = 257;
        OptimizerFactory config = Adam.builder().schedule(LearningRateSchedule.cosine(0.01, 0.001, 12));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        float[][] grads = new float[12][];
        for (int t = 0; t < grads.length; t++) {
            grads[t] = randomGradient(rng, n);
        }
        float[] p = randomGradient(rng, n);

        Optimizer a = config.build(n);
        float[] pa = p.clone();
        for (int t = 0; t < 5; t++) {
            a.step(pa, grads[t]);
        }
        OptimizerState saved = a.exportState();
        float[] checkpoint = pa.clone();
        for (int t = 5; t < 12; t++) {
            a.step(pa, grads[t]);
        }
        assertEquals(5, saved.step(), "the export is a copy, not a view");

        Optimizer b = config.build(n);
        b.importState(saved);
        assertEquals(5, b.stepCount());
        assertEquals(saved, b.exportState());
        float[] pb = checkpoint.clone();
        for (int t = 5; t < 12; t++) {
            b.step(pb, grads[t]);
        }
        assertArrayEquals(pa, pb, "resumed run differs"); // exact float equality
        assertEquals(a.exportState(), b.exportState());

        // Without the state (fresh moments, t = 0) the continuation differs: the test can tell.
        Optimizer c = config.build(n);
        float[] pc = checkpoint.clone();
        for (int t = 5; t < 12; t++) {
            c.step(pc, grads[t]);
        }
        assertNotEquals(pa[0], pc[0]);
    }

    @Test
    void importRejectsAnotherMethodOrSize() {
        OptimizerState sgd = SgdMomentum.builder().build(3).exportState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder().build(3).importState(sgd));
        assertTrue(e.getMessage().contains("sgd-momentum") && e.getMessage().contains("adam"), e.getMessage());
        OptimizerState four = Adam.builder().build(4).exportState();
        e = assertThrows(IllegalArgumentException.class, () -> Adam.builder().build(3).importState(four));
        assertTrue(e.getMessage().contains("4 values: expected 3"), e.getMessage());
    }

    /**
     * f(x) = ½ Σ aᵢ (xᵢ − cᵢ)² with curvatures from 1 to 1000 (condition number 1000); Adam with a cosine
     * schedule from 0.05 to 0 over 3000 steps reaches the minimum c to 1e-4 from x = 0.
     */
    @Test
    void convergesOnAnIllConditionedQuadratic() {
        int n = 10;
        double[] a = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.pow(1000, i / (n - 1.0));
            c[i] = (i % 3) - 1 + 0.25 * i;
        }
        Adam adam = Adam.builder().schedule(LearningRateSchedule.cosine(0.05, 0, 3000)).build(n);
        float[] x = new float[n], g = new float[n];
        double f0 = loss(a, c, x);
        for (int t = 0; t < 3000; t++) {
            for (int i = 0; i < n; i++) {
                g[i] = (float) (a[i] * (x[i] - c[i]));
            }
            adam.step(x, g);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(c[i], x[i], 1e-4, "x[" + i + "] (curvature " + a[i] + ")");
        }
        assertTrue(loss(a, c, x) < 1e-8 * f0, "loss " + loss(a, c, x) + " from " + f0);
    }

    static double loss(double[] a, double[] c, float[] x) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += 0.5 * a[i] * (x[i] - c[i]) * (x[i] - c[i]);
        }
        return s;
    }

    @Test
    void badConfigurationIsNamed() {
        for (double bad : new double[] {0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Adam.builder().learningRate(bad));
            assertTrue(e.getMessage().contains("learningRate = " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().beta1(1));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().beta2(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().epsilon(0));
        Adam adam = Adam.builder().build(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(new float[3], new float[3], Double.NaN));
        assertTrue(e.getMessage().contains("adam.learningRate = NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> adam.step(new float[3], new float[2]));
        assertTrue(e.getMessage().contains("grads has 2 values: expected 3"), e.getMessage());
        assertEquals(0, adam.stepCount(), "a rejected step does not count");
    }

    @Test
    void resetAndDescribe() {
        Adam adam = Adam.builder().learningRate(0.1).build(3);
        adam.step(P0.clone(), G[1]);
        adam.reset();
        assertEquals(0, adam.stepCount());
        assertEquals(Adam.builder().learningRate(0.1).build(3).exportState(), adam.exportState());
        assertEquals("adam(lr=constant(0.1), beta1=0.9, beta2=0.999, epsilon=1.0E-8)", adam.describe());
        assertEquals(0.1, adam.learningRate(), 0);
    }
}
