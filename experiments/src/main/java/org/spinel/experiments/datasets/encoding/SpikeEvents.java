package org.spinel.experiments.datasets.encoding;

import java.util.Arrays;

import org.spinel.neurons.ParameterException;

/**
 * Input spikes of one sample as two parallel primitive arrays: event {@code k} is unit {@code unit(k)} spiking
 * at step {@code step(k)}. Events are sorted by step, then by unit. {@link #timesMs(double)} gives the times a
 * {@code Network.Builder.spikeSource(name, size, units, times)} expects (step n at time n·dt).
 */
public final class SpikeEvents {
    private final int[] units, steps;

    /**
     * Copies the arrays and sorts the events by (step, unit).
     *
     * @param units unit index of each event (&ge; 0)
     * @param steps step of each event (&ge; 0)
     */
    public SpikeEvents(int[] units, int[] steps) {
        this(units.clone(), steps.clone(), true);
    }

    /** Takes ownership; sorts only if asked. */
    SpikeEvents(int[] units, int[] steps, boolean sort) {
        if (units.length != steps.length) {
            throw new ParameterException("spike events: " + units.length + " units but " + steps.length + " steps");
        }
        for (int k = 0; k < units.length; k++) {
            if (units[k] < 0 || steps[k] < 0) {
                throw new ParameterException("spike event " + k + " (unit " + units[k] + ", step " + steps[k]
                        + "): expected unit >= 0 and step >= 0");
            }
        }
        if (sort) {
            long[] key = new long[units.length];
            for (int k = 0; k < key.length; k++) {
                key[k] = ((long) steps[k] << 32) | units[k];
            }
            Arrays.sort(key);
            for (int k = 0; k < key.length; k++) {
                steps[k] = (int) (key[k] >>> 32);
                units[k] = (int) key[k];
            }
        }
        this.units = units;
        this.steps = steps;
    }

    /**
     * The events of a latency code: unit {@code u} spikes once at {@code firstSpikeStep[u]}, or not at all where it
     * is negative.
     */
    public static SpikeEvents fromFirstSpikeSteps(int[] firstSpikeStep) {
        int n = 0;
        for (int s : firstSpikeStep) {
            if (s >= 0) {
                n++;
            }
        }
        int[] u = new int[n], st = new int[n];
        int k = 0;
        for (int i = 0; i < firstSpikeStep.length; i++) {
            if (firstSpikeStep[i] >= 0) {
                u[k] = i;
                st[k++] = firstSpikeStep[i];
            }
        }
        return new SpikeEvents(u, st, true);
    }

    /** The number of spikes. */
    public int count() {
        return units.length;
    }

    /** The unit of event {@code k}. */
    public int unit(int k) {
        return units[k];
    }

    /** The step of event {@code k}. */
    public int step(int k) {
        return steps[k];
    }

    /** A copy of the units. */
    public int[] units() {
        return units.clone();
    }

    /** A copy of the steps. */
    public int[] steps() {
        return steps.clone();
    }

    /** The event times {@code step·dt} in ms. */
    public double[] timesMs(double dtMs) {
        double[] t = new double[steps.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = steps[k] * dtMs;
        }
        return t;
    }

    /** Spike count of each of {@code nUnits} units. */
    public int[] countsPerUnit(int nUnits) {
        int[] c = new int[nUnits];
        for (int u : units) {
            c[u]++;
        }
        return c;
    }

    /**
     * A dense raster, {@code raster[step·nUnits + unit] = 1} for each event (events at steps ≥ nSteps are left
     * out): the input a BPTT forward pass indexes step by step.
     */
    public byte[] toRaster(int nUnits, int nSteps) {
        byte[] r = new byte[Math.multiplyExact(nUnits, nSteps)];
        for (int k = 0; k < units.length; k++) {
            if (steps[k] < nSteps) {
                r[steps[k] * nUnits + units[k]] = 1;
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return count() + " spikes";
    }
}
