package org.spinel.networks.coupling;

import java.util.ArrayList;
import java.util.List;

import org.spinel.networks.CouplingSpec;
import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.engine.InitialState;
import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.NeuronState;
import org.spinel.neurons.ParameterException;
import org.spinel.results.analysis.DifferentiableMap;

/**
 * A network of Chialvo maps with diffusive coupling as one map on R^(2N), state (x_0..x_{N−1}, y_0..y_{N−1}):
 * x_i' = x_i² e^(y_i−x_i) + k0_i + C_i(x), y_i' = a_i y_i − b_i x_i + c_i, with C_i the sum of the coupling terms of
 * {@link CouplingGraph#term} in the order the couplings were declared (the same arithmetic as the engine's, so
 * iterating this map reproduces the Java backend bit for bit), and its exact Jacobian, for Lyapunov spectra, fixed
 * points and their stability (results.analysis). Per-neuron parameters of the model are honoured.
 */
public final class ChialvoNetworkMap implements DifferentiableMap {
    private final ChialvoNeuron m;
    private final CouplingGraph[] gs;
    private final int n;
    private final double[] xCopy;

    /** @param graph the coupling of the x variables (its size is the number of nodes) */
    public ChialvoNetworkMap(ChialvoNeuron model, CouplingGraph graph) {
        this(model, List.of(graph));
    }

    /**
     * @param model  the neuron model (its per-neuron arrays, if any, must have one value per node)
     * @param graphs couplings of the x variables, all of the same size, summed in this order
     */
    public ChialvoNetworkMap(ChialvoNeuron model, List<CouplingGraph> graphs) {
        if (graphs.isEmpty()) {
            throw new ParameterException("ChialvoNetworkMap: expected at least one coupling graph");
        }
        this.m = model;
        this.gs = graphs.toArray(CouplingGraph[]::new);
        this.n = gs[0].size();
        for (CouplingGraph g : gs) {
            if (g.size() != n) {
                throw new ParameterException("ChialvoNetworkMap: coupling graphs of " + n + " and " + g.size()
                        + " nodes: expected one size");
            }
        }
        model.checkPopulationSize("(map)", n);
        this.xCopy = new double[n];
    }

    /**
     * The map of Chialvo population {@code population} of {@code net} with every coupling declared on it (the
     * couplings must act on x; event projections into the population are not part of a map).
     *
     * @throws ParameterException if the population is missing, not Chialvo, has projections into it, or a coupling on
     *                            another variable
     */
    public static ChialvoNetworkMap of(Network net, String population) {
        PopulationSpec p = net.populations().get(population);
        if (p == null) {
            throw new ParameterException("population \"" + population + "\" not in the network: expected one of "
                    + net.populations().keySet());
        }
        if (!(p.model() instanceof ChialvoNeuron model)) {
            throw new ParameterException("population \"" + population + "\" has model " + p.model().name()
                    + ": expected chialvo");
        }
        for (var pr : net.projections().values()) {
            if (pr.post().equals(population)) {
                throw new ParameterException("projection \"" + pr.name() + "\" targets \"" + population
                        + "\": a map network takes diffusive couplings only");
            }
        }
        List<CouplingGraph> graphs = new ArrayList<>();
        for (CouplingSpec c : net.couplings()) {
            if (c.population().equals(population)) {
                if (!c.variable().equals("x")) {
                    throw new ParameterException("coupling \"" + c.name() + "\" acts on " + c.variable()
                            + ": a Chialvo map network couples x only");
                }
                graphs.add(c.graph());
            }
        }
        if (graphs.isEmpty()) {
            graphs.add(CouplingGraph.builder(p.size()).build());
        }
        return new ChialvoNetworkMap(model, graphs);
    }

    /**
     * The engine's initial state of {@code population} (defaults, then its init distributions from the stream
     * {@code population/<name>/init} of {@code seed}) as a map state (x..., y...).
     */
    public static double[] initialState(Network net, String population, long seed) {
        NeuronState s = InitialState.of(net.populations().get(population), new RandomStreams(seed));
        int n = s.vars[ChialvoNeuron.X].length;
        double[] out = new double[2 * n];
        System.arraycopy(s.vars[ChialvoNeuron.X], 0, out, 0, n);
        System.arraycopy(s.vars[ChialvoNeuron.Y], 0, out, n, n);
        return out;
    }

    /** Number of nodes. */
    public int nodes() {
        return n;
    }

    /** The neuron model. */
    public ChialvoNeuron model() {
        return m;
    }

    @Override
    public int dimension() {
        return 2 * n;
    }

    /** {@inheritDoc} Not thread-safe (uses a scratch copy of x); give each thread its own map. */
    @Override
    public void apply(double[] s, double[] out) {
        double[] x = xCopy;
        System.arraycopy(s, 0, x, 0, n);
        for (int i = 0; i < n; i++) {
            double xi = s[i], yi = s[n + i];
            double in = 0;
            for (CouplingGraph g : gs) {
                in += g.term(i, x);
            }
            out[i] = m.nextX(i, xi, yi, in);
            out[n + i] = m.nextY(i, xi, yi);
        }
    }

    /**
     * {@inheritDoc} Sparse: O(N + coupling terms), using that the coupling is linear, so its part of J·v is the
     * coupling term evaluated on v_x.
     */
    @Override
    public void tangent(double[] s, double[] v, double[] out) {
        step(s, v, null, out);
    }

    /**
     * One iteration with its tangent: {@code next = F(s)} (skipped when null) and {@code vOut = J(s)·v}, sharing the
     * exponentials. Arrays must be distinct.
     */
    @Override
    public void step(double[] s, double[] v, double[] next, double[] vOut) {
        double[] x = xCopy;
        System.arraycopy(s, 0, x, 0, n);
        for (int i = 0; i < n; i++) {
            double xi = s[i], yi = s[n + i], e = Math.exp(yi - xi), x2e = xi * xi * e;
            double in = 0, dv = 0;
            for (CouplingGraph g : gs) {
                if (next != null) {
                    in += g.term(i, x);
                }
                dv += g.term(i, v);
            }
            if (next != null) {
                next[i] = x2e + m.k0(i) + in;
                next[n + i] = m.nextY(i, xi, yi);
            }
            vOut[i] = (2 * xi - xi * xi) * e * v[i] + x2e * v[n + i] + dv;
            vOut[n + i] = -m.b(i) * v[i] + m.a(i) * v[n + i];
        }
    }

    /** An independent copy for another thread. */
    public ChialvoNetworkMap copy() {
        return new ChialvoNetworkMap(m, List.of(gs));
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
            jac[n + i][i] = -m.b(i);
            jac[n + i][n + i] = m.a(i);
            for (CouplingGraph g : gs) {
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
}
