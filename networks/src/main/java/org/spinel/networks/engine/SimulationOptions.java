package org.spinel.networks.engine;

import org.spinel.neurons.Check;

/**
 * Options for {@link Backend#compile}: the number of threads (the Java backend gives identical results for any
 * number).
 *
 * @param threads worker threads (&ge; 1)
 */
public record SimulationOptions(int threads) {
    /** Validates. */
    public SimulationOptions {
        Check.atLeast("threads", threads, 1);
    }

    /** One thread. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(1);
    }

    /** {@code n} threads. */
    public static SimulationOptions threads(int n) {
        return new SimulationOptions(n);
    }
}
