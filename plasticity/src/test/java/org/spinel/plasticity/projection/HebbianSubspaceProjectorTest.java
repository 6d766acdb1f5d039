package org.spinel.plasticity.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.ProjectorState;

/** HLOP's subspace neurons against the known principal subspace of synthetic data (spec §2's rule and constants). */
class HebbianSubspaceProjectorTest {
    private static final int N = 24;

    /** An N × k matrix with orthonormal columns (QR of a Gaussian matrix). */
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

    /** Zero-mean Gaussian samples {@code Q diag(√λ) z + noise·ε}: E[xxᵀ]'s top-k subspace is span(Q). */
    private static final class Source {
        final RealMatrix q;
        final double[] sd;
        final double noise;
        final ZigguratSampler.NormalizedGaussian g;

        Source(RealMatrix q, double[] variances, double noise, long seed) {
            this.q = q;
            this.sd = new double[variances.length];
            for (int k = 0; k < sd.length; k++) {
                sd[k] = Math.sqrt(variances[k]);
            }
            this.noise = noise;
            UniformRandomProvider rng = new RandomStreams(seed).stream("x");
            this.g = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        double[] next() {
            double[] x = new double[N];
            for (int k = 0; k < sd.length; k++) {
                double c = sd[k] * g.sample();
                for (int i = 0; i < N; i++) {
                    x[i] += c * q.getEntry(i, k);
                }
            }
            for (int i = 0; i < N; i++) {
                x[i] += noise * g.sample();
            }
            return x;
        }
    }

    /** The largest principal angle (degrees) between span(q) and the row space of rows {@code from..to} of H. */
    static double largestAngle(RealMatrix q, double[] h, int from, int to, int pre) {
        RealMatrix ht = new Array2DRowRealMatrix(pre, to - from);
        for (int r = from; r < to; r++) {
            for (int j = 0; j < pre; j++) {
                ht.setEntry(j, r - from, h[r * pre + j]);
            }
        }
        RealMatrix qh = new QRDecomposition(ht).getQ().getSubMatrix(0, pre - 1, 0, to - from - 1);
        double[] cos = new SingularValueDecomposition(q.transpose().multiply(qh)).getSingularValues();
        double min = 1;
        for (double c : cos) {
            min = Math.min(min, c);
        }
        return Math.toDegrees(Math.acos(Math.min(1, min)));
    }

