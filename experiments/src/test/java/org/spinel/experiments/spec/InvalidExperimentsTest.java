package org.spinel.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.SpinelCli;

/**
 * A corpus of invalid experiments: each exits with 2 from {@code spinel run}, names the JSON pointer of the problem
 * and what was expected, and creates no run directory.
 */
class InvalidExperimentsTest {
    @TempDir
    Path tmp;

    static final String POPS = "\"populations\": [{\"name\": \"E\", \"size\": 10, \"model\": {\"type\": \"lif-cuba\"}}]";

    static String doc(String extra) {
        return "{\"name\": \"t\", \"duration\": \"10 ms\", " + POPS + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static String proj(String fields) {
        return doc("\"projections\": [{\"name\": \"EE\", \"pre\": \"E\", \"post\": \"E\", \"topology\": {\"type\": "
                + "\"one-to-one\"}, " + fields + "}]");
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"name\": \"t\", ", "malformed JSON"),
                Arguments.of("not an object", "[1, 2]", "a JSON object"),
                Arguments.of("missing name", "{\"duration\": 10, " + POPS + "}", "/name"),
                Arguments.of("missing duration", "{\"name\": \"t\", " + POPS + "}", "/duration"),
                Arguments.of("missing populations", "{\"name\": \"t\", \"duration\": 10}", "/populations"),
                Arguments.of("unknown top-level field", doc("\"durration\": 5"), "/durration"),
                Arguments.of("bad unit", doc("\"dt\": \"0.1 mV\"").replace("\"duration\": \"10 ms\"",
                        "\"duration\": \"10 ms\""), "/dt"),
                Arguments.of("unknown unit", doc("\"dt\": \"0.1 parsec\""), "/dt"),
                Arguments.of("wrong dimension weight", proj("\"weight\": \"2 ms\""), "/projections/0/weight"),
                Arguments.of("type error size", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": \"E\", "
                        + "\"size\": \"ten\", \"model\": {\"type\": \"lif-cuba\"}}]}", "/populations/0/size"),
                Arguments.of("negative size", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": \"E\", "
                        + "\"size\": -5, \"model\": {\"type\": \"lif-cuba\"}}]}", "/populations/0/size"),
                Arguments.of("unknown model", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": \"E\", "
                        + "\"size\": 5, \"model\": {\"type\": \"lif-cubba\"}}]}", "/populations/0/model/type"),
                Arguments.of("negative time constant", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": "
                        + "\"E\", \"size\": 5, \"model\": {\"type\": \"lif-cuba\", \"tauM\": \"-20 ms\"}}]}",
                        "/populations/0/model/tauM"),
                Arguments.of("unknown model parameter", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": "
                        + "\"E\", \"size\": 5, \"model\": {\"type\": \"lif-cuba\", \"tau_m\": 20}}]}",
                        "/populations/0/model/tau_m"),
                Arguments.of("unknown pre", proj("\"weight\": 1").replace("\"pre\": \"E\"", "\"pre\": \"X\""),
                        "/projections/0/pre"),
                Arguments.of("unknown target variable", proj("\"weight\": 1, \"target\": \"gx\""), "/projections/0/target"),
                Arguments.of("probability above one", doc("\"projections\": [{\"name\": \"EE\", \"pre\": \"E\", \"post\": "
                        + "\"E\", \"topology\": {\"type\": \"fixed-probability\", \"p\": 1.5}, \"weight\": 1}]"),
                        "/projections/0/topology/p"),
                Arguments.of("delay below one step", proj("\"weight\": 1, \"delay\": \"0.01 ms\""), "/projections/0/delay"),
                Arguments.of("missing weight", proj("\"delay\": \"1 ms\""), "/projections/0/weight"),
                Arguments.of("NaN-like string", proj("\"weight\": \"NaN mV\""), "/projections/0/weight"),
                Arguments.of("duplicate names", "{\"name\": \"t\", \"duration\": 10, \"populations\": [{\"name\": \"E\", "
                        + "\"size\": 5, \"model\": {\"type\": \"lif-cuba\"}}, {\"name\": \"E\", \"size\": 5, \"model\": "
                        + "{\"type\": \"lif-cuba\"}}]}", "/populations/1/name"),
                Arguments.of("unknown monitor population", doc("\"monitors\": {\"spikes\": [\"F\"]}"), "/monitors/spikes/0"),
                Arguments.of("unknown monitored variable", doc("\"monitors\": {\"state\": [{\"population\": \"E\", "
                        + "\"variable\": \"w\"}]}"), "/monitors/state/0/variable"),
                Arguments.of("neuron index out of range", doc("\"monitors\": {\"state\": [{\"population\": \"E\", "
                        + "\"variable\": \"v\", \"neurons\": [10]}]}"), "/monitors/state/0/neurons/0"),
                Arguments.of("bad backend", doc("\"backend\": \"cuda\""), "/backend"),
                Arguments.of("zero threads", doc("\"threads\": 0"), "/threads"),
                Arguments.of("bad sweep path value", doc("\"sweep\": {\"grid\": [{\"path\": \"/dt\", \"values\": "
                        + "[\"1 mV\"]}]}"), "/sweep/grid/0/values/0"),
                Arguments.of("duplicate key", "{\"name\": \"t\", \"name\": \"u\", \"duration\": 10, " + POPS + "}",
                        "malformed JSON"),
                Arguments.of("unknown lattice", doc("").replace("\"size\": 10,", "\"lattice\": {\"name\": \"L\", "
                        + "\"type\": \"E\"},"), "/populations/0/lattice/name"),
                Arguments.of("astrocyte fed by an unknown population", proj("\"weight\": 1, \"plasticity\": {\"rule\": "
                        + "{\"type\": \"stdp\"}, \"modulators\": [{\"type\": \"astrocyte\", \"feeds\": {\"E\": 1, "
                        + "\"inptu\": -1}}]}"), "/projections/0/plasticity/modulators/0/feeds/inptu"),
                Arguments.of("astrocyte without feeds", proj("\"weight\": 1, \"plasticity\": {\"rule\": "
                        + "{\"type\": \"stdp\"}, \"modulators\": [{\"type\": \"astrocyte\"}]}"),
                        "/projections/0/plasticity/modulators/0/feeds"),
                Arguments.of("astrocyte density above one", proj("\"weight\": 1, \"plasticity\": {\"rule\": "
                        + "{\"type\": \"stdp\"}, \"modulators\": [{\"type\": \"astrocyte\", \"feeds\": {\"E\": 1}, "
                        + "\"density\": 1.5}]}"), "/projections/0/plasticity/modulators/0/density"),
                Arguments.of("unknown modulator", proj("\"weight\": 1, \"plasticity\": {\"rule\": "
                        + "{\"type\": \"stdp\"}, \"modulators\": [{\"type\": \"astrocite\"}]}"),
                        "/projections/0/plasticity/modulators/0/type"),
                Arguments.of("bad presynaptic type", proj("\"weight\": 1, \"plasticity\": {\"rule\": "
                        + "{\"type\": \"stdp\", \"presynaptic\": \"inhibtory\"}}"),
                        "/projections/0/plasticity/rule/presynaptic"),
                Arguments.of("ignored simultaneous spikes with nearest pairing", proj("\"weight\": 1, \"plasticity\": "
                        + "{\"rule\": {\"type\": \"stdp\", \"pairing\": \"nearest\", \"simultaneous\": \"ignored\"}}"),
                        "/projections/0/plasticity/rule"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void invalidExperimentsExitTwoWithPointerAndWriteNothing(String label, String json, String expectedInMessage)
            throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, json);
        Path out = tmp.resolve("runs");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = SpinelCli.execute("run", file.toString(), "--out", out.toString(), "--no-progress");
        } finally {
            System.setErr(old);
        }
        String msg = err.toString();
        assertEquals(2, code, label + ": " + msg);
        assertTrue(msg.contains(expectedInMessage), label + ": expected " + expectedInMessage + " in: " + msg);
        assertTrue(msg.contains("expected"), label + ": the message says what was expected: " + msg);
        assertTrue(!Files.exists(out), label + ": no run directory");
    }

    @Test
    void allProblemsAreReportedAtOnceWithSuggestions() {
        String json = "{\"name\": \"t\", \"duratoin\": 10, \"populations\": [{\"name\": \"E\", \"size\": 0, "
                + "\"model\": {\"type\": \"lif-cuba\", \"tauM\": \"5 mV\"}}]}";
        ExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(ExperimentException.class,
                () -> ExperimentReader.read(ExperimentReader.parseJson(json, "test"), java.util.Map.of()));
        var pointers = e.errors().stream().map(ValidationError::pointer).toList();
        assertTrue(pointers.containsAll(java.util.List.of("/duration", "/duratoin", "/populations/0/size",
                "/populations/0/model/tauM")), pointers.toString());
        assertTrue(e.getMessage().contains("\"duration\" (did you mean it?)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"mV\" is a unit of voltage, not time"), e.getMessage());
    }
}
