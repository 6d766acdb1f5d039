package org.spinel.neurons;

import java.util.List;

/**
 * Chialvo map neuron (D. R. Chialvo, "Generic excitable dynamics on a two-dimensional map", Chaos, Solitons &amp;
 * Fractals 5 (1995) 461–479):
 *
 * <pre>
 *   x[n+1] = x[n]² · exp(y[n] − x[n]) + k0 + I[n]      (activation; I = external input + coupling)
 *   y[n+1] = a · y[n] − b · x[n] + c                   (recovery)
 * </pre>
 *
 * One engine step is one iteration, whatever dt is (the model's time unit is the iteration). A spike is an upward
 * crossing of {@code threshold} by x: {@code x[n] < θ ≤ x[n+1]}. There is no reset: the map's own dynamics
 * produce the downstroke. All quantities are dimensionless. Event synapses and diffusive coupling add to the
 * drive I of the next iteration (synaptic target {@code "I"}, i.e. {@link NeuronState#input}).
 *
 * <p>Heterogeneous networks: any of a, b, c, k0 may be given per neuron ({@link Builder#perNeuron}); then the
 * population must have exactly that many neurons, and the per-neuron value replaces the scalar one.
 *
 * <p>Parameter sets (see the ring-star spec): a = 0.89, b = 0.6, c = 0.28, k0 = 0.02–0.04 (network set);
 * a = 0.89, b = 0.18, c = 0.28, k0 = 0.03 (chaotic bursting).
 */
public final class ChialvoNeuron implements NeuronModel {
    /** Variable order: x, y. */
    public static final int X = 0, Y = 1;
    private static final List<String> VARS = List.of("x", "y");
    private static final List<String> UNITS = List.of("1", "1");

    /** Names of the parameters that may be given per neuron. */
    public static final List<String> PER_NEURON = List.of("a", "b", "c", "k0");

    private final double a, b, c, k0, threshold, x0, y0;
    /** Per-neuron values (null = the scalar applies to every neuron). */
    private final double[] as, bs, cs, k0s;

    /** A builder with the network set a = 0.89, b = 0.6, c = 0.28, k0 = 0.04, threshold 1, x0 = y0 = 0. */
    public static Builder builder() {
        return new Builder();
    }

    private ChialvoNeuron(Builder bld) {
        String n = "ChialvoNeuron.";
        a = Check.finite(n + "a", bld.a, "");
        b = Check.finite(n + "b", bld.b, "");
        c = Check.finite(n + "c", bld.c, "");
        k0 = Check.finite(n + "k0", bld.k0, "");
        threshold = Check.finite(n + "threshold", bld.threshold, "");
        x0 = Check.finite(n + "x0", bld.x0, "");
        y0 = Check.finite(n + "y0", bld.y0, "");
        as = checked(n + "a", bld.as);
        bs = checked(n + "b", bld.bs);
        cs = checked(n + "c", bld.cs);
        k0s = checked(n + "k0", bld.k0s);
        int len = -1;
        for (double[] v : new double[][] {as, bs, cs, k0s}) {
            if (v != null) {
                if (len >= 0 && v.length != len) {
                    throw new ParameterException(n + "perNeuron: arrays of different lengths (" + len + " and "
                            + v.length + "): expected one value per neuron for each");
                }
                len = v.length;
            }
        }
    }

    private static double[] checked(String name, double[] v) {
        if (v == null) {
            return null;
        }
        for (int i = 0; i < v.length; i++) {
            Check.finite(name + "[" + i + "]", v[i], "");
        }
        return v.clone();
    }

    /** Whether any parameter is given per neuron. */
    public boolean heterogeneous() {
        return as != null || bs != null || cs != null || k0s != null;
    }

    /** Number of neurons the per-neuron arrays describe, or −1 if the model is homogeneous. */
    public int perNeuronCount() {
        for (double[] v : new double[][] {as, bs, cs, k0s}) {
            if (v != null) {
                return v.length;
            }
        }
        return -1;
    }

    @Override
    public void checkPopulationSize(String population, int size) {
        int len = perNeuronCount();
        if (len >= 0 && len != size) {
            throw new ParameterException("population \"" + population + "\" has " + size
                    + " neurons but its Chialvo parameters are given for " + len + ": expected one value per neuron");
        }
    }

    /** a of neuron i. */
    public double a(int i) {
        return as == null ? a : as[i];
    }

    /** b of neuron i. */
    public double b(int i) {
        return bs == null ? b : bs[i];
    }

    /** c of neuron i. */
    public double c(int i) {
        return cs == null ? c : cs[i];
    }

    /** k0 of neuron i. */
    public double k0(int i) {
        return k0s == null ? k0 : k0s[i];
    }

    @Override
    public String name() {
        return "chialvo";
    }

    @Override
    public List<String> stateVariables() {
        return VARS;
    }

    @Override
    public List<String> stateUnits() {
        return UNITS;
    }

    @Override
    public List<String> synapticTargets() {
        return List.of("I");
    }

    @Override
    public String inputUnit() {
        return "1";
    }

