package org.spinel.networks.engine;

import java.util.Collection;

import org.spinel.neurons.ParameterException;

/** Checks shared by every backend for values a user hands to a {@link Simulation}, with the same messages. */
public final class SimulationInputs {
    private SimulationInputs() {
    }

    /** An unknown population or projection name. */
    public static ParameterException unknown(String kind, String name, Collection<String> known) {
        return new ParameterException(kind + " \"" + name + "\" does not exist: expected one of " + known);
    }

    /** {@code values} for {@code population.variable}: {@code size} finite numbers. */
    public static void checkState(String population, String variable, double[] values, int size) {
        if (values.length != size) {
            throw new ParameterException(population + "." + variable + ": " + values.length + " values given, expected "
                    + size);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new ParameterException(population + "." + variable + "[" + i + "] = " + values[i]
                        + ": expected a finite value");
            }
        }
    }

    /** {@code weights} for {@code projection}: {@code size} finite numbers. */
    public static void checkWeights(String projection, float[] weights, int size) {
        if (weights.length != size) {
            throw new ParameterException("projection \"" + projection + "\": " + weights.length + " weights given, expected "
                    + size);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new ParameterException("projection \"" + projection + "\" weight[" + i + "] = " + weights[i]
                        + ": expected a finite value");
            }
        }
    }
}
