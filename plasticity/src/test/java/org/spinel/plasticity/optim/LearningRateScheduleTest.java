package org.spinel.plasticity.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The schedules against their closed forms. */
class LearningRateScheduleTest {
    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant(2e-4);
        assertEquals(2e-4, s.rate(0), 0);
        assertEquals(2e-4, s.rate(1_000_000), 0);
    }

    @Test
    void stepDecayHalvesEveryPeriod() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 0.5, 10);
        assertEquals(0.1, s.rate(0), 0);
        assertEquals(0.1, s.rate(9), 0);
        assertEquals(0.05, s.rate(10), 1e-15);
        assertEquals(0.025, s.rate(29), 1e-15);
        assertEquals(0.0125, s.rate(30), 1e-15);
    }

    @Test
    void cosineGoesFromBaseToMinThroughTheMidpoint() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.02, 100);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.06, s.rate(50), 1e-15);                                  // cos(π/2) = 0: the mean
        assertEquals(0.02 + 0.08 * (1 + Math.cos(Math.PI / 4)) / 2, s.rate(25), 1e-15);
        assertEquals(0.02, s.rate(100), 1e-15);
        assertEquals(0.02, s.rate(5000), 0);
        for (long t = 1; t <= 100; t++) {
            assertTrue(s.rate(t) <= s.rate(t - 1), "not monotone at " + t);
        }
    }

    @Test
    void exponentialMultipliesEveryStep() {
        LearningRateSchedule s = LearningRateSchedule.exponential(1, 0.5);
        assertEquals(1, s.rate(0), 0);
        assertEquals(0.125, s.rate(3), 0);
        assertEquals(Math.pow(0.99, 250), LearningRateSchedule.exponential(1, 0.99).rate(250), 1e-14);
    }

    @Test
    void badParametersAreNamed() {
        for (double bad : new double[] {0, -1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LearningRateSchedule.constant(bad));
            assertTrue(e.getMessage().contains("learningRate = " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cosine(0.1, 0.2, 10));
        assertTrue(e.getMessage().contains("cosine.min = 0.2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 1.5));
        assertEquals("cosine(0.1 → 0.0 over 10 steps)", LearningRateSchedule.cosine(0.1, 0, 10).describe());
    }
}
