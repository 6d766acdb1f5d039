package org.spinel.networks.plasticity;

/**
 * Running state of a {@link Modulator}. The engine reads the gains during a step's delivery phase and calls
 * {@link #step} once per step afterwards (single-threaded) with that step's spikes; the new gains take effect from
 * the next step. The rule's potentiation part of every update is multiplied by {@link #potentiationGain()} and its
 * depression part by {@link #depressionGain()} (gains may be any finite number, negative included).
 */
public interface ModulatorInstance {
    /** Factor on the potentiation part of updates. */
    double potentiationGain();

    /** Factor on the depression part of updates. */
    double depressionGain();

    /**
     * Advances the modulator by one step. (The view replaced a {@code ToIntFunction<String>} of per-population
     * counts: a modulator fed by a random subset of a population's neurons, such as the NALSM astrocyte at density
     * ρ &lt; 1, needs to know which neurons spiked, not only how many.)
     *
     * @param step   the step just delivered
     * @param spikes the spikes of that step, by population or source name; valid only during this call
     */
    void step(long step, StepSpikes spikes);

    /** Returns to the initial state. */
    void reset();
}
