package org.spinel.plasticity.optim;

import java.util.Arrays;
import java.util.Map;

import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Stochastic gradient descent with (heavy-ball) momentum, optional Nesterov momentum (Sutskever et al. 2013,
 * ICML) and optional L2 weight decay, in the form PyTorch's {@code SGD} uses (dampening 0):
 * <pre>
 *   g ← ∇ + λ·p                       (weight decay λ, default 0)
 *   v ← μ·v + g                       (v = 0 before the first step, so v₁ = g₁)
 *   p ← p − η·v                       (classical)
 *   p ← p − η·(g + μ·v)               (Nesterov)
 * </pre>
 * with learning rate η, momentum μ in [0, 1) (default 0.9; μ = 0 is plain SGD). State: {@code "velocity"} (v).
 * Computed in double, parameters rounded to float once per step (see {@link Optimizer}).
 */
public final class SgdMomentum implements Optimizer {
    /** The JSON name. */
    public static final String NAME = "sgd-momentum";
    private final LearningRateSchedule schedule;
    private final double momentum, weightDecay;
    private final boolean nesterov;
    private final double[] velocity;
    private long step;

    private SgdMomentum(Builder b, int size) {
        schedule = b.schedule;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        nesterov = b.nesterov;
        velocity = new double[StepChecks.size(NAME, size)];
    }

    /** Builder: constant learning rate 0.01, momentum 0.9, no Nesterov, no weight decay. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void step(float[] params, float[] grads, double learningRate) {
        StepChecks.check(NAME, velocity.length, params, grads, learningRate);
        final double[] v = velocity;
        final double mu = momentum, wd = weightDecay, lr = learningRate;
        if (nesterov) {
            for (int i = 0; i < v.length; i++) {
                double g = grads[i] + wd * params[i];
                double vi = mu * v[i] + g;
                v[i] = vi;
                params[i] = (float) (params[i] - lr * (g + mu * vi));
            }
        } else {
            for (int i = 0; i < v.length; i++) {
                double vi = mu * v[i] + grads[i] + wd * params[i];
                v[i] = vi;
                params[i] = (float) (params[i] - lr * vi);
            }
        }
        step++;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return velocity.length;
    }

    @Override
    public long stepCount() {
        return step;
    }

    @Override
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The momentum μ. */
    public double momentum() {
        return momentum;
    }

    /** The L2 weight-decay coefficient λ. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Whether the Nesterov form is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public OptimizerState exportState() {
        return new OptimizerState(NAME, step, Map.of("velocity", velocity));
    }

    @Override
    public void importState(OptimizerState state) {
        state.copyInto(NAME, "velocity", velocity);
        step = state.step();
    }

    @Override
    public void reset() {
        Arrays.fill(velocity, 0);
        step = 0;
    }

    @Override
    public String describe() {
        return describe(schedule, momentum, nesterov, weightDecay);
    }

    private static String describe(LearningRateSchedule s, double mu, boolean nesterov, double wd) {
        return NAME + "(lr=" + s.describe() + ", momentum=" + mu + (nesterov ? ", nesterov" : "")
                + (wd != 0 ? ", weightDecay=" + wd : "") + ")";
    }

    /** Configuration; reusable: each {@link #build(int)} gives an independent optimizer. */
    public static final class Builder implements OptimizerFactory {
        private LearningRateSchedule schedule = LearningRateSchedule.constant(0.01);
        private double momentum = 0.9, weightDecay = 0;
        private boolean nesterov;

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

        /** Momentum μ in [0, 1); 0 gives plain SGD. */
        public Builder momentum(double mu) {
            if (!(mu >= 0 && mu < 1)) {
                throw new ParameterException(NAME + ".momentum = " + mu + ": expected a value in [0, 1)");
            }
            momentum = mu;
            return this;
        }

        /** Nesterov momentum on or off (off by default; needs μ &gt; 0). */
        public Builder nesterov(boolean on) {
            nesterov = on;
            return this;
        }

        /** L2 weight decay λ &ge; 0, added to the gradient as λ·p. */
        public Builder weightDecay(double lambda) {
            weightDecay = Check.nonNegative(NAME + ".weightDecay", lambda, "");
            return this;
        }

        @Override
        public SgdMomentum build(int size) {
            if (nesterov && momentum == 0) {
                throw new ParameterException(NAME + ".nesterov = true with momentum = 0: Nesterov needs "
                        + "momentum > 0");
            }
            return new SgdMomentum(this, size);
        }

        @Override
        public String describe() {
            return SgdMomentum.describe(schedule, momentum, nesterov, weightDecay);
        }
    }
}
