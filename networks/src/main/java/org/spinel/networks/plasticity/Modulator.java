package org.spinel.networks.plasticity;

import org.spinel.networks.Network;

/**
 * A third factor that scales the potentiation and depression parts of a rule's updates (an astrocyte, a reward
 * signal, a learning-rate schedule). {@link #bind} creates its running state.
 */
public interface Modulator {
    /** Description for logs and manifests. */
    String describe();

    /** Creates the running state for a compiled simulation of {@code network}. */
    ModulatorInstance bind(Network network, double dt);
}
