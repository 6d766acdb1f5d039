package org.spinel.neurons;

import java.util.List;

/**
 * Declares a neuron model: its parameters (validated at construction, units in the implementing class's
 * Javadoc), its state variables, the variables that event synapses may increment, its initial state and, for a
 * given time step, the {@link NeuronKernel} that updates it.
 *
 * <p>Models are immutable values. Backends either run the Java kernel or implement the same update in their own
 * language (OpenCL) from the parameters this interface exposes; the conformance suite checks that both agree.
 */
public interface NeuronModel {
    /** Short model name, e.g. {@code "lif-cuba"}. */
    String name();

    /** State variables in storage order, e.g. {@code [v, ge, gi]}. */
    List<String> stateVariables();

    /** Unit of each state variable, parallel to {@link #stateVariables()} (e.g. {@code "mV"}, {@code "1"}). */
    List<String> stateUnits();

    /** Variables that an event projection may target (a spike adds the synaptic weight to it). */
    List<String> synapticTargets();

    /** Unit of the per-step external drive {@link NeuronState#input} (e.g. {@code "pA"}). */
    String inputUnit();

    /** Default initial value of each state variable (the value after {@link NeuronState#clear()} + init). */
    double initialValue(int variable);

    /** Value of the spike-defining variable at which this model spikes (for documentation and plots). */
    double threshold();

    /**
     * Builds the update kernel for time step {@code dt} (ms). Map models ignore {@code dt}: one step is one
     * iteration.
     *
     * @throws ParameterException if {@code dt} is not positive or too coarse for the model (e.g. refractory
     *                            period shorter than one step is allowed; non-positive dt is not)
     */
    NeuronKernel kernel(double dt);

    /**
     * Checks that the model fits a population of {@code size} neurons (models with per-neuron parameters need
     * exactly one value per neuron).
     *
     * @throws ParameterException naming the population if not
     */
    default void checkPopulationSize(String population, int size) {
    }

    /**
     * Length R of the refractory period in steps for {@code dt}, round(tRef / dt) (0 for models without
     * refractoriness).
     */
    default int refractorySteps(double dt) {
        return 0;
    }

    /**
     * The countdown a spike sets in {@link NeuronState#refractory}: the number of steps after the spike's own step
     * during which the neuron is refractory (cannot spike; an LIF neuron's v is held at its reset value). The default
     * is Brian 2's convention, max(0, R − 1) with R = {@link #refractorySteps(double)}: a neuron that spikes in step
     * n (time n·dt) is refractory in steps n + 1 … n + R − 1 and integrates again from step n + R, i.e. from
     * t_spike + tRef (Brian 2 evaluates {@code not_refractory = timestep(t − lastspike, dt) >= timestep(tRef, dt)}
     * at the start of each step), so a constant-current neuron's interval is tRef plus the time to threshold
     * from the reset rounded down to the grid, and R ≤ 1 has no effect beyond the reset. Models whose source
     * defines another convention override it.
     */
    default int refractoryCountdown(double dt) {
        return Math.max(0, refractorySteps(dt) - 1);
    }

    /** Sets every state variable of {@code state} to its default initial value. */
    default void initialise(NeuronState state) {
        for (int v = 0; v < state.vars.length; v++) {
            java.util.Arrays.fill(state.vars[v], initialValue(v));
        }
        java.util.Arrays.fill(state.refractory, 0);
        state.refractoryChanged();
        java.util.Arrays.fill(state.input, 0);
    }

    /** Index of a variable by name, or an exception naming the valid ones. */
    default int variableIndex(String variable) {
        int i = stateVariables().indexOf(variable);
        if (i < 0) {
            throw new ParameterException(name() + ": state variable \"" + variable + "\" does not exist: expected one of "
                    + stateVariables());
        }
        return i;
    }
}
