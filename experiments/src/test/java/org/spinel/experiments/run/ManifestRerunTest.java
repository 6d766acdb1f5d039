package org.spinel.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 23 item 3: {@code spinel run <run>/manifest.json} of a {@code --quick} run reproduces that run, for every
 * protocol: the same files, byte for byte, except what records wall-clock time (the manifest; the timing fields of
 * metrics.json; the {@code train_s} and {@code epoch_s} columns of the train protocol's epoch table, also kept in its
 * checkpoint). The manifest identifies the datasets read by SHA-256.
 */
class ManifestRerunTest {
    private static final Path EXAMPLES = Path.of("examples");
    /** Columns of the train protocol's epochs.csv/npy that hold seconds. */
    private static final Set<String> TIMING_COLUMNS = Set.of("train_s", "epoch_s");

    @TempDir
    Path tmp;

    private static void cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = SpinelCli.execute(args);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        assertEquals(0, code, err.toString());
    }

    private static Path onlyRun(Path parent) throws Exception {
        try (var s = Files.list(parent)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuba", "chialvo-n4-k0-scan", "nalsm1000-fmnist", "sg-fmnist"})
    void reRunningTheManifestOfAQuickRunReproducesItsExports(String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", EXAMPLES.resolve(name + ".json").toString(), "--quick",
                "--no-progress", "--out", tmp.resolve("first").toString()));
        boolean data = name.equals("nalsm1000-fmnist") || name.equals("sg-fmnist");
        if (name.equals("nalsm1000-fmnist")) {
            Path d = org.spinel.experiments.lsm.TinyImages.write(tmp.resolve("data"), 60, 20, 28, 28, 10, 3);
            args.addAll(List.of("--set", "/protocol/dataset/directory=" + d, "--set", "/protocol/quick/train=20",
                    "--set", "/protocol/quick/validation=10", "--set", "/protocol/quick/test=10", "--set",
                    "/protocol/quick/initialization=10", "--set", "/protocol/quick/epochs=3", "--set",
                    "/protocol/branching/samples=3", "--set", "/duration=\"50 ms\""));
        } else if (name.equals("sg-fmnist")) {
            Path d = org.spinel.experiments.train.TinyImages.write(tmp.resolve("data"), 300, 60);
            args.addAll(List.of("--set", "/protocol/dataset/directory=" + d));
        }
        cli(args.toArray(String[]::new));
        Path first = onlyRun(tmp.resolve("first").resolve(name));
        JsonNode manifest = ExperimentReader.MAPPER.readTree(first.resolve("manifest.json").toFile());
        assertTrue(manifest.path("experiment").path("quick").asBoolean(), "the manifest's experiment is the quick one");

        cli("run", first.resolve("manifest.json").toString(), "--no-progress", "--out", tmp.resolve("again").toString());
        Path again = onlyRun(tmp.resolve("again").resolve(name));
        JsonNode manifest2 = ExperimentReader.MAPPER.readTree(again.resolve("manifest.json").toFile());
        assertEquals(manifest.path("experiment"), manifest2.path("experiment"), "the same resolved experiment");
        assertEquals(manifest.path("manifest").path("experiment_hash"), manifest2.path("manifest").path("experiment_hash"));
        assertEquals(files(first), files(again));
        for (String f : files(first)) {
            Path a = first.resolve(f), b = again.resolve(f);
            switch (f) {
                case "manifest.json", "checkpoint.h5" -> {
                    // provenance and the checkpoint's history record wall-clock times; its weights are weights.h5's
                }
                case "metrics.json" -> assertEquals(withoutTiming(ExperimentReader.MAPPER.readTree(a.toFile())),
                        withoutTiming(ExperimentReader.MAPPER.readTree(b.toFile())), f);
                case "epochs.csv" -> assertEquals(csvWithoutTiming(a), csvWithoutTiming(b), f);
                case "epochs.npy" -> assertArrayEquals(npyWithoutTiming(a, name), npyWithoutTiming(b, name), f);
                default -> assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), f + " byte for byte");
            }
        }
        JsonNode datasets = manifest.path("manifest").path("datasets");
        if (data) {
            assertEquals(4, datasets.size(), datasets.toString());
            for (JsonNode d : datasets) {
                byte[] bytes = Files.readAllBytes(Path.of(d.path("file").asText()));
                assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                        d.path("sha256").asText(), d.toString());
                assertEquals(bytes.length, d.path("bytes").asLong());
            }
            assertEquals(datasets, manifest2.path("manifest").path("datasets"));
        } else {
            assertEquals(0, datasets.size());
        }
    }

    /**
     * A copy without wall-clock fields: names ending in {@code _s}, holding {@code seconds}, or starting
     * {@code s_per_} or {@code ns_per_}.
     */
    static JsonNode withoutTiming(JsonNode n) {
        JsonNode c = n.deepCopy();
        strip(c);
        return c;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (f.endsWith("_s") || f.contains("seconds") || f.startsWith("s_per_") || f.startsWith("ns_per_")) {
                    it.remove();
                } else {
                    strip(o.get(f));
                }
            }
        } else if (n.isArray()) {
            n.forEach(ManifestRerunTest::strip);
        }
    }

    private static List<List<String>> csvWithoutTiming(Path f) throws Exception {
        List<String> lines = Files.readAllLines(f);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> row = new ArrayList<>();
            for (int c = 0; c < cells.length; c++) {
                if (!TIMING_COLUMNS.contains(header.get(c))) {
                    row.add(cells[c]);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** The NPY header and the float64 cells of the non-timing columns of the train protocol's epoch table. */
    private static byte[] npyWithoutTiming(Path f, String name) throws Exception {
        byte[] all = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerEnd = 10 + Short.toUnsignedInt(bb.getShort(8));
        assertTrue(new String(all, 10, headerEnd - 10).contains("'<f8'"), name);
        List<String> cols = org.spinel.experiments.train.TrainProtocolAccess.historyColumns();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, headerEnd);
        int cells = (all.length - headerEnd) / 8;
        for (int k = 0; k < cells; k++) {
            if (!TIMING_COLUMNS.contains(cols.get(k % cols.size()))) {
                out.write(all, headerEnd + 8 * k, 8);
            }
        }
        return out.toByteArray();
    }
}
