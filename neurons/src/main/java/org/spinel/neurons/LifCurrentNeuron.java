package org.spinel.neurons;

import java.util.List;

/**
 * Leaky integrate-and-fire neuron with exponentially decaying excitatory and inhibitory synaptic inputs
 * (current-based, the CUBA network of Brette et al. 2007, J. Comput. Neurosci. 23:349, benchmark 2).
 *
 * <pre>
 *   τm dv/dt = −(v − vRest) + ge + gi + (τm / cm) · I      (unless refractory)
 *   τe dge/dt = −ge,    τi dgi/dt = −gi
 *   spike when v &gt; vThreshold; then v = vReset and v is clamped for tRef.
 * </pre>
 *
 * <p><b>Refractoriness</b> (Brian 2's convention, {@link NeuronModel#refractoryCountdown(double)}): a neuron whose v
 * passes the threshold in step n spikes at time n·dt and is reset; v is held at vReset through steps n + 1 …
 * n + R − 1 (R = round(tRef/dt)) and integrates again from step n + R, i.e. from t_spike + tRef. Under a constant
 * current the interval is therefore tRef + T rounded down to the grid, T the time from vReset to threshold.
 *
 * Units: times in ms; v, vRest, vThreshold, vReset in mV; the synaptic variables {@code ge}, {@code gi} are
 * voltage-equivalent currents in mV (as in Brian 2's CUBA example: a spike adds its weight in mV, e.g. 1.62 mV);
 * the external drive {@link NeuronState#input} is a current in pA and {@code cm} is the membrane capacitance in pF.
 *
 * <p>Integration is exact for the linear subthreshold system with the input held constant over a step: the
 * propagators {@code e^(−dt/τ)} and the ge→v, gi→v coupling coefficients are computed once per kernel (Rotter &amp;
 * Diesmann 1999). A refractory neuron keeps v fixed at its reset value while ge and gi decay; the
 * refractory neurons are visited through the state's {@link RefractoryQueue}, not by testing every countdown.
 */
public final class LifCurrentNeuron implements NeuronModel {
    /** Variable order: v, ge, gi. */
    public static final int V = 0, GE = 1, GI = 2;
    private static final List<String> VARS = List.of("v", "ge", "gi");
    private static final List<String> UNITS = List.of("mV", "mV", "mV");

    private final double tauM, tauE, tauI, vRest, vThreshold, vReset, tRef, cm;

    /** Brette et al. (2007) CUBA values: τm 20 ms, τe 5 ms, τi 10 ms, vRest −49 mV, Vt −50 mV, Vr −60 mV, 5 ms, 250 pF. */
    public static LifCurrentNeuron cuba() {
        return builder().build();
    }

    /** A builder starting from the CUBA defaults of {@link #cuba()}. */
    public static Builder builder() {
        return new Builder();
    }

    private LifCurrentNeuron(Builder b) {
        String n = "LifCurrentNeuron.";
        this.tauM = Check.positive(n + "tauM", b.tauM, "ms");
        this.tauE = Check.positive(n + "tauE", b.tauE, "ms");
        this.tauI = Check.positive(n + "tauI", b.tauI, "ms");
        this.vRest = Check.finite(n + "vRest", b.vRest, "mV");
        this.vThreshold = Check.finite(n + "vThreshold", b.vThreshold, "mV");
        this.vReset = Check.finite(n + "vReset", b.vReset, "mV");
        this.tRef = Check.nonNegative(n + "tRef", b.tRef, "ms");
        this.cm = Check.positive(n + "cm", b.cm, "pF");
        if (vReset >= vThreshold) {
            throw new ParameterException(n + "vReset = " + vReset + " mV: expected a value below vThreshold = " + vThreshold
                    + " mV");
        }
    }

    @Override
    public String name() {
        return "lif-cuba";
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
        return variable == V ? vRest : 0.0;
    }

    @Override
    public double threshold() {
        return vThreshold;
    }

    @Override
    public int refractorySteps(double dt) {
        return (int) Math.round(tRef / Check.positive("dt", dt, "ms"));
    }

    /** Membrane time constant (ms). */
    public double tauM() {
        return tauM;
    }

    /** Excitatory synaptic time constant (ms). */
    public double tauE() {
        return tauE;
    }

    /** Inhibitory synaptic time constant (ms). */
    public double tauI() {
        return tauI;
    }

    /** Resting (leak reversal) potential (mV). */
    public double vRest() {
        return vRest;
    }

    /** Spike threshold (mV). */
    public double vThreshold() {
        return vThreshold;
    }

    /** Reset potential (mV). */
    public double vReset() {
        return vReset;
    }

    /** Refractory period (ms). */
    public double tRef() {
        return tRef;
    }

    /** Membrane capacitance (pF). */
    public double cm() {
        return cm;
    }

    /**
     * Coefficient of a synaptic variable with time constant {@code tauS} in the exact update of v over {@code h}:
     * {@code τs/(τs − τm)·(e^(−h/τs) − e^(−h/τm))}, or {@code (h/τm)·e^(−h/τm)} when τs = τm.
     */
    public static double synapticPropagator(double h, double tauM, double tauS) {
        if (Math.abs(tauS - tauM) < 1e-12 * tauM) {
            return h / tauM * Math.exp(-h / tauM);
        }
        return tauS / (tauS - tauM) * (Math.exp(-h / tauS) - Math.exp(-h / tauM));
    }

