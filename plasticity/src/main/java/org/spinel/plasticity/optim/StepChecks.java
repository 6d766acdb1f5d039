package org.spinel.plasticity.optim;

import org.spinel.neurons.ParameterException;

/** Argument checks shared by the optimizers' {@code step} methods. */
final class StepChecks {
    private StepChecks() {
    }

    static void check(String optimizer, int size, float[] params, float[] grads, double lr) {
        if (params.length != size) {
            throw new ParameterException(optimizer + ": params has " + params.length + " values: expected "
                    + size + " (the block size)");
        }
        if (grads.length != size) {
            throw new ParameterException(optimizer + ": grads has " + grads.length + " values: expected " + size
                    + " (the block size)");
        }
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new ParameterException(optimizer + ".learningRate = " + lr + ": expected a finite value >= 0");
        }
    }

    static int size(String optimizer, int size) {
        if (size < 0) {
            throw new ParameterException(optimizer + ": block size = " + size + ": expected an integer >= 0");
        }
        return size;
    }
}
