package org.spinel.experiments.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a protocol's run hands back to the framework.
 *
 * @param metrics   the metrics ({@code metrics.json}, and the manifest's {@code metrics})
 * @param execution where it ran (the manifest's backend, reason and device)
 */
public record Outcome(ObjectNode metrics, Execution execution) {
    /**
     * Where a run ran.
     *
     * @param backend the backend name
     * @param reason  why this backend
     * @param device  the device, in words
     */
    public record Execution(String backend, String reason, String device) {
    }
}
