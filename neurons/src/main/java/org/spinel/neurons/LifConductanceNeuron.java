package org.spinel.neurons;

import java.util.List;

/**
 * Leaky integrate-and-fire neuron with exponentially decaying excitatory and inhibitory conductances and reversal
 * potentials (COBA, benchmark 1 of Brette et al. 2007, J. Comput. Neurosci. 23:349).
 *
 * <pre>
 *   cm dv/dt = gL (eL − v) + ge (eE − v) + gi (eI − v) + I     (unless refractory), cm = gL · τm
 *   τe dge/dt = −ge,   τi dgi/dt = −gi
 *   spike when v &gt; vThreshold; then v = vReset and v is clamped for tRef.
 * </pre>
 *
 * <p><b>Refractoriness</b> (Brian 2's convention, {@link NeuronModel#refractoryCountdown(double)}): a neuron whose v
 * passes the threshold in step n spikes at time n·dt and is reset; v is held at vReset through steps n + 1 …
 * n + R − 1 (R = round(tRef/dt)) and integrates again from step n + R, i.e. from t_spike + tRef. Under a constant
 * current the interval is therefore tRef + T rounded down to the grid, T the time from vReset to threshold.
 *
 * Units: times in ms, potentials in mV, conductances ({@code gL}, {@code ge}, {@code gi}, synaptic weights) in nS,
 * the external drive {@link NeuronState#input} in pA.
 *
 * <p><b>Integration scheme</b> (exponential Euler): over one step the conductances are held at their values at
 * the start of the step; v then obeys a linear ODE with constant coefficients, which is solved exactly:
 * {@code g = gL + ge + gi}, {@code v∞ = (gL·eL + ge·eE + gi·eI + I)/g}, {@code v ← v∞ + (v − v∞)·e^(−dt·g/cm)}.
 * The conductances then decay exactly by {@code e^(−dt/τ)}. The scheme is first order in dt like forward Euler
 * but unconditionally stable and keeps v between the reversal potentials for any conductance.
 */
public final class LifConductanceNeuron implements NeuronModel {
    /** Variable order: v, ge, gi. */
    public static final int V = 0, GE = 1, GI = 2;
    private static final List<String> VARS = List.of("v", "ge", "gi");
    private static final List<String> UNITS = List.of("mV", "nS", "nS");

    private final double gL, tauM, tauE, tauI, eL, eE, eI, vThreshold, vReset, tRef;

    /** Benchmark 1 values: gL 10 nS, τm 20 ms, τe 5 ms, τi 10 ms, eL −60, eE 0, eI −80, Vt −50, Vr −60 mV, 5 ms. */
    public static LifConductanceNeuron coba() {
        return builder().build();
    }

    /** A builder starting from the COBA defaults of {@link #coba()}. */
    public static Builder builder() {
        return new Builder();
    }

    private LifConductanceNeuron(Builder b) {
        String n = "LifConductanceNeuron.";
        gL = Check.positive(n + "gL", b.gL, "nS");
        tauM = Check.positive(n + "tauM", b.tauM, "ms");
        tauE = Check.positive(n + "tauE", b.tauE, "ms");
        tauI = Check.positive(n + "tauI", b.tauI, "ms");
        eL = Check.finite(n + "eL", b.eL, "mV");
        eE = Check.finite(n + "eE", b.eE, "mV");
        eI = Check.finite(n + "eI", b.eI, "mV");
        vThreshold = Check.finite(n + "vThreshold", b.vThreshold, "mV");
        vReset = Check.finite(n + "vReset", b.vReset, "mV");
        tRef = Check.nonNegative(n + "tRef", b.tRef, "ms");
        if (vReset >= vThreshold) {
            throw new ParameterException(n + "vReset = " + vReset + " mV: expected a value below vThreshold = " + vThreshold
                    + " mV");
        }
    }

    @Override
    public String name() {
        return "lif-coba";
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
        return List.of("ge", "gi");
    }

    @Override
    public String inputUnit() {
        return "pA";
    }

    @Override
    public double initialValue(int variable) {
        return variable == V ? eL : 0.0;
    }

    @Override
    public double threshold() {
        return vThreshold;
    }

    @Override
    public int refractorySteps(double dt) {
        return (int) Math.round(tRef / Check.positive("dt", dt, "ms"));
    }

    /** Leak conductance (nS). */
    public double gL() {
        return gL;
    }

