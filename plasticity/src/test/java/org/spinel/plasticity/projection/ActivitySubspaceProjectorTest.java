package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.ProjectorState;

/** The GPM-style projector against analytic subspaces and the paper's energy criterion. */
class ActivitySubspaceProjectorTest {
    static final int PRE = 6, POST = 3;

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextDouble(-1, 1);
        }
        return v;
    }

    private static double[] unit(int j) {
        double[] e = new double[PRE];
        e[j] = 1;
        return e;
    }

    /** The update {@code u ⊗ r}: presynaptic direction u, postsynaptic pattern r. */
    private static double[] outer(double[] u, double[] r) {
        double[] d = new double[u.length * r.length];
        for (int j = 0; j < u.length; j++) {
            for (int i = 0; i < r.length; i++) {
                d[j * r.length + i] = u[j] * r[i];
            }
        }
        return d;
    }

    private static int rank(ProjectorState s) {
        return s.exportState().get("basis").length / PRE;
    }

    /** Component of {@code v} outside the span of the state's basis. */
    private static double outside(ProjectorState s, double[] v) {
        double[] d = outer(v, new double[] {1});
        ProjectorState one = ActivitySubspaceProjector.energy(1).bind(PRE, 1, null);
        one.importState(Map.of("basis", s.exportState().get("basis"), "correlation", new double[PRE * PRE]));
        one.project(d);
        double n = 0;
        for (double x : d) {
            n += x * x;
        }
        return Math.sqrt(n);
    }

    @Test
    void projectsNothingBeforeTheFirstTaskEnds() {
        SplittableRandom r = new SplittableRandom(1);
        ProjectorState s = ActivitySubspaceProjector.energy(0.99).bind(PRE, POST, null);
        for (int t = 0; t < 5; t++) {
            s.observe(random(r, PRE));
        }
        double[] d = random(r, PRE * POST), before = d.clone();
        s.project(d);
        assertArrayEquals(before, d);
        assertEquals(0, rank(s));
        assertEquals(Projector.Activity.PRESYNAPTIC_RATE, ActivitySubspaceProjector.energy(0.9).activity());
    }

    @Test
    void basisSpansActivityConfinedToAKnownSubspaceAndUpdatesAlongItAreRemoved() {
        SplittableRandom r = new SplittableRandom(2);
        double[] v1 = random(r, PRE), v2 = random(r, PRE);
        ProjectorState s = ActivitySubspaceProjector.energy(0.999).bind(PRE, POST, null);
        for (int t = 0; t < 20; t++) {
            double a = r.nextDouble(-2, 2), b = r.nextDouble(-2, 2);
            double[] x = new double[PRE];
            for (int j = 0; j < PRE; j++) {
                x[j] = a * v1[j] + b * v2[j];
            }
            s.observe(x);
        }
        s.endTask();
        assertEquals(2, rank(s), "activity of rank 2: two directions carry all its energy");
        assertEquals(0, outside(s, v1), 1e-9);
        assertEquals(0, outside(s, v2), 1e-9);
        double[] along = outer(v1, random(r, POST));
        s.project(along);
        for (double x : along) {
            assertEquals(0, x, 1e-12);
        }
        // an update orthogonal to v1 and v2 passes unchanged
        double[] w = random(r, PRE);
        ProjectorState basisOnly = new ComplementProjector(java.util.List.of(v1, v2)).bind(PRE, 1, null);
        basisOnly.project(w);
        double[] orth = outer(w, random(r, POST)), copy = orth.clone();
        s.project(orth);
        assertArrayEquals(copy, orth, 1e-12);
        // the responses x·W to activity of the task do not change under a projected update
        double[] upd = random(r, PRE * POST);
        s.project(upd);
        for (int i = 0; i < POST; i++) {
            double d = 0;
            for (int j = 0; j < PRE; j++) {
                d += (0.3 * v1[j] - 1.7 * v2[j]) * upd[j * POST + i];
            }
            assertEquals(0, d, 1e-12);
        }
    }

    /** Task energy 9 along e0 and 1 along e1: ε = 0.85 keeps e0 only, ε = 0.95 both (GPM's criterion). */
    @Test
    void energyThresholdCountsCapturedEnergy() {
        for (double eps : new double[] {0.85, 0.95}) {
            ProjectorState s = ActivitySubspaceProjector.energy(eps).bind(PRE, POST, null);
            double[] a = unit(0);
            a[0] = 3;
            s.observe(a);
            s.observe(unit(1));
            s.endTask();
            assertEquals(eps == 0.85 ? 1 : 2, rank(s), "eps " + eps);
            assertEquals(0, outside(s, unit(0)), 1e-12);
        }
        ProjectorState k1 = ActivitySubspaceProjector.rankPerTask(1).bind(PRE, POST, null);
        double[] a = unit(1);
        a[1] = 3;
        k1.observe(a);
        k1.observe(unit(4));
        k1.endTask();
        assertEquals(1, rank(k1));
        assertEquals(0, outside(k1, unit(1)), 1e-12, "the direction of largest energy first");
    }

    /**
     * A second task's activity (1, 1, 0, ...) has energy 2, of which the basis {e0} of the first task captures 1: the
     * residual direction e1 (energy 1) is added for ε = 0.9 (1 < 1.8) but not for ε = 0.4 (1 >= 0.8).
     */
    @Test
    void laterTasksAddOnlyTheResidualDirections() {
        for (double eps : new double[] {0.4, 0.9}) {
            ProjectorState s = ActivitySubspaceProjector.energy(eps).bind(PRE, POST, null);
            s.observe(unit(0));
            s.endTask();
            assertEquals(1, rank(s));
            double[] a = unit(0);
            a[1] = 1;
            s.observe(a);
            s.endTask();
            assertEquals(eps == 0.4 ? 1 : 2, rank(s), "eps " + eps);
            if (eps == 0.9) {
                assertEquals(0, outside(s, unit(1)), 1e-12);
                double[] b = s.exportState().get("basis");
                double dot = 0;
                for (int j = 0; j < PRE; j++) {
                    dot += b[j] * b[PRE + j];
                }
                assertEquals(0, dot, 1e-14, "orthonormal basis");
            }
        }
        ProjectorState s = ActivitySubspaceProjector.energy(0.9).bind(PRE, POST, null);
        s.endTask(); // a task without activity adds nothing
        assertEquals(0, rank(s));
    }

    @Test
    void stateRoundTripsAndResetForgets() {
        SplittableRandom r = new SplittableRandom(4);
        ActivitySubspaceProjector p = ActivitySubspaceProjector.energy(0.9);
        ProjectorState s = p.bind(PRE, POST, null);
        for (int t = 0; t < 4; t++) {
            s.observe(random(r, PRE));
        }
        s.endTask();
        s.observe(random(r, PRE)); // a half-observed task travels with the state
        ProjectorState copy = p.bind(PRE, POST, null);
        copy.importState(s.exportState());
        s.endTask();
        copy.endTask();
        assertArrayEquals(s.exportState().get("basis"), copy.exportState().get("basis"));
        double[] d1 = random(r, PRE * POST), d2 = d1.clone();
        s.project(d1);
        copy.project(d2);
        assertArrayEquals(d1, d2);
        assertTrue(rank(s) > 0);
        s.reset();
        assertEquals(0, rank(s));
        double[] d = random(r, PRE * POST), before = d.clone();
        s.project(d);
        assertArrayEquals(before, d);
    }

    @Test
    void refusesBadStateAndParameters() {
        ProjectorState s = ActivitySubspaceProjector.rankPerTask(2).bind(PRE, POST, null);
        Map<String, double[]> bad = new HashMap<>();
        bad.put("basis", new double[PRE]);
        bad.put("correlation", new double[PRE * PRE]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.importState(bad));
        assertTrue(e.getMessage().contains("orthonormal"), e.getMessage());
        bad.put("basis", new double[PRE + 1]);
        e = assertThrows(IllegalArgumentException.class, () -> s.importState(bad));
        assertTrue(e.getMessage().contains("\"basis\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.importState(Map.of("basis", new double[0])));
        assertTrue(e.getMessage().contains("correlation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.observe(new double[PRE - 1]));
        assertTrue(e.getMessage().contains("expected " + PRE), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActivitySubspaceProjector.energy(0));
        assertThrows(IllegalArgumentException.class, () -> ActivitySubspaceProjector.energy(1.5));
        assertThrows(IllegalArgumentException.class, () -> ActivitySubspaceProjector.rankPerTask(0));
        assertEquals("activity subspace (energy threshold 0.97)", ActivitySubspaceProjector.energy(0.97).describe());
        assertEquals("activity subspace (2 directions per task)", ActivitySubspaceProjector.rankPerTask(2).describe());
    }
}
