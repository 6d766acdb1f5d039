package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.networks.plasticity.Projector;
import org.spinel.plasticity.projection.ActivitySubspaceProjector;
import org.spinel.plasticity.projection.ComplementProjector;
import org.spinel.plasticity.projection.HebbianSubspaceProjector;
import org.spinel.plasticity.projection.OracleSubspaceProjector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The projector types of JSON experiments: one object {@code {"type": ..., ...}} → one {@link Projector}, the same
 * for a trainable block of the {@code train} protocol and for a learning projection of the engine
 * (docs/experiment-format.md, "projectors"). Every problem is reported by JSON pointer.
 *
 * <p>Types (one entry of {@link #TYPES} each; a new type is one more entry):
 * <ul>
 *   <li>{@code complement}: {@code "vectors": [[...], ...]}, the protected presynaptic vectors (one number per
 *       presynaptic unit, finite, not all zero) of a {@link ComplementProjector}.</li>
 *   <li>{@code activity-subspace}: {@code "threshold": ε} (the energy criterion, {@value #DEFAULT_THRESHOLD} when
 *       neither field is given) or {@code "rankPerTask": k}, an {@link ActivitySubspaceProjector} (it observes
 *       presynaptic activity and protects its principal subspace at each task boundary).</li>
 *   <li>{@code hlop}: {@code "rowsPerTask": M} or {@code [M0, M1, ...]} (the last repeats), {@code learningRate},
 *       {@code momentum}, {@code iterations}, {@code clip}, {@code batch}, {@code seed}: a
 *       {@link HebbianSubspaceProjector} (HLOP's Hebbian subspace neurons, spec §2's constants by default).</li>
 *   <li>{@code oracle}: {@code "rowsPerTask"} as for {@code hlop}: an {@link OracleSubspaceProjector} (HLOP's exact
 *       counterpart: the top singular vectors of each task's stored presynaptic activity).</li>
 * </ul>
 */
final class ProjectorReader {
    /** Reads the fields of one type (the {@code type} field is read already) into a projector, or null after a problem. */
    @FunctionalInterface
    interface TypeReader {
        /**
         * @param o        the projector object
         * @param pre      the presynaptic units of the block it will bind to, or -1 when not known yet
         * @param problems where problems go
         */
        Projector read(Obj o, int pre, Problems problems);
    }

    /** The projector types by JSON name. */
    static final Map<String, TypeReader> TYPES;

    static {
        Map<String, TypeReader> m = new LinkedHashMap<>();
        m.put("complement", ProjectorReader::complement);
        m.put("activity-subspace", ProjectorReader::activitySubspace);
        m.put("hlop", ProjectorReader::hlop);
        m.put("oracle", ProjectorReader::oracle);
        TYPES = Map.copyOf(m);
    }

    /** The energy threshold of an {@code activity-subspace} projector when neither it nor a rank is given. */
    public static final double DEFAULT_THRESHOLD = 0.97;

    private ProjectorReader() {
    }

    /** The type names, in a fixed order. */
    static List<String> types() {
        return TYPES.keySet().stream().sorted().toList();
    }

    /**
     * Reads the optional projector object {@code parent.field}; its resolved copy goes into {@code parent}'s.
     *
     * @param pre the presynaptic units of the block, or -1 when not known yet (then the projector checks its shape
     *            when it is bound)
     * @return the projector, or null when the field is absent or after a problem
     */
    static Projector read(Obj parent, String field, int pre, Problems problems) {
        Obj o = parent.object(field, true);
        return o == null ? null : read(o, pre, problems);
    }

    /**
     * Reads the projector object {@code o} (its pointer is used in every problem; its resolved copy is {@code o}'s).
     *
     * @param pre the presynaptic units of the block, or -1 when not known yet
     * @return the projector, or null after a problem
     */
    static Projector read(Obj o, int pre, Problems problems) {
        int before = problems.size();
        String type = o.string("type", null, types().toArray(String[]::new));
        Projector p = null;
        if (type != null && TYPES.containsKey(type)) {
            p = TYPES.get(type).read(o, pre, problems);
        } else {
            // one mistake, one message: the type is what is wrong
            o.allow("vectors", "threshold", "rankPerTask", "rowsPerTask", "learningRate", "momentum", "iterations",
                    "clip", "batch", "seed");
        }
        o.finish();
        return problems.size() == before ? p : null;
    }

    /** {@code activity-subspace}: either {@code threshold} (default {@value #DEFAULT_THRESHOLD}) or {@code rankPerTask}. */
    private static Projector activitySubspace(Obj o, int pre, Problems problems) {
        boolean hasT = o.has("threshold"), hasK = o.has("rankPerTask");
        if (hasT && hasK) {
            problems.add(o.at("rankPerTask"), o.raw("rankPerTask"), "nothing: give either \"threshold\" (the "
                    + "energy criterion) or \"rankPerTask\" (directions per task), not both");
            return null;
        }
        if (hasK) {
            int k = o.intValue("rankPerTask", null, 1, Integer.MAX_VALUE, -1);
            return k > 0 ? ActivitySubspaceProjector.rankPerTask(k) : null;
        }
        double t = o.quantity("threshold", Dimension.DIMENSIONLESS, DEFAULT_THRESHOLD, 0, 1);
        if (t == 0) {
            problems.add(o.at("threshold"), o.raw("threshold"), "a fraction in (0, 1]: the energy of a task's "
                    + "activity that the subspace captures");
            return null;
        }
        return Double.isNaN(t) ? null : ActivitySubspaceProjector.energy(t);
    }

    /** {@code hlop}: the subspace schedule and the Hebbian rule's constants (spec §2 by default). */
    private static Projector hlop(Obj o, int pre, Problems problems) {
        int before = problems.size();
        int[] rows = rowsPerTask(o, pre, problems);
        double eta = o.quantity("learningRate", Dimension.DIMENSIONLESS, 0.01, 0, Double.MAX_VALUE);
        double momentum = o.quantity("momentum", Dimension.DIMENSIONLESS, 0.9, 0, 1);
        int iterations = o.intValue("iterations", 5, 1, 1_000_000, -1);
        double clip = o.quantity("clip", Dimension.DIMENSIONLESS, 10.0, 0, Double.MAX_VALUE);
        int batch = o.intValue("batch", 64, 1, 1_000_000, -1);
        int seed = o.intValue("seed", 1, 0, Integer.MAX_VALUE, -1);
        int every = o.intValue("projectEvery", 1, 1, 1_000_000, -1);
        if (eta == 0) {
            problems.add(o.at("learningRate"), o.raw("learningRate"), "a learning rate > 0");
        }
        if (momentum == 1) {
            problems.add(o.at("momentum"), o.raw("momentum"), "a momentum in [0, 1)");
        }
        if (clip == 0) {
            problems.add(o.at("clip"), o.raw("clip"), "a clip > 0");
        }
        if (problems.size() > before || Double.isNaN(eta) || Double.isNaN(momentum) || Double.isNaN(clip)) {
            return null;
        }
        return HebbianSubspaceProjector.builder(rows).learningRate(eta)
                .momentum(momentum).iterations(iterations).clip(clip).batch(batch).seed(seed)
                .projectEvery(Math.max(every, 1)).build();
    }

    /** {@code oracle}: HLOP's schedule, its subspace computed exactly (SVD of the stored activity) at each boundary. */
    private static Projector oracle(Obj o, int pre, Problems problems) {
        int before = problems.size();
        int[] rows = rowsPerTask(o, pre, problems);
        int every = o.intValue("projectEvery", 1, 1, 1_000_000, -1);
        return problems.size() > before ? null : OracleSubspaceProjector.of(rows).projectEvery(Math.max(every, 1));
    }

    /**
     * The {@code rowsPerTask} schedule of {@code hlop} and {@code oracle}: an integer >= 1 or an array whose first
     * entry is >= 1 and others >= 0 (the last repeats), each at most {@code pre} when it is known; resolved as an array.
     */
    private static int[] rowsPerTask(Obj o, int pre, Problems problems) {
        List<Integer> rows = new ArrayList<>();
        String at = o.at("rowsPerTask");
        JsonNode raw = o.raw("rowsPerTask");
        if (raw == null || raw.isMissingNode()) {
            problems.add(at, raw, "the subspace neurons added per task: an integer >= 1, or an array [task 0, task 1, "
                    + "...] whose last entry repeats");
        } else if (raw.isArray() ? raw.isEmpty() : !raw.canConvertToInt()) {
            problems.add(at, raw, "an integer >= 1, or a non-empty array of integers (rows per task; the last repeats)");
        } else {
            List<JsonNode> items = raw.isArray() ? o.array("rowsPerTask", false) : List.of(raw);
            ArrayNode resolved = o.resolvedArray("rowsPerTask"); // resolved as an array, the last entry repeating
            for (int k = 0; k < items.size(); k++) {
                JsonNode e = items.get(k);
                String ek = raw.isArray() ? at + "/" + k : at;
                int min = k == 0 ? 1 : 0;
                if (!e.canConvertToInt() || !e.isIntegralNumber() || e.asInt() < min) {
                    problems.add(ek, e, "an integer >= " + min + (k == 0 ? " (task 0 needs subspace neurons)" : ""));
                } else if (pre > 0 && e.asInt() > pre) {
                    problems.add(ek, e, "at most the block's " + pre + " presynaptic units");
                } else {
                    rows.add(e.asInt());
                    resolved.add(e.asInt());
                }
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Projector complement(Obj o, int pre, Problems problems) {
        List<JsonNode> items = o.array("vectors", false);
        String at = o.at("vectors");
        if (o.raw("vectors").isArray() && items.isEmpty()) {
            problems.add(at, o.raw("vectors"), "at least one vector (an array of numbers per presynaptic unit)");
            return null;
        }
        ArrayNode resolved = o.resolvedArray("vectors");
        List<double[]> vectors = new ArrayList<>();
        int length = pre;
        boolean ok = !items.isEmpty();
        for (int k = 0; k < items.size(); k++) {
            JsonNode v = items.get(k);
            String vk = at + "/" + k;
            if (!v.isArray() || v.isEmpty()) {
                problems.add(vk, v, "an array of numbers, one per presynaptic unit" + (pre > 0 ? " (" + pre + ")" : ""));
                ok = false;
                continue;
            }
            if (length > 0 && v.size() != length) {
                problems.add(vk, v, length + " numbers, " + (pre > 0 ? "one per presynaptic unit of the block"
                        : "as many as " + at + "/0") + " (found " + v.size() + ")");
                ok = false;
                continue;
            }
            length = v.size();
            double[] x = new double[v.size()];
            double sq = 0;
            boolean good = true;
            for (int j = 0; j < x.length; j++) {
                JsonNode e = v.get(j);
                if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                    problems.add(vk + "/" + j, e, "a finite number");
                    good = false;
                    continue;
                }
                x[j] = e.asDouble();
                sq += x[j] * x[j];
            }
            if (good && sq == 0) {
                problems.add(vk, v, "a non-zero vector (a zero vector protects nothing)");
                good = false;
            }
            ok &= good;
            ArrayNode r = resolved.addArray();
            for (double d : x) {
                r.add(d);
            }
            vectors.add(x);
        }
        return ok ? new ComplementProjector(vectors) : null;
    }
}
