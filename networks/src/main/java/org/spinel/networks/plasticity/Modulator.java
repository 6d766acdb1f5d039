package org.spinel.networks.plasticity;

import org.spinel.networks.Network;

/**
 * A third factor that scales the potentiation and depression parts of a rule's updates (an astrocyte, a reward
 * signal, a learning-rate schedule). {@link #bind} creates its running state.
 *
 * <p>A modulator sees the whole network, not the projection that lists it, so its running state depends only on
 * its description: an engine binds each distinct modulator ({@link Object#equals}) once per simulation and the
 * projections that list equal modulators share that state (one global astrocyte feeding back into several
 * projections). Implementations are immutable and implement {@code equals}/{@code hashCode} by value.
 */
public interface Modulator {
    /** Description for logs and manifests. */
    String describe();

    /**
     * Creates the running state for a compiled simulation of {@code network}.
     *
     * @throws org.spinel.neurons.ParameterException if the modulator does not fit the network (e.g. it names a
     *                                               population the network lacks)
     */
    ModulatorInstance bind(Network network, double dt);
}
