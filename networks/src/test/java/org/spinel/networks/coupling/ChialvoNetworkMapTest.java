package org.spinel.networks.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.results.analysis.FixedPoints;
import org.spinel.results.analysis.LyapunovExponents;
import org.spinel.results.analysis.Periods;
import org.spinel.results.analysis.Stability;

/** The coupled Chialvo network as one map: engine agreement, exact Jacobian, fixed points and their stability. */
class ChialvoNetworkMapTest {
    static final ChialvoNeuron CHAOTIC = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).threshold(1).build();

    @Test
    void iteratingTheMapEqualsTheEngineExactly() {
        RingStarTopology t = new RingStarTopology(8, 2);
        CouplingGraph g = t.coupling(0.01, 0.03, 0.002, 0.004);
        Network net = Network.builder().dt(1).seed(3)
                .population("r", 8, CHAOTIC, Map.of("x", Values.uniform(0, 1), "y", Values.uniform(1, 1.2)))
                .coupling("c", "r", "x", g).recordState("r", "x", null, 1).recordState("r", "y", null, 1).build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(300);
            var xs = sim.recording().trace("r", "x");
            var ys = sim.recording().trace("r", "y");
            ChialvoNetworkMap f = new ChialvoNetworkMap(CHAOTIC, g);
            double[] s = new double[16], next = new double[16];
            for (int i = 0; i < 8; i++) {
                s[i] = xs.value(0, i);
                s[8 + i] = ys.value(0, i);
            }
            for (int r = 1; r < xs.length(); r++) {
                f.apply(s, next);
                double[] tmp = s;
                s = next;
                next = tmp;
                for (int i = 0; i < 8; i++) {
                    assertEquals(xs.value(r, i), s[i], 0.0, "x, iteration " + r + ", node " + i);
                    assertEquals(ys.value(r, i), s[8 + i], 0.0, "y, iteration " + r + ", node " + i);
                }
            }
        }
    }

    @Test
    void jacobianMatchesFiniteDifferences() {
        ChialvoNetworkMap f = new ChialvoNetworkMap(CHAOTIC, new RingStarTopology(7, 2).coupling(0.05, 0.1, 0.02, 0.03));
        int d = f.dimension();
        SplittableRandom r = new SplittableRandom(5);
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = i < d / 2 ? r.nextDouble() * 2 : 1 + 0.2 * r.nextDouble();
        }
        double[][] jac = new double[d][d];
        f.jacobian(s, jac);
        double h = 1e-6;
        double[] plus = new double[d], minus = new double[d];
        for (int j = 0; j < d; j++) {
            double[] a = s.clone(), b = s.clone();
            a[j] += h;
            b[j] -= h;
            f.apply(a, plus);
            f.apply(b, minus);
            for (int i = 0; i < d; i++) {
                assertEquals((plus[i] - minus[i]) / (2 * h), jac[i][j], 1e-6, "dF" + i + "/ds" + j);
            }
        }
    }

    @Test
    void fixedPointIsStableAtLowK0AndLosesStabilityThroughNeimarkSacker() {
        CouplingGraph g = new RingStarTopology(4, 1).coupling(0.01, 0.01, 0.005, 0.005);
        // Network set k0 = 0.02: a stable synchronous fixed point at the single map's x* = 0.02876 (spec).
        ChialvoNeuron low = ChialvoNeuron.builder().a(0.89).b(0.6).c(0.28).k0(0.02).build();
        ChialvoNetworkMap f = new ChialvoNetworkMap(low, g);
        double[] guess = {0.03, 0.03, 0.03, 0.03, 2, 2, 2, 2};
        double[] xs = FixedPoints.newton(f, guess, 1e-13, 50);
        for (int i = 0; i < 4; i++) {
            assertEquals(0.02876, xs[i], 5e-5, "x*");
        }
        Stability.Result st = Stability.atFixedPoint(f, xs);
        assertTrue(st.stable(), "radius " + st.radius());
        ChialvoNetworkMap uncoupled = new ChialvoNetworkMap(low, new RingStarTopology(4, 1).coupling(0, 0, 0, 0));
        Stability.Result su = Stability.atFixedPoint(uncoupled, FixedPoints.newton(uncoupled, guess, 1e-13, 50));
        assertEquals(-0.139, Math.log(su.radius()), 0.005, "uncoupled: the single map's exponent at its fixed point");
        assertTrue(st.radius() != su.radius(), "coupling moves the transverse eigenvalues");
        // k0 = 0.04: the fixed point has lost stability through a complex pair (Neimark-Sacker) ...
        ChialvoNeuron high = ChialvoNeuron.builder().a(0.89).b(0.6).c(0.28).k0(0.04).build();
        ChialvoNetworkMap fh = new ChialvoNetworkMap(high, g);
        double[] xh = FixedPoints.newton(fh, guess, 1e-13, 50);
        Stability.Result sh = Stability.atFixedPoint(fh, xh);
        assertFalse(sh.stable(), "radius " + sh.radius());
        assertEquals(Stability.Crossing.NEIMARK_SACKER, sh.crossing());
        // ... and direct simulation shows what that predicts: a closed invariant curve (λ_max ≈ 0, not periodic).
        double[] start = xh.clone();
        start[0] += 1e-3;
        double lmax = LyapunovExponents.largest(fh, start, 5000, 100_000);
        assertEquals(0.0, lmax, 0.005, "λ_max on the invariant curve");
        double[] x0 = new double[20_000], s = start.clone(), next = new double[8];
        for (int n = 0; n < 5000 + x0.length; n++) {
            fh.apply(s, next);
            double[] t = s;
            s = next;
            next = t;
            if (n >= 5000) {
                x0[n - 5000] = s[0];
            }
        }
        assertEquals(0, Periods.detect(x0, 64, 2000, 1e-6), "no short period: quasi-periodic");
    }

    /** Every coupling form: undirected and directed edges, triangles, each normalisation. */
    static java.util.List<CouplingGraph> everyCouplingType(int n) {
        var out = new java.util.ArrayList<CouplingGraph>();
        for (CouplingGraph.Normalization norm : new CouplingGraph.Normalization[] {CouplingGraph.Normalization.NONE,
                CouplingGraph.Normalization.BY_DEGREE, CouplingGraph.Normalization.constant(4)}) {
            out.add(CouplingGraph.builder(n).edge(0, 1, 0.07).edge(2, 3, -0.03).edge(1, 4, 0.05).edgeNormalization(norm)
                    .build());
            out.add(CouplingGraph.builder(n).directedEdge(0, 2, 0.09).directedEdge(3, 1, 0.04).edgeNormalization(norm)
                    .build());
            out.add(CouplingGraph.builder(n).triangle(0, 1, 2, 0.02).triangle(1, 3, 4, -0.01).triangle(0, 2, 4, 0.03)
                    .triangleNormalization(norm).build());
        }
        out.add(new RingStarTopology(n, 2).coupling(0.01, 0.03, 0.002, 0.004));
        return out;
    }

    @Test
    void identicalInitialConditionsGiveTheSingleMapTrajectoryExactlyForEveryCouplingType() {
        for (CouplingGraph g : everyCouplingType(5)) {
            ChialvoNetworkMap f = new ChialvoNetworkMap(CHAOTIC, g);
            double[] s = new double[10], next = new double[10];
            java.util.Arrays.fill(s, 0, 5, 0.7);
            java.util.Arrays.fill(s, 5, 10, 1.1);
            double x = 0.7, y = 1.1;
            for (int t = 0; t < 2000; t++) {
                f.apply(s, next);
                double xn = CHAOTIC.nextX(x, y, 0), yn = CHAOTIC.nextY(x, y);
                x = xn;
                y = yn;
                double[] tmp = s;
                s = next;
                next = tmp;
                for (int i = 0; i < 5; i++) {
                    assertEquals(x, s[i], 0.0, "x of node " + i + " at iteration " + t + " with " + g.edgeTerms()
                            + " edge and " + g.triangleTerms() + " triangle terms");
                    assertEquals(y, s[5 + i], 0.0);
                }
            }
        }
    }

    @Test
    void permutingRingNodesLeavesTheHubTrajectoryUnchanged() {
        int n = 9;
        RingStarTopology t = new RingStarTopology(n, 2);
        CouplingGraph g = t.coupling(0.02, 0.03, 0.004, 0.006);
        ChialvoNetworkMap f = new ChialvoNetworkMap(CHAOTIC, g);
        SplittableRandom r = new SplittableRandom(11);
        double[] s = new double[2 * n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
            s[n + i] = 1 + 0.2 * r.nextDouble();
        }
        // A rotation of the ring (an automorphism of the ring-star) applied to the initial condition.
        double[] p = s.clone();
        for (int i = 1; i < n; i++) {
            int j = 1 + (i - 1 + 3) % (n - 1);
            p[j] = s[i];
            p[n + j] = s[n + i];
        }
        double[] a = s, b = p, na = new double[2 * n], nb = new double[2 * n];
        for (int it = 0; it < 300; it++) {
            f.apply(a, na);
            f.apply(b, nb);
            double[] t1 = a; a = na; na = t1;
            double[] t2 = b; b = nb; nb = t2;
            assertEquals(a[0], b[0], 1e-12 * (1 + Math.abs(a[0])), "hub x at iteration " + it);
            assertEquals(a[n], b[n], 1e-12 * (1 + Math.abs(a[n])), "hub y at iteration " + it);
        }
    }

    @Test
    void perNeuronParametersRunTheSameInTheEngineAndTheMap() {
        double[] k0 = {0.03, 0.031, 0.029, 0.032, 0.028, 0.03};
        ChialvoNeuron het = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).perNeuron("k0", k0)
                .perNeuron("b", new double[] {0.18, 0.2, 0.18, 0.16, 0.18, 0.19}).build();
        CouplingGraph g = new RingStarTopology(6, 2).coupling(0.01, 0.02, 0.001, 0.002);
        Network net = Network.builder().dt(1).seed(5)
                .population("r", 6, het, Map.of("x", Values.uniform(0, 1), "y", Values.uniform(1, 1.2)))
                .coupling("c", "r", "x", g).recordState("r", "x", null, 1).build();
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.run(200);
            var xs = sim.recording().trace("r", "x");
            ChialvoNetworkMap f = ChialvoNetworkMap.of(net, "r");
            double[] s = ChialvoNetworkMap.initialState(net, "r", 5), next = new double[12];
            for (int i = 0; i < 6; i++) {
                assertEquals(xs.value(0, i), s[i], 0.0);
            }
            for (int t = 1; t < xs.length(); t++) {
                f.apply(s, next);
                double[] tmp = s;
                s = next;
                next = tmp;
                for (int i = 0; i < 6; i++) {
                    assertEquals(xs.value(t, i), s[i], 0.0, "x, iteration " + t + ", node " + i);
                }
            }
        }
        assertThrows(org.spinel.neurons.ParameterException.class, () -> Network.builder().population("r", 5, het));
    }

    @Test
    void sparseTangentEqualsTheDenseJacobianProduct() {
        ChialvoNetworkMap f = new ChialvoNetworkMap(CHAOTIC, java.util.List.of(new RingStarTopology(7, 2)
                .coupling(0.05, 0.1, 0.02, 0.03), CouplingGraph.builder(7).directedEdge(2, 5, 0.04).build()));
        SplittableRandom r = new SplittableRandom(2);
        double[] s = new double[14], v = new double[14], sparse = new double[14];
        for (int i = 0; i < 14; i++) {
            s[i] = r.nextDouble() + (i >= 7 ? 1 : 0);
            v[i] = r.nextDouble() - 0.5;
        }
        f.tangent(s, v, sparse);
        double[][] jac = new double[14][14];
        f.jacobian(s, jac);
        for (int i = 0; i < 14; i++) {
            double d = 0;
            for (int j = 0; j < 14; j++) {
                d += jac[i][j] * v[j];
            }
            assertEquals(d, sparse[i], 1e-12);
        }
    }
}
