package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.ProjectorState;

/**
 * The exact projection oracle: on synthetic data with a known top-M subspace of {@code E[xxᵀ]} its basis spans that
 * subspace; later tasks add residual directions orthogonal to it; updates lose their component in its span; a long
 * task's basis is the SVD of all its activity; HLOP compared with it converges to it (angles, captured energy) and is
 * unchanged by the shadow.
 */
class OracleSubspaceProjectorTest {
    private static final int N = 20, POST = 3;

    /** N × k orthonormal columns. */
    private static RealMatrix orthonormal(int k, long seed) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(new RandomStreams(seed).stream("q"));
        RealMatrix a = new Array2DRowRealMatrix(N, k);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < k; j++) {
                a.setEntry(i, j, g.sample());
            }
        }
        return new QRDecomposition(a).getQ().getSubMatrix(0, N - 1, 0, k - 1);
    }

    /** Rows (k × N, row-major) of the columns of q. */
    private static double[] rowsOf(RealMatrix q) {
        double[] r = new double[q.getColumnDimension() * N];
        for (int k = 0; k < q.getColumnDimension(); k++) {
            for (int j = 0; j < N; j++) {
                r[k * N + j] = q.getEntry(j, k);
            }
        }
        return r;
    }

    /** {@code n} samples {@code Q diag(sd) z + noise ε}. */
    private static double[][] samples(RealMatrix q, double[] sd, double noise, int n, long seed) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(new RandomStreams(seed).stream("x"));
        double[][] x = new double[n][N];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < sd.length; k++) {
                double c = sd[k] * g.sample();
                for (int i = 0; i < N; i++) {
                    x[s][i] += c * q.getEntry(i, k);
                }
            }
            for (int i = 0; i < N; i++) {
                x[s][i] += noise * g.sample();
            }
        }
        return x;
    }

    private static double[] basis(ProjectorState st, int[] rank) {
        return OracleSubspaceProjector.basis(st, rank);
    }

    @Test
    void theBasisOfDataWithAKnownTopSubspaceSpansIt() {
        RealMatrix q = orthonormal(3, 1);
        // exact: rank-3 data
        ProjectorState exact = OracleSubspaceProjector.of(3).bind(N, POST, null);
        for (double[] x : samples(q, new double[] {5, 4, 3}, 0, 50, 2)) {
            exact.observe(x);
        }
        exact.endTask();
        int[] k = new int[1];
        double[] b = basis(exact, k);
        assertEquals(3, k[0]);
        assertTrue(PrincipalAngles.largest(PrincipalAngles.degrees(b, 3, rowsOf(q), 3, N)) < 1e-9);
        // noisy, many samples: the top-3 subspace of E[xxᵀ]
        ProjectorState noisy = OracleSubspaceProjector.of(3).bind(N, POST, null);
        for (double[] x : samples(q, new double[] {5, 4, 3}, 0.3, 5000, 3)) {
            noisy.observe(x);
        }
        noisy.endTask();
        b = basis(noisy, k);
        assertEquals(3, k[0]);
        double largest = PrincipalAngles.largest(PrincipalAngles.degrees(b, 3, rowsOf(q), 3, N));
        assertTrue(largest < 1.0, "largest angle to the true subspace " + largest + "°");
        // orthonormal rows
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double d = 0;
                for (int x = 0; x < N; x++) {
                    d += b[i * N + x] * b[j * N + x];
                }
                assertEquals(i == j ? 1 : 0, d, 1e-12);
            }
        }
    }

    @Test
    void theBasisIsTheSvdOfAllTheActivity() {
        RealMatrix q = orthonormal(6, 4);
        double[][] x = samples(q, new double[] {6, 5, 4, 3, 2, 1}, 0.5, 1000, 5);
        ProjectorState st = OracleSubspaceProjector.of(4).bind(N, POST, null);
        for (double[] a : x) {
            st.observe(a);
        }
        st.endTask();
        int[] k = new int[1];
        double[] b = basis(st, k);
        RealMatrix v = new SingularValueDecomposition(new Array2DRowRealMatrix(x)).getV();
        double[] ref = rowsOf(v.getSubMatrix(0, N - 1, 0, 3));
        assertEquals(4, k[0]);
        assertTrue(PrincipalAngles.largest(PrincipalAngles.degrees(b, 4, ref, 4, N)) < 1e-8);
    }

    @Test
    void laterTasksAddResidualDirectionsAndUpdatesLoseTheirComponentInTheSpan() {
        RealMatrix q = orthonormal(5, 6);
        RealMatrix q0 = q.getSubMatrix(0, N - 1, 0, 1), q1 = q.getSubMatrix(0, N - 1, 0, 4);
        ProjectorState st = OracleSubspaceProjector.of(2, 3).bind(N, POST, null);
        double[] delta = new double[N * POST];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.sin(i + 1);
        }
        double[] before = delta.clone();
        st.project(delta);
        assertArrayEquals(before, delta, "nothing is projected before the first boundary");
        for (double[] x : samples(q0, new double[] {4, 3}, 0, 100, 7)) {
            st.observe(x);
        }
        st.endTask();
        // task 1 spans q0 and three more directions: only the three are new
        for (double[] x : samples(q1, new double[] {5, 5, 3, 2.5, 2}, 0, 200, 8)) {
            st.observe(x);
        }
        st.endTask();
        int[] k = new int[1];
        double[] b = basis(st, k);
        assertEquals(5, k[0]);
        assertTrue(PrincipalAngles.largest(PrincipalAngles.degrees(b, 5, rowsOf(q1), 5, N)) < 1e-8);
        st.project(delta);
        for (int r = 0; r < 5; r++) {
            for (int i = 0; i < POST; i++) {
                double c = 0;
                for (int j = 0; j < N; j++) {
                    c += b[r * N + j] * delta[j * POST + i];
                }
                assertEquals(0, c, 1e-12, "component of the projected update along basis row " + r);
            }
        }
        // the state round-trips
        ProjectorState copy = OracleSubspaceProjector.of(2, 3).bind(N, POST, null);
        copy.importState(st.exportState());
        assertArrayEquals(b, basis(copy, k));
        st.reset();
        assertEquals(0, basis(st, k).length);
    }

    @Test
    void anActivityWithoutEnergyAddsNothingAndABadScheduleIsRefused() {
        ProjectorState st = OracleSubspaceProjector.of(3).bind(N, POST, null);
        st.observe(new double[N]);
        st.endTask();
        int[] k = new int[1];
        basis(st, k);
        assertEquals(0, k[0]);
        assertThrows(IllegalArgumentException.class, () -> OracleSubspaceProjector.of(0));
        assertThrows(IllegalArgumentException.class, () -> OracleSubspaceProjector.of(2, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OracleSubspaceProjector.of(N + 1).bind(N, POST, null));
        assertTrue(e.getMessage().contains("more than the " + N + " presynaptic units"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OracleSubspaceProjector.of(8, 4).checkFits(N, 5));
        assertTrue(e.getMessage().contains("task 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> st.observe(new double[N - 1]));
    }

    @Test
    void hlopComparedWithItsOracleApproachesItAndIsUnchangedByTheShadow() {
        RealMatrix q = orthonormal(4, 9);
        HebbianSubspaceProjector hlop = HebbianSubspaceProjector.builder(2).batch(16).learningRate(0.02).seed(2).build();
        HlopOracleComparison cmp = new HlopOracleComparison(hlop);
        ProjectorState alone = hlop.bind(N, POST, null), shadowed = cmp.bind(N, POST, null);
        ProjectorState oracle = OracleSubspaceProjector.of(hlop).bind(N, POST, null);
        double[][] task0 = samples(q.getSubMatrix(0, N - 1, 0, 1), new double[] {3, 2}, 0.05, 3000, 10);
        double[][] task1 = samples(q.getSubMatrix(0, N - 1, 2, 3), new double[] {3, 2}, 0.05, 3000, 11);
        for (double[][] task : List.of(task0, task1)) {
            for (double[] x : task) {
                alone.observe(x);
                shadowed.observe(x);
                oracle.observe(x);
            }
            alone.endTask();
            shadowed.endTask();
            oracle.endTask();
        }
        double[] d1 = new double[N * POST], d2 = new double[N * POST];
        for (int i = 0; i < d1.length; i++) {
            d1[i] = d2[i] = Math.cos(3 * i);
        }
        alone.project(d1);
        shadowed.project(d2);
        assertArrayEquals(d1, d2, 0.0, "the shadow changes nothing in HLOP's projection");
        List<HlopOracleComparison.Angles> angles = HlopOracleComparison.angles(shadowed);
        assertEquals(2, angles.size());
        assertEquals(2, angles.get(0).hlopRows());
        assertEquals(4, angles.get(1).hlopRows());
        assertEquals(4, angles.get(1).oracleRows());
        for (HlopOracleComparison.Angles a : angles) {
            assertTrue(a.largest() < 5, "task " + a.task() + ": largest angle " + a.largest() + "°");
            assertTrue(a.mean() <= a.largest());
            // both spans hold nearly all of the task's energy; the exact one at least as much as HLOP's, up to rounding
            assertTrue(a.oracleEnergy() > 0.99 && a.oracleEnergy() <= 1 + 1e-12, "oracle " + a.oracleEnergy());
            assertTrue(a.hlopEnergy() > 0.98 && a.hlopEnergy() <= a.oracleEnergy() + 1e-9, "HLOP " + a.hlopEnergy());
        }
        // the captured energy of task 1 is Σ‖B x‖² / Σ‖x‖² over its samples, B the oracle's basis after it
        int[] rk = new int[1];
        double[] b = OracleSubspaceProjector.basis(oracle, rk);
        double in = 0, all = 0;
        for (double[] x : task1) {
            for (int k = 0; k < rk[0]; k++) {
                double d = 0;
                for (int j = 0; j < N; j++) {
                    d += b[k * N + j] * x[j];
                }
                in += d * d;
            }
            for (int j = 0; j < N; j++) {
                all += x[j] * x[j];
            }
        }
        assertEquals(in / all, angles.get(1).oracleEnergy(), 1e-9);
        // the round trip keeps both states
        ProjectorState copy = cmp.bind(N, POST, null);
        copy.importState(shadowed.exportState());
        double[] d3 = new double[N * POST];
        for (int i = 0; i < d3.length; i++) {
            d3[i] = Math.cos(3 * i);
        }
        copy.project(d3);
        assertArrayEquals(d1, d3, 0.0);
    }
}
