package org.spinel.experiments.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trivial protocol that exists only on the test class path (registered in the tests'
 * {@code META-INF/services/org.spinel.experiments.protocol.Protocol}): {@code /protocol/count} (an integer in
 * [1, 100], default 3) lines "echo k" written to {@code echo.txt}, and {@code nested/count.txt}. {@code --quick}
 * reduces the count to at most 2 in the document.
 */
public final class EchoProtocol implements Protocol<Integer> {
    @Override
    public String name() {
        return "test-echo";
    }

    @Override
    public Integer read(ProtocolInput in) {
        Long n = in.protocol().integer("count", 3L, 1, 100);
        return n == null ? null : n.intValue();
    }

    @Override
    public Map<String, JsonNode> quickReductions(Experiment e) {
        Map<String, JsonNode> m = new LinkedHashMap<>(Protocol.super.quickReductions(e));
        if ((Integer) e.settings() > 2) {
            m.put("/protocol/count", IntNode.valueOf(2));
        }
        return m;
    }

    @Override
    public Outcome run(Experiment e, Integer count, RunContext run) throws IOException {
        Path dir = run.directory();
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < count; k++) {
            b.append("echo ").append(k).append('\n');
        }
        Files.writeString(dir.resolve("echo.txt"), b.toString());
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/count.txt"), count + "\n");
        ObjectNode metrics = ExperimentReader.MAPPER.createObjectNode();
        metrics.put("count", count);
        return new Outcome(metrics, new Outcome.Execution("none", "the echo protocol computes nothing", "none"));
    }

    @Override
    public String summary(ObjectNode metrics) {
        return metrics.path("count").asInt() + " echoes";
    }
}
