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
 * <p>Parameter sets (see the ring-star spec): a = 0.89, b = 0.6, c = 0.28, k0 = 0.02–0.04 (network set);
 * a = 0.89, b = 0.18, c = 0.28, k0 = 0.03 (chaotic bursting).
 */
public final class ChialvoNeuron implements NeuronModel {
    /** Variable order: x, y. */
    public static final int X = 0, Y = 1;
    private static final List<String> VARS = List.of("x", "y");
    private static final List<String> UNITS = List.of("1", "1");

    private final double a, b, c, k0, threshold, x0, y0;

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

    /** Builder; all parameters dimensionless. */
    public static final class Builder {
        private double a = 0.89, b = 0.6, c = 0.28, k0 = 0.04, threshold = 1.0, x0 = 0, y0 = 0;

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
