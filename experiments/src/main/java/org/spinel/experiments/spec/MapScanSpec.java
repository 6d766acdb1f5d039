package org.spinel.experiments.spec;

import java.util.List;
import java.util.Set;

/**
 * The {@code map-scan} protocol: iterate a Chialvo map network (a population with its diffusive couplings) over a
 * grid of one or two parameters and one or many initial conditions, and compute the chosen measures per orbit
 * (ring-star spec, "Measures"). See docs/experiment-format.md.
 *
 * @param population         the Chialvo population iterated as a map
 * @param axes               zero, one or two swept parameters (JSON pointers into the experiment)
 * @param iterations         map iterations per orbit, transient included
 * @param transientSteps     leading iterations discarded before measuring
 * @param initialConditions  random initial conditions per parameter point (drawn from the population's init)
 * @param basins             a grid of initial conditions over two state coordinates, or null
 * @param measures           the measures to compute (names in {@link #MEASURES})
 * @param observableNode     node whose x feeds the 0-1 test, sample entropy, period and bifurcation diagram
 * @param samples            attractor samples per orbit kept for the bifurcation diagram
 * @param lyapunovTolerance  λ_max above this is chaos; |λ_max| within it with no period is quasi-periodic
 * @param periodTolerance    relative tolerance of the period test
 * @param maxPeriod          longest period looked for
 * @param frequencies        random frequencies c of the 0-1 test
 */
public record MapScanSpec(String population, List<Axis> axes, int iterations, int transientSteps, int initialConditions,
        Basins basins, Set<String> measures, int observableNode, int samples, double lyapunovTolerance,
        double periodTolerance, int maxPeriod, int frequencies) {

    /** Measure names. */
    public static final List<String> MEASURES = List.of("lyapunov", "zero-one", "sample-entropy", "cross-correlation",
            "kuramoto", "period", "bifurcation", "spikes", "fixed-point");
    /** Measures computed when the experiment names none. */
    public static final List<String> DEFAULT_MEASURES = List.of("lyapunov", "zero-one", "cross-correlation", "kuramoto",
            "period", "bifurcation", "spikes");

    /** Number of measured iterations (after the transient). */
    public int measured() {
        return iterations - transientSteps;
    }

    /** Whether {@code measure} was asked for. */
    public boolean has(String measure) {
        return measures.contains(measure);
    }

    /**
     * One swept parameter.
     *
     * @param path   JSON pointer of a number in the experiment (e.g. {@code /populations/0/model/k0})
     * @param label  short name for tables and plots (the pointer's last token)
     * @param values the values, in order
     */
    public record Axis(String path, String label, double[] values) {
    }

    /**
     * A grid of initial conditions over two state coordinates (the other coordinates from the population's init).
     *
     * @param first  the first coordinate (x axis of the basin map)
     * @param second the second coordinate
     */
    public record Basins(Coordinate first, Coordinate second) {
        /** Number of initial conditions. */
        public int size() {
            return first.values.length * second.values.length;
        }
    }

    /**
     * One state coordinate of the basin grid.
     *
     * @param node     node index
     * @param variable "x" or "y"
     * @param values   the values
     */
    public record Coordinate(int node, String variable, double[] values) {
        /** Index in the map state (x_0..x_{N−1}, y_0..y_{N−1}). */
        public int stateIndex(int nodes) {
            return variable.equals("x") ? node : nodes + node;
        }

        /** Label such as {@code x[1]}. */
        public String label() {
            return variable + "[" + node + "]";
        }
    }
}
