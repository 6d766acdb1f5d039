package org.spinel.experiments.spec;

import org.spinel.networks.topology.ValueDistribution;
import org.spinel.networks.topology.Values;

import com.fasterxml.jackson.databind.JsonNode;

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
