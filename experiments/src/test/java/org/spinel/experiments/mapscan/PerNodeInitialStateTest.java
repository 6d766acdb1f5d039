package org.spinel.experiments.mapscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.networks.Network;
import org.spinel.networks.coupling.ChialvoNetworkMap;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.Values;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.results.analysis.LyapunovExponents;

/**
 * Per-node initial states from JSON (issue 19 item 3): the example {@code chialvo-n4-initial-state} sets x and y of
 * each node of the N = 4 ring-star; the map scan's largest Lyapunov exponent from that file equals, bit for bit, the
 * exponent computed with the Java API alone from the same state (the network built with {@link Values#perNeuron},
 * its map from {@link ChialvoNetworkMap#of}, the tangent map iterated with {@link LyapunovExponents.Largest}, aligned
 * during the transient as the scan does).
 */
class PerNodeInitialStateTest {
    static final double[] X = {0.5, 0.2, 0.8, 0.35}, Y = {1.1, 1.05, 1.15, 1.0};
    static final int ITERATIONS = 20000, TRANSIENT = 10000;
    @TempDir
    Path tmp;

    /** λ_max of the ring-star of the example, built and iterated with the Java API, from (x, y). */
    static double javaApiLyapunov(double[] x, double[] y) {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).threshold(1.0).build();
        Network net = Network.builder().dt(1).seed(1)
                .population("ring-star", 4, m, Map.of("x", Values.perNeuron(x), "y", Values.perNeuron(y)))
                .coupling("diffusive", "ring-star", "x", new RingStarTopology(4, 1).coupling(0.0427, 0.01, 0.005, 0.0136))
                .build();
        ChialvoNetworkMap f = ChialvoNetworkMap.of(net, "ring-star");
        double[] s = ChialvoNetworkMap.initialState(net, "ring-star", 1);
        double[] expected = new double[8];
        System.arraycopy(x, 0, expected, 0, 4);
        System.arraycopy(y, 0, expected, 4, 4);
        assertArrayEquals(expected, s, 0.0, "the engine's initial state is the given one");
        double[] next = new double[8];
        LyapunovExponents.Largest largest = new LyapunovExponents.Largest(8);
        for (int t = 0; t < ITERATIONS; t++) {
            largest.step(f, s, next, t >= TRANSIENT);
            double[] tmp = s;
            s = next;
            next = tmp;
        }
        return largest.exponent();
    }

    @Test
    void jsonPerNodeStateGivesTheJavaApiLyapunovExponentBitForBit() throws Exception {
        Experiment e = MapScanTest.read("chialvo-n4-initial-state", Map.of());
        ExperimentRunner.Result r = ExperimentRunner.run(e, tmp.resolve("runs"),
                new ExperimentRunner.Options(false, false, null));
        List<Map<String, String>> rows = MapScanTest.rows(r.directory());
        assertEquals(1, rows.size());
        double fromJson = Double.parseDouble(rows.get(0).get("lyapunov"));
        double fromJava = javaApiLyapunov(X, Y);
        assertEquals(Double.doubleToLongBits(fromJava), Double.doubleToLongBits(fromJson),
                "λ_max from JSON " + fromJson + " vs Java API " + fromJava);
        assertTrue(Double.isFinite(fromJava) && fromJava != 0, "a measured exponent: " + fromJava);
        // The state matters: nudging one node's x changes the exponent (the test would see a state left out).
        double[] other = X.clone();
        other[2] += 1e-3;
        assertNotEquals(fromJava, javaApiLyapunov(other, Y));
        // The resolved document keeps the values node by node.
        assertEquals(0.8, e.resolved().at("/populations/0/init/x/2").asDouble(), 0.0);
    }
}
