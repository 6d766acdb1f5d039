package org.spinel.plasticity.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.neurons.ParameterException;

/**
 * The complete mutable state of an {@link Optimizer}: the method's name, the number of updates applied and its
 * named state arrays (e.g. Adam's {@code "m"} and {@code "v"}, SGD's {@code "velocity"}), in double precision.
 * Immutable: arrays are copied in and out, so a checkpoint can write it (as NPY, HDF5 or JSON) and a restored
 * optimizer continues bit for bit.
 */
public final class OptimizerState {
    private final String optimizer;
    private final long step;
    private final Map<String, double[]> arrays;

    /**
     * @param optimizer the method's name ({@link Optimizer#name()})
     * @param step      updates applied (&ge; 0)
     * @param arrays    named state arrays, copied; iteration order is kept
     */
    public OptimizerState(String optimizer, long step, Map<String, double[]> arrays) {
        if (optimizer == null || optimizer.isBlank()) {
            throw new ParameterException("optimizer state: expected the optimizer's name, found "
                    + (optimizer == null ? "null" : "\"" + optimizer + "\""));
        }
        if (step < 0) {
            throw new ParameterException("optimizer state step = " + step + ": expected an integer >= 0");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            if (e.getValue() == null) {
                throw new ParameterException("optimizer state array \"" + e.getKey() + "\" is null");
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        this.optimizer = optimizer;
        this.step = step;
        this.arrays = Collections.unmodifiableMap(copy);
    }

    /** The method's name. */
    public String optimizer() {
        return optimizer;
    }

    /** The number of updates applied. */
    public long step() {
        return step;
    }

    /** The names of the state arrays, in order. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /**
     * A copy of the state array {@code name}.
     *
     * @throws IllegalArgumentException if there is none of that name
     */
    public double[] array(String name) {
        double[] a = arrays.get(name);
        if (a == null) {
            throw new ParameterException("optimizer state (" + optimizer + ") has no array \"" + name
                    + "\"; it has " + arrays.keySet());
        }
        return a.clone();
    }

    /** Copies array {@code name} into {@code target}, checking name, method and length; for importers. */
    void copyInto(String expectedOptimizer, String name, double[] target) {
        if (!optimizer.equals(expectedOptimizer)) {
            throw new ParameterException("optimizer state of \"" + optimizer + "\" cannot be imported into \""
                    + expectedOptimizer + "\"");
        }
        double[] a = arrays.get(name);
        if (a == null) {
            throw new ParameterException("optimizer state (" + optimizer + ") has no array \"" + name
                    + "\"; it has " + arrays.keySet());
        }
        if (a.length != target.length) {
            throw new ParameterException("optimizer state array \"" + name + "\" has " + a.length
                    + " values: expected " + target.length + " (the block size)");
        }
        System.arraycopy(a, 0, target, 0, a.length);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptimizerState s) || s.step != step || !s.optimizer.equals(optimizer)
                || !s.arrays.keySet().equals(arrays.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.arrays.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = optimizer.hashCode() * 31 + Long.hashCode(step);
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            h = h * 31 + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(optimizer).append(" state at step ").append(step).append(" (");
        String sep = "";
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            b.append(sep).append(e.getKey()).append('[').append(e.getValue().length).append(']');
            sep = ", ";
        }
        return b.append(')').toString();
    }
}
