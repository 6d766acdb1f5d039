package org.spinel.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.spec.Experiment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The points of a sweep: the grid (last axis fastest) × seeds (innermost), with stable ids {@code p0000...}. A point's
 * parameters hold every pointer its axes set (linked ones included), in axis order.
 */
public final class SweepPlan {
    private SweepPlan() {
    }

    /** Expands {@code sweep} into points. */
    public static List<SweepPoint> points(Experiment.SweepSpec sweep) {
        List<Map<String, JsonNode>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Experiment.Axis a : sweep.axes()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> g : grid) {
                for (JsonNode v : a.values()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(g);
                    m.putAll(a.assignments(v));
                    next.add(m);
                }
            }
            grid = next;
        }
        List<SweepPoint> out = new ArrayList<>();
        int width = Math.max(4, Integer.toString(grid.size() * sweep.seeds().size()).length());
        for (Map<String, JsonNode> g : grid) {
            for (long seed : sweep.seeds()) {
                out.add(new SweepPoint(String.format("p%0" + width + "d", out.size()), g, seed));
            }
        }
        return out;
    }
}
