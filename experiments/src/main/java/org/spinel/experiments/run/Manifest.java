package org.spinel.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.spinel.experiments.SpinelVersion;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The provenance record of a run ({@code manifest.json}): the resolved experiment, Spinel version and git commit,
 * Java, OS, cores, backend with the reason it was chosen and the device, threads, seed, quick mode, start/end and
 * wall time, the files written and the metrics. Re-running the manifest reproduces the run.
 *
 * @param id        run id (directory name)
 * @param backend   backend name
 * @param reason    why this backend ran
 * @param device    the device it ran on, in words
 * @param quick     whether the run was shortened (--quick)
 * @param start     start time
 * @param startNano {@link System#nanoTime()} at the start (for the wall time)
 * @param hash      the experiment hash of the directory name
 */
public record Manifest(String id, String backend, String reason, String device, boolean quick, Instant start,
        long startNano, String hash) {

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
        info.put("backend", backend);
        info.put("backend_reason", reason);
        info.put("device", device);
        info.put("threads", e.threads());
        info.put("seed", e.seed());
        info.put("quick", quick);
        info.put("start", start.toString());
        info.put("end", Instant.now().toString());
        info.put("wall_s", (System.nanoTime() - startNano) / 1e9);
        info.put("experiment_hash", hash);
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
