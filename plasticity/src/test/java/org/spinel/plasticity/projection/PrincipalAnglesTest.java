package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Principal angles against analytic cases (Björck &amp; Golub 1973). */
class PrincipalAnglesTest {
    /** A random 4 × 4 rotation (QR of a fixed matrix). */
    private static RealMatrix rotation() {
        double[][] m = {{0.3, -1.2, 0.7, 2.0}, {1.1, 0.4, -0.5, 0.2}, {-0.8, 0.9, 1.5, -0.3}, {0.6, 0.1, 0.2, 1.3}};
        return new QRDecomposition(new Array2DRowRealMatrix(m)).getQ();
    }

    /** Rows {@code v_k} rotated by {@code r} ({@code r v_k}) and mixed: row i of the result is Σ_k mix[i][k] r v_k. */
    private static double[] rows(RealMatrix r, double[][] v, double[][] mix) {
        int n = v[0].length;
        double[] out = new double[mix.length * n];
        for (int i = 0; i < mix.length; i++) {
            for (int k = 0; k < v.length; k++) {
                double[] rv = r.operate(v[k]);
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += mix[i][k] * rv[j];
                }
            }
        }
        return out;
    }

    @Test
    void twoPlanesInR4HaveTheAnglesTheyWereRotatedBy() {
        double t1 = Math.toRadians(17), t2 = Math.toRadians(63);
        double[][] a = {{1, 0, 0, 0}, {0, 1, 0, 0}};
        double[][] b = {{Math.cos(t1), 0, Math.sin(t1), 0}, {0, Math.cos(t2), 0, Math.sin(t2)}};
        RealMatrix r = rotation();
        // non-orthonormal spanning vectors of the same planes, in a rotated frame: the angles do not change
        double[] ra = rows(r, a, new double[][] {{2, 1}, {-0.5, 3}});
        double[] rb = rows(r, b, new double[][] {{1, 1}, {0.2, -4}});
        assertArrayEquals(new double[] {17, 63}, PrincipalAngles.degrees(ra, 2, rb, 2, 4), 1e-10);
        assertArrayEquals(new double[] {t1, t2}, PrincipalAngles.radians(rb, 2, ra, 2, 4), 1e-12);
        // a tiny angle keeps its precision (taken from the sine)
        double tiny = 1e-9;
        double[][] c = {{Math.cos(tiny), 0, Math.sin(tiny), 0}, {0, 1, 0, 0}};
        assertArrayEquals(new double[] {0, tiny}, PrincipalAngles.radians(rows(r, a, new double[][] {{1, 0}, {0, 1}}),
                2, rows(r, c, new double[][] {{1, 0}, {0, 1}}), 2, 4), 1e-14);
    }

    @Test
    void identicalSubspacesGiveZeroAndOrthogonalOnesNinety() {
        RealMatrix r = rotation();
        double[][] a = {{1, 0, 0, 0}, {0, 1, 0, 0}};
        double[] x = rows(r, a, new double[][] {{1, 0}, {0, 1}});
        double[] y = rows(r, a, new double[][] {{3, -1}, {1, 2}});
        assertArrayEquals(new double[] {0, 0}, PrincipalAngles.degrees(x, 2, y, 2, 4), 1e-12);
        double[] z = rows(r, new double[][] {{0, 0, 1, 0}, {0, 0, 0, 1}}, new double[][] {{1, 1}, {1, -1}});
        assertArrayEquals(new double[] {90, 90}, PrincipalAngles.degrees(x, 2, z, 2, 4), 1e-12);
        assertEquals(90, PrincipalAngles.largest(PrincipalAngles.degrees(x, 2, z, 2, 4)), 1e-12);
    }

    @Test
    void aLineInAPlaneHasOneZeroAngleWhicheverComesFirst() {
        double[] plane = {1, 0, 0, 0, 0, 1, 0, 0};
        double[] line = {0.6, 0.8, 0, 0};
        assertArrayEquals(new double[] {0}, PrincipalAngles.degrees(plane, 2, line, 1, 4), 1e-12);
        assertArrayEquals(new double[] {0}, PrincipalAngles.degrees(line, 1, plane, 2, 4), 1e-12);
        double[] tilted = {1, 0, 1, 0}; // 45° out of the plane
        assertArrayEquals(new double[] {45}, PrincipalAngles.degrees(tilted, 1, plane, 2, 4), 1e-12);
        assertEquals(0, PrincipalAngles.degrees(plane, 2, line, 0, 4).length);
    }

    @Test
    void dependentOrNonFiniteBasesAreRefused() {
        double[] dependent = {1, 2, 0, 0, 2, 4, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrincipalAngles.degrees(dependent, 2, new double[] {1, 0, 0, 0}, 1, 4));
        assertEquals(true, e.getMessage().contains("linearly dependent"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PrincipalAngles.degrees(new double[] {Double.NaN, 0, 0, 0}, 1, new double[] {1, 0, 0, 0}, 1, 4));
        assertThrows(IllegalArgumentException.class,
                () -> PrincipalAngles.degrees(new double[] {1, 0}, 1, new double[] {1, 0, 0, 0}, 1, 4));
    }
}
