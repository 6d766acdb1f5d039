package org.spinel.experiments.cli;

import java.util.Map;

/** Minimal one-line JSON for flat maps of numbers and strings (bench output). */
final class Json {
    private Json() {
    }

    static String line(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number n) {
                double d = n.doubleValue();
                sb.append(v instanceof Double || v instanceof Float ? (Double.isFinite(d) ? String.format("%.6g", d).trim() : "null")
                        : n.toString());
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
