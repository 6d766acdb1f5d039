package org.spinel.experiments.spec;

import org.spinel.networks.topology.PerNeuronValues;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.networks.topology.Values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads a value distribution (weights, delays, initial values): a quantity (constant) or an object
 * {@code {"dist": "constant"|"uniform"|"normal"|"lognormal"|"random-sign", ...}} whose parameters are quantities of the same
 * dimension; each maps to one {@link Values} factory.
 */
public final class Distributions {
    /** Distribution names. */
    public static final String[] TYPES = {"constant", "uniform", "normal", "lognormal", "random-sign"};

    private Distributions() {
    }

    /**
     * Reads the array {@code parent.field} as one value per neuron (a population's initial state set node by node):
     * {@code size} quantities of {@code dim} (numbers in its default unit, or strings with a unit), each finite. The
     * length is checked only when {@code size} is known (null: the population's size is itself in error). Records the
     * values in the default unit in the resolved document. Returns null after a problem, which names the array (wrong
     * length) or the element (not a finite quantity).
     */
    public static PerNeuronValues readPerNeuron(Obj parent, String field, Dimension dim, Integer size, Problems problems) {
        JsonNode v = parent.raw(field);
        parent.allow(field);
        if (v.isEmpty() || (size != null && v.size() != size)) {
            problems.add(parent.at(field), v, "one value per neuron: an array of " + (size == null ? "values"
                    : size + " values (the population's size)") + ", each " + dim.label());
            return null;
        }
        double[] values = new double[v.size()];
        boolean ok = true;
        for (int i = 0; i < values.length; i++) {
            String at = parent.at(field) + "/" + i;
            JsonNode e = v.get(i);
            double x = Quantity.parse(e, dim, at, problems);
            if (Double.isNaN(x)) {
                ok = false;
            } else if (!Double.isFinite(x)) { // a string such as "1e999 mV"
                problems.add(at, e, "a finite value: " + dim.label());
                ok = false;
            }
            values[i] = x;
        }
        if (!ok) {
            return null;
        }
        ArrayNode resolved = parent.resolved().putArray(field);
        for (double x : values) {
            resolved.add(x);
        }
        return Values.perNeuron(values);
    }

    /**
     * Reads {@code parent.field}; a constant must lie in [min, max]. Returns null when absent and {@code def} is null
     * (the caller decides whether that is a problem), or after a problem.
     */
    public static ValueDistribution read(Obj parent, String field, Dimension dim, Double def, double min, double max,
            Problems problems) {
        JsonNode v = parent.raw(field);
        if (v.isMissingNode() || v.isNull() || !v.isObject()) {
            if ((v.isMissingNode() || v.isNull()) && def == null) {
                return null;
            }
            double x = parent.quantity(field, dim, def, min, max);
            return Double.isNaN(x) ? null : Values.constant(x);
        }
        Obj o = parent.object(field, false);
        String type = o.string("dist", null, TYPES);
        if (type == null) {
            o.allow("value", "low", "high", "mean", "sd", "magnitude");
            return null;
        }
        int before = problems.size();
        ValueDistribution d;
        try {
            d = switch (type) {
                case "constant" -> Values.constant(o.quantity("value", dim, null, min, max));
                case "uniform" -> {
                    double lo = o.quantity("low", dim, null, min, max), hi = o.quantity("high", dim, null, min, max);
                    if (lo > hi) {
                        problems.add(o.at("high"), o.raw("high"), "a value >= low (" + lo + " " + dim.unit() + ")");
                    }
                    yield Values.uniform(lo, hi);
                }
                case "normal" -> {
                    double mean = o.quantity("mean", dim, null, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                    double sd = o.quantity("sd", dim, null, 0, Double.POSITIVE_INFINITY);
                    boolean bounded = o.has("low") || o.has("high") || min > Double.NEGATIVE_INFINITY
                            || max < Double.POSITIVE_INFINITY;
                    if (bounded) {
                        double lo = o.quantity("low", dim, min == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : min, min, max);
                        double hi = o.quantity("high", dim, max == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : max, min, max);
                        yield Values.normal(mean, sd, lo, hi);
                    }
                    yield Values.normal(mean, sd);
                }
                case "random-sign" -> Values.randomSign(o.quantity("magnitude", dim, null, 0, Double.POSITIVE_INFINITY));
                default -> Values.lognormalFromMean(o.quantity("mean", dim, null, Double.MIN_VALUE, Double.POSITIVE_INFINITY),
                        o.quantity("sd", dim, null, 0, Double.POSITIVE_INFINITY));
            };
        } catch (IllegalArgumentException e) {
            if (problems.size() == before) {
                problems.addText(o.pointer(), "invalid distribution", e.getMessage());
            }
            return null;
        }
        o.finish();
        return problems.size() == before ? d : null;
    }
}
