package org.spinel.experiments.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Parses quantities such as {@code "20 ms"}, {@code "1.62 mV"}, {@code "5 Hz"} or a bare number in the default unit. */
public final class Quantity {
    private static final Pattern Q = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([^\\s\\d].*?)?\\s*");

    private Quantity() {
    }

    /** Value in the default unit of {@code dim}, or NaN after recording a problem. */
    public static double parse(JsonNode v, Dimension dim, String pointer, Problems problems) {
        if (v.isNumber()) {
            double x = v.asDouble();
            if (!Double.isFinite(x)) {
                problems.add(pointer, v, dim.label());
                return Double.NaN;
            }
            return x;
        }
        if (!v.isTextual()) {
            problems.add(pointer, v, dim.label());
            return Double.NaN;
        }
        Matcher m = Q.matcher(v.asText());
        if (!m.matches()) {
            problems.add(pointer, v, dim.label());
            return Double.NaN;
        }
        double x = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit == null || unit.isEmpty()) {
            return x;
        }
        Double f = dim.factor(unit);
        if (f == null) {
            Dimension other = Dimension.ofSymbol(unit);
            problems.add(pointer, v, dim.label() + (other != null ? "; \"" + unit + "\" is a unit of "
                    + other.name().toLowerCase() + ", not " + dim.name().toLowerCase() : "; unknown unit \"" + unit + "\""));
            return Double.NaN;
        }
        return x * f;
    }
}
