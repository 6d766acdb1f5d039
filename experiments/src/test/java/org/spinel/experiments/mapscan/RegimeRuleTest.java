package org.spinel.experiments.mapscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.run.ExperimentRunner;

/**
 * The regime rule of map scans (docs/reproductions/chialvo-ring-star.md, section 1): when λ_max is computed it alone
 * separates chaos from quasi-periodicity (λ_max above the tolerance), and the 0-1 test K is a second diagnostic that
 * converges more slowly on weak chaos. Pinned on a point of the k0 scan of the N = 4 ring-star that is chaotic with
 * K &lt; 0.5 on 10 000 measured iterations: ten times the orbit gives the same λ_max and K &gt; 0.9. Without λ_max
 * the regime falls back on K &gt; 0.5, and the short orbit is then labelled quasi-periodic.
 */
class RegimeRuleTest {
    /** The 469th of the k0 scan's 1000 points (0.015 + 469 · 0.045/999): λ_max ≈ 0.0088, K ≈ 0.44. */
    static final String K0 = "0.036036036036036036";
    @TempDir
    Path tmp;

    Map<String, String> orbit(int iterations, String measures) throws Exception {
        var e = MapScanTest.read("chialvo-n4-k0-scan", Map.of("/protocol/parameters/0",
                "{\"path\": \"/populations/0/model/k0\", \"values\": [" + K0 + "]}", "/protocol/iterations",
                Integer.toString(iterations), "/protocol/measures", measures));
        var r = ExperimentRunner.run(e, tmp.resolve("runs" + iterations + measures.length()),
                new ExperimentRunner.Options(false, false, null));
        List<Map<String, String>> rows = MapScanTest.rows(r.directory());
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    static double d(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void positiveLyapunovExponentDecidesChaosWhereTheZeroOneTestHasNotConverged() throws Exception {
        Map<String, String> shortOrbit = orbit(20000, "[\"lyapunov\", \"zero-one\", \"period\"]");
        assertEquals("0", shortOrbit.get("period"), "no period up to maxPeriod");
        assertTrue(d(shortOrbit, "lyapunov") > 0.005, "λ_max above the tolerance: " + shortOrbit.get("lyapunov"));
        assertTrue(d(shortOrbit, "zero_one") < 0.5, "the 0-1 test reads regular on 10 000 iterations: "
                + shortOrbit.get("zero_one"));
        assertEquals("chaotic", shortOrbit.get("regime"), "λ_max decides");

        Map<String, String> longOrbit = orbit(110000, "[\"lyapunov\", \"zero-one\", \"period\"]");
        assertEquals("chaotic", longOrbit.get("regime"));
        double l1 = d(shortOrbit, "lyapunov"), l2 = d(longOrbit, "lyapunov");
        assertTrue(Math.abs(l2 - l1) < 0.05 * l1, "λ_max has converged on the short orbit: " + l1 + " vs " + l2);
        assertTrue(d(longOrbit, "zero_one") > 0.9, "K on 100 000 iterations: " + longOrbit.get("zero_one"));
    }

    @Test
    void withoutTheLyapunovExponentTheZeroOneTestDecides() throws Exception {
        Map<String, String> row = orbit(20000, "[\"zero-one\", \"period\"]");
        assertEquals("", row.get("lyapunov"), "λ_max not computed");
        assertTrue(d(row, "zero_one") < 0.5);
        assertEquals("quasi-periodic", row.get("regime"), "K <= 0.5 without λ_max: quasi-periodic");
    }
}
