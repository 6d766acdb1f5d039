package org.spinel.plasticity.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Adam (Kingma &amp; Ba 2015, ICLR, Algorithm 1) with bias correction and optional L2 weight decay:
 * <pre>
 *   g ← ∇ + λ·p                                    (weight decay λ, default 0; coupled, as PyTorch's Adam)
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁^t),   v̂ = v / (1 − β₂^t)
 *   p ← p − η · m̂ / (√v̂ + ε)
 * </pre>
 * Defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.001. State: {@code "m"}, {@code "v"} and the step count t.
 * The bias corrections use {@link StrictMath#pow}, so a resumed run is bit-exact on any JVM. Computed in double,
 * parameters rounded to float once per step (see {@link Optimizer}).
 */
public final class Adam implements Optimizer {
    /** The JSON name. */
    public static final String NAME = "adam";
    private final LearningRateSchedule schedule;
    private final double beta1, beta2, epsilon, weightDecay;
    private final double[] m, v;
    private long step;

    private Adam(Builder b, int size) {
        schedule = b.schedule;
        beta1 = b.beta1;
        beta2 = b.beta2;
        epsilon = b.epsilon;
        weightDecay = b.weightDecay;
        m = new double[StepChecks.size(NAME, size)];
        v = new double[size];
    }

    /** Builder: constant learning rate 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void step(float[] params, float[] grads, double learningRate) {
        StepChecks.check(NAME, m.length, params, grads, learningRate);
        long t = step + 1;
        final double b1 = beta1, b2 = beta2, c1 = 1 - b1, c2 = 1 - b2, eps = epsilon, wd = weightDecay;
        final double bc1 = 1 - StrictMath.pow(b1, (double) t), bc2 = 1 - StrictMath.pow(b2, (double) t);
        final double lr = learningRate;
        final double[] m = this.m, v = this.v;
        for (int i = 0; i < m.length; i++) {
            double g = grads[i] + wd * params[i];
            double mi = b1 * m[i] + c1 * g;
            double vi = b2 * v[i] + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] = (float) (params[i] - lr * (mi / bc1) / (Math.sqrt(vi / bc2) + eps));
        }
        step = t;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return m.length;
    }

    @Override
    public long stepCount() {
        return step;
    }

    @Override
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** β₁, the decay of the first moment. */
    public double beta1() {
        return beta1;
    }

    /** β₂, the decay of the second moment. */
    public double beta2() {
        return beta2;
    }

    /** ε, added to √v̂. */
    public double epsilon() {
        return epsilon;
    }

    /** The L2 weight-decay coefficient λ. */
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public OptimizerState exportState() {
        Map<String, double[]> a = new LinkedHashMap<>();
        a.put("m", m);
        a.put("v", v);
        return new OptimizerState(NAME, step, a);
    }

    @Override
    public void importState(OptimizerState state) {
        double[] mm = new double[m.length], vv = new double[v.length];
        state.copyInto(NAME, "m", mm);
        state.copyInto(NAME, "v", vv);
        System.arraycopy(mm, 0, m, 0, m.length);
        System.arraycopy(vv, 0, v, 0, v.length);
        step = state.step();
    }

    @Override
    public void reset() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        step = 0;
    }

    @Override
    public String describe() {
        return describe(schedule, beta1, beta2, epsilon, weightDecay);
    }

    private static String describe(LearningRateSchedule s, double b1, double b2, double eps, double wd) {
        return NAME + "(lr=" + s.describe() + ", beta1=" + b1 + ", beta2=" + b2 + ", epsilon=" + eps
                + (wd != 0 ? ", weightDecay=" + wd : "") + ")";
    }

    /** Configuration; reusable: each {@link #build(int)} gives an independent optimizer. */
    public static final class Builder implements OptimizerFactory {
        private LearningRateSchedule schedule = LearningRateSchedule.constant(0.001);
        private double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0;

        /** A constant learning rate η (finite, &gt; 0). */
        public Builder learningRate(double lr) {
            schedule = LearningRateSchedule.constant(lr);
            return this;
        }

        /** A learning-rate schedule. */
        public Builder schedule(LearningRateSchedule s) {
            if (s == null) {
                throw new ParameterException(NAME + ".schedule = null: expected a learning-rate schedule");
            }
            schedule = s;
            return this;
        }

        /** β₁ in [0, 1). */
        public Builder beta1(double b) {
            beta1 = decay("beta1", b);
            return this;
        }

        /** β₂ in [0, 1). */
        public Builder beta2(double b) {
            beta2 = decay("beta2", b);
            return this;
        }

        /** ε &gt; 0. */
        public Builder epsilon(double e) {
            epsilon = Check.positive(NAME + ".epsilon", e, "");
            return this;
        }

        /** L2 weight decay λ &ge; 0, added to the gradient as λ·p. */
        public Builder weightDecay(double lambda) {
            weightDecay = Check.nonNegative(NAME + ".weightDecay", lambda, "");
            return this;
        }

        private static double decay(String item, double b) {
            if (!(b >= 0 && b < 1)) {
                throw new ParameterException(NAME + "." + item + " = " + b + ": expected a value in [0, 1)");
            }
            return b;
        }

        @Override
        public Adam build(int size) {
            return new Adam(this, size);
        }

        @Override
        public String describe() {
            return Adam.describe(schedule, beta1, beta2, epsilon, weightDecay);
        }
    }
}
