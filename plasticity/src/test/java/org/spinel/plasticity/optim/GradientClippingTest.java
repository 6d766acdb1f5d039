package org.spinel.plasticity.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Clipping by global norm over several blocks and by value. */
class GradientClippingTest {
    @Test
    void globalNormSpansAllBlocks() {
        // (3, 4) and (12): ‖g‖ = √(9 + 16 + 144) = 13.
        float[] a = {3, 4}, b = {12};
        assertEquals(13.0, GradientClipping.globalNorm(a, b), 1e-12);
        assertEquals(13.0, GradientClipping.byGlobalNorm(6.5, a, b), 1e-12);
        assertArrayEquals(new float[] {1.5f, 2f}, a, 1e-7f);   // scaled by 6.5/13 = 0.5, direction kept
        assertArrayEquals(new float[] {6f}, b, 1e-7f);
        assertEquals(6.5, GradientClipping.globalNorm(a, b), 1e-6);
    }

    @Test
    void aNormBelowTheLimitIsLeftAlone() {
        float[] a = {3, 4};
        assertEquals(5.0, GradientClipping.byGlobalNorm(5, a), 1e-12);
        assertArrayEquals(new float[] {3, 4}, a);
        assertEquals(5.0, GradientClipping.byGlobalNorm(100, a), 1e-12);
        assertArrayEquals(new float[] {3, 4}, a);
    }

    @Test
    void clippedNormIsTheLimitOnALargeVector() {
        float[] g = new float[10_000];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(i * 0.37) * (1 + i % 7);
        }
        double before = GradientClipping.byGlobalNorm(0.25, g);
        assertTrue(before > 0.25);
        assertEquals(0.25, GradientClipping.globalNorm(g), 1e-6);
    }

    @Test
    void byValueClampsEachComponent() {
        float[] a = {-3, -0.5f, 0, 0.5f, 2}, b = {1.0f, -1.0f, 1.5f};
        assertEquals(3, GradientClipping.byValue(1, a, b));
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, a);
        assertArrayEquals(new float[] {1, -1, 1}, b);
    }

    @Test
    void nonFiniteGradientsAndBadLimitsAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.byGlobalNorm(1, new float[] {1, Float.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.byGlobalNorm(1, new float[] {Float.POSITIVE_INFINITY}));
        e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(1, new float[] {Float.NaN}));
        assertTrue(e.getMessage().contains("component 0 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(0, new float[1]));
        assertTrue(e.getMessage().contains("maxNorm = 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(-1, new float[1]));
    }
}
