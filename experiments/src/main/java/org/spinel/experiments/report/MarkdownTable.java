package org.spinel.experiments.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown pipe table: a header row, the separator, then rows of cells (a {@code |} in a cell is escaped). */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header the column titles */
    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row of as many cells as columns; returns this. */
    public MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        line(b, header);
        b.append('\n').append('|');
        for (int i = 0; i < header.size(); i++) {
            b.append("---|");
        }
        for (List<String> r : rows) {
            b.append('\n');
            line(b, r);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
    }
}
