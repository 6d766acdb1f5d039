package org.spinel.networks.engine;

import org.spinel.networks.Network;

/**
 * Where a {@link Network} runs (Brian 2's "device"). Implementations are discovered with {@link java.util.ServiceLoader}
 * (see {@link Backends}); the network description knows nothing of them.
 */
public interface Backend {
    /** Name used on the command line and in JSON, e.g. {@code "java"}. */
    String name();

    /** Whether this backend can run here, and if not, why (e.g. no OpenCL platform). */
    Availability availability();

    /**
     * Compiles a network into a runnable simulation that owns all state arrays.
     *
     * @throws UnsupportedOperationException naming the network element this backend does not implement
     */
    Simulation compile(Network network, SimulationOptions options);

    /**
     * The first element of {@code network} this backend does not implement, described for a user (e.g.
     * "projection \"EE\": plasticity STDP"), or null when it can run the whole network.
     */
    default String unsupported(Network network) {
        return null;
    }

    /**
     * Why this backend is expected to run {@code network} slower than the Java backend here (e.g. an OpenCL device that
     * is the same CPU), or null. {@code auto} passes over a backend that gives a reason; naming it still runs it.
     */
    default String slowerThanJava(Network network) {
        return null;
    }

    /** The devices this backend could use, one line each (empty when it has no notion of devices). */
    default java.util.List<String> devices() {
        return java.util.List.of();
    }

    /**
     * Whether a backend is usable here.
     *
     * @param available true if it can run
     * @param reason    why not (or a description of the device when available)
     */
    record Availability(boolean available, String reason) {
    }
}
