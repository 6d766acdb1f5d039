package org.spinel.networks.engine;

/**
 * A run failed, e.g. a state variable became NaN or infinite; the message names the population, the neuron, the
 * variable and the simulated time.
 */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, where and when */
    public SimulationException(String message) {
        super(message);
    }

    /**
     * @param message what happened, where and when
     * @param cause   the underlying failure
     */
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
