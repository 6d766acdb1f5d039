package org.spinel.plasticity.sg;

import java.util.Arrays;

import org.spinel.neurons.Check;

/**
 * One sample's input to a {@link SurrogateGradientNetwork}, stored as events grouped by step (CSR): the events of
 * step t are {@code start[t] .. start[t+1]−1}, each a unit and a value (1 for a spike, the current for an injected
 * input). A latency-coded Fashion-MNIST image has at most one event per pixel, so the forward pass and the weight
 * gradient cost O(events · hidden) instead of O(steps · inputs · hidden). Immutable.
 */
public final class SampleInput {
    private final int inputs, steps;
    final int[] start, unit;
    /** Event values, or {@code null} when every event is a spike of value 1. */
    final double[] value;

    private SampleInput(int inputs, int steps, int[] start, int[] unit, double[] value) {
        this.inputs = inputs;
        this.steps = steps;
        this.start = start;
        this.unit = unit;
        this.value = value;
    }

    /**
     * Spikes: event k is unit {@code units[k]} at step {@code stepOf[k]} (value 1; any order; a repeated
     * (unit, step) pair counts twice). Events at steps &ge; {@code steps} are rejected.
     *
     * @throws IllegalArgumentException naming the first bad event
     */
    public static SampleInput ofSpikes(int inputs, int steps, int[] units, int[] stepOf) {
        Check.atLeast("inputs", inputs, 1);
        Check.atLeast("steps", steps, 1);
        if (units.length != stepOf.length) {
            throw new IllegalArgumentException("spike input: " + units.length + " units but " + stepOf.length
                    + " steps");
        }
        int[] start = new int[steps + 1];
        for (int k = 0; k < units.length; k++) {
            if (units[k] < 0 || units[k] >= inputs || stepOf[k] < 0 || stepOf[k] >= steps) {
                throw new IllegalArgumentException("spike input event " + k + " (unit " + units[k] + ", step "
                        + stepOf[k] + "): expected unit in [0, " + (inputs - 1) + "] and step in [0, "
                        + (steps - 1) + "]");
            }
            start[stepOf[k] + 1]++;
        }
        for (int t = 0; t < steps; t++) {
            start[t + 1] += start[t];
        }
        int[] fill = Arrays.copyOf(start, steps);
        int[] unit = new int[units.length];
        for (int k = 0; k < units.length; k++) {
            unit[fill[stepOf[k]]++] = units[k];
        }
        for (int t = 0; t < steps; t++) {
            Arrays.sort(unit, start[t], start[t + 1]);
        }
        return new SampleInput(inputs, steps, start, unit, null);
    }

    /**
     * A dense input {@code values[t·inputs + j]} (spikes or currents); zero entries are dropped.
     *
     * @throws IllegalArgumentException if the length is not steps × inputs or a value is not finite
     */
    public static SampleInput ofDense(int inputs, int steps, double[] values) {
        Check.atLeast("inputs", inputs, 1);
        Check.atLeast("steps", steps, 1);
        if (values.length != (long) inputs * steps) {
            throw new IllegalArgumentException("input of " + values.length + " values: expected steps × inputs = "
                    + (long) steps * inputs);
        }
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("input value at step " + k / inputs + ", unit " + k % inputs
                        + " = " + values[k] + ": expected a finite number");
            }
            if (values[k] != 0) {
                n++;
            }
        }
        int[] start = new int[steps + 1], unit = new int[n];
        double[] value = new double[n];
        int e = 0;
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < inputs; j++) {
                double x = values[t * inputs + j];
                if (x != 0) {
                    unit[e] = j;
                    value[e++] = x;
                }
            }
            start[t + 1] = e;
        }
        return new SampleInput(inputs, steps, start, unit, value);
    }

    /** Input units. */
    public int inputs() {
        return inputs;
    }

    /** Steps of the presentation. */
    public int steps() {
        return steps;
    }

    /** Number of events (non-zero entries). */
    public int events() {
        return unit.length;
    }

    /** The dense form {@code [t·inputs + j]}. */
    public double[] toDense() {
        double[] d = new double[inputs * steps];
        for (int t = 0; t < steps; t++) {
            for (int e = start[t]; e < start[t + 1]; e++) {
                d[t * inputs + unit[e]] += value == null ? 1 : value[e];
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return events() + " events over " + steps + " steps × " + inputs + " inputs";
    }
}
