package org.spinel.experiments.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Events sort by (step, unit) and convert to times and rasters. */
class SpikeEventsTest {
    @Test
    void sortsConvertsAndRasterises() {
        SpikeEvents ev = new SpikeEvents(new int[] {3, 1, 2, 0}, new int[] {5, 2, 2, 7});
        assertArrayEquals(new int[] {1, 2, 3, 0}, ev.units());
        assertArrayEquals(new int[] {2, 2, 5, 7}, ev.steps());
        assertArrayEquals(new double[] {0.2, 0.2, 0.5, 0.7}, ev.timesMs(0.1), 1e-12);
        byte[] r = ev.toRaster(4, 6);                        // the step-7 event falls outside 6 steps
        byte[] expected = new byte[24];
        expected[2 * 4 + 1] = 1;
        expected[2 * 4 + 2] = 1;
        expected[5 * 4 + 3] = 1;
        assertArrayEquals(expected, r);
        assertArrayEquals(new int[] {2, 0}, SpikeEvents.fromFirstSpikeSteps(new int[] {3, -1, 0}).units()); // by step
        assertThrows(IllegalArgumentException.class, () -> new SpikeEvents(new int[] {1}, new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new SpikeEvents(new int[] {1}, new int[0]));
    }
}
