package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Golden hashes of the examples' outputs: the SHA-256 of every file of a quick run (run directory, or sweep
 * directory with every point's run), normalised where two identical runs legitimately differ, compared with the
 * committed resource {@value #RESOURCE} (next to this class) or, with {@code -Dspinel.recordOutputs=true},
 * written into it ({@code src/test/resources/org/spinel/experiments/}).
 *
 * <p><b>Keys.</b> {@code <example>} (or {@code <example>@fashion-mnist} for a run on the installed dataset), then the
 * path relative to {@code <out>/<example>/} with the run directory name ({@code yyyyMMdd-HHmmss-<hash>}) written
 * {@code run} and the sweep directory name ({@code sweep-<hash>}) written {@code sweep}; a sweep point is
 * {@code sweep/points/<point id>/run/<file>} (point ids are the plan's stable {@code p0000...}). Neither the time
 * nor the experiment hash of a directory name enters a key.
 *
 * <p><b>Normalisation</b> (what two identical runs on one machine, or runs on two machines, may differ in; every
 * other file is hashed byte for byte, PNG plots included: XChart renders them identically run after run):
 * <ul>
 * <li>{@code metrics.json}: hashed after removing every {@linkplain #isTiming(String) timing} key (a key ending in
 * {@code _s}: {@code build_s}, {@code compile_s}, {@code run_s}, {@code wall_s}, ... seconds measured on the clock);
 * every other key and value (spikes, accuracies, losses, rates) counts. The absolute path of the module directory
 * is removed wherever it appears (the {@code lsm-classification} protocol reports its dataset's {@code source} file
 * as an absolute path), so that the hashes hold in any checkout.</li>
 * <li>{@code manifest.json}: only its {@code experiment} part (the resolved experiment) is hashed. The rest is
 * provenance that differs by design: run id, start/end times and wall time, git commit, Java/OS/core count, the
 * device string and the list of files (the protocol framework of issue 18 writes that list once for all protocols);
 * its {@code metrics} part is {@code metrics.json}, hashed on its own.</li>
 * <li>{@code sweep.json} (a sweep's resolved document): hashed without {@code /sweep/parallel}, whose default is
 * half the machine's cores.</li>
 * <li>{@code index.csv} (a sweep's index): hashed without its {@code wall_s} and {@code run_dir} columns (the
 * latter names the timestamped run directory), rows sorted by point (points finish in any order when several run
 * at once). {@code summary.csv} (every point's metrics) and the {@code train} protocol's {@code epochs.csv}: hashed
 * without their timing columns ({@code train_s}, {@code epoch_s}); {@code epochs.npy}, the same table as a matrix,
 * without the same columns (named by the header of its {@code epochs.csv}).</li>
 * <li>{@code checkpoint.h5} of the {@code train} protocol is left out: it is resume state whose layout issue 18
 * item 2 lets change (blocks stored by name with optimiser and projector state); the trained weights it holds are
 * checked through {@code weights.h5} and the {@code weights_*.npy} exports. Hidden files (the sweep's
 * {@code .index.csv.lock}) are left out, and so is a sweep's own {@code manifest.json} (the executor, times and
 * counts of its last invocation; its experiment is {@code sweep.json}, hashed).</li>
 * </ul>
 *
 * <p><b>Re-recording.</b> {@code mvn -B -o -pl experiments -am test -Dtest=ExampleOutputsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dspinel.recordOutputs=true} rewrites the entries of every example it runs
 * (others are kept); only do it for a change that is meant to change results, and say which entries changed.
 */
final class ExampleOutputs {
    /** The resource holding the recorded hashes. */
    static final String RESOURCE = "example-outputs.sha256.json";
    /** The resource in the source tree, rewritten when recording (the tests run in the module directory). */
    static final Path SOURCE = Path.of("src", "test", "resources", "org", "spinel", "experiments", RESOURCE);

    private static final Pattern RUN_DIR = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");
    private static final Pattern SWEEP_DIR = Pattern.compile("sweep-[0-9a-f]{8}");
    /** A sweep's own manifest: provenance of the invocation (executor, times, counts), its experiment is sweep.json. */
    private static final String SWEEP_MANIFEST = "sweep/manifest.json";
    private static final Pattern NPY_2D_F8 = Pattern.compile(
            "\\{'descr': '<f8', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), \\}\\s*");
    private static final Set<String> EXCLUDED = Set.of("checkpoint.h5");
    private static TreeMap<String, TreeMap<String, String>> recordedCache;

    private ExampleOutputs() {
    }

    /** Whether this JVM records ({@code -Dspinel.recordOutputs=true}) rather than compares. */
    static boolean recording() {
        return Boolean.getBoolean("spinel.recordOutputs");
    }

    /**
     * Whether a metrics key or table column is a measured time or speed (seconds on the clock), left out of the hash:
     * one of its {@code _}-separated words (after the last {@code .} of a flattened summary column) is {@code s},
     * {@code ns} or {@code seconds} ({@code run_s}, {@code wall_s}, {@code epoch_s}, {@code orbits_per_s},
     * {@code s_per_1000_samples}, {@code ns_per_node_iteration}, {@code wall_seconds_per_epoch}, ...). No result is
     * named so: {@code presentation_ms}, {@code mean_rate_hz} and the like are hashed.
     */
    static boolean isTiming(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        for (String w : last.split("_")) {
            if (w.equals("s") || w.equals("ns") || w.equals("seconds")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compares (or records) the outputs under {@code exampleOut} ({@code <out>/<example>}) with the recorded entry
     * {@code key}; a mismatch fails naming every differing, missing and unexpected file.
     */
    static synchronized void check(String key, Path exampleOut) {
        TreeMap<String, String> actual = hashes(exampleOut);
        assertTrue(!actual.isEmpty(), key + ": no outputs under " + exampleOut);
        TreeMap<String, TreeMap<String, String>> all = recorded();
        if (recording()) {
            all.put(key, actual);
            write(all);
            return;
        }
        TreeMap<String, String> expected = all.get(key);
        if (expected == null) {
            throw new AssertionError(key + ": no recorded outputs in " + RESOURCE
                    + "; record them with -Dspinel.recordOutputs=true (see ExampleOutputs)");
        }
        List<String> diff = differences(expected, actual);
        if (!diff.isEmpty()) {
            throw new AssertionError(key + ": " + diff.size() + " output file(s) differ from the recorded hashes in "
                    + RESOURCE + " (outputs in " + exampleOut + "):\n  " + String.join("\n  ", diff));
        }
    }

    /** Every recorded entry: example key → relative path → hash. */
    static synchronized TreeMap<String, TreeMap<String, String>> recorded() {
        if (recordedCache == null) {
            try (var in = ExampleOutputs.class.getResourceAsStream(RESOURCE)) {
                recordedCache = in == null ? new TreeMap<>() : ExperimentReader.MAPPER.readValue(in,
                        new TypeReference<TreeMap<String, TreeMap<String, String>>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return recordedCache;
    }

    private static void write(TreeMap<String, TreeMap<String, String>> all) {
        try {
            Files.createDirectories(SOURCE.getParent());
            Files.writeString(SOURCE, ExperimentReader.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all)
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each differing, missing or unexpected file, one line each ({@code path: what}). */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String a = actual.get(e.getKey());
            if (a == null) {
                out.add(e.getKey() + ": missing (recorded " + e.getValue() + ")");
            } else if (!a.equals(e.getValue())) {
                out.add(e.getKey() + ": sha256 " + a + ", recorded " + e.getValue());
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                out.add(k + ": not recorded (sha256 " + actual.get(k) + ")");
            }
        }
        return out;
    }

    /** The normalised hash of every file under {@code exampleOut}, keyed by its normalised relative path. */
    static TreeMap<String, String> hashes(Path exampleOut) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(exampleOut)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = exampleOut.relativize(f);
                String name = f.getFileName().toString();
                boolean hidden = false;
                List<String> parts = new ArrayList<>();
                for (Path c : rel) {
                    String p = c.toString();
                    hidden |= p.startsWith(".");
                    parts.add(RUN_DIR.matcher(p).matches() ? "run" : SWEEP_DIR.matcher(p).matches() ? "sweep" : p);
                }
                String key = String.join("/", parts);
                if (hidden || EXCLUDED.contains(name) || key.equals(SWEEP_MANIFEST)) {
                    continue;
                }
                if (out.put(key, sha256(normalised(f))) != null) {
                    throw new AssertionError("two outputs map to the key " + key + " under " + exampleOut
                            + " (more than one run directory?)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The bytes hashed for one file: the file itself, or its normalised form (see the class comment). */
    static byte[] normalised(Path f) throws IOException {
        String name = f.getFileName().toString();
        switch (name) {
            case "metrics.json": {
                JsonNode m = ExperimentReader.MAPPER.readTree(relativePaths(f));
                removeTimings(m);
                return canonical(m);
            }
            case "manifest.json":
                return canonical(ExperimentReader.MAPPER.readTree(f.toFile()).path("experiment"));
            case "sweep.json": {
                JsonNode d = ExperimentReader.MAPPER.readTree(f.toFile());
                if (d.path("sweep") instanceof ObjectNode sw) {
                    sw.remove("parallel");
                }
                return canonical(d);
            }
            case "index.csv":
                return csv(f, Set.of("wall_s", "run_dir"), true);
            case "summary.csv", "epochs.csv":
                return csv(f, null, false);
            case "epochs.npy":
                return npyColumns(f, csvHeader(f.resolveSibling("epochs.csv")));
            default:
                return Files.readAllBytes(f);
        }
    }

    /**
     * The text of {@code f} with the absolute path of the module directory (the tests' working directory) and its
     * separator removed: a dataset's {@code source} under {@code target/example-runs/} reads the same in any checkout.
     */
    private static String relativePaths(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8).replace(Path.of("").toAbsolutePath() + "/", "");
    }

    private static void removeTimings(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                if (isTiming(it.next())) {
                    it.remove();
                }
            }
        }
        n.forEach(ExampleOutputs::removeTimings);
    }

    private static byte[] canonical(JsonNode n) throws IOException {
        return ExperimentReader.MAPPER.writeValueAsBytes(n);
    }

    /**
     * A CSV table as text without the columns {@code drop} (null: the timing columns), one line per row, rows sorted
     * by their first column if {@code sort}.
     */
    private static byte[] csv(Path f, Set<String> drop, boolean sort) throws IOException {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(relativePaths(f)))) {
            List<String> keep = p.getHeaderNames().stream()
                    .filter(h -> drop == null ? !isTiming(h) : !drop.contains(h)).toList();
            List<String> rows = new ArrayList<>();
            for (CSVRecord r : p.getRecords()) {
                List<String> v = new ArrayList<>();
                keep.forEach(h -> v.add(r.get(h)));
                rows.add(toLine(v));
            }
            if (sort) {
                rows.sort(null);
            }
            return (toLine(keep) + "\n" + String.join("\n", rows)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static List<String> csvHeader(Path f) throws IOException {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(f, StandardCharsets.UTF_8)))) {
            return p.getHeaderNames();
        }
    }

    /**
     * A 2-D {@code <f8} NPY matrix (version 1) whose columns are {@code names}: the names and the row-major values of
     * the columns that are not {@linkplain #isTiming(String) timings}.
     */
    private static byte[] npyColumns(Path f, List<String> names) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
        var m = NPY_2D_F8.matcher(header);
        if (b[6] != 1 || !m.matches()) {
            throw new AssertionError(f + ": expected a version-1 2-D <f8 NPY matrix, found the header " + header);
        }
        int rows = Integer.parseInt(m.group(1)), cols = Integer.parseInt(m.group(2));
        if (b.length != 10 + headerLength + rows * cols * 8) {
            throw new AssertionError(f + ": " + b.length + " bytes for a " + rows + " × " + cols + " matrix");
        }
        if (cols != names.size()) {
            throw new AssertionError(f + ": " + cols + " columns but " + names.size() + " names " + names);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<String> kept = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            if (!isTiming(names.get(c))) {
                kept.add(names.get(c));
            }
        }
        out.write((toLine(kept) + "\n").getBytes(StandardCharsets.UTF_8));
        int data = 10 + headerLength;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!isTiming(names.get(c))) {
                    out.write(b, data + (r * cols + c) * 8, 8);
                }
            }
        }
        return out.toByteArray();
    }

    private static String toLine(List<String> values) {
        try {
            return ExperimentReader.MAPPER.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
