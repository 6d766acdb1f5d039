package org.spinel.neurons;

import java.util.List;

/**
 * The Euler-discretised, dimensionless leaky integrate-and-fire neuron of NALSM (Ivanov &amp; Michmizos, NeurIPS
 * 2021, arXiv 2111.01760; spec nalsm.md "Neurons"), used for both the liquid and the input neurons:
 * <pre>
 *   v ← v + dt·(u/τ_u + I_ext − v/τ_v) + x        (τ_v = 64 ms, τ_u = 1 ms, dt = 1 ms in the paper)
 *   u ← u·exp(−dt/τ_u),  x ← 0
 *   spike when v ≥ 20 and not refractory; then v = 0 and the neuron is refractory for 2 ms
 * </pre>
 * Variables are dimensionless except time. {@code u} is the synaptic current: every presynaptic spike adds its
 * weight w to it (target {@code "u"}), so a synapse whose presynaptic neuron spiked s ms ago contributes
 * w·exp(−s/τ_u)/τ_u to the sum of the paper (w at the arrival step, then w·e^−1, w·e^−2, … for τ_u = dt = 1).
 * {@code x} (target {@code "x"}) is a one-step pulse added to v as is and then cleared: NALSM's input current
 * 100·Bernoulli(p), delivered by a one-to-one projection of weight 100 from a spike source. {@link NeuronState#input}
 * is a current in units of v per ms, integrated with the Euler step.
 *
 * <p>Order within a step. The paper's step t is "detect (v ≥ 20, not refractory) → reset → update v with the
 * currents → advance the synaptic timers → refractory counters"; this kernel runs "update → detect → reset", which
 * is the same sequence shifted by half a step: its detection at the end of step n is the paper's detection at the
 * start of step n + 1, and a spike delivered with the engine's one-step delay is added to u before that step's
 * update, i.e. "no delay" in the paper's sense. A refractory neuron keeps integrating but cannot spike (unlike
 * {@link LifCurrentNeuron}, v is not clamped): with {@code tRef} = 2 ms a neuron that spikes in step n cannot spike
 * in steps n + 1 and n + 2.
 *
 * <p>Deviation, documented: the paper's synaptic current follows the presynaptic neuron's <em>last</em> spike only;
 * here every spike adds w to u, so a spike arriving while the previous one's current has not decayed adds to it.
 * With τ_u = 1 ms and at least 3 steps between spikes of a neuron (refractoriness) the residual is at most
 * e^−3 ≈ 5 % of one synapse's current.
 */
public final class NalsmLifNeuron implements NeuronModel {
    /** Variable order: v, u, x. */
    public static final int V = 0, U = 1, X = 2;
    private static final List<String> VARS = List.of("v", "u", "x");
    private static final List<String> UNITS = List.of("1", "1", "1");

    private final double tauV, tauU, vThreshold, vReset, tRef;

    /** The paper's values: τ_v = 64 ms, τ_u = 1 ms, threshold 20, reset 0, refractory 2 ms. */
    public static NalsmLifNeuron nalsm() {
        return builder().build();
    }

    /** A builder starting from the paper's values of {@link #nalsm()}. */
    public static Builder builder() {
        return new Builder();
    }

    private NalsmLifNeuron(Builder b) {
        String n = "NalsmLifNeuron.";
        this.tauV = Check.positive(n + "tauV", b.tauV, "ms");
        this.tauU = Check.positive(n + "tauU", b.tauU, "ms");
        this.vThreshold = Check.finite(n + "vThreshold", b.vThreshold, "");
        this.vReset = Check.finite(n + "vReset", b.vReset, "");
        this.tRef = Check.nonNegative(n + "tRef", b.tRef, "ms");
        if (vReset >= vThreshold) {
            throw new ParameterException(n + "vReset = " + vReset + ": expected a value below vThreshold = " + vThreshold);
        }
    }

    @Override
    public String name() {
        return "lif-nalsm";
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
        return List.of("u", "x");
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
        return vThreshold;
    }

    @Override
    public int refractorySteps(double dt) {
        return (int) Math.round(tRef / Check.positive("dt", dt, "ms"));
    }

    /**
     * The paper's convention, not Brian 2's: a neuron that spikes in step n cannot spike in the R steps
     * n + 1 … n + R that follow (R = round(tRef/dt); 2 for the paper's 2 ms at dt = 1 ms).
     */
    @Override
    public int refractoryCountdown(double dt) {
        return refractorySteps(dt);
    }

