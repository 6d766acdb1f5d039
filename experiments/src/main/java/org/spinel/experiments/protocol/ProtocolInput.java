package org.spinel.experiments.protocol;

import java.util.Map;

import org.spinel.experiments.spec.Obj;
import org.spinel.experiments.spec.Problems;
import org.spinel.neurons.NeuronModel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a {@link Protocol} reads its part of the document with: the {@code /protocol} object (fields read through it
 * are checked, defaulted and written to the resolved document; unknown ones are reported), the whole document (after
 * {@code --set}), the problems collected so far, and what the rest of the document declared.
 */
public final class ProtocolInput {
    private final Obj protocol;
    private final JsonNode document;
    private final Problems problems;
    private final Map<String, NeuronModel> models;
    private final Map<String, Integer> sizes;
    private final Map<String, String> sourceTypes;
    private final String backend;
    private double dt, durationMs;

    /**
     * @param protocol    the {@code /protocol} object
     * @param document    the whole document
     * @param problems    where to add problems
     * @param models      population name → neuron model (empty for a protocol that owns its network)
     * @param sizes       population or source name → size
     * @param sourceTypes source name → type
     * @param dt          the document's time step, ms (NaN for a protocol that owns its network)
     * @param durationMs  the document's duration, ms (NaN for a protocol that owns its network)
     * @param backend     the backend name
     */
    public ProtocolInput(Obj protocol, JsonNode document, Problems problems, Map<String, NeuronModel> models,
            Map<String, Integer> sizes, Map<String, String> sourceTypes, double dt, double durationMs, String backend) {
        this.protocol = protocol;
        this.document = document;
        this.problems = problems;
        this.models = models;
        this.sizes = sizes;
        this.sourceTypes = sourceTypes;
        this.dt = dt;
        this.durationMs = durationMs;
        this.backend = backend;
    }

    /** The {@code /protocol} object. */
    public Obj protocol() {
        return protocol;
    }

    /** The whole document. */
    public JsonNode document() {
        return document;
    }

    /** Where problems go. */
    public Problems problems() {
        return problems;
    }

    /** Population name → neuron model, in document order. */
    public Map<String, NeuronModel> models() {
        return models;
    }

    /** Population or source name → size. */
    public Map<String, Integer> sizes() {
        return sizes;
    }

    /** Source name → type. */
    public Map<String, String> sourceTypes() {
        return sourceTypes;
    }

    /** The time step, ms. */
    public double dt() {
        return dt;
    }

    /** The duration, ms. */
    public double durationMs() {
        return durationMs;
    }

    /** The backend name. */
    public String backend() {
        return backend;
    }

    /**
     * Sets the time base of a protocol that {@link Protocol#ownsNetwork() owns its network}: the step and the
     * simulated time of one presentation, which the top-level {@code dt} and {@code duration} must agree with.
     */
    public void timeBase(double dtMs, double durationMs) {
        this.dt = dtMs;
        this.durationMs = durationMs;
    }
}
