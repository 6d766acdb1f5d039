package org.spinel.networks;

/** What to record during a run. */
public sealed interface MonitorSpec {
    /** Population (or source) whose data is recorded. */
    String population();

    /**
     * Records every spike of a population or source.
     *
     * @param population name
     */
    record Spikes(String population) implements MonitorSpec {
    }

    /**
     * Records a state variable of selected neurons every {@code stride} steps.
     *
     * @param population name
     * @param variable   state variable
     * @param neurons    neuron indices ({@code null} = all)
     * @param stride     steps between samples (&ge; 1)
     */
    record State(String population, String variable, int[] neurons, int stride) implements MonitorSpec {
    }

    /**
     * Records the population rate in bins of {@code binMs}.
     *
     * @param population name
     * @param binMs      bin width in ms (rounded to whole steps, at least one)
     */
    record Rate(String population, double binMs) implements MonitorSpec {
    }
}
