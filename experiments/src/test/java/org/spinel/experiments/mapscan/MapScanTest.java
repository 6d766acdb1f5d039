package org.spinel.experiments.mapscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.results.analysis.Stability;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The map-scan protocol: the bifurcation classification of the fixed point agrees with direct simulation just past
 * each loss of stability, divergent points are recorded while the scan completes, results do not depend on the
 * thread count, coexisting attractors are told apart, and bad input names its field.
 */
class MapScanTest {
    static final Path EXAMPLES = Path.of("examples");
    @TempDir
    Path tmp;

    static Experiment read(String example, Map<String, String> overrides) {
        return ExperimentReader.read(EXAMPLES.resolve(example + ".json"), overrides);
    }

    static List<Map<String, String>> rows(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("scan.csv"));
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> out = new java.util.ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] v = l.split(",", -1);
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], v[i]);
            }
            out.add(m);
        }
        return out;
    }

    ExperimentRunner.Result run(Experiment e) throws Exception {
        return ExperimentRunner.run(e, tmp.resolve("runs"), new ExperimentRunner.Options(false, false, null));
    }

    /** Index of the first row whose fixed point is unstable. */
    static int firstUnstable(List<Map<String, String>> rows) {
        for (int r = 0; r < rows.size(); r++) {
            if (Double.parseDouble(rows.get(r).get("fp_radius")) > 1) {
                return r;
            }
        }
        return -1;
    }

    @Test
    void flipOfTheFixedPointIsFollowedByAPeriodTwoOrbit() throws Exception {
        var r = run(read("chialvo-n4-mu-scan", Map.of("/protocol/parameters/0/from", "0.36", "/protocol/parameters/0/to",
                "0.44", "/protocol/parameters/0/points", "17", "/protocol/iterations", "6000", "/protocol/transient", "3000")));
        List<Map<String, String>> rows = rows(r.directory());
        int u = firstUnstable(rows);
        assertTrue(u > 0, "the fixed point loses stability inside the scanned range");
        assertEquals("fixed-point", rows.get(u - 1).get("regime"), "stable before");
        assertEquals(Integer.toString(Stability.Crossing.PERIOD_DOUBLING.ordinal()), rows.get(u).get("fp_crossing"));
        assertEquals("periodic", rows.get(u).get("regime"), "just past a flip the attractor is periodic");
        assertEquals("2", rows.get(u).get("period"), "with period 2");
    }

    @Test
    void neimarkSackerOfTheFixedPointIsFollowedByAClosedInvariantCurve() throws Exception {
        var r = run(read("chialvo-n4-k0-scan", Map.of("/populations/0/model/b", "0.6", "/protocol/parameters/0/from",
                "0.025", "/protocol/parameters/0/to", "0.035", "/protocol/parameters/0/points", "21")));
        List<Map<String, String>> rows = rows(r.directory());
        int u = firstUnstable(rows);
        assertTrue(u > 0, "the fixed point loses stability inside the scanned range");
        // Well before the crossing the orbit settles on the fixed point; right before it (k0 = 0.030) a closed curve
        // already coexists with the stable fixed point (the Chialvo map's hysteresis), so only the far side is checked.
        assertEquals("fixed-point", rows.get(0).get("regime"));
        assertEquals(Integer.toString(Stability.Crossing.NEIMARK_SACKER.ordinal()), rows.get(u).get("fp_crossing"));
        assertEquals("quasi-periodic", rows.get(u).get("regime"), "a closed invariant curve: no period, λ ≈ 0");
        assertTrue(Math.abs(Double.parseDouble(rows.get(u).get("lyapunov"))) < 0.005);
        assertTrue(Double.parseDouble(rows.get(u).get("zero_one")) < 0.5, "regular by the 0-1 test");
    }

    @Test
    void divergentPointsAreRecordedAndTheScanCompletes() throws Exception {
        var r = run(read("chialvo-n4-mu-scan", Map.of("/protocol/parameters/0/from", "0.40", "/protocol/parameters/0/to",
                "0.50", "/protocol/parameters/0/points", "6", "/protocol/iterations", "3000", "/protocol/transient", "1000")));
        List<Map<String, String>> rows = rows(r.directory());
        assertEquals(6, rows.size(), "every point has a row");
        assertEquals("periodic", rows.get(0).get("regime"));
        Map<String, String> last = rows.get(5);
        assertEquals("diverged", last.get("regime"));
        assertTrue(Integer.parseInt(last.get("diverged_node")) >= 0);
        assertTrue(Long.parseLong(last.get("diverged_iteration")) > 0);
        JsonNode d = r.metrics().path("diverged");
        assertTrue(d.size() > 0 && d.get(0).has("node") && d.get(0).has("iteration") && d.get(0).has("mu"), d.toString());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        Map<String, String> small = Map.of("/protocol/parameters/0/points", "12", "/protocol/iterations", "3000",
                "/protocol/transient", "1000", "/threads", "1");
        Path one = run(read("chialvo-n4-k0-scan", small)).directory();
        Map<String, String> two = new java.util.HashMap<>(small);
        two.put("/threads", "2");
        Path other = ExperimentRunner.run(read("chialvo-n4-k0-scan", two), tmp.resolve("runs2"),
                new ExperimentRunner.Options(false, false, null)).directory();
        assertArrayEquals(Files.readAllBytes(one.resolve("scan.csv")), Files.readAllBytes(other.resolve("scan.csv")));
        assertArrayEquals(Files.readAllBytes(one.resolve("bifurcation.npy")),
                Files.readAllBytes(other.resolve("bifurcation.npy")));
    }

    @Test
    void coexistingChaoticAttractorsAreToldApart() throws Exception {
        var r = run(read("chialvo-n4-coexistence", Map.of("/protocol/initialConditions", "12", "/protocol/iterations",
                "12000", "/protocol/transient", "6000")));
        List<Map<String, String>> rows = rows(r.directory());
        java.util.Set<String> sync = new java.util.HashSet<>(), partial = new java.util.HashSet<>();
        for (Map<String, String> row : rows) {
            assertEquals("chaotic", row.get("regime"));
            double gamma = Double.parseDouble(row.get("cross_correlation"));
            // Bimodal: ~1 on the synchronous attractor (an orbit still closing in after the transient may sit at
            // 0.99x), ~0.575 on the partially synchronous ones; 0.9 separates the two.
            (gamma > 0.9 ? sync : partial).add(row.get("attractor"));
        }
        assertFalse(sync.isEmpty() || partial.isEmpty(), "both the synchronous and a partially synchronous attractor");
        assertTrue(java.util.Collections.disjoint(sync, partial), "never one label for both");
        assertEquals(1, sync.size(), "one synchronous chaotic attractor");
        assertTrue(r.metrics().path("max_coexisting_attractors").asInt() >= 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chialvo-n4-k0-scan", "chialvo-n4-mu-scan", "chialvo-n4-coexistence", "chialvo-n4-basins",
            "chialvo-n4-higher-order"})
    void exampleRunsQuickWithItsPlots(String name) throws Exception {
        // The run ExampleOutputsTest compares with its recorded hashes (one run per test JVM).
        Path run = org.spinel.experiments.ExampleRuns.onlyRun(org.spinel.experiments.ExampleRuns.quick(name));
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile()).path("manifest");
        assertEquals("map-scan", m.path("protocol").asText());
        assertTrue(m.path("quick").asBoolean());
        List<String> files = new java.util.ArrayList<>();
        m.path("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.contains("scan.csv") && files.stream().anyMatch(f -> f.endsWith(".png")), files.toString());
        for (String f : files) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
    }

    static String scanDoc(String population, String couplings, String protocol) {
        return "{\"name\": \"t\", \"dt\": 1, \"duration\": 100, \"populations\": [" + population + "], \"couplings\": ["
                + couplings + "], \"protocol\": {\"type\": \"map-scan\", \"population\": \"r\"" + protocol + "}}";
    }

    static final String POP4 = "{\"name\": \"r\", \"size\": 4, \"model\": {\"type\": \"chialvo\"}}";

    static String errorOf(String json) throws Exception {
        Path f = tmp().resolve("bad.json");
        Files.writeString(f, json);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = SpinelCli.execute("validate", f.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code, err.toString());
        return err.toString();
    }

    private static Path tmpDir;

    static Path tmp() throws Exception {
        if (tmpDir == null) {
            tmpDir = Files.createTempDirectory("mapscan-bad");
        }
        return tmpDir;
    }

    @Test
    void badInputNamesTheField() throws Exception {
        String ringStar = "{\"name\": \"c\", \"population\": \"r\", \"graph\": {\"type\": \"ring-star\", \"range\": %d}}";
        assertTrue(errorOf(scanDoc(POP4, String.format(ringStar, 2), "")).contains("/couplings/0/graph/range"),
                "R >= N/2");
        String pop1 = "{\"name\": \"r\", \"size\": 1, \"model\": {\"type\": \"chialvo\"}}";
        assertTrue(errorOf(scanDoc(pop1, "{\"name\": \"c\", \"population\": \"r\", \"graph\": {\"type\": \"explicit\"}}",
                "")).contains("/couplings/0/graph"), "N < 2");
        String tri = "{\"name\": \"c\", \"population\": \"r\", \"graph\": {\"type\": \"explicit\", \"triangles\": "
                + "[[0, 1, 2, 0.1], [0, 1, 7, 0.1]]}}";
        assertTrue(errorOf(scanDoc(POP4, tri, "")).contains("/couplings/0/graph/triangles/1/2"), "missing node");
        String nanK0 = "{\"name\": \"r\", \"size\": 4, \"model\": {\"type\": \"chialvo\", \"k0\": [0.03, 0.03, \"x\", 0.03]}}";
        assertTrue(errorOf(scanDoc(nanK0, String.format(ringStar, 1), "")).contains("/populations/0/model/k0/2"));
        String shortK0 = "{\"name\": \"r\", \"size\": 4, \"model\": {\"type\": \"chialvo\", \"k0\": [0.03, 0.03]}}";
        assertTrue(errorOf(scanDoc(shortK0, String.format(ringStar, 1), "")).contains("/populations/0/model/k0"));
        String badInit = "{\"name\": \"r\", \"size\": 4, \"model\": {\"type\": \"chialvo\"}, \"init\": {\"x\": \"inf\"}}";
        assertTrue(errorOf(scanDoc(badInit, String.format(ringStar, 1), "")).contains("/populations/0/init/x"));
        assertTrue(errorOf(scanDoc(POP4, String.format(ringStar, 1), ", \"parameters\": [{\"path\": "
                + "\"/populations/0/model/nope\", \"values\": [1]}]")).contains("/protocol/parameters/0/path"));
        assertTrue(errorOf(scanDoc(POP4, String.format(ringStar, 1), ", \"measures\": [\"lyapunof\"]"))
                .contains("/protocol/measures/0"));
        assertTrue(errorOf(scanDoc(POP4, String.format(ringStar, 1), ", \"observableNode\": 4"))
                .contains("/protocol/observableNode"));
    }

    @Test
    void aBadValueInsideTheGridFailsBeforeAnythingRuns() throws Exception {
        Experiment e = read("chialvo-n4-k0-scan", Map.of("/protocol/parameters/0/path", "\"/couplings/0/graph/range\"",
                "/protocol/parameters/0/from", "1", "/protocol/parameters/0/to", "3", "/protocol/parameters/0/points", "3"));
        ExperimentException ex = assertThrows(ExperimentException.class, () -> run(e));
        assertTrue(ex.getMessage().contains("/couplings/0/graph/range"), ex.getMessage());
        assertFalse(Files.exists(tmp.resolve("runs").resolve(e.name())) && Files.list(tmp.resolve("runs")
                .resolve(e.name())).findAny().isPresent(), "no run directory");
        assertNotNull(e.mapScan());
    }
}
