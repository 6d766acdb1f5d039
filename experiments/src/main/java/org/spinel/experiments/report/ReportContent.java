package org.spinel.experiments.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a report's renderer computes from its run files: named inline values ({@code <!-- spinel:value NAME -->}) and
 * named Markdown tables ({@code <!-- spinel:table NAME -->}). Every name must have its marker in the document and
 * every named marker its entry here, so the two cannot silently part.
 */
public final class ReportContent {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> tables = new LinkedHashMap<>();

    /** Adds the inline value {@code name}; returns this. */
    public ReportContent value(String name, String text) {
        if (values.putIfAbsent(name, text) != null) {
            throw new IllegalStateException("value " + name + " given twice");
        }
        return this;
    }

    /** Adds the table {@code name} (Markdown, no trailing newline); returns this. */
    public ReportContent table(String name, MarkdownTable table) {
        if (tables.putIfAbsent(name, table.toString()) != null) {
            throw new IllegalStateException("table " + name + " given twice");
        }
        return this;
    }

    /** The named values, in the order given. */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** The named tables, in the order given. */
    public Map<String, String> tables() {
        return java.util.Collections.unmodifiableMap(tables);
    }
}
