package org.spinel.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.SpinelCli;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.plasticity.projection.ActivitySubspaceProjector;
import org.spinel.plasticity.projection.ComplementProjector;
import org.spinel.plasticity.projection.HebbianSubspaceProjector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A projection's {@code plasticity.projector} in JSON: read into the pipeline, described by the schema, refused with
 * the pointer of the problem (vector length against the presynaptic source, sparse topology, online pipeline, both
 * criteria), and refused by name on OpenCL, where {@code auto} runs Java and the manifest says why.
 */
class ProjectorJsonTest {
    @TempDir
    Path tmp;

    /** A Poisson source of 3 neurons into 2 LIF neurons, all-to-all, per-trial STDP with {@code projector}. */
    static String doc(String projector, String topology, String application) {
        return "{\"name\": \"proj\", \"duration\": \"20 ms\", \"dt\": \"0.5 ms\", \"backend\": \"auto\", "
                + "\"sources\": [{\"name\": \"input\", \"type\": \"poisson\", \"size\": 3, \"rate\": \"20 Hz\"}], "
                + "\"populations\": [{\"name\": \"E\", \"size\": 2, \"model\": {\"type\": \"lif-cuba\"}}], "
                + "\"projections\": [{\"name\": \"learned\", \"pre\": \"input\", \"post\": \"E\", \"topology\": "
                + topology + ", \"weight\": 1, \"plasticity\": {\"rule\": {\"type\": \"stdp\"}, \"projector\": "
                + projector + ", \"application\": \"" + application + "\"}}]}";
    }

    /** {@link #doc} (dense, per-trial) with {@code "protocol": {"type": "simulate", <fields>}}. */
    static String trials(String projector, String fields) {
        return doc(projector, DENSE, "per-trial").replace("\"backend\": \"auto\", ", "\"backend\": \"auto\", "
                + "\"protocol\": {\"type\": \"simulate\", " + fields + "}, ");
    }

    static final String DENSE = "{\"type\": \"all-to-all\", \"autapses\": true}";
    static final String COMPLEMENT = "{\"type\": \"complement\", \"vectors\": [[1, 1, 0]]}";

    static Experiment read(String json) {
        return ExperimentReader.read(ExperimentReader.parseJson(json, "test"), Map.of());
    }

    @Test
    void projectorsAreReadIntoThePipelineAndTheSchemaAgrees() throws Exception {
        var schema = SchemaTest.schema();
        for (String p : List.of(COMPLEMENT, "{\"type\": \"activity-subspace\"}",
                "{\"type\": \"activity-subspace\", \"threshold\": 0.9}", "{\"type\": \"activity-subspace\", \"rankPerTask\": 2}",
                "{\"type\": \"hlop\", \"rowsPerTask\": [2, 1], \"learningRate\": 0.001, \"seed\": 4}",
                "{\"type\": \"oracle\", \"rowsPerTask\": [2, 1]}")) {
            String json = doc(p, DENSE, "per-trial");
            Experiment e = read(json);
            PlasticityPipeline pipe = e.network().projections().get("learned").plasticity();
            assertEquals(PlasticityPipeline.Application.PER_TRIAL, pipe.application());
            if (p.contains("complement")) {
                assertInstanceOf(ComplementProjector.class, pipe.projector());
            } else if (p.contains("oracle")) {
                assertEquals(org.spinel.plasticity.projection.OracleSubspaceProjector.of(2, 1), pipe.projector());
            } else if (p.contains("hlop")) {
                assertEquals(HebbianSubspaceProjector.builder(2, 1).learningRate(0.001).seed(4).build(), pipe.projector());
            } else {
                ActivitySubspaceProjector a = assertInstanceOf(ActivitySubspaceProjector.class, pipe.projector());
                assertEquals(p.contains("rankPerTask") ? ActivitySubspaceProjector.rankPerTask(2)
                        : ActivitySubspaceProjector.energy(p.contains("0.9") ? 0.9 : 0.97), a);
            }
            assertTrue(schema.validate(ExperimentReader.MAPPER.readTree(json)).isEmpty(), p);
            assertTrue(schema.validate(e.resolved()).isEmpty(), schema.validate(e.resolved()).toString());
            Experiment again = ExperimentReader.read(e.resolved(), Map.of());
            assertEquals(e.resolved().toString(), again.resolved().toString(), "resolving is idempotent");
        }
        JsonNode resolved = read(doc("{\"type\": \"activity-subspace\"}", DENSE, "per-trial")).resolved();
        assertEquals(0.97, resolved.at("/projections/0/plasticity/projector/threshold").asDouble());
        assertTrue(!schema.validate(ExperimentReader.MAPPER.readTree(doc("{\"type\": \"activity-subspace\", "
                + "\"threshold\": 0.9, \"rankPerTask\": 2}", DENSE, "per-trial"))).isEmpty(), "both criteria");
        assertTrue(!schema.validate(ExperimentReader.MAPPER.readTree(doc("{\"type\": \"complement\"}", DENSE,
                "per-trial"))).isEmpty(), "complement without vectors");
    }

