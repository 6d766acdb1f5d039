package org.spinel.networks.coupling;

import org.spinel.neurons.ChialvoNeuron;
import org.spinel.results.analysis.DifferentiableMap;

/**
 * A network of Chialvo maps with diffusive coupling as one map on R^(2N), state (x_0..x_{N−1}, y_0..y_{N−1}):
 * x_i' = x_i² e^(y_i−x_i) + k0 + C_i(x), y_i' = a y_i − b x_i + c, with C_i the coupling term of
 * {@link CouplingGraph#term} (the same update as the engine's), and its exact Jacobian, for Lyapunov spectra, fixed
 * points and their stability (results.analysis).
 */
public final class ChialvoNetworkMap implements DifferentiableMap {
    private final ChialvoNeuron m;
    private final CouplingGraph g;
    private final int n;

    /** @param graph the coupling of the x variables (its size is the number of nodes) */
    public ChialvoNetworkMap(ChialvoNeuron model, CouplingGraph graph) {
        this.m = model;
        this.g = graph;
        this.n = graph.edgeStart.length - 1;
    }

    @Override
    public int dimension() {
        return 2 * n;
    }

    @Override
    public void apply(double[] s, double[] out) {
        double[] x = java.util.Arrays.copyOf(s, n);
        for (int i = 0; i < n; i++) {
            double xi = s[i], yi = s[n + i];
            out[i] = m.nextX(xi, yi, g.term(i, x));
            out[n + i] = m.nextY(xi, yi);
        }
    }

    @Override
    public void jacobian(double[] s, double[][] jac) {
        for (double[] row : jac) {
            java.util.Arrays.fill(row, 0);
        }
        for (int i = 0; i < n; i++) {
            double xi = s[i], yi = s[n + i], e = Math.exp(yi - xi);
            jac[i][i] += (2 * xi - xi * xi) * e;
            jac[i][n + i] = xi * xi * e;
            jac[n + i][i] = -m.b();
            jac[n + i][n + i] = m.a();
            for (int k = g.edgeStart[i]; k < g.edgeStart[i + 1]; k++) {
                jac[i][g.edgeSource[k]] += g.edgeWeight[k];
                jac[i][i] -= g.edgeWeight[k];
            }
            for (int k = g.triStart[i]; k < g.triStart[i + 1]; k++) {
                jac[i][g.triJ[k]] += g.triWeight[k];
                jac[i][g.triK[k]] += g.triWeight[k];
                jac[i][i] -= 2 * g.triWeight[k];
            }
        }
    }
}