    /** ‖H Hᵀ − I‖_F over rows {@code from..to}. */
    static double orthonormality(double[] h, int from, int to, int pre) {
        double s = 0;
        for (int a = from; a < to; a++) {
            for (int b = from; b < to; b++) {
                double d = 0;
                for (int j = 0; j < pre; j++) {
                    d += h[a * pre + j] * h[b * pre + j];
                }
                s += Math.pow(d - (a == b ? 1 : 0), 2);
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void rowsConvergeToAnOrthonormalBasisOfThePrincipalSubspace() {
        RealMatrix q = orthonormal(4, 1);
        Source src = new Source(q, new double[] {4, 3, 2, 1.5}, 0.1, 2);
        ProjectorState st = HebbianSubspaceProjector.builder(4).seed(3).build().bind(N, 5, null);
        int[] counts = new int[2];
        double before = largestAngle(q, HebbianSubspaceProjector.rows(st, counts), 0, 4, N);
        for (int s = 0; s < 64 * 400; s++) {
            st.observe(src.next());
        }
        double[] h = HebbianSubspaceProjector.rows(st, counts);
        assertEquals(4, counts[0]);
        double angle = largestAngle(q, h, 0, 4, N), ortho = orthonormality(h, 0, 4, N);
        assertTrue(before > 45, "a random start is far from the subspace: " + before);
        assertTrue(angle < 5, "largest principal angle " + angle + " degrees");
        assertTrue(ortho < 0.05, "||HH^T - I|| = " + ortho);
    }

    @Test
    void laterTasksLearnWhatEarlierRowsMissAndUpdatesSpareOldActivity() {
        RealMatrix q = orthonormal(6, 4);
        RealMatrix q0 = q.getSubMatrix(0, N - 1, 0, 2), q1 = q.getSubMatrix(0, N - 1, 3, 5);
        HebbianSubspaceProjector p = HebbianSubspaceProjector.builder(3, 3).seed(5).build();
        int post = 7;
        ProjectorState st = p.bind(N, post, null);
        Source task0 = new Source(q0, new double[] {3, 2, 1}, 0, 6);
        for (int s = 0; s < 64 * 300; s++) {
            st.observe(task0.next());
        }
        // task 0: no projection yet
        double[] delta = random(N * post, 7), copy = delta.clone();
        st.project(delta);
        assertArrayEquals(copy, delta, 0);
        st.endTask();
        // task 1's activity lies partly in task 0's subspace: its new rows learn only the rest
        Source task1 = new Source(q, new double[] {2, 0, 0, 3, 2, 1}, 0, 8);
        for (int s = 0; s < 64 * 300; s++) {
            st.observe(task1.next());
        }
        int[] counts = new int[2];
        double[] h = HebbianSubspaceProjector.rows(st, counts);
        assertEquals(6, counts[0]);
        assertEquals(3, counts[1]);
        assertTrue(largestAngle(q0, h, 0, 3, N) < 5, "task 0 rows stay on task 0's subspace");
        assertTrue(largestAngle(q1, h, 3, 6, N) < 5, "task 1 rows: " + largestAngle(q1, h, 3, 6, N));
        assertTrue(orthonormality(h, 0, 6, N) < 0.05);
        // during task 1 an update changes the responses x^T dW to task 0's activity by < 1 % of the unprojected change
        Source probe = new Source(q0, new double[] {3, 2, 1}, 0, 9);
        double[] dw = random(N * post, 10), projected = dw.clone();
        st.project(projected);
        double changed = 0, kept = 0;
        for (int s = 0; s < 50; s++) {
            double[] x = probe.next();
            for (int i = 0; i < post; i++) {
                double a = 0, b = 0;
                for (int j = 0; j < N; j++) {
                    a += x[j] * dw[j * post + i];
                    b += x[j] * projected[j * post + i];
                }
                changed += a * a;
                kept += b * b;
            }
        }
        assertTrue(Math.sqrt(kept / changed) < 0.01, "relative response change " + Math.sqrt(kept / changed));
    }

    private static double[] random(int n, long seed) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("d");
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = rng.nextDouble() - 0.5;
        }
        return d;
    }

    @Test
    void aRestoredStateContinuesBitForBit() {
        RealMatrix q = orthonormal(3, 11);
        HebbianSubspaceProjector p = HebbianSubspaceProjector.builder(2, 1).batch(10).seed(12).build();
        ProjectorState a = p.bind(N, 3, null), b = p.bind(N, 3, null);
        Source s1 = new Source(q, new double[] {2, 1, 1}, 0.05, 13);
        for (int s = 0; s < 125; s++) {
            a.observe(s1.next());
        }
        a.endTask();
        for (int s = 0; s < 37; s++) { // leaves a partly filled Hebbian batch
            a.observe(s1.next());
        }
        Map<String, double[]> saved = a.exportState();
        b.importState(saved);
        Source s2 = new Source(q, new double[] {2, 1, 1}, 0.05, 14), s3 = new Source(q, new double[] {2, 1, 1}, 0.05, 14);
        for (int s = 0; s < 40; s++) {
            a.observe(s2.next());
            b.observe(s3.next());
        }
        int[] c = new int[2];
        assertArrayEquals(HebbianSubspaceProjector.rows(a, c), HebbianSubspaceProjector.rows(b, c));
        b.reset();
        assertEquals(2, HebbianSubspaceProjector.rows(b, c).length / N);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> a.importState(Map.of("H", new double[1])));
        assertTrue(bad.getMessage().contains("meta"), bad.getMessage());
    }

    @Test
    void aScheduleThatExceedsTheBlockIsRefusedNamingTheTask() {
        HebbianSubspaceProjector p = HebbianSubspaceProjector.builder(10, 6).build();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> p.checkFits(20, 3));
        assertTrue(ex.getMessage().contains("task 2") && ex.getMessage().contains("22 rows"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HebbianSubspaceProjector.builder(30).build().bind(20, 4, null));
        assertThrows(IllegalArgumentException.class, () -> HebbianSubspaceProjector.builder(0));
        assertThrows(IllegalArgumentException.class, () -> HebbianSubspaceProjector.builder(3).momentum(1));
    }
}
