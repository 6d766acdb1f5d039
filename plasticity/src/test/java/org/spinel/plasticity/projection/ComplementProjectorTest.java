package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.plasticity.ProjectorState;

class ComplementProjectorTest {
    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void projectedUpdateIsOrthogonalToEveryVectorAndIdempotent() {
        SplittableRandom r = new SplittableRandom(3);
        int pre = 7, post = 5;
        double[] q1 = random(r, pre), q2 = random(r, pre);
        ProjectorState s = new ComplementProjector(List.of(q1, q2)).bind(pre, post, null);
        double[] d = random(r, pre * post);
        s.project(d);
        for (double[] q : new double[][] {q1, q2}) {
            for (int i = 0; i < post; i++) {
                double dot = 0;
                for (int j = 0; j < pre; j++) {
                    dot += q[j] * d[j * post + i];
                }
                assertEquals(0, dot, 1e-12);
            }
        }
        double[] again = d.clone();
        s.project(again);
        for (int k = 0; k < d.length; k++) {
            assertEquals(d[k], again[k], 1e-12);
        }
    }

    @Test
    void leavesUpdatesInTheComplementUnchanged() {
        int pre = 3, post = 2;
        ProjectorState s = new ComplementProjector(List.of(new double[] {1, 0, 0})).bind(pre, post, null);
        double[] d = {5, 6, 1, 2, 3, 4};
        s.project(d);
        assertEquals(0, d[0]);
        assertEquals(0, d[1]);
        assertEquals(1, d[2]);
        assertEquals(4, d[5]);
    }

    @Test
    void refusesBadShapes() {
        ComplementProjector p = new ComplementProjector(List.of(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.bind(3, 2, null));
        assertTrue(e.getMessage().contains("length 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ComplementProjector(List.of(new double[] {0, 0})));
        assertThrows(IllegalArgumentException.class,
                () -> new ComplementProjector(List.of(new double[] {1, 0}, new double[] {1})));
    }
}
