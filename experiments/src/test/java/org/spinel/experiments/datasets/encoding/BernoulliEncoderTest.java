package org.spinel.experiments.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.networks.RandomStreams;

/** NALSM's normalisation worked by hand; spike counts within 4σ of their binomial mean; determinism. */
class BernoulliEncoderTest {
    /**
     * Image A = (0, 10, 30, 60): sum 100, q = (0, 0.1, 0.3, 0.6). Image B = (50, 50, 0, 0): q = (0.5, 0.5, 0, 0).
     * Image C blank. M = 0.6, so p_A = (0, 1/6, 1/2, 1), p_B = (5/6, 5/6, 0, 0), p_C = 0.
     */
    @Test
    void nalsmNormalisationWorkedByHand() {
        byte[] px = {0, 10, 30, 60, 50, 50, 0, 0, 0, 0, 0, 0};
        LabeledImages images = LabeledImages.of(px, new int[] {0, 1, 2}, 2, 2, "test");
        BernoulliEncoder enc = BernoulliEncoder.nalsm(images);
        assertEquals(1 / 0.6, enc.scale(), 1e-12);
        float[] p = new float[4];
        enc.probabilities(images, 0, p);
        assertArrayEquals(new float[] {0, 1f / 6, 0.5f, 1}, p, 1e-6f);
        enc.probabilities(images, 1, p);
        assertArrayEquals(new float[] {5f / 6, 5f / 6, 0, 0}, p, 1e-6f);
        enc.probabilities(images, 2, p);
        assertArrayEquals(new float[4], p);
        // Another split's encoder with a smaller M clips at 1.
        new BernoulliEncoder(1 / 0.4).probabilities(images, 0, p);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, p, 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> BernoulliEncoder.nalsm(LabeledImages.of(new byte[4], new int[] {0}, 2, 2, "blank")));
    }

    @Test
    void meanRateWithinFourSigma() {
        // 3 groups of 100 units at p = 0.05, 0.3, 0.9 over 2000 steps: counts ~ Binomial(200 000, p).
        float[] probs = {0.05f, 0.3f, 0.9f};
        float[] p = new float[300];
        for (int u = 0; u < 300; u++) {
            p[u] = probs[u / 100];
        }
        int steps = 2000;
        SpikeEvents ev = BernoulliEncoder.sample(p, steps, new RandomStreams(2024).stream("input/0"));
        int[] perUnit = ev.countsPerUnit(300);
        for (int g = 0; g < 3; g++) {
            long count = 0;
            for (int u = 100 * g; u < 100 * (g + 1); u++) {
                count += perUnit[u];
            }
            double n = 100.0 * steps, mean = n * probs[g], sigma = Math.sqrt(n * probs[g] * (1 - probs[g]));
            assertTrue(Math.abs(count - mean) < 4 * sigma, "p = " + probs[g] + ": " + count + " spikes, expected "
                    + mean + " ± " + 4 * sigma);
        }
    }

    @Test
    void zeroNeverOneAlwaysAndDeterministic() {
        float[] p = {0, 1, 0.5f};
        SpikeEvents a = BernoulliEncoder.sample(p, 500, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        int[] c = a.countsPerUnit(3);
        assertEquals(0, c[0]);
        assertEquals(500, c[1]);
        SpikeEvents b = BernoulliEncoder.sample(p, 500, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        assertArrayEquals(a.units(), b.units());
        assertArrayEquals(a.steps(), b.steps());
        for (int k = 1; k < a.count(); k++) {
            assertTrue(a.step(k) > a.step(k - 1) || (a.step(k) == a.step(k - 1) && a.unit(k) > a.unit(k - 1)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BernoulliEncoder.sample(new float[] {1.5f}, 3, RandomSource.XO_RO_SHI_RO_128_PP.create(5L)));
        assertTrue(e.getMessage().contains("probability[0] = 1.5"), e.getMessage());
    }
}