    static Stream<Arguments> invalid() {
        String at = "/projections/0/plasticity/projector";
        return Stream.of(
                Arguments.of("vector length vs the source", doc("{\"type\": \"complement\", \"vectors\": [[1, 0, 0], [1, 2]]}",
                        DENSE, "per-trial"), at + "/vectors/1", "3 numbers, one per presynaptic unit"),
                Arguments.of("non-number entry", doc("{\"type\": \"complement\", \"vectors\": [[1, \"x\", 0]]}", DENSE,
                        "per-trial"), at + "/vectors/0/1", "a finite number"),
                Arguments.of("zero vector", doc("{\"type\": \"complement\", \"vectors\": [[0, 0, 0]]}", DENSE,
                        "per-trial"), at + "/vectors/0", "a non-zero vector"),
                Arguments.of("no vectors", doc("{\"type\": \"complement\", \"vectors\": []}", DENSE, "per-trial"),
                        at + "/vectors", "at least one vector"),
                Arguments.of("sparse topology", doc(COMPLEMENT, "{\"type\": \"fixed-probability\", \"p\": 0.5}",
                        "per-trial"), at, "a dense projection"),
                Arguments.of("all-to-all without autapses", doc(COMPLEMENT, "{\"type\": \"all-to-all\"}", "per-trial"),
                        at, "\"autapses\": true"),
                Arguments.of("online pipeline", doc(COMPLEMENT, DENSE, "online"), at, "\"application\": \"per-trial\""),
                Arguments.of("unknown type", doc("{\"type\": \"complment\"}", DENSE, "per-trial"), at + "/type",
                        "did you mean \"complement\""),
                Arguments.of("both criteria", doc("{\"type\": \"activity-subspace\", \"threshold\": 0.9, "
                        + "\"rankPerTask\": 2}", DENSE, "per-trial"), at + "/rankPerTask", "not both"),
                Arguments.of("zero threshold", doc("{\"type\": \"activity-subspace\", \"threshold\": 0}", DENSE,
                        "per-trial"), at + "/threshold", "(0, 1]"),
                Arguments.of("unknown field", doc("{\"type\": \"activity-subspace\", \"rank\": 2}", DENSE,
                        "per-trial"), at + "/rank", "rankPerTask"),
                Arguments.of("hlop without rows", doc("{\"type\": \"hlop\"}", DENSE, "per-trial"),
                        at + "/rowsPerTask", "subspace neurons added per task"),
                Arguments.of("hlop subspace larger than the block", doc("{\"type\": \"hlop\", \"rowsPerTask\": [1, 4]}",
                        DENSE, "per-trial"), at + "/rowsPerTask/1", "at most the block's 3 presynaptic units"),
                Arguments.of("hlop no rows on task 0", doc("{\"type\": \"hlop\", \"rowsPerTask\": 0}", DENSE,
                        "per-trial"), at + "/rowsPerTask", "an integer >= 1"),
                Arguments.of("oracle rank above the presynaptic units", doc("{\"type\": \"oracle\", \"rowsPerTask\": 4}",
                        DENSE, "per-trial"), at + "/rowsPerTask", "at most the block's 3 presynaptic units"),
                Arguments.of("oracle without a schedule", doc("{\"type\": \"oracle\"}", DENSE, "per-trial"),
                        at + "/rowsPerTask", "an integer >= 1"),
                Arguments.of("oracle with hlop's constants", doc("{\"type\": \"oracle\", \"rowsPerTask\": 1, "
                        + "\"learningRate\": 0.1}", DENSE, "per-trial"), at + "/learningRate", ""),
                Arguments.of("trial of 1.5 steps", trials(COMPLEMENT, "\"trial\": \"0.75 ms\""), "/protocol/trial",
                        "a whole number of steps"),
                Arguments.of("trial longer than the run", trials(COMPLEMENT, "\"trial\": \"30 ms\""),
                        "/protocol/trial", "at most the duration"),
                Arguments.of("task boundaries without trials", trials(COMPLEMENT, "\"endTaskAfter\": [2]"),
                        "/protocol/endTaskAfter", "without \"trial\""),
                Arguments.of("task boundaries not increasing", trials(COMPLEMENT, "\"trial\": \"5 ms\", "
                        + "\"endTaskAfter\": [2, 2]"), "/protocol/endTaskAfter/1", "above 2"),
                Arguments.of("hlop momentum 1", doc("{\"type\": \"hlop\", \"rowsPerTask\": 1, \"momentum\": 1}",
                        DENSE, "per-trial"), at + "/momentum", "[0, 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidProjectorsNameTheirPointer(String label, String json, String pointer, String expected) throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> read(json));
        assertTrue(e.errors().stream().anyMatch(v -> v.pointer().equals(pointer)), label + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, json);
        Path out = tmp.resolve("runs");
        assertEquals(2, cli(out, file).code, label);
        assertTrue(!Files.exists(out), label + ": no run directory");
    }

    record Cli(int code, String err) {
    }

    static Cli cli(Path out, Path file, String... extra) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            String[] args = Stream.concat(Stream.of("run", file.toString(), "--out", out.toString(), "--no-progress"),
                    Stream.of(extra)).toArray(String[]::new);
            return new Cli(SpinelCli.execute(args), err.toString());
        } finally {
            System.setErr(old);
        }
    }

