package org.spinel.networks.engine;

import org.spinel.networks.Network;

/**
 * The reference backend: exact, deterministic for any thread count, allocation-free in the step loop. Always
 * available.
 */
public final class JavaBackend implements Backend {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public Availability availability() {
        return new Availability(true, "Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores");
    }

    @Override
    public Simulation compile(Network network, SimulationOptions options) {
        return new JavaSimulation(network, options == null ? SimulationOptions.defaults() : options);
    }
}
