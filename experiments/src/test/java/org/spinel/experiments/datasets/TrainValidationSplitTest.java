package org.spinel.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Seeded splits: deterministic, disjoint, complete, order-keeping; the NALSM "last n" split. */
class TrainValidationSplitTest {
    /** n 1 × 1 images whose single pixel and label identify them (pixel i % 256, label i). */
    static LabeledImages numbered(int n) {
        byte[] px = new byte[n];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) i;
            lab[i] = i;
        }
        return LabeledImages.of(px, lab, 1, 1, "numbered");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        LabeledImages all = numbered(1000);
        TrainValidationSplit a = TrainValidationSplit.random(all, 100, 7), b = TrainValidationSplit.random(all, 100, 7);
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        TrainValidationSplit c = TrainValidationSplit.random(all, 100, 8);
        assertFalse(Arrays.equals(a.validationIndices(), c.validationIndices()));
    }

    @Test
    void partsAreDisjointCompleteAndInOriginalOrder() {
        LabeledImages all = numbered(1000);
        TrainValidationSplit s = TrainValidationSplit.random(all, 0.15, 123);
        assertEquals(150, s.validation().size());
        assertEquals(850, s.train().size());
        boolean[] seen = new boolean[1000];
        for (LabeledImages part : new LabeledImages[] {s.train(), s.validation()}) {
            int prev = -1;
            for (int k = 0; k < part.size(); k++) {
                int id = part.label(k);             // label = original index
                assertFalse(seen[id], "image " + id + " in both parts");
                seen[id] = true;
                assertTrue(id > prev, "order kept");
                prev = id;
                assertEquals(id & 0xff, part.pixel(k, 0), "pixels travel with labels");
            }
        }
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen[i], "image " + i + " lost");
        }
        assertArrayEquals(s.validation().labels(), s.validationIndices());
        // Not simply the first or last 150: the draw spreads over the set.
        int[] v = s.validationIndices();
        assertTrue(v[0] < 100 && v[v.length - 1] > 900, Arrays.toString(v));
    }

    @Test
    void lastTakesTheTail() {
        TrainValidationSplit s = TrainValidationSplit.last(numbered(60), 10);
        assertEquals(50, s.train().size());
        assertEquals(50, s.validation().label(0));
        assertEquals(59, s.validation().label(9));
        assertEquals(49, s.trainIndices()[49]);
    }

    @Test
    void badCountsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainValidationSplit.random(numbered(10), 11, 1));
        assertTrue(e.getMessage().contains("validationCount = 11") && e.getMessage().contains("[0, 10]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.random(numbered(10), 1.5, 1));
    }
}
