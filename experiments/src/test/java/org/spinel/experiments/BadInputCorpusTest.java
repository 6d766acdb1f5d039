package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A corpus of bad input: every example file mutated (wrong units and dimensions, trailing content, invalid UTF-8,
 * times that are not whole steps, huge sizes and durations, unknown names and fields) and bad {@code --set}
 * overrides. Each case runs the CLI in-process with {@code validate} and with {@code run --out}: both must exit 2,
 * name the JSON pointer of the mistake, print no stack trace and write nothing; cases marked single must report
 * exactly one problem (no follow-on complaints about valid fields). Good overrides ("5 s", "2 uV", a number, a JSON
 * literal) are checked in the written manifest.
 */
class BadInputCorpusTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    @TempDir
    Path tmp;

    /** One mutation: a name, the text of the mutated file (null: use {@code bytes}), the pointer it must name. */
    record Case(String file, String mutation, byte[] bytes, String pointer, boolean single, List<String> sets) {
        @Override
        public String toString() {
            return file + ": " + mutation;
        }
    }

    private static JsonNode read(Path f) {
        try {
            return ExperimentReader.MAPPER.readTree(Files.readString(f));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] text(JsonNode doc) {
        try {
            return ExperimentReader.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code doc} with {@code pointer} set to {@code value} (the parent must exist). */
    private static JsonNode with(JsonNode doc, String pointer, JsonNode value) {
        JsonNode copy = doc.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy;
    }

    private static boolean has(JsonNode doc, String pointer) {
        return !doc.at(pointer).isMissingNode();
    }

    static Stream<Case> corpus() throws Exception {
        List<Case> cases = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 18, files.toString());
        for (Path f : files) {
            String name = f.getFileName().toString();
            JsonNode doc = read(f);
            byte[] original = Files.readAllBytes(f);
            boolean train = List.of("train", "continual").contains(doc.path("protocol").path("type").asText());
            double dt = train ? 1 : Quantity.ms(doc.path("dt"), 0.1);
            Function<String, byte[]> appended = tail -> {
                byte[] t = tail.getBytes(StandardCharsets.UTF_8);
                byte[] out = java.util.Arrays.copyOf(original, original.length + t.length);
                System.arraycopy(t, 0, out, original.length, t.length);
                return out;
            };
            // Trailing content and encodings: the whole document ("/").
            cases.add(new Case(name, "a second object after the document", appended.apply("\n{}\n"), "/", true, List.of()));
            cases.add(new Case(name, "a word after the document", appended.apply(" trailing"), "/", true, List.of()));
            cases.add(new Case(name, "a second value after the document", appended.apply("1"), "/", true, List.of()));
            byte[] latin1 = original.clone();
            int at = new String(original, StandardCharsets.ISO_8859_1).indexOf("\"name\"");
            latin1[at + 1] = (byte) 0xE9; // a Latin-1 é inside a key: not UTF-8
            cases.add(new Case(name, "a byte that is not UTF-8", latin1, "/", true, List.of()));
            // Top-level fields.
            cases.add(new Case(name, "dt in mV", text(with(doc, "/dt", F.textNode("0.1 mV"))), "/dt", true, List.of()));
            cases.add(new Case(name, "dt in kg", text(with(doc, "/dt", F.textNode("1 kg"))), "/dt", true, List.of()));
            cases.add(new Case(name, "duration in Hz", text(with(doc, "/duration", F.textNode("5 Hz"))), "/duration",
                    true, List.of()));
            cases.add(new Case(name, "duration 1e308", text(with(doc, "/duration", F.numberNode(1e308))), "/duration",
                    true, List.of()));
            cases.add(new Case(name, "duration of 2^31 + 10 steps", text(with(doc, "/duration",
                    F.textNode((2147483648.0 + 10) * dt + " ms"))), "/duration", true, List.of()));
            cases.add(new Case(name, "duration of 100.5 steps", text(with(doc, "/duration",
                    F.textNode(100.5 * dt + " ms"))), "/duration", true, List.of()));
            cases.add(new Case(name, "negative duration", text(with(doc, "/duration", F.textNode("-1 s"))), "/duration",
                    true, List.of()));
            cases.add(new Case(name, "unknown field", text(with(doc, "/durationn", F.numberNode(5))), "/durationn",
                    true, List.of()));
            cases.add(new Case(name, "unknown backend", text(with(doc, "/backend", F.textNode("cuda"))), "/backend",
                    true, List.of()));
            cases.add(new Case(name, "threads 0", text(with(doc, "/threads", F.numberNode(0))), "/threads", true,
                    List.of()));
            cases.add(new Case(name, "fractional seed", text(with(doc, "/seed", F.numberNode(1.5))), "/seed", true,
                    List.of()));
            cases.add(new Case(name, "seed beyond 64 bits", text(with(doc, "/seed",
                    F.numberNode(java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(5))))), "/seed", true,
                    List.of()));
            cases.add(new Case(name, "name with a space", text(with(doc, "/name", F.textNode("a b"))), "/name", true,
                    List.of()));
            if (has(doc, "/protocol/type")) {
                cases.add(new Case(name, "unknown protocol", text(with(doc, "/protocol/type", F.textNode("simulat"))),
                        "/protocol/type", false, List.of()));
            }
            // Populations, models, lattices.
            if (has(doc, "/populations/0/size")) {
                cases.add(new Case(name, "fractional size", text(with(doc, "/populations/0/size", F.numberNode(10.5))),
                        "/populations/0/size", true, List.of()));
                cases.add(new Case(name, "size with a unit", text(with(doc, "/populations/0/size",
                        F.textNode("10 xyz"))), "/populations/0/size", true, List.of()));
                cases.add(new Case(name, "size 2^31 - 1", text(with(doc, "/populations/0/size",
                        F.numberNode(Integer.MAX_VALUE))), "/populations/0/size", true, List.of()));
                cases.add(new Case(name, "size 2^64 + 1 (wraps to 1 as a long)", text(with(doc, "/populations/0/size",
                        F.numberNode(java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.ONE)))),
                        "/populations/0/size", true, List.of()));
            }
            if (has(doc, "/populations/0/model/type")) {
                cases.add(new Case(name, "unknown model", text(with(doc, "/populations/0/model/type",
                        F.textNode("lif-cubaa"))), "/populations/0/model/type", false, List.of()));
                cases.add(new Case(name, "unknown model parameter", text(with(doc, "/populations/0/model/tauMm",
                        F.numberNode(1))), "/populations/0/model/tauMm", true, List.of()));
            }
            if (has(doc, "/populations/0/lattice/name")) {
                cases.add(new Case(name, "unknown lattice", text(with(doc, "/populations/0/lattice/name",
                        F.textNode("nope"))), "/populations/0/lattice/name", true, List.of()));
            }
            if (has(doc, "/lattices/0/shape")) {
                cases.add(new Case(name, "lattice of 8e9 sites", text(with(doc, "/lattices/0/shape",
                        F.arrayNode().add(2000).add(2000).add(2000))), "/lattices/0/shape", true, List.of()));
                cases.add(new Case(name, "lattice of 1e9 sites", text(with(doc, "/lattices/0/shape",
                        F.arrayNode().add(1000).add(1000).add(1000))), "/lattices/0/shape", true, List.of()));
                cases.add(new Case(name, "two-dimensional lattice", text(with(doc, "/lattices/0/shape",
                        F.arrayNode().add(4).add(4))), "/lattices/0/shape", false, List.of()));
            }
            if (has(doc, "/populations/0/model/tRef")) {
                cases.add(new Case(name, "refractory period of 2.5 steps", text(with(doc, "/populations/0/model/tRef",
                        F.textNode(2.5 * dt + " ms"))), "/populations/0/model/tRef", true, List.of()));
            }
            // Per-node initial states (one value per neuron).
            if (has(doc, "/populations/0/init/x/0")) {
                cases.add(new Case(name, "per-node x one value short", text(with(doc, "/populations/0/init/x",
                        F.arrayNode().add(0.5).add(0.2).add(0.8))), "/populations/0/init/x", true, List.of()));
                cases.add(new Case(name, "per-node state of an unknown variable", text(with(doc, "/populations/0/init/z",
                        F.arrayNode().add(0.5).add(0.2).add(0.8).add(0.35))), "/populations/0/init/z", true, List.of()));
                cases.add(new Case(name, "per-node y with a non-finite value", text(with(doc, "/populations/0/init/y/1",
                        F.numberNode(new java.math.BigDecimal("1e999")))), "/populations/0/init/y/1", true, List.of()));
                cases.add(new Case(name, "per-node y with a non-finite value in a string", text(with(doc,
                        "/populations/0/init/y/3", F.textNode("1e999"))), "/populations/0/init/y/3", true, List.of()));
                cases.add(new Case(name, "per-node x with a word", text(with(doc, "/populations/0/init/x/0",
                        F.textNode("half"))), "/populations/0/init/x/0", true, List.of()));
                cases.add(new Case(name, "per-node x empty", text(with(doc, "/populations/0/init/x", F.arrayNode())),
                        "/populations/0/init/x", true, List.of()));
            }
            if (has(doc, "/populations/0/init/v")) {
                cases.add(new Case(name, "per-node v of 3 values", text(with(doc, "/populations/0/init/v",
                        F.arrayNode().add(-60).add(-55).add(-50))), "/populations/0/init/v", true, List.of()));
            }
            // Projections.
            if (has(doc, "/projections/0/weight")) {
                cases.add(new Case(name, "weight in kg", text(with(doc, "/projections/0/weight", F.textNode("2 kg"))),
                        "/projections/0/weight", true, List.of()));
                cases.add(new Case(name, "weight in ms", text(with(doc, "/projections/0/weight", F.textNode("2 ms"))),
                        "/projections/0/weight", true, List.of()));
                cases.add(new Case(name, "delay of 1.5 steps", text(with(doc, "/projections/0/delay",
                        F.textNode(1.5 * dt + " ms"))), "/projections/0/delay", true, List.of()));
                cases.add(new Case(name, "delay in mV", text(with(doc, "/projections/0/delay", F.textNode("1 mV"))),
                        "/projections/0/delay", true, List.of()));
                cases.add(new Case(name, "delay of 2^15 steps", text(with(doc, "/projections/0/delay",
                        F.textNode(32768 * dt + " ms"))), "/projections/0/delay", true, List.of()));
                cases.add(new Case(name, "in-degree 1e9", text(with(doc, "/projections/0/topology",
                        F.objectNode().put("type", "fixed-in-degree").put("k", 1_000_000_000))),
                        "/projections/0/topology/k", true, List.of()));
                cases.add(new Case(name, "unknown pre", text(with(doc, "/projections/0/pre", F.textNode("nobody"))),
                        "/projections/0/pre", true, List.of()));
                cases.add(new Case(name, "unknown topology", text(with(doc, "/projections/0/topology/type",
                        F.textNode("nope"))), "/projections/0/topology/type", true, List.of()));
            }
            if (has(doc, "/monitors/rates/0")) {
                cases.add(new Case(name, "rate bin of 2.5 steps", text(with(doc, "/monitors/rates/0/bin",
                        F.textNode(2.5 * dt + " ms"))), "/monitors/rates/0/bin", true, List.of()));
            }
            if (has(doc, "/monitors/state/0") && !has(doc, "/protocol/type")) {
                cases.add(new Case(name, "state monitor over 2^31 - 1 steps", text(with(doc, "/duration",
                        F.textNode(2147483647.0 * dt + " ms"))), "/monitors/state/0", true, List.of()));
            }
            if (has(doc, "/monitors/state/0")) {
                cases.add(new Case(name, "fractional stride", text(with(doc, "/monitors/state/0/stride",
                        F.numberNode(2.5))), "/monitors/state/0/stride", true, List.of()));
            }
            // Sources and couplings.
            if (has(doc, "/sources/0/size")) {
                cases.add(new Case(name, "source of 1e10 units", text(with(doc, "/sources/0/size", F.numberNode(1e10))),
                        "/sources/0/size", false, List.of()));
            }
            if (has(doc, "/sources/0/rate")) {
                cases.add(new Case(name, "rate in mV", text(with(doc, "/sources/0/rate", F.textNode("5 mV"))),
                        "/sources/0/rate", true, List.of()));
            }
            if (has(doc, "/couplings/0/graph/mu")) {
                cases.add(new Case(name, "coupling with a unit", text(with(doc, "/couplings/0/graph/mu",
                        F.textNode("0.01 mV"))), "/couplings/0/graph/mu", true, List.of()));
                cases.add(new Case(name, "unknown coupling graph", text(with(doc, "/couplings/0/graph/type",
                        F.textNode("ring-starr"))), "/couplings/0/graph/type", false, List.of()));
            }
            // Protocols.
            String type = doc.path("protocol").path("type").asText("simulate");
            boolean epCredit = type.equals("continual")
                    && "equilibrium-propagation".equals(doc.path("protocol").path("credit").asText());
            if (type.equals("map-scan")) {
                cases.add(new Case(name, "fractional iterations", text(with(doc, "/protocol/iterations",
                        F.numberNode(1000.5))), "/protocol/iterations", false, List.of()));
                cases.add(new Case(name, "unknown measure", text(with(doc, "/protocol/measures/0",
                        F.textNode("lyapunof"))), "/protocol/measures/0", true, List.of()));
                if (has(doc, "/protocol/parameters/0/points")) {
                    cases.add(new Case(name, "fractional scan points", text(with(doc, "/protocol/parameters/0/points",
                            F.numberNode(10.5))), "/protocol/parameters/0/points", true, List.of()));
                }
            } else if (type.equals("lsm-classification")) {
                cases.add(new Case(name, "readout batch larger than the training set", text(with(doc,
                        "/protocol/readout/batchSize", F.numberNode(60000))), "/protocol/readout/batchSize", true,
                        List.of()));
                cases.add(new Case(name, "presentation of 20.5 steps", text(with(doc, "/protocol/initialization"
                        + "/presentation", F.textNode(20.5 * dt + " ms"))), "/protocol/initialization/presentation",
                        true, List.of()));
                cases.add(new Case(name, "unknown dataset", text(with(doc, "/protocol/dataset/name",
                        F.textNode("mnistt"))), "/protocol/dataset/name", true, List.of()));
                cases.add(new Case(name, "unknown input source", text(with(doc, "/protocol/input",
                        F.textNode("pixel"))), "/protocol/input", true, List.of()));
            } else if (type.equals("ep-train") || epCredit) {
                if (epCredit) {
                    cases.add(new Case(name, "unknown method", text(with(doc, "/protocol/method",
                            F.textNode("oracel"))), "/protocol/method", true, List.of()));
                    cases.add(new Case(name, "oracle rank above the presynaptic units", text(with(doc,
                            "/protocol/blocks/forward1/projector", F.objectNode().put("type", "oracle")
                                    .set("rowsPerTask", F.arrayNode().add(785)))),
                            "/protocol/blocks/forward1/projector/rowsPerTask/0", true, List.of()));
                }
                cases.add(new Case(name, "|beta| 0", text(with(doc, "/protocol/estimator/beta", F.numberNode(0))),
                        "/protocol/estimator/beta", true, List.of()));
                if ("holomorphic".equals(doc.at("/protocol/estimator/kind").asText())) {
                    cases.add(new Case(name, "N 0", text(with(doc, "/protocol/estimator/N", F.numberNode(0))),
                            "/protocol/estimator/N", true, List.of()));
                }
                cases.add(new Case(name, "T1 0", text(with(doc, "/protocol/phases/T1", F.numberNode(0))),
                        "/protocol/phases/T1", true, List.of()));
                cases.add(new Case(name, "T2 0", text(with(doc, "/protocol/phases/T2", F.numberNode(0))),
                        "/protocol/phases/T2", true, List.of()));
                cases.add(new Case(name, "unknown activation", text(with(doc, "/protocol/network/activation",
                        F.textNode("relu"))), "/protocol/network/activation", true, List.of()));
                cases.add(new Case(name, "layer of 0 units", text(with(doc, "/protocol/network/sizes/1",
                        F.numberNode(0))), "/protocol/network/sizes/1", true, List.of()));
                cases.add(new Case(name, "unknown block", text(with(doc, "/protocol/blocks", F.objectNode()
                        .set("forwrd1", F.objectNode().put("learn", false)))), "/protocol/blocks/forwrd1", true,
                        List.of()));
            } else if (type.equals("ep-gradient-check")) {
                cases.add(new Case(name, "|beta| 0 in the list", text(with(doc, "/protocol/betas/0",
                        F.numberNode(0))), "/protocol/betas/0", true, List.of()));
                cases.add(new Case(name, "N 0", text(with(doc, "/protocol/estimators/2/N", F.numberNode(0))),
                        "/protocol/estimators/2/N", true, List.of()));
                cases.add(new Case(name, "T2 0", text(with(doc, "/protocol/phases/T2", F.numberNode(0))),
                        "/protocol/phases/T2", true, List.of()));
            } else if (type.equals("train") || type.equals("continual")) { // continual: surrogate-gradient credit
                cases.add(new Case(name, "fractional steps", text(with(doc, "/protocol/steps", F.numberNode(100.5))),
                        "/protocol/steps", false, List.of()));
                cases.add(new Case(name, "protocol dt in mV", text(with(doc, "/protocol/dt", F.textNode("1 mV"))),
                        "/protocol/dt", false, List.of()));
                cases.add(new Case(name, "batch size 0", text(with(doc, "/protocol/batchSize", F.numberNode(0))),
                        "/protocol/batchSize", false, List.of()));
                cases.add(new Case(name, "unknown encoder", text(with(doc, "/protocol/encoder/type",
                        F.textNode("latencyy"))), "/protocol/encoder/type", false, List.of()));
                if (type.equals("continual")) {
                    cases.add(new Case(name, "unknown method", text(with(doc, "/protocol/method",
                            F.textNode("oracel"))), "/protocol/method", true, List.of()));
                    int pre = doc.path("protocol").path("network").path("layers").get(0).path("size").asInt();
                    cases.add(new Case(name, "oracle rank above the presynaptic units", text(with(doc,
                            "/protocol/network/layers/1/projector", F.objectNode().put("type", "oracle")
                                    .set("rowsPerTask", F.arrayNode().add(pre + 1)))),
                            "/protocol/network/layers/1/projector/rowsPerTask/0", true, List.of()));
                }
            }
        }
        // Bad --set overrides: the same parser and checks as the document's values, named as given.
        String[][] sets = {
            {"cuba.json", "/duration=5 kg", "/duration"},
            {"cuba.json", "/duration=10 xyz", "/duration"},
            {"cuba.json", "/duration=5 mV", "/duration"},
            {"cuba.json", "/duration=10.05 ms", "/duration"},
            {"cuba.json", "/duration=1e308", "/duration"},
            {"cuba.json", "/duration=1e999", "/duration"},
            {"cuba.json", "/duration=-1", "/duration"},
            {"cuba.json", "/duration=five seconds", "/duration"},
            {"cuba.json", "/duration=[1]", "/duration"},
            {"cuba.json", "/duration={}", "/duration"},
            {"cuba.json", "/duration=true", "/duration"},
            {"cuba.json", "/duration=5 s s", "/duration"},
            {"cuba.json", "/populations/0/size=10 xyz", "/populations/0/size"},
            {"cuba.json", "/populations/0/size=10.5", "/populations/0/size"},
            {"cuba.json", "/populations/0/size=0", "/populations/0/size"},
            {"cuba.json", "/populations/0/size=\"10\"", "/populations/0/size"},
            {"cuba.json", "/populations/0/size=2147483647", "/populations/0/size"},
            {"cuba.json", "/projections/0/weight=2 kg", "/projections/0/weight"},
            {"cuba.json", "/projections/0/weight=2 ms", "/projections/0/weight"},
            {"cuba.json", "/projections/0/weight=2 uV uV", "/projections/0/weight"},
            {"cuba.json", "/projections/0/delay=0.15 ms", "/projections/0/delay"},
            {"cuba.json", "/dt=0.1 mV", "/dt"},
            {"cuba.json", "/dt=0.3 ms", "/duration", "multi"}, // 0.1 ms delays are not whole steps either
            {"cuba.json", "/backend=cuda", "/backend"},
            {"cuba.json", "/threads=1.5", "/threads"},
            {"cuba.json", "/seed=one", "/seed"},
            {"cuba.json", "/populations/7/size=1", "/populations/7/size"},
            {"cuba.json", "/nothing/here=1", "/nothing/here"},
            {"ring-star-chialvo.json", "/couplings/0/graph/mu=0.01 mV", "/couplings/0/graph/mu"},
            {"ring-star-chialvo.json", "/duration=100.5", "/duration"},
            {"liquid-lif.json", "/populations/0/lattice/name=nope", "/populations/0/lattice/name"},
            {"liquid-lif.json", "/sources/0/rate=20 mV", "/sources/0/rate"},
            {"chialvo-n4-k0-scan.json", "/protocol/parameters/0/points=10.5", "/protocol/parameters/0/points"},
        };
        for (String[] s : sets) {
            cases.add(new Case(s[0], "--set " + s[1], null, s[2], s.length < 4, List.of(s[1])));
        }
        return cases.stream();
    }

    /** Milliseconds of a top-level time (for building mutations), in the document's own syntax. */
    private static final class Quantity {
        static double ms(JsonNode v, double def) {
            if (v.isMissingNode()) {
                return def;
            }
            if (v.isNumber()) {
                return v.asDouble();
            }
            String[] p = v.asText().trim().split("\\s+");
            return Double.parseDouble(p[0]) * (p.length > 1 && p[1].equals("s") ? 1000 : 1);
        }
    }

    private record Outcome(int code, String output) {
    }

    private static Outcome cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int code;
        try {
            code = SpinelCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(code, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCorpusIsLarge() throws Exception {
        List<Case> all = corpus().toList();
        assertTrue(all.size() >= 100, "cases: " + all.size());
        assertTrue(all.stream().filter(c -> !c.sets().isEmpty()).count() >= 20);
        assertEquals(ExampleRuns.names().size(), all.stream().filter(c -> c.sets().isEmpty()).map(Case::file)
                .distinct().count(),
                "every example file is mutated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputExitsTwoNamesThePointerAndWritesNothing(Case c) throws Exception {
        Path file;
        if (c.bytes() != null) {
            file = tmp.resolve(c.file());
            Files.write(file, c.bytes());
        } else {
            file = EXAMPLES.resolve(c.file());
        }
        List<String> extra = new ArrayList<>();
        for (String s : c.sets()) {
            extra.add("--set");
            extra.add(s);
        }
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        List<String> validate = new ArrayList<>(List.of("validate", file.toString()));
        validate.addAll(extra);
        List<String> run = new ArrayList<>(List.of("run", file.toString(), "--out", out.toString(), "--no-progress"));
        run.addAll(extra);
        for (List<String> args : List.of(validate, run)) {
            Outcome o = cli(args.toArray(String[]::new));
            String msg = args.get(0) + " " + c + " printed:\n" + o.output();
            assertEquals(2, o.code(), msg);
            assertTrue(o.output().contains(c.pointer() + ": found"), "names " + c.pointer() + "; " + msg);
            assertFalse(o.output().contains("\tat ") || o.output().contains("Exception")
                    || o.output().contains("SPINEL_TRACE"), "no stack trace; " + msg);
            if (c.single()) {
                assertTrue(o.output().contains("1 problem in"), "exactly one problem; " + msg);
            }
            if (!c.sets().isEmpty() && c.sets().get(0).startsWith(c.pointer() + "=")
                    && !o.output().contains("the path \"")) {
                assertTrue(o.output().contains("(from the command line: " + c.sets().get(0) + ")"),
                        "says the value came from --set; " + msg);
            }
            for (String phrase : phrases(c)) {
                assertTrue(o.output().contains(phrase), "says \"" + phrase + "\"; " + msg);
            }
            try (var s = Files.walk(out)) {
                assertEquals(List.of(out), s.toList(), "nothing written; " + msg);
            }
        }
    }

    /** What the message must say besides the pointer, by kind of mistake. */
    private static List<String> phrases(Case c) {
        String m = c.mutation();
        JsonNode protocol = read(EXAMPLES.resolve(c.file())).path("protocol");
        String type = protocol.path("type").asText();
        // equilibrium propagation (ep-train, ep-gradient-check, continual with EP credit) counts relaxation steps only
        boolean ep = type.startsWith("ep-") || "equilibrium-propagation".equals(protocol.path("credit").asText());
        if (c.pointer().equals("/duration") && c.sets().isEmpty() && (m.contains("steps") || m.contains("1e308"))
                && List.of("train", "continual").contains(type) && !ep) {
            return List.of("steps × dt of the protocol"); // the train protocol's duration is steps × dt, nothing else
        }
        if (c.pointer().equals("/duration") && c.sets().isEmpty() && (m.contains("steps") || m.contains("1e308"))
                && ep) {
            return List.of("has no time base");
        }
        if (ep) {
            if (m.equals("unknown activation")) {
                return List.of("[sigmoid, hard-sigmoid, tanh]");
            }
            if (m.startsWith("|beta| 0")) {
                return List.of("|beta| > 0");
            }
            if (m.equals("N 0")) {
                return List.of("N >= 1");
            }
            if (m.matches("T[12] 0")) {
                return List.of(m.substring(0, 2) + " >= 1");
            }
        }
        if (m.contains("after the document")) {
            return List.of("content after the end of the JSON document", "at line");
        }
        if (m.contains("UTF-8")) {
            return List.of("not valid UTF-8", "0xE9 at byte offset");
        }
        if (m.matches(".*of \\d+\\.5 steps") || m.contains("10.05 ms") || m.contains("0.15 ms")) {
            return List.of("whole number of steps of dt", "the nearest are");
        }
        if (m.contains("2^31 + 10 steps") || m.contains("1e308")) {
            return List.of("at most 2147483647 steps");
        }
        if (m.contains(" in kg") || m.contains("2 kg") || m.contains("5 kg")) {
            return List.of("unknown unit \"kg\"");
        }
        return List.of();
    }

    private JsonNode manifestOf(Path out) throws Exception {
        try (var s = Files.walk(out)) {
            List<Path> ms = s.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
            assertEquals(1, ms.size(), ms.toString());
            return ExperimentReader.MAPPER.readTree(ms.get(0).toFile());
        }
    }

    /** Decimal times on the grid are whole steps despite binary rounding (0.3 / 0.1 = 2.9999999999999996). */
    @Test
    void decimalTimesOnTheGridAreWholeSteps() {
        Outcome o = cli("validate", EXAMPLES.resolve("cuba.json").toString(), "--set", "/projections/0/delay=0.3 ms",
                "--set", "/duration=0.7 ms", "--set", "/monitors/rates/0/bin=0.3 ms");
        assertEquals(0, o.code(), o.output());
        assertTrue(o.output().contains("0.7 ms"), o.output());
    }

    /** The bench options: the option, the value and what was expected; nothing runs. */
    @Test
    void benchRefusesBadOptionsByName() {
        String[][] bad = {
            {"--neurons", "0", "--neurons = 0: expected at least 80"},
            {"--neurons", "-5", "--neurons = -5: expected at least 80"},
            {"--duration", "10.05ms", "the nearest are 10 ms (100 steps) and 10.1 ms (101 steps)"},
            {"--duration", "1e300ms", "at most 2147483647 steps"},
            {"--duration", "0", "at least one step"},
            {"--duration", "5 kg", "--duration = \"5 kg\": expected a non-negative duration"},
            {"--warmup", "0.05 ms", "--warmup = \"0.05 ms\": expected a duration that is a whole number of steps"},
        };
        for (String[] b : bad) {
            Outcome o = cli("bench", "cuba", b[0], b[1]);
            assertEquals(2, o.code(), String.join(" ", b) + ": " + o.output());
            assertTrue(o.output().contains(b[2]), String.join(" ", b) + ": " + o.output());
            assertFalse(o.output().contains("Exception") || o.output().contains("Infinity"), o.output());
        }
    }

    /** A JSON object literal as a --set value: CSV only, no plots (fast). */
    private static final String QUIET_OUTPUTS = "/outputs={\"plots\": false, \"formats\": [\"csv\"]}";

    /** Good overrides: a quantity with a unit (unquoted and quoted), a bare number, JSON literals. */
    @Test
    void goodOverridesReachTheManifestResolved() throws Exception {
        Path out = tmp.resolve("a");
        assertEquals(0, cli("run", EXAMPLES.resolve("ring-star-chialvo.json").toString(), "--out", out.toString(),
                "--no-progress", "--set", "/duration=5 s", "--set", QUIET_OUTPUTS).code());
        JsonNode m = manifestOf(out);
        assertEquals(5000.0, m.path("experiment").path("duration").asDouble(), "5 s is 5000 ms, not 5");
        assertEquals(5000, m.path("metrics").path("steps").asLong());
        assertFalse(m.path("experiment").path("outputs").path("plots").asBoolean(true), "a JSON literal");

        Path out2 = tmp.resolve("b");
        assertEquals(0, cli("run", EXAMPLES.resolve("cuba.json").toString(), "--out", out2.toString(), "--no-progress",
                "--set", "/projections/0/weight=2 uV", "--set", "/duration=\"2 ms\"", "--set", "/populations/0/size=80",
                "--set", "/populations/1/size=20", "--set", "/projections/1/weight=3", "--set", QUIET_OUTPUTS).code());
        JsonNode e = manifestOf(out2).path("experiment");
        assertEquals(0.002, e.path("projections").path(0).path("weight").asDouble(), 1e-15, "2 uV is 0.002 mV");
        assertEquals(3.0, e.path("projections").path(1).path("weight").asDouble(), "a bare number in mV");
        assertEquals(2.0, e.path("duration").asDouble(), "a quoted JSON string");
        assertEquals(80, e.path("populations").path(0).path("size").asInt());
    }
}