    /** Membrane time constant τ_v (ms). */
    public double tauV() {
        return tauV;
    }

    /** Synaptic time constant τ_u (ms). */
    public double tauU() {
        return tauU;
    }

    /** Spike threshold (dimensionless). */
    public double vThreshold() {
        return vThreshold;
    }

    /** Reset value of v. */
    public double vReset() {
        return vReset;
    }

    /** Refractory period (ms). */
    public double tRef() {
        return tRef;
    }

    @Override
    public NeuronKernel kernel(double dt) {
        Check.positive("dt", dt, "ms");
        return new Kernel(this, dt);
    }

    /**
     * One Euler step of neurons {@code [from, to)} as a pure function over the state arrays (the kernel's update and
     * what an OpenCL kernel would mirror): integrates, counts refractoriness down, detects, resets. Appends spiking
     * neurons (ascending) to {@code spikes} from {@code count} and returns the new count; allocates nothing.
     *
     * @param cV   dt/τ_v
     * @param cU   dt/τ_u
     * @param pU   exp(−dt/τ_u)
     * @param refSteps refractory steps after a spike
     */
    static int step(double[] v, double[] u, double[] x, double[] in, boolean inputActive, int[] ref, int from, int to,
            double dt, double cV, double cU, double pU, double vt, double vr, int refSteps, int[] spikes, int count) {
        for (int i = from; i < to; i++) {
            double vi = v[i];
            double drive = cU * u[i];
            if (inputActive) {
                drive += dt * in[i];
            }
            double vn = vi + drive + x[i] - cV * vi;
            u[i] *= pU;
            x[i] = 0;
            if (ref[i] > 0) {
                ref[i]--;
                if (vn != vn) {
                    throw new NonFiniteStateException(i, "v", vn);
                }
            } else if (vn >= vt) {
                if (vn == Double.POSITIVE_INFINITY) {
                    throw new NonFiniteStateException(i, "v", vn);
                }
                spikes[count++] = i;
                vn = vr;
                ref[i] = refSteps;
            } else if (vn != vn) {
                throw new NonFiniteStateException(i, "v", vn);
            }
            v[i] = vn;
        }
        return count;
    }

    /** The Euler kernel; constants computed once per dt. */
    static final class Kernel implements NeuronKernel {
        final double dt, cV, cU, pU, vt, vr;
        final int refSteps;

        Kernel(NalsmLifNeuron m, double dt) {
            this.dt = dt;
            cV = dt / m.tauV;
            cU = dt / m.tauU;
            pU = Math.exp(-dt / m.tauU);
            vt = m.vThreshold;
            vr = m.vReset;
            refSteps = m.refractoryCountdown(dt);
        }

        @Override
        public int update(NeuronState s, int from, int to, int[] spikes, int count) {
            return step(s.vars[V], s.vars[U], s.vars[X], s.input, s.inputActive, s.refractory, from, to, dt, cV, cU, pU,
                    vt, vr, refSteps, spikes, count);
        }
    }

    /** Builder with the paper's values; every setter takes the unit named in its Javadoc. */
    public static final class Builder {
        private double tauV = 64, tauU = 1, vThreshold = 20, vReset = 0, tRef = 2;

        /** Membrane time constant τ_v, ms. */
        public Builder tauV(double ms) {
            tauV = ms;
            return this;
        }

        /** Synaptic time constant τ_u, ms. */
        public Builder tauU(double ms) {
            tauU = ms;
            return this;
        }

        /** Threshold (dimensionless). */
        public Builder vThreshold(double value) {
            vThreshold = value;
            return this;
        }

        /** Reset value (dimensionless). */
        public Builder vReset(double value) {
            vReset = value;
            return this;
        }

        /** Refractory period, ms. */
        public Builder tRef(double ms) {
            tRef = ms;
            return this;
        }

        /** Validates and builds. */
        public NalsmLifNeuron build() {
            return new NalsmLifNeuron(this);
        }
    }

    @Override
    public String toString() {
        return "NalsmLifNeuron{tauV=" + tauV + " ms, tauU=" + tauU + " ms, vThreshold=" + vThreshold + ", vReset=" + vReset
                + ", tRef=" + tRef + " ms}";
    }
}
