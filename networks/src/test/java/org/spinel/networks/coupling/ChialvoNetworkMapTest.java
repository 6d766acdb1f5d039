package org.spinel.networks.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
