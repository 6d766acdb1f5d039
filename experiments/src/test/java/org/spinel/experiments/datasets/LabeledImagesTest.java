package org.spinel.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The flat image store: indexing, intensities, slices, selections, class counts. */
class LabeledImagesTest {
    /** Three 2 × 3 images; image i has pixels 10i + p (p = 0..5) except one 255. */
    static LabeledImages tiny() {
        byte[] px = new byte[18];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 6; p++) {
                px[i * 6 + p] = (byte) (10 * i + p);
            }
        }
        px[17] = (byte) 255;
        return LabeledImages.of(px, new int[] {2, 0, 2}, 2, 3, "tiny");
    }

    @Test
    void indexingIsImageMajorThenRowMajor() {
        LabeledImages d = tiny();
        assertEquals(3, d.size());
        assertEquals(6, d.pixelsPerImage());
        assertEquals(13, d.pixel(1, 3));
        assertEquals(255, d.pixel(2, 5));
        assertEquals(1f, d.intensity(2, 5), 0);
        assertEquals(13 / 255f, d.intensity(1, 3), 0);
        float[] out = new float[8];
        d.copyIntensitiesInto(1, out, 2);
        assertEquals(10 / 255f, out[2], 0);
        assertEquals(15 / 255f, out[7], 0);
        byte[] b = new byte[6];
        d.copyPixelsInto(2, b, 0);
        assertEquals(20, b[0]);
        assertEquals(18, d.intensities().length);
        assertEquals(3, d.classCount());
        assertArrayEquals(new int[] {1, 0, 2}, d.classCounts());
    }

    @Test
    void sliceAndSelectCopyTheRightImages() {
        LabeledImages d = tiny();
        LabeledImages s = d.slice(1, 2);
        assertEquals(2, s.size());
        assertEquals(10, s.pixel(0, 0));
        assertEquals(255, s.pixel(1, 5));
        assertArrayEquals(new int[] {0, 2}, s.labels());
        assertTrue(s.source().contains("tiny [1, 3)"), s.source());
        LabeledImages sel = d.select(new int[] {2, 0, 2});
        assertArrayEquals(new int[] {2, 2, 2}, sel.labels());
        assertEquals(0, sel.pixel(1, 0));
        assertEquals(0, d.slice(3, 0).size());
    }

    @Test
    void inputsAreCopiedAndErrorsNamed() {
        byte[] px = new byte[4];
        int[] lab = {1};
        LabeledImages d = LabeledImages.of(px, lab, 2, 2, "x");
        px[0] = 9;
        lab[0] = 5;
        assertEquals(0, d.pixel(0, 0));
        assertEquals(1, d.label(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.of(new byte[5], new int[] {1}, 2, 2, "x"));
        assertTrue(e.getMessage().contains("need 4 pixels, found 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().slice(2, 2));
        assertTrue(e.getMessage().contains("slice(from = 2, count = 2) of 3 images"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> tiny().pixel(0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> tiny().copyIntensitiesInto(3, new float[6], 0));
    }
}
