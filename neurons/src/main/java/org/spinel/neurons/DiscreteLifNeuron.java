package org.spinel.neurons;

import java.util.List;

/**
 * Discrete-time leaky integrate-and-fire neuron with an exponentially decaying synaptic current, the layer of a
 * surrogate-gradient network (SpyTorch, snnTorch; spec learning-rules §1), exactly discretised with
 * α = e^(−dt/τ_syn) and β = e^(−dt/τ_mem). With t the engine step:
 * <pre>
 *   S_t     = Θ(U_t − ϑ)                                     (never 1 when the model does not spike)
 *   I_{t+1} = α I_t + in_t + Σ_events w                      (events of step t, delivered with a one-step delay)
 *   U_{t+1} = (β U_t + I_t)(1 − S_t)       reset ZERO
 *   U_{t+1} =  β U_t + I_t − ϑ S_t         reset SUBTRACT
 *   U_{t+1} =  β U_t + I_t                 non-spiking (a leaky readout)
 * </pre>
 * with U_0 = I_0 = 0. Θ(x) is 1 for x &gt; 0 and, when {@link Builder#spikeAtThreshold(boolean)} is set, also for
 * x = 0 (the comparison is {@code U − ϑ > 0}, or {@code U − ϑ >= 0}).
 *
 * <p><b>Engine mapping.</b> The kernel of step t reads U_t and I_t, emits S_t (stamped step t), and leaves
 * {@code u} = U_{t+1} and {@code i} = α I_t + in_t. An event projection into {@code "i"} with a delay of one step
 * (the default) adds the weights of the step-t spikes of its presynaptic side into {@code i} right after that
 * update, completing I_{t+1} before the kernel of step t + 1 reads it. So in a layered network with one-step delays
 * every layer's step t is the engine's step t: a spike of layer l at step t enters I_{t+1} of layer l + 1, and
 * input spikes at step t enter I_{t+1} of the first layer. On the Java backend the additions happen in the order
 * α·I, then the external drive, then each projection in declaration order and each presynaptic spike in ascending
 * index; this is the order of {@code SurrogateGradientNetwork}'s forward pass when the feed-forward projection is
 * declared before the recurrent one, so the engine reproduces it bit for bit. Longer delays go through the
 * engine's ring buffer, which sums a slot's weights before adding them (a different rounding).
 *
 * <p>All quantities are dimensionless ({@code "1"}): U and ϑ in the units of the trained network, I and the
 * weights in units of U per step. The external drive {@link NeuronState#input} adds to I like a synaptic event.
 */
public final class DiscreteLifNeuron implements NeuronModel {
    /** Variable order: u (membrane), i (synaptic current). */
    public static final int U = 0, I = 1;
    private static final List<String> VARS = List.of("u", "i");
    private static final List<String> UNITS = List.of("1", "1");

    /** How a spiking neuron resets after a spike. */
    public enum Reset {
        /** U_{t+1} = (β U_t + I_t)(1 − S_t). */
        ZERO,
        /** U_{t+1} = β U_t + I_t − ϑ S_t. */
        SUBTRACT
    }

    private final double tauMem, tauSyn, threshold;
    private final Reset reset;
    private final boolean spiking, spikeAtThreshold;

    /** A builder with SpyTorch's values: τ_mem 10 ms, τ_syn 5 ms, ϑ = 1, reset to zero, spiking, U − ϑ &gt; 0. */
    public static Builder builder() {
        return new Builder();
    }

    private DiscreteLifNeuron(Builder b) {
        String n = "DiscreteLifNeuron.";
        this.tauMem = Check.positive(n + "tauMem", b.tauMem, "ms");
        this.tauSyn = Check.positive(n + "tauSyn", b.tauSyn, "ms");
        this.threshold = Check.finite(n + "threshold", b.threshold, "");
        if (b.reset == null) {
            throw new ParameterException(n + "reset = null: expected zero or subtract");
        }
        this.reset = b.reset;
        this.spiking = b.spiking;
        this.spikeAtThreshold = b.spikeAtThreshold;
    }

    @Override
    public String name() {
        return "lif-discrete";
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
        return List.of("i");
    }

    @Override
    public String inputUnit() {
        return "1";
    }

