package org.spinel.experiments.sweep;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One point of a sweep. Serialisable (Jackson's nodes are), so that a cluster executor can ship it to its workers.
 *
 * @param id     stable identifier ({@code p0007}), the same on every run of the same sweep
 * @param params swept JSON pointer → value, in axis order
 * @param seed   root seed of the point
 */
public record SweepPoint(String id, Map<String, JsonNode> params, long seed) implements java.io.Serializable {
}