    /** {@code auto} runs Java and the manifest says why; {@code --backend opencl} fails naming the projector. */
    @Test
    void openClRefusesTheProjectorByNameAndAutoRunsJavaSayingWhy() throws Exception {
        Path file = tmp.resolve("proj.json");
        Files.writeString(file, doc(COMPLEMENT, DENSE, "per-trial"));
        Path out = tmp.resolve("auto");
        Cli auto = cli(out, file);
        assertEquals(0, auto.code, auto.err);
        Path run;
        try (var runs = Files.list(out.resolve("proj"))) {
            run = runs.findFirst().orElseThrow();
        }
        JsonNode m = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile()).path("manifest");
        assertEquals("java", m.path("backend").asText(), m.toString());
        String reason = m.path("backend_reason").asText();
        var opencl = Backends.all().stream().filter(b -> b.name().equals("opencl")).findFirst();
        boolean available = opencl.isPresent() && opencl.get().availability().available();
        if ("1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"))) {
            assertTrue(available, "SPINEL_REQUIRE_OPENCL=1 but OpenCL is not available");
        }
        String describe = "complement of 1 fixed vector";
        if (available) {
            assertTrue(reason.startsWith("auto: java") && reason.contains("projection \"learned\"")
                    && reason.contains(describe), reason);
            Path named = tmp.resolve("named");
            Cli c = cli(named, file, "--backend", "opencl");
            assertEquals(2, c.code, c.err);
            assertTrue(c.err.contains("projection \"learned\"") && c.err.contains(describe), c.err);
            assertTrue(!Files.exists(named), "no run directory");
        } else {
            assertTrue(reason.startsWith("auto: java ("), reason);
        }
    }
}
