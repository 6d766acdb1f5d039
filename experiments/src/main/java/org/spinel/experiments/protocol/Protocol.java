package org.spinel.experiments.protocol;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.spinel.experiments.spec.Experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol plug-in ({@code simulate}, {@code map-scan}, {@code lsm-classification}, {@code train}, ...): what an
 * experiment does with its network. Found by {@link Protocols} through {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/org.spinel.experiments.protocol.Protocol}), chosen by {@code /protocol/type}.
 *
 * <p>A protocol reads and validates its part of the document ({@code /protocol}), knows what {@code --quick} reduces
 * and whether it continues from a checkpoint ({@code --resume}), and runs. It never writes the run directory itself:
 * the framework ({@code org.spinel.experiments.run.ExperimentRunner}) reserves the run id, hands the protocol a
 * working directory to fill ({@link RunContext#directory()}), then writes {@code metrics.json} and
 * {@code manifest.json} (every file of the directory listed) and publishes the directory atomically.
 *
 * <p>Adding a protocol is one class implementing this interface, one line in the service file and one fragment in
 * the schema ({@code org/spinel/experiments/experiment.schema.json}, {@code /properties/protocol}).
 *
 * @param <S> the protocol's validated settings (what {@link #read} returns)
 */
public interface Protocol<S> {
    /** Longest run of a network-driven protocol in {@code --quick} mode, in steps (the {@code /duration} cap). */
    int QUICK_STEPS = 1000;

    /** The name used in {@code /protocol/type}. */
    String name();

    /**
     * Whether the protocol defines its network itself in {@code /protocol} (as {@code train} does): then the
     * document's network parts (populations, projections, ...) must be absent, and the reader fills in the time base
     * through {@link ProtocolInput#timeBase}.
     */
    default boolean ownsNetwork() {
        return false;
    }

    /**
     * Reads and validates {@code /protocol} (every problem added to {@link ProtocolInput#problems()} with its JSON
     * pointer; the resolved form written into {@link ProtocolInput#protocol()}'s resolved node).
     *
     * @return the settings, or null when there were problems
     */
    S read(ProtocolInput in);

    /**
     * The reductions {@code --quick} makes to the document, as JSON pointer → value, computed from the experiment
     * read without them. They are applied to the document before it is read again, so the resolved experiment (and
     * the manifest) records them and re-running the manifest repeats the quick run. The default caps
     * {@code /duration} at {@link #QUICK_STEPS} steps for protocols that run the document's network.
     */
    default Map<String, JsonNode> quickReductions(Experiment e) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (!ownsNetwork() && e.durationMs() > QUICK_STEPS * e.dt()) {
            m.put("/duration", DoubleNode.valueOf(QUICK_STEPS * e.dt()));
        }
        return m;
    }

    /**
     * The settings a {@code --quick} run uses (the resolved experiment says {@code "quick": true}); by default the
     * settings themselves. Reductions that cannot be written into the document (those that depend on the data, such
     * as the number of images a dataset holds) go here.
     */
    default S quick(S settings) {
        return settings;
    }

    /**
     * JSON pointers of settings of this protocol that name places on one machine (a dataset's directory): left out of
     * the experiment's identity (its hash, a sweep's directory), so that the same experiment has the same identity on
     * a machine that keeps its files elsewhere. The data itself is identified in the manifest by the SHA-256 of its
     * files ({@link RunContext#dataset}).
     */
    default java.util.List<String> machineLocal() {
        return java.util.List.of();
    }

    /** Whether {@code --resume} continues a stopped run of this protocol from its checkpoint. */
    default boolean resumes() {
        return false;
    }

    /**
     * Runs the experiment, writing its exports and plots into {@link RunContext#directory()}.
     *
     * @param e        the experiment
     * @param settings its settings ({@link #quick} applied in quick mode)
     * @param run      the working directory and the run's options
     * @return the metrics (written to {@code metrics.json} and the manifest) and where it ran
     * @throws IOException when writing fails
     */
    Outcome run(Experiment e, S settings, RunContext run) throws IOException;

    /** One line for the terminal when the run is done (after "spinel: NAME done: "). */
    default String summary(ObjectNode metrics) {
        return "metrics " + metrics;
    }
}
