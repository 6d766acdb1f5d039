package org.spinel.networks.engine;

import java.util.Map;

import org.spinel.networks.Network;
import org.spinel.networks.ProjectionSpec;
import org.spinel.neurons.ParameterException;
import org.spinel.results.Recording;

/**
 * A compiled, runnable network owning all state. Successive {@link #run} calls continue where the previous
 * stopped and give exactly what one long run gives; {@link #reset()} returns to step 0 as if freshly compiled
 * (state, buffers, traces, random streams, recordings) but keeps the current weights.
 *
 * <p><b>Learned state</b> is what plasticity changes and what outlives a trial: the weights and the learned state of
 * the projections' projectors ({@link org.spinel.networks.plasticity.ProjectorState}, e.g. an activity subspace of
 * earlier tasks). {@link #reset()} keeps all of it (a trial loop calls {@code reset()} before every trial);
 * {@link #resetWeights()} forgets all of it. What a trial has gathered but not yet applied (the accumulated Δw of
 * {@code PER_TRIAL} pipelines and the presynaptic activity their projectors observe) belongs to the trial:
 * {@link #reset()} discards it, {@link #applyPlasticity()} consumes it.
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

    /**
     * Back to step 0 with the initial state; the learned state (weights, projector states) is kept, and what the
     * current trial accumulated for per-trial plasticity is discarded.
     */
    void reset();

    /**
     * Restores the initial weights of every projection and forgets what their projectors learned
     * ({@link org.spinel.networks.plasticity.ProjectorState#reset()}): the learned state as compiled.
     */
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

    /**
     * Ends a trial of the per-trial plasticity pipelines: for each, in projection order, the accumulated update is
     * mapped by the projector (with what it learned before this trial), added to the weights and clipped by the
     * bounds; then a projector that observes {@link org.spinel.networks.plasticity.Projector.Activity#PRESYNAPTIC_RATE}
     * is handed the number of spikes each presynaptic neuron (population or source) emitted since the last
     * {@code applyPlasticity()} or {@link #reset()} (the order of {@link org.spinel.networks.plasticity.Projector}).
     * The accumulated updates and counts start again from zero.
     */
    void applyPlasticity();

    /**
     * A task boundary of continual learning: {@link org.spinel.networks.plasticity.ProjectorState#endTask()} of every
     * projection's projector, in projection order (call it after the task's last {@link #applyPlasticity()}, whose
     * activity the projector then includes). Never called implicitly. The default does nothing: a backend without
     * projectors refuses networks that have one.
     */
    default void endTask() {
    }

    /**
     * The learned state of a projection's projector ({@link org.spinel.networks.plasticity.ProjectorState#exportState()}:
     * named arrays in a fixed order), e.g. for a checkpoint.
     *
     * @throws ParameterException if there is no such projection or it has no projector
     */
    default Map<String, double[]> projectorState(String projection) {
        throw noProjector(projection);
    }

    /**
     * Restores a state written by {@link #projectorState} into a projection's projector.
     *
     * @throws ParameterException if there is no such projection, it has no projector, or the state does not fit it
     *                            (naming the entry)
     */
    default void setProjectorState(String projection, Map<String, double[]> state) {
        throw noProjector(projection);
    }

    /** The error of {@link #projectorState} on a backend without projectors. */
    private RuntimeException noProjector(String projection) {
        ProjectionSpec p = network().projections().get(projection);
        if (p == null) {
            return SimulationInputs.unknown("projection", projection, network().projections().keySet());
        }
        if (p.plasticity() == null || p.plasticity().projector() == null) {
            return new ParameterException("projection \"" + projection + "\" has no projector: expected one of the "
                    + "projections whose plasticity pipeline has a projector");
        }
        return new UnsupportedOperationException("the " + backend() + " backend does not implement projectors: run it "
                + "with --backend java");
    }

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
