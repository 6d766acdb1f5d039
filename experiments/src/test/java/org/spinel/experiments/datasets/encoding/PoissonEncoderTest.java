package org.spinel.experiments.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.networks.RandomStreams;

/** The rate code: per-step probability r·x·dt, counts within 4σ, exact continuous-time trains. */
class PoissonEncoderTest {
    @Test
    void probabilityIsRateTimesIntensityTimesDt() {
        PoissonEncoder enc = new PoissonEncoder(100, 1);     // 100 Hz at 1 ms: 0.1 per step at x = 1
        assertEquals(0.1, enc.probability(1), 1e-15);
        assertEquals(0.05, enc.probability(0.5), 1e-15);
        assertEquals(0, enc.probability(-1), 0);
        LabeledImages img = LabeledImages.of(new byte[] {0, (byte) 255, (byte) 51}, new int[] {0}, 1, 3, "t");
        float[] p = new float[3];
        enc.probabilities(img, 0, p);
        assertArrayEquals(new float[] {0, 0.1f, 0.02f}, p, 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoissonEncoder(2000, 1));
        assertTrue(e.getMessage().contains("rate·dt = 2.0 > 1"), e.getMessage());
    }

    @Test
    void binnedCountsWithinFourSigma() {
        PoissonEncoder enc = new PoissonEncoder(200, 0.5);   // p = 0.1 per step for a white pixel
        byte[] px = new byte[400];
        java.util.Arrays.fill(px, (byte) 255);
        LabeledImages img = LabeledImages.of(px, new int[] {0}, 20, 20, "white");
        SpikeEvents ev = enc.encode(img, 0, 1000, new RandomStreams(9).stream("input/poisson"));
        double n = 400.0 * 1000, mean = n * 0.1, sigma = Math.sqrt(n * 0.1 * 0.9);
        assertTrue(Math.abs(ev.count() - mean) < 4 * sigma, ev.count() + " vs " + mean + " ± " + 4 * sigma);
        assertArrayEquals(new double[] {ev.step(0) * 0.5}, new double[] {ev.timesMs(0.5)[0]}, 0);
    }

    @Test
    void continuousTrainsHaveThePoissonMeanAndStayInTheWindow() {
        var rng = new RandomStreams(3).stream("input/times");
        long total = 0;
        int trains = 200;
        double rate = 40, duration = 500;                     // 20 spikes expected per train
        for (int k = 0; k < trains; k++) {
            double[] t = PoissonEncoder.spikeTimes(rate, duration, rng);
            for (int i = 0; i < t.length; i++) {
                assertTrue(t[i] >= 0 && t[i] < duration);
                assertTrue(i == 0 || t[i] > t[i - 1]);
            }
            total += t.length;
        }
        double mean = trains * rate * duration / 1000, sigma = Math.sqrt(mean);
        assertTrue(Math.abs(total - mean) < 4 * sigma, total + " vs " + mean + " ± " + 4 * sigma);
        assertEquals(0, PoissonEncoder.spikeTimes(0, 100, rng).length);
    }
}
