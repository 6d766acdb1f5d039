package org.spinel.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Rows of a map scan's {@code scan.csv} (or any CSV run file) with numeric access and filtering. */
final class ScanRows {
    private final String file;
    private final List<Map<String, String>> rows;

    ScanRows(RunFiles.Csv csv) {
        this(csv.file(), csv.rows());
    }

    private ScanRows(String file, List<Map<String, String>> rows) {
        this.file = file;
        this.rows = rows;
    }

    int size() {
        return rows.size();
    }

    Map<String, String> row(int i) {
        return rows.get(i);
    }

    /** The rows for which {@code p} holds. */
    ScanRows where(Predicate<Map<String, String>> p) {
        List<Map<String, String>> kept = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (p.test(r)) {
                kept.add(r);
            }
        }
        return new ScanRows(file, kept);
    }

    /** The rows whose column {@code column} equals {@code value}. */
    ScanRows where(String column, String value) {
        return where(r -> value.equals(text(r, column)));
    }

    /** The column as numbers (an empty cell is NaN). */
    double[] column(String column) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(rows.get(i), column);
        }
        return v;
    }

    String text(Map<String, String> r, String column) {
        String s = r.get(column);
        if (s == null) {
            throw new ReportException(file + ": no column \"" + column + "\"");
        }
        return s;
    }

    double number(Map<String, String> r, String column) {
        String s = text(r, column);
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
