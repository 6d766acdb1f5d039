package org.spinel.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.SpinelCli;
import org.spinel.experiments.run.Identity;
import org.spinel.experiments.spec.ExperimentReader;

/**
 * Provenance fit for many machines: a sweep's directory and its points' identities do not depend on the execution
 * settings a machine chooses (the default {@code parallel} is half its cores; {@code threads} never changes a
 * result), so the same sweep resumes into the same directory wherever it runs.
 */
class SweepIdentityTest {
    @TempDir
    Path tmp;

    private static List<Path> sweeps(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("sw"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sweep-")).toList();
        }
    }

    /** "point-id experiment-hash" of each point's run directory, sorted. */
    private static List<String> pointIdentities(Path sweep) throws Exception {
        List<String> out = new ArrayList<>();
        for (CSVRecord r : SweepIndex.read(sweep.resolve("index.csv"))) {
            String runDir = Path.of(r.get("run_dir")).getFileName().toString();
            out.add(r.get("point") + " " + runDir.substring(runDir.lastIndexOf('-') + 1));
        }
        out.sort(null); // the index lists points in the order they finished
        return out;
    }

    @Test
    void sweepDirectoryAndPointIdentitiesAreEqualForAnyParallelismAndThreadCount() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, SweepTest.experiment(30, "10 ms", "[\"200 pA\", \"300 pA\"]", "[1, 2]", 1)
                .replace(", \"parallel\": 1", ""));
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", a.toString(), "--no-progress", "--set",
                "/sweep/parallel=1"));
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", b.toString(), "--no-progress", "--set",
                "/sweep/parallel=3", "--threads", "2"));
        Path sa = sweeps(a).get(0), sb = sweeps(b).get(0);
        assertEquals(sa.getFileName(), sb.getFileName(), "the sweep's directory name");
        assertEquals(pointIdentities(sa), pointIdentities(sb), "the points' identities");
        assertEquals(4, pointIdentities(sa).size());
        // The same sweep with another parallelism (as on a machine with other cores: the default) resumes into the
        // directory of the first: every point is already done.
        assertEquals(0, SpinelCli.execute("sweep", f.toString(), "--out", a.toString(), "--no-progress", "--set",
                "/sweep/parallel=2"));
        assertEquals(1, sweeps(a).size());
        assertEquals(4, SweepIndex.read(sa.resolve("index.csv")).size(), "nothing ran again");
    }

    @Test
    void theIdentityLeavesOutOnlyExecutionSettings() throws Exception {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, SweepTest.experiment(30, "10 ms", "[200, 300]", "[1]", 1));
        var one = ExperimentReader.read(f, Map.of()).resolved();
        var other = ExperimentReader.read(f, Map.of("/sweep/parallel", "7", "/threads", "4")).resolved();
        assertNotEquals(one, other, "the resolved documents record the settings");
        assertEquals(Identity.hash(one), Identity.hash(other));
        var seed = ExperimentReader.read(f, Map.of("/seed", "2")).resolved();
        assertNotEquals(Identity.hash(one), Identity.hash(seed), "a setting that changes results changes the identity");
        var quick = ExperimentReader.read(f, Map.of("/quick", "true")).resolved();
        assertNotEquals(Identity.hash(one), Identity.hash(quick), "a quick run is another experiment");
    }

    /**
     * A dataset's directory is a place on one machine: the identity leaves it out (the manifest identifies the data
     * by the SHA-256 of its files), so a sweep over a dataset resumes on a machine that keeps it elsewhere.
     */
    @Test
    void theIdentityLeavesOutTheDatasetsDirectory() {
        Path example = Path.of("examples", "sg-fmnist.json");
        var here = ExperimentReader.read(example, Map.of("/protocol/dataset/directory", "\"/data/fashion-mnist\""));
        var there = ExperimentReader.read(example, Map.of("/protocol/dataset/directory", "\"/scratch/u/fmnist\""));
        assertNotEquals(here.resolved(), there.resolved());
        assertEquals(Identity.hash(here.resolved()), Identity.hash(there.resolved()));
        var lsmHere = ExperimentReader.read(Path.of("examples", "nalsm1000-fmnist.json"),
                Map.of("/protocol/dataset/directory", "\"/data/a\""));
        var lsmThere = ExperimentReader.read(Path.of("examples", "nalsm1000-fmnist.json"),
                Map.of("/protocol/dataset/directory", "\"/data/b\""));
        assertEquals(Identity.hash(lsmHere.resolved()), Identity.hash(lsmThere.resolved()));
        var epochs = ExperimentReader.read(example, Map.of("/protocol/epochs", "3"));
        assertNotEquals(Identity.hash(here.resolved()), Identity.hash(epochs.resolved()));
    }
}
