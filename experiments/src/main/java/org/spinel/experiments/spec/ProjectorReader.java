package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.List;

import org.spinel.networks.plasticity.Projector;
import org.spinel.plasticity.projection.ActivitySubspaceProjector;
import org.spinel.plasticity.projection.ComplementProjector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads a projector object, in both homes of a learning projection (a projection's {@code plasticity.projector}, a
 * trainable block's projector): {@code {"type": "complement", "vectors": [[...], ...]}} ({@link ComplementProjector},
 * each vector one value per presynaptic unit) or {@code {"type": "activity-subspace", "threshold": ε}} /
 * {@code {"type": "activity-subspace", "rankPerTask": k}} ({@link ActivitySubspaceProjector}; threshold 0.97 when
 * neither is given). Problems are recorded with their pointers; the resolved copy goes into {@code o.resolved()}.
 */
public final class ProjectorReader {
    /** Projector type names. */
    public static final String[] TYPES = {"complement", "activity-subspace"};
    /** The energy threshold of an {@code activity-subspace} projector when neither it nor a rank is given. */
    public static final double DEFAULT_THRESHOLD = 0.97;

    private ProjectorReader() {
    }

    /**
     * @param o   the projector object (its pointer is used in every problem)
     * @param pre the number of presynaptic units of the block (what a vector's length must be), or -1 if unknown
     * @return the projector, or null after a problem
     */
    public static Projector read(Obj o, int pre, Problems problems) {
        int before = problems.size();
        String type = o.string("type", null, TYPES);
        Projector p = null;
        if ("complement".equals(type)) {
            p = complement(o, pre, problems);
        } else if ("activity-subspace".equals(type)) {
            boolean hasT = o.has("threshold"), hasK = o.has("rankPerTask");
            if (hasT && hasK) {
                problems.add(o.at("rankPerTask"), o.raw("rankPerTask"), "nothing: give either \"threshold\" (the "
                        + "energy criterion) or \"rankPerTask\" (directions per task), not both");
            } else if (hasK) {
                int k = o.intValue("rankPerTask", null, 1, Integer.MAX_VALUE, -1);
                if (k > 0) {
                    p = ActivitySubspaceProjector.rankPerTask(k);
                }
            } else {
                double t = o.quantity("threshold", Dimension.DIMENSIONLESS, DEFAULT_THRESHOLD, 0, 1);
                if (t == 0) {
                    problems.add(o.at("threshold"), o.raw("threshold"), "a fraction in (0, 1]: the energy of a task's "
                            + "activity that the subspace captures");
                } else if (!Double.isNaN(t)) {
                    p = ActivitySubspaceProjector.energy(t);
                }
            }
        } else {
            o.allow("vectors", "threshold", "rankPerTask");
        }
        o.finish();
        return problems.size() == before ? p : null;
    }

    /** {@code vectors}: a non-empty array of arrays of {@code pre} finite numbers, none all zero. */
    private static Projector complement(Obj o, int pre, Problems problems) {
        int before = problems.size();
        List<JsonNode> rows = o.array("vectors", false);
        if (rows.isEmpty() && o.raw("vectors").isArray()) {
            problems.add(o.at("vectors"), o.raw("vectors"), "at least one vector (an array of " + units(pre) + ")");
        }
        ArrayNode resolved = o.resolved().putArray("vectors");
        List<double[]> vectors = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            JsonNode row = rows.get(k);
            String at = o.at("vectors") + "/" + k;
            if (!row.isArray() || (pre > 0 && row.size() != pre)) {
                problems.add(at, row, "an array of " + units(pre));
                continue;
            }
            double[] v = new double[row.size()];
            boolean zero = true;
            ArrayNode rr = resolved.addArray();
            for (int j = 0; j < v.length; j++) {
                JsonNode x = row.get(j);
                if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                    problems.add(at + "/" + j, x, "a finite number");
                    continue;
                }
                v[j] = x.asDouble();
                zero &= v[j] == 0;
                rr.add(v[j]);
            }
            if (zero && v.length > 0) {
                problems.add(at, row, "a non-zero vector");
            }
            if (pre < 0 && !vectors.isEmpty() && v.length != vectors.get(0).length) {
                problems.add(at, row, "an array of " + vectors.get(0).length + " numbers, like vectors/0");
            }
            vectors.add(v);
        }
        return problems.size() == before && !vectors.isEmpty() ? new ComplementProjector(vectors) : null;
    }

    private static String units(int pre) {
        return pre > 0 ? pre + " numbers (one per presynaptic unit)" : "numbers (one per presynaptic unit)";
    }
}
