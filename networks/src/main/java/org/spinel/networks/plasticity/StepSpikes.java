package org.spinel.networks.plasticity;

/**
 * The spikes of one step, as a {@link ModulatorInstance} sees them: how many neurons of a population or source
 * spiked, in total or among a selected subset. The engine hands the same reusable view to every modulator; it is
 * valid only during {@link ModulatorInstance#step} and allocates nothing.
 */
public interface StepSpikes {
    /**
     * Spikes of population or source {@code name} in this step.
     *
     * @throws org.spinel.neurons.ParameterException if no population or source has that name
     */
    int count(String name);

    /**
     * Spikes in this step of the neurons {@code i} of population or source {@code name} with {@code selected[i]}
     * ({@code selected} has one entry per neuron), e.g. the neurons that feed an astrocyte at density ρ &lt; 1.
     *
     * @throws org.spinel.neurons.ParameterException if no population or source has that name
     */
    int count(String name, boolean[] selected);
}
