package org.spinel.experiments.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinel.experiments.datasets.LabeledImages;

/** The SpyTorch latency code against its closed form T = 20 ln(x/(x − 0.2)). */
class LatencyEncoderTest {
    final LatencyEncoder enc = LatencyEncoder.spyTorch(100);

    @Test
    void closedFormAtAFewIntensities() {
        // T(x) = 20 ln(x/(x − 0.2)):  x = 1 → 20 ln 1.25 = 4.4629;  0.5 → 20 ln(5/3) = 10.2165;
        // 0.3 → 20 ln 3 = 21.9722;  0.21 → 20 ln 21 = 60.8904;  0.205 → 20 ln 41 = 74.2714.
        assertEquals(4.462871026284195, enc.firstSpikeTime(1), 1e-12);
        assertEquals(10.216512475319814, enc.firstSpikeTime(0.5), 1e-12);
        assertEquals(21.972245773362196, enc.firstSpikeTime(0.3), 1e-12);
        assertEquals(4, enc.firstSpikeStep(1.0), "the brightest pixel fires first, at step 4");
        assertEquals(10, enc.firstSpikeStep(0.5));
        assertEquals(21, enc.firstSpikeStep(0.3));
        assertEquals(60, enc.firstSpikeStep(0.21));
        assertEquals(74, enc.firstSpikeStep(0.205));
        assertEquals(-1, LatencyEncoder.spyTorch(74).firstSpikeStep(0.205), "T = 74.27 is past a 74-step window");
        assertEquals(-1, enc.firstSpikeStep(0.2), "x = θ: no spike");
        assertEquals(-1, enc.firstSpikeStep(0.1));
        assertEquals(-1, enc.firstSpikeStep(0), "black: no spike");
        assertEquals(Double.POSITIVE_INFINITY, enc.firstSpikeTime(0));
        assertThrows(IllegalArgumentException.class, () -> enc.firstSpikeTime(Double.NaN));
    }

    @Test
    void roundingAsThePyTorchReferenceScript() {
        LatencyEncoder round = new LatencyEncoder(20, 0.2, 100, LatencyEncoder.Rounding.ROUND);
        assertEquals(4, round.firstSpikeStep(1.0), "T = 4.46 rounds down");
        assertEquals(10, round.firstSpikeStep(0.5), "T = 10.22");
        assertEquals(22, round.firstSpikeStep(0.3), "T = 21.97 rounds up (floor gives 21)");
        assertEquals(61, round.firstSpikeStep(0.21), "T = 60.89");
        assertEquals(-1, round.firstSpikeStep(0.2));
        assertEquals(-1, new LatencyEncoder(20, 0.2, 61, LatencyEncoder.Rounding.ROUND).firstSpikeStep(0.21),
                "rounded step 61 is past a 61-step window");
        int differ = 0;
        for (int px = 52; px < 256; px++) {
            int f = enc.firstSpikeStepOfPixel(px), r = round.firstSpikeStepOfPixel(px);
            assertTrue(r == f || r == f + 1, "pixel " + px + ": round " + r + " vs floor " + f);
            differ += r != f ? 1 : 0;
        }
        assertTrue(differ > 20 && differ < 184, "about half the firing pixels move one step: " + differ);
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(20, 0.2, 100, null));
    }

    @Test
    void pixelTableAgreesWithTheFormulaAndIsMonotone() {
        int previous = Integer.MAX_VALUE;
        for (int px = 0; px < 256; px++) {
            double x = px / 255.0;
            int expected = x <= 0.2 ? -1 : (int) Math.floor(20 * Math.log(x / (x - 0.2)));
            if (expected >= 100) {
                expected = -1;
            }
            assertEquals(expected, enc.firstSpikeStepOfPixel(px), "pixel " + px);
            if (expected >= 0) {
                assertTrue(expected <= previous, "brighter is not later");
                previous = expected;
            }
        }
        assertEquals(-1, enc.firstSpikeStepOfPixel(51), "51/255 = 0.2 exactly");
        assertEquals(79, enc.firstSpikeStepOfPixel(52), "the dimmest pixel that fires: 20 ln(52/1) = 79.02");
        assertEquals(4, enc.firstSpikeStepOfPixel(255));
    }

    @Test
    void atMostOneSpikePerPixel() {
        byte[] px = new byte[2 * 6];
        int[] values = {0, 51, 52, 128, 200, 255};
        for (int p = 0; p < 6; p++) {
            px[6 + p] = (byte) values[p];
        }
        LabeledImages images = LabeledImages.of(px, new int[] {0, 1}, 2, 3, "test");
        int[] steps = new int[6];
        assertEquals(0, enc.encode(images, 0, steps));
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1}, steps);
        assertEquals(4, enc.encode(images, 1, steps));
        SpikeEvents ev = enc.events(images, 1);
        assertEquals(4, ev.count());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1}, ev.countsPerUnit(6));
        // Sorted by time: 255 (step 4) first, then 200, 128, 52 (step 79).
        assertArrayEquals(new int[] {5, 4, 3, 2}, ev.units());
        assertArrayEquals(new int[] {4, enc.firstSpikeStepOfPixel(200), enc.firstSpikeStepOfPixel(128), 79},
                ev.steps());
        float[] x = {1f, 0f, 0.5f};
        int[] out = new int[3];
        assertEquals(2, enc.encode(x, out));
        assertArrayEquals(new int[] {4, -1, 10}, out);
    }

    @Test
    void badParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LatencyEncoder(0, 0.2, 100));
        assertTrue(e.getMessage().contains("latency.tauEff = 0.0 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(20, -0.1, 100));
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(20, 0.2, 0));
    }
}
