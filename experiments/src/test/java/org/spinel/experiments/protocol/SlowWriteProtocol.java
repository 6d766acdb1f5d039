package org.spinel.experiments.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol on the test class path only ({@code test-slow-write}) that stands for a long export: it writes
 * {@code /protocol/files} files (1 KiB each, in nested directories created as it goes, as the exporters do) into
 * its working directory, one every 20 ms, so that a signal can be sent while a run is writing (the race of the
 * shutdown hook with a writer that keeps creating files and directories).
 */
public final class SlowWriteProtocol implements Protocol<Integer> {
    @Override
    public String name() {
        return "test-slow-write";
    }

    @Override
    public Integer read(ProtocolInput in) {
        Long n = in.protocol().integer("files", 10L, 1, 100_000);
        return n == null ? null : n.intValue();
    }

    @Override
    public Outcome run(Experiment e, Integer files, RunContext run) throws IOException {
        Path dir = run.directory();
        byte[] kib = new byte[1024];
        for (int k = 0; k < files; k++) {
            Path sub = Files.createDirectories(dir.resolve("part-" + k / 10));
            Files.write(sub.resolve("file-" + k + ".bin"), kib);
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
        ObjectNode metrics = ExperimentReader.MAPPER.createObjectNode();
        metrics.put("files", files);
        return new Outcome(metrics, new Outcome.Execution("none", "the slow-write protocol computes nothing", "none"));
    }

    @Override
    public String summary(ObjectNode metrics) {
        return metrics.path("files").asInt() + " files";
    }
}