    /**
     * Closed-form membrane potential at time t (ms) of a non-refractory, non-spiking neuron starting at
     * {@code (v0, ge0, gi0)} with constant input current {@code current} (pA).
     */
    public double subthreshold(double t, double v0, double ge0, double gi0, double current) {
        double vInf = vRest + tauM / cm * current;
        return vInf + (v0 - vInf) * Math.exp(-t / tauM) + ge0 * synapticPropagator(t, tauM, tauE)
                + gi0 * synapticPropagator(t, tauM, tauI);
    }

    @Override
    public NeuronKernel kernel(double dt) {
        Check.positive("dt", dt, "ms");
        return new Kernel(this, dt);
    }

    /** The exact-integration kernel; constants computed once per dt. */
    static final class Kernel implements NeuronKernel {
        final double pvv, pve, pvi, pee, pii, c0, cI, vt, vr;
        final int refSteps;
        /** Neurons per threshold-check block. */
        static final int BLOCK = 512;

        Kernel(LifCurrentNeuron m, double dt) {
            pvv = Math.exp(-dt / m.tauM);
            pve = synapticPropagator(dt, m.tauM, m.tauE);
            pvi = synapticPropagator(dt, m.tauM, m.tauI);
            pee = Math.exp(-dt / m.tauE);
            pii = Math.exp(-dt / m.tauI);
            c0 = m.vRest * (1 - pvv);
            cI = (1 - pvv) * m.tauM / m.cm;
            vt = m.vThreshold;
            vr = m.vReset;
            refSteps = m.refractoryCountdown(dt);
        }

        @Override
        public int update(NeuronState s, int from, int to, int[] spikes, int count) {
            final double[] v = s.vars[V], ge = s.vars[GE], gi = s.vars[GI], in = s.input;
            final int[] ref = s.refractory;
            final double pvv = this.pvv, pve = this.pve, pvi = this.pvi, pee = this.pee, pii = this.pii;
            final double c0 = this.c0, cI = this.cI, vt = this.vt;
            final double vr = this.vr;
            final int first = count;
            // Blocks of BLOCK neurons: integrate branch-free (the JIT vectorises this, including the running
            // maximum), then look at the block's neurons one by one only if its maximum passed the threshold or is
            // NaN (Math.max propagates NaN), which also catches +Inf. −Inf cannot arise from finite inputs, weights
            // and states (the engine rejects non-finite ones), since the update is a contraction plus bounded drive.
            // Refractory neurons are integrated too and put back at vReset below.
            for (int b = from; b < to; b += BLOCK) {
                final int end = Math.min(b + BLOCK, to);
                double max = Double.NEGATIVE_INFINITY;
                if (s.inputActive) {
                    for (int i = b; i < end; i++) {
                        double e = ge[i], g = gi[i];
                        double vn = c0 + pvv * v[i] + cI * in[i] + pve * e + pvi * g;
                        v[i] = vn;
                        max = Math.max(max, vn);
                        ge[i] = e * pee;
                        gi[i] = g * pii;
                    }
                } else {
                    for (int i = b; i < end; i++) {
                        double e = ge[i], g = gi[i];
                        double vn = c0 + pvv * v[i] + pve * e + pvi * g;
                        v[i] = vn;
                        max = Math.max(max, vn);
                        ge[i] = e * pee;
                        gi[i] = g * pii;
                    }
                }
                if (!(max <= vt)) {
                    for (int i = b; i < end; i++) {
                        double vn = v[i];
                        if (!(vn <= vt) && ref[i] == 0) {
                            if (!(vn < Double.POSITIVE_INFINITY)) {
                                throw new NonFiniteStateException(i, "v", vn);
                            }
                            spikes[count++] = i;
                        }
                    }
                }
            }
            // The neurons refractory at the start of this step return to vReset and count down; then this step's
            // spikers reset and become refractory.
            final RefractoryQueue queue = s.refractoryQueue;
            queue.clampAndCountDown(from, to, v, ref, vr);
            final int refSteps = this.refSteps;
            for (int k = first; k < count; k++) {
                int i = spikes[k];
                v[i] = vr;
                if (refSteps > 0) {
                    ref[i] = refSteps;
                    queue.add(from, to, i);
                }
            }
            return count;
        }
    }

    /** Builder with the CUBA defaults; every setter takes the unit named in its Javadoc. */
    public static final class Builder {
        private double tauM = 20, tauE = 5, tauI = 10, vRest = -49, vThreshold = -50, vReset = -60, tRef = 5, cm = 250;

        /** Membrane time constant, ms. */
        public Builder tauM(double ms) {
            tauM = ms;
            return this;
        }

        /** Excitatory synaptic time constant, ms. */
        public Builder tauE(double ms) {
            tauE = ms;
            return this;
        }

        /** Inhibitory synaptic time constant, ms. */
        public Builder tauI(double ms) {
            tauI = ms;
            return this;
        }

        /** Resting potential, mV. */
        public Builder vRest(double mV) {
            vRest = mV;
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

        /** Membrane capacitance, pF (scales the external current input). */
        public Builder cm(double pF) {
            cm = pF;
            return this;
        }

        /** Validates and builds. */
        public LifCurrentNeuron build() {
            return new LifCurrentNeuron(this);
        }
    }

    @Override
    public String toString() {
        return "LifCurrentNeuron{tauM=" + tauM + " ms, tauE=" + tauE + " ms, tauI=" + tauI + " ms, vRest=" + vRest
                + " mV, vThreshold=" + vThreshold + " mV, vReset=" + vReset + " mV, tRef=" + tRef + " ms, cm=" + cm + " pF}";
    }
}
