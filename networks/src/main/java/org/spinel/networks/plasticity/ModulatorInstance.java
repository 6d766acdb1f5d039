package org.spinel.networks.plasticity;

/**
 * Running state of a {@link Modulator}. The engine reads the gains during a step's delivery phase and calls
 * {@link #step} once per step afterwards (single-threaded) with that step's spike counts; the new gains take
 * effect from the next step.
 */
public interface ModulatorInstance {
    /** Factor on the potentiation part of updates. */
    double potentiationGain();

    /** Factor on the depression part of updates. */
    double depressionGain();

    /**
     * Advances the modulator by one step.
     *
     * @param step   the step just delivered
     * @param counts spikes in this step per population or source name
     */
    void step(long step, java.util.function.ToIntFunction<String> counts);

    /** Returns to the initial state. */
    void reset();
}
