package org.spinel.neurons;

import java.util.Arrays;
import java.util.List;

/**
 * Structure-of-arrays state of one population: one {@code double[]} per state variable, a per-neuron refractory
 * countdown (in steps) and a per-step input array.
 *
 * <p>{@link #input} is the external drive of the current step (current inputs, diffusive coupling): the engine
 * zeroes it before each step, inputs add into it, and the model's {@link NeuronKernel} reads it. Its unit is the
 * model's {@link NeuronModel#inputUnit()}.
 */
public final class NeuronState {
    private final List<String> names;
    /** State variables, indexed like {@link NeuronModel#stateVariables()}; each has {@link #size()} entries. */
    public final double[][] vars;
    /**
     * Remaining refractory steps per neuron (0 = not refractory). Code other than a kernel that writes it calls
     * {@link #refractoryChanged()} afterwards.
     */
    public final int[] refractory;
    /** The refractory neurons per partition, kept in step with {@link #refractory} by the kernels that use it. */
    public final RefractoryQueue refractoryQueue;
    /** External drive for the current step, in the model's input unit; zeroed by the engine every step. */
    public final double[] input;
    private final int size;
    /**
     * Whether {@link #input} may be non-zero. The engine clears it when nothing drives the population, so that
     * kernels can skip reading an all-zero array; defaults to true.
     */
    public boolean inputActive = true;

    /** Allocates zeroed state for {@code size} neurons of {@code model}. */
    public NeuronState(NeuronModel model, int size) {
        Check.atLeast("population size", size, 1);
        this.names = model.stateVariables();
        this.size = size;
        this.vars = new double[names.size()][size];
        this.refractory = new int[size];
        this.refractoryQueue = new RefractoryQueue(size);
        this.input = new double[size];
    }

    /** Number of neurons. */
    public int size() {
        return size;
    }

    /** Index of a state variable, or an exception naming the valid ones. */
    public int indexOf(String variable) {
        int i = names.indexOf(variable);
        if (i < 0) {
            throw new ParameterException("state variable \"" + variable + "\" does not exist: expected one of " + names);
        }
        return i;
    }

    /** The array of one state variable (live, not a copy). */
    public double[] var(String variable) {
        return vars[indexOf(variable)];
    }

    /** Variable names in index order. */
    public List<String> names() {
        return names;
    }

    /** Clears all state to zero (the model then re-applies its initial values). */
    public void clear() {
        for (double[] v : vars) {
            Arrays.fill(v, 0);
        }
        Arrays.fill(refractory, 0);
        refractoryChanged();
        Arrays.fill(input, 0);
    }

    /** Tells the kernels that {@link #refractory} was written from outside; they re-read it on their next step. */
    public void refractoryChanged() {
        refractoryQueue.invalidate();
    }
}
