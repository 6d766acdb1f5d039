package org.spinel.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.spinel.experiments.SpinelVersion;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The provenance record of a run ({@code manifest.json}), written by the framework for every protocol: the resolved
 * experiment (its {@code --quick} reductions included), Spinel version and git commit, Java, OS, cores, the protocol,
 * backend with the reason it was chosen and the device, threads, seed, quick mode, start/end and wall time, the
 * experiment hash, the datasets read (by SHA-256), every file of the run directory and the metrics. Re-running the
 * manifest reproduces the run.
 *
 * @param id        run id (directory name)
 * @param execution where the run ran
 * @param start     start time
 * @param startNano {@link System#nanoTime()} at the start (for the wall time)
 * @param hash      the experiment hash of the directory name ({@link Identity})
 * @param datasets  the dataset files read: {@code [{"role", "file", "bytes", "sha256"}]}
 */
public record Manifest(String id, Outcome.Execution execution, Instant start, long startNano, String hash,
        ArrayNode datasets) {

    /** Writes {@code manifest.json} into {@code dir} for experiment {@code e}. */
    public void write(Path dir, Experiment e, List<String> files, ObjectNode metrics) throws IOException {
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        ObjectNode info = m.putObject("manifest");
        info.put("id", id);
        info.put("spinel", SpinelVersion.version());
        info.put("git_commit", GitCommit.get());
        info.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        info.put("cores", Runtime.getRuntime().availableProcessors());
        info.put("protocol", e.protocol());
        info.put("backend", execution.backend());
        info.put("backend_reason", execution.reason());
        info.put("device", execution.device());
        info.put("threads", e.threads());
        info.put("seed", e.seed());
        info.put("quick", e.quick());
        info.put("start", start.toString());
        info.put("end", Instant.now().toString());
        info.put("wall_s", (System.nanoTime() - startNano) / 1e9);
        info.put("experiment_hash", hash);
        info.set("datasets", datasets);
        var fa = info.putArray("files");
        files.forEach(fa::add);
        m.set("experiment", e.resolved());
        m.set("metrics", metrics);
        writeJson(dir.resolve("manifest.json"), m);
    }

    /** Writes {@code node} as indented JSON. */
    public static void writeJson(Path file, Object node) throws IOException {
        Files.writeString(file, ExperimentReader.MAPPER.writer()
                .with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }
}
