package org.spinel.neurons;

/**
 * A neuron's state became NaN or infinite during an update. The engine catches it and rethrows it as a
 * {@code SimulationException} that adds the population and the simulated time.
 */
public class NonFiniteStateException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int neuron;
    private final String variable;
    private final double value;

    /**
     * @param neuron   index within the population
     * @param variable the state variable that is not finite
     * @param value    the offending value
     */
    public NonFiniteStateException(int neuron, String variable, double value) {
        super("neuron " + neuron + ": state variable " + variable + " = " + value);
        this.neuron = neuron;
        this.variable = variable;
        this.value = value;
    }

    /** Neuron index within its population. */
    public int neuron() {
        return neuron;
    }

    /** Name of the non-finite variable. */
    public String variable() {
        return variable;
    }

    /** The non-finite value. */
    public double value() {
        return value;
    }
}