    @Override
    public double initialValue(int variable) {
        return 0.0;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    /** Membrane time constant τ_mem (ms). */
    public double tauMem() {
        return tauMem;
    }

    /** Synaptic time constant τ_syn (ms). */
    public double tauSyn() {
        return tauSyn;
    }

    /** The reset mode (irrelevant for a non-spiking neuron). */
    public Reset reset() {
        return reset;
    }

    /** Whether the neuron spikes (false: a leaky readout whose {@code u} is the output). */
    public boolean spiking() {
        return spiking;
    }

    /** Whether U = ϑ exactly is a spike (Θ(0) = 1) rather than not (Θ(0) = 0, the default). */
    public boolean spikeAtThreshold() {
        return spikeAtThreshold;
    }

    /** The membrane decay β = e^(−dt/τ_mem) for step {@code dt} (ms), computed as the kernel does. */
    public double beta(double dt) {
        return Math.exp(-Check.positive("dt", dt, "ms") / tauMem);
    }

    /** The current decay α = e^(−dt/τ_syn) for step {@code dt} (ms), computed as the kernel does. */
    public double alpha(double dt) {
        return Math.exp(-Check.positive("dt", dt, "ms") / tauSyn);
    }

    @Override
    public NeuronKernel kernel(double dt) {
        return new Kernel(this, dt);
    }

    /** The update of the class comment; the constants are computed once per dt. */
    static final class Kernel implements NeuronKernel {
        final double a, b, th;
        final boolean spiking, zero, atThreshold;

        Kernel(DiscreteLifNeuron m, double dt) {
            a = m.alpha(dt);
            b = m.beta(dt);
            th = m.threshold;
            spiking = m.spiking;
            zero = m.reset == Reset.ZERO;
            atThreshold = m.spikeAtThreshold;
        }

        @Override
        public int update(NeuronState s, int from, int to, int[] spikes, int count) {
            final double[] u = s.vars[U], cur = s.vars[I], in = s.input;
            final double a = this.a, b = this.b, th = this.th;
            final boolean drive = s.inputActive;
            // The same floating-point operations, in the same order, as SurrogateGradientNetwork.Workspace.forward:
            // r = Θ(U − ϑ); pre = β·U + I; U' = pre·(1 − r) or pre − ϑ·r; I' = α·I (+ drive).
            for (int k = from; k < to; k++) {
                double uk = u[k], ik = cur[k];
                double pre = b * uk + ik;
                double un, r = 0;
                if (spiking) {
                    double x = uk - th;
                    r = (atThreshold ? x >= 0 : x > 0) ? 1 : 0;
                    un = zero ? pre * (1 - r) : pre - th * r;
                } else {
                    un = pre;
                }
                double inext = a * ik;
                if (drive) {
                    inext += in[k];
                }
                if (!(Math.abs(un) < Double.POSITIVE_INFINITY)) {
                    throw new NonFiniteStateException(k, "u", un);
                }
                if (!(Math.abs(inext) < Double.POSITIVE_INFINITY)) {
                    throw new NonFiniteStateException(k, "i", inext);
                }
                u[k] = un;
                cur[k] = inext;
                if (r != 0) {
                    spikes[count++] = k;
                }
            }
            return count;
        }
    }

    /** Builder; times in ms, everything else dimensionless. */
    public static final class Builder {
        private double tauMem = 10, tauSyn = 5, threshold = 1;
        private Reset reset = Reset.ZERO;
        private boolean spiking = true, spikeAtThreshold;

        /** Membrane time constant τ_mem, ms (default 10). */
        public Builder tauMem(double ms) {
            tauMem = ms;
            return this;
        }

        /** Synaptic time constant τ_syn, ms (default 5). */
        public Builder tauSyn(double ms) {
            tauSyn = ms;
            return this;
        }

        /** Threshold ϑ (default 1). */
        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        /** Reset mode (default {@link Reset#ZERO}). */
        public Builder reset(Reset mode) {
            reset = mode;
            return this;
        }

        /** Whether the neuron spikes (default true; false makes a non-spiking leaky readout). */
        public Builder spiking(boolean value) {
            spiking = value;
            return this;
        }

        /** Whether U = ϑ exactly counts as a spike (default false: a spike needs U &gt; ϑ). */
        public Builder spikeAtThreshold(boolean value) {
            spikeAtThreshold = value;
            return this;
        }

        /** Validates and builds. */
        public DiscreteLifNeuron build() {
            return new DiscreteLifNeuron(this);
        }
    }

    @Override
    public String toString() {
        return "DiscreteLifNeuron{tauMem=" + tauMem + " ms, tauSyn=" + tauSyn + " ms, threshold=" + threshold
                + ", reset=" + reset + (spiking ? "" : ", non-spiking") + (spikeAtThreshold ? ", spikes at U = threshold"
                : "") + "}";
    }
}
