package org.spinel.experiments.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The committed run files a report is rendered from, read once each: JSON (metrics, manifests), JSON lines
 * (benchmark output) and CSV tables (scan tables, epochs, sweep summaries). Paths are relative to the report's
 * directory and must stay inside the repository.
 *
 * <p>A lookup {@code FILE#SELECTOR} picks one value: for {@code .json} the selector is a JSON pointer
 * ({@code metrics.json#/readout/best_epoch}); for {@code .jsonl} and {@code .csv} it is a row, either its 0-based
 * index (negative: from the end, -1 the last) or the first row whose fields equal the given ones
 * ({@code [name=value,other=value]}, numbers compared as numbers), then {@code /} and a JSON pointer into the line
 * or the CSV column name
 * ({@code bench.jsonl#[bench=cuba,threads=2]/loop_s}, {@code epochs.csv#29/test_accuracy}).
 */
public final class RunFiles {
    /** Python's json module writes NaN and Infinity (a diverged reference run): read them as numbers. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final Path root;
    private final Path base;
    private final Map<String, Object> cache = new HashMap<>();
    private final java.util.Set<Path> read = new java.util.TreeSet<>();

    /**
     * @param root the repository root (no file outside it is read)
     * @param base the directory paths are relative to (the report's)
     */
    public RunFiles(Path root, Path base) {
        this.root = root.toAbsolutePath().normalize();
        this.base = base.toAbsolutePath().normalize();
    }

    /** A CSV table: its header and its rows as maps column → text. */
    public record Csv(String file, List<String> header, List<Map<String, String>> rows) {
        /** The column as numbers (an empty cell is NaN). */
        public double[] column(String name) {
            if (!header.contains(name)) {
                throw new ReportException(file + ": no column \"" + name + "\" (columns: " + header + ")");
            }
            double[] v = new double[rows.size()];
            for (int i = 0; i < v.length; i++) {
                String s = rows.get(i).get(name);
                v[i] = s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
            }
            return v;
        }

        /** The column as text. */
        public List<String> text(String name) {
            if (!header.contains(name)) {
                throw new ReportException(file + ": no column \"" + name + "\" (columns: " + header + ")");
            }
            return rows.stream().map(r -> r.get(name)).toList();
        }
    }

    /** The parsed JSON file. */
    public JsonNode json(String file) {
        return (JsonNode) cache.computeIfAbsent("json:" + file, k -> {
            try {
                return JSON.readTree(read(file));
            } catch (IOException e) {
                throw new ReportException(file + ": not valid JSON: " + e.getMessage(), e);
            }
        });
    }

    /** The JSON lines of the file (blank lines skipped). */
    @SuppressWarnings("unchecked")
    public List<JsonNode> jsonl(String file) {
        return (List<JsonNode>) cache.computeIfAbsent("jsonl:" + file, k -> {
            List<JsonNode> lines = new ArrayList<>();
            int n = 0;
            for (String line : read(file).split("\n", -1)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new ReportException(file + ":" + n + ": not valid JSON: " + e.getMessage(), e);
                }
            }
            return lines;
        });
    }

    /** The CSV file with its header row. */
    public Csv csv(String file) {
        return (Csv) cache.computeIfAbsent("csv:" + file, k -> {
            try (Reader r = new java.io.StringReader(read(file))) {
                var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
                List<Map<String, String>> rows = new ArrayList<>();
                for (CSVRecord rec : parser) {
                    rows.add(new LinkedHashMap<>(rec.toMap()));
                }
                return new Csv(file, List.copyOf(parser.getHeaderNames()), List.copyOf(rows));
            } catch (IOException | IllegalArgumentException e) {
                throw new ReportException(file + ": not a CSV table with a header: " + e.getMessage(), e);
            }
        });
    }

    /** The text of {@code file}. */
    public String read(String file) {
        Path p = base.resolve(file).normalize();
        if (!p.startsWith(root)) {
            throw new ReportException(file + ": outside the repository");
        }
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            read.add(p);
            return text;
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such run file (" + root.relativize(p) + ")");
        } catch (IOException e) {
            throw new ReportException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The files read so far (absolute paths), so that a test can check that each is committed. */
    public java.util.Set<Path> filesRead() {
        return java.util.Collections.unmodifiableSet(read);
    }

    /** The value {@code FILE#SELECTOR} names (a number or text). */
    public Object lookup(String spec) {
        int hash = spec.indexOf('#');
        if (hash < 0) {
            throw new ReportException("\"" + spec + "\": expected FILE#SELECTOR");
        }
        String file = spec.substring(0, hash), sel = spec.substring(hash + 1);
        if (file.endsWith(".json")) {
            return scalar(at(json(file), sel, spec), spec);
        }
        boolean csv = file.endsWith(".csv");
        if (!csv && !file.endsWith(".jsonl")) {
            throw new ReportException("\"" + spec + "\": a run file is .json, .jsonl or .csv");
        }
        int slash = sel.startsWith("[") ? sel.indexOf("]/") + 1 : sel.indexOf('/');
        if (slash <= 0) {
            throw new ReportException("\"" + spec
                    + "\": expected ROW/FIELD after # (ROW an index or [name=value,...])");
        }
        String row = sel.substring(0, slash), field = sel.substring(slash);
        if (csv) {
            Csv t = csv(file);
            Map<String, String> r = t.rows().get(rowIndex(row, t.rows().size(), i -> t.rows().get(i)::get, spec));
            String column = field.substring(1);
            if (!t.header().contains(column)) {
                throw new ReportException("\"" + spec + "\": no column \"" + column + "\" (columns: " + t.header()
                        + ")");
            }
            return r.get(column);
        }
        List<JsonNode> lines = jsonl(file);
        JsonNode line = lines.get(rowIndex(row, lines.size(), i -> name -> {
            JsonNode v = lines.get(i).get(name);
            return v == null ? null : v.asText();
        }, spec));
        return scalar(at(line, field, spec), spec);
    }

    private static int rowIndex(String row, int size, java.util.function.IntFunction<java.util.function.Function<String,
            String>> fields, String spec) {
        if (!row.startsWith("[")) {
            int i;
            try {
                i = Integer.parseInt(row);
            } catch (NumberFormatException e) {
                throw new ReportException("\"" + spec + "\": row \"" + row
                        + "\" is neither an index nor [name=value,...]");
            }
            if (i < 0) {
                i += size; // from the end: -1 is the last row
            }
            if (i < 0 || i >= size) {
                throw new ReportException("\"" + spec + "\": row " + i + " of " + size);
            }
            return i;
        }
        String[] conds = row.substring(1, row.length() - 1).split(",");
        for (int i = 0; i < size; i++) {
            boolean all = true;
            for (String c : conds) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new ReportException("\"" + spec + "\": \"" + c + "\" is not name=value");
                }
                if (!same(fields.apply(i).apply(c.substring(0, eq)), c.substring(eq + 1))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return i;
            }
        }
        throw new ReportException("\"" + spec + "\": no row with " + row);
    }

    private static boolean same(String actual, String wanted) {
        if (actual == null) {
            return false;
        }
        if (actual.equals(wanted)) {
            return true;
        }
        try {
            return Double.parseDouble(actual) == Double.parseDouble(wanted);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode at(JsonNode node, String pointer, String spec) {
        JsonNode v;
        try {
            v = node.at(JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            throw new ReportException("\"" + spec + "\": \"" + pointer + "\" is not a JSON pointer");
        }
        if (v.isMissingNode()) {
            throw new ReportException("\"" + spec + "\": nothing at " + pointer);
        }
        return v;
    }

    private static Object scalar(JsonNode v, String spec) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual() || v.isBoolean()) {
            return v.asText();
        }
        throw new ReportException("\"" + spec + "\": not a number or text but " + v.getNodeType());
    }
}
