package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.neurons.ParameterException;

/**
 * One given value per neuron (a population's initial state set node by node, e.g. a published initial condition):
 * neuron i gets {@code values[i]}; nothing is drawn from the stream. A population using it for a state variable must
 * have exactly {@link #size()} neurons ({@code Network.Builder.population} checks).
 */
public final class PerNeuronValues implements ValueDistribution {
    private final double[] values;

    /**
     * @param values one finite value per neuron (copied)
     * @throws ParameterException if empty or a value is not finite
     */
    public PerNeuronValues(double... values) {
        if (values.length == 0) {
            throw new ParameterException("per-neuron values: expected at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new ParameterException("per-neuron values[" + i + "] = " + values[i] + ": expected a finite number");
            }
        }
        this.values = values.clone();
    }

    /** Number of values (the population size it fits). */
    public int size() {
        return values.length;
    }

    /** Value of neuron {@code i}. */
    public double value(int i) {
        return values[i];
    }

    /** The value of neuron {@code post} (for per-neuron use both indices are the neuron's). */
    @Override
    public double sample(int pre, int post, UniformRandomProvider rng) {
        return values[post];
    }

    @Override
    public String describe() {
        return "per-neuron(" + values.length + " values)";
    }
}
