package org.spinel.results;

import java.util.Arrays;

/**
 * The spikes of one population: parallel arrays of step indices and sender indices, ordered by step and, within a
 * step, by sender. A spike at step {@code n} has time {@code n·dt} (the start of the step in whose update the
 * threshold was crossed, as in Brian 2). Immutable; independent of the engine, so it can hold imported data.
 */
public final class SpikeTrains {
    private final String population;
    private final int size;
    private final double dt;
    private final long[] steps;
    private final int[] senders;

    /**
     * @param population name
     * @param size       number of neurons in the population
     * @param dt         time step in ms
     * @param steps      step index of each spike (copied)
     * @param senders    neuron index of each spike (copied)
     */
    public SpikeTrains(String population, int size, double dt, long[] steps, int[] senders) {
        if (steps.length != senders.length) {
            throw new IllegalArgumentException("steps and senders differ in length: " + steps.length + " vs "
                    + senders.length);
        }
        this.population = population;
        this.size = size;
        this.dt = dt;
        this.steps = steps.clone();
        this.senders = senders.clone();
    }

    /** Population name. */
    public String population() {
        return population;
    }

    /** Number of neurons. */
    public int size() {
        return size;
    }

    /** Time step (ms). */
    public double dt() {
        return dt;
    }

    /** Number of spikes. */
    public int count() {
        return steps.length;
    }

    /** Step indices (copy). */
    public long[] steps() {
        return steps.clone();
    }

    /** Sender indices (copy). */
    public int[] senders() {
        return senders.clone();
    }

    /** Step of spike k. */
    public long step(int k) {
        return steps[k];
    }

    /** Sender of spike k. */
    public int sender(int k) {
        return senders[k];
    }

    /** Spike times in ms. */
    public double[] times() {
        double[] t = new double[steps.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = steps[k] * dt;
        }
        return t;
    }

    /** Spike count per neuron. */
    public int[] countsPerNeuron() {
        int[] c = new int[size];
        for (int s : senders) {
            c[s]++;
        }
        return c;
    }

    /** Spike times (ms) of one neuron, ascending. */
    public double[] timesOf(int neuron) {
        int n = 0;
        for (int s : senders) {
            if (s == neuron) {
                n++;
            }
        }
        double[] t = new double[n];
        int j = 0;
        for (int k = 0; k < senders.length; k++) {
            if (senders[k] == neuron) {
                t[j++] = steps[k] * dt;
            }
        }
        return t;
    }

    /** Mean firing rate in Hz over {@code durationMs}. */
    public double meanRateHz(double durationMs) {
        return steps.length / (double) size / (durationMs / 1000.0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeTrains s && s.population.equals(population) && s.size == size && s.dt == dt
                && Arrays.equals(s.steps, steps) && Arrays.equals(s.senders, senders);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(steps) + Arrays.hashCode(senders);
    }

    @Override
    public String toString() {
        return "SpikeTrains{" + population + ", " + size + " neurons, " + steps.length + " spikes}";
    }
}
