package org.spinel.results;

/**
 * Recorded values of one state variable for selected neurons: {@code values[r][j]} is the value of neuron
 * {@code neurons[j]} at step {@code firstStep + r·stride}, i.e. at time {@code (firstStep + r·stride)·dt} ms
 * (recorded at the start of the step, after synaptic arrivals of that step). Immutable.
 */
public final class StateTrace {
    private final String population;
    private final String variable;
    private final String unit;
    private final int[] neurons;
    private final double dt;
    private final long firstStep;
    private final int stride;
    private final double[][] values;

    /**
     * @param population population name
     * @param variable   variable name
     * @param unit       unit of the values
     * @param neurons    recorded neuron indices
     * @param dt         step (ms)
     * @param firstStep  step of the first row
     * @param stride     steps between rows
     * @param values     rows of values (not copied: the caller hands them over)
     */
    public StateTrace(String population, String variable, String unit, int[] neurons, double dt, long firstStep,
            int stride, double[][] values) {
        this.population = population;
        this.variable = variable;
        this.unit = unit;
        this.neurons = neurons.clone();
        this.dt = dt;
        this.firstStep = firstStep;
        this.stride = stride;
        this.values = values;
    }

    /** Population name. */
    public String population() {
        return population;
    }

    /** Variable name. */
    public String variable() {
        return variable;
    }

    /** Unit. */
    public String unit() {
        return unit;
    }

    /** Recorded neuron indices (copy). */
    public int[] neurons() {
        return neurons.clone();
    }

    /** All values as a [samples][neurons] matrix (copy). */
    public double[][] matrix() {
        double[][] m = new double[values.length][];
        for (int r = 0; r < m.length; r++) {
            m[r] = values[r].clone();
        }
        return m;
    }

    /** Number of recorded rows (time points). */
    public int length() {
        return values.length;
    }

    /** Step between rows. */
    public int stride() {
        return stride;
    }

    /** Time step (ms). */
    public double dt() {
        return dt;
    }

    /** Value at row r of recorded neuron column j. */
    public double value(int r, int j) {
        return values[r][j];
    }

    /** Time (ms) of row r. */
    public double time(int r) {
        return (firstStep + (long) r * stride) * dt;
    }

    /** Step index of row r. */
    public long step(int r) {
        return firstStep + (long) r * stride;
    }

    /** The whole series of recorded column j (copy). */
    public double[] series(int j) {
        double[] s = new double[values.length];
        for (int r = 0; r < s.length; r++) {
            s[r] = values[r][j];
        }
        return s;
    }

    /** Times (ms) of all rows. */
    public double[] times() {
        double[] t = new double[values.length];
        for (int r = 0; r < t.length; r++) {
            t[r] = time(r);
        }
        return t;
    }
}
