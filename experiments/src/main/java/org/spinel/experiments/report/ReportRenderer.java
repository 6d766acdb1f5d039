package org.spinel.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report: replaces what stands between its markers with what its run files give.
 * <ul>
 * <li>A table: a line {@code <!-- spinel:table NAME -->}, the table, a line {@code <!-- /spinel:table -->}; the
 * lines between are replaced by the table {@code NAME} of the report's {@link ReportContent}.</li>
 * <li>An inline value, on one line: {@code <!-- spinel:value NAME -->text<!-- /spinel:value -->} (a value the
 * report computes) or {@code <!-- spinel:value FILE#SELECTOR FORMAT -->text<!-- /spinel:value -->} (one field of a
 * run file, {@link RunFiles#lookup}, formatted by {@link NumberFormats}).</li>
 * </ul>
 * Everything outside the markers is left as it is. A marker naming nothing, an unclosed marker, or a computed value
 * or table without its marker is an error ({@link ReportException}).
 */
public final class ReportRenderer {
    private static final Pattern VALUE = Pattern.compile(
            "<!-- spinel:value ([^ #]+(?:#\\S+)?)(?: (\\S+))? -->(.*?)<!-- /spinel:value -->");
    private static final Pattern TABLE_OPEN = Pattern.compile("<!-- spinel:table (\\S+) -->");
    private static final String TABLE_CLOSE = "<!-- /spinel:table -->";

    private ReportRenderer() {
    }

    /** Renders {@code report} from the files under {@code root}; returns the new text of its document. */
    public static String render(Path root, Report report) {
        Path doc = root.resolve(report.document());
        String text;
        try {
            text = Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException(report.document() + ": cannot be read: " + e.getMessage(), e);
        }
        RunFiles files = new RunFiles(root, doc.getParent());
        ReportContent content;
        try {
            content = report.content(files);
        } catch (ReportException e) {
            throw new ReportException(report.document() + ": " + e.getMessage(), e);
        }
        return render(text, report.document(), content, files);
    }

    /**
     * Renders {@code text} (the document {@code name}) with {@code content} and {@code files}.
     *
     * @throws ReportException naming the document and line of a bad marker
     */
    public static String render(String text, String name, ReportContent content, RunFiles files) {
        Set<String> usedValues = new HashSet<>(), usedTables = new HashSet<>();
        List<String> lines = List.of(text.split("\n", -1));
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher t = TABLE_OPEN.matcher(line);
            if (t.find()) {
                if (!line.strip().equals(t.group())) {
                    throw new ReportException(name + ":" + (i + 1) + ": a table marker stands on a line of its own");
                }
                String table = content.tables().get(t.group(1));
                if (table == null) {
                    throw new ReportException(name + ":" + (i + 1) + ": no table \"" + t.group(1) + "\" (the renderer "
                            + "has " + content.tables().keySet() + ")");
                }
                int close = i + 1;
                while (close < lines.size() && !lines.get(close).strip().equals(TABLE_CLOSE)) {
                    if (TABLE_OPEN.matcher(lines.get(close)).find()) {
                        throw new ReportException(name + ":" + (close + 1) + ": table marker inside table "
                                + t.group(1));
                    }
                    close++;
                }
                if (close == lines.size()) {
                    throw new ReportException(name + ":" + (i + 1) + ": table " + t.group(1) + " is not closed by "
                            + TABLE_CLOSE);
                }
                if (!usedTables.add(t.group(1))) {
                    throw new ReportException(name + ":" + (i + 1) + ": table " + t.group(1) + " appears twice");
                }
                out.append(line).append('\n').append(table).append('\n').append(lines.get(close));
                i = close;
            } else if (line.strip().equals(TABLE_CLOSE)) {
                throw new ReportException(name + ":" + (i + 1) + ": " + TABLE_CLOSE + " without its opening marker");
            } else {
                out.append(values(line, name, i + 1, content, files, usedValues));
            }
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        Set<String> unusedValues = new HashSet<>(content.values().keySet()), unusedTables = new HashSet<>(
                content.tables().keySet());
        unusedValues.removeAll(usedValues);
        unusedTables.removeAll(usedTables);
        if (!unusedValues.isEmpty() || !unusedTables.isEmpty()) {
            throw new ReportException(name + ": the renderer gives values " + unusedValues + " and tables "
                    + unusedTables + " that the document has no marker for");
        }
        return out.toString();
    }

    private static String values(String line, String name, int lineNo, ReportContent content, RunFiles files,
            Set<String> used) {
        Matcher m = VALUE.matcher(line);
        StringBuilder b = new StringBuilder();
        int found = 0;
        while (m.find()) {
            found++;
            String spec = m.group(1), format = m.group(2), text;
            if (spec.contains("#")) {
                if (format == null) {
                    throw new ReportException(name + ":" + lineNo + ": value " + spec
                            + " needs a format (f2, pct1, ...)");
                }
                try {
                    text = NumberFormats.format(files.lookup(spec), format);
                } catch (ReportException e) {
                    throw new ReportException(name + ":" + lineNo + ": " + e.getMessage(), e);
                }
            } else {
                if (format != null) {
                    throw new ReportException(name + ":" + lineNo + ": computed value " + spec + " takes no format");
                }
                text = content.values().get(spec);
                if (text == null) {
                    throw new ReportException(name + ":" + lineNo + ": no value \"" + spec + "\" (the renderer has "
                            + content.values().keySet() + ")");
                }
                used.add(spec);
            }
            String open = "<!-- spinel:value " + spec + (format == null ? "" : " " + format) + " -->";
            m.appendReplacement(b, Matcher.quoteReplacement(open + text + "<!-- /spinel:value -->"));
        }
        m.appendTail(b);
        int opened = count(line, "<!-- spinel:value "), closed = count(line, "<!-- /spinel:value -->");
        if (opened != found || closed != found) {
            throw new ReportException(name + ":" + lineNo + ": malformed value marker (expected "
                    + "<!-- spinel:value NAME -->text<!-- /spinel:value --> or "
                    + "<!-- spinel:value FILE#SELECTOR FORMAT -->text<!-- /spinel:value --> on one line)");
        }
        return b.toString();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