    /** Membrane time constant (ms); the capacitance is gL·τm (pF). */
    public double tauM() {
        return tauM;
    }

    /** Excitatory conductance time constant (ms). */
    public double tauE() {
        return tauE;
    }

    /** Inhibitory conductance time constant (ms). */
    public double tauI() {
        return tauI;
    }

    /** Leak reversal potential (mV). */
    public double eL() {
        return eL;
    }

    /** Excitatory reversal potential (mV). */
    public double eE() {
        return eE;
    }

    /** Inhibitory reversal potential (mV). */
    public double eI() {
        return eI;
    }

    /** Threshold (mV). */
    public double vThreshold() {
        return vThreshold;
    }

    /** Reset (mV). */
    public double vReset() {
        return vReset;
    }

    /** Refractory period (ms). */
    public double tRef() {
        return tRef;
    }

    /**
     * One exponential-Euler step of v (the scheme of the class Javadoc) for a non-refractory neuron.
     *
     * @return v after {@code dt} ms
     */
    public double stepV(double dt, double v, double ge, double gi, double current) {
        double g = gL + ge + gi;
        double vInf = (gL * eL + ge * eE + gi * eI + current) / g;
        return vInf + (v - vInf) * Math.exp(-dt * g / (gL * tauM));
    }

    @Override
    public NeuronKernel kernel(double dt) {
        Check.positive("dt", dt, "ms");
        final double pee = Math.exp(-dt / tauE), pii = Math.exp(-dt / tauI);
        final double k = -dt / (gL * tauM), gLeL = gL * eL;
        final double gl = gL, ee = eE, ei = eI, vt = vThreshold, vr = vReset;
        final int refSteps = refractoryCountdown(dt);
        return (s, from, to, spikes, count) -> {
            final double[] v = s.vars[V], ge = s.vars[GE], gi = s.vars[GI], in = s.input;
            final int[] ref = s.refractory;
            for (int i = from; i < to; i++) {
                double e = ge[i], g = gi[i];
                ge[i] = e * pee;
                gi[i] = g * pii;
                if (ref[i] > 0) {
                    ref[i]--;
                    continue;
                }
                double gt = gl + e + g;
                double vInf = (gLeL + e * ee + g * ei + in[i]) / gt;
                double vn = vInf + (v[i] - vInf) * Math.exp(k * gt);
                if (vn > vt) {
                    if (vn == Double.POSITIVE_INFINITY) {
                        throw new NonFiniteStateException(i, "v", vn);
                    }
                    vn = vr;
                    ref[i] = refSteps;
                    spikes[count++] = i;
                } else if (!(vn > Double.NEGATIVE_INFINITY)) {
                    throw new NonFiniteStateException(i, "v", vn);
                }
                v[i] = vn;
            }
            return count;
        };
    }

    /** Builder with the benchmark-1 defaults; every setter takes the unit named in its Javadoc. */
    public static final class Builder {
        private double gL = 10, tauM = 20, tauE = 5, tauI = 10, eL = -60, eE = 0, eI = -80, vThreshold = -50,
                vReset = -60, tRef = 5;

        /** Leak conductance, nS. */
        public Builder gL(double nS) {
            gL = nS;
            return this;
        }

        /** Membrane time constant, ms. */
        public Builder tauM(double ms) {
            tauM = ms;
            return this;
        }

        /** Excitatory conductance time constant, ms. */
        public Builder tauE(double ms) {
            tauE = ms;
            return this;
        }

        /** Inhibitory conductance time constant, ms. */
        public Builder tauI(double ms) {
            tauI = ms;
            return this;
        }

        /** Leak reversal potential, mV. */
        public Builder eL(double mV) {
            eL = mV;
            return this;
        }

        /** Excitatory reversal potential, mV. */
        public Builder eE(double mV) {
            eE = mV;
            return this;
        }

        /** Inhibitory reversal potential, mV. */
        public Builder eI(double mV) {
            eI = mV;
            return this;
        }

        /** Threshold, mV. */
        public Builder vThreshold(double mV) {
            vThreshold = mV;
            return this;
        }

        /** Reset potential, mV. */
        public Builder vReset(double mV) {
            vReset = mV;
            return this;
        }

        /** Refractory period, ms. */
        public Builder tRef(double ms) {
            tRef = ms;
            return this;
        }

        /** Validates and builds. */
        public LifConductanceNeuron build() {
            return new LifConductanceNeuron(this);
        }
    }
}
