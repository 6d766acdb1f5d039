package org.spinel.plasticity.optim;

import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * The learning rate as a function of the optimizer's step count {@code t} (0 for the first update). A trainer
 * that thinks in epochs converts: {@code t = epoch · batchesPerEpoch + batch}, so a decay "every 10 epochs" is
 * {@code stepDecay(lr, factor, 10 · batchesPerEpoch)}.
 *
 * <p>The base rate must be finite and &gt; 0; every schedule here returns finite rates &ge; 0. Powers and cosines
 * use {@link StrictMath}, so rates are the same on every JVM and a resumed run continues bit-exactly.
 */
public interface LearningRateSchedule {
    /** The learning rate of update {@code step} (0-based, &ge; 0). */
    double rate(long step);

    /** One line for logs and manifests, e.g. {@code "cosine(0.001 → 0.0 over 1000 steps)"}. */
    String describe();

    /** The same rate {@code lr} at every step. */
    static LearningRateSchedule constant(double lr) {
        return new Constant(lr);
    }

    /** {@code lr · factor^⌊t / everySteps⌋}: multiply by {@code factor} every {@code everySteps} updates. */
    static LearningRateSchedule stepDecay(double lr, double factor, long everySteps) {
        return new StepDecay(lr, factor, everySteps);
    }

    /**
     * Cosine annealing without restarts (Loshchilov &amp; Hutter 2017): {@code min + (lr − min)(1 + cos(π t/T))/2}
     * for {@code t ≤ T = totalSteps}, then {@code min}.
     */
    static LearningRateSchedule cosine(double lr, double min, long totalSteps) {
        return new Cosine(lr, min, totalSteps);
    }

    /** {@code lr · γ^t}: multiply by {@code gamma} (in (0, 1]) after every update. */
    static LearningRateSchedule exponential(double lr, double gamma) {
        return new Exponential(lr, gamma);
    }

    /** Checks a base learning rate: finite and &gt; 0. */
    private static double checkRate(String item, double lr) {
        return Check.positive(item, lr, "");
    }

    /**
     * A constant rate.
     *
     * @param lr the rate (finite, &gt; 0)
     */
    record Constant(double lr) implements LearningRateSchedule {
        /** Validates. */
        public Constant {
            checkRate("learningRate", lr);
        }

        @Override
        public double rate(long step) {
            return lr;
        }

        @Override
        public String describe() {
            return "constant(" + lr + ")";
        }
    }

    /**
     * Step decay.
     *
     * @param lr         the initial rate (finite, &gt; 0)
     * @param factor     the factor applied every {@code everySteps} updates, in (0, 1]
     * @param everySteps the period in updates (&ge; 1)
     */
    record StepDecay(double lr, double factor, long everySteps) implements LearningRateSchedule {
        /** Validates. */
        public StepDecay {
            checkRate("learningRate", lr);
            if (!(factor > 0 && factor <= 1)) {
                throw new ParameterException("stepDecay.factor = " + factor + ": expected a value in (0, 1]");
            }
            if (everySteps < 1) {
                throw new ParameterException("stepDecay.everySteps = " + everySteps + ": expected an integer >= 1");
            }
        }

        @Override
        public double rate(long step) {
            return lr * StrictMath.pow(factor, (double) (step / everySteps));
        }

        @Override
        public String describe() {
            return "stepDecay(" + lr + " × " + factor + " every " + everySteps + " steps)";
        }
    }

    /**
     * Cosine annealing.
     *
     * @param lr         the initial rate (finite, &gt; 0)
     * @param min        the final rate, in [0, lr]
     * @param totalSteps the length T of the annealing in updates (&ge; 1)
     */
    record Cosine(double lr, double min, long totalSteps) implements LearningRateSchedule {
        /** Validates. */
        public Cosine {
            checkRate("learningRate", lr);
            if (!(min >= 0 && min <= lr)) {
                throw new ParameterException("cosine.min = " + min + ": expected a value in [0, learningRate = "
                        + lr + "]");
            }
            if (totalSteps < 1) {
                throw new ParameterException("cosine.totalSteps = " + totalSteps + ": expected an integer >= 1");
            }
        }

        @Override
        public double rate(long step) {
            if (step >= totalSteps) {
                return min;
            }
            return min + (lr - min) * (1 + StrictMath.cos(Math.PI * step / totalSteps)) / 2;
        }

        @Override
        public String describe() {
            return "cosine(" + lr + " → " + min + " over " + totalSteps + " steps)";
        }
    }

    /**
     * Exponential decay.
     *
     * @param lr    the initial rate (finite, &gt; 0)
     * @param gamma the factor per update, in (0, 1]
     */
    record Exponential(double lr, double gamma) implements LearningRateSchedule {
        /** Validates. */
        public Exponential {
            checkRate("learningRate", lr);
            if (!(gamma > 0 && gamma <= 1)) {
                throw new ParameterException("exponential.gamma = " + gamma + ": expected a value in (0, 1]");
            }
        }

        @Override
        public double rate(long step) {
            return lr * StrictMath.pow(gamma, (double) step);
        }

        @Override
        public String describe() {
            return "exponential(" + lr + " × " + gamma + "^t)";
        }
    }
}