    @Override
    public double initialValue(int variable) {
        return variable == X ? x0 : y0;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    /** Recovery time scale a. */
    public double a() {
        return a;
    }

    /** Activation-dependence b of the recovery. */
    public double b() {
        return b;
    }

    /** Recovery offset c. */
    public double c() {
        return c;
    }

    /** Constant bias k0. */
    public double k0() {
        return k0;
    }

    /** Next activation of neuron i, {@code x² e^(y−x) + k0_i + input}. */
    public double nextX(int i, double x, double y, double input) {
        return x * x * Math.exp(y - x) + k0(i) + input;
    }

    /** Next recovery of neuron i, {@code a_i·y − b_i·x + c_i}. */
    public double nextY(int i, double x, double y) {
        return a(i) * y - b(i) * x + c(i);
    }

    /** Next activation {@code x² e^(y−x) + k0 + input}. */
    public double nextX(double x, double y, double input) {
        return x * x * Math.exp(y - x) + k0 + input;
    }

    /** Next recovery {@code a·y − b·x + c}. */
    public double nextY(double x, double y) {
        return a * y - b * x + c;
    }

    @Override
    public NeuronKernel kernel(double dt) {
        Check.positive("dt", dt, "ms");
        final double a = this.a, b = this.b, c = this.c, k0 = this.k0, th = threshold;
        if (heterogeneous()) {
            final double[] av = full(as, a), bv = full(bs, b), cv = full(cs, c), kv = full(k0s, k0);
            return (s, from, to, spikes, count) -> {
                final double[] xs = s.vars[X], ys = s.vars[Y], in = s.input;
                for (int i = from; i < to; i++) {
                    double x = xs[i], y = ys[i];
                    double xn = x * x * Math.exp(y - x) + kv[i] + in[i];
                    double yn = av[i] * y - bv[i] * x + cv[i];
                    if (!(Math.abs(xn) < Double.POSITIVE_INFINITY)) {
                        throw new NonFiniteStateException(i, "x", xn);
                    }
                    if (!(Math.abs(yn) < Double.POSITIVE_INFINITY)) {
                        throw new NonFiniteStateException(i, "y", yn);
                    }
                    xs[i] = xn;
                    ys[i] = yn;
                    if (x < th && xn >= th) {
                        spikes[count++] = i;
                    }
                }
                return count;
            };
        }
        return (s, from, to, spikes, count) -> {
            final double[] xs = s.vars[X], ys = s.vars[Y], in = s.input;
            for (int i = from; i < to; i++) {
                double x = xs[i], y = ys[i];
                double xn = x * x * Math.exp(y - x) + k0 + in[i];
                double yn = a * y - b * x + c;
                if (!(Math.abs(xn) < Double.POSITIVE_INFINITY)) {
                    throw new NonFiniteStateException(i, "x", xn);
                }
                if (!(Math.abs(yn) < Double.POSITIVE_INFINITY)) {
                    throw new NonFiniteStateException(i, "y", yn);
                }
                xs[i] = xn;
                ys[i] = yn;
                if (x < th && xn >= th) {
                    spikes[count++] = i;
                }
            }
            return count;
        };
    }

    private double[] full(double[] v, double scalar) {
        if (v != null) {
            return v;
        }
        double[] f = new double[perNeuronCount()];
        java.util.Arrays.fill(f, scalar);
        return f;
    }

    /** Builder; all parameters dimensionless. */
    public static final class Builder {
        private double a = 0.89, b = 0.6, c = 0.28, k0 = 0.04, threshold = 1.0, x0 = 0, y0 = 0;
        private double[] as, bs, cs, k0s;

        /**
         * Gives parameter {@code name} (one of {@link #PER_NEURON}) one value per neuron (copied).
         *
         * @throws ParameterException for another name
         */
        public Builder perNeuron(String name, double[] values) {
            switch (name) {
                case "a" -> as = values.clone();
                case "b" -> bs = values.clone();
                case "c" -> cs = values.clone();
                case "k0" -> k0s = values.clone();
                default -> throw new ParameterException("ChialvoNeuron.perNeuron(\"" + name
                        + "\"): expected one of " + PER_NEURON);
            }
            return this;
        }

        /** Recovery time scale (a &lt; 1). */
        public Builder a(double v) {
            a = v;
            return this;
        }

        /** Activation dependence of the recovery. */
        public Builder b(double v) {
            b = v;
            return this;
        }

        /** Recovery offset. */
        public Builder c(double v) {
            c = v;
            return this;
        }

        /** Constant bias. */
        public Builder k0(double v) {
            k0 = v;
            return this;
        }

        /** Spike threshold on x (upward crossing). */
        public Builder threshold(double v) {
            threshold = v;
            return this;
        }

        /** Default initial x. */
        public Builder x0(double v) {
            x0 = v;
            return this;
        }

        /** Default initial y. */
        public Builder y0(double v) {
            y0 = v;
            return this;
        }

        /** Validates and builds. */
        public ChialvoNeuron build() {
            return new ChialvoNeuron(this);
        }
    }
}
