package org.spinel.results;

/**
 * Instantaneous population rate: the number of spikes of a population in each bin of {@code binSteps} steps,
 * divided by (population size × bin duration), in Hz. Bin r covers steps
 * {@code [firstStep + r·binSteps, firstStep + (r+1)·binSteps)}. Immutable.
 */
public final class PopulationRate {
    private final String population;
    private final int size;
    private final double dt;
    private final long firstStep;
    private final int binSteps;
    private final long[] counts;

    /**
     * @param population name
     * @param size       neurons in the population
     * @param dt         step (ms)
     * @param firstStep  first step of bin 0
     * @param binSteps   steps per bin
     * @param counts     spikes per bin (copied)
     */
    public PopulationRate(String population, int size, double dt, long firstStep, int binSteps, long[] counts) {
        this.population = population;
        this.size = size;
        this.dt = dt;
        this.firstStep = firstStep;
        this.binSteps = binSteps;
        this.counts = counts.clone();
    }

    /** Population name. */
    public String population() {
        return population;
    }

    /** Number of bins. */
    public int length() {
        return counts.length;
    }

    /** Spike count in bin r. */
    public long count(int r) {
        return counts[r];
    }

    /** Rate (Hz) in bin r. */
    public double rateHz(int r) {
        return counts[r] / (double) size / (binSteps * dt / 1000.0);
    }

    /** Rates (Hz) of all bins. */
    public double[] ratesHz() {
        double[] r = new double[counts.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = rateHz(i);
        }
        return r;
    }

    /** Start time (ms) of bin r. */
    public double time(int r) {
        return (firstStep + (long) r * binSteps) * dt;
    }

    /** Bin width (ms). */
    public double binMs() {
        return binSteps * dt;
    }

    /** Mean rate (Hz) over all bins. */
    public double meanRateHz() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return counts.length == 0 ? 0 : total / (double) size / (counts.length * binSteps * dt / 1000.0);
    }
}
