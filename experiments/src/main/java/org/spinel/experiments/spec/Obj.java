package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON object of an experiment: typed getters with defaults that record problems (with JSON pointers) in
 * a shared {@link Problems} instead of throwing, and that copy every value, resolved to its default unit, into a
 * resolved object (the manifest's "fully resolved experiment"). {@link #finish()} reports unknown fields with the
 * nearest valid name.
 */
public final class Obj {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final JsonNode node;
    private final String pointer;
    private final Problems problems;
    private final ObjectNode resolved = F.objectNode();
    private final Set<String> known = new LinkedHashSet<>();
    private final boolean valid;

    /** Wraps {@code node} (reported as not an object if it is not one). */
    public Obj(JsonNode node, String pointer, Problems problems) {
        this.node = node;
        this.pointer = pointer;
        this.valid = node != null && node.isObject();
        if (!valid) {
            problems.add(pointer, node, "a JSON object");
        }
        // Not an object: that is the one problem; its fields' checks would only repeat it.
        this.problems = valid ? problems : new Problems();
    }

    /** JSON pointer of this object. */
    public String pointer() {
        return pointer;
    }

    /** Pointer of a field. */
    public String at(String field) {
        return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    /** The resolved copy, filled as fields are read. */
    public ObjectNode resolved() {
        return resolved;
    }

    /** Whether the field is present (and not null). */
    public boolean has(String field) {
        known.add(field);
        return valid && node.hasNonNull(field);
    }

    /** The raw node of a field (MissingNode when absent). */
    public JsonNode raw(String field) {
        known.add(field);
        return valid ? node.path(field) : F.missingNode();
    }

    /** Marks fields as valid without reading them here. */
    public void allow(String... fields) {
        known.addAll(List.of(fields));
    }

    /** A required or defaulted string; {@code allowed} (optional) restricts the values. */
    public String string(String field, String def, String... allowed) {
        JsonNode v = raw(field);
        if (v.isMissingNode() || v.isNull()) {
            if (def == null) {
                problems.add(at(field), v, allowed.length > 0 ? "one of " + List.of(allowed) : "a string (required)");
                return null;
            }
            resolved.put(field, def);
            return def;
        }
        if (!v.isTextual()) {
            problems.add(at(field), v, "a string");
            return def;
        }
        String s = v.asText();
        if (allowed.length > 0 && !List.of(allowed).contains(s)) {
            String near = Problems.nearest(s, List.of(allowed));
            problems.add(at(field), v, "one of " + List.of(allowed) + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
            return def;
        }
        resolved.put(field, s);
        return s;
    }

    /** A required (def == null) or defaulted integer within [min, max]. */
    public Long integer(String field, Long def, long min, long max) {
        JsonNode v = raw(field);
        if (v.isMissingNode() || v.isNull()) {
            if (def == null) {
                problems.add(at(field), v, "an integer in [" + min + ", " + max + "] (required)");
                return null;
            }
            resolved.put(field, def);
            return def;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))
                || v.isIntegralNumber() && !v.canConvertToLong()) { // beyond 64 bits: asLong would wrap
            problems.add(at(field), v, "an integer in [" + min + ", " + max + "]");
            return def;
        }
        long x = v.asLong();
        if (x < min || x > max) {
            problems.add(at(field), v, "an integer in [" + min + ", " + max + "]");
            return def;
        }
        resolved.put(field, x);
        return x;
    }

    /** An integer as int (see {@link #integer}); returns {@code fallback} after a problem. */
    public int intValue(String field, Integer def, int min, int max, int fallback) {
        Long x = integer(field, def == null ? null : (long) def, min, max);
        return x == null ? fallback : (int) (long) x;
    }

    /** A boolean with a default. */
    public boolean bool(String field, boolean def) {
        JsonNode v = raw(field);
        if (v.isMissingNode() || v.isNull()) {
            resolved.put(field, def);
            return def;
        }
        if (!v.isBoolean()) {
            problems.add(at(field), v, "true or false");
            return def;
        }
        resolved.put(field, v.asBoolean());
        return v.asBoolean();
    }

    /**
     * A quantity in {@code dim} (a string with a unit or a bare number in the default unit) within [min, max] in the
     * default unit; required when {@code def} is null. Returns NaN after a problem.
     */
    public double quantity(String field, Dimension dim, Double def, double min, double max) {
        JsonNode v = raw(field);
        if (v.isMissingNode() || v.isNull()) {
            if (def == null) {
                problems.add(at(field), v, dim.label() + " (required)");
                return Double.NaN;
            }
            resolved.put(field, def);
            return def;
        }
        double x = Quantity.parse(v, dim, at(field), problems);
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (!(x >= min && x <= max)) {
            problems.add(at(field), v, dim.label() + " in " + range(min, max, dim));
            return Double.NaN;
        }
        resolved.put(field, x);
        return x;
    }

    static String range(double min, double max, Dimension dim) {
        String u = dim == Dimension.DIMENSIONLESS ? "" : " " + dim.unit();
        if (max == Double.POSITIVE_INFINITY) {
            return min == 0 ? "[0, ∞)" + u : min == Double.MIN_VALUE ? "(0, ∞)" + u : "[" + min + ", ∞)" + u;
        }
        return "[" + (min == Double.NEGATIVE_INFINITY ? "-∞" : min) + ", " + max + "]" + u;
    }

    /** A nested object (required unless {@code optional}); null when absent and optional. */
    public Obj object(String field, boolean optional) {
        JsonNode v = raw(field);
        if ((v.isMissingNode() || v.isNull()) && optional) {
            return null;
        }
        Obj o = new Obj(v, at(field), problems);
        resolved.set(field, o.resolved);
        return o;
    }

    /** The elements of an array field (empty list when absent and optional). */
    public List<JsonNode> array(String field, boolean optional) {
        JsonNode v = raw(field);
        List<JsonNode> out = new ArrayList<>();
        if (v.isMissingNode() || v.isNull()) {
            if (!optional) {
                problems.add(at(field), v, "an array (required)");
            }
            return out;
        }
        if (!v.isArray()) {
            problems.add(at(field), v, "an array");
            return out;
        }
        v.forEach(out::add);
        return out;
    }

    /** Puts an array of resolved objects under {@code field}. */
    public ArrayNode resolvedArray(String field) {
        ArrayNode a = F.arrayNode();
        resolved.set(field, a);
        return a;
    }

    /** Reports every field that was never asked for, with the nearest known name. */
    public void finish() {
        if (!valid) {
            return;
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) {
                String near = Problems.nearest(f, known);
                problems.addText(at(f), "unknown field \"" + f + "\"", near != null ? "\"" + near + "\" (did you mean it?)"
                        : "one of " + known);
            }
        }
    }
}
