package org.spinel.networks.engine;

import org.spinel.networks.Network;
import org.spinel.results.Recording;

/**
 * A compiled, runnable network owning all state. Successive {@link #run} calls continue where the previous
 * stopped and give exactly what one long run gives; {@link #reset()} returns to step 0 as if freshly compiled
 * (state, buffers, traces, random streams, recordings) but keeps the current weights.
 */
public interface Simulation extends AutoCloseable {
    /** The network this simulation runs. */
    Network network();

    /** Backend name. */
    String backend();

    /** Number of threads used. */
    int threads();

    /** Advances by {@code durationMs} (rounded to whole steps). */
    default void run(double durationMs) {
        runSteps(Math.round(durationMs / network().dt()));
    }

    /** Advances by {@code steps} steps. */
    void runSteps(long steps);

    /** Steps done since compile or the last reset. */
    long step();

    /** Current time in ms ({@code step() · dt}). */
    default double timeMs() {
        return step() * network().dt();
    }

    /** Back to step 0 with the initial state; weights are kept. */
    void reset();

    /** Restores the initial weights of every projection. */
    void resetWeights();

    /** Snapshot of everything recorded since compile or the last reset. */
    Recording recording();

    /** Copy of a state variable of a population. */
    double[] state(String population, String variable);

    /** Overwrites a state variable of a population. */
    void setState(String population, String variable, double[] values);

    /** Copy of a projection's current weights (CSR order of its {@code SynapseGraph}). */
    float[] weights(String projection);

    /** Overwrites a projection's weights. */
    void setWeights(String projection, float[] weights);

    /** Applies the accumulated updates of per-trial plasticity pipelines (projector, then bounds). */
    void applyPlasticity();

    /**
     * Supplies the spikes of external source {@code source} from now on ({@code null}: silent), e.g. one dataset
     * sample per trial: {@code reset(); feed("pixels", sampleFeed); run(250)}. {@link #reset()} removes feeds.
     *
     * @throws org.spinel.neurons.ParameterException if {@code source} is not an external source of the network
     * @throws UnsupportedOperationException if this backend does not implement external sources
     */
    default void feed(String source, SpikeFeed feed) {
        throw new UnsupportedOperationException("the " + backend() + " backend does not implement external sources "
                + "(fed at run time): run it with --backend java");
    }

    /** Spikes emitted by populations (not sources) since compile or reset. */
    long spikeCount();

    /** Synaptic events delivered (spike × outgoing synapse) since compile or reset. */
    long synapticEvents();

    @Override
    void close();
}
